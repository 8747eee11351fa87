/**
 * Random and mutated credentials, inputs, settings files and environment values for the
 * property-based test of the built action. A scenario carries, next to the values, the list
 * of credentials it planted (`secrets`) and a value-free recipe, so that a failing case can
 * be described by fingerprints only.
 */

import fc from 'fast-check'

/** Mutations applied to a credential, in order. Every text they add is fixed fuzz vocabulary, never a credential. */
export type Mutation =
  | { kind: 'wrap'; before: string; after: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'replace'; at: number; char: string }
  | { kind: 'truncate'; keep: number }
  | { kind: 'repeat'; times: number }
  | { kind: 'pad'; length: number }

export interface PlantedCredential {
  /** Before mutation: the credential a user meant to give. */
  base: string
  mutations: Mutation[]
  /** What the action gets. */
  value: string
}

export type Place = 'project' | 'local' | 'user' | 'claudeJson' | 'credentials'

export interface PlantedFile {
  place: Place
  content: string
}

export interface Scenario {
  /** Action inputs, as declared in action.yml. */
  inputs: Record<string, string>
  /** Job env, `INPUT_*` of secret inputs action.yml does not declare yet included. */
  env: Record<string, string>
  files: PlantedFile[]
  /** Every credential planted anywhere, that must never be readable in what the runner publishes. */
  secrets: string[]
  /** What was planted where, without values. */
  recipe: string[]
}

// ---------------------------------------------------------------------------------------------
// Credentials

const chars = (ranges: string) => ranges.replace(/(.)-(.)/g, (_, a: string, b: string) => {
  let out = ''
  for (let c = a.charCodeAt(0); c <= b.charCodeAt(0); c++) out += String.fromCharCode(c)
  return out
})
const TOKEN_CHARS = [...chars('A-Za-z0-9'), '_', '-']
const GATEWAY_CHARS = [...TOKEN_CHARS, '.', '~', '+', '/', '=']

const stringOf = (alphabet: string[], minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength })

type CredentialInput = 'claude-code-oauth-token' | 'anthropic-api-key' | 'anthropic-auth-token'

interface Base {
  label: string
  value: string
  /** The input it belongs in. */
  home: CredentialInput
}

const prefix = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ prefix: 'sk-ant-oat01-', home: 'claude-code-oauth-token' as const }) },
  { weight: 4, arbitrary: fc.constant({ prefix: 'sk-ant-api03-', home: 'anthropic-api-key' as const }) },
  { weight: 1, arbitrary: fc.constantFrom('sk-ant-admin01-', 'sk-ant-ort01-').map((p) => ({ prefix: p, home: 'anthropic-api-key' as const })) },
  { weight: 1, arbitrary: fc.constant({ prefix: 'sk-ant-oat02-', home: 'claude-code-oauth-token' as const }) },
)
const anthropicToken = fc
  .tuple(prefix, stringOf(TOKEN_CHARS, 95, 95))
  .map(([p, body]): Base => ({ label: `anthropic ${p.prefix}`, value: p.prefix + body, home: p.home }))
const gatewayToken = stringOf(GATEWAY_CHARS, 16, 300).map((value): Base => ({ label: 'gateway token', value, home: 'anthropic-auth-token' }))
const jwt = fc
  .tuple(stringOf(TOKEN_CHARS, 10, 60), stringOf(TOKEN_CHARS, 20, 400), stringOf(TOKEN_CHARS, 40, 350))
  .map(([header, payload, signature]): Base => ({ label: 'JWT', value: `eyJ${header}.${payload}.${signature}`, home: 'anthropic-auth-token' }))
/** Any text at all, as a broken secret might hold. NUL cannot be passed in an environment variable. */
const anyText = fc
  .string({ unit: 'grapheme', minLength: 12, maxLength: 60 })
  .map((value): Base => ({ label: 'random text', value: value.replace(/\0/g, ''), home: 'anthropic-auth-token' }))

const baseCredential = fc.oneof(
  { weight: 5, arbitrary: anthropicToken },
  { weight: 3, arbitrary: gatewayToken },
  { weight: 1, arbitrary: jwt },
  { weight: 1, arbitrary: anyText },
)

