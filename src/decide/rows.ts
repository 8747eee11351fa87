// One row per credential-bearing place the CLI reads, for the job summary
// and the log table. Every status is derived from the resolver's answer
// after this action's exports (and before them, for what clearing changed).

import { PROVIDER_WORDS } from '../common/provider-words.js'
import type { CliWorld, CredentialSource, EffectiveVariable, Origin, WireResult } from '../resolve/model.js'
import { effectiveEnv, resolve, sameOrigin, settingsInCliOrder } from '../resolve/resolve.js'
import { ENV_CREDENTIALS, RULES, isTruthy } from '../resolve/rules.js'
import type { Scan } from '../scan/scan.js'
import type { Conflict } from './decide.js'
import { printOf } from './decide.js'
import type { Export, IntendedSetup } from './intended.js'
import { PROVIDER_NAMES } from './messages.js'

export type RowStatus = 'sent' | 'not sent' | 'conflict' | 'warned' | 'cleared' | 'overridden' | 'ignored in bare mode' | 'on' | 'off' | 'empty'

export interface SourceRow {
  name: string
  origin: Origin
  state: 'set' | 'empty' | 'whitespace' | 'configured'
  fingerprint?: string
  status: RowStatus
  /** Why, in a few words: "ANTHROPIC_API_KEY comes first", "no longer sent once ANTHROPIC_AUTH_TOKEN is cleared". */
  note?: string
}

export interface RowInputs {
  scan: Scan
  intended: Pick<IntendedSetup, 'isIntended' | 'sent'>
  exports: readonly Export[]
  /** The world with only the intended exports, before any clearing. */
  before: CliWorld
  /** The world later steps will see. */
  after: CliWorld
  conflicts: readonly Conflict[]
  cleared: readonly string[]
}

const same = (a: { name: string; origin: Origin }, b: { name: string; origin: Origin }) => a.name === b.name && sameOrigin(a.origin, b.origin)

function stateOf(value: string): SourceRow['state'] {
  return value === '' ? 'empty' : value.trim() === '' ? 'whitespace' : 'set'
}

const SLOT_WORDS = { authorization: 'the Authorization header', 'x-api-key': 'the x-api-key header' }

