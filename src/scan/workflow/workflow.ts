// Reads the running workflow file into the model the later-steps check
// judges: the workflow's and the job's `env:`, this action's step, and every
// step after it. Pure: text in, model (or the reason it cannot be read) out.

import type { Problem } from '../../common/problems.js'
import { runContext } from '../run-context.js'
import { brokenExpressionProblems, brokenExpressions } from './broken.js'
import { claudeActionStep } from './claude-actions.js'
import { knowledgeOf, type Knowledge } from './expression.js'
import type { Assignment, JobModel, StepModel, WorkflowModel, WorkflowReading } from './model.js'
import { analyseShellScript, findClaudeWords, isPosixShell } from './shell.js'
import { githubText, workflowValue } from './values.js'
import { entryOf, keyText, parseYaml, valueOf, type YamlNode, type YamlScalar } from './yaml-tree.js'

/** What the runner tells a step about itself. */
export interface StepIds {
  /** GITHUB_JOB: the job's key under `jobs:`. */
  job: string
  /** GITHUB_ACTION: the step's id, or the name the runner generated for it. */
  action: string
  /** GITHUB_ACTION_REPOSITORY: `owner/repo` of this action (empty for `uses: ./…`). */
  actionRepository?: string
  /** GITHUB_ACTION_PATH: where the runner put this action's files. */
  actionPath?: string
  /** RUNNER_OS: on `Windows` a step without `shell:` runs pwsh, not bash. */
  runnerOs?: string
}

export function readWorkflow(text: string, path: string, ids: StepIds): WorkflowReading {
  const fail = (reason: string): Extract<WorkflowReading, { ok: false }> => ({ ok: false, reason, path })
  const parsed = parseYaml(text)
  if (!parsed.ok) {
    const where = parsed.line === undefined ? '' : ` on line ${parsed.line}`
    return fail(`the workflow file ${path} is not valid YAML${where} (${parsed.reason})`)
  }
  const root = parsed.root
  const jobs = valueOf(root, 'jobs')
  if (root?.kind !== 'mapping' || jobs?.kind !== 'mapping') return fail(`${path} has no \`jobs:\``)
  if (!ids.job) return fail('GITHUB_JOB is not set, so this job cannot be found in the workflow file')

  // Reusable workflows this file runs (a job's `uses:`): the caller may look for this job in them.
  const calls = jobs.entries.flatMap((e) => scalarText(valueOf(e.value, 'uses')) ?? [])
  const jobEntry = entryOf(jobs, ids.job)
  if (!jobEntry) {
    const hint = calls.length > 0 ? '; it may be a job of a reusable workflow that this file calls, which this check does not read' : ''
    return { ...fail(`job \`${ids.job}\` is not in ${path}${hint}`), calls }
  }
  const job = jobEntry.value
  const jobUses = scalarText(valueOf(job, 'uses'))
  if (jobUses !== undefined) {
    return { ...fail(`job \`${ids.job}\` in ${path} runs the reusable workflow \`${jobUses}\`, whose steps this check does not read`), calls }
  }
  const steps = valueOf(job, 'steps')
  if (steps?.kind !== 'sequence' || steps.items.length === 0) return fail(`job \`${ids.job}\` in ${path} has no \`steps:\``)

  const contextNames = stepContextNames(steps.items)
  const found = findThisStep(steps.items, contextNames, ids)
  if ('reason' in found) return fail(`${found.reason} (job \`${ids.job}\` in ${path})`)

  const defaults = runDefaults(root, job)
  const step = (index: number) => stepModel(steps.items[index]!, index, contextNames[index]!, defaults, ids.runnerOs)

  const jobEnv = envBlock(valueOf(job, 'env'))
  const jobModel: JobModel = { id: ids.job, line: keyLine(jobEntry.key), env: jobEnv.env }
  if (jobEnv.envExpression) jobModel.envExpression = jobEnv.envExpression
  const environment = valueOf(job, 'environment')
  const environmentName = environment?.kind === 'mapping' ? scalarText(valueOf(environment, 'name')) : scalarText(environment)
  if (environmentName !== undefined) jobModel.environment = environmentName
  const jobPermissions = permissions(valueOf(job, 'permissions'))
  if (jobPermissions !== undefined) jobModel.permissions = jobPermissions
  const jobIf = scalarText(valueOf(job, 'if'))
  if (jobIf !== undefined) jobModel.if = jobIf

  const workflow: WorkflowModel = {
    path,
    on: events(valueOf(root, 'on')),
    env: envBlock(valueOf(root, 'env')).env,
    job: jobModel,
    self: step(found.index),
    later: steps.items.slice(found.index + 1).map((_, k) => step(found.index + 1 + k)),
  }
  claudeByCredentials(workflow.later)
  const dispatch = valueOf(valueOf(valueOf(root, 'on'), 'workflow_dispatch'), 'inputs')
  if (dispatch?.kind === 'mapping') {
    workflow.dispatchInputs = Object.fromEntries(dispatch.entries.flatMap((e) => {
      const name = keyText(e)
      return name === undefined ? [] : [[name, scalarText(valueOf(e.value, 'type')) ?? 'string']]
    }))
  }
  const workflowPermissions = permissions(valueOf(root, 'permissions'))
  if (workflowPermissions !== undefined) workflow.permissions = workflowPermissions
  return { ok: true, workflow }
}

