// What the end-to-end check asks of the action for one case, and how it
// judges what the CLI sent afterwards. Two kinds of intent:
//
// - a first-party credential (OAuth token, API key, gateway token), given as
//   its input: the CLI must send exactly that value, in its header, alone;
// - a cloud provider (`method: bedrock|vertex|foundry`), its inputs taken from
//   the case's environment: every model request must go to that provider and
//   endpoint and carry what the intended setup carries, and no request at all
//   may carry a first-party credential.

import type { CliWorld, CloudProvider, CredentialKind, OnConflict } from '../src/resolve/model.js'
import { resolve } from '../src/resolve/resolve.js'
import { ENV_CREDENTIALS, EXPORT_NAME, RULES, isTruthy } from '../src/resolve/rules.js'
import type { ConformanceCase } from './case-model.js'
import type { RecordedRequest } from './mock-api.js'
import { helperWireValue, worldOf, type Sandbox } from './sandbox.js'
import { INTENDED } from './values.js'
import { describeWire, isModelRequest, observe, predictedWire, routeOf, type Wire } from './wire.js'
import { describeProviderView, observedProviderView, sameProviderView, type ProviderView } from './wire-providers.js'

export type IntendedMethod = CredentialKind | CloudProvider

const KINDS: readonly CredentialKind[] = ['oauth-token', 'api-key', 'auth-token']
const CLOUD_PROVIDERS: readonly CloudProvider[] = ['bedrock', 'vertex', 'foundry']

export const isProviderMethod = (method: IntendedMethod | undefined): method is CloudProvider => CLOUD_PROVIDERS.includes(method as CloudProvider)

export const INPUT_FOR: Record<CredentialKind, string> = {
  'oauth-token': 'claude-code-oauth-token',
  'api-key': 'anthropic-api-key',
  'auth-token': 'anthropic-auth-token',
}

/**
 * Each provider method's inputs and the variable the CLI reads each from
 * (measured, docs/providers-measured.md; written here rather than taken from
 * src/ so that a wrong mapping in the action shows up on the wire). `key`:
 * the input is the credential itself.
 */
const PROVIDER_INPUTS: Record<CloudProvider, readonly { input: string; variable: string; key?: true }[]> = {
  bedrock: [
    { input: 'aws-region', variable: 'AWS_REGION' },
    { input: 'bedrock-api-key', variable: 'AWS_BEARER_TOKEN_BEDROCK', key: true },
  ],
  vertex: [
    { input: 'vertex-project-id', variable: 'ANTHROPIC_VERTEX_PROJECT_ID' },
    { input: 'vertex-region', variable: 'CLOUD_ML_REGION' },
  ],
  foundry: [
    { input: 'foundry-resource', variable: 'ANTHROPIC_FOUNDRY_RESOURCE' },
    { input: 'foundry-base-url', variable: 'ANTHROPIC_FOUNDRY_BASE_URL' },
    { input: 'foundry-api-key', variable: 'ANTHROPIC_FOUNDRY_API_KEY', key: true },
  ],
}

const PROVIDER_FLAG: Record<CloudProvider, string> = {
  bedrock: 'CLAUDE_CODE_USE_BEDROCK',
  vertex: 'CLAUDE_CODE_USE_VERTEX',
  foundry: 'CLAUDE_CODE_USE_FOUNDRY',
}

/** The provider's own credentials that beat a key given as input (measured on 2.1.330: Foundry's auth token beats its API key). */
const BEATS_KEY: Record<CloudProvider, readonly string[]> = { bedrock: [], vertex: [], foundry: ['ANTHROPIC_FOUNDRY_AUTH_TOKEN'] }

/** What the CLI did in a later step, judged against the intent. */
export interface Judgement {
  exact: boolean
  /** What was sent, in words (sources named, never values). */
  seen: string
}

