// Reads one workflow file for the audit: every job, every step of it as the
// action's workflow reader models steps (the same stepModel), and which of
// them run Claude Code. Pure: text in, jobs (or why the file cannot be read) out.

import type { Assignment, StepModel } from '../scan/workflow/model.js'
import { envBlock, events, permissions, runDefaults, scalarText, stepContextNames, stepModel } from '../scan/workflow/workflow.js'
import { keyText, parseYaml, valueOf, type YamlMapping, type YamlNode } from '../scan/workflow/yaml-tree.js'
import { expandStep, localActionPath, type LocalActions } from './local-actions.js'

/** This action's repository: a step that `uses:` it (not its `audit/` sub-action) is this action's step. */
export const THIS_ACTION = 'claude-code-auth/claude-code-auth'

export interface AuditJob {
  /** Its key under `jobs:`. */
  id: string
  line: number
  env: Record<string, Assignment>
  envExpression?: Assignment
  permissions?: string | Record<string, string>
  environment?: string
  /** `runs-on:` as written (a list joined by spaces). */
  runsOn?: string
  if?: string
  /** `uses:` of a job that calls a reusable workflow. */
  calls?: string
  /** `secrets:` of such a job (`inherit`, or name → value). */
  callSecrets?: string | Record<string, Assignment>
  steps: StepModel[]
  /** Indexes of the steps that run Claude Code (a Claude action, or `claude` in a script). */
  claudeSteps: number[]
  /** Indexes of steps that use this action. */
  selfSteps: number[]
  /** Every step's `if:`, read in every job (GitHub rejects a file for a bad one, whatever the job runs). */
  conditions: { line: number; if: string; label: string }[]
  /** Steps whose script could not be read (nested beyond what the shell reader follows): judged without it. */
  unread: { line: number; label: string; reason: string }[]
  /**
   * Files a step's script writes whole from a literal here-document (`cat > PATH << 'EOF'`, or an
   * unquoted delimiter whose body expands nothing), by step index: what a later step's `--settings`
   * or `settings:` path holds at run time. A path also written another way (`>>`, `tee`, a second
   * writer in the same step) is `ambiguous`.
   */
  writes: { step: number; path: string; body?: string; conditional: boolean; workingDirectory?: string }[]
}

export interface AuditWorkflow {
  /** As shown in findings: relative to the repository root when inside it. */
  path: string
  on: string[]
  env: Record<string, Assignment>
  permissions?: string | Record<string, string>
  jobs: AuditJob[]
  /** The file's lines, for columns and inline ignore comments. */
  lines: string[]
}

export type AuditReading = { ok: true; workflow: AuditWorkflow } | { ok: false; reason: string; line?: number }

/** More jobs or steps than GitHub accepts (256 jobs, 1000 steps): the rest is not read. */
const MAX_JOBS = 256
const MAX_STEPS = 1000


/** A step that runs Claude Code: a Claude action, `claude` in its script, or a command or action that starts it where the reader cannot see (judged depends-on). */
export const runsClaude = (step: StepModel): boolean => step.claudeAction !== undefined || step.claude.length > 0 || (step.unreadClaude?.length ?? 0) > 0

export function usesThisAction(step: StepModel): boolean {
  const uses = step.uses?.trim().toLowerCase()
  if (!uses) return false
  const at = uses.indexOf('@')
  return at > 0 && uses.slice(0, at).replace(/\/+$/, '') === THIS_ACTION
}

export function readAuditWorkflow(text: string, path: string, actions?: LocalActions): AuditReading {
  const parsed = parseYaml(text)
  if (!parsed.ok) return { ok: false, reason: `not valid YAML (${parsed.reason})`, ...(parsed.line !== undefined ? { line: parsed.line } : {}) }
  const root = parsed.root
  if (root?.kind !== 'mapping') return { ok: false, reason: 'not a workflow (the file is not a mapping)' }
  const jobsNode = valueOf(root, 'jobs')
  if (jobsNode?.kind !== 'mapping') return { ok: false, reason: 'not a workflow (no `jobs:` mapping)' }
  const workflow: AuditWorkflow = { path, on: events(valueOf(root, 'on')), env: envBlock(valueOf(root, 'env')).env, jobs: [], lines: text.split(/\r?\n/) }
  const top = permissions(valueOf(root, 'permissions'))
  if (top !== undefined) workflow.permissions = top
  const entries = (jobsNode as YamlMapping).entries.slice(0, MAX_JOBS)
  entries.forEach((entry, i) => {
    const id = keyText(entry)
    if (id === undefined || entry.value.kind !== 'mapping') return
    // A job whose text names neither Claude nor Anthropic runs no Claude step: its steps are not modelled (no shell reading).
    const end = i + 1 < entries.length ? entries[i + 1]!.key.line - 1 : workflow.lines.length
    const relevant = MIGHT_RUN_CLAUDE.test(workflow.lines.slice(entry.key.line - 1, end).join('\n'))
    workflow.jobs.push(readJob(root, id, entry.key.line, entry.value, relevant, actions))
  })
  return { ok: true, workflow }
}

