// The setup the user intends, as something the resolver's answer can be
// checked against: which source must carry every request, in which form,
// where requests must go, and what this action exports so that later steps
// have it (the action), or where the credential already is (the doctor).
// First-party credentials and cloud providers alike.

import type { Inputs, Method } from '../inputs/inputs.js'
import type { CloudProvider, CredentialKind, CredentialSource, CredentialSourceName, Origin, ProviderCredential, SettingsFile, WireResult } from '../resolve/model.js'
import { CLOUD, EXPORT_NAME, MEASURED_VERSIONS, RULES, ruleFor } from '../resolve/rules.js'

export interface Export {
  name: string
  value: string
  why: 'intended' | 'configuration' | 'neutralise'
}

export interface IntendedSetup {
  method: Method
  /** How messages name it: "your OAuth token", "your Amazon Bedrock setup". */
  words: string
  /** The variable later steps read it from: the credential's, or the provider's flag. */
  variable: string
  /** The input whose secret it is, for "the same secret as this action's … input". */
  input?: string
  /** For a cloud provider method. */
  provider?: CloudProvider
  /** What this action writes to GITHUB_ENV for it (before any clearing); nothing when the credential is already in place. */
  exports: Export[]
  /** This source is the intended credential (exported by this action, or the same secret given again). */
  isIntended(source: Source | undefined): boolean
  /** The intended credential reaches the CLI's requests, in the right form and place. */
  sent(wire: WireResult): boolean
  /** It is sent, and nothing else is. */
  sentAlone(wire: WireResult): boolean
  /** A provider setup: the variables its route reads, any of which a settings file could override. */
  family?(name: string): boolean
}

export const INTENDED_WORDS: Record<Method, string> = {
  'oauth-token': 'your OAuth token',
  'api-key': 'your API key',
  'auth-token': 'your gateway token',
  bedrock: 'your Amazon Bedrock setup',
  vertex: 'your Google Vertex AI setup',
  foundry: 'your Microsoft Foundry setup',
  federation: 'your federated token',
  'api-key-helper': 'your apiKeyHelper',
  login: 'your /login',
}

export const PROVIDER_FLAG: Record<CloudProvider, string> = {
  bedrock: 'CLAUDE_CODE_USE_BEDROCK',
  vertex: 'CLAUDE_CODE_USE_VERTEX',
  foundry: 'CLAUDE_CODE_USE_FOUNDRY',
}

/** The variables each provider's route reads (rules.ts CLOUD), as families. */
const FAMILIES: Record<CloudProvider, RegExp> = {
  bedrock: /^(AWS_|ANTHROPIC_BEDROCK_|CLAUDE_CODE_USE_BEDROCK$|CLAUDE_CODE_SKIP_BEDROCK_AUTH$)/,
  vertex: /^(ANTHROPIC_VERTEX_|CLOUD_ML_REGION$|VERTEX_REGION_|GOOGLE_APPLICATION_CREDENTIALS$|CLAUDE_CODE_USE_VERTEX$|CLAUDE_CODE_SKIP_VERTEX_AUTH$)/,
  foundry: /^(ANTHROPIC_FOUNDRY_|AZURE_|CLAUDE_CODE_USE_FOUNDRY$|CLAUDE_CODE_SKIP_FOUNDRY_AUTH$)/,
}

/** A source as the checks see it: its name, where it is set, and its value when it has one. */
type Source = { name: string; origin: Origin; value?: string }

const isOwnExport = (source: Source | undefined, variable: string): boolean => {
  if (!source || source.name !== variable) return false
  const { origin } = source
  return origin.kind === 'action-export' || ('sameAsIntended' in origin && origin.sameAsIntended === true)
}

/** No credential in particular (the doctor without `--expect`): every source is judged by what the CLI does with it. */
export const NOTHING_INTENDED: Pick<IntendedSetup, 'isIntended' | 'sent'> = { isIntended: () => false, sent: () => false }

/**
 * The action's setup: the credential (or provider) given as inputs, exported
 * by this action for later steps; for federation, the token it exchanged;
 * for an apiKeyHelper, the helper the CLI will run (in `settings`, the files
 * it reads); for a /login, the credentials file.
 */
