// The resolver's prediction for a case's later step: the workflow read by the
// action's own reader, the job scanned as the action scans it, this action's
// planned exports, then `laterStepWorlds()` builds the world of the later
// `claude` and `resolve()` answers for it. The same code path as the action,
// minus the I/O of main.ts (the keyless methods' exchange, helper run and
// file read are stood in for by what the mock and the case give).

import path from 'node:path'
import { decide } from '../../src/decide/decide.js'
import type { Reading } from '../../src/decide/explain.js'
import type { Export } from '../../src/decide/intended.js'
import { UNKNOWN_VALUE, laterStepWorlds } from '../../src/decide/later-steps.js'
import { inputVariable, parseInputs, type Env, type Inputs } from '../../src/inputs/inputs.js'
import type { CliWorld, CredentialSource, OnConflict, WireResult } from '../../src/resolve/model.js'
import { resolve } from '../../src/resolve/resolve.js'
import { laterStepsSettings } from '../../src/scan/later-settings.js'
import { defaultLocations, flagSettingsFile, scan, type Scan, type ScanLocations } from '../../src/scan/scan.js'
import { readWorkflow } from '../../src/scan/workflow/workflow.js'
import type { ConformanceCase } from '../case-model.js'
import { DENIED_RULE, exchangedToken } from '../mock-keyless.js'
import { predictedWire, type Wire } from '../wire.js'
import { WORKFLOW_PATH } from './workflow.js'

export interface Prediction {
  /** The step whose `claude` the world is for. */
  step: string
  world: CliWorld
  resolved: WireResult
  /** This action's planned GITHUB_ENV exports the world was built with. */
  exports: Export[]
}

/** The environment this action's step runs with: the job's, plus its inputs. */
export function actionEnv(jobEnv: Record<string, string>, inputs: Record<string, string>, mode: OnConflict): Env {
  const env: Env = { ...jobEnv, RUNNER_OS: 'Linux' }
  for (const [name, value] of Object.entries({ ...inputs, 'on-conflict': mode })) env[inputVariable(name)] = value
  return env
}

/**
 * What main.ts's keyless preparation leaves for the decision, without its
 * I/O: federation has the token the mock's first exchange returns (nothing
 * when the mock refuses the rule), an apiKeyHelper's `settings-file` joins
 * the settings files. Returns false when nothing would be exported.
 */
function prepareKeyless(inputs: Inputs, found: Scan, locations: ScanLocations, workspace: string): boolean {
  if (inputs.method === 'federation') {
    inputs.credential = { kind: 'oauth-token', value: exchangedToken(1) }
    return inputs.federation?.ruleId !== DENIED_RULE
  }
  if (inputs.method === 'api-key-helper' && inputs.helper?.settingsFile) {
    const flag = flagSettingsFile(path.resolve(workspace, inputs.helper.settingsFile), locations)
    if (flag.file) found.settings.push(flag.file)
  }
  return true
}

/** One prediction for each `claude` the later steps run. */
export function predictLaterSteps(workflowText: string, env: Env, workspace: string, reading: Reading): Prediction[] {
  const read = readWorkflow(workflowText, WORKFLOW_PATH, {
    job: env.GITHUB_JOB ?? '',
    action: env.GITHUB_ACTION ?? '',
    actionRepository: env.GITHUB_ACTION_REPOSITORY,
    runnerOs: env.RUNNER_OS,
  })
  if (!read.ok) throw new Error(`the action's reader cannot read the case's workflow: ${read.reason}`)
  const parsed = parseInputs(env, workspace, () => {
    throw new Error('the case gives this action no credential')
  })
  if (!parsed.inputs) throw new Error(`the case's inputs are refused: ${parsed.problems.map((p) => p.title).join(', ')}`)
  const inputs = parsed.inputs
  const locations = defaultLocations(env, workspace, workspace)
  const found = scan(env, locations, () => false)
  const exported = prepareKeyless(inputs, found, locations, workspace)
  const decision = decide(inputs, found)
  const planned = exported ? decision.planned : []
  const context = { workflow: read.workflow, settings: laterStepsSettings(read.workflow, workspace, locations) }
  const running = laterStepWorlds(context, found, inputs, decision.intended, planned).filter((s) => s.worlds.length > 0)
  if (running.length === 0) throw new Error('the case should have a later `claude`; the reader found none')
  return running.flatMap(({ step, worlds }) =>
    worlds.map((w) => {
      const world = w.world(reading)
      return { step: step.label, world, resolved: resolve(world), exports: planned }
    }),
  )
}

/**
 * The prediction in wire form. A value the workflow only names
 * (`${{ secrets.X }}` not given to this action, `$(cat key)`) is unknown to
 * the resolver: it says which variable fills the slot, and the value is the
 * one that variable had in the `claude` process (from the wrapper's record).
 * Helpers are named by the case (`named`: the case as the main suite's model
 * sees it, with its `--settings` file as the `flag` layer).
 */
export function predictedLaterWire(resolved: WireResult, claudeEnv: Record<string, string> | undefined, named: ConformanceCase, mockUrl: string): Wire {
  const known = <S extends CredentialSource>(source: S | undefined): S | undefined =>
    source?.value === UNKNOWN_VALUE ? { ...source, value: claudeEnv?.[source.name] ?? '' } : source
  const authorization = known(resolved.authorization)
  const xApiKey = known(resolved.xApiKey)
  const result: WireResult = { ...resolved }
  if (authorization) result.authorization = authorization
  if (xApiKey) result.xApiKey = xApiKey
  return predictedWire(result, named, mockUrl)
}
