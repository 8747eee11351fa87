// Why the intended credential would not be sent alone, derived, never
// assumed: every finding comes from comparing what the resolver says the CLI
// sends with what it would send without that one source. Pure.

import type { CliWorld, CredentialSource, EffectiveVariable, Origin, ProviderCredential, ProviderVariable, ProviderWire, WireResult } from '../resolve/model.js'
import { blankStopCredential } from '../resolve/provider.js'
import { credentialHeaders, effectiveEnv, presentSources, resolve, sameOrigin } from '../resolve/resolve.js'
import { CLOUD, MEASURED_VERSIONS, RULES, isTruthy } from '../resolve/rules.js'
import type { IntendedSetup } from './intended.js'

/**
 * - `instead`: it is sent and the intended credential is not;
 * - `as-well`: both are sent;
 * - `routes-away`: a provider flag sends every request to that provider, so nothing intended is sent;
 * - `forces-bare`: bare mode is on, which never reads the intended credential;
 * - `not-at-all`: it is not sent itself, but without it the intended credential would be;
 * - `redirects`: every request, credential included, goes to another address;
 * - `overrides`: a settings file sets a variable of the intended provider's
 *   route (it beats the workflow, so it is never the job's to decide);
 * - `inert`: a first-party credential present while a provider route is
 *   intended: not sent, but worth removing (never fails the run);
 * - `versions-differ`: a provider credential newer versions send and older
 *   ones ignore (they send the next one in line): clearing it would not make
 *   the versions agree on the user's credential, so it is never cleared.
 */
export type Reason = 'instead' | 'as-well' | 'routes-away' | 'forces-bare' | 'not-at-all' | 'redirects' | 'overrides' | 'inert' | 'versions-differ'

/** One definition of something the CLI reads: a variable where it is set, a helper in its file, a file. */
export interface Suspect {
  name: string
  origin: Origin
  /** The value, when it is a text the CLI reads; never printed, only fingerprinted. */
  value?: string
}

export interface Offender extends Suspect {
  reason: Reason
}

/** A way the CLI may read the world: each measured version's rules. */
export interface Reading {
  version: string
  /** That version's reading of whitespace-only values (2.1.197 sends them; newer versions trim them away). */
  whitespaceOnlyIsPresent: boolean
}

export const READINGS: readonly Reading[] = MEASURED_VERSIONS.map((version, i) => ({ version, whitespaceOnlyIsPresent: i === 0 }))

export const sameSuspect = (a: { name: string; origin: Origin }, b: { name: string; origin: Origin }): boolean =>
  a.name === b.name && sameOrigin(a.origin, b.origin)

/** The world with one definition gone: what the CLI would do if the user deleted it. */
export function without(world: CliWorld, suspect: Suspect): CliWorld {
  const { origin } = suspect
  switch (origin.kind) {
    case 'settings-env':
      return {
        ...world,
        settings: world.settings.map((file) =>
          file.path === origin.path && file.layer === origin.layer ? { ...file, env: omit(file.env, suspect.name) } : file,
        ),
      }
    case 'settings-file':
      return {
        ...world,
        settings: world.settings.map((file) =>
          file.path === origin.path && file.layer === origin.layer ? { ...file, apiKeyHelper: undefined } : file,
        ),
      }
    case 'credentials-file':
      return { ...world, credentialsFile: undefined }
    case 'claude-json':
      return { ...world, primaryApiKey: undefined }
    case 'claude-argv':
      return { ...world, bare: false }
    default: {
      // A variable of the step's environment (the job's, this action's, or a later step's own).
      const name = suspect.name === 'federation' ? RULES.federationRequires[0] : suspect.name
      return { ...world, env: omit(world.env, name) }
    }
  }
}

function omit<T>(record: Readonly<Record<string, T>>, name: string): Record<string, T> {
  const copy = { ...record }
  delete copy[name]
  return copy
}

/** Same route, the same sources in both header slots, and the same provider credential, endpoint, region and project. */
export function sameWire(a: WireResult, b: WireResult): boolean {
  const slot = (s: (CredentialSource & { oauth?: boolean }) | undefined) => (s ? [s.name, JSON.stringify(s.origin), s.oauth ?? false] : null)
  return (
    a.route === b.route &&
    JSON.stringify([slot(a.authorization), slot(a.xApiKey)]) === JSON.stringify([slot(b.authorization), slot(b.xApiKey)]) &&
    providerKey(a) === providerKey(b)
  )
}

