// Titles, causes and fixes of the doctor's findings. The cause of a conflict
// is the action's own sentence (decide/messages.ts); what differs is the fix,
// since outside a GitHub Actions step there is no input and no export to
// change: the user edits their environment or the file itself.

import { isKeychainPlace } from '../common/paths.js'
import { problem, type Problem } from '../common/problems.js'
import { PROVIDER_WORDS } from '../common/provider-words.js'
import type { Conflict } from '../decide/decide.js'
import { conflictCause, conflictRule, conflictTitle, PROVIDER_NAMES, SHADOWED_RULE } from '../decide/messages.js'
import type { IntendedSetup } from '../decide/intended.js'
import { displayPath, subject, whereText, type Places } from '../decide/places.js'
import { failProblem } from '../decide/providers.js'
import type { CloudProvider, CredentialKind, CredentialSource, Origin, ProviderWire } from '../resolve/model.js'
import { blankStopCredential } from '../resolve/provider.js'
import { EXPORT_NAME } from '../resolve/rules.js'
import type { ShapeReader } from '../inputs/credential-shape.js'
import type { Scan } from '../scan/scan.js'
import { environmentFix, type EnvironmentPlaces } from './environment.js'

export interface DoctorPlaces extends Places {
  env: EnvironmentPlaces
}

/** What to change where a source is defined, so that `claude` no longer reads it. */
export function removalFix(name: string, origin: Origin, places: DoctorPlaces, exposed = false): string {
  switch (origin.kind) {
    case 'process-env':
      return environmentFix(places.env, name)
    case 'settings-env': {
      const rotate = exposed ? '; the file is committed, so the key in it is exposed: rotate it, and keep keys in `.claude/settings.local.json` or a secret store' : ''
      return `remove \`${name}\` from the \`env\` block of ${displayPath(origin.path, places)} (a settings file beats the environment, so unsetting the variable does not help)${rotate}`
    }
    case 'settings-file':
      return `remove \`apiKeyHelper\` from ${displayPath(origin.path, places)}, or pass a helper only with \`claude --settings <file>\` where you need it`
    case 'claude-json':
      return `remove \`primaryApiKey\` from ${displayPath(origin.path, places)}`
    case 'credentials-file':
      return isKeychainPlace(origin.path) ? `run \`claude auth logout\` (it removes the login from ${origin.path})` : `run \`claude auth logout\`, or delete ${displayPath(origin.path, places)}`
    default:
      return `remove ${name} where it is set`
  }
}

export function conflictProblem(c: Conflict & { fingerprint?: string; exposed?: boolean }, intended: IntendedSetup, places: DoctorPlaces): Problem {
  const provider = PROVIDER_NAMES[c.name]
  const alternative = provider ? `; if you meant to use ${provider}, run the doctor without \`--expect\`` : ''
  return problem('error', conflictTitle(c, intended), conflictCause(c, intended, places), whereText(c.name, c.origin, places), `${removalFix(c.name, c.origin, places, c.exposed)}${alternative}`, {
    rule: conflictRule(c, intended),
  })
}

const SETUP_HELP: Record<CredentialKind, { local: string; ci: string }> = {
  'oauth-token': {
    local: 'run `claude`, then `/login` with your Claude subscription; or export CLAUDE_CODE_OAUTH_TOKEN with a token from `claude setup-token`',
    ci: 'give the job CLAUDE_CODE_OAUTH_TOKEN, a token from `claude setup-token`, as a masked secret variable',
  },
  'api-key': {
    local: 'export ANTHROPIC_API_KEY with a Console API key (`sk-ant-api03-…`), from your secret store rather than a file in the project',
    ci: 'give the job ANTHROPIC_API_KEY, a Console API key (`sk-ant-api03-…`), as a masked secret variable',
  },
  'auth-token': {
    local: 'export ANTHROPIC_AUTH_TOKEN with your gateway token, and ANTHROPIC_BASE_URL with the gateway address',
    ci: "give the job ANTHROPIC_AUTH_TOKEN (your gateway's token) as a masked secret variable, and ANTHROPIC_BASE_URL",
  },
}

const KIND_WHAT: Record<CredentialKind, string> = {
  'oauth-token': 'Neither CLAUDE_CODE_OAUTH_TOKEN nor a `/login` subscription',
  'api-key': 'No ANTHROPIC_API_KEY',
  'auth-token': 'No ANTHROPIC_AUTH_TOKEN',
}

const MISSING_TITLE: Record<CredentialKind, string> = {
  'oauth-token': 'No OAuth token or /login found',
  'api-key': 'No API key found',
  'auth-token': 'No gateway token found',
}

