// Pure: what the CLI will put on the wire, given everything it reads.
// No I/O here, so the conformance suite can check it case by case against
// the real CLI, and the decision stage can ask "what if" without side effects.

import type {
  CliWorld,
  CredentialSource,
  CredentialSourceName,
  EffectiveVariable,
  Origin,
  SettingsFile,
  SlotName,
  WireResult,
} from './model.js'
import { ENV_CREDENTIALS, MEASURED_VERSIONS, RULES, holds, isReadVariable, isTruthy, type SlotEntry } from './rules.js'
import { isCloudProvider } from './cloud-providers.js'
import { resolveProvider } from './provider.js'

const layerRank = (file: SettingsFile): number => RULES.settingsLayers.indexOf(file.layer)

export function settingsInCliOrder(settings: readonly SettingsFile[]): SettingsFile[] {
  return [...settings].sort((a, b) => layerRank(a) - layerRank(b))
}

type VersionedWorld = Partial<Pick<CliWorld, 'cliVersion' | 'whitespaceOnlyIsPresent'>>

/** The version whose rules apply: see CliWorld.cliVersion. */
export function rulesVersion(world: VersionedWorld): string {
  if (world.cliVersion) return world.cliVersion
  return world.whitespaceOnlyIsPresent ? MEASURED_VERSIONS[0] : MEASURED_VERSIONS[MEASURED_VERSIONS.length - 1]
}

/** The environment after every settings `env` block is applied on top of the process env. */
export function effectiveEnv(world: Pick<CliWorld, 'env' | 'exported' | 'origins' | 'settings'> & VersionedWorld): Map<string, EffectiveVariable> {
  const version = rulesVersion(world)
  const result = new Map<string, EffectiveVariable>()
  const exported = new Set(world.exported ?? [])
  for (const [name, value] of Object.entries(world.env)) {
    if (value === undefined || !isReadVariable(name)) continue
    const origin: Origin = exported.has(name) ? { kind: 'action-export' } : (world.origins?.[name] ?? { kind: 'process-env' })
    result.set(name, { name, value, origin, overridden: [] })
  }
  for (const file of settingsInCliOrder(world.settings)) {
    const ignored = (RULES.settingsEnvIgnored[file.layer] ?? []).filter((rule) => holds(rule.since, version)).map((rule) => rule.name)
    for (const [name, value] of Object.entries(file.env)) {
      if (ignored.includes(name) || !isReadVariable(name)) continue
      const previous = result.get(name)
      const overridden = previous ? [...previous.overridden, { value: previous.value, origin: previous.origin }] : []
      const at = file.envAt?.[name]
      const origin: Origin = {
        kind: 'settings-env',
        layer: file.layer,
        path: file.path,
        ...(at ? { at } : {}),
        ...(file.input ? { input: file.input } : {}),
        ...(file.sameAsIntended?.includes(name) ? { sameAsIntended: true } : {}),
      }
      result.set(name, { name, value, origin, overridden })
    }
  }
  return result
}

export function isPresent(value: string | undefined, whitespaceOnlyIsPresent: boolean): value is string {
  if (value === undefined || value === '') return false
  return whitespaceOnlyIsPresent || value.trim() !== ''
}

export function isBare(world: Pick<CliWorld, 'bare'>, env: Map<string, EffectiveVariable>): boolean {
  return world.bare || isTruthy(env.get(RULES.bareFlag)?.value)
}

export function routeOf(env: Map<string, EffectiveVariable>): WireResult['route'] {
  const provider = RULES.providers.find(([, flag]) => isTruthy(env.get(flag)?.value))
  return provider ? provider[0] : 'first-party'
}

/** The winning apiKeyHelper: the highest-ranked settings file whose helper is non-empty. */
function helperSources(world: CliWorld): CredentialSource[] {
  return settingsInCliOrder(world.settings)
    .filter((file) => RULES.helperLayers.includes(file.layer) && file.apiKeyHelper !== undefined && file.apiKeyHelper !== '')
    .map((file): CredentialSource => ({
      name: 'apiKeyHelper',
      origin: { kind: 'settings-file', layer: file.layer, path: file.path, ...(file.helperAt ? { at: file.helperAt } : {}), ...(file.input ? { input: file.input } : {}) },
    }))
    .reverse()
}

