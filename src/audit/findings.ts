// One finding of the audit, in every format: what the engine or a static
// rule found, at a line and column of a repository file.

import type { Severity } from '../common/problems.js'

export interface Finding {
  /** Stable rule id (docs/rules.md): the engine's `Problem.rule`, or one of the audit's own (rules-table.ts). */
  rule: string
  severity: Severity
  title: string
  /** The cause, first sentence first. */
  message: string
  where: string
  fix: string
  /** Relative to the repository root. */
  file: string
  line: number
  column: number
  /** The job's key, when the finding belongs to one. */
  job?: string
  /** Not certain before the run: what it depends on. */
  dependsOn?: string
  /** Set when an inline comment or the config file ignores it: the reason given. */
  ignored?: string
}

/** The `--format json` report's version: raised when a field is removed or its meaning changes (schema.ts describes it). */
export const JSON_VERSION = 1

const RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 }
export const atLeast = (severity: Severity, min: Severity): boolean => RANK[severity] <= RANK[min]
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'notice']

export const byPlace = (a: Finding, b: Finding): number =>
  a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || RANK[a.severity] - RANK[b.severity] || a.rule.localeCompare(b.rule)