/** What judging the later steps needs beside the model, built here so that it loads only with a workflow. */
export interface WorkflowExtras {
  known: Knowledge
  broken: Problem[]
  brokenLines: Set<number>
}

export function workflowExtras(workflow: WorkflowModel, env: Readonly<Record<string, string | undefined>>, isReadVariable: (name: string) => boolean): WorkflowExtras {
  return {
    known: knowledgeOf(runContext(env, workflow)),
    broken: brokenExpressionProblems(workflow, isReadVariable),
    brokenLines: new Set(brokenExpressions(workflow, isReadVariable).map((b) => b.line)),
  }
}

// ---------------------------------------------------------------- finding this step

/**
 * The name GITHUB_ACTION has for each step, as GitHub generates it
 * (actions/runner @258d6c8, src/Sdk/WorkflowParser/Conversion/
 * WorkflowTemplateConverter.cs ConvertToSteps and IdBuilder.cs; the same rule
 * in DTPipelines/Pipelines/ObjectTemplating/PipelineTemplateConverter.cs and
 * ReferenceNameBuilder.cs):
 * - a step's `id` is its name; every id is reserved first;
 * - other steps, in order, get `__` + `owner/repo` of `uses: owner/repo[/path]@ref`,
 *   the image of `docker://image`, `self` for `./path`, `selfRepository` for
 *   `$/path`, else `run`; each character other than A-Z a-z 0-9 `_` `-`
 *   becomes `_` (so `__anthropics_claude-code-action`);
 * - a name already taken (ignoring case) gets `_2`, `_3`, … (cut to 100
 *   characters with its suffix).
 */
export function stepContextNames(steps: readonly YamlNode[]): string[] {
  const taken = new Set<string>()
  const ids = steps.map((step) => {
    const id = scalarText(valueOf(step, 'id'))
    if (id) taken.add(id.toLowerCase())
    return id || undefined
  })
  return steps.map((step, index) => {
    const id = ids[index]
    if (id) return id
    const original = sanitize(`__${generatedBase(scalarText(valueOf(step, 'uses')))}`)
    for (let attempt = 1; attempt < 1000; attempt++) {
      const suffix = attempt === 1 ? '' : `_${attempt}`
      const candidate = original.slice(0, Math.min(original.length, 100 - suffix.length)) + suffix
      if (!taken.has(candidate.toLowerCase())) {
        taken.add(candidate.toLowerCase())
        return candidate
      }
    }
    return original
  })
}

function generatedBase(uses: string | undefined): string {
  if (!uses) return 'run'
  if (uses.startsWith('docker://')) return uses.slice('docker://'.length) || 'run'
  if (uses.startsWith('./') || uses.startsWith('.\\')) return 'self'
  if (uses.startsWith('$/') && uses.slice(2).replace(/^\/+/, '')) return 'selfRepository'
  const repository = repositoryOf(uses)
  return repository ?? 'run'
}

/** `owner/repo` of `owner/repo[/path]@ref`, as the runner splits it; undefined when malformed. */
function repositoryOf(uses: string): string | undefined {
  const atParts = uses.split('@')
  const segments = atParts[0]!.split(/[/\\]/).filter(Boolean)
  if (atParts.length !== 2 || segments.length < 2 || !atParts[1]) return undefined
  return `${segments[0]}/${segments[1]}`
}

function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_')
}

