// Renders the job summary and the log as text. Pure: strings in, strings
// out. Paths and names come from the user's machine, so every one is
// escaped for Markdown and HTML; secrets appear only as fingerprints.
//
// The first thing a user reads, in the log and in the summary, is the
// verdict: on failure the cause and the fix of the first error.

import { bySeverity, causeAndFix, dependsOnText, type Problem } from '../common/problems.js'
import { VERSION } from '../common/version.js'
import { PROVIDER_WORDS } from '../common/provider-words.js'
import type { Decision } from '../decide/decide.js'
import { displayPath, originCell, subject, type Places, NO_PLACES } from '../decide/places.js'
import type { SourceRow } from '../decide/rows.js'
import { INPUT_FOR } from '../inputs/credential-shape.js'
import type { Inputs } from '../inputs/inputs.js'
import type { CredentialKind, CredentialSource, WireResult } from '../resolve/model.js'
import { providerFacts } from '../decide/providers.js'

export interface LiveCheckLine {
  verdict: string
  latencyMs?: number
  title?: string
  detail?: string
}

/** One later step, as the `later-steps` output and the summary table show it. */
export interface LaterStepLine {
  step: string
  line: number
  runsClaude: boolean
  verdict: 'ok' | 'conflict' | 'warned' | 'info' | 'depends'
  /** What the CLI would send there, or what the step sets, in a few words. */
  detail: string
}

export interface Report {
  inputs?: Inputs
  decision?: Decision
  fingerprint?: string
  problems: readonly Problem[]
  liveCheck?: LiveCheckLine
  /** Later steps judged, or why they were not. */
  laterSteps?: { checked: true; steps: LaterStepLine[] } | { checked: false; reason: string }
  places?: Places
  ok: boolean
  /** Federation: when the exchanged token expires (ISO 8601), when the endpoint said. */
  tokenExpiresAt?: string
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
const prose = (text: string): string =>
  text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? code(part) : md(part)))
    .join('')

type Outcome = 'passed' | 'warned' | 'failed'

function outcomeOf(report: Report): Outcome {
  if (!report.ok) return 'failed'
  const warned = report.decision?.conflicts.some((c) => c.resolution === 'warned')
  return warned ? 'warned' : 'passed'
}

const ICON: Record<Outcome, string> = { passed: '✅', warned: '⚠️', failed: '❌' }

/** Each source that fills a header slot, in words: "ANTHROPIC_API_KEY from the job env". */
export function describeSent(wire: WireResult, places: Places): string {
  if (wire.route !== 'first-party') return `every request to ${PROVIDER_WORDS[wire.route]}`
  const named = (s: CredentialSource) => subject(s.name, s.origin, places)
  const slots = [wire.authorization, wire.xApiKey].filter((s): s is CredentialSource => s !== undefined)
  const distinct = slots.filter((s, i) => slots.findIndex((o) => o.name === s.name && JSON.stringify(o.origin) === JSON.stringify(s.origin)) === i)
  return distinct.length === 0 ? 'no credential at all' : distinct.map(named).join(' and ')
}

/** The first line of the log and of the summary. */
export function verdictLine(report: Report): string {
  const { inputs, decision } = report
  const places = report.places ?? NO_PLACES
  const errors = bySeverity(report.problems).filter((p) => p.severity === 'error')
  if (!report.ok) {
    if (errors.length === 0) return 'Failed.'
    const count = errors.length > 1 ? `${errors.length} problems. First: ` : ''
    return `${count}${causeAndFix(errors[0])}`
  }
  if (!inputs || !decision) return 'Passed.'
  if (outcomeOf(report) === 'warned') {
    // The first warned conflict says what will be sent instead, and that the run goes on.
    const warnings = bySeverity(report.problems).filter((p) => p.severity === 'warning')
    const count = warnings.length > 1 ? `${warnings.length} warnings. First: ` : ''
    return warnings.length > 0 ? `${count}${causeAndFix(warnings[0])}` : `Continuing with a conflict (on-conflict: warn): Claude Code will send ${describeSent(decision.wire, places)}.`
  }
  const cleared = decision.cleared.length > 0 ? ` ${decision.cleared.join(' and ')} ${decision.cleared.length > 1 ? 'were' : 'was'} set to empty for later steps.` : ''
  if (inputs.provider) {
    const facts = providerFacts(decision.wire, places)
    const credential = facts.find((f) => f.label === 'Credential')?.value
    return `Claude Code will send every request to ${PROVIDER_WORDS[inputs.provider.name]}${credential ? ` with ${credential}` : ''}, and no other credential.${cleared}`
  }
  if (inputs.method === 'federation') {
    return `Claude Code will send ${decision.intended.words} (GitHub's OIDC token exchanged once by this action, exported as CLAUDE_CODE_OAUTH_TOKEN), and nothing else.${cleared}`
  }
  if (inputs.method === 'api-key-helper' || inputs.method === 'login') {
    const source = [decision.wire.authorization, decision.wire.xApiKey].find((s) => s && decision.intended.isIntended(s))
    const where = source && 'path' in source.origin ? ` (${displayPath(source.origin.path, places)})` : ''
    return `Claude Code will send ${decision.intended.words}${where}${inputs.method === 'api-key-helper' ? "'s output in both headers" : ''}, and nothing else.${cleared}`
  }
  const input = INPUT_FOR[inputs.credential!.kind]
  return `Claude Code will send ${decision.intended.words} from \`${input}\` (exported as ${decision.intended.variable}), and nothing else.${cleared}`
}

