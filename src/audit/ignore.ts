// Ignores: `# claude-code-auth: ignore[rule-id, …] reason` on a finding's
// line or on its step, and `.github/claude-code-auth.yml` (per-rule ignores
// by path, `min-severity`). An ignore without a reason, or one that matches
// nothing, is a finding of its own.

import type { Severity } from '../common/problems.js'
import { parseYaml, keyText, valueOf, type YamlNode } from '../scan/workflow/yaml-tree.js'
import type { Finding } from './findings.js'
import { columnOf, type AuditWorkflow } from './read.js'
import { auditRule } from './rules-table.js'

export const CONFIG_PATH = '.github/claude-code-auth.yml'

interface InlineIgnore {
  file: string
  line: number
  rules: string[]
  reason: string
  used: boolean
}

export interface ConfigIgnore {
  rule: string
  paths: string[]
  reason: string
  line: number
  used: boolean
}

export interface AuditConfig {
  minSeverity?: Severity
  ignores: ConfigIgnore[]
}

export type ConfigReading = { ok: true; config: AuditConfig } | { ok: false; reason: string; line?: number }

const COMMENT = /#\s*claude-code-auth:\s*ignore\[([^\]]*)\]\s*(.*)$/

export function inlineIgnores(workflow: AuditWorkflow): InlineIgnore[] {
  const found: InlineIgnore[] = []
  workflow.lines.forEach((text, i) => {
    const match = COMMENT.exec(text)
    if (!match) return
    const rules = match[1]!.split(',').map((r) => r.trim()).filter(Boolean)
    found.push({ file: workflow.path, line: i + 1, rules, reason: match[2]!.trim(), used: false })
  })
  return found
}

/** The lines of the step a finding's line is in (from its `- ` line to the line before the next step), when in a step. */
function stepRange(workflow: AuditWorkflow, finding: Finding): [number, number] | undefined {
  const job = workflow.jobs.find((j) => j.id === finding.job)
  if (!job) return undefined
  const starts = job.steps.map((s) => s.line)
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1]! - 1 : Number.MAX_SAFE_INTEGER
    if (finding.line >= starts[i]! && finding.line <= end) return [starts[i]!, end]
  }
  return undefined
}

export function globMatch(pattern: string, path: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\/?/g, '\u0000')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]')
    .replace(/\u0000/g, '(?:.*/)?')
  return new RegExp(`^${source}$`).test(path)
}

/**
 * Marks the ignored findings (`ignored` holds the reason) and returns the
 * findings about the ignores themselves. `path` of a config entry is matched
 * against the finding's file, relative to the repository.
 */
export function applyIgnores(findings: Finding[], workflows: readonly AuditWorkflow[], config: AuditConfig): Finding[] {
  const inline = workflows.flatMap(inlineIgnores)
  for (const f of findings) {
    const workflow = workflows.find((w) => w.path === f.file)
    const range = workflow ? stepRange(workflow, f) : undefined
    const comment = inline.find(
      (c) => c.file === f.file && c.rules.includes(f.rule) && (c.line === f.line || (range !== undefined && c.line >= range[0] - 1 && c.line <= range[1])),
    )
    if (comment) {
      comment.used = true
      f.ignored = comment.reason || '(no reason given)'
      continue
    }
    const entry = config.ignores.find((e) => e.rule === f.rule && (e.paths.length === 0 || e.paths.some((p) => globMatch(p, f.file))))
    if (entry) {
      entry.used = true
      f.ignored = entry.reason || '(no reason given)'
    }
  }
  const out: Finding[] = []
  const about = (id: string, file: string, line: number, message: string, lines?: readonly string[]): Finding => {
    const rule = auditRule(id)
    return { rule: id, severity: rule.severity, title: rule.short.replace(/\.$/, ''), message, where: `${file} line ${line}`, fix: rule.help, file, line, column: lines ? columnOf(lines, line, '#') : 1 }
  }
  for (const c of inline) {
    const lines = workflows.find((w) => w.path === c.file)?.lines
    const what = `\`ignore[${c.rules.join(', ')}]\``
    if (!c.reason) out.push(about('audit/ignore-without-reason', c.file, c.line, `The ignore comment ${what} gives no reason.`, lines))
    if (!c.used) out.push(about('audit/unused-ignore', c.file, c.line, `The ignore comment ${what} matches no finding on its line or its step.`, lines))
  }
  for (const e of config.ignores) {
    if (!e.reason) out.push(about('audit/ignore-without-reason', CONFIG_PATH, e.line, `The ignore of \`${e.rule}\` in ${CONFIG_PATH} gives no reason.`))
    if (!e.used) out.push(about('audit/unused-ignore', CONFIG_PATH, e.line, `The ignore of \`${e.rule}\` in ${CONFIG_PATH} matches no finding.`))
  }
  return out
}