const QUOTES: [string, string][] = [
  ['"', '"'],
  ["'", "'"],
  ['`', '`'],
  ['\u201c', '\u201d'],
  ['"', ''],
]
const PREFIXES = ['Bearer ', 'bearer\t', 'CLAUDE_CODE_OAUTH_TOKEN=', 'ANTHROPIC_API_KEY: ', 'export ANTHROPIC_AUTH_TOKEN=', 'Authorization: Bearer ', 'x-api-key: ']
const INSERTS = [
  '%0A',
  '%0d',
  '%0D%0A',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '\t',
  '%',
  '%25',
  '\u0007',
  '\u001b[31m',
  '\n::set-env name=FUZZ_INJECTED::1',
  '\n::error::FUZZ_INJECTED',
  '%0A::add-mask::FUZZ',
  '##[set-output name=FUZZ_INJECTED]1',
  '\r::notice::FUZZ_INJECTED',
  '\n::stop-commands::FUZZTOKEN',
]
/** Lookalikes (Cyrillic, Greek, fullwidth), invisible and space characters, a dash, an ideograph, an emoji. */
const REPLACEMENTS = ['\u043e', '\u0430', '\u0435', '\u039f', '\uff4f', '\u200b', '\u00a0', '\u00ad', '\u2013', '\ufeff', '\u4e2d', '\u{1f600}', '\u2028']

const fraction = fc.double({ min: 0, max: 1, noNaN: true })
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...QUOTES).map(([before, after]): Mutation => ({ kind: 'wrap', before, after })),
  fc.constantFrom(...PREFIXES).map((before): Mutation => ({ kind: 'wrap', before, after: '' })),
  fc.constantFrom('\n', ' \n', '%0A', '  ').map((after): Mutation => ({ kind: 'wrap', before: '', after })),
  fc.tuple(fraction, fc.constantFrom(...INSERTS)).map(([at, text]): Mutation => ({ kind: 'insert', at, text })),
  fc.tuple(fraction, fc.constantFrom(...REPLACEMENTS)).map(([at, char]): Mutation => ({ kind: 'replace', at, char })),
  fraction.map((keep): Mutation => ({ kind: 'truncate', keep })),
  fc.integer({ min: 2, max: 3 }).map((times): Mutation => ({ kind: 'repeat', times })),
  fc.constantFrom(120, 300, 9000, 100_000).map((length): Mutation => ({ kind: 'pad', length })),
)

function applyMutation(value: string, m: Mutation): string {
  const at = (fractionOf: number) => Math.floor(fractionOf * value.length)
  switch (m.kind) {
    case 'wrap':
      return `${m.before}${value}${m.after}`
    case 'insert':
      return value.slice(0, at(m.at)) + m.text + value.slice(at(m.at))
    case 'replace': {
      const i = Math.min(at(m.at), Math.max(0, value.length - 1))
      return value.slice(0, i) + m.char + value.slice(i + 1)
    }
    case 'truncate':
      return value.slice(0, Math.max(1, at(m.keep)))
    case 'repeat':
      return value.repeat(m.times)
    case 'pad':
      return value.length >= m.length ? value : value + 'Q'.repeat(m.length - value.length)
  }
}

export function describeMutation(m: Mutation): string {
  const shown = (text: string) => JSON.stringify(text)
  switch (m.kind) {
    case 'wrap':
      return `wrap(${shown(m.before)}, ${shown(m.after)})`
    case 'insert':
      return `insert(${shown(m.text)} at ${m.at.toFixed(2)})`
    case 'replace':
      return `replace(U+${(m.char.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')} at ${m.at.toFixed(2)})`
    case 'truncate':
      return `truncate(${m.keep.toFixed(2)})`
    case 'repeat':
      return `repeat(${m.times})`
    case 'pad':
      return `pad(${m.length})`
  }
}

/** Linux refuses a single environment string over 128 KiB (E2BIG), on a runner as here. */
const LONGEST_VALUE = 120_000

