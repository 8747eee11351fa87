// The action's front end, reading side: the setup from the inputs, the world
// from the runner (the job environment, the files, the running workflow).
// The engine (src/engine/judge.ts) judges them; src/report/ renders.

import { readdirSync, statSync } from 'node:fs'
import { resolve as resolvePath } from 'node:path'
import { isOnlyBrokenExpression } from '../common/broken-expression.js'
import { problem, type Problem } from '../common/problems.js'
import type { LaterJudge } from '../decide/decide.js'
import { judgeLaterSteps } from '../decide/later-steps.js'
import type { Places } from '../decide/places.js'
import type { Setup, World } from '../engine/judge.js'
import { SHORTEST_CREDENTIAL } from '../inputs/credential-shape.js'
import { diagnoseMissingCredential } from '../inputs/diagnose-missing.js'
import { DECLARED_INPUTS, inputVariable, parseInputs, rawSecrets, type Env, type Inputs } from '../inputs/inputs.js'
import { laterStepsSettings } from '../scan/later-settings.js'
import { noCheckoutProblem, workflowNotReadProblem } from '../scan/messages.js'
import { defaultLocations, scan, type ScanLocations } from '../scan/scan.js'
import type { WorkflowReading } from '../scan/workflow/model.js'
import type { WorkflowExtras } from '../scan/workflow/workflow.js'

/**
 * What must be masked before anything is printed: every secret input and
 * values given under inputs this action does not have (a misspelt credential
 * input still carries a credential). `$ secrets.X` given as an input is that
 * text and no secret: masking it would hide the fix.
 */
export function secretsGiven(env: Env): { given: string[]; toMask: string[] } {
  const given = rawSecrets(env)
  return { given, toMask: [...given, ...unknownInputValues(env)].filter((value) => !isOnlyBrokenExpression(value)) }
}

/** The setup: the inputs, read and checked offline (shape, misspellings, a missing credential explained). */
export function actionSetup(env: Env, workspace: string, reading: WorkflowReading): Setup {
  const parsed = parseInputs(env, workspace, () => diagnoseMissingCredential(env, reading))
  return { ...(parsed.inputs ? { inputs: parsed.inputs } : {}), inputProblems: parsed.problems }
}

export interface ActionWorld extends World {
  locations: ScanLocations
  projectDir: string
}

/**
 * The world: the job environment and the files Claude Code reads from the
 * working directory, and the later steps of the running workflow.
 * `extras` is what the workflow chunk knows of its expressions.
 */
export function actionWorld(env: Env, inputs: Inputs, workspace: string, reading: WorkflowReading, extras?: WorkflowExtras, locations?: ScanLocations): ActionWorld {
  const projectDir = resolvePath(workspace, inputs.workingDirectory)
  const where = locations ?? defaultLocations(env, projectDir, workspace)
  const missingDirectory = checkDirectory(projectDir)
  if (missingDirectory) return { missingDirectory, locations: where, projectDir }
  const found = scan(env, where)
  const places = placesOf(workspace, where.home, reading)
  const later: LaterJudge | undefined = reading.ok
    ? (intended, planned, jobConflicts, jobCorrect) =>
        judgeLaterSteps({ workflow: reading.workflow, settings: laterStepsSettings(reading.workflow, workspace, where), ...(extras ? { known: extras.known, brokenLines: extras.brokenLines } : {}) }, found, inputs, places, intended, planned, jobConflicts, jobCorrect)
    : undefined
  return {
    locations: where,
    projectDir,
    scan: found,
    places,
    checkout: checkoutProblems(workspace),
    workflow: reading.ok ? (extras?.broken ?? []) : [workflowNotReadProblem(reading.reason)],
    ...(later ? { later } : {}),
  }
}

/** How findings name places: relative to the repository, and job variables by the line that sets them. */
function placesOf(repoRoot: string, home: string, reading: WorkflowReading): Places {
  if (!reading.ok) return { repoRoot, home, declared: () => undefined }
  const { workflow } = reading
  return {
    repoRoot,
    home,
    workflowFile: workflow.path,
    declared: (name) => {
      const job = workflow.job.env[name]
      if (job) return { level: 'job', at: { file: workflow.path, line: job.line } }
      const top = workflow.env[name]
      return top ? { level: 'workflow', at: { file: workflow.path, line: top.line } } : undefined
    },
  }
}

/** Values given under `with:` names this action does not declare; long ones may be credentials. */
function unknownInputValues(env: Env): string[] {
  const declared = new Set<string>(DECLARED_INPUTS.map(inputVariable))
  return Object.entries(env)
    .filter(([name, value]) => name.startsWith('INPUT_') && !declared.has(name) && value !== undefined && value.trim().length >= SHORTEST_CREDENTIAL)
    .map(([, value]) => value!)
}

/** No checkout yet: the project's `.claude/` settings cannot have been read. */
function checkoutProblems(workspace: string): Problem[] {
  try {
    return readdirSync(workspace).length === 0 ? [noCheckoutProblem()] : []
  } catch {
    return []
  }
}

function checkDirectory(path: string): Problem | undefined {
  try {
    if (statSync(path).isDirectory()) return undefined
  } catch {
    // reported below
  }
  return problem(
    'error',
    'Working directory not found',
    '`working-directory` names a folder that does not exist (or is not a directory), so the project settings Claude Code will read there cannot be checked.',
    'input `working-directory`',
    'set `working-directory` to the folder later steps run `claude` in (relative to the workspace), after checking the repository out',
    { rule: 'inputs/working-directory-missing' },
  )
}