export interface MissingContext {
  expect: CredentialKind
  /** What the CLI would send instead, in words, when anything. */
  instead?: string
  /** How to remove each of those, since they would still win once the expected credential is there. */
  insteadFixes?: string[]
  /** The credentials file, as shown. */
  credentialsFile: string
  /** A login is there but lacks the scope Claude Code needs. */
  loginWithoutScope: boolean
  /** macOS keeps the login in the Keychain, and whether it is there could not be told. */
  keychain: boolean
  local: boolean
}

/** `--expect` names a credential that is nowhere the CLI reads it. */
export function missingProblem(m: MissingContext): Problem {
  const what = KIND_WHAT[m.expect]
  const isSet = m.expect === 'oauth-token' ? 'is there' : 'is set where Claude Code reads it'
  const scope = m.expect === 'oauth-token' && m.loginWithoutScope ? ` (the login in ${m.credentialsFile} lacks the \`user:inference\` scope, so Claude Code does not use it)` : ''
  const instead = m.instead ? `, so Claude Code would send ${m.instead} instead` : ', so Claude Code would send no credential at all'
  const keychain = m.expect === 'oauth-token' && m.keychain
  if (keychain && !m.instead) {
    return problem(
      'warning',
      'Login not visible on macOS',
      'No CLAUDE_CODE_OAUTH_TOKEN is set and nothing else would be sent; on macOS Claude Code keeps a `/login` subscription in the Keychain, and this tool could not look its item up (`security find-generic-password` did not answer).',
      `the environment and ${m.credentialsFile}`,
      'nothing to do if you have run `/login` (check with `claude -p "hi"`); otherwise run `claude`, then `/login`',
      { rule: 'login/keychain-not-read' },
    )
  }
  const cause = keychain
    ? `No CLAUDE_CODE_OAUTH_TOKEN is set${instead}, before any \`/login\` subscription in the macOS Keychain.`
    : `${what} ${isSet}${scope}${instead}.`
  const where = m.expect === 'oauth-token' ? `the environment, and ${m.credentialsFile}` : 'the environment and every settings file listed below'
  const setupHelp = m.local ? SETUP_HELP[m.expect].local : SETUP_HELP[m.expect].ci
  const removals = m.insteadFixes && m.insteadFixes.length > 0 ? `; and, since it would still be sent, ${m.insteadFixes.join('; ')}` : ''
  return problem('error', MISSING_TITLE[m.expect], cause, where, `${setupHelp}${removals}`, { rule: 'credential/expected-missing' })
}

/** Nothing in the header slots: every request fails. */
export function nothingSentProblem(context: { bare: boolean; ignoredInBare: readonly CredentialSource[]; keychain: boolean; local: boolean }, places: Places): Problem {
  if (context.keychain && !context.bare) {
    return problem(
      'warning',
      'No credential found',
      'No credential is set in the environment or the settings files; on macOS Claude Code keeps a `/login` subscription in the Keychain, and this tool could not look its item up (`security find-generic-password` did not answer).',
      'the environment and every settings file listed below',
      'nothing to do if you have run `/login` (check with `claude -p "hi"`); otherwise run `claude`, then `/login`, or export ANTHROPIC_API_KEY',
      { rule: 'credential/none-sent' },
    )
  }
  if (context.bare && context.ignoredInBare.length > 0) {
    const ignored = context.ignoredInBare.map((s) => subject(s.name, s.origin, places)).join(' and ')
    return problem(
      'error',
      'Bare mode finds no credential',
      `Bare mode ignores ${ignored}, so Claude Code would send no credential and stop with "Not logged in · Please run /login".`,
      'bare mode (`--bare` or CLAUDE_CODE_SIMPLE)',
      'use ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN with a gateway), which bare mode reads, or an apiKeyHelper passed with `claude --bare --settings <file>`; or drop `--bare`',
      { rule: 'bare/no-credential' },
    )
  }
  return problem(
    'error',
    'No credential found',
    'Claude Code would send no credential at all, so every request would fail.',
    'the environment and every settings file listed below',
    context.local
      ? 'run `claude`, then `/login` with your Claude subscription; or export ANTHROPIC_API_KEY with a Console API key'
      : 'give the job CLAUDE_CODE_OAUTH_TOKEN (from `claude setup-token`) or ANTHROPIC_API_KEY as a masked secret variable',
      { rule: 'credential/none-sent' },
  )
}

/** How a header is named in a sentence. */
export const headerWords = (headers: readonly string[]): string => headers.map((h) => (h === 'authorization' ? 'Authorization' : h)).join(' and ')

export interface SentSource {
  name: string
  origin: Origin
  /** The header(s) it fills. */
  headers: string[]
}

