// The doctor's verdict, pure: what `claude -p` sends from here, and, with
// `--expect`, whether that is the expected credential alone. The rules are
// the action's own: the same resolver, the same readings of every supported
// CLI version, the same explanations (decide/explain.ts) and source rows.

import { hasErrors, type Problem } from '../common/problems.js'
import { PROVIDER_WORDS } from '../common/provider-words.js'
import { evaluateWorlds, printOf, whitespaceOnlyCredentials, worldAfter, type Conflict } from '../decide/decide.js'
import { READINGS } from '../decide/explain.js'
import { withFix } from '../engine/fixes.js'
import { credentialInPlace, NOTHING_INTENDED, type IntendedSetup } from '../decide/intended.js'
import { conflictRule, SHADOWED_RULE, whitespaceProblem } from '../decide/messages.js'
import { displayPath, subject } from '../decide/places.js'
import { sourceRows, type SourceRow } from '../decide/rows.js'
import type { CliWorld, CredentialKind, CredentialSource, Origin, WireResult } from '../resolve/model.js'
import { credentialHeaders, effectiveEnv, presentSources, resolve, sameOrigin } from '../resolve/resolve.js'
import { ENV_CREDENTIALS, EXPORT_NAME, RULES, isTruthy } from '../resolve/rules.js'
import { checkCredential } from '../inputs/credential-shape.js'
import type { Scan } from '../scan/scan.js'
import {
  bareOauthProblem,
  conflictProblem,
  forwardedProblem,
  gatewayWithoutUrlProblem,
  missingProblem,
  nothingSentProblem,
  notUsedProblem,
  providerFailureProblem,
  providerWords,
  removalFix,
  twoCredentialsProblem,
  unexplainedProblem,
  headerWords,
  shadowedProblem,
  shapeReader,
  type DoctorPlaces,
  type SentSource,
} from './messages.js'

export interface JudgeOptions {
  expect?: CredentialKind
  /** `--bare`: judge `claude --bare`. */
  bare: boolean
  /** macOS, and whether the Keychain holds a `/login` could not be told (`security` missing or failing). */
  keychain: boolean
}

/** One credential on the wire, and the header(s) it fills. */
export interface Sent extends SentSource {
  fingerprint?: string
  /** `authorization` with the OAuth beta, or a plain Bearer. */
  scheme?: 'oauth' | 'bearer'
  /** The CLI fills the slot only some of the time (RULES.bareSlots). */
  sometimes: boolean
}

export interface ModeView {
  bare: boolean
  wire: WireResult
  sent: Sent[]
  /** With `--expect`: the expected credential is sent alone in this mode. */
  expectMet?: boolean
}

export interface Diagnosis {
  expect?: CredentialKind
  /** How messages name the expected credential. */
  expectWords?: string
  /** Judged as `claude --bare`, and why. */
  bareFrom?: 'flag' | 'CLAUDE_CODE_SIMPLE'
  judged: ModeView
  /** The other mode: with `--bare` when judging without it, and the reverse. Same as judged when CLAUDE_CODE_SIMPLE forces bare mode. */
  other: ModeView
  baseUrl: { value: string; origin?: Origin }
  rows: SourceRow[]
  /** Without `--expect`: credentials that are there but lose (each also a notice). */
  unused: SourceRow[]
  problems: Problem[]
  ok: boolean
}

/** Sources that hold a credential (not switches): the ones a user may believe are used. */
const CREDENTIAL_NAMES: ReadonlySet<string> = new Set<string>([...ENV_CREDENTIALS, 'apiKeyHelper', 'credentialsFile', 'primaryApiKey'])

export const DEFAULT_BASE_URL = 'https://api.anthropic.com'

