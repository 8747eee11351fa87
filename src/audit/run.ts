// `claude-code-auth audit [PATH...]`, start to finish: find the workflow
// files, read every job, judge each Claude job through the engine
// (judge.ts), add the static rules (rules.ts), apply ignores and config
// (ignore.ts), render (format.ts). Returns what to print and the exit code;
// no secrets and no network are needed. Loaded by cli.ts as its own chunk.

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { setFlagsFromString } from 'node:v8'
import { basename, dirname, join, relative, resolve as resolvePath, sep } from 'node:path'
import type { Severity } from '../common/problems.js'
import { localWorkflowCalls, readWorkflowFile } from '../scan/workflow/locate.js'
import { atLeast, SEVERITIES, type Finding } from './findings.js'
import { renderGithub, renderJson, renderSarif, renderSummary, renderText, type AuditResult, type RepositoryResult } from './format.js'
import { applyIgnores, CONFIG_PATH, readConfig, type AuditConfig } from './ignore.js'
import { judgeJob } from './judge.js'
import { localActionNamesClaude, localActions } from './local-actions.js'
import { readAuditWorkflow, type AuditJob, type AuditWorkflow } from './read.js'
import { driftRules, workflowRules } from './rules.js'
import { auditRule } from './rules-table.js'

export const AUDIT_USAGE = `Usage: claude-code-auth audit [options] [PATH...]

Judges every job that runs Claude Code in the workflows of each PATH (a
repository checkout: its .github/workflows/*.yml, or a workflow file), before
anything runs: the credential each job gives Claude Code, everything that
would outrank, join or replace it, and mistakes only a read of the file shows.
No secrets and no network: \${{ secrets.X }} is a value that is present.

Options:
  --format FORMAT        text (default), json (docs/audit.md), sarif (SARIF 2.1.0), github (workflow commands)
  --output FILE          write the report to FILE instead of standard output
  --sarif FILE           also write SARIF 2.1.0 to FILE (for github/codeql-action/upload-sarif)
  --summary FILE         also append a Markdown table (job, route, verdict) to FILE
  --min-severity LEVEL   report findings at or above LEVEL: error, warning (default), notice
  --exit-zero            exit 0 even when findings are reported
  -h, --help             print this help

Ignore a finding with a comment on its line or its step:
  # claude-code-auth: ignore[rule-id] the reason
or in .github/claude-code-auth.yml (see docs/audit.md).

Exit codes:
  0  nothing at or above --min-severity
  1  findings at or above --min-severity
  2  usage error
  3  no workflow file found`

/**
 * For the `audit` command and the audit action, before the run (not when a test calls runAudit in
 * its own process): V8's optimizing compiler off. An audit runs for well under a second, too short
 * for TurboFan's compiles (on other threads) to pay back: over the 323 real files of the benchmark,
 * 0.72 s of CPU instead of 1.05 s on Node 20 and 0.48 s instead of 0.66 s on Node 24 (same output),
 * which keeps it ahead of actionlint on a loaded machine too. Node keeps V8's flags writable after
 * start (`--no-freeze-flags-after-init`); `--no-opt` only stops functions from being optimized.
 */
export function tuneProcessForAudit(): void {
  setFlagsFromString('--no-opt')
}

export type Format = 'text' | 'json' | 'sarif' | 'github'

export interface AuditArgs {
  paths: string[]
  format: Format
  output?: string
  sarif?: string
  summary?: string
  minSeverity?: Severity
  exitZero: boolean
}

export interface AuditOutput {
  stdout: string
  stderr: string
  exitCode: 0 | 1 | 2 | 3
}

export interface AuditIo {
  cwd: string
  version: string
}

const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'github']
/** Workflow files read per repository, the ones named and the ones they call (GitHub allows far fewer). */
const MAX_FILES = 1000

