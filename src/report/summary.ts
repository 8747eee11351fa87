// Renders the job summary and the log's verdict as text. Pure: strings in,
// strings out. Paths and names come from the user's machine, so every one is
// escaped for Markdown and HTML; secrets appear only as fingerprints.

import type { Decision, SourceRow } from '../decide/decide.js'
import { originText } from '../decide/decide.js'
import type { Inputs } from '../inputs/inputs.js'
import type { CredentialKind } from '../resolve/model.js'
import type { Problem } from '../common/problems.js'
import { INPUT_FOR } from '../inputs/credential-shape.js'

export interface LiveCheckLine {
  verdict: string
  latencyMs?: number
  title?: string
  detail?: string
}

export interface Report {
  inputs?: Inputs
  decision?: Decision
  fingerprint?: string
  problems: readonly Problem[]
  liveCheck?: LiveCheckLine
  ok: boolean
}

const KIND_WORDS: Record<CredentialKind, string> = {
  'oauth-token': 'OAuth token (Claude subscription)',
  'api-key': 'Console API key',
  'auth-token': 'gateway bearer token',
}

/** Escapes text for a Markdown table cell or paragraph, including inline HTML. */
export function md(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]#~!])/g, '\\$1')
    .replace(/\|/g, '&#124;')
    .replace(/[\r\n]+/g, ' ')
}

/** Inline code as an HTML element: GitHub still applies Markdown inside it, so the text stays escaped. */
const code = (text: string): string => `<code>${md(text)}</code>`

/** Problem text uses `backticks` for names we wrote ourselves; render those as code, escape the rest. */
const prose = (text: string): string => text.split('`').map((part, i) => (i % 2 === 1 ? code(part) : md(part))).join('')

export function verdictLine(report: Report): string {
  const { inputs, decision } = report
  if (!inputs || !decision) return 'Not configured: the inputs are not valid.'
  const kind = KIND_WORDS[inputs.credential.kind]
  if (report.ok && decision.ok && decision.conflicts.every((c) => c.resolution === 'unset')) {
    return `Claude Code will send the ${kind} from \`${INPUT_FOR[inputs.credential.kind]}\` as ${decision.intendedVariable}, and nothing else.`
  }
  if (report.ok) return `Continuing with warnings: the ${kind} is exported as ${decision.intendedVariable}, but other credentials are also in play.`
  if (decision.ok && report.liveCheck) return `Failed: Claude Code would send the ${kind} alone, but the live check did not accept it.`
  return `Failed: Claude Code would not send the ${kind} from \`${INPUT_FOR[inputs.credential.kind]}\` alone.`
}

export function renderSummary(report: Report): string {
  const lines: string[] = []
  const { inputs, decision } = report
  lines.push(`## ${report.ok ? '✅' : '❌'} Claude Code authentication`, '', prose(verdictLine(report)), '')

  if (inputs && decision) {
    lines.push('| Intended credential | Input | Exported as | Fingerprint | Bare mode |', '| --- | --- | --- | --- | --- |')
    lines.push(
      `| ${md(KIND_WORDS[inputs.credential.kind])} | ${code(INPUT_FOR[inputs.credential.kind])} | ${code(decision.intendedVariable)} | ${code(report.fingerprint ?? '')} | ${decision.bareCompatible ? 'compatible' : 'not compatible'}${inputs.bare ? ' (bare: true)' : ''} |`,
      '',
    )
    lines.push('### Credential sources', '')
    if (decision.rows.length === 0) lines.push('No credential sources found.', '')
    else {
      lines.push('| Name | Origin | Value | Fingerprint | Status |', '| --- | --- | --- | --- | --- |')
      for (const row of decision.rows) lines.push(sourceRow(row))
      lines.push('')
    }
    const exported = decision.exports.map((e) => (e.value === '' ? `${code(e.name)} (blanked)` : code(e.name)))
    lines.push(`**Exported for later steps:** ${exported.length > 0 ? exported.join(', ') : 'nothing'}`, '')
  }
  if (report.liveCheck) {
    const latency = report.liveCheck.latencyMs === undefined ? '' : ` in ${report.liveCheck.latencyMs} ms`
    const { title, detail } = report.liveCheck
    lines.push(`**Live check:** ${code(report.liveCheck.verdict)}${latency}${title ? ` — ${md(title)}` : ''}${detail ? ` (${md(detail)})` : ''}`, '')
  }
  if (report.problems.length > 0) {
    lines.push('### Findings and fixes', '')
    for (const p of report.problems) {
      const icon = p.severity === 'error' ? '❌' : p.severity === 'warning' ? '⚠️' : 'ℹ️'
      lines.push(`- ${icon} **${prose(p.title)}** — ${prose(p.cause)} <br>Source: ${prose(p.origin)} <br>**Fix:** ${prose(p.fix)}`)
    }
    lines.push('')
  }
  return lines.join('\n')
}

function sourceRow(row: SourceRow): string {
  const origin = originText(row.origin)
  return `| ${code(row.name)} | ${prose(origin)} | ${row.state} | ${row.fingerprint ? code(row.fingerprint) : ''} | ${statusText(row.status)} |`
}

function statusText(status: SourceRow['status']): string {
  switch (status) {
    case 'used':
      return '**used**'
    case 'conflict':
    case 'not sent':
      return `❌ ${status}`
    default:
      return status
  }
}

/** The same facts as plain text lines for the log. */
export function renderLog(report: Report): string[] {
  const lines = [verdictLine(report).replace(/`/g, '')]
  for (const row of report.decision?.rows ?? []) {
    lines.push(`  ${row.name.padEnd(40)} ${row.status.padEnd(21)} ${row.state.padEnd(10)} ${(row.fingerprint ?? '').padEnd(12)}  ${originText(row.origin).replace(/`/g, '')}`)
  }
  return lines.map((line) => line.replace(/[\r\n]+/g, ' '))
}