function providerKey(wire: WireResult): string {
  const p = wire.provider
  if (!p) return ''
  const credential = (c: ProviderCredential | undefined) => (c ? [c.name, 'origin' in c ? JSON.stringify(c.origin) : c.member] : null)
  const auth = p.auth.kind === 'none' ? ['none', p.auth.skippedBy.name] : [p.auth.kind, credential(p.auth.credential)]
  return JSON.stringify([auth, p.endpoint.value, p.region?.value, p.project?.value, p.forwarded.authorization?.name, p.forwarded.xApiKey?.name, p.fails?.rule])
}

/**
 * A cloud provider setup. What is sent is the provider's own credential, to
 * the provider: first-party credentials are inert (unless the CLI forwards
 * them), another provider's flag routes away, and any variable of the route
 * set in a settings file overrides the job.
 */
function explainProvider(world: CliWorld, intended: IntendedSetup): Explained {
  const wire = resolve(world)
  const env = effectiveEnv(world)
  const correct = intended.sentAlone(wire)
  const offenders: Offender[] = []
  const add = (offender: Offender) => {
    if (!offenders.some((o) => sameSuspect(o, offender))) offenders.push(offender)
  }
  const own = wire.provider
  const authCredential = own && own.auth.kind !== 'none' ? own.auth.credential : undefined
  for (const forwarded of [own?.forwarded.authorization, own?.forwarded.xApiKey]) {
    if (forwarded) add({ name: forwarded.name, origin: forwarded.origin, value: forwarded.value, reason: 'as-well' })
  }
  // Whitespace this version still sends (its value says so in the message), and a credential it does not read.
  for (const sent of own?.sentBlank ?? []) add({ ...sent, reason: 'instead' })
  for (const ignored of own?.ignored ?? []) add({ ...ignored, reason: 'versions-differ' })
  for (const variable of env.values()) {
    if (!intended.family!(variable.name) || variable.origin.kind !== 'settings-env' || intended.isIntended(variable)) continue
    add({ name: variable.name, origin: variable.origin, value: variable.value, reason: 'overrides' })
  }
  // Only when the provider's own credential or route is wrong: the job's chain credentials are the intended ones otherwise.
  // A setup the CLI would stop on (no project, two endpoints) is the provider checks' to explain.
  if (!intended.sent(wire) && !own?.fails) {
    const skipFlag = intended.provider ? CLOUD[intended.provider].skipFlag : ''
    const familyVariables = [...env.values()]
      .filter((v) => intended.family!(v.name) && v.name !== skipFlag)
      .map((v): Suspect => ({ name: v.name, origin: v.origin, value: v.value }))
    for (const suspect of [...switches(world, env), ...familyVariables]) {
      if (intended.isIntended(suspect)) continue
      if (sameWire(resolve(without(world, suspect)), wire)) continue
      const isCredential = authCredential !== undefined && 'origin' in authCredential && sameSuspect(authCredential, suspect)
      const reason: Reason = isProviderFlag(suspect.name) && suspect.name !== intended.variable ? 'routes-away' : isCredential ? 'instead' : 'not-at-all'
      add({ ...suspect, reason })
    }
  }
  const blank = blankKeyOffender(own)
  if (blank) add({ name: blank.name, origin: blank.origin, value: blank.value, reason: 'not-at-all' })
  // First-party credentials are not sent while the provider routes: worth removing, never a failure.
  for (const source of presentSources(world)) {
    if (offenders.some((o) => sameSuspect(o, source))) continue
    add({ name: source.name, origin: source.origin, value: source.value, reason: 'inert' })
  }
  const blocking = offenders.filter((o) => o.reason !== 'inert')
  return { wire, correct: correct && blocking.length === 0, offenders }
}

/**
 * A provider key of only whitespace that the CLI takes as given and then stops on (a Foundry
 * key), set where this step's setup does not come from (a settings file, a later step): it
 * is what stands in the way, a conflict. In the job env or this action's export it is the
 * setup itself, which the provider checks (providers.ts) call broken.
 */
export function blankKeyOffender(own: ProviderWire | undefined): ProviderVariable | undefined {
  const blank = blankStopCredential(own)
  return blank && blank.origin.kind !== 'action-export' && blank.origin.kind !== 'process-env' ? blank : undefined
}

const isProviderFlag = (name: string): boolean => RULES.providers.some(([, flag]) => flag === name)