function findThisStep(steps: readonly YamlNode[], contextNames: readonly string[], ids: StepIds): { index: number } | { reason: string } {
  if (!ids.action) return { reason: 'GITHUB_ACTION is not set, so this step cannot be found' }
  let index = contextNames.indexOf(ids.action)
  if (index < 0) index = contextNames.findIndex((name) => name.toLowerCase() === ids.action.toLowerCase())
  if (index >= 0) return { index }

  // Not a name of this job's steps (e.g. this action runs inside a composite
  // action): fall back to the one step that uses this action.
  const repository = ids.actionRepository?.toLowerCase()
  const candidates = steps
    .map((step, i) => ({ i, uses: scalarText(valueOf(step, 'uses')) }))
    .filter(({ uses }) => uses !== undefined && usesThisAction(uses, repository, ids.actionPath))
  if (candidates.length === 1) return { index: candidates[0]!.i }
  if (candidates.length > 1) {
    return { reason: `this action is used ${candidates.length} times and GITHUB_ACTION (\`${ids.action}\`) names none of those steps` }
  }
  return { reason: `no step is this action's step: none is named \`${ids.action}\` (GITHUB_ACTION) or uses ${repository ?? 'this action'}` }
}

function usesThisAction(uses: string, repository: string | undefined, actionPath: string | undefined): boolean {
  if (uses.startsWith('./') || uses.startsWith('.\\')) {
    if (!actionPath) return false
    const local = normalizePath(uses.slice(2))
    const path = normalizePath(actionPath)
    return local === '' ? false : path === local || path.endsWith(`/${local}`)
  }
  return repository !== undefined && repository !== '' && repositoryOf(uses)?.toLowerCase() === repository
}

