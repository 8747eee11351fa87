// Every title, cause and fix the decide stage writes, in one place, so they
// read alike. Rule: the first sentence says what the CLI would send (or not)
// and names the variable and where it is set; then the fix for that place.

import { problem, type FileLine, type Problem } from '../common/problems.js'
import type { CloudProvider, Origin, StepRef } from '../resolve/model.js'
import { PROVIDER_WORDS } from '../common/provider-words.js'
import { blankStop, MEASURED_VERSIONS, RULES } from '../resolve/rules.js'
import type { Reason } from './explain.js'
import { PROVIDER_INPUTS } from '../inputs/inputs.js'
import { PROVIDER_FLAG, type IntendedSetup } from './intended.js'
import { withFix } from '../engine/fixes.js'
import { annotationAt, displayPath, settingsInputWords, stepWords, subject, whereText, type Places } from './places.js'

export type Resolution = 'unset' | 'warned' | 'failed'

export interface ConflictText {
  name: string
  origin: Origin
  value?: string
  reason: Reason
  resolution: Resolution
  /** Versions of the CLI whose reading makes it a conflict, when not all of them. */
  onlyIn?: string[]
  /** The later step whose own settings make it a conflict. */
  step?: StepRef
  /** The value's fingerprint, when it is long enough to show one. */
  fingerprint?: string
  /** The settings file is tracked by git: the key in it is exposed. */
  exposed?: boolean
}

/** A provider's name by the flag that routes to it (`CLAUDE_CODE_USE_BEDROCK` → "Amazon Bedrock"). */
export const PROVIDER_NAMES: Record<string, string> = Object.fromEntries(RULES.providers.map(([route, flag]) => [flag, PROVIDER_WORDS[route]]))

const METHOD_FOR_FLAG: Record<string, string> = {
  CLAUDE_CODE_USE_BEDROCK: 'bedrock',
  CLAUDE_CODE_USE_VERTEX: 'vertex',
  CLAUDE_CODE_USE_FOUNDRY: 'foundry',
}

const isWhitespaceOnly = (value: string | undefined) => value !== undefined && value !== '' && value.trim() === ''

/** What an older version sends when it ignores a provider credential newer ones read (CLOUD.*.credentials in rules.ts). */
const NEXT_IN_LINE: Record<CloudProvider, string> = {
  bedrock: 'the AWS credentials in the job',
  vertex: 'Google application default credentials',
  foundry: 'a Foundry API key if one is set, else a token from the Azure credential chain (azure/login or a managed identity)',
}

/** The input whose key every measured version sends. */
const KEY_INPUT: Partial<Record<CloudProvider, string>> = { bedrock: 'bedrock-api-key', foundry: 'foundry-api-key' }

/** The measured versions other than `onlyIn`: those that do read it. */
const otherVersions = (onlyIn: string[] | undefined): string => MEASURED_VERSIONS.filter((v) => !(onlyIn ?? []).includes(v)).join(' and ')

function versionNote(onlyIn: string[] | undefined): string {
  return onlyIn && onlyIn.length > 0 ? ` with Claude Code ${onlyIn.join(' and ')}` : ''
}

/** The first sentence: what would happen, and because of what. */
export function conflictCause(c: ConflictText, intended: IntendedSetup, places: Places): string {
  const cause = plainCause(c, intended, places)
  // Set in one step, felt in another (a GITHUB_ENV write, say): name where it bites.
  const setIn = 'step' in c.origin ? c.origin.step : 'input' in c.origin && typeof c.origin.input === 'object' ? c.origin.input.step : undefined
  const elsewhere = c.step && setIn?.index !== c.step.index
  return elsewhere ? `${cause.replace(/\.$/, '')} when ${stepWords(c.step!)} runs Claude Code.` : cause
}