export function intendedSetup(inputs: Inputs, settings: readonly SettingsFile[] = [], env: Readonly<Record<string, string | undefined>> = {}): IntendedSetup {
  if (inputs.provider) return providerSetup(inputs.provider.name, inputs.provider.exports, env)
  const configuration: Export[] = inputs.baseUrl !== undefined ? [{ name: RULES.baseUrl, value: inputs.baseUrl, why: 'configuration' }] : []
  if (inputs.method === 'api-key-helper') return helperSetup(chosenHelper(settings, inputs.bare), configuration)
  if (inputs.method === 'login') {
    const setup = firstPartySetup('oauth-token', INTENDED_WORDS.login, configuration, (source) => source?.name === 'credentialsFile')
    return { ...setup, method: 'login', variable: 'credentialsFile', input: undefined }
  }
  const kind = inputs.credential!.kind
  const variable = EXPORT_NAME[kind]
  const exports: Export[] = [{ name: variable, value: inputs.credential!.value, why: 'intended' }, ...configuration]
  // Federation: a later step that federates itself under this very rule and organization
  // (the same values as this action's inputs) gets a token of the same identity.
  const sameFederation = (source: Source | undefined) => inputs.method === 'federation' && source?.name === 'federation' && 'sameAsIntended' in source.origin && source.origin.sameAsIntended === true
  // A settings file that sets the variable to this very credential (trimmed, as the CLI sends it) sends what is intended.
  const sameInFile = (source: Source | undefined) => source?.name === variable && source.origin.kind === 'settings-env' && source.value?.trim() === inputs.credential!.value
  const setup = firstPartySetup(kind, INTENDED_WORDS[inputs.method], exports, (source) => isOwnExport(source, variable) || sameFederation(source) || sameInFile(source))
  return inputs.method === 'federation' ? { ...setup, method: 'federation', input: undefined } : setup
}

/** The apiKeyHelper the CLI will run: the highest-ranked settings file that sets one; in bare mode only a `--settings` file's. */
export function chosenHelper(settings: readonly SettingsFile[], bare: boolean): SettingsFile | undefined {
  const layers: readonly string[] = bare ? RULES.bareHelperLayers : RULES.helperLayers
  const order: readonly string[] = RULES.settingsLayers
  return [...settings]
    .filter((file) => layers.includes(file.layer) && file.apiKeyHelper !== undefined && file.apiKeyHelper !== '')
    .sort((a, b) => order.indexOf(b.layer) - order.indexOf(a.layer))[0]
}

function helperSetup(file: SettingsFile | undefined, exports: Export[]): IntendedSetup {
  const isIntended = (source: Source | undefined) =>
    file !== undefined && source?.name === 'apiKeyHelper' && source.origin.kind === 'settings-file' && source.origin.path === file.path && source.origin.layer === file.layer
  // The helper's output goes in both headers; next to nothing else it fills both.
  const sent = (wire: WireResult) => wire.route === 'first-party' && isIntended(wire.authorization) && !wire.authorization!.oauth
  return {
    method: 'api-key-helper',
    words: INTENDED_WORDS['api-key-helper'],
    variable: 'apiKeyHelper',
    exports,
    isIntended,
    sent,
    sentAlone: (wire) => sent(wire) && (wire.xApiKey === undefined || isIntended(wire.xApiKey)),
  }
}

/**
 * Where the CLI reads each kind of credential when nothing exports it: its
 * variable, and for an OAuth token also the `/login` subscription in the
 * credentials file (the CLI sends both the same way, as an OAuth Bearer).
 */
export const IN_PLACE_SOURCES: Record<CredentialKind, readonly CredentialSourceName[]> = {
  'oauth-token': ['CLAUDE_CODE_OAUTH_TOKEN', 'credentialsFile'],
  'api-key': ['ANTHROPIC_API_KEY'],
  'auth-token': ['ANTHROPIC_AUTH_TOKEN'],
}

/**
 * The doctor's setup: the credential is already where the CLI reads it (the
 * environment, a settings `env` block, or the credentials file), so any of
 * those definitions is the intended one and nothing is exported. An empty or
 * whitespace-only definition is not: it holds no credential. `notIntended`
 * excludes more (a settings file that replaces the value the user set).
 */
