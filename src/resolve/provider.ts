// Pure: what a Bedrock, Vertex or Foundry route sends, and where, from the
// rules in CLOUD (rules.ts). resolve() calls this for those routes.

import type {
  AwsSharedFile,
  ChainName,
  ChainSource,
  CliWorld,
  CloudProvider,
  CredentialSource,
  CredentialSourceName,
  DerivedValue,
  EffectiveVariable,
  ProviderAuth,
  ProviderCredential,
  ProviderVariable,
  ProviderWire,
} from './model.js'
import { CLOUD, holds, isTruthy, ruleFor, type ChainMemberRule, type FailRule, type RegionRule } from './rules.js'

type Env = Map<string, EffectiveVariable>

// Which routes are cloud providers: in ./cloud-providers.ts, which every run calls, while this
// module is a sync chunk of dist/ (scripts/package.mjs) loaded only when a provider is routed to.
export { CLOUD_PROVIDERS, isCloudProvider } from './cloud-providers.js'

/**
 * A provider variable as the CLI reads it. Whitespace-only counts as unset on
 * both measured versions (a blank AWS_BEARER_TOKEN_BEDROCK next to AWS keys
 * left the model requests signed with the keys, on 2.1.197 too).
 */
function variable(env: Env, name: string): ProviderVariable | undefined {
  const found = env.get(name)
  if (!found || found.value.trim() === '') return undefined
  return { name, value: found.value, origin: found.origin }
}

const present = (env: Env, names: readonly string[]): ProviderVariable[] =>
  names.map((name) => variable(env, name)).filter((v): v is ProviderVariable => v !== undefined)

// ---------------------------------------------------------------------------
// Chains.

function chainMember(name: ChainName, members: readonly ChainMemberRule[], fallback: string, env: Env): ChainSource {
  for (const member of members) {
    const all = present(env, member.allOf ?? [])
    if (all.length !== (member.allOf ?? []).length) continue
    const any = present(env, member.anyOf ?? [])
    if (member.anyOf && any.length === 0) continue
    return { name, member: member.member, selectedBy: [...all, ...any] }
  }
  return { name, member: fallback, selectedBy: [] }
}

/** The file and section of a profile, credentials file first (where the SDK looks first). */
function profileEntries(files: readonly AwsSharedFile[] | undefined, profile: string): { path: string; keys: Record<string, string> }[] {
  const ordered = [...(files ?? [])].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'credentials' ? -1 : 1))
  return ordered.filter((file) => file.profiles[profile] !== undefined).map((file) => ({ path: file.path, keys: file.profiles[profile] }))
}

const activeProfile = (env: Env): { name: string; variable?: ProviderVariable } => {
  const named = variable(env, CLOUD.chains.aws.profileVariable)
  return named ? { name: named.value, variable: named } : { name: CLOUD.chains.aws.defaultProfile }
}

interface AwsCredential {
  credential: ProviderCredential
  sessionToken?: ProviderVariable
}

/**
 * The AWS SDK's default chain as far as the inputs show: env keys (unless a
 * profile is named), the active profile if it holds credentials, web
 * identity, the container endpoint, then instance metadata.
 */
function awsCredential(world: Pick<CliWorld, 'awsFiles'>, env: Env): AwsCredential {
  const rules = CLOUD.chains.aws
  const profile = activeProfile(env)
  const keyId = variable(env, rules.envKeys.accessKeyId)
  const hasEnvKeys = keyId !== undefined && variable(env, rules.envKeys.secretAccessKey) !== undefined
  if (hasEnvKeys && !profile.variable) {
    const sessionToken = variable(env, rules.envKeys.sessionToken)
    return { credential: keyId, ...(sessionToken ? { sessionToken } : {}) }
  }
  const withCredentials = profileEntries(world.awsFiles, profile.name).find((entry) => rules.profileCredentialKeys.some((key) => entry.keys[key] !== undefined))
  if (withCredentials) {
    return {
      credential: { name: 'aws-chain', member: 'profile', selectedBy: profile.variable ? [profile.variable] : [], profile: { name: profile.name, path: withCredentials.path } },
    }
  }
  return { credential: chainMember('aws-chain', rules.members, rules.fallback, env) }
}

// ---------------------------------------------------------------------------
// Region, endpoint, model prefix.

function region(rule: RegionRule, env: Env, version: string, world: Pick<CliWorld, 'awsFiles'>): DerivedValue {
  const sanitized = holds(rule.malformedIsUnset.since, version)
  const usable = (value: string) => value.trim() !== '' && !(sanitized && CLOUD.malformedRegion.test(value))
  for (const name of rule.variables) {
    const found = variable(env, name)
    if (found && usable(found.value)) return { value: found.value, from: found }
  }
  if (rule.fromAwsProfile) {
    const profile = activeProfile(env).name
    const entry = profileEntries(world.awsFiles, profile).find((e) => e.keys.region !== undefined && usable(e.keys.region))
    if (entry) return { value: entry.keys.region, from: { name: 'aws-profile', profile, path: entry.path } }
  }
  return { value: rule.default, from: { name: 'default' } }
}