const planted = (mutations: fc.Arbitrary<Mutation[]>) =>
  fc.tuple(baseCredential, mutations).map(([base, list]) => {
    const value = list.reduce(applyMutation, base.value).slice(0, LONGEST_VALUE)
    return { label: base.label, home: base.home, credential: { base: base.value, mutations: list, value } satisfies PlantedCredential }
  })
const mutatedCredential = planted(fc.array(mutation, { maxLength: 3 }))
/** Mostly clean, sometimes broken: the value a user most often gives. */
const likelyCredential = planted(fc.oneof({ weight: 3, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 2, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 2 }) }))

const longEnough = (pieces: string[]) => pieces.map((piece) => piece.trim()).filter((piece) => piece.length >= 8)

/**
 * For a credential the action masks: the value, each line and the unmutated base, long
 * enough to be a credential and not prose.
 */
export function credentialSecrets(credential: PlantedCredential): string[] {
  return longEnough([credential.base, ...credential.value.split(/\r\n|\r|\n/)])
}

/**
 * For a credential in a place the action never prints nor masks (a helper command, a broken
 * file): the unmutated base only, since a cut-down value such as `sk-ant-o` is also a word
 * of the action's own messages.
 */
const unprintedSecrets = (credential: PlantedCredential): string[] => longEnough([credential.base])

// ---------------------------------------------------------------------------------------------
// Inputs and environment

const INJECTIONS = [
  'fail\n::set-env name=FUZZ_INJECTED::1',
  'warn ##[set-output name=FUZZ_INJECTED]1',
  'true\r::notice::FUZZ_INJECTED',
  '::stop-commands::FUZZTOKEN',
  '##[add-path]/fuzz/injected',
  'x%0A::add-mask::y',
]
const junk = fc.oneof(fc.constantFrom(...INJECTIONS), fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.replace(/\0/g, '')))
const optionInput = (valid: string[]) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: junk })

const password = stringOf([...chars('A-Za-z0-9')], 12, 24)
const baseUrl = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ value: '', secrets: [] as string[] }) },
  { weight: 3, arbitrary: fc.constantFrom('https://llm-gateway.example.com', 'http://127.0.0.1:9', 'https://gw.example.com/v1%0A::add-mask::FUZZ').map((value) => ({ value, secrets: [] as string[] })) },
  { weight: 1, arbitrary: password.map((pw) => ({ value: `https://ci-bot:${pw}@gw.example.com/v1`, secrets: [pw] })) },
  { weight: 1, arbitrary: junk.map((value) => ({ value, secrets: [] as string[] })) },
)

const CREDENTIAL_INPUTS: readonly CredentialInput[] = ['claude-code-oauth-token', 'anthropic-api-key', 'anthropic-auth-token']
/** Secret inputs action.yml does not declare yet: passed as the runner would, through INPUT_*. */
const PROVIDER_INPUTS = ['bedrock-api-key', 'foundry-api-key'] as const

export const CREDENTIAL_VARIABLES = ['CLAUDE_CODE_OAUTH_TOKEN', 'ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN'] as const
/** Variables whose values are credentials (the action masks them). */
const SECRET_VARIABLES = [...CREDENTIAL_VARIABLES, 'AWS_BEARER_TOKEN_BEDROCK', 'ANTHROPIC_FOUNDRY_API_KEY']
const FLAG_VARIABLES = ['CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_USE_VERTEX', 'CLAUDE_CODE_USE_FOUNDRY', 'CLAUDE_CODE_SIMPLE', 'CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR']

interface Planted {
  name: string
  value: string
  secrets: string[]
  recipe: string
}