export function judge(scan: Scan, options: JudgeOptions, places: DoctorPlaces): Diagnosis {
  const worldsFor = (bare: boolean) => READINGS.map((reading) => worldAfter(scan, [], bare, reading))
  const worlds = worldsFor(options.bare)
  const newest = worlds[worlds.length - 1]
  const env = effectiveEnv(newest)
  const simple = isTruthy(env.get(RULES.bareFlag)?.value)
  const bareFrom = options.bare ? 'flag' : simple ? 'CLAUDE_CODE_SIMPLE' : undefined
  const base = env.get(RULES.baseUrl)
  const baseUrl = base && base.value.trim() !== '' ? { value: base.value.trim(), origin: base.origin } : { value: DEFAULT_BASE_URL }
  const local = places.env.host === 'local'
  const problems: Problem[] = [...scan.problems]

  let intended: Pick<IntendedSetup, 'isIntended' | 'sent'> = NOTHING_INTENDED
  let conflicts: Conflict[] = []
  let expectWords: string | undefined
  let met: (bare: boolean) => boolean | undefined = () => undefined
  const judgedWire = resolve(newest)
  problems.push(...providerFailures(worlds, scan, places))

  if (options.expect) {
    // The value the user set, when a settings file replaces it, is the intended one; the file's is what stands in its way.
    // Under every supported version's reading: one may let the file win where another keeps the environment's value.
    const shadow = shadowIn(scan, worlds, EXPORT_NAME[options.expect])
    const setup = credentialInPlace(options.expect, wordsFor(options.expect, scan), (source) => shadow !== undefined && source.name === shadow.name && source.origin.kind === 'settings-env')
    intended = setup
    expectWords = setup.words
    // Wherever the base URL is set is where the user sends requests: not a redirect (the action's worry, a file overriding the job).
    const expectedBase = base?.value.trim() ?? ''
    const evaluation = evaluateWorlds(worlds, setup, expectedBase)
    met = (bare) => (bare === options.bare ? evaluation.correct : evaluateWorlds(worldsFor(bare), setup, expectedBase).correct)
    const present = shadow !== undefined || presentSources(newest).some((source) => setup.isIntended(source))
    if (!present) {
      const sent = sentSources(judgedWire, newest)
      problems.push(
        missingProblem({
          expect: options.expect,
          instead: judgedWire.route !== 'first-party' ? `every request to ${PROVIDER_WORDS[judgedWire.route]}` : sent.length > 0 ? sent.map((s) => describe(s, places)).join(' and ') : undefined,
          // On a provider's route the flag is what stands in the way, not what is forwarded there.
          insteadFixes: judgedWire.route === 'first-party' ? sent.map((s) => `to drop ${s.name}, ${removalFix(s.name, s.origin, places)}`) : [],
          credentialsFile: displayPath(scan.credentialsFile?.path ?? credentialsPathOf(scan), places),
          loginWithoutScope: scan.credentialsFile !== undefined && !scan.credentialsFile.hasInferenceScope,
          keychain: options.keychain && scan.credentialsFile === undefined,
          local,
        }),
      )
    } else {
      conflicts = evaluation.offenders.map((o) => ({ ...o, resolution: 'failed', ...(o.readings.length < READINGS.length ? { onlyIn: o.readings } : {}) }))
      for (const c of conflicts) {
        // The action's conflict of the same rule id, in the doctor's words: both places named.
        const shadowing = shadow && conflictRule(c, setup) === SHADOWED_RULE && c.origin.kind === 'settings-env' && sameOrigin(c.origin, shadow.sent.origin)
        problems.push(withFix(shadowing ? shadowedProblemOf(shadow, true, places, c.onlyIn) : conflictProblem({ ...c, fingerprint: printOf(c.value), exposed: isExposed(scan, c) }, setup, places), c.name, c.origin))
      }
      const bareProblem = options.bare && options.expect === 'oauth-token' && !evaluation.correct
      if (bareProblem) problems.push(bareOauthProblem())
      if (!evaluation.correct && conflicts.length === 0 && !bareProblem) problems.push(unexplainedProblem(setup))
    }
  } else {
    const sent = sentSources(judgedWire, newest)
    if (judgedWire.route === 'first-party' && sent.length === 0) {
      problems.push(nothingSentProblem({ bare: bareFrom !== undefined, ignoredInBare: judgedWire.ignoredInBare, keychain: options.keychain && scan.credentialsFile === undefined, local }, places))
    }
    if (judgedWire.route === 'first-party' && sent.length > 1) problems.push(twoCredentialsProblem(sent, places))
    const provider = judgedWire.provider?.name
    if (provider) for (const s of sent) problems.push(forwardedProblem(s, provider, places))
  }
  const shape = shapeProblems(scan, env, options.expect, judgedWire, places)
  // A gateway's token with no gateway URL anywhere goes to api.anthropic.com (the action's inputs/gateway-without-url).
  if (options.expect === 'auth-token' && baseUrl.origin === undefined && (scan.env.ANTHROPIC_AUTH_TOKEN ?? env.get('ANTHROPIC_AUTH_TOKEN')?.value ?? '').trim() !== '') shape.push(gatewayWithoutUrlProblem())
  // As the action: an expected credential that cannot be right is the finding to fix first; what else would
  // be sent around it is judged once it is (the tables below still show it).
  const blanks = whitespaceOnlyCredentials(scan, conflicts).map((v) => withFix(whitespaceProblem(v.name, v.origin, places), v.name, v.origin))
  if (options.expect && hasErrors(shape)) problems.splice(scan.problems.length, problems.length, ...shape)
  else problems.push(...shape, ...(options.expect ? [] : shadowedProblems(scan, env, places)), ...blanks)
  const rows = forwardedRows(sourceRows({ scan, intended, exports: [], before: newest, after: newest, conflicts, cleared: [] }), judgedWire)
  const unused = options.expect ? [] : rows.filter((row) => row.status === 'not sent' && CREDENTIAL_NAMES.has(row.name))
  for (const row of unused) problems.push(notUsedProblem(row.name, row.origin, row.note, places))

  const view = (bare: boolean): ModeView => {
    const world = worldAfter(scan, [], bare, READINGS[READINGS.length - 1])
    const wire = resolve(world)
    const expectMet = met(bare)
    return { bare: bare || simple, wire, sent: sentSources(wire, world), ...(expectMet === undefined ? {} : { expectMet }) }
  }
  return {
    ...(options.expect ? { expect: options.expect, expectWords } : {}),
    ...(bareFrom ? { bareFrom } : {}),
    judged: view(options.bare),
    other: view(!options.bare),
    baseUrl,
    rows,
    unused,
    problems,
    ok: !hasErrors(problems),
  }
}

