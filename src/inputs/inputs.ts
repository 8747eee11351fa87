// Reads the action's inputs from `INPUT_*` the way the runner passes them and
// validates the non-secret ones. Credentials are returned raw so that they
// can be masked before anything else happens.

import type { Problem } from '../common/problems.js'
import type { CloudProvider, CredentialKind, OnConflict } from '../resolve/model.js'
import { checkCredential, INPUT_FOR } from './credential-shape.js'
import { checkProviderKey, checkProviderValue } from './provider-inputs.js'
import {
  missingInputProblem,
  firstPartyWithProviderProblem,
  foundryBothEndpointsProblem,
  inputForOtherMethodProblem,
  baseUrlProblem,
  branchPinProblem,
  controlCharactersProblem,
  gatewayWithoutUrlProblem,
  invalidInputProblem,
  methodMismatchProblem,
  moreThanOneCredentialProblem,
  timeoutRangeProblem,
  unknownInputProblem,
  misspeltCredentialInputProblem,
  closest,
} from './messages.js'

export type Env = Record<string, string | undefined>

/** Ways in that bring no credential input of their own: keyless federation, an apiKeyHelper, an existing `/login`. */
export type KeylessMethod = 'federation' | 'api-key-helper' | 'login'
export type Method = CredentialKind | CloudProvider | KeylessMethod
export const KEYLESS_METHODS: readonly KeylessMethod[] = ['federation', 'api-key-helper', 'login']

/** A variable this action exports for a provider setup, from the input that gave it. */
export interface ProviderExport {
  name: string
  value: string
  input: string
  secret: boolean
}

export interface Inputs {
  /** How later steps authenticate: a first-party credential, or a cloud provider. */
  method: Method
  /** The first-party credential, for the first-party methods. */
  credential?: { kind: CredentialKind; value: string }
  /** For a cloud provider method: the provider and what its inputs export. */
  provider?: { name: CloudProvider; exports: ProviderExport[] }
  /** For `method: federation`: the rule to exchange GitHub's OIDC token under. */
  federation?: FederationInputs
  /** For `method: api-key-helper`: the settings file later steps pass with `claude --settings`, if any, and how long the helper may take. */
  helper?: { settingsFile?: string; timeoutMs: number }
  baseUrl?: string
  bare: boolean
  onConflict: OnConflict
  workingDirectory: string
  /** Read the running workflow and judge later steps too. */
  checkWorkflow: boolean
  liveCheck: { enabled: boolean; timeoutMs: number; onNetworkFailure: 'fail' | 'warn' }
}

/** The inputs of each cloud provider method, the variable each is exported as, and whether it is a secret. */
export const PROVIDER_INPUTS: Record<CloudProvider, readonly { input: string; variable: string; secret: boolean }[]> = {
  bedrock: [
    { input: 'aws-region', variable: 'AWS_REGION', secret: false },
    { input: 'bedrock-api-key', variable: 'AWS_BEARER_TOKEN_BEDROCK', secret: true },
  ],
  vertex: [
    { input: 'vertex-project-id', variable: 'ANTHROPIC_VERTEX_PROJECT_ID', secret: false },
    { input: 'vertex-region', variable: 'CLOUD_ML_REGION', secret: false },
  ],
  foundry: [
    { input: 'foundry-resource', variable: 'ANTHROPIC_FOUNDRY_RESOURCE', secret: false },
    { input: 'foundry-base-url', variable: 'ANTHROPIC_FOUNDRY_BASE_URL', secret: false },
    { input: 'foundry-api-key', variable: 'ANTHROPIC_FOUNDRY_API_KEY', secret: true },
  ],
}

export const PROVIDERS = Object.keys(PROVIDER_INPUTS) as CloudProvider[]

export interface FederationInputs {
  ruleId: string
  organizationId: string
  serviceAccountId?: string
  workspaceId?: string
  audience: string
}