/** Two different credentials on every request: which account pays is not up to the user. */
export function twoCredentialsProblem(sent: readonly SentSource[], places: DoctorPlaces): Problem {
  const named = sent.map((s) => `${subject(s.name, s.origin, places)} (${headerWords(s.headers)})`)
  return problem(
    'error',
    'Two credentials sent together',
    `Claude Code would send ${named.join(' and ')} on every request: two credentials at once, of which you probably meant one.`,
    sent.map((s) => `${s.name}: ${whereText(s.name, s.origin, places)}`).join('; '),
    `keep the one you mean and remove the other: ${sent.map((s) => `to drop ${s.name}, ${removalFix(s.name, s.origin, places)}`).join('; ')}; then check with \`--expect\``,
    { rule: 'credential/two-sent' },
  )
}

/** `--bare` with an OAuth token expected: bare mode never reads one. */
export function bareOauthProblem(): Problem {
  return problem(
    'error',
    'Bare mode ignores OAuth tokens',
    '`claude --bare` never reads CLAUDE_CODE_OAUTH_TOKEN or a `/login` subscription: it would stop with "Not logged in · Please run /login".',
    '`--bare`',
    'use a Console API key (ANTHROPIC_API_KEY) for bare mode, or an apiKeyHelper passed with `claude --bare --settings <file>`, or drop `--bare`',
    { rule: 'bare/ignores-oauth' },
  )
}

export function unexplainedProblem(intended: IntendedSetup): Problem {
  return problem(
    'error',
    'Credential would not be sent',
    `Claude Code would not send ${intended.words} alone, for a reason this tool cannot name.`,
    'the sources listed below',
    "compare the sources listed below, and please report this case to claude-code-auth's issue tracker",
    { rule: 'credential/unexplained' },
  )
}

const KIND_OF: Record<string, CredentialKind> = {
  CLAUDE_CODE_OAUTH_TOKEN: 'oauth-token',
  credentialsFile: 'oauth-token',
  ANTHROPIC_API_KEY: 'api-key',
  ANTHROPIC_AUTH_TOKEN: 'auth-token',
}

/** Without `--expect`: a credential that is there and loses, which may be the one the user thinks is used. */
export function notUsedProblem(name: string, origin: Origin, note: string | undefined, places: Places): Problem {
  const kind = KIND_OF[name]
  return problem(
    'notice',
    `${name === 'credentialsFile' ? 'Login' : name} not used`,
    `${subject(name, origin, places)} is there but not sent${note ? `: ${note}` : ''}.`,
    whereText(name, origin, places),
    kind ? `if you meant to use it, run again with \`--expect ${kind}\` to see what to change` : 'nothing to do, unless you meant to use it',
    { rule: 'credential/not-used' },
  )
}

export function liveCheckSkippedProblem(why: string): Problem {
  return problem('notice', 'Live check skipped', `The live check did not run: ${why}.`, '`--live-check`', 'nothing to do', { rule: 'live-check/skipped' })
}

/** How messages name a cloud provider: "Google Vertex AI". */
export const providerWords = (provider: CloudProvider): string => PROVIDER_WORDS[provider]

/**
 * A first-party credential the CLI forwards to the provider (the resolver's
 * `wire.provider.forwarded`): the action's words for it ("would also be sent
 * to Google Vertex AI"), a warning since a gateway in front of the provider
 * may be what asks for it.
 */
export function forwardedProblem(s: SentSource & { fingerprint?: string }, provider: CloudProvider, places: DoctorPlaces): Problem {
  const to = providerWords(provider)
  const print = s.fingerprint ? ` (fingerprint ${s.fingerprint})` : ''
  return problem(
    'warning',
    `${s.name} would also be sent to ${to}`,
    `${subject(s.name, s.origin, places)}${print} would also be sent to ${to}, in the ${headerWords(s.headers)} header of every request.`,
    whereText(s.name, s.origin, places),
    `nothing to do if the gateway in front of ${to} expects it; otherwise ${removalFix(s.name, s.origin, places)}`,
    { rule: 'provider/forwarded-credential' },
  )
}

/** Outside a GitHub Actions step there is no input to set: the variables Claude Code reads instead. */
const FAIL_PLACES: Record<string, { where: string; fix: string }> = {
  'vertex-project': {
    where: 'ANTHROPIC_VERTEX_PROJECT_ID',
    fix: 'set ANTHROPIC_VERTEX_PROJECT_ID to your Google Cloud project ID',
  },
  'vertex-project-lookup': {
    where: 'GOOGLE_CLOUD_PROJECT / GCLOUD_PROJECT',
    fix: 'set GOOGLE_CLOUD_PROJECT to your Google Cloud project ID (the one in ANTHROPIC_VERTEX_PROJECT_ID)',
  },
  'foundry-endpoint': {
    where: 'ANTHROPIC_FOUNDRY_RESOURCE / ANTHROPIC_FOUNDRY_BASE_URL',
    fix: 'set exactly one: ANTHROPIC_FOUNDRY_RESOURCE (the resource name), or ANTHROPIC_FOUNDRY_BASE_URL ending in `/anthropic`',
  },
}