export function parseAuditArgs(argv: readonly string[]): { args: AuditArgs } | { help: true } | { error: string } {
  const args: AuditArgs = { paths: [], format: 'text', exitZero: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    const value = (): string | undefined => inline ?? argv[++i]
    switch (flag) {
      case '-h':
      case '--help':
        return { help: true }
      case '--exit-zero':
        args.exitZero = true
        break
      case '--format': {
        const v = value()
        if (!FORMATS.includes(v as Format)) return { error: `--format takes text, json, sarif or github${v === undefined ? '' : ` (got another value)`}` }
        args.format = v as Format
        break
      }
      case '--min-severity': {
        const v = value()
        if (!SEVERITIES.includes(v as Severity)) return { error: '--min-severity takes error, warning or notice' }
        args.minSeverity = v as Severity
        break
      }
      case '--output':
      case '--sarif':
      case '--summary': {
        const v = value()
        if (!v) return { error: `${flag} needs a file name` }
        args[flag.slice(2) as 'output' | 'sarif' | 'summary'] = v
        break
      }
      default:
        if (arg.startsWith('-') && arg !== '-') return { error: `${flag} is not an option of \`audit\`` }
        args.paths.push(arg)
    }
  }
  if (args.paths.length === 0) args.paths.push('.')
  return { args }
}

/** The repository a path belongs to, and its workflow files. */
interface Target {
  /** As given. */
  path: string
  root: string
  files: string[]
}

const isWorkflowFile = (name: string) => /\.ya?ml$/i.test(name)

function targetOf(path: string, cwd: string): Target | { error: string } {
  const absolute = resolvePath(cwd, path)
  let stat
  try {
    stat = statSync(absolute)
  } catch {
    return { error: `${path} does not exist` }
  }
  if (stat.isDirectory()) {
    const workflows = join(absolute, '.github', 'workflows')
    let names: string[]
    try {
      names = readdirSync(workflows).filter(isWorkflowFile).sort()
    } catch {
      names = []
    }
    return { path, root: absolute, files: names.map((n) => join(workflows, n)) }
  }
  // A file: its repository is the folder above `.github/workflows/`, when it is in one.
  const parts = absolute.split(sep)
  const at = parts.lastIndexOf('.github')
  const root = at > 0 && parts[at + 1] === 'workflows' ? parts.slice(0, at).join(sep) || sep : dirname(absolute)
  return { path, root, files: [absolute] }
}

export async function runAudit(argv: readonly string[], io: AuditIo): Promise<AuditOutput> {
  const parsed = parseAuditArgs(argv)
  if ('help' in parsed) return { stdout: `${AUDIT_USAGE}\n`, stderr: '', exitCode: 0 }
  if ('error' in parsed) return { stdout: '', stderr: `claude-code-auth audit: ${parsed.error}.\nRun \`claude-code-auth audit --help\` for the options.\n`, exitCode: 2 }
  const { args } = parsed

  const targets: Target[] = []
  for (const path of args.paths) {
    const target = targetOf(path, io.cwd)
    if ('error' in target) return { stdout: '', stderr: `claude-code-auth audit: ${target.error}.\nGive a repository checkout or a workflow file.\n`, exitCode: 2 }
    const same = targets.find((t) => t.root === target.root)
    if (same) same.files.push(...target.files.filter((f) => !same.files.includes(f)))
    else targets.push(target)
  }
  if (targets.every((t) => t.files.length === 0)) {
    return { stdout: '', stderr: `claude-code-auth audit: no workflow file found (looked for .github/workflows/*.yml and *.yaml under ${args.paths.join(', ')}).\n`, exitCode: 3 }
  }

  let minSeverity: Severity = args.minSeverity ?? 'warning'
  // zod (schema.ts, its own chunk) only when a config file is there to check or a JSON report to emit.
  const needsSchema = args.format === 'json' || targets.some((t) => existsSync(join(t.root, CONFIG_PATH)))
  const schema = needsSchema ? await import('./schema.js') : undefined
  const repositories: { result: RepositoryResult; lines: Map<string, string[]> }[] = []
  const lineTexts = new Map<string, string[]>()
  for (const target of targets) {
    const { repository, config } = auditRepository(target, schema)
    if (!args.minSeverity && config?.minSeverity && targets.length === 1) minSeverity = config.minSeverity
    repositories.push(repository)
    for (const [file, lines] of repository.lines) lineTexts.set(`${target.path}\u0000${file}`, lines)
  }
  const result: AuditResult = { repositories: repositories.map((r) => r.result), minSeverity, version: io.version }
  const render = { text: renderText, json: (r: AuditResult) => renderJson(r, schema!.checkedReport), github: renderGithub, sarif: (r: AuditResult) => renderSarif(r, (repo, f) => lineTexts.get(`${repo.path}\u0000${f.file}`)?.[f.line - 1] ?? '') }
  const report = render[args.format](result)
  let stdout = report
  try {
    if (args.output) {
      writeFileSync(resolvePath(io.cwd, args.output), report)
      stdout = ''
    }
    if (args.sarif) writeFileSync(resolvePath(io.cwd, args.sarif), render.sarif(result))
    if (args.summary) writeFileSync(resolvePath(io.cwd, args.summary), renderSummary(result), { flag: 'a' })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an error'
    return { stdout, stderr: `claude-code-auth audit: the report file could not be written (${code}).\n`, exitCode: 2 }
  }
  const reported = result.repositories.some((r) => r.findings.some((f) => !f.ignored && atLeast(f.severity, minSeverity)))
  return { stdout, stderr: '', exitCode: reported && !args.exitZero ? 1 : 0 }
}