function findings(problems: readonly Problem[]): string[] {
  if (problems.length === 0) return []
  const lines = ['### Findings and fixes', '']
  for (const p of bySeverity(problems)) {
    const icon = p.severity === 'error' ? '❌' : p.severity === 'warning' ? '⚠️' : 'ℹ️'
    const url = p.url ? ` <br>More: ${md(p.url)}` : ''
    const rule = p.rule ? ` <br>Rule: ${md(p.rule)}` : ''
    const depends = p.dependsOn ? ` <br>${prose(dependsOnText(p).trim())}` : ''
    lines.push(`- ${icon} **${prose(p.title)}** — ${prose(p.cause)}${depends} <br>Where: ${prose(p.where)} <br>**Fix:** ${prose(p.fix)}${url}${rule}`)
  }
  lines.push('')
  return lines
}

const LEGEND: [string, string][] = [
  ['sent', 'Claude Code puts it on its requests.'],
  ['not sent', 'present, but something else is sent in its place (the note says what).'],
  ['conflict', 'it stops the intended credential being sent alone; the run fails.'],
  ['warned', 'a conflict, reported only because `on-conflict` is `warn`.'],
  ['cleared', 'this action set it to empty for later steps (`on-conflict: unset`).'],
  ['overridden', 'a later definition replaces this value before Claude Code reads it.'],
  ['ignored in bare mode', '`claude --bare` does not read it.'],
  ['on / off', 'a switch (provider flag, bare mode) and whether it is set to a true value.'],
  ['empty', 'set to an empty value, which Claude Code treats as not set.'],
]

