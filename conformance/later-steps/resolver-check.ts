// Assertion 1 for later steps: the resolver, on the world laterStepWorlds()
// builds from the workflow file, predicts the header slots the real CLI sends
// when the runner runs that step. One check per distinct set of planned
// exports (`fail` and `unset` differ when the job environment has a conflict).

import type { Reading } from '../../src/decide/explain.js'
import type { OnConflict } from '../../src/resolve/model.js'
import type { InstalledCli } from '../install-cli.js'
import { startMockApi } from '../mock-api.js'
import { mockTls } from '../mock-tls.js'
import { valueNames, whitespaceOnlyIsPresent } from '../resolver-check.js'
import { describeWire, sameWire, type Wire } from '../wire.js'
import { secretsOf } from './cases.js'
import { asLoginToken, keylessValueNames, servesRefresh } from './keyless.js'
import type { LaterCase } from './model.js'
import { withoutManagedSettings } from '../machine.js'
import { actionEnv, predictLaterSteps, predictedLaterWire } from './predict.js'
import type { StepsRun } from './run-steps.js'
import { asConformanceCase, createLaterSandbox } from './sandbox.js'
import { stepsIn, type LaterWorldCache } from './worlds.js'

export interface LaterResolverVerdict {
  id: string
  /** The modes whose planned exports built this world. */
  modes: OnConflict[]
  ok: boolean
  predicted: Wire
  /** Absent when the check could not run the case (then `detail` says why). */
  observed?: StepsRun
  detail: string
}

/** Every value of a case by where it comes from, so reports name sources and never print one. */
export function laterValueNames(testCase: LaterCase, jobEnv: Record<string, string>): Map<string, string> {
  const names = valueNames(asConformanceCase(testCase, jobEnv, true))
  for (const [name, value] of Object.entries(secretsOf(testCase))) {
    if (!names.get(value.trim())?.startsWith('intended')) names.set(value.trim(), `secret ${name}`)
  }
  for (const [file, text] of Object.entries(testCase.workspaceFiles ?? {})) names.set(text.trim(), `file ${file}`)
  for (const [value, name] of keylessValueNames()) if (!names.has(value)) names.set(value, name)
  return names
}

/** Text for a report: every known value replaced by its name. */
export function scrub(text: string, names: ReadonlyMap<string, string>): string {
  let out = text
  for (const [value, label] of names) if (value.length >= 8) out = out.split(value).join(`<${label}>`)
  return out
}

export const readingOf = (version: string): Reading => ({ version, whitespaceOnlyIsPresent: whitespaceOnlyIsPresent(version) })

const PLANNING_MODES: readonly OnConflict[] = ['fail', 'unset']

export async function checkLaterResolver(testCase: LaterCase, cli: InstalledCli, cache: LaterWorldCache): Promise<LaterResolverVerdict[]> {
  const verdicts: LaterResolverVerdict[] = []
  const seen = new Map<string, LaterResolverVerdict>()
  for (const mode of PLANNING_MODES) {
    const mock = await startMockApi(servesRefresh(testCase) ? { tls: mockTls() } : {})
    const later = createLaterSandbox(testCase, mode, mock.url)
    try {
      const env = actionEnv(later.jobEnv, later.workflow.inputs, mode)
      const predictions = await withoutManagedSettings(() => predictLaterSteps(later.workflowText, env, later.workspace, readingOf(cli.version)))
      const exports = Object.fromEntries(predictions[0].exports.map((e) => [e.name, e.value]))
      const key = JSON.stringify(exports)
      const same = seen.get(key)
      if (same) {
        same.modes.push(mode)
        continue
      }
      const observed = await stepsIn(later, testCase.id, mock, cli, { ...later.jobEnv, ...exports }, cache)
      const named = asConformanceCase(testCase, later.workflow.jobEnv, true)
      // Every `claude` of the steps must be predicted to send what they all sent (`inconsistent` otherwise).
      const wires = predictions.map((p) => predictedLaterWire(p.resolved, observed.claudeEnv, named, mock.url))
      const predicted = wires[0]
      const names = laterValueNames(testCase, later.workflow.jobEnv)
      // A /login the CLI refreshed still fills its slot from the credentials file (the resolver names sources, not refreshes).
      const asSeen = asLoginToken(observed.wire, testCase)
      const ok = wires.every((w) => sameWire(w, asSeen.wire)) && !observed.inconsistent && !observed.timedOut
      const failed = observed.failedStep !== undefined && !observed.timedOut
      const lastError = observed.stderr.split('\n').filter(Boolean).slice(-1)[0] ?? ''
      const lines = [
        `${predictions.map((p) => `step "${p.step}"`).join(', ')}, exports ${Object.keys(exports).map((n) => (exports[n] === '' ? `${n}=""` : n)).join(', ') || 'none'}`,
        ...wires.map((w, k) => `predicted ${describeWire(w, names)}${wires.length > 1 ? ` (claude #${k + 1})` : ''}`),
        `observed  ${describeWire(observed.wire, names)}${observed.inconsistent ? ' (requests disagree)' : ''}${asSeen.refreshed ? ' (the /login, refreshed by the CLI)' : ''}`,
        ...(observed.timedOut ? [`step "${observed.failedStep}" timed out`] : []),
        ...(failed ? [`step "${observed.failedStep}" exited ${observed.failedExit} ${lastError}`.trimEnd()] : []),
        ...(observed.escapes.length ? [`tried to reach (refused by the proxy): ${observed.escapes.join(', ')}`] : []),
        ...(observed.exchanges.length || observed.cachesWritten.length ? [`the CLI exchanged ${observed.exchanges.length}x; wrote ${observed.cachesWritten.join(', ') || 'nothing'} under ~/.config/anthropic`] : []),
      ]
      const detail = scrub(lines.join('\n'), names)
      const verdict: LaterResolverVerdict = { id: testCase.id, modes: [mode], ok, predicted, observed, detail }
      seen.set(key, verdict)
      verdicts.push(verdict)
    } finally {
      later.cleanup()
      await mock.close()
    }
  }
  return verdicts
}
