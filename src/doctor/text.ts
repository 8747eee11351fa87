// The doctor's report as plain text for a terminal or a CI log. The first
// line is the verdict: on a problem, its cause and its fix, as the action's
// first log line; then what is sent, what else is there, what `--bare`
// changes, every finding with its fix, and the files read.

import { bySeverity, causeAndFix, type Problem } from '../common/problems.js'
import { PROVIDER_WORDS } from '../common/provider-words.js'
import { displayPath, originCell, subject } from '../decide/places.js'
import type { SourceRow } from '../decide/rows.js'
import { sameOrigin } from '../resolve/resolve.js'
import type { ProviderName } from '../resolve/model.js'
import type { ModeView, Sent } from './judge.js'
import { headerWords, type DoctorPlaces } from './messages.js'
import type { DoctorReport } from './report.js'


const providerOf = (route: ProviderName | 'first-party'): string => (route === 'first-party' ? 'the Anthropic API' : PROVIDER_WORDS[route])

/** "CLAUDE_CODE_OAUTH_TOKEN from your environment (Authorization, OAuth)". */
function sentPhrase(s: Sent, places: DoctorPlaces): string {
  const headers = headerWords(s.headers)
  const scheme = s.scheme === 'oauth' ? ', OAuth' : ''
  return `${subject(s.name, s.origin, places)} (${headers}${scheme}${s.sometimes ? ', some of the time' : ''})`
}

function modeSentence(view: ModeView, places: DoctorPlaces): string {
  if (view.wire.provider?.fails) return `nothing: Claude Code stops before any request to ${providerOf(view.wire.route)}`
  if (view.wire.route !== 'first-party') return `every request goes to ${providerOf(view.wire.route)}${withForwarded(view, places, '; no Anthropic credential is used')}`
  if (view.sent.length === 0) return 'no credential at all'
  return view.sent.map((s) => sentPhrase(s, places)).join(' and ')
}

/** On a provider route: ", with ANTHROPIC_API_KEY from your environment (x-api-key)", the first-party credentials forwarded there. */
const withForwarded = (view: ModeView, places: DoctorPlaces, otherwise: string): string =>
  view.sent.length > 0 ? `, with ${view.sent.map((s) => sentPhrase(s, places)).join(' and ')}` : otherwise

export function verdictLine(report: DoctorReport): string {
  return capital(verdict(report))
}

function verdict(report: DoctorReport): string {
  const { diagnosis, places } = report
  const ordered = bySeverity(report.problems)
  const errors = ordered.filter((p) => p.severity === 'error')
  if (errors.length > 0) return `${errors.length > 1 ? `${errors.length} problems. First: ` : ''}${causeAndFix(errors[0])}`
  const warnings = ordered.filter((p) => p.severity === 'warning')
  const { judged } = diagnosis
  if (judged.wire.route === 'first-party' && judged.sent.length === 0 && warnings.length > 0) return causeAndFix(warnings[0])
  const more = warnings.length > 0 ? ` ${warnings.length} warning${warnings.length > 1 ? 's' : ''} below.` : ''
  if (judged.wire.route !== 'first-party') return `Claude Code will send every request to ${providerOf(judged.wire.route)}${withForwarded(judged, places, ': no Anthropic credential is used')}.${more}`
  const what = diagnosis.expectWords ? `${diagnosis.expectWords}: ` : ''
  // Without --expect, what is there and loses is the surprise: say it in the same line.
  const unused = diagnosis.unused.map((row) => subject(row.name, row.origin, places))
  const notUsed = unused.length > 0 ? ` Not used: ${unused.join('; ')}.` : ''
  return `Claude Code will send ${what}${modeSentence(judged, places)}, and nothing else.${notUsed}${more}`
}

const BARE_CHANGE = (report: DoctorReport): string[] => {
  const { diagnosis, places } = report
  const { judged, other } = diagnosis
  if (diagnosis.bareFrom === 'CLAUDE_CODE_SIMPLE') return ['CLAUDE_CODE_SIMPLE is on, so every `claude` here runs in bare mode, with or without `--bare`.']
  const label = other.bare ? 'With `claude --bare`' : 'Without `--bare`'
  const same = JSON.stringify(other.sent.map((s) => [s.name, s.origin, s.headers])) === JSON.stringify(judged.sent.map((s) => [s.name, s.origin, s.headers])) && other.wire.route === judged.wire.route
  const verdict = other.expectMet === undefined ? '' : other.expectMet ? ` That is ${diagnosis.expectWords} alone.` : ` That is not ${diagnosis.expectWords} alone.`
  const lines = [`${label}: ${same ? 'the same' : modeSentence(other, places)}.${verdict}`]
  const ignored = (other.bare ? other.wire : judged.wire).ignoredInBare
  if (ignored.length > 0) lines.push(`  Bare mode ignores ${listed(ignored.map((s) => subject(s.name, s.origin, places)))}.`)
  return lines
}