const MIGHT_RUN_CLAUDE = /claude|anthropic/i

function readJob(root: YamlNode, id: string, line: number, node: YamlNode, relevant: boolean, actions: LocalActions | undefined): AuditJob {
  const env = envBlock(valueOf(node, 'env'))
  const job: AuditJob = { id, line, env: env.env, steps: [], claudeSteps: [], selfSteps: [], conditions: [], unread: [], writes: [] }
  if (env.envExpression) job.envExpression = env.envExpression
  const jobPermissions = permissions(valueOf(node, 'permissions'))
  if (jobPermissions !== undefined) job.permissions = jobPermissions
  const environment = valueOf(node, 'environment')
  const environmentName = environment?.kind === 'mapping' ? scalarText(valueOf(environment, 'name')) : scalarText(environment)
  if (environmentName !== undefined) job.environment = environmentName
  const condition = scalarText(valueOf(node, 'if'))
  if (condition !== undefined) job.if = condition
  const runsOn = valueOf(node, 'runs-on')
  const runsOnText = runsOn?.kind === 'sequence' ? runsOn.items.map((i) => scalarText(i) ?? '${{ }}').join(' ') : runsOn?.kind === 'mapping' ? '${{ group }}' : scalarText(runsOn)
  if (runsOnText !== undefined) job.runsOn = runsOnText
  const calls = scalarText(valueOf(node, 'uses'))
  if (calls !== undefined) {
    job.calls = calls
    const secrets = valueOf(node, 'secrets')
    job.callSecrets = secrets?.kind === 'scalar' ? (scalarText(secrets) ?? '') : envBlock(secrets).env
    return job
  }
  const steps = valueOf(node, 'steps')
  if (steps?.kind !== 'sequence') return job
  const written = steps.items.slice(0, MAX_STEPS)
  written.forEach((item, index) => {
    const condition = scalarText(valueOf(item, 'if'))
    const label = scalarText(valueOf(item, 'name')) ?? scalarText(valueOf(item, 'id')) ?? `step ${index + 1}`
    if (condition !== undefined) job.conditions.push({ line: item.line, if: condition, label })
  })
  // A local action runs in its caller's place: a Claude action's own repository's `./`, or a composite's steps.
  const local = actions !== undefined && written.some((item) => localActionPath(scalarText(valueOf(item, 'uses'))) !== undefined)
  const items = local ? written.flatMap((item) => expandStep(item, actions!)).slice(0, MAX_STEPS) : written
  if (!relevant && !(local && items.some((item) => MIGHT_RUN_CLAUDE.test(stepText(item))))) return job
  const names = stepContextNames(items)
  const defaults = runDefaults(root, node)
  // Steps before the first that could run Claude Code matter only for what they write to GITHUB_ENV:
  // their scripts are not read as shell unless they write it (reading every script cost a third of the audit).
  // Steps after the last that could run Claude Code change nothing a Claude step sends: not read as shell either.
  const candidates = items.map((item) => MIGHT_RUN_CLAUDE.test(stepText(item)))
  const first = candidates.indexOf(true)
  const last = candidates.lastIndexOf(true)
  job.steps = items.map((item, index) => {
    const early = first < 0 || index < first
    const run = valueOf(item, 'run')
    // A script that names neither Claude nor Anthropic and writes no GITHUB_ENV changes nothing a Claude step sends.
    const skipScript = item.kind === 'mapping' && run?.kind === 'scalar' && (((early || !candidates[index]) && !/GITHUB_ENV/.test(run.value)) || index > last)
    try {
      return stepModel(skipScript ? withoutRun(item) : item, index, names[index]!, defaults, undefined)
    } catch (error) {
      // Seam: the engine-certainty branch bounds the shell reader's depth itself; until then a script
      // nested beyond the stack is a step not read (a depends-on finding), never an internal error.
      if (!(error instanceof RangeError) || item.kind !== 'mapping') throw error
      const model = stepModel(withoutRun(item), index, names[index]!, defaults, undefined)
      job.unread.push({ line: item.line, label: model.label, reason: 'its script nests deeper than the shell reader follows' })
      return model
    }
  })
  items.forEach((item, index) => {
    const run = valueOf(item, 'run')
    if (run?.kind === 'scalar' && run.value.includes('<<')) job.writes.push(...heredocWrites(run.value, index, scalarText(valueOf(item, 'if')) !== undefined, scalarText(valueOf(item, 'working-directory')) ?? defaults.workingDirectory))
  })
  job.steps.forEach((step, index) => {
    if (runsClaude(step) && !onlyAsksClaude(step)) job.claudeSteps.push(index)
    if (usesThisAction(step)) job.selfSteps.push(index)
  })
  // No step visibly runs Claude Code (or only `claude --version` and the like), but one gives a tool
  // Claude Code's credentials in its own `env:`: that step is the job's Claude step, judged as the
  // `claude` it starts (the engine's rule, as in the action, extended to an API key or a federation
  // rule where the step names Claude or the job installs the CLI, and to an action given an OAuth token).
  if (job.claudeSteps.length === 0) {
    const cli = job.steps.some((step) => step.claude.length > 0)
    const started = job.steps.findIndex((step) => !onlyAsksClaude(step) && startsClaudeByEnv(step, cli))
    if (started >= 0) {
      const step = job.steps[started]!
      step.claude = [{ command: "claude (started by this step's tool)", args: [], bare: false, prefix: [], wrappers: [], scriptEnv: [], conditional: false, line: step.run?.line ?? step.line }]
      job.claudeSteps.push(started)
    }
  }
  return job
}