const KIND_OF_VARIABLE = new Map<string, CredentialKind>((Object.entries(EXPORT_NAME) as [CredentialKind, string][]).map(([kind, name]) => [name, kind]))

/**
 * The action's offline checks of its credential input (wrong slot, whitespace,
 * length, characters), applied to the credential where the CLI reads it: with
 * `--expect`, the expected kind's variable; without, every credential
 * variable that is sent. Same rules and rule ids, the doctor's words.
 */
function shapeProblems(scan: Scan, env: ReturnType<typeof effectiveEnv>, expect: CredentialKind | undefined, wire: WireResult, places: DoctorPlaces): Problem[] {
  const names = expect ? [EXPORT_NAME[expect]] : [wire.authorization, wire.xApiKey].flatMap((slot) => (slot && KIND_OF_VARIABLE.has(slot.name) ? [slot.name] : []))
  return [...new Set(names)].flatMap((name) => {
    const kind = KIND_OF_VARIABLE.get(name)!
    const variable = env.get(name)
    const checked = (value: string, origin: Origin) => (value.trim() === '' ? [] : checkCredential(kind, value, shapeReader(name, origin, places)).problems)
    // Shadowed by a settings file (settings/shadowed-value): the value the user set is the intended one, and is checked too.
    const set = scan.env[name]
    const shadowed = variable && variable.origin.kind === 'settings-env' && set !== undefined && set.trim() !== variable.value.trim() ? checked(set, { kind: 'process-env' }) : []
    return [...shadowed, ...(variable ? checked(variable.value, variable.origin) : [])]
  })
}