export function sourceRows({ scan, intended, exports, before, after, conflicts, cleared }: RowInputs): SourceRow[] {
  const wire = resolve(after)
  const wireBefore = resolve(before)
  const env = effectiveEnv(after)
  const rows: SourceRow[] = []
  // A provider route takes every request: nothing in the header slots reaches Anthropic.
  const sentIn = (w: WireResult, s: { name: string; origin: Origin }) => w.route === 'first-party' && [w.authorization, w.xApiKey].some((slot) => slot && same(slot, s))
  const clearedText = cleared.length > 0 ? `once ${cleared.join(' and ')} ${cleared.length > 1 ? 'are' : 'is'} cleared` : ''

  const credentialStatus = (s: { name: string; origin: Origin }, value: string | undefined): Pick<SourceRow, 'status' | 'note'> => {
    const conflict = conflicts.find((c) => same(c, s))
    if (conflict?.resolution === 'unset') return { status: 'cleared', note: 'set to empty for later steps' }
    if (conflict) return { status: conflict.resolution === 'warned' ? 'warned' : 'conflict', note: conflictNote(conflict.reason) }
    if (intended.isIntended(s as CredentialSource)) return intended.sent(wire) ? { status: 'sent' } : { status: 'not sent', note: notSentNote(wire) }
    if (sentIn(wire, s)) return { status: 'sent' }
    if (wire.ignoredInBare.some((i) => same(i, s))) return { status: 'ignored in bare mode' }
    if (value === '' ) return { status: 'empty', note: 'counts as not set' }
    if (sentIn(wireBefore, s) && clearedText) return { status: 'not sent', note: `no longer sent ${clearedText}` }
    return { status: 'not sent', note: winnerNote(wire, s) }
  }

  const definitionRows = (variable: EffectiveVariable, status: (s: { name: string; origin: Origin }, value: string) => Pick<SourceRow, 'status' | 'note'>) => {
    // The job's own value, replaced by one of our exports, is not in the world the CLI sees.
    const jobValue = scan.env[variable.name]
    const ours = exports.find((e) => e.name === variable.name)
    if (jobValue !== undefined && jobValue !== '' && ours) {
      const origin: Origin = { kind: 'process-env' }
      const s = { name: variable.name, origin }
      const conflict = conflicts.find((c) => same(c, s))
      rows.push({
        name: variable.name,
        origin,
        state: stateOf(jobValue),
        fingerprint: printOf(jobValue),
        ...(conflict ? credentialStatus(s, jobValue) : { status: 'overridden' as const, note: 'replaced by this action’s export' }),
      })
    }
    for (const earlier of variable.overridden) {
      // The job value is listed above; an export set to empty replaced nothing the CLI would read.
      if ((earlier.origin.kind === 'process-env' && ours) || (earlier.origin.kind === 'action-export' && earlier.value === '')) continue
      const s = { name: variable.name, origin: earlier.origin }
      const conflict = conflicts.find((c) => same(c, s))
      rows.push({
        name: variable.name,
        origin: earlier.origin,
        state: stateOf(earlier.value),
        fingerprint: printOf(earlier.value),
        ...(conflict ? credentialStatus(s, earlier.value) : { status: 'overridden' as const, note: `replaced by the value in ${describeOrigin(variable.origin)}` }),
      })
    }
    // A cleared variable is listed above, as the job value it replaced.
    if (ours?.why === 'neutralise' && variable.origin.kind === 'action-export') return
    rows.push({
      name: variable.name,
      origin: variable.origin,
      state: stateOf(variable.value),
      fingerprint: printOf(variable.value),
      ...status({ name: variable.name, origin: variable.origin }, variable.value),
    })
  }

  for (const name of ENV_CREDENTIALS) {
    const variable = env.get(name)
    if (variable) definitionRows(variable, credentialStatus)
  }
  const routed = RULES.providers.find(([, flag]) => isTruthy(env.get(flag)?.value))?.[1]
  const switchStatus = (s: { name: string; origin: Origin }, value: string): Pick<SourceRow, 'status' | 'note'> => {
    const conflict = conflicts.find((c) => same(c, s))
    if (conflict) return conflict.resolution === 'unset' ? { status: 'cleared', note: 'set to empty for later steps' } : { status: conflict.resolution === 'warned' ? 'warned' : 'conflict', note: conflictNote(conflict.reason) }
    if (!isTruthy(value)) return { status: 'off' }
    if (s.name === RULES.bareFlag) return { status: 'on', note: 'bare mode' }
    return { status: 'on', note: routed === s.name ? `every request goes to ${PROVIDER_NAMES[s.name] ?? 'that provider'}` : `${routed ?? 'another flag'} comes first` }
  }
  for (const [, flag] of RULES.providers) {
    const variable = env.get(flag)
    if (variable) definitionRows(variable, switchStatus)
  }
  for (const name of [RULES.bareFlag, ...RULES.federationRequires]) {
    const variable = env.get(name)
    if (variable) definitionRows(variable, name === RULES.bareFlag ? switchStatus : (s, value) => (value.trim() === '' ? { status: 'empty' } : credentialStatus({ name: 'federation', origin: s.origin }, value)))
  }
  for (const file of settingsInCliOrder(scan.settings)) {
    if (file.apiKeyHelper === undefined) continue
    const origin: Origin = { kind: 'settings-file', layer: file.layer, path: file.path, ...(file.helperAt ? { at: file.helperAt } : {}) }
    rows.push({
      name: 'apiKeyHelper',
      origin,
      state: file.apiKeyHelper === '' ? 'empty' : 'configured',
      ...(file.apiKeyHelper === '' ? { status: 'empty' as const, note: 'counts as not configured' } : credentialStatus({ name: 'apiKeyHelper', origin }, file.apiKeyHelper)),
    })
  }
  if (scan.credentialsFile) {
    const { path, accessToken, hasInferenceScope } = scan.credentialsFile
    const origin: Origin = { kind: 'credentials-file', path }
    rows.push({
      name: 'credentialsFile',
      origin,
      state: stateOf(accessToken),
      fingerprint: printOf(accessToken),
      ...(hasInferenceScope ? credentialStatus({ name: 'credentialsFile', origin }, accessToken) : { status: 'off' as const, note: 'no user:inference scope' }),
    })
  }
  if (scan.primaryApiKey) {
    const origin: Origin = { kind: 'claude-json', path: scan.primaryApiKey.path }
    rows.push({
      name: 'primaryApiKey',
      origin,
      state: stateOf(scan.primaryApiKey.value),
      fingerprint: printOf(scan.primaryApiKey.value),
      ...credentialStatus({ name: 'primaryApiKey', origin }, scan.primaryApiKey.value),
    })
  }
  // A conflict only an older version's reading sees (a settings entry the newest version ignores).
  for (const conflict of conflicts) {
    if (rows.some((row) => same(row, conflict))) continue
    const value = conflict.value ?? ''
    rows.push({
      name: conflict.name,
      origin: conflict.origin,
      state: conflict.value === undefined ? 'configured' : stateOf(value),
      fingerprint: printOf(conflict.value),
      ...credentialStatus(conflict, conflict.value),
      ...(conflict.onlyIn ? { note: `${conflictNote(conflict.reason)} with Claude Code ${conflict.onlyIn.join(' and ')}` } : {}),
    })
  }
  return rows
}