function plainCause(c: ConflictText, intended: IntendedSetup, places: Places): string {
  const who = subject(c.name, c.origin, places)
  const print = c.fingerprint ? ` (fingerprint ${c.fingerprint})` : ''
  const versions = versionNote(c.onlyIn)
  const stop = isWhitespaceOnly(c.value) ? blankStop(c.name) : undefined
  if (stop) {
    return `${who} holds only whitespace: Claude Code takes it as the key, so it asks for no other credential, and stops before sending anything ("${stop.message.replace(/^API Error: /, '').replace(/\.$/, '')}")${versions}.`
  }
  if (isWhitespaceOnly(c.value)) {
    return `${who} holds only whitespace, which Claude Code 2.1.197 sends as a credential${c.reason === 'as-well' ? ' as well as' : ' instead of'} ${intended.words}.`
  }
  switch (c.reason) {
    case 'instead':
      return `${who}${print} would be sent instead of ${intended.words}${versions}.`
    case 'as-well':
      return intended.provider
        ? `${who}${print} would also be sent to ${PROVIDER_NAMES[PROVIDER_FLAG[intended.provider]]}, next to its own credentials${versions}.`
        : `${who}${print} would be sent as well as ${intended.words}${versions}.`
    case 'routes-away':
      return `${who} is on, so Claude Code sends every request to ${PROVIDER_NAMES[c.name] ?? 'a cloud provider'}; ${intended.words} would not be sent at all${versions}.`
    case 'forces-bare':
      return `${who} turns on bare mode, which never reads ${intended.words}: it would not be sent at all, and Claude Code stops with "Not logged in · Please run /login"${versions}.`
    case 'not-at-all':
      if (c.origin.kind === 'claude-argv' && c.name !== '--bare') {
        return `The \`claude\` command of ${stepWords(c.origin.step)} would not get ${intended.words}: it would not be sent at all${versions}.`
      }
      return c.name === intended.variable && (c.value ?? '').trim() === ''
        ? `${who} is empty, so ${intended.words} would not be sent at all${versions}.`
        : `${who} keeps ${intended.words} from being sent at all${versions}.`
    case 'redirects':
      return `${who} sends every request, with ${intended.words}, to another address than this job sets${versions}.`
    case 'overrides':
      return `${who} overrides what this job sets up for ${PROVIDER_NAMES[PROVIDER_FLAG[intended.provider!]]}: a settings file beats the workflow's environment${versions}.`
    case 'inert':
      return `${who}${print} is set but not used while every request goes to ${PROVIDER_NAMES[PROVIDER_FLAG[intended.provider!]]}${versions}.`
    case 'versions-differ':
      return `${who}${print} is the credential Claude Code ${otherVersions(c.onlyIn)} sends to ${PROVIDER_NAMES[PROVIDER_FLAG[intended.provider!]]}, but Claude Code ${(c.onlyIn ?? []).join(' and ')} ignores it and sends ${NEXT_IN_LINE[intended.provider!]} instead: the two versions would authenticate differently.`
  }
}

/** What to change, for the place it is set. */
export function conflictFix(c: ConflictText, intended: IntendedSetup, places: Places, inputName: string): string {
  const { origin, name } = c
  if (c.reason === 'versions-differ') {
    const key = KEY_INPUT[intended.provider!]
    const newest = MEASURED_VERSIONS[MEASURED_VERSIONS.length - 1]
    return `${key ? `give the key as this action's \`${key}\` input and remove ${name} (every version sends that key), or ` : ''}upgrade Claude Code to ${newest} or newer in every later step and set \`on-conflict: warn\``
  }
  switch (origin.kind) {
    case 'process-env': {
      const declared = places.declared(name)
      const line = declared ? ` (${declared.at.file} line ${declared.at.line})` : ''
      const other = METHOD_FOR_FLAG[name] && !intended.provider ? `; if you meant to use ${PROVIDER_NAMES[name]}, set \`method: ${METHOD_FOR_FLAG[name]}\` instead of \`${inputName}\`` : ''
      if (declared?.level === 'earlier-step') return `delete that GITHUB_ENV write${line}, or set \`on-conflict: unset\` to clear it for later steps${other}`
      if (declared) return `remove ${name} from the ${declared.level} \`env:\`${line}, or set \`on-conflict: unset\` to clear it for later steps${other}`
      return `remove ${name} where it is set, or set \`on-conflict: unset\` to clear it for later steps${other}`
    }
    case 'settings-env': {
      if (origin.input) return `remove \`${name}\` from the \`env\` block of ${settingsInputWords(origin, places)}${sameValueFix(name, intended, inputName, 'give it')}`
      const path = displayPath(origin.path, places)
      const rotate = c.exposed ? '; the file is committed, so the key in it is exposed: rotate it, and keep keys in `.claude/settings.local.json` or a secret' : ''
      return `remove \`${name}\` from the \`env\` block of ${path} (a settings file beats the workflow's environment, so \`on-conflict: unset\` cannot reach it)${rotate}`
    }
    case 'settings-file':
      if (origin.input) return `remove \`apiKeyHelper\` from ${settingsInputWords(origin, places)}`
      return `remove \`apiKeyHelper\` from ${displayPath(origin.path, places)}, or pass a helper only with \`claude --settings <file>\` in the steps that need it`
    case 'claude-json':
      return `remove \`primaryApiKey\` from ${displayPath(origin.path, places)} (or run \`claude auth logout\` as that user) before this step`
    case 'credentials-file':
      return `delete ${displayPath(origin.path, places)} before this step, or run \`claude auth logout\` as that user`
    case 'step-env':
      return `delete the \`${name}:\` line from that step's \`env:\` (${origin.at.file} line ${origin.at.line}; a step's own env beats every export)${sameValueFix(name, intended, inputName, 'give it')}`
    case 'step-script':
    case 'github-env-write':
      return `delete that line (${origin.at.file} line ${origin.at.line})${sameValueFix(name, intended, inputName, 'set it to')}`
    case 'claude-action':
      return claudeActionFix(c, intended, inputName)
    case 'claude-argv':
      if (name !== '--bare') return `let that command see this action's exports: no \`env -i\`, no \`unset ${intended.variable}\` before it, \`sudo -E\` rather than \`sudo\``
      return intended.method === 'oauth-token'
        ? 'drop `--bare` from that command, or use a Console API key (`anthropic-api-key`), which bare mode reads'
        : 'drop `--bare` from that command'
    case 'action-export':
      return "report this case to the action's maintainers"

  }
}

