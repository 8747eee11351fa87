// Compares what the user intends with what the CLI will send, and decides
// what to export, what to report and whether the run may go on. Pure.
//
// The intended credential is correct only when, for every CLI version we
// support, it is what the CLI sends and nothing else is. Whitespace-only
// values are the one rule that differs by version, so each plan is checked
// under both readings.

import { fingerprint } from '../common/fingerprint.js'
import { INPUT_FOR, SHORTEST_CREDENTIAL } from '../inputs/credential-shape.js'
import type { Inputs } from '../inputs/inputs.js'
import type { CliWorld, CredentialSource, EffectiveVariable, Origin, WireResult } from '../resolve/model.js'
import { problem, type Problem } from '../common/problems.js'
import { credentialHeaders, effectiveEnv, resolve, sameOrigin, settingsInCliOrder } from '../resolve/resolve.js'
import { ENV_CREDENTIALS, EXPORT_NAME, RULES, isTruthy } from '../resolve/rules.js'
import type { Scan } from '../scan/scan.js'

export type Reason = 'outranks' | 'joins' | 'replaces' | 'routes-away' | 'forces-bare' | 'redirects'
export type Resolution = 'unset' | 'warned' | 'failed'

/** A source that stops the intended credential being sent alone. */
export interface Offender {
  name: string
  origin: Origin
  value?: string
  reason: Reason
}

export interface Conflict extends Offender {
  resolution: Resolution
}

export interface Export {
  name: string
  value: string
  why: 'intended' | 'base-url' | 'neutralise'
}

export type RowStatus = 'used' | 'not sent' | 'conflict' | 'unset' | 'shadowed' | 'ignored in bare mode' | 'overridden' | 'absent' | 'off' | 'on'

export interface SourceRow {
  name: string
  origin: Origin
  state: 'set' | 'empty' | 'whitespace' | 'configured'
  fingerprint?: string
  status: RowStatus
}

export interface Decision {
  ok: boolean
  intendedVariable: string
  exports: Export[]
  conflicts: Conflict[]
  problems: Problem[]
  rows: SourceRow[]
  bareCompatible: boolean
  /** What the CLI will send after the exports, under the stricter whitespace reading. */
  wire: WireResult
  /** Where later steps' requests go, settings files included; undefined for the default. */
  baseUrl?: string
}

/** Two findings are the same source when both the name and the place match. */
const sameSource = (a: { name: string; origin: Origin }, b: { name: string; origin: Origin }): boolean =>
  a.name === b.name && sameOrigin(a.origin, b.origin)

const addOnce = <T extends { name: string; origin: Origin }>(list: T[], item: T): void => {
  if (!list.some((existing) => sameSource(existing, item))) list.push(item)
}

/** Only a variable that lives in the job environment can be overridden through GITHUB_ENV. */
export const canNeutralise = (origin: Origin): boolean => origin.kind === 'process-env'

const BOTH_WHITESPACE_READINGS = [true, false] as const

export function worldAfter(scan: Scan, exports: readonly Export[], bare: boolean, whitespaceOnlyIsPresent: boolean): CliWorld {
  const env = { ...scan.env }
  for (const { name, value } of exports) env[name] = value
  return {
    env,
    exported: exports.map(({ name }) => name),
    settings: scan.settings,
    credentialsFile: scan.credentialsFile,
    primaryApiKey: scan.primaryApiKey,
    bare,
    whitespaceOnlyIsPresent,
  }
}

function isIntended(source: CredentialSource | undefined, intendedVariable: string): boolean {
  return source !== undefined && source.name === intendedVariable && source.origin.kind === 'action-export'
}