/** Federation inputs, the shapes the Anthropic platform gives them, and what each names. */
export const FEDERATION_INPUTS = [
  { input: 'anthropic-federation-rule-id', key: 'ruleId', shape: /^fdrl_[A-Za-z0-9]+$/, accepts: 'a federation rule id (`fdrl_…`)', required: true },
  { input: 'anthropic-organization-id', key: 'organizationId', shape: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, accepts: 'an organization UUID', required: true },
  { input: 'anthropic-service-account-id', key: 'serviceAccountId', shape: /^svac_[A-Za-z0-9]+$/, accepts: 'a service account id (`svac_…`)', required: false },
  { input: 'anthropic-workspace-id', key: 'workspaceId', shape: /^(wrkspc_[A-Za-z0-9]+|default)$/, accepts: 'a workspace id (`wrkspc_…`) or `default`', required: false },
] as const

export const DEFAULT_OIDC_AUDIENCE = 'https://api.anthropic.com'

/** Every input whose value is a secret: masked before anything is printed, never echoed. */
export const SECRET_INPUTS: readonly string[] = [...Object.values(INPUT_FOR), ...PROVIDERS.flatMap((p) => PROVIDER_INPUTS[p].filter((i) => i.secret).map((i) => i.input))]

/** Every input action.yml declares (a test keeps the two in step). */
export const DECLARED_INPUTS = [
  'method',
  'claude-code-oauth-token',
  'anthropic-api-key',
  'anthropic-auth-token',
  'anthropic-base-url',
  ...PROVIDERS.flatMap((p) => PROVIDER_INPUTS[p].map((i) => i.input)),
  ...FEDERATION_INPUTS.map((f) => f.input),
  'oidc-audience',
  'settings-file',
  'helper-timeout',
  'bare',
  'on-conflict',
  'working-directory',
  'check-workflow',
  'live-check',
  'live-check-timeout',
  'live-check-failure',
] as const