export function renderSummary(report: Report): string {
  const { inputs, decision } = report
  const places = report.places ?? NO_PLACES
  const outcome = outcomeOf(report)
  const lines: string[] = [`## ${ICON[outcome]} Claude Code authentication`, '', prose(verdictLine(report)), '']
  // A failure leads with what to do; a pass with what was checked.
  if (outcome !== 'passed') lines.push(...findings(report.problems))

  if (inputs && decision && inputs.provider) {
    lines.push(`| ${md(PROVIDER_WORDS[inputs.provider.name])} | |`, '| --- | --- |')
    lines.push(`| Exported | ${decision.intended.exports.map((e) => code(e.name)).join(', ')} |`)
    for (const fact of providerFacts(decision.wire, places)) lines.push(`| ${md(fact.label)} | ${prose(fact.value)} |`)
    if (report.fingerprint) lines.push(`| Key fingerprint | ${code(report.fingerprint)} |`)
    lines.push('')
  } else if (inputs && decision && inputs.method === 'federation') {
    lines.push('| Intended credential | Federation rule | Exported as | Fingerprint | Expires |', '| --- | --- | --- | --- | --- |')
    lines.push(`| federated OAuth token | ${code(inputs.federation?.ruleId ?? '')} | ${code(decision.intended.variable)} | ${code(report.fingerprint ?? '')} | ${report.tokenExpiresAt ? md(report.tokenExpiresAt) : 'not said'} |`, '')
  } else if (inputs && decision && (inputs.method === 'api-key-helper' || inputs.method === 'login')) {
    lines.push(`| Intended credential | Source | Fingerprint |`, '| --- | --- | --- |')
    const source = [decision.wire.authorization, decision.wire.xApiKey].find((s) => s && decision.intended.isIntended(s))
    lines.push(`| ${md(decision.intended.words.replace(/^your /, ''))} | ${source && 'path' in source.origin ? code(displayPath(source.origin.path, places)) : ''} | ${code(report.fingerprint ?? '')} |`, '')
  } else if (inputs && decision && inputs.credential) {
    const bare = inputs.bare
    lines.push(`| Intended credential | Input | Exported as | Fingerprint${bare ? ' | Bare mode' : ''} |`, `| --- | --- | --- | ---${bare ? ' | ---' : ''} |`)
    lines.push(
      `| ${md(KIND_WORDS[inputs.credential.kind])} | ${code(INPUT_FOR[inputs.credential.kind])} | ${code(decision.intended.variable)} | ${code(report.fingerprint ?? '')}${bare ? ` | ${decision.bareCompatible ? 'compatible' : 'not compatible'}` : ''} |`,
      '',
    )
  }
  if (inputs && decision) {
    lines.push('### Credential sources', '')
    if (decision.rows.length === 0) lines.push('No credential sources found.', '')
    else {
      lines.push('| Name | Where | State | Fingerprint | Status |', '| --- | --- | --- | --- | --- |')
      for (const row of decision.rows) lines.push(sourceRow(row, places))
      lines.push('')
    }
    const exported = decision.exports.map((e) => (e.value === '' ? `${code(e.name)} (empty)` : code(e.name)))
    lines.push(`**Exported for later steps:** ${exported.length > 0 ? exported.join(', ') : 'nothing'}`, '')
  }
  if (report.laterSteps) {
    lines.push('### Later steps', '')
    if (!report.laterSteps.checked) lines.push(`Later steps were not checked because ${md(report.laterSteps.reason)}`, '')
    else if (report.laterSteps.steps.length === 0) lines.push('No later step runs `claude` or sets a credential.', '')
    else {
      lines.push('| Step | Line | Runs Claude Code | Verdict | Details |', '| --- | --- | --- | --- | --- |')
      for (const step of report.laterSteps.steps) {
        lines.push(`| ${md(step.step)} | ${step.line} | ${step.runsClaude ? 'yes' : 'no'} | ${laterVerdict(step.verdict)} | ${prose(step.detail)} |`)
      }
      lines.push('')
    }
  }
  if (report.liveCheck) {
    const latency = report.liveCheck.latencyMs === undefined ? '' : ` in ${report.liveCheck.latencyMs} ms`
    const { title, detail } = report.liveCheck
    lines.push(`**Live check:** ${code(report.liveCheck.verdict)}${latency}${title ? ` — ${md(title)}` : ''}${detail ? ` (${md(detail)})` : ''}`, '')
  }
  if (outcome === 'passed') lines.push(...findings(report.problems))
  if (decision && decision.rows.length > 0) {
    lines.push('<details><summary>What the status words mean</summary>', '')
    for (const [word, meaning] of LEGEND) lines.push(`- **${md(word)}**: ${prose(meaning)}`)
    lines.push('', '</details>', '')
  }
  // Which release ran (the same version as `claude-code-auth --version`).
  lines.push(`<sub>claude-code-auth ${VERSION}</sub>`, '')
  return lines.join('\n')
}

function laterVerdict(verdict: LaterStepLine['verdict']): string {
  return { ok: '✅ ok', conflict: '❌ conflict', warned: '⚠️ conflict (warned)', info: 'ℹ️ information', depends: '⚠️ depends on a value not known here' }[verdict]
}

function sourceRow(row: SourceRow, places: Places): string {
  const note = row.note ? ` (${md(row.note)})` : ''
  return `| ${code(row.name)} | ${prose(originCell(row.name, row.origin, places))} | ${row.state} | ${row.fingerprint ? code(row.fingerprint) : ''} | ${statusText(row.status)}${note} |`
}

function statusText(status: SourceRow['status']): string {
  switch (status) {
    case 'sent':
      return '**sent**'
    case 'conflict':
      return '❌ conflict'
    case 'warned':
      return '⚠️ warned'
    default:
      return status
  }
}

/** The same facts as plain text lines for the log: the verdict first, then a table with headers. */
export function renderLog(report: Report): string[] {
  const places = report.places ?? NO_PLACES
  const lines = [verdictLine(report).replace(/`/g, '')]
  const rows = report.decision?.rows ?? []
  if (rows.length > 0) {
    lines.push(`  ${'Name'.padEnd(40)} ${'Status'.padEnd(21)} ${'State'.padEnd(10)} ${'Fingerprint'.padEnd(12)}  Where`)
    for (const row of rows) {
      const status = row.note ? `${row.status}` : row.status
      lines.push(`  ${row.name.padEnd(40)} ${status.padEnd(21)} ${row.state.padEnd(10)} ${(row.fingerprint ?? '').padEnd(12)}  ${originCell(row.name, row.origin, places).replace(/`/g, '')}${row.note ? ` (${row.note})` : ''}`)
    }
  }
  if (report.laterSteps && !report.laterSteps.checked) lines.push(`Later steps were not checked because ${report.laterSteps.reason}`)
  return lines.map((line) => line.replace(/[\r\n]+/g, ' '))
}