/** "a", "a and b", "a, b and c". */
const listed = (items: string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`)

function rowLine(row: SourceRow, places: DoctorPlaces): string {
  const status = row.note ? `${row.status}: ${row.note}` : row.status
  const print = row.fingerprint ? `  fingerprint ${row.fingerprint}` : ''
  return `  ${row.name.padEnd(28)} ${status.padEnd(44)} ${originCell(row.name, row.origin, places)}${print}`
}

const LABEL: Record<Problem['severity'], string> = { error: 'error', warning: 'warning', notice: 'note' }

/** Some causes start with "the apiKeyHelper in …": a sentence starts with a capital, a name (primaryApiKey) keeps its case. */
const capital = (text: string): string => text.replace(/^(the|a|an) /, (word) => word.charAt(0).toUpperCase() + word.slice(1))

function problemLines(p: Problem): string[] {
  return [`  ${LABEL[p.severity]}: ${p.title}`, `    ${capital(p.cause)}`, `    Where: ${p.where}`, `    Fix: ${p.fix}`, ...(p.rule ? [`    Rule: ${p.rule}`] : [])]
}

export function renderText(report: DoctorReport): string {
  const { diagnosis, places } = report
  const lines: string[] = [verdictLine(report), '']
  const bare = diagnosis.bareFrom === 'flag' ? 'claude --bare -p' : 'claude -p'
  lines.push(`What \`${bare}\` sends from ${report.project}:`)
  const { judged } = diagnosis
  const fails = judged.wire.provider?.fails
  if (fails) lines.push(`  nothing: Claude Code stops before any request to ${providerOf(judged.wire.route)} (see the findings)`)
  else if (judged.wire.route !== 'first-party') lines.push(`  every request goes to ${providerOf(judged.wire.route)}${judged.sent.length > 0 ? ', with:' : ''}`)
  else if (judged.sent.length === 0) lines.push('  no credential')
  for (const s of judged.sent) {
    const headers = headerWords(s.headers).replace(' and ', ' + ')
    const print = s.fingerprint ? `  fingerprint ${s.fingerprint}` : ''
    lines.push(`  ${`${headers}${s.scheme === 'oauth' ? ' (OAuth)' : ''}${s.sometimes ? ' (some of the time)' : ''}`.padEnd(28)} ${s.name.padEnd(24)} ${originCell(s.name, s.origin, places)}${print}`)
  }
  if (judged.wire.route === 'first-party') {
    const base = diagnosis.baseUrl.origin ? `${diagnosis.baseUrl.value} (ANTHROPIC_BASE_URL, ${originCell('ANTHROPIC_BASE_URL', diagnosis.baseUrl.origin, places)})` : `${diagnosis.baseUrl.value} (the default)`
    lines.push(`  to ${base}`)
  }
  lines.push('')

  const others = diagnosis.rows.filter((row) => !judged.sent.some((s) => s.name === row.name && sameOrigin(s.origin, row.origin)))
  lines.push('Everything else Claude Code reads here:')
  if (others.length === 0) lines.push('  nothing: no other credential, provider flag or bare-mode switch is set')
  for (const row of others) lines.push(rowLine(row, places))
  lines.push('')

  lines.push(...BARE_CHANGE(report), '')

  if (report.liveCheck) {
    const lc = report.liveCheck
    lines.push(`Live check of ${lc.credential}: ${lc.verdict}${lc.httpStatus ? ` (HTTP ${lc.httpStatus})` : ''}, ${lc.endpoint}, ${lc.attempts} attempt${lc.attempts === 1 ? '' : 's'}, ${lc.latencyMs} ms, ${lc.route}`, '')
  }

  const problems = bySeverity(report.problems)
  lines.push(problems.length > 0 ? 'Findings and fixes:' : 'Findings: none.')
  for (const p of problems) lines.push(...problemLines(p))
  if (!diagnosis.expect && problems.every((p) => p.severity !== 'error')) {
    lines.push('', 'To check that a particular credential is the one sent, add `--expect oauth-token`, `--expect api-key` or `--expect auth-token`.')
  }
  lines.push('')

  lines.push('Files Claude Code reads:')
  for (const file of report.files) lines.push(`  ${displayPath(file.path, places).padEnd(52)} ${file.role}: ${file.state}`)
  if (report.configDir) lines.push(`  (CLAUDE_CONFIG_DIR is ${report.configDir}: ~/.claude and ~/.claude.json are not read)`)
  return lines.map(oneLine).join('\n') + '\n'
}

/** Paths and values come from the machine: a line break in one must not forge a line of the report. */
const oneLine = (line: string): string => line.replace(/[\r\n\u2028\u2029]+/g, ' ')