type Shadow = { name: string; set: string; sent: { value: string; origin: Origin } }

/** A credential variable the user set in the environment that a settings file replaces with another value (trimmed, as sent). */
function shadowOf(scan: Scan, env: ReturnType<typeof effectiveEnv>, name: string, blank = false): Shadow | undefined {
  const set = scan.env[name]
  const sent = env.get(name)
  // `blank`: a file that sets it to whitespace only stands in the way too (with `--expect`: the action's conflict/not-at-all).
  if (set === undefined || set.trim() === '' || !sent || sent.origin.kind !== 'settings-env' || (!blank && sent.value.trim() === '') || sent.value.trim() === set.trim()) return undefined
  return { name, set, sent }
}

/** The expected variable shadowed under the newest reading that shadows it (a blank value too). */
function shadowIn(scan: Scan, worlds: readonly CliWorld[], name: string): Shadow | undefined {
  for (let i = worlds.length - 1; i >= 0; i--) {
    const shadow = shadowOf(scan, effectiveEnv(worlds[i]), name, true)
    if (shadow) return shadow
  }
  return undefined
}

const shadowedProblemOf = (s: Shadow, expected: boolean, places: DoctorPlaces, onlyIn?: readonly string[]): Problem =>
  withFix(shadowedProblem({ name: s.name, set: { origin: { kind: 'process-env' }, fingerprint: printOf(s.set) }, by: { origin: s.sent.origin, fingerprint: printOf(s.sent.value) }, expected, ...(onlyIn ? { onlyIn } : {}) }, places), s.name, s.sent.origin)

/**
 * Without `--expect`: every credential variable shadowed by a settings file,
 * a warning. With it, the expected one is a conflict of the same rule id
 * (settings/shadowed-value), as in the action.
 */
function shadowedProblems(scan: Scan, env: ReturnType<typeof effectiveEnv>, places: DoctorPlaces): Problem[] {
  return ENV_CREDENTIALS.flatMap((name) => {
    const shadow = shadowOf(scan, env, name)
    return shadow ? [shadowedProblemOf(shadow, false, places)] : []
  })
}

/** "your /login subscription" when that is the only OAuth credential there is. */
function wordsFor(expect: CredentialKind, scan: Scan): string | undefined {
  if (expect !== 'oauth-token') return undefined
  const token = effectiveEnv({ env: scan.env, settings: scan.settings }).get('CLAUDE_CODE_OAUTH_TOKEN')
  const hasToken = token !== undefined && token.value.trim() !== ''
  return !hasToken && scan.credentialsFile ? 'your /login subscription' : undefined
}

function credentialsPathOf(scan: Scan): string {
  return scan.files.find((f) => f.role.startsWith('OAuth credentials'))?.path ?? '~/.claude/.credentials.json'
}

/**
 * Each distinct source on the wire, with the headers it fills; an
 * Authorization or x-api-key line of ANTHROPIC_CUSTOM_HEADERS too. On a cloud
 * provider's route: the first-party credentials the CLI forwards there
 * (the resolver's `wire.provider.forwarded`), and nothing when it stops
 * before any request.
 */