/** Everything in one resolution that keeps the intended credential from being sent alone. */
export function offendersIn(world: CliWorld, wire: WireResult, inputs: Inputs): Offender[] {
  const intendedVariable = EXPORT_NAME[inputs.credential.kind]
  const env = effectiveEnv(world)
  const offenders: Offender[] = []
  const add = (offender: Offender) => addOnce(offenders, offender)

  for (const [, flag] of RULES.providers) {
    const variable = env.get(flag)
    if (variable && isTruthy(variable.value)) add({ name: flag, origin: variable.origin, reason: 'routes-away' })
  }

  const intended = env.get(intendedVariable)
  if (intended && intended.origin.kind !== 'action-export') {
    add({ name: intendedVariable, origin: intended.origin, value: intended.value, reason: 'replaces' })
  }

  const intendedOnWire = isIntended(wire.authorization, intendedVariable) || isIntended(wire.xApiKey, intendedVariable)
  for (const slot of [wire.authorization, wire.xApiKey]) {
    if (slot && !isIntended(slot, intendedVariable)) {
      add({ name: slot.name, origin: slot.origin, value: slot.value, reason: intendedOnWire ? 'joins' : 'outranks' })
    }
  }

  const bareFlag = env.get(RULES.bareFlag)
  if (!inputs.bare && bareFlag && isTruthy(bareFlag.value) && wire.ignoredInBare.some((s) => isIntended(s, intendedVariable))) {
    add({ name: RULES.bareFlag, origin: bareFlag.origin, reason: 'forces-bare' })
  }
  // A settings file can point every request, credential included, at another host.
  const baseUrl = env.get(RULES.baseUrl)
  if (baseUrl && baseUrl.origin.kind === 'settings-env' && baseUrl.value !== (world.env[RULES.baseUrl] ?? '')) {
    add({ name: RULES.baseUrl, origin: baseUrl.origin, reason: 'redirects' })
  }
  // Extra headers are sent on every request, so an auth header there joins whatever the slots hold.
  const customHeaders = env.get(RULES.customHeaders)
  if (customHeaders && credentialHeaders(customHeaders.value).length > 0) {
    add({ name: RULES.customHeaders, origin: customHeaders.origin, value: customHeaders.value, reason: 'joins' })
  }
  return offenders
}

interface Evaluation {
  offenders: Offender[]
  /** The intended credential is on the wire, alone, under every reading. */
  correct: boolean
  wire: WireResult
}

function evaluate(scan: Scan, inputs: Inputs, exports: readonly Export[], bare = inputs.bare): Evaluation {
  const intendedVariable = EXPORT_NAME[inputs.credential.kind]
  const offenders: Offender[] = []
  let correct = true
  let strictWire: WireResult | undefined
  for (const whitespaceOnlyIsPresent of BOTH_WHITESPACE_READINGS) {
    const world = worldAfter(scan, exports, bare, whitespaceOnlyIsPresent)
    const wire = resolve(world)
    strictWire ??= wire
    for (const offender of offendersIn(world, wire, inputs)) {
      addOnce(offenders, offender)
    }
    const slots = [wire.authorization, wire.xApiKey].filter(Boolean)
    const alone = slots.length === 1 && isIntended(slots[0], intendedVariable)
    const rightHeader = inputs.credential.kind === 'oauth-token' ? wire.authorization?.oauth === true : wire.authorization?.oauth !== true
    correct &&= alone && rightHeader && wire.route === 'first-party'
  }
  return { offenders, correct: correct && offenders.length === 0, wire: strictWire! }
}