/**
 * ", or give it the same secret as this action's `claude-code-oauth-token` input": offered
 * only for a variable this action gives a value itself (the credential it exports, the base
 * URL, a provider's values), so that following it makes both steps hold one value
 * (same-value.ts). A token in the key slot, or a flag, has no such fix.
 */
function sameValueFix(name: string, intended: IntendedSetup, inputName: string, verb: 'give it' | 'set it to'): string {
  const input = ownInput(name, intended, inputName)
  if (!input) return ''
  const secret = input === inputName || PROVIDER_SECRET_INPUTS.has(input)
  return secret ? `, or ${verb} the same secret as this action's \`${input}\` input` : `, or give it and this action's \`${input}\` input the same value`
}

/** The input of this action that gives `name` a value, when one does. */
function ownInput(name: string, intended: IntendedSetup, inputName: string): string | undefined {
  if (name === RULES.baseUrl && !intended.provider) return 'anthropic-base-url'
  if (!intended.provider) return name === intended.variable && intended.input ? inputName : undefined
  return PROVIDER_INPUTS[intended.provider].find((i) => i.variable === name)?.input
}

const PROVIDER_SECRET_INPUTS = new Set(Object.values(PROVIDER_INPUTS).flatMap((inputs) => inputs.filter((i) => i.secret).map((i) => i.input)))

/**
 * A Claude action step's own input (or its lack) stands in the way. Each fix clears it at the
 * step's release: where the action passes only its inputs on (every release before
 * v1.0.146, every base action), removing its only credential input leaves Claude Code with
 * none, so the fix is to give the intended one in its input slot instead.
 */
function claudeActionFix(c: ConflictText, intended: IntendedSetup, inputName: string): string {
  const origin = c.origin as Extract<Origin, { kind: 'claude-action' }>
  const slot = CLAUDE_ACTION_INPUT[intended.variable]
  const intendedKind = intended.input !== undefined && !intended.provider
  const passesInputsOnly = origin.envFallback === false
  const release = origin.release ? ` at \`@${origin.release}\`` : ''
  const sameSecret = intendedKind ? `the same secret as this action's \`${inputName}\` input` : 'your credential'
  if (!origin.input) return `give that step the same credential as this action's \`${inputName}\` input`
  if (origin.input === 'claude_env') {
    return c.name === intended.variable && intendedKind
      ? `give \`${c.name}\` in the \`claude_env\` input of that step ${sameSecret}, or delete that line of it`
      : `delete the \`${c.name}:\` line from the \`claude_env\` input of that step (it beats every export)${sameValueFix(c.name, intended, inputName, 'give it')}`
  }
  if (origin.blanked && slot && c.name === intended.variable) {
    return `give that step the \`${slot}\` input with ${sameSecret}: the action${release} passes only its own inputs to Claude Code, so what this action exports does not reach it`
  }
  if (c.name === intended.variable) return `give the \`${origin.input}\` input of that step ${sameSecret}`
  if (slot && passesInputsOnly && CLAUDE_ACTION_CREDENTIAL_INPUTS.includes(origin.input)) {
    return `replace the \`${origin.input}\` input of that step with \`${slot}\`, given ${sameSecret} (the action${release} passes only its own inputs to Claude Code, so removing the input alone would leave it no credential)`
  }
  return `remove the \`${origin.input}\` input from that step`
}