// At the script's top level only (no indentation once YAML has taken the block's): one inside an `if` body may not run.
const HEREDOC = /^cat[ \t]*>[ \t]*(["']?)([^\s"'<>|;&]+)\1[ \t]*<<(-?)[ \t]*(["']?)([A-Za-z_][A-Za-z0-9_]*)\4[ \t]*\n([\s\S]*?)\n[ \t]*\5[ \t]*$/gm

/** `cat > PATH << 'EOF' … EOF` in a script: the whole file written, when its body is literal. */
export function heredocWrites(script: string, step: number, conditional: boolean, workingDirectory: string | undefined): AuditJob['writes'] {
  const out: AuditJob['writes'] = []
  for (const m of script.matchAll(HEREDOC)) {
    const [, , path, dash, quote, , body] = m
    // An unquoted delimiter expands `$…` and backquotes in the body: only a body with neither is known.
    const literal = quote !== '' || !/[$`\\]/.test(body!)
    const text = dash ? body!.replace(/^\t+/gm, '') : body!
    out.push({ step, path: path!, ...(literal ? { body: text } : {}), conditional, ...(workingDirectory !== undefined ? { workingDirectory } : {}) })
  }
  // Any other write to a path a here-document writes (`>>`, `tee`, `>` again): not the whole story.
  for (const w of out) {
    const escaped = w.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const writes = script.match(new RegExp(`(>>?|\\btee\\b(?:\\s+-a)?)\\s*["']?${escaped}(?![\\w./-])`, 'g')) ?? []
    if (writes.length !== 1) delete w.body
  }
  return out
}

/** `claude --version`, `claude mcp add …`, `claude install`: commands that send no request, so they are no Claude step to check. */
const NO_REQUEST = new Set(['--version', '-v', '-V', '--help', '-h', 'install', 'update', 'doctor', 'mcp', 'config', 'plugin', 'migrate-installer', 'setup-token'])

function onlyAsksClaude(step: StepModel): boolean {
  if (step.claudeAction || (step.unreadClaude?.length ?? 0) > 0 || step.claude.length === 0) return false
  return step.claude.every((c) => NO_REQUEST.has(c.args[0] ?? '') || (c.args[0] === 'auth' && c.args[1] === 'status'))
}

const CLAUDE_ONLY = ['CLAUDE_CODE_OAUTH_TOKEN', 'ANTHROPIC_AUTH_TOKEN']
const CLAUDE_CREDENTIAL = [...CLAUDE_ONLY, 'ANTHROPIC_API_KEY', 'ANTHROPIC_FEDERATION_RULE_ID']

function startsClaudeByEnv(step: StepModel, cli: boolean): boolean {
  if (CLAUDE_ONLY.some((name) => step.env[name] !== undefined)) return step.run !== undefined || step.uses !== undefined
  if (!step.run || !CLAUDE_CREDENTIAL.some((name) => step.env[name] !== undefined)) return false
  return cli || /claude/i.test(`${step.name ?? ''}\n${step.run.text}`)
}

/** The 1-based column of `needle` on a line, else of its first non-blank character. */
export function columnOf(lines: readonly string[], line: number, needle?: string): number {
  const text = lines[line - 1] ?? ''
  if (needle) {
    const at = text.indexOf(needle)
    if (at >= 0) return at + 1
  }
  const first = text.search(/\S/)
  return first < 0 ? 1 : first + 1
}

/** The text of a step's `uses:`, `run:`, `with:` and `env:` values and keys, to test cheaply. */
function stepText(item: YamlNode): string {
  if (item.kind !== 'mapping') return ''
  const parts: string[] = []
  for (const entry of item.entries) {
    const key = keyText(entry)
    if (key === 'uses' || key === 'run') parts.push(entry.value.kind === 'scalar' ? entry.value.value : '')
    if ((key === 'with' || key === 'env') && entry.value.kind === 'mapping') for (const e of entry.value.entries) parts.push(keyText(e) ?? '', e.value.kind === 'scalar' ? e.value.value : '')
  }
  return parts.join('\n')
}

/** The step as if it had no `run:`: its script is not read (its `if:`, `env:` and `uses:` are). */
function withoutRun(item: YamlMapping): YamlMapping {
  return { ...item, entries: item.entries.filter((e) => keyText(e) !== 'run') }
}