export function decide(inputs: Inputs, scan: Scan): Decision {
  const intendedVariable = EXPORT_NAME[inputs.credential.kind]
  const exports: Export[] = [{ name: intendedVariable, value: inputs.credential.value, why: 'intended' }]
  if (inputs.baseUrl !== undefined) exports.push({ name: 'ANTHROPIC_BASE_URL', value: inputs.baseUrl, why: 'base-url' })

  const found: Offender[] = []
  let evaluation = evaluate(scan, inputs, exports)
  // Blanking one variable can uncover the next source in line (an API key
  // hiding primaryApiKey, say), so neutralise until nothing new appears.
  for (;;) {
    for (const offender of evaluation.offenders) {
      addOnce(found, offender)
    }
    if (inputs.onConflict !== 'unset') break
    const fresh = evaluation.offenders.filter((o) => canNeutralise(o.origin) && !exports.some((e) => e.name === o.name))
    if (fresh.length === 0) break
    for (const offender of fresh) exports.push({ name: offender.name, value: '', why: 'neutralise' })
    evaluation = evaluate(scan, inputs, exports)
  }

  const remaining = evaluation.offenders
  const bareProblem = bareIncompatibility(inputs, evaluation)
  const unexplained =
    !evaluation.correct && remaining.length === 0 && !bareProblem
      ? problem(
          'error',
          'Credential would not be sent',
          `With the exports this action would make, Claude Code would not send \`${intendedVariable}\` alone.`,
          `input \`${INPUT_FOR[inputs.credential.kind]}\``,
          'see the credential table in the job summary; please report this case to the action maintainers',
        )
      : undefined
  const ok = !bareProblem && !unexplained && (evaluation.correct || inputs.onConflict === 'warn')

  // A blanking only happens if the run goes on: when it fails, nothing is
  // exported, so a conflict we could have blanked is reported as failed too.
  const isRemaining = (offender: Offender) => remaining.some((o) => sameSource(o, offender))
  const conflicts: Conflict[] = found.map((offender) => ({
    ...offender,
    resolution: isRemaining(offender) ? (inputs.onConflict === 'warn' ? 'warned' : 'failed') : ok ? 'unset' : 'failed',
  }))

  const problems: Problem[] = conflicts.map((conflict) => conflictProblem(conflict, inputs))
  for (const extra of [bareProblem, unexplained]) if (extra) problems.push(extra)
  problems.push(...whitespaceWarnings(scan, conflicts))

  return {
    ok,
    intendedVariable,
    exports: ok ? exports : [],
    conflicts,
    problems,
    rows: sourceRows(scan, inputs, ok ? exports : exports.filter((e) => e.why !== 'neutralise'), evaluation.wire, conflicts),
    bareCompatible: evaluate(scan, inputs, exports, true).correct,
    wire: evaluation.wire,
    baseUrl: effectiveEnv(worldAfter(scan, exports, inputs.bare, false)).get(RULES.baseUrl)?.value.trim() || undefined,
  }
}

/** `bare: true` with an OAuth token. Bare mode switched on by a variable is a conflict instead. */
function bareIncompatibility(inputs: Inputs, evaluation: Evaluation): Problem | undefined {
  if (!inputs.bare || inputs.credential.kind !== 'oauth-token' || evaluation.correct) return undefined
  return problem(
    'error',
    'OAuth token is ignored in bare mode',
    'Input `bare` is `true`, and `claude --bare` never reads CLAUDE_CODE_OAUTH_TOKEN: it would fail with "Not logged in · Please run /login".',
    'input `bare`',
    'use a Console API key (`anthropic-api-key`) for bare mode, or an apiKeyHelper passed with `claude --bare --settings <file>`, or drop `--bare` from the later steps',
  )
}

function whitespaceWarnings(scan: Scan, conflicts: readonly Conflict[]): Problem[] {
  const env = effectiveEnv(worldAfter(scan, [], false, true))
  const problems: Problem[] = []
  for (const name of ENV_CREDENTIALS) {
    const variable = env.get(name)
    if (!variable || variable.value === '' || variable.value.trim() !== '') continue
    if (conflicts.some((c) => sameSource(c, variable))) continue
    problems.push(
      problem(
        'warning',
        `${name} is whitespace only`,
        `${name} holds only whitespace. Claude Code 2.1.197 treats that as set (an invalid credential); newer versions ignore it.`,
        originText(variable.origin),
        `remove ${name}, or set it to an empty string`,
      ),
    )
  }
  return problems
}

export function originText(origin: Origin): string {
  switch (origin.kind) {
    case 'process-env':
      return 'the job environment (workflow, job or runner `env`)'
    case 'action-export':
      return 'this action (GITHUB_ENV)'
    case 'settings-env':
      return `the \`env\` block of ${origin.path}`
    case 'settings-file':
      return `\`apiKeyHelper\` in ${origin.path}`
    case 'credentials-file':
      return origin.path
    case 'claude-json':
      return `\`primaryApiKey\` in ${origin.path}`
  }
}