/** The Claude action's input for each credential variable (the same at every release that has it). */
const CLAUDE_ACTION_INPUT: Record<string, string> = { CLAUDE_CODE_OAUTH_TOKEN: 'claude_code_oauth_token', ANTHROPIC_API_KEY: 'anthropic_api_key' }
const CLAUDE_ACTION_CREDENTIAL_INPUTS = Object.values(CLAUDE_ACTION_INPUT)

const SHORT_REASON: Record<Reason, string> = {
  instead: 'would be sent instead',
  'as-well': 'would be sent as well',
  'routes-away': 'routes requests away',
  'forces-bare': 'turns on bare mode',
  'not-at-all': 'stops the credential',
  redirects: 'redirects requests',
  overrides: 'is set in a settings file',
  inert: 'is set but not used',
  'versions-differ': 'is ignored by older Claude Code',
}

export function conflictTitle(c: ConflictText, intended: IntendedSetup): string {
  const name = c.name === '--bare' ? 'claude --bare' : c.name
  const what =
    c.reason === 'instead' ? `would be sent instead of ${intended.words}`
    : c.reason === 'as-well' && intended.provider ? `would also be sent to ${PROVIDER_NAMES[PROVIDER_FLAG[intended.provider]]}`
    : c.reason === 'as-well' ? `would be sent as well as ${intended.words}`
    : c.reason === 'routes-away' ? `routes to ${PROVIDER_NAMES[c.name] ?? 'a cloud provider'}`
    : c.reason === 'not-at-all' ? `leaves ${intended.words} unsent`
    : c.reason === 'versions-differ' && c.onlyIn ? `is ignored by Claude Code ${c.onlyIn.join(' and ')}`
    : SHORT_REASON[c.reason]
  return `${c.step ? `Step "${c.step.label}": ` : ''}${name} ${what}`
}

/** A variable set where the user set it, replaced by a settings file with another value (the doctor and the action alike). */
export const SHADOWED_RULE = 'settings/shadowed-value'

/**
 * A conflict's stable rule id (docs/rules.md): by what it does to the intended
 * credential; the intended variable itself replaced by a settings file is
 * `settings/shadowed-value`, as the doctor names it.
 */
export function conflictRule(c: Pick<ConflictText, 'name' | 'origin' | 'reason' | 'step'>, intended: Pick<IntendedSetup, 'variable'>): string {
  if (c.origin.kind === 'settings-env' && c.name === intended.variable && c.reason === 'instead') return SHADOWED_RULE
  return `${c.step ? 'later-step' : 'conflict'}/${c.reason}`
}

export function conflictProblem(c: ConflictText, intended: IntendedSetup, places: Places, inputName: string): Problem {
  const cause = conflictCause(c, intended, places)
  const where = whereText(c.name, c.origin, places)
  const at = annotationAt(c.name, c.origin, places)
  const rule = c.resolution === 'unset' ? 'conflict/cleared' : conflictRule(c, intended)
  const extra = at ? { at, rule } : { rule }
  return withFix(conflictWords(c, intended, places, inputName, cause, where, extra), c.name, c.origin)
}

function conflictWords(c: ConflictText, intended: IntendedSetup, places: Places, inputName: string, cause: string, where: string, extra: Pick<Problem, 'at' | 'rule'>): Problem {
  switch (c.resolution) {
    case 'unset':
      return problem(
        'notice',
        `${c.name} cleared for later steps`,
        `${cause.replace(/\.$/, '')}, so this action set it to empty for later steps (on-conflict: unset).`,
        where,
        `remove ${c.name} there to silence this notice`,
        extra,
      )
    case 'warned':
      return problem('warning', conflictTitle(c, intended), `${cause.replace(/\.$/, '')}; continuing because on-conflict is \`warn\`.`, where, conflictFix(c, intended, places, inputName), extra)
    case 'failed':
      return problem('error', conflictTitle(c, intended), cause, where, conflictFix(c, intended, places, inputName), extra)
  }
}