const variable: fc.Arbitrary<Planted> = fc.oneof(
  fc.tuple(fc.constantFrom(...SECRET_VARIABLES), mutatedCredential).map(([name, { label, credential }]) => ({
    name,
    value: credential.value,
    secrets: credentialSecrets(credential),
    recipe: `${name}: ${label} ${credential.mutations.map(describeMutation).join(' ')}`,
  })),
  fc.tuple(fc.constantFrom(...SECRET_VARIABLES), fc.constantFrom('', ' ', '\n', '  \t')).map(([name, value]) => ({
    name,
    value,
    secrets: [],
    recipe: `${name}: whitespace ${JSON.stringify(value)}`,
  })),
  fc.tuple(fc.constantFrom(...FLAG_VARIABLES), fc.oneof(fc.constantFrom('1', 'true', ' yes ', 'ON', '0', 'false', ''), junk)).map(([name, value]) => ({
    name,
    value,
    secrets: [],
    recipe: `${name}: ${JSON.stringify(value)}`,
  })),
  fc.tuple(fc.constantFrom('https://gw.example.com', 'http://localhost:1', 'not a url', ' https://api.anthropic.com/ ')).map(([value]) => ({
    name: 'ANTHROPIC_BASE_URL',
    value,
    secrets: [],
    recipe: `ANTHROPIC_BASE_URL: ${JSON.stringify(value)}`,
  })),
  fc.tuple(fc.constantFrom('Authorization: Bearer ', 'x-api-key: ', 'X-Other: a\nAuthorization: Bearer '), mutatedCredential).map(([header, { label, credential }]) => ({
    name: 'ANTHROPIC_CUSTOM_HEADERS',
    value: header + credential.value,
    secrets: credentialSecrets(credential),
    recipe: `ANTHROPIC_CUSTOM_HEADERS: ${JSON.stringify(header)} + ${label} ${credential.mutations.map(describeMutation).join(' ')}`,
  })),
)

const proxy = password.map(
  (pw): Planted => ({ name: 'HTTPS_PROXY', value: `http://fuzz:${pw}@proxy.example:3128`, secrets: [pw], recipe: 'HTTPS_PROXY with a password' }),
)

// ---------------------------------------------------------------------------------------------
// Settings files

interface PlantedFileWithSecrets {
  file: PlantedFile
  secrets: string[]
  recipe: string
}

const fileArb: fc.Arbitrary<PlantedFileWithSecrets> = fc.oneof(
  fc
    .tuple(fc.constantFrom<Place>('project', 'local', 'user', 'claudeJson'), fc.array(variable, { maxLength: 3 }), fc.option(mutatedCredential, { nil: undefined }))
    .map(([place, env, helperKey]) => {
      const settings: Record<string, unknown> = { env: Object.fromEntries(env.map((v) => [v.name, v.value])) }
      // A helper command holding a literal key: never printed, although never masked either.
      if (helperKey) settings.apiKeyHelper = `echo ${helperKey.credential.value}`
      return {
        file: { place, content: JSON.stringify(settings) },
        secrets: [...env.flatMap((v) => v.secrets), ...(helperKey ? unprintedSecrets(helperKey.credential) : [])],
        recipe: `${place} settings: env [${env.map((v) => v.recipe).join('; ')}]${helperKey ? `, apiKeyHelper echo ${helperKey.label}` : ''}`,
      }
    }),
  mutatedCredential.map(({ label, credential }) => ({
    file: { place: 'claudeJson' as Place, content: JSON.stringify({ primaryApiKey: credential.value }) },
    secrets: credentialSecrets(credential),
    recipe: `.claude.json primaryApiKey: ${label} ${credential.mutations.map(describeMutation).join(' ')}`,
  })),
  mutatedCredential.map(({ label, credential }) => ({
    file: { place: 'credentials' as Place, content: JSON.stringify({ claudeAiOauth: { accessToken: credential.value, scopes: ['user:inference'] } }) },
    secrets: credentialSecrets(credential),
    recipe: `.credentials.json accessToken: ${label}`,
  })),
  // Broken JSON that holds a credential: the parser's message would quote it.
  fc.tuple(fc.constantFrom<Place>('project', 'user', 'credentials'), likelyCredential, fc.nat({ max: 40 })).map(([place, { credential }, cut]) => ({
    file: { place, content: `{"env": {"ANTHROPIC_API_KEY": "${credential.value}"${',}'.slice(0, cut % 3)}` },
    secrets: unprintedSecrets(credential),
    recipe: `${place}: malformed JSON holding a credential`,
  })),
)

// ---------------------------------------------------------------------------------------------
// Scenario