/** The `origin` field of the `conflicts` output: `env`, or the file to edit. */
export function originField(origin: Origin): string {
  return origin.kind === 'process-env' || origin.kind === 'action-export' ? 'env' : origin.path
}

const INTENDED_WORDS = {
  'oauth-token': 'your OAuth token',
  'api-key': 'your API key',
  'auth-token': 'your gateway token',
} as const

function conflictProblem(conflict: Conflict, inputs: Inputs): Problem {
  const intended = INTENDED_WORDS[inputs.credential.kind]
  const print = conflict.value && printOf(conflict.value) ? ` (fingerprint ${printOf(conflict.value)})` : ''
  const whitespace = conflict.value !== undefined && conflict.value !== '' && conflict.value.trim() === ''
  const what = whitespace ? `${conflict.name} holds only whitespace, which Claude Code 2.1.197 sends as a credential` : `${conflict.name}${print}`
  const cause = {
    outranks: `${what} outranks ${intended}: Claude Code would send it instead, billing a different account or failing authentication.`,
    joins: `${what} would be sent together with ${intended}, in a second auth header.`,
    replaces: `${what} overrides the ${conflict.name} this action exports, because a settings \`env\` block beats the process environment.`,
    'routes-away': `${conflict.name} is on, so Claude Code sends every request to that cloud provider and never uses ${intended}.`,
    'forces-bare': `${conflict.name} turns on bare mode, which never reads ${intended}.`,
    redirects: `${conflict.name} in a settings file sends every request, with ${intended}, to a different address than the job sets.`,
  }[conflict.reason]

  const origin = originText(conflict.origin)
  const fileFix =
    conflict.origin.kind === 'settings-env'
      ? `remove \`${conflict.name}\` from the \`env\` block of ${conflict.origin.path} (a settings file cannot be overridden from the environment)`
      : conflict.origin.kind === 'settings-file'
        ? `remove \`apiKeyHelper\` from ${conflict.origin.path}, or pass a helper only with \`claude --settings\` in steps that need it`
        : conflict.origin.kind === 'claude-json'
          ? `remove \`primaryApiKey\` from ${conflict.origin.path} (or run \`claude auth logout\` in that home) before this step`
          : conflict.origin.kind === 'credentials-file'
            ? `delete ${conflict.origin.path} before this step`
            : `remove ${conflict.name} from the workflow, job and runner \`env\`, or set \`on-conflict: unset\` to blank it for later steps`

  switch (conflict.resolution) {
    case 'unset':
      return problem('notice', `${conflict.name} blanked for later steps`, `${cause} It was exported empty for later steps (on-conflict: unset).`, origin, `remove ${conflict.name} from the workflow \`env\` to silence this notice`)
    case 'warned':
      return problem('warning', `${conflict.name} conflicts with ${intended}`, `${cause} Continuing because on-conflict is \`warn\`.`, origin, fileFix)
    case 'failed':
      return problem('error', `${conflict.name} conflicts with ${intended}`, cause, origin, fileFix)
  }
}

function stateOf(value: string): SourceRow['state'] {
  return value === '' ? 'empty' : value.trim() === '' ? 'whitespace' : 'set'
}