/** Claude Code stops before any request (`wire.provider.fails`): the action's title and cause, the fix in variables. */
export function providerFailureProblem(own: ProviderWire, onlyThen: string, scan: Scan, places: DoctorPlaces): Problem {
  const action = failProblem(own.name, own, onlyThen, scan, places)
  const blank = blankStopCredential(own)
  // A blank key from the environment: there is no action input to give it in.
  if (blank) return blank.origin.kind === 'process-env' ? { ...action, fix: `${removalFix(blank.name, blank.origin, places)}, or set it to the key; unset, it lets Claude Code use the Azure credential chain (\`az login\`, or AZURE_CLIENT_ID with a secret or a federated token)` } : action
  const doctor = FAIL_PLACES[own.fails!.rule]
  return doctor ? { ...action, ...doctor } : action
}

/**
 * The shape checks (inputs/credential-shape.ts) worded for the doctor's
 * reader: the variable where it is set, and the variable a credential of
 * each kind belongs in, never an input.
 */
export function shapeReader(name: string, origin: Origin, places: DoctorPlaces): ShapeReader {
  const inFile = origin.kind === 'settings-env'
  const file = inFile ? displayPath(origin.path, places) : ''
  return {
    subject: subject(name, origin, places),
    where: whereText(name, origin, places),
    slotNoun: 'variable',
    slotOf: (kind) => EXPORT_NAME[kind],
    moveTo: (kind) =>
      inFile
        ? `put it in \`${EXPORT_NAME[kind]}\` instead of \`${name}\` in the \`env\` block of ${file}, then check with \`--expect ${kind}\``
        : `set ${EXPORT_NAME[kind]} to it instead of ${name} (and unset ${name}), then check with \`--expect ${kind}\``,
    holder: inFile ? `the \`${name}\` entry of ${file}` : name,
    trimmed: 'Claude Code strips it before sending, but other tools reading the variable may not',
    trimFix: inFile ? `write the token in ${file} without surrounding whitespace or a newline` : `set ${name} to the token alone, without surrounding whitespace or a newline (e.g. \`export ${name}="$(tr -d '[:space:]' < token-file)"\`)`,
    brokenFix: (write) =>
      write
        ? `${inFile ? file : 'whatever sets ' + name} holds the text of a workflow expression, not its value: write \`${write}\` where the workflow sets it, or set the token itself`
        : `close the expression with \`}}\` where ${name} is set, or set the token itself`,
  }
}

export interface Shadowed {
  name: string
  /** Where the user set it: the environment. */
  set: { origin: Origin; fingerprint?: string }
  /** The settings file whose `env` block replaces it. */
  by: { origin: Origin; fingerprint?: string }
  /** With `--expect`: the expected credential is not the value the user set. */
  expected: boolean
  /** The versions that let the file win, when not every supported one does. */
  onlyIn?: readonly string[]
}

/** A variable the user set that a settings file replaces with another value: the one set is silently not the one sent. */
export function shadowedProblem(s: Shadowed, places: DoctorPlaces): Problem {
  const print = (p: { fingerprint?: string }) => (p.fingerprint ? ` (fingerprint ${p.fingerprint})` : '')
  const file = s.by.origin.kind === 'settings-env' ? displayPath(s.by.origin.path, places) : 'a settings file'
  return problem(
    s.expected ? 'error' : 'warning',
    `${s.name} replaced by a settings file`,
    `${subject(s.name, s.set.origin, places)}${print(s.set)} is not what Claude Code sends: ${file} sets ${s.name} to another value${print(s.by)}, and a settings file beats the environment${s.onlyIn ? ` with Claude Code ${s.onlyIn.join(' and ')}` : ''}.`,
    `${whereText(s.name, s.set.origin, places)}; and ${whereText(s.name, s.by.origin, places)}`,
    `to send the value you set, remove \`${s.name}\` from the \`env\` block of ${file}; if the file's value is the one you mean, ${removalFix(s.name, s.set.origin, places).replace(/^(\w)/, (c) => c.toLowerCase())}`,
    { rule: SHADOWED_RULE },
  )
}

/** `--expect auth-token` with ANTHROPIC_BASE_URL set nowhere: the token would go to api.anthropic.com. */
export function gatewayWithoutUrlProblem(): Problem {
  return problem(
    'warning',
    'Gateway token without a gateway URL',
    'ANTHROPIC_AUTH_TOKEN is set but ANTHROPIC_BASE_URL is not (in the environment or any settings file), so Claude Code would send the token to api.anthropic.com.',
    'ANTHROPIC_BASE_URL',
    'set ANTHROPIC_BASE_URL to your gateway, or use ANTHROPIC_API_KEY (and `--expect api-key`) for a Console key',
    { rule: 'inputs/gateway-without-url' },
  )
}