export interface Intent {
  method: IntendedMethod
  /** The action's inputs for it (besides `bare` and `on-conflict`). */
  inputs: Record<string, string>
  /** The job environment the action runs in: the case's, less what the inputs now carry. */
  jobEnv: Record<string, string>
  /** The exports the action could have made at best (all GITHUB_ENV can do). */
  bestExports(mode: OnConflict): Record<string, string>
  judge(requests: readonly RecordedRequest[]): Judgement
  /** Tells intents apart where cases meet in one world (the memo of re-checked rejections). */
  key: string
}

/** The method a case hands to the action: its own choice, or a credential picked by a stable hash of the id. */
export function intendedMethod(testCase: ConformanceCase): IntendedMethod {
  if (testCase.intended) return testCase.intended
  let hash = 0
  for (const char of testCase.id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return KINDS[hash % KINDS.length]
}

/** The credential kind of a first-party case (provider cases have none). */
export function intendedKind(testCase: ConformanceCase): CredentialKind {
  const method = intendedMethod(testCase)
  if (isProviderMethod(method)) throw new Error(`case ${testCase.id} intends ${method}, not a credential`)
  return method
}

/** Exactly the intended credential, in the right header, and nothing else. */
export function isExactlyIntended(wire: Wire, kind: CredentialKind): boolean {
  if (wire.route !== 'first-party') return false
  const value = INTENDED[kind]
  switch (kind) {
    case 'oauth-token':
      return wire.authorization?.value === value && wire.authorization.oauth && wire.xApiKey === undefined
    case 'api-key':
      return wire.authorization === undefined && wire.xApiKey === value
    case 'auth-token':
      return wire.authorization?.value === value && !wire.authorization.oauth && wire.xApiKey === undefined
  }
}

/**
 * The exports the action could have made at best for a credential: the
 * intended variable, and, with `unset`, every other credential variable and
 * every provider flag that is on in the job environment blanked.
 */
export function bestPossibleExports(jobEnv: Record<string, string>, kind: CredentialKind, mode: OnConflict): Record<string, string> {
  const intended = EXPORT_NAME[kind]
  const exports: Record<string, string> = { [intended]: INTENDED[kind] }
  if (mode !== 'unset') return exports
  for (const name of ENV_CREDENTIALS) if (name !== intended && jobEnv[name] !== undefined && jobEnv[name] !== '') exports[name] = ''
  for (const [, flag] of RULES.providers) if (isTruthy(jobEnv[flag])) exports[flag] = ''
  return exports
}

export function intentFor(testCase: ConformanceCase, sandbox: Sandbox, mockUrl: string, cliVersion: string, whitespaceOnlyIsPresent: boolean, names: ReadonlyMap<string, string>): Intent {
  const method = intendedMethod(testCase)
  if (isProviderMethod(method)) return providerIntent(method, testCase, sandbox, mockUrl, cliVersion, whitespaceOnlyIsPresent, names)
  return {
    method,
    inputs: { [INPUT_FOR[method]]: INTENDED[method] },
    jobEnv: sandbox.jobEnv,
    bestExports: (mode) => bestPossibleExports(sandbox.jobEnv, method, mode),
    judge: (requests) => {
      // Every model request must carry it: which of two requests sent at once arrives first is timing.
      const { wire, inconsistent } = observe(requests)
      return { exact: !inconsistent && isExactlyIntended(wire, method), seen: `${describeWire(wire, names)}${inconsistent ? ' (and other model requests sent something else)' : ''}` }
    },
    key: method,
  }
}

// ---------------------------------------------------------------------------
// Cloud providers.

/**
 * The intended world: the job's own provider setup and the action's exports,
 * and nothing that is not part of the intent. No settings files (they are
 * not the job's), no first-party credential, no other provider's flag, and,
 * when a key is given, none of the provider's credentials that would beat it.
 * The pinned CLI's answer there (the resolver's, verified against the CLI on
 * every `provider:` case) is the wire every later step must show.
 */
function providerIntent(
  provider: CloudProvider,
  testCase: ConformanceCase,
  sandbox: Sandbox,
  mockUrl: string,
  cliVersion: string,
  whitespaceOnlyIsPresent: boolean,
  names: ReadonlyMap<string, string>,
): Intent {
  const flag = PROVIDER_FLAG[provider]
  const jobEnv = { ...sandbox.jobEnv }
  delete jobEnv[flag]
  const inputs: Record<string, string> = {}
  const given: Record<string, string> = {}
  for (const { input, variable } of PROVIDER_INPUTS[provider]) {
    const value = jobEnv[variable]
    if (value === undefined || value.trim() === '') continue
    inputs[input] = value
    given[variable] = value.trim()
    delete jobEnv[variable]
  }
  const exports = { [flag]: '1', ...given }
  const keyGiven = PROVIDER_INPUTS[provider].find((i) => i.key && given[i.variable] !== undefined)
  const otherFlags = RULES.providers.map(([, f]) => f).filter((f) => f !== flag)
  const outsideIntent = new Set<string>([...ENV_CREDENTIALS, ...otherFlags, ...(keyGiven ? BEATS_KEY[provider] : [])])

  const intendedEnv: Record<string, string> = {}
  for (const [name, value] of Object.entries(jobEnv)) if (!outsideIntent.has(name)) intendedEnv[name] = value
  Object.assign(intendedEnv, exports)
  const world: CliWorld = { ...worldOf(sandbox, { ...testCase, credentialsFile: undefined, primaryApiKey: undefined }, intendedEnv, cliVersion, whitespaceOnlyIsPresent), settings: [] }
  delete world.credentialsFile
  delete world.primaryApiKey
  const intended = predictedWire(resolve(world), testCase, mockUrl)
  const view = intended.route === provider ? intended.provider : undefined
  const unattainable = !view
    ? `the intended setup alone would not reach ${provider} (${describeWire(intended, names)})`
    : JSON.stringify(view).includes('<no value')
      ? `the intended setup relies on a credential the suite cannot serve (${describeProviderView(view, labelWith(names))})`
      : undefined
  const firstParty = firstPartyValues(testCase, sandbox)

  return {
    method: provider,
    inputs: { method: provider, ...inputs },
    jobEnv,
    bestExports: (mode) => {
      const best: Record<string, string> = { ...exports }
      if (mode !== 'unset') return best
      for (const name of outsideIntent) {
        const value = jobEnv[name]
        if (value === undefined || value === '') continue
        if (otherFlags.includes(name) && !isTruthy(value)) continue
        best[name] = ''
      }
      return best
    },
    judge: (requests) => judgeProvider(provider, requests, view, unattainable, inputs, firstParty, names),
    key: `${provider}|${JSON.stringify(view ?? null)}|${JSON.stringify(inputs)}`,
  }
}

const labelWith = (names: ReadonlyMap<string, string>) => (value: string) => names.get(value) ?? (value === '' ? '<empty>' : `<unknown ${value.slice(0, 24)}…>`)

/** Every first-party credential value the case defines, anywhere: none may reach a provider. */
export function firstPartyValues(testCase: ConformanceCase, sandbox: Sandbox): Set<string> {
  const values = new Set<string>()
  const add = (value: string | undefined) => {
    if (value !== undefined && value.trim() !== '') values.add(value.trim())
  }
  const fdNames = new Set<string>(['CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR', 'CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR'])
  for (const name of ENV_CREDENTIALS) if (!fdNames.has(name)) add(sandbox.jobEnv[name])
  for (const value of Object.values(testCase.fd ?? {})) add(value)
  for (const spec of Object.values(testCase.settings ?? {})) {
    for (const name of ENV_CREDENTIALS) add(spec.env?.[name])
    add(helperWireValue(spec.apiKeyHelper))
  }
  add(testCase.credentialsFile?.accessToken)
  add(testCase.primaryApiKey)
  for (const value of Object.values(INTENDED)) add(value)
  return values
}

/**
 * What the real provider would refuse although the mock answered: checked on
 * the request, from the inputs (the mock verifies no signature or path).
 */
function refusals(provider: CloudProvider, view: ProviderView, inputs: Record<string, string>): string[] {
  const found: string[] = []
  const auth = view.authorization
  const sigv4 = auth && 'sigv4' in auth ? auth.sigv4 : undefined
  const bearer = auth && 'bearer' in auth ? auth.bearer : undefined
  const input = (name: string) => inputs[name]?.trim()
  if (provider === 'bedrock') {
    if (input('aws-region') && sigv4 && sigv4.region !== input('aws-region')) found.push(`signed for ${sigv4.region}, not the aws-region input`)
    const host = /bedrock-runtime(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com/.exec(view.endpoint)?.[1]
    if (host && sigv4 && sigv4.region !== host) found.push(`signed for ${sigv4.region} but sent to ${host}: AWS refuses the signature`)
    if (input('bedrock-api-key') && bearer !== input('bedrock-api-key')) found.push('the bedrock-api-key input is not the Bearer')
  }
  if (provider === 'vertex') {
    if (input('vertex-project-id') && view.project !== input('vertex-project-id')) found.push(`project ${view.project ?? '-'}, not the vertex-project-id input`)
    if (input('vertex-region') && view.region !== input('vertex-region')) found.push(`region ${view.region ?? '-'}, not the vertex-region input`)
  }
  if (provider === 'foundry') {
    if (!/\/anthropic$/.test(view.endpoint)) found.push(`endpoint ${view.endpoint} does not end in /anthropic: Foundry answers 404`)
    if (input('foundry-api-key') && (view.xApiKey !== input('foundry-api-key') || auth !== undefined)) found.push('the foundry-api-key input is not the x-api-key alone')
  }
  if (provider !== 'foundry' && view.xApiKey !== undefined) found.push(`x-api-key sent to ${provider}`)
  return found
}

function judgeProvider(
  provider: CloudProvider,
  requests: readonly RecordedRequest[],
  intended: ProviderView | undefined,
  unattainable: string | undefined,
  inputs: Record<string, string>,
  firstParty: ReadonlySet<string>,
  names: ReadonlyMap<string, string>,
): Judgement {
  const label = labelWith(names)
  const { wire } = observe(requests)
  const faults: string[] = []
  const notes = new Set<string>()
  const model = requests.filter(isModelRequest)
  if (model.length === 0) faults.push('no model request')
  for (const request of model) {
    const route = routeOf(request)
    if (route !== provider) {
      faults.push(`a model request went to ${route}`)
      break
    }
    const view = observedProviderView(provider, request)
    // The model prefix picks the inference profile, not who is authenticated: reported, not judged.
    if (intended && view.modelPrefix !== intended.modelPrefix) notes.add(`model prefix ${view.modelPrefix ?? '-'} where the intended setup has ${intended.modelPrefix ?? '-'} (not judged)`)
    if (intended && !sameProviderView({ ...view, modelPrefix: intended.modelPrefix }, intended)) {
      faults.push(`a model request differs from the intended ${describeProviderView(intended, label)}`)
      break
    }
    const refused = refusals(provider, view, inputs)
    if (refused.length > 0) {
      faults.push(...refused)
      break
    }
  }
  for (const request of requests) {
    const carried = [request.authorization?.replace(/^Bearer(\s+|$)/i, ''), request.xApiKey].filter((v): v is string => v !== undefined && firstParty.has(v.trim()))
    if (carried.length > 0) faults.push(`${carried.map(label).join(' and ')} on ${request.method} ${request.path.split('?')[0]}`)
  }
  if (unattainable) faults.push(unattainable)
  const remarks = [...new Set(faults), ...notes]
  const seen = describeWire(wire, names) + (remarks.length > 0 ? ` [${remarks.join('; ')}]` : '')
  return { exact: faults.length === 0, seen }
}