/** One row per credential-bearing place the CLI reads, for the job summary. */
function sourceRows(scan: Scan, inputs: Inputs, exports: readonly Export[], wire: WireResult, conflicts: readonly Conflict[]): SourceRow[] {
  const intendedVariable = EXPORT_NAME[inputs.credential.kind]
  const world = worldAfter(scan, exports, inputs.bare, true)
  const env = effectiveEnv(world)
  const rows: SourceRow[] = []
  const sent = (name: string, origin: Origin) =>
    [wire.authorization, wire.xApiKey].some((s) => s && sameSource(s, { name, origin }))
  const among = (list: readonly CredentialSource[], name: string, origin: Origin) => list.some((s) => sameSource(s, { name, origin }))
  const conflictStatus = (name: string, origin: Origin): RowStatus | undefined => {
    const conflict = conflicts.find((c) => sameSource(c, { name, origin }))
    return conflict ? (conflict.resolution === 'unset' ? 'unset' : 'conflict') : undefined
  }
  const credentialStatus = (name: string, origin: Origin, value: string | undefined): RowStatus =>
    conflictStatus(name, origin) ??
    (name === intendedVariable && origin.kind === 'action-export'
      ? sent(name, origin) ? 'used' : 'not sent'
      : sent(name, origin) ? 'used'
      : among(wire.ignoredInBare, name, origin) ? 'ignored in bare mode'
      : among(wire.shadowed, name, origin) ? 'shadowed'
      : value === '' || value === undefined ? 'absent' : 'shadowed')

  const variableRows = (variable: EffectiveVariable, status: (name: string, origin: Origin, value: string) => RowStatus) => {
    // The job's own value, replaced by one of our exports, is not in the world the CLI sees.
    const jobValue = scan.env[variable.name]
    if (jobValue !== undefined && jobValue !== '' && exports.some((e) => e.name === variable.name)) {
      const origin: Origin = { kind: 'process-env' }
      rows.push({ name: variable.name, origin, state: stateOf(jobValue), fingerprint: printOf(jobValue), status: conflictStatus(variable.name, origin) ?? 'overridden' })
    }
    for (const earlier of variable.overridden) {
      if (earlier.origin.kind === 'action-export') continue
      const overriddenStatus = conflictStatus(variable.name, earlier.origin) ?? (earlier.value === '' ? 'absent' : 'overridden')
      rows.push({ name: variable.name, origin: earlier.origin, state: stateOf(earlier.value), fingerprint: printOf(earlier.value), status: overriddenStatus })
    }
    // A blanked variable is already listed above, as the job value it replaced.
    if (exports.some((e) => e.name === variable.name && e.why === 'neutralise') && variable.origin.kind === 'action-export') return
    rows.push({ name: variable.name, origin: variable.origin, state: stateOf(variable.value), fingerprint: printOf(variable.value), status: status(variable.name, variable.origin, variable.value) })
  }

  for (const name of ENV_CREDENTIALS) {
    const variable = env.get(name)
    if (variable) variableRows(variable, credentialStatus)
  }
  for (const [, flag] of RULES.providers) {
    const variable = env.get(flag)
    if (variable) variableRows(variable, (name, origin, value) => conflictStatus(name, origin) ?? (isTruthy(value) ? 'on' : 'off'))
  }
  for (const name of [RULES.bareFlag, ...RULES.federationRequires]) {
    const variable = env.get(name)
    if (variable) variableRows(variable, (n, origin, value) => conflictStatus(n, origin) ?? (value.trim() === '' ? 'absent' : 'on'))
  }
  for (const file of settingsInCliOrder(scan.settings)) {
    if (file.apiKeyHelper === undefined) continue
    const origin: Origin = { kind: 'settings-file', layer: file.layer, path: file.path }
    rows.push({
      name: 'apiKeyHelper',
      origin,
      state: file.apiKeyHelper === '' ? 'empty' : 'configured',
      status: file.apiKeyHelper === '' ? 'absent' : credentialStatus('apiKeyHelper', origin, file.apiKeyHelper),
    })
  }
  if (scan.credentialsFile) {
    const { path, accessToken, hasInferenceScope } = scan.credentialsFile
    const origin: Origin = { kind: 'credentials-file', path }
    rows.push({ name: 'credentialsFile', origin, state: stateOf(accessToken), fingerprint: printOf(accessToken), status: hasInferenceScope ? credentialStatus('credentialsFile', origin, accessToken) : 'off' })
  }
  if (scan.primaryApiKey) {
    const origin: Origin = { kind: 'claude-json', path: scan.primaryApiKey.path }
    rows.push({ name: 'primaryApiKey', origin, state: stateOf(scan.primaryApiKey.value), fingerprint: printOf(scan.primaryApiKey.value), status: credentialStatus('primaryApiKey', origin, scan.primaryApiKey.value) })
  }
  return rows
}

/** No fingerprint for a value short enough to be guessed back from it. */
const printOf = (value: string): string | undefined => (value.trim().length < SHORTEST_CREDENTIAL ? undefined : fingerprint(value))