/** The input a credential is given in: mostly its own, sometimes another. */
const givenIn = <T extends { home: CredentialInput }>(credential: fc.Arbitrary<T>) =>
  fc
    .tuple(credential, fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...CREDENTIAL_INPUTS) }))
    .map(([planted, other]) => [other ?? planted.home, planted] as const)

/** Valid option values, as most workflows give them. */
const saneOptions = fc.record({
  onConflict: fc.constantFrom('fail', 'unset', 'warn', ''),
  bare: fc.constantFrom('true', 'false', ''),
  liveCheck: fc.constantFrom('false', ''),
  workingDirectory: fc.constantFrom('', '.'),
  baseUrl: fc.constantFrom('', 'https://llm-gateway.example.com').map((value) => ({ value, secrets: [] as string[] })),
})
const hostileOptions = fc.record({
  onConflict: optionInput(['fail', 'unset', 'warn', '']),
  bare: optionInput(['true', 'false', '', 'TRUE']),
  liveCheck: fc.constantFrom('false', '', 'FALSE', 'maybe'),
  workingDirectory: fc.oneof({ weight: 2, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('.', 'missing-dir') }, { weight: 2, arbitrary: junk }),
  baseUrl,
})

export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    credentials: fc.oneof(
      { weight: 1, arbitrary: fc.constant([]) },
      { weight: 8, arbitrary: givenIn(likelyCredential).map((one) => [one]) },
      { weight: 1, arbitrary: fc.array(givenIn(mutatedCredential), { minLength: 2, maxLength: 3 }) },
    ),
    providerKeys: fc.oneof(
      { weight: 6, arbitrary: fc.constant([]) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PROVIDER_INPUTS), mutatedCredential).map((one) => [one]) },
    ),
    options: fc.oneof({ weight: 3, arbitrary: saneOptions }, { weight: 1, arbitrary: hostileOptions }),
    // Half the runs on a clean machine: most workflows have neither.
    env: fc.oneof(fc.constant<Planted[]>([]), fc.array(fc.oneof({ weight: 6, arbitrary: variable }, { weight: 1, arbitrary: proxy }), { minLength: 1, maxLength: 4 })),
    files: fc.oneof(fc.constant<PlantedFileWithSecrets[]>([]), fc.array(fileArb, { minLength: 1, maxLength: 3 })),
  })
  .map(({ options, ...rest }) => ({ ...rest, ...options }))
  .map((s): Scenario => {
    const inputs: Record<string, string> = {
      'on-conflict': s.onConflict,
      bare: s.bare,
      'live-check': s.liveCheck,
      'working-directory': s.workingDirectory,
      'anthropic-base-url': s.baseUrl.value,
    }
    const env: Record<string, string> = {}
    const secrets: string[] = [...s.baseUrl.secrets]
    const recipe: string[] = [
      `on-conflict ${JSON.stringify(s.onConflict)}, bare ${JSON.stringify(s.bare)}, live-check ${JSON.stringify(s.liveCheck)}, working-directory ${JSON.stringify(s.workingDirectory)}, base URL ${s.baseUrl.secrets.length > 0 ? 'with a password' : JSON.stringify(s.baseUrl.value)}`,
    ]
    for (const [input, { label, credential }] of s.credentials) {
      inputs[input] = credential.value
      secrets.push(...credentialSecrets(credential))
      recipe.push(`input ${input}: ${label} ${credential.mutations.map(describeMutation).join(' ')}`)
    }
    for (const [input, { label, credential }] of s.providerKeys) {
      env[`INPUT_${input.toUpperCase()}`] = credential.value
      secrets.push(...credentialSecrets(credential))
      recipe.push(`INPUT_${input.toUpperCase()}: ${label} ${credential.mutations.map(describeMutation).join(' ')}`)
    }
    for (const v of s.env) {
      env[v.name] = v.value
      secrets.push(...v.secrets)
      recipe.push(`env ${v.recipe}`)
    }
    for (const f of s.files) {
      secrets.push(...f.secrets)
      recipe.push(f.recipe)
    }
    return { inputs, env, files: s.files.map((f) => f.file), secrets: [...new Set(secrets)], recipe }
  })