/** Switches that can change what is sent without being sent themselves. */
function switches(world: CliWorld, env: Map<string, EffectiveVariable>): Suspect[] {
  const found: Suspect[] = []
  for (const [, flag] of RULES.providers) {
    const variable = env.get(flag)
    if (variable && isTruthy(variable.value)) found.push({ name: flag, origin: variable.origin, value: variable.value })
  }
  const bareFlag = env.get(RULES.bareFlag)
  if (bareFlag && isTruthy(bareFlag.value)) found.push({ name: RULES.bareFlag, origin: bareFlag.origin, value: bareFlag.value })
  if (world.bareSource) found.push({ name: '--bare', origin: world.bareSource })
  return found
}

function withoutProviderFlags(world: CliWorld, env: Map<string, EffectiveVariable>): CliWorld {
  let result = world
  for (const [, flag] of RULES.providers) {
    const variable = env.get(flag)
    if (variable) result = without(result, { name: flag, origin: variable.origin })
  }
  return result
}

const onWire = (wire: WireResult, source: CredentialSource): boolean =>
  [wire.authorization, wire.xApiKey].some((slot) => slot !== undefined && sameSuspect(slot, source))

export interface Explained {
  wire: WireResult
  /** The intended credential is sent, and nothing else is. */
  correct: boolean
  offenders: Offender[]
}

/**
 * Everything in one world that keeps the intended credential from being sent
 * alone. `expectedBaseUrl` is where the job sends requests after this
 * action's exports; a definition that changes it redirects the credential.
 */
export function explain(world: CliWorld, intended: IntendedSetup, expectedBaseUrl: string): Explained {
  if (intended.provider) return explainProvider(world, intended)
  const wire = resolve(world)
  const env = effectiveEnv(world)
  const correct = intended.sentAlone(wire)
  const intendedSent = intended.sent(wire)
  const offenders: Offender[] = []
  const add = (offender: Offender) => {
    if (!offenders.some((o) => sameSuspect(o, offender))) offenders.push(offender)
  }

  // While a provider flag routes every request away, the header slots say
  // what would be sent once it is off: judge them as if it were.
  const firstParty = wire.route === 'first-party' ? wire : resolve(withoutProviderFlags(world, env))
  const firstPartySent = wire.route === 'first-party' ? intendedSent : intended.sent(firstParty)
  for (const slot of [firstParty.authorization, firstParty.xApiKey]) {
    if (slot && !intended.isIntended(slot)) add({ name: slot.name, origin: slot.origin, value: slot.value, reason: firstPartySent ? 'as-well' : 'instead' })
  }
  if (!correct) {
    const suspects: Suspect[] = [...presentSources(world), ...switches(world, env)]
    for (const suspect of suspects) {
      if (intended.isIntended(suspect as CredentialSource) || onWire(wire, suspect as CredentialSource)) continue
      if (sameWire(resolve(without(world, suspect)), wire)) continue
      const reason: Reason = isProviderFlag(suspect.name) ? 'routes-away' : suspect.name === RULES.bareFlag || suspect.name === '--bare' ? 'forces-bare' : 'not-at-all'
      add({ ...suspect, reason })
    }
  }

  // The intended variable set to empty (or nothing) after this action exported it: a later
  // step's own env, or an action that passes only its own inputs on.
  const intendedVariable = env.get(intended.variable)
  if (!intendedSent && intendedVariable && !isJobLevel(intendedVariable.origin) && !intended.isIntended({ name: intended.variable as CredentialSource['name'], origin: intendedVariable.origin }) && intendedVariable.value.trim() === '') {
    add({ name: intended.variable, origin: intendedVariable.origin, value: intendedVariable.value, reason: 'not-at-all' })
  }

  const baseUrl = env.get(RULES.baseUrl)
  const effectiveBase = baseUrl?.value.trim() ?? ''
  if (baseUrl && !isJobLevel(baseUrl.origin) && effectiveBase !== expectedBaseUrl) {
    add({ name: RULES.baseUrl, origin: baseUrl.origin, value: baseUrl.value, reason: 'redirects' })
  }
  // Extra headers are sent on every request, so an auth header there joins whatever the slots hold.
  const customHeaders = env.get(RULES.customHeaders)
  if (customHeaders && credentialHeaders(customHeaders.value).length > 0) {
    add({ name: RULES.customHeaders, origin: customHeaders.origin, value: customHeaders.value, reason: intendedSent ? 'as-well' : 'instead' })
  }
  return { wire, correct: correct && offenders.length === 0, offenders }
}

/** The job environment and this action's exports: what the action step itself sees. */
export const isJobLevel = (origin: Origin): boolean => origin.kind === 'process-env' || origin.kind === 'action-export'