/** Every source that is present, before any precedence is applied. Highest-ranked helper first. */
export function presentSources(world: CliWorld): CredentialSource[] {
  const env = effectiveEnv(world)
  const sources: CredentialSource[] = []
  for (const name of ENV_CREDENTIALS) {
    const variable = env.get(name)
    if (variable && isPresent(variable.value, world.whitespaceOnlyIsPresent)) {
      sources.push({ name, origin: variable.origin, value: variable.value })
    }
  }
  sources.push(...helperSources(world))
  const creds = world.credentialsFile
  if (creds && creds.hasInferenceScope && isPresent(creds.accessToken, world.whitespaceOnlyIsPresent)) {
    sources.push({ name: 'credentialsFile', origin: { kind: 'credentials-file', path: creds.path }, value: creds.accessToken })
  }
  if (world.primaryApiKey && isPresent(world.primaryApiKey.value, world.whitespaceOnlyIsPresent)) {
    sources.push({ name: 'primaryApiKey', origin: { kind: 'claude-json', path: world.primaryApiKey.path }, value: world.primaryApiKey.value })
  }
  if (RULES.federationRequires.every((name) => isPresent(env.get(name)?.value, false))) {
    // Named by the rule's origin, unless one of the required values comes from elsewhere than the
    // rule's (a federation is only the intended one when rule and organization both are).
    const required = RULES.federationRequires.map((name) => env.get(name)!)
    const other = required.find((v) => !('sameAsIntended' in v.origin && v.origin.sameAsIntended === true))
    sources.push({ name: 'federation', origin: (other ?? required[0]!).origin })
  }
  return sources
}

function isIgnoredInBare(source: CredentialSource): boolean {
  if (RULES.ignoredInBare.includes(source.name)) return true
  return source.name === 'apiKeyHelper' && source.origin.kind === 'settings-file' && !RULES.bareHelperLayers.includes(source.origin.layer)
}

export function resolve(world: CliWorld): WireResult {
  const env = effectiveEnv(world)
  const version = rulesVersion(world)
  const bare = isBare(world, env)
  const present = presentSources(world)
  const ignoredInBare = bare ? present.filter(isIgnoredInBare) : []
  const candidates = present.filter((source) => !ignoredInBare.includes(source))
  const isCandidate = (name: CredentialSourceName) => candidates.some((source) => source.name === name)
  const uncertain: SlotName[] = []
  const first = (entries: readonly SlotEntry[], slot?: SlotName): CredentialSource | undefined => {
    for (const entry of entries) {
      const name = typeof entry === 'string' ? entry : entry.source
      const found = candidates.find((source) => source.name === name)
      if (!found) continue
      if (slot && typeof entry !== 'string' && entry.uncertainWhenPresent.some(isCandidate)) {
        if (entry.uncertainBefore === undefined || !holds(entry.uncertainBefore, version)) uncertain.push(slot)
      }
      return found
    }
    return undefined
  }
  const slots = bare ? RULES.bareSlots : RULES.slots

  const oauthDisabled = candidates.some((source) => RULES.oauthDisabledBy.includes(source.name))
  const oauth = oauthDisabled ? undefined : first(RULES.oauth)
  const used: Pick<WireResult, 'authorization' | 'xApiKey'> = oauth
    ? { authorization: { ...oauth, oauth: true } }
    : {
        authorization: withOauthFlag(first(slots.authorization, 'authorization')),
        xApiKey: first(slots['x-api-key'], 'x-api-key'),
      }
  const winners = [used.authorization, used.xApiKey].filter(Boolean) as CredentialSource[]
  const isWinner = (source: CredentialSource) =>
    winners.some((winner) => winner.name === source.name && sameOrigin(winner.origin, source.origin))

  const route = routeOf(env)
  return {
    route,
    ...(isCloudProvider(route) ? { provider: resolveProvider(route, { world, env, version, candidates }) } : {}),
    ...used,
    shadowed: candidates.filter((source) => !isWinner(source)),
    ignoredInBare,
    ...(uncertain.length > 0 ? { uncertain } : {}),
  }
}

function withOauthFlag(source: CredentialSource | undefined): (CredentialSource & { oauth: boolean }) | undefined {
  return source ? { ...source, oauth: false } : undefined
}

/** Same kind and same fields, whatever order they were written in. */
export function sameOrigin(a: Origin, b: Origin): boolean {
  // The same object, or two of different kinds, needs no canonical text (judging later steps asks this thousands of times).
  if (a === b) return true
  if (a.kind !== b.kind) return false
  return canonical(a) === canonical(b)
}

const canonical = (value: unknown): string =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? `{${Object.keys(value)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
        .join(',')}}`
    : JSON.stringify(value)

/** The values of `Authorization` and `x-api-key` lines in ANTHROPIC_CUSTOM_HEADERS (one `Name: value` per line). */
export function credentialHeaders(headers: string): string[] {
  return headers
    .split(/\r?\n/)
    .map((line) => /^\s*([^:\s]+)\s*:\s*(.*?)\s*$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && RULES.credentialHeaders.includes(match[1].toLowerCase()))
    .map((match) => match[2])
}