const fill = (template: string, values: Record<string, string>): string => template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '')

function bedrockModelPrefix(regionValue: DerivedValue, env: Env, version: string): DerivedValue {
  const rules = CLOUD.bedrock.modelPrefix
  const pinned = variable(env, rules.variable.name)
  if (pinned && holds(rules.variable.since, version) && (rules.variable.values as readonly string[]).includes(pinned.value.trim())) {
    return { value: pinned.value.trim(), from: pinned }
  }
  const match = rules.byRegion.find(([start]) => regionValue.value.startsWith(start))
  return { value: match ? match[1] : rules.otherwise, from: regionValue.from }
}

function vertexEndpoint(regionValue: string): string {
  const rules = CLOUD.vertex.defaultEndpoint
  if (regionValue === 'global') return rules.global
  if ((rules.multiRegion.regions as readonly string[]).includes(regionValue)) return fill(rules.multiRegion.url, { region: regionValue })
  return fill(rules.region, { region: regionValue })
}

function foundryEndpoint(env: Env): DerivedValue | FailRule {
  const rules = CLOUD.foundry
  const baseUrl = variable(env, rules.baseUrl)
  const resource = variable(env, rules.resource)
  if (baseUrl && resource) return rules.bothEndpoints
  if (baseUrl) return { value: baseUrl.value, from: baseUrl }
  if (resource) return { value: fill(rules.resourceEndpoint, { resource: resource.value }), from: resource }
  return rules.noEndpoint
}

const isFail = (value: DerivedValue | FailRule): value is FailRule => 'rule' in value

// ---------------------------------------------------------------------------
// The provider's own credential, and what it shadows.

interface OwnAuth {
  auth: ProviderAuth
  shadowed: ProviderCredential[]
  fails?: FailRule
  ignored: ProviderVariable[]
  sentBlank: ProviderVariable[]
}

/** A variable that is set but holds only whitespace (which `variable` reads as unset). */
function blank(env: Env, name: string): ProviderVariable | undefined {
  const found = env.get(name)
  return found && found.value !== '' && found.value.trim() === '' ? { name, value: found.value, origin: found.origin } : undefined
}

/** The skip-auth flag, when it is on. */
function skipFlag(provider: CloudProvider, env: Env): ProviderVariable | undefined {
  const flag = variable(env, CLOUD[provider].skipFlag)
  return flag && isTruthy(flag.value) ? flag : undefined
}

function ownAuth(provider: CloudProvider, env: Env, version: string, world: Pick<CliWorld, 'awsFiles'>, skippedBy: ProviderVariable | undefined): OwnAuth {
  const rules = CLOUD[provider]
  // Every own variable that is present, including one this version ignores (2.1.197 and ANTHROPIC_FOUNDRY_AUTH_TOKEN).
  const ownVariables = present(
    env,
    rules.credentials.flatMap((rule) => ('variable' in rule ? [rule.variable] : [])),
  )
  const awsKeys = provider === 'bedrock' ? present(env, [CLOUD.chains.aws.envKeys.accessKeyId]) : []
  const allBut = (used?: ProviderCredential): ProviderCredential[] => [...ownVariables, ...awsKeys].filter((v) => v.name !== used?.name)
  // Variables passed over on the way to the credential this version uses.
  const ignored: ProviderVariable[] = []
  const sentBlank: ProviderVariable[] = []
  const seen = { ignored, sentBlank }

  for (const rule of rules.credentials) {
    if ('variable' in rule) {
      const blankSent = rule.blankIsUnset && !holds(rule.blankIsUnset.since, version) ? blank(env, rule.variable) : undefined
      if (blankSent) sentBlank.push(blankSent)
      const read = holds(rule.since, version)
      const found = variable(env, rule.variable)
      const skipped = skippedBy !== undefined && !rule.outranksSkip
      if (found && !read && !skipped) ignored.push(found)
      const blankValue = rule.blankFails && read && !skipped ? blank(env, rule.variable) : undefined
      if (blankValue) return { auth: { kind: rule.kind, credential: blankValue }, shadowed: allBut(blankValue), fails: rule.blankFails, ...seen }
      if (!found || !read || skipped) continue
      const auth: ProviderAuth = rule.kind === 'bearer' ? { kind: 'bearer', credential: found } : { kind: 'x-api-key', credential: found }
      return { auth, shadowed: allBut(found), ...seen }
    }
    if (rule.kind === 'skip') {
      if (!skippedBy) continue
      if (provider !== 'foundry') return { auth: { kind: 'none', skippedBy }, shadowed: allBut(), ...seen }
      const outcome = ruleFor(CLOUD.foundry.skipPlaceholder, version)
      if ('fails' in outcome) return { auth: { kind: 'none', skippedBy }, shadowed: allBut(), fails: outcome.fails, ...seen }
      return { auth: { kind: 'none', skippedBy, placeholder: outcome.placeholder }, shadowed: allBut(), ...seen }
    }
    if (rule.chain === 'aws-chain') {
      const aws = awsCredential(world, env)
      const auth: ProviderAuth = { kind: 'sigv4', credential: aws.credential, region: region(CLOUD.bedrock.region, env, version, world) }
      if (aws.sessionToken) auth.sessionToken = aws.sessionToken
      return { auth, shadowed: allBut(aws.credential), ...seen }
    }
    const chain = rule.chain === 'google-adc' ? CLOUD.chains.google : CLOUD.chains.azure
    return { auth: { kind: 'bearer', credential: chainMember(rule.chain, chain.members, chain.fallback, env) }, shadowed: allBut(), ...seen }
  }
  throw new Error(`CLOUD.${provider}.credentials must end with a chain`)
}