function auditRepository(target: Target, schema: typeof import('./schema.js') | undefined): { repository: { result: RepositoryResult; lines: Map<string, string[]> }; config?: AuditConfig } {
  const findings: Finding[] = []
  const workflows: AuditWorkflow[] = []
  const lines = new Map<string, string[]>()
  const files: string[] = []
  // The files named, then the local reusable workflows they call (`uses: ./.github/workflows/x.yml`), each once.
  const queue = [...target.files]
  const actions = localActions(target.root)
  for (let i = 0; i < queue.length && i < MAX_FILES; i++) {
    const absolute = queue[i]!
    const path = relative(target.root, absolute).split(sep).join('/') || basename(absolute)
    files.push(path)
    const file = readWorkflowFile({ path, absolute })
    if ('reason' in file) {
      findings.push(notRead(path, file.reason))
      continue
    }
    const text = file.text.replace(/^\uFEFF/, '')
    const called = [...text.matchAll(/^\s*uses:\s*["']?(\.\/\.github\/workflows\/[^\s"'#]+)/gm)].map((m) => m[1]!)
    for (const local of localWorkflowCalls(called)) {
      const next = join(target.root, local)
      if (!queue.includes(next) && existsSync(next)) queue.push(next)
    }
    // A file that names neither Claude nor Anthropic runs no Claude job: only a step `if:` reading
    // `secrets` could concern it, so it is parsed only when a line looks like one (most CI files are skipped).
    // A step's local action (`uses: ./path`) that names them counts as the file naming them.
    if (!/claude|anthropic/i.test(text) && !/^\s*(?:-\s+)?if:.*\bsecrets\s*[.[]/m.test(text) && !namesClaudeLocally(text, actions)) continue
    const reading = readAuditWorkflow(text, path, actions)
    if (!reading.ok) {
      findings.push(notRead(path, `${path} is ${reading.reason}`, reading.line))
      continue
    }
    workflows.push(reading.workflow)
    lines.set(path, reading.workflow.lines)
  }

  const jobs: RepositoryResult['jobs'] = []
  const claudeJobs: { workflow: AuditWorkflow; job: AuditJob }[] = []
  const repository = { root: target.root }
  for (const workflow of workflows) {
    findings.push(...workflowRules(workflow))
    for (const job of workflow.jobs) {
      let judged
      try {
        judged = judgeJob(workflow, job, repository)
      } catch (error) {
        // Nesting beyond the stack somewhere in the engine: this job is not judged, a depends-on warning, never an internal error.
        if (!(error instanceof RangeError)) throw error
        const rule = auditRule('audit/step-not-read')
        findings.push({ rule: rule.id, severity: 'warning', title: rule.short.replace(/\.$/, ''), message: `Job \`${job.id}\` could not be judged: a value in it nests deeper than the reader follows.`, where: `${workflow.path} line ${job.line}`, fix: rule.help, file: workflow.path, line: job.line, column: 1, job: job.id, dependsOn: `what the steps of job \`${job.id}\` do` })
        continue
      }
      if (!judged) continue
      claudeJobs.push({ workflow, job })
      findings.push(...judged.findings)
      jobs.push({ ...judged, file: workflow.path })
    }
  }
  findings.push(...driftRules(claudeJobs))

  let config: AuditConfig = { ignores: [] }
  const configFile = join(target.root, CONFIG_PATH)
  if (schema && existsSync(configFile)) {
    const read = readConfig(readFileSync(configFile, 'utf8'), schema)
    if (read.ok) config = read.config
    else findings.push({ ...notRead(CONFIG_PATH, `${CONFIG_PATH} cannot be used: ${read.reason}`, read.line), fix: 'Fix the file as the message says (docs/audit.md describes it).' })
  }
  findings.push(...applyIgnores(findings, workflows, config))

  // A certain "no credential reaches" says what the warning audit/no-credential would, for sure: one finding.
  const certain = new Set(findings.filter((f) => f.rule === 'audit/no-credential-reaches').map((f) => `${f.file}\u0000${f.job}`))
  if (certain.size > 0) findings.splice(0, findings.length, ...findings.filter((f) => f.rule !== 'audit/no-credential' || !certain.has(`${f.file}\u0000${f.job}`)))
  // A job's verdict is the action's at run time, with its step where the audit put it: the engine's
  // findings only (fail on a certain error, depends on a depends-on finding, warn on a warning). The
  // static rules (audit/…) describe the workflow as written; they count for the exit code, not the verdict.
  for (const job of jobs) {
    const own = findings.filter((f) => f.job === job.job && f.file === job.file && !f.ignored && (!f.rule.startsWith('audit/') || VERDICT_RULES.has(f.rule)))
    job.findings = own
    job.workflowFindings = findings.filter((f) => f.job === job.job && f.file === job.file && !f.ignored && f.rule.startsWith('audit/') && atLeast(f.severity, 'warning')).length
    job.verdict = own.some((f) => f.severity === 'error') ? 'fail' : own.some((f) => f.dependsOn) ? 'depends' : own.some((f) => f.severity === 'warning') ? 'warn' : 'pass'
  }
  // A workflow-level value judged in two jobs is one finding in the report (each job's verdict counts it).
  const result: RepositoryResult = { path: target.path, files, jobs: jobs.map(({ findings: _, ...rest }) => ({ ...rest, findings: [] })), findings: dedupe(findings) }
  result.jobs.forEach((j, i) => Object.assign(j, { verdict: jobs[i]!.verdict, workflowFindings: jobs[i]!.workflowFindings }))
  return { repository: { result, lines }, config }
}

const LOCAL_USES = /^\s*(?:-\s+)?uses:\s*["']?(\.\/(?!\.github\/workflows\/)[^\s"'#]*)/gm

function namesClaudeLocally(text: string, actions: ReturnType<typeof localActions>): boolean {
  if (!text.includes('./')) return false
  return [...text.matchAll(LOCAL_USES)].some((m) => localActionNamesClaude(m[1]!, actions))
}

/**
 * The audit's own rules that say what the action at run time would do with this job, so they count
 * for its verdict: no credential certainly reaching Claude Code (the step fails), an action whose
 * steps are not read, and a secret whose name says another slot (both depend on what is not read).
 */
const VERDICT_RULES = new Set(['audit/no-credential-reaches', 'audit/action-not-read', 'audit/secret-name-slot'])

function notRead(path: string, reason: string, line = 1): Finding {
  const rule = auditRule('audit/workflow-not-read')
  return { rule: rule.id, severity: rule.severity, title: rule.short.replace(/\.$/, ''), message: `${reason}.`.replace(/\.\.$/, '.'), where: `${path} line ${line}`, fix: rule.help, file: path, line, column: 1 }
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>()
  return findings.filter((f) => {
    const key = [f.rule, f.file, f.line, f.column, f.message].join('\u0000')
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