/** A Claude action step pinned to a ref the data does not know (claude-actions.ts): judged as the newest release. */
export function unknownClaudeActionRefProblem(step: StepRef, action: { action: string; ref: string; release: { name: string; envFallback: boolean } }, at: FileLine): Problem {
  const mapping = action.release.envFallback
    ? 'which passes the credential inputs on and falls back to the environment when they are empty'
    : 'which passes only its own credential inputs on'
  return problem(
    'notice',
    `Step "${step.label}": unknown ${action.action} ref`,
    `${action.action}@${action.ref} is neither a release tag, a branch this action knows, nor the commit of a release, so ${stepWords(step)} is judged as \`@${action.release.name}\`, ${mapping}.`,
    `${stepWords(step)} (${at.file} line ${at.line})`,
    'pin a release tag (or the commit of one), or check that the ref maps credentials as the newest release does',
    { at, rule: 'later-step/claude-action-ref-unknown' },
  )
}

export function bareInputProblem(words = 'your OAuth token'): Problem {
  return problem(
    'error',
    'Bare mode ignores OAuth tokens',
    `Input \`bare\` is \`true\`, and \`claude --bare\` never reads ${words === 'your OAuth token' ? 'CLAUDE_CODE_OAUTH_TOKEN' : words}: it would stop with "Not logged in · Please run /login".`,
    'input `bare`',
    'use a Console API key (`anthropic-api-key`) for bare mode, or an apiKeyHelper passed with `claude --bare --settings <file>`, or drop `--bare` from the later steps',
    { rule: 'bare/ignores-oauth' },
  )
}

export function unexplainedProblem(intended: IntendedSetup, inputName: string): Problem {
  return problem(
    'error',
    'Credential would not be sent',
    `With the exports this action would make, Claude Code would not send ${intended.words} alone, for a reason this action cannot name.`,
    `input \`${inputName}\``,
    'see the credential table in the job summary, and please report this case to the action maintainers',
    { rule: 'credential/unexplained' },
  )
}

export function whitespaceProblem(name: string, origin: Origin, places: Places): Problem {
  return problem(
    'warning',
    `${name} is whitespace only`,
    `${subject(name, origin, places)} holds only whitespace; Claude Code 2.1.197 sends that as an invalid credential, newer versions ignore it.`,
    whereText(name, origin, places),
    `remove ${name}, or set it to an empty string`,
    { ...(annotationAt(name, origin, places) ? { at: annotationAt(name, origin, places) } : {}), rule: 'credential/whitespace-only' },
  )
}

export function halfAwsKeyProblem(instead: string, where: string): Problem {
  return problem(
    'warning',
    'Half an AWS key',
    `AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not, so Claude Code ignores the AWS keys in the environment and uses ${instead} instead.`,
    where,
    'set both (aws-actions/configure-aws-credentials sets both), or remove AWS_ACCESS_KEY_ID',
    { rule: 'provider/half-aws-key' },
  )
}

/** Only a version that looks the project up gets here: this action sets GOOGLE_CLOUD_PROJECT whenever it knows the project. */
export function vertexProjectLookupProblem(onlyThen: string): Problem {
  return problem(
    'error',
    'Google Cloud project would be looked up',
    `Neither GOOGLE_CLOUD_PROJECT nor GCLOUD_PROJECT is set, so Claude Code${onlyThen ? onlyThen.replace(/^ with Claude Code/, '') : ''} would first ask Google Cloud for the project (GCE metadata, then Cloud Resource Manager, which needs resourcemanager.projects.get) and send nothing until it answers.`,
    'GOOGLE_CLOUD_PROJECT',
    'set `vertex-project-id` (this action then sets GOOGLE_CLOUD_PROJECT to it too), or set GOOGLE_CLOUD_PROJECT to the project',
    { url: 'https://code.claude.com/docs/en/google-vertex-ai', rule: 'provider/vertex-project-lookup' },
  )
}