/** The provider credential of only whitespace the CLI took as given and then stopped on (`blankFails`), if that is why it stops. */
export function blankStopCredential(own: ProviderWire | undefined): ProviderVariable | undefined {
  if (!own?.fails || own.auth.kind === 'none' || own.auth.kind === 'sigv4') return undefined
  const credential = own.auth.credential
  return 'origin' in credential && credential.value.trim() === '' ? credential : undefined
}

// ---------------------------------------------------------------------------
// First-party credentials the provider route still sends.

function forwarded(
  provider: CloudProvider,
  auth: ProviderAuth,
  skipFlagOn: boolean,
  candidates: readonly CredentialSource[],
  version: string,
): ProviderWire['forwarded'] {
  const first = (names: readonly CredentialSourceName[]) => {
    for (const name of names) {
      const found = candidates.find((source) => source.name === name)
      if (found) return found
    }
    return undefined
  }
  const result: ProviderWire['forwarded'] = {}
  for (const rule of ruleFor(CLOUD[provider].forwarding, version)) {
    const applies = rule.when === 'always' || (rule.when === 'skip-flag' && skipFlagOn) || (rule.when === 'no-own-credential' && auth.kind === 'none')
    if (!applies) continue
    const authorizationFree = auth.kind === 'none' || auth.kind === 'x-api-key' || (auth.kind === 'bearer' && rule.replacesOwnBearer === true)
    if (rule.authorization && authorizationFree && !result.authorization) {
      const source = first(rule.authorization)
      if (source) result.authorization = source
    }
    if (rule.xApiKey && auth.kind !== 'x-api-key' && !result.xApiKey) {
      const source = first(rule.xApiKey)
      const authorizationSent = auth.kind === 'bearer' || auth.kind === 'sigv4' || result.authorization !== undefined
      if (source && (!rule.xApiKeyNeedsAuthorization || authorizationSent)) result.xApiKey = source
    }
  }
  return result
}

// ---------------------------------------------------------------------------

export interface ProviderInputs {
  world: Pick<CliWorld, 'awsFiles'>
  env: Env
  version: string
  /** First-party sources the CLI could use (after bare mode), highest-ranked helper first. */
  candidates: readonly CredentialSource[]
}

export function resolveProvider(provider: CloudProvider, { world, env, version, candidates }: ProviderInputs): ProviderWire {
  const skippedBy = skipFlag(provider, env)
  const own = ownAuth(provider, env, version, world, skippedBy)
  const wire: ProviderWire = {
    name: provider,
    auth: own.auth,
    forwarded: forwarded(provider, own.auth, skippedBy !== undefined, candidates, version),
    endpoint: { value: '', from: { name: 'default' } },
    shadowed: own.shadowed,
  }
  const fails: FailRule[] = []
  if (provider === 'bedrock') {
    const signing = own.auth.kind === 'sigv4' ? own.auth.region : region(CLOUD.bedrock.region, env, version, world)
    wire.region = signing
    wire.modelPrefix = bedrockModelPrefix(signing, env, version)
    const baseUrl = variable(env, CLOUD.bedrock.baseUrl)
    wire.endpoint = baseUrl ? { value: baseUrl.value, from: baseUrl } : { value: fill(CLOUD.bedrock.defaultEndpoint, { region: signing.value }), from: signing.from }
  } else if (provider === 'vertex') {
    const location = region(CLOUD.vertex.region, env, version, world)
    wire.region = location
    const project = variable(env, CLOUD.vertex.project)
    if (project) wire.project = { value: project.value, from: project }
    else fails.push(CLOUD.vertex.noProject)
    const lookup = ruleFor(CLOUD.vertex.projectLookup, version)
    const withGoogleCredentials = own.auth.kind === 'bearer' && 'member' in own.auth.credential && own.auth.credential.name === 'google-adc'
    if (lookup && withGoogleCredentials && present(env, lookup.skippedBy).length === 0) fails.push(CLOUD.vertex.projectLookupFails)
    const baseUrl = variable(env, CLOUD.vertex.baseUrl)
    wire.endpoint = baseUrl ? { value: baseUrl.value, from: baseUrl } : { value: vertexEndpoint(location.value), from: location.from }
  } else {
    const endpoint = foundryEndpoint(env)
    if (isFail(endpoint)) fails.push(endpoint)
    else wire.endpoint = endpoint
  }
  if (own.fails) fails.push(own.fails)
  if (fails.length > 0) wire.fails = fails[0]
  if (own.ignored.length > 0) wire.ignored = own.ignored
  if (own.sentBlank.length > 0) wire.sentBlank = own.sentBlank
  return wire
}