export function sentSources(wire: WireResult, world: CliWorld): Sent[] {
  if (wire.route !== 'first-party') return forwardedSources(wire)
  const sent: Sent[] = []
  const add = (source: CredentialSource & { oauth?: boolean }, header: 'authorization' | 'x-api-key') => {
    const sometimes = wire.uncertain?.includes(header) ?? false
    const known = sent.find((s) => s.name === source.name && sameOrigin(s.origin, source.origin))
    if (known) {
      known.headers.push(header)
      return
    }
    sent.push({
      name: source.name,
      origin: source.origin,
      headers: [header],
      ...(printOf(source.value) ? { fingerprint: printOf(source.value) } : {}),
      ...(header === 'authorization' ? { scheme: source.oauth ? 'oauth' : 'bearer' } : {}),
      sometimes,
    })
  }
  if (wire.authorization) add(wire.authorization, 'authorization')
  if (wire.xApiKey) add(wire.xApiKey, 'x-api-key')
  const custom = effectiveEnv(world).get(RULES.customHeaders)
  if (custom) {
    const names = custom.value
      .split(/\r?\n/)
      .map((line) => /^\s*([^:\s]+)\s*:/.exec(line)?.[1]?.toLowerCase())
      .filter((name): name is string => name !== undefined && RULES.credentialHeaders.includes(name))
    if (credentialHeaders(custom.value).length > 0) {
      sent.push({ name: RULES.customHeaders, origin: custom.origin, headers: [...new Set(names)], sometimes: false })
    }
  }
  return sent
}

/** What the CLI forwards to the provider: a token or helper as a plain Bearer, a key as x-api-key. */
function forwardedSources(wire: WireResult): Sent[] {
  const own = wire.provider
  if (!own || own.fails) return []
  const sent: Sent[] = []
  const add = (source: CredentialSource, header: 'authorization' | 'x-api-key') => {
    const known = sent.find((s) => s.name === source.name && sameOrigin(s.origin, source.origin))
    if (known) {
      known.headers.push(header)
      return
    }
    const fingerprint = printOf(source.value)
    sent.push({ name: source.name, origin: source.origin, headers: [header], ...(fingerprint ? { fingerprint } : {}), ...(header === 'authorization' ? { scheme: 'bearer' as const } : {}), sometimes: false })
  }
  if (own.forwarded.authorization) add(own.forwarded.authorization, 'authorization')
  if (own.forwarded.xApiKey) add(own.forwarded.xApiKey, 'x-api-key')
  return sent
}

/** Where the CLI stops before any request, under each reading: the action's error, as the action words it. */
function providerFailures(worlds: readonly CliWorld[], scan: Scan, places: DoctorPlaces): Problem[] {
  const wires = worlds.map((world, i) => ({ version: READINGS[i].version, own: resolve(world).provider }))
  const problems: Problem[] = []
  for (const { version, own } of wires) {
    if (!own?.fails) continue
    const onlyThen = wires.every((w) => w.own?.fails?.rule === own.fails!.rule) ? '' : ` with Claude Code ${version}`
    const found = providerFailureProblem(own, onlyThen, scan, places)
    if (!problems.some((p) => p.title === found.title && p.cause === found.cause)) problems.push(found)
  }
  return problems
}

/** The action's rows call every first-party source "not sent" on a provider's route: those the CLI forwards there are sent, to the provider. */
function forwardedRows(rows: SourceRow[], wire: WireResult): SourceRow[] {
  const provider = wire.provider?.name
  if (!provider) return rows
  const forwarded = forwardedSources(wire)
  return rows.map((row) =>
    row.status === 'not sent' && forwarded.some((s) => s.name === row.name && sameOrigin(s.origin, row.origin)) ? { ...row, status: 'sent', note: `to ${providerWords(provider)}` } : row,
  )
}

/** "ANTHROPIC_API_KEY from your environment (x-api-key)". */
export function describe(s: SentSource, places: DoctorPlaces): string {
  return `${subject(s.name, s.origin, places)} (${headerWords(s.headers)})`
}

const isExposed = (scan: Scan, c: Conflict): boolean =>
  c.origin.kind === 'settings-env' && scan.exposedFiles.includes(c.origin.path) && (ENV_CREDENTIALS as readonly string[]).includes(c.name)