const normalizePath = (p: string) => p.replace(/\\/g, '/').replace(/\/+$/, '').replace(/^\.\//, '')

// ---------------------------------------------------------------- steps

export interface RunDefaults {
  shell?: string | undefined
  workingDirectory?: string | undefined
}

/** `defaults.run` of the job, else of the workflow. */
export function runDefaults(root: YamlNode, job: YamlNode): RunDefaults {
  const of = (node: YamlNode, key: string) => scalarText(valueOf(valueOf(valueOf(node, 'defaults'), 'run'), key))
  return { shell: of(job, 'shell') ?? of(root, 'shell'), workingDirectory: of(job, 'working-directory') ?? of(root, 'working-directory') }
}

/**
 * A script that names neither Claude Code, GITHUB_ENV, nor a variable of the
 * families Claude Code reads for authentication and routing cannot change
 * what a later `claude` sends: it is not read as shell at all (most build
 * steps; reading them cold cost about a third of the workflow scan).
 */
const MIGHT_MATTER = /claude|GITHUB_ENV|ANTHROPIC_|AWS_|GOOGLE_|GCLOUD_|CLOUD_ML_|VERTEX_REGION_|AZURE_/i
const mightMatter = (script: string): boolean => MIGHT_MATTER.test(script)

export function stepModel(node: YamlNode, index: number, contextName: string, defaults: RunDefaults, runnerOs: string | undefined): StepModel {
  const text = (key: string) => scalarText(valueOf(node, key))
  const env = envBlock(valueOf(node, 'env'))
  const step: StepModel = {
    line: node.line,
    index,
    contextName,
    label: '',
    with: envBlock(valueOf(node, 'with')).env,
    env: env.env,
    claude: [],
    githubEnvWrites: [],
    githubEnvUnread: [],
    scriptAssignments: [],
  }
  const id = text('id')
  const name = text('name')
  const uses = text('uses')
  const condition = text('if')
  if (id) step.id = id
  if (name) step.name = name
  if (uses) step.uses = uses
  if (condition !== undefined) step.if = condition
  if (env.envExpression) step.envExpression = env.envExpression

  const runNode = valueOf(node, 'run')
  if (runNode?.kind === 'scalar') {
    const script = githubText(runNode)
    const shell = text('shell') ?? defaults.shell
    const workingDirectory = text('working-directory') ?? defaults.workingDirectory
    const posix = isPosixShell(shell, runnerOs)
    step.run = { text: script, line: runNode.valueLine, analysis: posix ? 'shell' : 'words-only' }
    if (shell !== undefined) step.run.shell = shell
    if (workingDirectory !== undefined) step.run.workingDirectory = workingDirectory
    // A script that runs a command from the step's env (`bash -c "$CMD"`) matters when that env names Claude Code.
    const envNamesClaude = Object.values(step.env).some((a) => /claude/i.test(a.value.text))
    if (posix && (mightMatter(script) || envNamesClaude)) {
      const analysis = analyseShellScript(script, runNode.valueLine)
      step.claude = analysis.claude
      step.githubEnvWrites = analysis.githubEnvWrites
      step.githubEnvUnread = analysis.githubEnvUnread
      step.scriptAssignments = analysis.assignments
      if (analysis.notRead) step.notRead = analysis.notRead
      // Only where the script names Claude Code: `bash -c "$CMD"` in a build step is no finding.
      if (analysis.unreadClaude.length > 0 && (/claude/i.test(script) || envNamesClaude)) step.unreadClaude = analysis.unreadClaude
    } else {
      step.claude = findClaudeWords(script, runNode.valueLine)
    }
  }
  if (uses) {
    const claudeAction = claudeActionStep(uses, step.with, step.line)
    if (claudeAction) step.claudeAction = claudeAction
    // Another repository's action that runs Claude Code (a composite or a fork): its steps are
    // in another repository, not read here. (A local `./…` action is in the checkout: not judged yet.)
    else if (!uses.startsWith('./') && /claude/i.test(uses) && !/setup|install|claude-code-auth/i.test(uses)) step.unreadClaude = [{ line: step.line, command: uses.length > 60 ? `${uses.slice(0, 59)}…` : uses }]
  }
  step.label = label(step)
  return step
}

function label(step: StepModel): string {
  if (step.name) return step.name
  if (step.id) return step.id
  const what = step.run ? (step.run.text.split('\n').find((l) => l.trim()) ?? '').trim() : (step.uses ?? '')
  const short = what.length > 60 ? `${what.slice(0, 59)}…` : what
  return `step ${step.index + 1} (\`${short}\`)`
}

// ---------------------------------------------------------------- values

export function scalarText(node: YamlNode | undefined): string | undefined {
  return node?.kind === 'scalar' ? githubText(node) : undefined
}

const keyLine = (key: YamlNode) => key.line

/** An `env:` or `with:` block: each `NAME: value` with the line of its name. */
export function envBlock(node: YamlNode | undefined): { env: Record<string, Assignment>; envExpression?: Assignment } {
  const env: Record<string, Assignment> = {}
  if (node?.kind === 'scalar') {
    const text = githubText(node)
    return text.includes('${{') ? { env, envExpression: { name: 'env', value: workflowValue(text), line: node.line } } : { env }
  }
  if (node?.kind !== 'mapping') return { env }
  for (const entry of node.entries) {
    const name = keyText(entry)
    if (name === undefined || entry.value.kind !== 'scalar' || name in env) continue
    env[name] = { name, value: workflowValue(githubText(entry.value)), line: entry.key.line }
  }
  return { env }
}

export function permissions(node: YamlNode | undefined): string | Record<string, string> | undefined {
  if (node?.kind === 'scalar') return githubText(node)
  if (node?.kind !== 'mapping') return undefined
  const result: Record<string, string> = {}
  for (const entry of node.entries) {
    const scope = keyText(entry)
    if (scope !== undefined && entry.value.kind === 'scalar') result[scope] = githubText(entry.value as YamlScalar)
  }
  return result
}

/** `on: push`, `on: [push, pull_request]`, or `on: { push: …, workflow_dispatch: }`. */
export function events(node: YamlNode | undefined): string[] {
  if (node?.kind === 'scalar') return [githubText(node)]
  if (node?.kind === 'sequence') return node.items.flatMap((item) => (item.kind === 'scalar' ? [githubText(item)] : []))
  if (node?.kind === 'mapping') return node.entries.flatMap((entry) => keyText(entry) ?? [])
  return []
}

/** The credentials a script is given only to start Claude Code with (an API key also serves other tools). */
const CLAUDE_ONLY_CREDENTIALS = ['CLAUDE_CODE_OAUTH_TOKEN', 'ANTHROPIC_AUTH_TOKEN']

/**
 * When no step visibly runs Claude Code, a step whose own `env:` gives a script Claude
 * Code's credentials (a tool that starts it: `erk exec run-review`, a wrapper this reader
 * cannot see into) is taken as the `claude` it starts, with that environment: a second
 * credential there is judged, not listed as information. Marks the first such step and
 * returns its index, or -1.
 */
export function claudeByCredentials(steps: StepModel[]): number {
  const runs = (step: StepModel) => step.claudeAction !== undefined || step.claude.length > 0 || (step.unreadClaude?.length ?? 0) > 0 || step.notRead !== undefined
  if (steps.some(runs)) return -1
  const index = steps.findIndex((step) => step.run !== undefined && CLAUDE_ONLY_CREDENTIALS.some((name) => step.env[name] !== undefined))
  if (index < 0) return -1
  const step = steps[index]!
  step.claude = [{ command: "claude (started by this step's script)", args: [], bare: false, prefix: [], wrappers: [], scriptEnv: [], conditional: false, line: step.run!.line }]
  return index
}
