// The audit's output formats: text (default), json (versioned, docs/audit.md),
// sarif (2.1.0, for GitHub code scanning) and github (workflow commands).

import { sha256Hex } from '../common/fingerprint.js'
import type { Severity } from '../common/problems.js'
import { atLeast, byPlace, JSON_VERSION, type Finding } from './findings.js'
import type { JobResult } from './judge.js'
import { AUDIT_RULES, helpUri, ruleInfo } from './rules-table.js'


export interface RepositoryResult {
  /** As the user named it (or `.`). */
  path: string
  /** Workflow files read, relative to the repository. */
  files: string[]
  jobs: (JobResult & { file: string })[]
  findings: Finding[]
}

export interface AuditResult {
  repositories: RepositoryResult[]
  minSeverity: Severity
  version: string
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
const shown = (repository: RepositoryResult, file: string): string => (repository.path === '.' ? file : `${repository.path.replace(/\/+$/, '')}/${file}`)
export const active = (findings: readonly Finding[], min: Severity): Finding[] => findings.filter((f) => !f.ignored && atLeast(f.severity, min))

const sentence = (text: string): string => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`)
/** One line, whatever a message holds: no line break reaches the terminal as one. */
const oneLine = (text: string): string => text.replace(/[\r\n\u2028\u2029]+/g, ' ')

function messageOf(f: Finding): string {
  const depends = f.dependsOn ? ` Depends on: ${f.dependsOn}.` : ''
  return oneLine(`${sentence(f.message)}${depends}`)
}

export function renderText(result: AuditResult): string {
  const out: string[] = []
  for (const repository of result.repositories) {
    for (const f of active(repository.findings, result.minSeverity).sort(byPlace)) {
      out.push(`${shown(repository, f.file)}:${f.line}:${f.column}: ${f.severity} ${f.rule} ${messageOf(f)}`)
      out.push(`  fix: ${oneLine(sentence(f.fix))}`)
    }
  }
  out.push(...tables(result), totalLine(result))
  return `${out.join('\n')}\n`
}

/** One table per repository: each Claude job, the route it uses, its verdict. */
function tables(result: AuditResult): string[] {
  return result.repositories.flatMap((r) => (r.jobs.length > 0 ? ['', `${r.path}: Claude jobs`, ...table(r), ''] : []))
}

export function totalLine(result: AuditResult): string {
  const findings = result.repositories.flatMap((r) => active(r.findings, result.minSeverity))
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length
  const files = result.repositories.reduce((n, r) => n + r.files.length, 0)
  const jobs = result.repositories.reduce((n, r) => n + r.jobs.length, 0)
  const ignored = result.repositories.flatMap((r) => r.findings).filter((f) => f.ignored).length
  return `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('notice'), 'notice')}${ignored ? ` (${ignored} ignored)` : ''} in ${plural(files, 'workflow file')}, ${plural(jobs, 'Claude job')}`
}

function table(repository: RepositoryResult): string[] {
  const rows = repository.jobs.map((j) => [`${j.file}:${j.line} ${j.job}`, j.route, j.verdict, workflowWords(j.workflowFindings)])
  const head = ['job', 'route', 'verdict', 'workflow']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd()
  return [line(head), ...rows.map(line)]
}

const workflowWords = (n: number) => (n === 0 ? '-' : plural(n, 'workflow finding'))

/** Markdown for a job summary: one table row per Claude job. */
export function renderSummary(result: AuditResult): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ')
  const lines = ['## claude-code-auth audit', '', '| job | route | verdict | workflow |', '| --- | --- | --- | --- |']
  for (const repository of result.repositories) {
    for (const j of repository.jobs) lines.push(`| ${cell(`${shown(repository, j.file)} \`${j.job}\``)} | ${cell(j.route)} | ${j.verdict} | ${workflowWords(j.workflowFindings)} |`)
  }
  const findings = result.repositories.flatMap((r) => active(r.findings, result.minSeverity))
  lines.push('', `${plural(findings.filter((f) => f.severity === 'error').length, 'error')}, ${plural(findings.filter((f) => f.severity === 'warning').length, 'warning')}.`)
  return `${lines.join('\n')}\n`
}

/** `check` is schema.ts's checkedReport (loaded with zod only for this format): what is printed fits the documented schema. */
export function renderJson(result: AuditResult, check: (report: unknown) => unknown = (r) => r): string {
  const json = {
    version: JSON_VERSION,
    tool: { name: 'claude-code-auth', version: result.version },
    minSeverity: result.minSeverity,
    repositories: result.repositories.map((r) => ({
      path: r.path,
      files: r.files,
      jobs: r.jobs.map((j) => ({ file: j.file, job: j.job, line: j.line, route: j.route, verdict: j.verdict, setup: j.setup, workflowFindings: j.workflowFindings })),
      findings: [...r.findings].sort(byPlace).map((f) => ({
        rule: f.rule,
        severity: f.severity,
        file: f.file,
        line: f.line,
        column: f.column,
        ...(f.job ? { job: f.job } : {}),
        title: f.title,
        message: f.message,
        where: f.where,
        fix: f.fix,
        ...(f.dependsOn ? { dependsOn: f.dependsOn } : {}),
        ...(f.ignored ? { ignored: f.ignored } : {}),
      })),
    })),
    totals: totals(result),
  }
  return `${JSON.stringify(check(json), null, 2)}\n`
}

function totals(result: AuditResult) {
  const findings = result.repositories.flatMap((r) => active(r.findings, result.minSeverity))
  return {
    error: findings.filter((f) => f.severity === 'error').length,
    warning: findings.filter((f) => f.severity === 'warning').length,
    notice: findings.filter((f) => f.severity === 'notice').length,
    ignored: result.repositories.flatMap((r) => r.findings).filter((f) => f.ignored).length,
    jobs: result.repositories.reduce((n, r) => n + r.jobs.length, 0),
  }
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', notice: 'note' }

/**
 * A fingerprint that survives unrelated lines moving: the rule, the file,
 * the job, and the text of the finding's own line (not its number), with a
 * count for repeats of the same key.
 */
export function fingerprints(findings: readonly Finding[], lineText: (f: Finding) => string): string[] {
  const seen = new Map<string, number>()
  return findings.map((f) => {
    const key = [f.rule, f.file, f.job ?? '', lineText(f).trim()].join('\u0000')
    const n = (seen.get(key) ?? 0) + 1
    seen.set(key, n)
    return `${sha256Hex(key).slice(0, 32)}:${n}`
  })
}

export function renderSarif(result: AuditResult, lineText: (repository: RepositoryResult, f: Finding) => string): string {
  const all = result.repositories.flatMap((r) => [...r.findings].sort(byPlace).map((f) => ({ r, f })))
  const ids = [...AUDIT_RULES.map((r) => r.id), ...new Set(all.map(({ f }) => f.rule).filter((id) => !id.startsWith('audit/')))]
  const examples = new Map(all.map(({ f }) => [f.rule, f]))
  const rules = ids.map((id) => {
    const info = ruleInfo(id, examples.get(id))
    return {
      id,
      name: id.replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase()),
      shortDescription: { text: info.short },
      fullDescription: { text: info.full },
      help: { text: info.help, markdown: `${info.help}\n\n[docs/rules.md](${helpUri(id)})` },
      helpUri: helpUri(id),
      defaultConfiguration: { level: LEVEL[info.severity] },
    }
  })
  const index = new Map(ids.map((id, i) => [id, i]))
  const prints = fingerprints(
    all.map(({ r, f }) => ({ ...f, file: shown(r, f.file) })),
    (f) => {
      const entry = all.find(({ r, f: g }) => shown(r, g.file) === f.file && g.line === f.line)
      return entry ? lineText(entry.r, entry.f) : ''
    },
  )
  const results = all
    .filter(({ f }) => atLeast(f.severity, result.minSeverity))
    .map(({ r, f }) => {
      const i = all.findIndex((x) => x.f === f)
      return {
        ruleId: f.rule,
        ruleIndex: index.get(f.rule)!,
        level: LEVEL[f.severity],
        message: { text: `${messageOf(f)} Fix: ${oneLine(sentence(f.fix))}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: shown(r, f.file).replace(/^\.\//, ''), uriBaseId: '%SRCROOT%' }, region: { startLine: f.line, startColumn: f.column } } }],
        partialFingerprints: { 'claudeCodeAuth/v1': prints[i]! },
        ...(f.ignored ? { suppressions: [{ kind: 'inSource', justification: f.ignored }] } : {}),
      }
    })
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'claude-code-auth', version: result.version, semanticVersion: result.version, informationUri: 'https://github.com/claude-code-auth/claude-code-auth', rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///' } },
        results,
      },
    ],
  }
  return `${JSON.stringify(sarif, null, 2)}\n`
}

// The runner's workflow-command escaping, as @actions/core writes it
// (lib/command.js escapeData / escapeProperty; a unit test compares the two):
// a crafted message can never end the command or start another.
export const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
export const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

export function workflowCommand(command: string, properties: Record<string, string | number>, message: string): string {
  const props = Object.entries(properties)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',')
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`
}

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', notice: 'notice' }

export function renderGithub(result: AuditResult): string {
  const out: string[] = []
  for (const repository of result.repositories) {
    for (const f of active(repository.findings, result.minSeverity).sort(byPlace)) {
      out.push(workflowCommand(COMMAND[f.severity], { file: shown(repository, f.file), line: f.line, col: f.column, title: `${f.rule}: ${f.title}` }, `${messageOf(f)} Fix: ${oneLine(sentence(f.fix))}`))
    }
  }
  // Plain lines: a job name can hold `::`, which must not read as a command.
  out.push(...[...tables(result), totalLine(result)].map((l) => l.replace(/^(\s*)::/, '$1:\u200b:').replace(/##\[/g, '#\u200b#[')))
  return `${out.join('\n')}\n`
}