type Schema = Pick<typeof import('./schema.js'), 'configProblem'>

/** A YAML node as plain data: what the schema checks (scalars are text, as the YAML reader gives them). */
function plain(node: YamlNode): unknown {
  if (node.kind === 'scalar') return node.value
  if (node.kind === 'sequence') return node.items.map(plain)
  const out: Record<string, unknown> = {}
  for (const entry of node.entries) out[keyText(entry) ?? '?'] = plain(entry.value)
  return out
}

/** The line of the value at `path` (the key's line for a key the schema does not know), else the deepest node found. */
function lineAt(root: YamlNode, path: readonly (string | number)[], unknownKey?: string): number {
  let node: YamlNode = root
  for (const step of path) {
    const next: YamlNode | undefined = typeof step === 'number' ? (node.kind === 'sequence' ? node.items[step] : undefined) : valueOf(node, step)
    if (!next) break
    node = next
  }
  if (unknownKey !== undefined && node.kind === 'mapping') {
    const entry = node.entries.find((e) => keyText(e) === unknownKey)
    if (entry) return entry.key.line
  }
  return node.line
}

/**
 * `.github/claude-code-auth.yml`, checked by schema.ts's ConfigSchema (zod, loaded only when the
 * file exists): `min-severity: error|warning|notice`, `ignore: [{ rule, paths, reason }]`.
 */
export function readConfig(text: string, schema: Schema): ConfigReading {
  const parsed = parseYaml(text)
  if (!parsed.ok) return { ok: false, reason: `not valid YAML (${parsed.reason})`, ...(parsed.line !== undefined ? { line: parsed.line } : {}) }
  const root = parsed.root
  if (root === undefined) return { ok: true, config: { ignores: [] } }
  const problem = schema.configProblem(plain(root))
  if (problem) {
    const unknown = /^`([^`]+)` is not a (setting|key)/.exec(problem.reason)?.[1]
    return { ok: false, reason: problem.reason, line: lineAt(root, problem.path, unknown) }
  }
  const config: AuditConfig = { ignores: [] }
  const min = valueOf(root, 'min-severity')
  if (min?.kind === 'scalar') config.minSeverity = min.value as Severity
  const ignore = valueOf(root, 'ignore')
  if (ignore?.kind === 'sequence') {
    for (const item of ignore.items) {
      const pathsNode = valueOf(item, 'paths') ?? valueOf(item, 'path')
      const paths = pathsNode?.kind === 'sequence' ? pathsNode.items.flatMap((p) => scalar(p) ?? []) : pathsNode ? [scalar(pathsNode) ?? ''] : []
      config.ignores.push({ rule: scalar(valueOf(item, 'rule'))!, paths, reason: scalar(valueOf(item, 'reason'))?.trim() ?? '', line: item.line, used: false })
    }
  }
  return { ok: true, config }
}

const scalar = (node: YamlNode | undefined): string | undefined => (node?.kind === 'scalar' ? node.value : undefined)