export function credentialInPlace(method: CredentialKind, words: string = INTENDED_WORDS[method], notIntended: (source: Source) => boolean = () => false): IntendedSetup {
  const names: readonly string[] = IN_PLACE_SOURCES[method]
  return firstPartySetup(method, words, [], (source) => source !== undefined && names.includes(source.name) && (source.value ?? '').trim() !== '' && !notIntended(source))
}

function firstPartySetup(method: CredentialKind, words: string, exports: Export[], isIntended: (source: Source | undefined) => boolean): IntendedSetup {
  const variable = EXPORT_NAME[method]
  const sent = (wire: WireResult): boolean => {
    if (wire.route !== 'first-party') return false
    switch (method) {
      case 'oauth-token':
        return isIntended(wire.authorization) && wire.authorization!.oauth
      case 'auth-token':
        return isIntended(wire.authorization) && !wire.authorization!.oauth
      case 'api-key':
        return isIntended(wire.xApiKey)
    }
  }
  return {
    method,
    words,
    variable,
    input: { 'oauth-token': 'claude-code-oauth-token', 'api-key': 'anthropic-api-key', 'auth-token': 'anthropic-auth-token' }[method],
    exports,
    isIntended,
    sent,
    sentAlone: (wire) => sent(wire) && [wire.authorization, wire.xApiKey].every((slot) => slot === undefined || isIntended(slot)),
  }
}

type Given = readonly { name: string; value: string; input: string; secret: boolean }[]

/**
 * GOOGLE_CLOUD_PROJECT set to the Vertex project when the job leaves it unset
 * and a supported version would otherwise look the project up first and send
 * nothing meanwhile (CLOUD.vertex.projectLookup). No version reads it for the
 * project itself (measured), so it changes nothing else.
 */
function projectLookupSkip(provider: CloudProvider, given: Given, env: Readonly<Record<string, string | undefined>>): Export[] {
  if (provider !== 'vertex') return []
  const lookups = MEASURED_VERSIONS.map((version) => ruleFor(CLOUD.vertex.projectLookup, version)).filter((rule) => rule !== null)
  if (lookups.length === 0 || lookups.some((rule) => rule.skippedBy.some((name) => env[name]?.trim()))) return []
  const project = given.find((g) => g.name === CLOUD.vertex.project)?.value ?? env[CLOUD.vertex.project]?.trim()
  return project ? [{ name: CLOUD.vertex.projectLookupSkip, value: project, why: 'configuration' }] : []
}

function providerSetup(provider: CloudProvider, given: Given, env: Readonly<Record<string, string | undefined>>): IntendedSetup {
  const flag = PROVIDER_FLAG[provider]
  const derived = projectLookupSkip(provider, given, env)
  const exports: Export[] = [{ name: flag, value: '1', why: 'intended' }, ...given.map((g) => ({ name: g.name, value: g.value, why: 'configuration' as const })), ...derived]
  const key = given.find((g) => g.secret)
  const keyIsOurs = (credential: ProviderCredential) => 'origin' in credential && isOwnExport(credential, key!.name)
  const sent = (wire: WireResult): boolean => {
    const own = wire.provider
    if (wire.route !== provider || !own || own.fails) return false
    // Given a key: that key, in the form the provider takes it. Otherwise whatever the job's own
    // credentials (or a skip-auth gateway) give: the CLI's own chain decides, as it will later.
    if (!key) return true
    if (provider === 'bedrock') return own.auth.kind === 'bearer' && keyIsOurs(own.auth.credential)
    return own.auth.kind === 'x-api-key' && keyIsOurs(own.auth.credential)
  }
  return {
    method: provider,
    words: INTENDED_WORDS[provider],
    variable: flag,
    ...(key ? { input: key.input } : {}),
    provider,
    exports,
    isIntended: (source) => isOwnExport(source, flag) || [...given, ...derived].some((g) => isOwnExport(source, g.name)),
    sent,
    sentAlone: (wire) => sent(wire) && !wire.provider?.forwarded.authorization && !wire.provider?.forwarded.xApiKey,
    family: (name) => FAMILIES[provider].test(name),
  }
}

/** The provider's skip-auth flag: a gateway setup, where no cloud credential is sent. */
export const skipFlagOf = (provider: CloudProvider): string => CLOUD[provider].skipFlag

/** A first-party credential source (what a provider route leaves unused). */
export const isFirstParty = (source: CredentialSource): boolean => source.name !== 'federation'