function conflictNote(reason: Conflict['reason']): string {
  switch (reason) {
    case 'instead':
      return 'would be sent instead'
    case 'as-well':
      return 'would be sent as well'
    case 'routes-away':
      return 'routes every request away'
    case 'forces-bare':
      return 'turns on bare mode'
    case 'not-at-all':
      return 'stops the intended credential'
    case 'redirects':
      return 'redirects every request'
    case 'overrides':
      return 'a settings file overrides the job'
    case 'inert':
      return 'not sent while the provider routes'
    case 'versions-differ':
      return 'older Claude Code ignores it'
  }
}

function notSentNote(wire: WireResult): string {
  if (wire.route !== 'first-party') return `every request goes to ${PROVIDER_WORDS[wire.route]}`
  const winner = wire.authorization ?? wire.xApiKey
  return winner ? `${winner.name} comes first` : 'nothing is sent'
}

/** Why a present source is not sent: the source that fills the slot it would fill. */
function winnerNote(wire: WireResult, s: { name: string; origin: Origin }): string {
  if (wire.route !== 'first-party') return `every request goes to ${PROVIDER_WORDS[wire.route]}`
  const otherHelper = [wire.authorization, wire.xApiKey].find((slot) => slot?.name === 'apiKeyHelper')
  if (s.name === 'apiKeyHelper' && otherHelper) return `the apiKeyHelper in ${describeOrigin(otherHelper.origin)} comes first`
  if (s.name === 'apiKeyHelper' && wire.authorization && wire.xApiKey) {
    // A helper fills both headers: both are taken.
    return wire.authorization.name === wire.xApiKey.name ? `${wire.authorization.name} comes first` : `${wire.authorization.name} and ${wire.xApiKey.name} come first`
  }
  const oauthKind = (RULES.oauth as readonly string[]).includes(s.name)
  const slot = oauthKind || s.name === 'ANTHROPIC_AUTH_TOKEN' ? wire.authorization : wire.xApiKey
  const other = slot ?? wire.authorization ?? wire.xApiKey
  if (!other) return 'not read'
  const where = slot ? ` for ${SLOT_WORDS[slot === wire.authorization ? 'authorization' : 'x-api-key']}` : ''
  return `${other.name} comes first${where}`
}

function describeOrigin(origin: Origin): string {
  switch (origin.kind) {
    case 'settings-env':
    case 'settings-file':
      return origin.path
    case 'action-export':
      return 'this action’s export'
    case 'process-env':
      return 'the job env'
    default:
      return 'a later definition'
  }
}