/** Runner convention: upper-case, spaces to underscores, hyphens kept. */
export const inputVariable = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`

export function readInput(env: Env, name: string): string {
  return env[inputVariable(name)] ?? ''
}

export const CREDENTIAL_KINDS = Object.keys(INPUT_FOR) as CredentialKind[]

/** Every non-empty credential input, raw. Read first, so they can be masked before any output. */
export function rawCredentials(env: Env): { kind: CredentialKind; raw: string }[] {
  // Whitespace alone is what an undefined secret with a stray newline looks like: treat it as missing.
  return CREDENTIAL_KINDS.map((kind) => ({ kind, raw: readInput(env, INPUT_FOR[kind]) })).filter(({ raw }) => raw.trim() !== '')
}

/** Every non-empty secret input (credentials and provider keys), raw: to mask before any output. */
export function rawSecrets(env: Env): string[] {
  return SECRET_INPUTS.map((name) => readInput(env, name)).filter((raw) => raw.trim() !== '')
}

// YAML 1.2 core-schema booleans, as @actions/core's getBooleanInput accepts them.
const TRUE = ['true', 'True', 'TRUE']
const FALSE = ['false', 'False', 'FALSE']

const ENUMS = {
  method: ['', ...CREDENTIAL_KINDS, ...PROVIDERS, ...KEYLESS_METHODS],
  'on-conflict': ['', 'fail', 'unset', 'warn'],
  'live-check-failure': ['', 'fail', 'warn'],
} as const

const ACCEPTS = {
  method: '`oauth-token`, `api-key`, `auth-token`, `bedrock`, `vertex`, `foundry`, `federation`, `api-key-helper` or `login`',
  'on-conflict': '`fail`, `unset` or `warn`',
  'live-check-failure': '`fail` or `warn`',
} as const

export interface ParsedInputs {
  inputs?: Inputs
  problems: Problem[]
}

export function parseInputs(env: Env, workspace: string, diagnoseMissing: () => Problem): ParsedInputs {
  const problems: Problem[] = [...unknownInputs(env), ...branchPin(env)]
  const read = (name: string) => readInput(env, name).trim()

  const booleanInput = (name: string, fallback: boolean): boolean => {
    const value = read(name)
    if (value === '') return fallback
    if (TRUE.includes(value)) return true
    if (FALSE.includes(value)) return false
    problems.push(invalidInputProblem(name, value, '`true` or `false`', ['true', 'false']))
    return fallback
  }
  const enumInput = <N extends keyof typeof ENUMS>(name: N): (typeof ENUMS)[N][number] => {
    const value = read(name)
    if ((ENUMS[name] as readonly string[]).includes(value)) return value as (typeof ENUMS)[N][number]
    problems.push(invalidInputProblem(name, value, ACCEPTS[name], ENUMS[name]))
    return ''
  }

  const method = enumInput('method')
  const bare = booleanInput('bare', false)
  const onConflict = enumInput('on-conflict')
  const checkWorkflow = booleanInput('check-workflow', true)
  const liveCheck = booleanInput('live-check', false)
  const onNetworkFailure = enumInput('live-check-failure')
  const timeoutText = read('live-check-timeout')
  const timeoutSeconds = timeoutText === '' ? 10 : Number(timeoutText)
  if (!/^\d+(\.\d+)?$/.test(timeoutText || '10') || !(timeoutSeconds > 0 && timeoutSeconds <= 300)) problems.push(timeoutRangeProblem(timeoutText))

  const given = rawCredentials(env)
  const providerGiven = PROVIDERS.filter((p) => PROVIDER_INPUTS[p].some((i) => read(i.input) !== ''))
  // `method` empty: the one credential input given says it, else the one provider whose inputs are given.
  const provider = (PROVIDERS as string[]).includes(method) ? (method as CloudProvider) : method === '' && given.length === 0 && providerGiven.length === 1 ? providerGiven[0] : undefined
  for (const other of providerGiven.filter((p) => p !== provider)) {
    for (const input of PROVIDER_INPUTS[other].filter((i) => read(i.input) !== '')) problems.push(inputForOtherMethodProblem(input.input, other, provider ?? method))
  }
  const common = { bare, onConflict: onConflict === '' ? ('fail' as const) : onConflict, checkWorkflow, liveCheck: liveCheckOptions(liveCheck, timeoutSeconds, onNetworkFailure) }
  const federationGiven = FEDERATION_INPUTS.some((f) => read(f.input) !== '')
  const keyless = (KEYLESS_METHODS as readonly string[]).includes(method) ? (method as KeylessMethod) : method === '' && given.length === 0 && federationGiven ? 'federation' : undefined
  if (keyless) {
    if (given.length > 0) problems.push(firstPartyWithProviderProblem(given.map(({ kind }) => INPUT_FOR[kind]), keyless))
    const workingDirectory = read('working-directory') === '' ? workspace : read('working-directory')
    if (/[\u0000-\u001f\u007f]/.test(workingDirectory)) problems.push(controlCharactersProblem('working-directory'))
    const inputs: Inputs = { method: keyless, workingDirectory, ...common }
    if (keyless === 'federation') inputs.federation = federationInputs(read, problems)
    else if (federationGiven) for (const f of FEDERATION_INPUTS.filter((f) => read(f.input) !== '')) problems.push(inputForOtherMethodProblem(f.input, 'federation', keyless))
    if (keyless === 'api-key-helper') inputs.helper = helperInputs(read, problems)
    else for (const name of ['settings-file', 'helper-timeout']) if (read(name) !== '') problems.push(inputForOtherMethodProblem(name, 'api-key-helper', keyless))
    const baseUrl = read('anthropic-base-url')
    if (baseUrl !== '') {
      problems.push(...checkBaseUrl(baseUrl))
      inputs.baseUrl = baseUrl
    }
    return { problems, inputs }
  }
  if (federationGiven) for (const f of FEDERATION_INPUTS.filter((f) => read(f.input) !== '')) problems.push(inputForOtherMethodProblem(f.input, 'federation', provider ?? method))
  if (provider) {
    if (given.length > 0) problems.push(firstPartyWithProviderProblem(given.map(({ kind }) => INPUT_FOR[kind]), provider))
    const exports = providerExports(env, provider, problems)
    const workingDirectory = read('working-directory') === '' ? workspace : read('working-directory')
    if (/[\u0000-\u001f\u007f]/.test(workingDirectory)) problems.push(controlCharactersProblem('working-directory'))
    if (read('anthropic-base-url') !== '') problems.push(inputForOtherMethodProblem('anthropic-base-url', 'first-party', provider))
    return { problems, inputs: { method: provider, provider: { name: provider, exports }, workingDirectory, ...common } }
  }
  if (given.length === 0) {
    // A credential given under a misspelt name is the cause: say that first, in place of the unknown-input warning.
    const misspelt = misspeltCredentialInputs(env)
    if (misspelt.length === 0) return { problems: [diagnoseMissing(), ...problems] }
    const shown = new Set(misspelt.map((m) => m.title))
    return { problems: [...misspelt.map((m) => m.problem), ...problems.filter((p) => !shown.has(p.title))] }
  }
  if (given.length > 1) return { problems: [moreThanOneCredentialProblem(given.map(({ kind }) => INPUT_FOR[kind])), ...problems] }
  if (method !== '' && method !== given[0].kind) problems.push(methodMismatchProblem(method, INPUT_FOR[given[0].kind], INPUT_FOR[method as CredentialKind]))

  const checked = checkCredential(given[0].kind, given[0].raw)
  problems.push(...checked.problems)

  const baseUrlText = read('anthropic-base-url')
  const baseUrl = baseUrlText === '' ? undefined : baseUrlText
  if (baseUrl !== undefined) problems.push(...checkBaseUrl(baseUrl))
  if (checked.kind === 'auth-token' && baseUrl === undefined && !env.ANTHROPIC_BASE_URL?.trim()) problems.push(gatewayWithoutUrlProblem())

  const workingDirectory = read('working-directory') === '' ? workspace : read('working-directory')
  if (/[\u0000-\u001f\u007f]/.test(workingDirectory)) problems.push(controlCharactersProblem('working-directory'))

  return {
    problems,
    inputs: { method: checked.kind, credential: { kind: checked.kind, value: checked.value }, baseUrl, workingDirectory, ...common },
  }
}

function federationInputs(read: (name: string) => string, problems: Problem[]): FederationInputs {
  const values: Record<string, string> = {}
  for (const { input, key, shape, accepts, required } of FEDERATION_INPUTS) {
    const value = read(input)
    if (value === '') {
      if (required) problems.push(missingInputProblem(input, 'federation'))
      continue
    }
    if (!shape.test(value)) problems.push(invalidInputProblem(input, value, accepts))
    values[key] = value
  }
  const audience = read('oidc-audience') || DEFAULT_OIDC_AUDIENCE
  if (!/^[\x21-\x7e]+$/.test(audience)) problems.push(invalidInputProblem('oidc-audience', audience, 'an audience URL without spaces'))
  return {
    ruleId: values.ruleId ?? '',
    organizationId: values.organizationId ?? '',
    ...(values.serviceAccountId ? { serviceAccountId: values.serviceAccountId } : {}),
    ...(values.workspaceId ? { workspaceId: values.workspaceId } : {}),
    audience,
  }
}

function helperInputs(read: (name: string) => string, problems: Problem[]): { settingsFile?: string; timeoutMs: number } {
  const timeoutText = read('helper-timeout')
  const seconds = timeoutText === '' ? 30 : Number(timeoutText)
  if (!/^\d+(\.\d+)?$/.test(timeoutText || '30') || !(seconds > 0 && seconds <= 600)) {
    problems.push(invalidInputProblem('helper-timeout', timeoutText, 'a number of seconds from 1 to 600'))
  }
  const settingsFile = read('settings-file')
  if (/[\u0000-\u001f\u007f]/.test(settingsFile)) problems.push(controlCharactersProblem('settings-file'))
  return { ...(settingsFile ? { settingsFile } : {}), timeoutMs: Math.round((seconds > 0 && seconds <= 600 ? seconds : 30) * 1000) }
}

function liveCheckOptions(enabled: boolean, timeoutSeconds: number, onNetworkFailure: string): Inputs['liveCheck'] {
  return {
    enabled,
    timeoutMs: Math.round((timeoutSeconds > 0 ? timeoutSeconds : 10) * 1000),
    onNetworkFailure: onNetworkFailure === 'warn' ? 'warn' : 'fail',
  }
}

/** What a provider's inputs export, each checked offline. */
function providerExports(env: Env, provider: CloudProvider, problems: Problem[]): ProviderExport[] {
  const exports: ProviderExport[] = []
  for (const { input, variable, secret } of PROVIDER_INPUTS[provider]) {
    const raw = readInput(env, input)
    if (raw.trim() === '') continue
    const value = raw.trim()
    if (secret) problems.push(...checkProviderKey(input, raw))
    else problems.push(...checkProviderValue(input, value))
    exports.push({ name: variable, value, input, secret })
  }
  if (provider === 'foundry') {
    const named = exports.filter((e) => e.input === 'foundry-resource' || e.input === 'foundry-base-url')
    if (named.length === 2) problems.push(foundryBothEndpointsProblem())
  }
  return exports
}

/**
 * The runner passes every `with:` entry as INPUT_*, declared or not (and
 * warns "Unexpected input(s)" without a suggestion): say which one was meant.
 */
function unknownInputs(env: Env): Problem[] {
  const declared = new Set<string>(DECLARED_INPUTS.map(inputVariable))
  return Object.keys(env)
    .filter((name) => name.startsWith('INPUT_') && !declared.has(name))
    .map((name) => unknownInputProblem(name.slice('INPUT_'.length).toLowerCase(), DECLARED_INPUTS))
}

/** Unknown inputs with a value whose name is a typo of a credential input's. */
function misspeltCredentialInputs(env: Env): { title: string; problem: Problem }[] {
  const declared = new Set<string>(DECLARED_INPUTS.map(inputVariable))
  const credentialInputs = Object.values(INPUT_FOR)
  return Object.entries(env).flatMap(([variable, value]) => {
    if (!variable.startsWith('INPUT_') || declared.has(variable) || (value ?? '').trim() === '') return []
    const name = variable.slice('INPUT_'.length).toLowerCase()
    const right = closest(name, DECLARED_INPUTS)
    if (!right || !credentialInputs.includes(right)) return []
    return [{ title: unknownInputProblem(name, DECLARED_INPUTS).title, problem: misspeltCredentialInputProblem(name, right) }]
  })
}

function branchPin(env: Env): Problem[] {
  const ref = env.GITHUB_ACTION_REF ?? ''
  const repository = env.GITHUB_ACTION_REPOSITORY ?? ''
  return ['main', 'master'].includes(ref) && repository ? [branchPinProblem(ref, repository)] : []
}

function checkBaseUrl(value: string): Problem[] {
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return [baseUrlProblem('`anthropic-base-url` contains whitespace or control characters.')]
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return [baseUrlProblem('`anthropic-base-url` is not a URL.')]
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return [baseUrlProblem('`anthropic-base-url` must start with https:// or http://.')]
  if (url.username || url.password) {
    return [baseUrlProblem('`anthropic-base-url` contains a user name or password; Claude Code would send it to the gateway in clear, and it would be exported unmasked.')]
  }
  return []
}
