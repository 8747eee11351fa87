// The conformance case table. Each case is plain data: the process env, the
// settings files, the credential files and the CLI arguments of one run.
// Small loops build the families (subsets, layers, spellings) so that every
// combination that matters is present and named; the expected wire is
// never written here: it comes from src/resolve.ts and is checked against
// what the real CLI sends.

import type { SettingsLayer } from '../src/resolve/model.js'
import type { ConformanceCase, HelperSpec } from './case-model.js'
import { V, type Where } from './values.js'
import { providerCases, providerDiffersOnOlderVersions } from './cases-providers.js'

const NON_MANAGED_LAYERS = ['claude-json', 'user', 'project', 'local', 'flag'] as const satisfies readonly SettingsLayer[]
type Layer = (typeof NON_MANAGED_LAYERS)[number]

const helper = (where: Where): HelperSpec => ({ prints: V.helper(where) })

/** Cases whose outcome depends on `--settings`, an argument of the later step the action cannot see. */
const FLAG_SKIP = 'depends on `--settings` in the later step, which the action cannot see'

// ---------------------------------------------------------------------------
// A. Every subset of AUTH_TOKEN, API_KEY, apiKeyHelper and OAUTH_TOKEN, with and without --bare.

const SUBSET_SOURCES = ['auth', 'key', 'helper', 'oauth'] as const

function subsetCase(members: readonly (typeof SUBSET_SOURCES)[number][], bare: boolean, helperLayer: 'user' | 'flag'): ConformanceCase {
  const env: Record<string, string> = {}
  if (members.includes('auth')) env.ANTHROPIC_AUTH_TOKEN = V.authToken('proc')
  if (members.includes('key')) env.ANTHROPIC_API_KEY = V.apiKey('proc')
  if (members.includes('oauth')) env.CLAUDE_CODE_OAUTH_TOKEN = V.oauthToken('proc')
  const testCase: ConformanceCase = {
    id: `subset:${members.length ? members.join('+') : 'none'}${helperLayer === 'flag' && members.includes('helper') ? '(helper via --settings)' : ''}${bare ? ':bare' : ''}`,
    env,
    bare,
  }
  if (members.includes('helper')) {
    testCase.settings = { [helperLayer]: { apiKeyHelper: helper(helperLayer) } }
    if (helperLayer === 'flag') testCase.actionSkip = FLAG_SKIP
  }
  return testCase
}

const subsets: ConformanceCase[] = []
for (let mask = 0; mask < 16; mask++) {
  const members = SUBSET_SOURCES.filter((_, bit) => mask & (1 << bit))
  for (const bare of [false, true]) {
    subsets.push(subsetCase(members, bare, 'user'))
    if (members.includes('helper') && bare) subsets.push(subsetCase(members, bare, 'flag'))
  }
}

// ---------------------------------------------------------------------------
// B. Empty and whitespace-only values, and whitespace around a real value.

const BLANKS: Record<string, string> = { empty: '', spaces: '   ', newline: '\n' }
const ENV_CREDENTIALS = {
  ANTHROPIC_AUTH_TOKEN: V.authToken('proc'),
  ANTHROPIC_API_KEY: V.apiKey('proc'),
  CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc'),
} as const

const blanks: ConformanceCase[] = []
for (const name of Object.keys(ENV_CREDENTIALS) as (keyof typeof ENV_CREDENTIALS)[]) {
  for (const [label, blank] of Object.entries(BLANKS)) {
    blanks.push({ id: `blank:${name}=${label}`, env: { [name]: blank } })
    // Does a blank key or token still switch OAuth off?
    if (name !== 'CLAUDE_CODE_OAUTH_TOKEN' && label !== 'newline') {
      blanks.push({ id: `blank:${name}=${label}+oauth`, env: { [name]: blank, CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') } })
    }
  }
  blanks.push({ id: `padded:${name}`, env: { [name]: `  ${ENV_CREDENTIALS[name]}\n` } })
  if (name === 'ANTHROPIC_API_KEY') blanks.push({ id: `blank:${name}=tab`, env: { [name]: '\t' } })
}
blanks.push(
  { id: 'blank:helper-command-empty+oauth', env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') }, settings: { user: { apiKeyHelper: { command: '' } } } },
  { id: 'blank:helper-prints-nothing', settings: { user: { apiKeyHelper: { prints: '' } } } },
  { id: 'blank:helper-prints-nothing+oauth', env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') }, settings: { user: { apiKeyHelper: { prints: '' } } } },
  { id: 'blank:helper-fails', settings: { user: { apiKeyHelper: { fails: true } } } },
  { id: 'blank:helper-fails+oauth', env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') }, settings: { project: { apiKeyHelper: { fails: true } } } },
  { id: 'blank:helper-fails+key', env: { ANTHROPIC_API_KEY: V.apiKey('proc') }, settings: { user: { apiKeyHelper: { fails: true } } } },
  { id: 'padded:helper-output', settings: { user: { apiKeyHelper: { prints: `  ${V.helper('user')}  ` } } } },
  { id: 'blank:settings-env-spaces-over-process-key', env: { ANTHROPIC_API_KEY: V.apiKey('proc') }, settings: { project: { env: { ANTHROPIC_API_KEY: '   ' } } } },
  { id: 'blank:primaryApiKey-empty+oauth', primaryApiKey: '', env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') } },
)

// ---------------------------------------------------------------------------
// C. Settings `env` blocks at every layer, alone and against the process value.

const settingsEnv: ConformanceCase[] = []
const skipFlag = (layer: Layer): Pick<ConformanceCase, 'actionSkip'> => (layer === 'flag' ? { actionSkip: FLAG_SKIP } : {})
for (const layer of NON_MANAGED_LAYERS) {
  settingsEnv.push(
    { id: `settings-env:${layer}:api-key`, settings: { [layer]: { env: { ANTHROPIC_API_KEY: V.apiKey(layer) } } }, ...skipFlag(layer) },
    {
      id: `settings-env:${layer}:api-key-over-process`,
      env: { ANTHROPIC_API_KEY: V.apiKey('proc') },
      settings: { [layer]: { env: { ANTHROPIC_API_KEY: V.apiKey(layer) } } },
      ...skipFlag(layer),
    },
    {
      id: `settings-env:${layer}:empty-clears-process-key`,
      env: { ANTHROPIC_API_KEY: V.apiKey('proc'), CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') },
      settings: { [layer]: { env: { ANTHROPIC_API_KEY: '' } } },
      ...skipFlag(layer),
    },
    {
      id: `settings-env:${layer}:auth-token-over-process`,
      env: { ANTHROPIC_AUTH_TOKEN: V.authToken('proc') },
      settings: { [layer]: { env: { ANTHROPIC_AUTH_TOKEN: V.authToken(layer) } } },
      ...skipFlag(layer),
    },
    {
      id: `settings-env:${layer}:oauth-over-process`,
      env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') },
      settings: { [layer]: { env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken(layer) } } },
      ...skipFlag(layer),
    },
    { id: `settings-env:${layer}:oauth`, settings: { [layer]: { env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken(layer) } } }, ...skipFlag(layer) },
  )
  // Variants whose outcome follows from the layer order above: on a few layers only.
  if (layer === 'claude-json' || layer === 'local') continue
  settingsEnv.push(
    {
      id: `settings-env:${layer}:api-key-disables-process-oauth`,
      env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') },
      settings: { [layer]: { env: { ANTHROPIC_API_KEY: V.apiKey(layer) } } },
      ...skipFlag(layer),
    },
    {
      id: `settings-env:${layer}:api-key:bare`,
      bare: true,
      settings: { [layer]: { env: { ANTHROPIC_API_KEY: V.apiKey(layer) } } },
      ...skipFlag(layer),
    },
  )
}
// Which layer wins when two define the same variable.
for (let low = 0; low < NON_MANAGED_LAYERS.length; low++) {
  for (let high = low + 1; high < NON_MANAGED_LAYERS.length; high++) {
    const [a, b] = [NON_MANAGED_LAYERS[low], NON_MANAGED_LAYERS[high]]
    settingsEnv.push({
      id: `settings-env:order:${a}<${b}`,
      env: { ANTHROPIC_API_KEY: V.apiKey('proc') },
      settings: { [a]: { env: { ANTHROPIC_API_KEY: V.apiKey(a) } }, [b]: { env: { ANTHROPIC_API_KEY: V.apiKey(b) } } },
      ...(b === 'flag' ? { actionSkip: FLAG_SKIP } : {}),
    })
  }
}

// ---------------------------------------------------------------------------
// D. apiKeyHelper at every layer.

const helpers: ConformanceCase[] = []
for (const layer of NON_MANAGED_LAYERS) {
  helpers.push(
    { id: `helper:${layer}`, settings: { [layer]: { apiKeyHelper: helper(layer) } }, ...skipFlag(layer) },
    { id: `helper:${layer}:bare`, bare: true, settings: { [layer]: { apiKeyHelper: helper(layer) } }, ...skipFlag(layer) },
    {
      id: `helper:${layer}+process-key`,
      env: { ANTHROPIC_API_KEY: V.apiKey('proc') },
      settings: { [layer]: { apiKeyHelper: helper(layer) } },
      ...skipFlag(layer),
    },
  )
  if (layer === 'claude-json' || layer === 'local') continue
  helpers.push({
    id: `helper:${layer}+process-auth-token`,
    env: { ANTHROPIC_AUTH_TOKEN: V.authToken('proc') },
    settings: { [layer]: { apiKeyHelper: helper(layer) } },
    ...skipFlag(layer),
  })
}
for (let low = 0; low < NON_MANAGED_LAYERS.length; low++) {
  for (let high = low + 1; high < NON_MANAGED_LAYERS.length; high++) {
    const [a, b] = [NON_MANAGED_LAYERS[low], NON_MANAGED_LAYERS[high]]
    helpers.push({
      id: `helper:order:${a}<${b}`,
      settings: { [a]: { apiKeyHelper: helper(a) }, [b]: { apiKeyHelper: helper(b) } },
      ...(b === 'flag' ? { actionSkip: FLAG_SKIP } : {}),
    })
  }
}
helpers.push(
  { id: 'helper:project+settings-env-key', settings: { project: { apiKeyHelper: helper('project'), env: { ANTHROPIC_API_KEY: V.apiKey('project') } } } },
  {
    id: 'helper:flag+settings-env-auth-token:bare',
    bare: true,
    settings: { flag: { apiKeyHelper: helper('flag'), env: { ANTHROPIC_AUTH_TOKEN: V.authToken('flag') } } },
    actionSkip: FLAG_SKIP,
  },
  {
    id: 'helper:flag+blank-auth-token:bare',
    bare: true,
    env: { ANTHROPIC_AUTH_TOKEN: '  ' },
    settings: { flag: { apiKeyHelper: helper('flag') } },
    actionSkip: FLAG_SKIP,
  },
  {
    id: 'settings-env:project:empty-oauth-vs-process-oauth',
    env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') },
    settings: { project: { env: { CLAUDE_CODE_OAUTH_TOKEN: '' } } },
  },
  { id: 'helper:user+primaryApiKey', primaryApiKey: V.primaryApiKey(), settings: { user: { apiKeyHelper: helper('user') } } },
)

// ---------------------------------------------------------------------------
// E. CLAUDE_CONFIG_DIR replaces ~/.claude (and ~/.claude.json) entirely.

const configDir: ConformanceCase[] = [
  { id: 'config-dir:hides-home-decoys', configDir: true, decoyHome: true },
  { id: 'config-dir:hides-home-decoys+oauth', configDir: true, decoyHome: true, env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') } },
  { id: 'config-dir:user-settings-env', configDir: true, decoyHome: true, settings: { user: { env: { ANTHROPIC_API_KEY: V.apiKey('user') } } } },
  { id: 'config-dir:user-helper', configDir: true, decoyHome: true, settings: { user: { apiKeyHelper: helper('user') } } },
  { id: 'config-dir:credentials-file', configDir: true, decoyHome: true, credentialsFile: { accessToken: V.credentialsFile('user') } },
  { id: 'config-dir:primaryApiKey', configDir: true, decoyHome: true, primaryApiKey: V.primaryApiKey() },
  { id: 'config-dir:claude-json-env', configDir: true, decoyHome: true, settings: { 'claude-json': { env: { ANTHROPIC_API_KEY: V.apiKey('claude-json') } } } },
  { id: 'config-dir:no-decoys:credentials-file', configDir: true, credentialsFile: { accessToken: V.credentialsFile('user') } },
]

// ---------------------------------------------------------------------------
// F. The credentials file and primaryApiKey.

const creds = { accessToken: V.credentialsFile('user') }
const files: ConformanceCase[] = [
  { id: 'credentials-file', credentialsFile: creds },
  { id: 'credentials-file:no-inference-scope', credentialsFile: { ...creds, scopes: ['user:profile'] } },
  { id: 'credentials-file:expired', credentialsFile: { ...creds, expiresAt: Date.UTC(2024, 0, 1) } },
  { id: 'credentials-file:bare', credentialsFile: creds, bare: true },
  { id: 'credentials-file+oauth-env', credentialsFile: creds, env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') } },
  { id: 'credentials-file+api-key', credentialsFile: creds, env: { ANTHROPIC_API_KEY: V.apiKey('proc') } },
  { id: 'credentials-file+auth-token', credentialsFile: creds, env: { ANTHROPIC_AUTH_TOKEN: V.authToken('proc') } },
  { id: 'credentials-file+primaryApiKey', credentialsFile: creds, primaryApiKey: V.primaryApiKey() },
  { id: 'primaryApiKey', primaryApiKey: V.primaryApiKey() },
  { id: 'primaryApiKey:bare', primaryApiKey: V.primaryApiKey(), bare: true },
  { id: 'primaryApiKey+oauth-env', primaryApiKey: V.primaryApiKey(), env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') } },
  { id: 'primaryApiKey+auth-token', primaryApiKey: V.primaryApiKey(), env: { ANTHROPIC_AUTH_TOKEN: V.authToken('proc') } },
  { id: 'primaryApiKey+auth-token:bare', primaryApiKey: V.primaryApiKey(), env: { ANTHROPIC_AUTH_TOKEN: V.authToken('proc') }, bare: true },
  { id: 'primaryApiKey+api-key', primaryApiKey: V.primaryApiKey(), env: { ANTHROPIC_API_KEY: V.apiKey('proc') } },
  { id: 'primaryApiKey+settings-env-key', primaryApiKey: V.primaryApiKey(), settings: { project: { env: { ANTHROPIC_API_KEY: V.apiKey('project') } } } },
  { id: 'primaryApiKey:whitespace+oauth', primaryApiKey: '  ', env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') } },
]

// ---------------------------------------------------------------------------
// G. Provider flags: routing order, true and false spellings, flags in settings.

const PROVIDER_FLAGS = {
  gateway: 'CLAUDE_CODE_USE_GATEWAY',
  bedrock: 'CLAUDE_CODE_USE_BEDROCK',
  foundry: 'CLAUDE_CODE_USE_FOUNDRY',
  'anthropic-aws': 'CLAUDE_CODE_USE_ANTHROPIC_AWS',
  'anthropic-google-cloud': 'CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD',
  mantle: 'CLAUDE_CODE_USE_MANTLE',
  vertex: 'CLAUDE_CODE_USE_VERTEX',
} as const
const TRUE_SPELLINGS = { one: '1', true: 'true', TRUE: 'TRUE', yes: 'yes', on: 'on', 'padded-1': ' 1 ' }
const FALSE_SPELLINGS = { zero: '0', false: 'false', no: 'no', off: 'off', two: '2', y: 'y', enabled: 'enabled', empty: '' }

const providers: ConformanceCase[] = []
const withKey = { ANTHROPIC_API_KEY: V.apiKey('proc') }
for (const [provider, flag] of Object.entries(PROVIDER_FLAGS)) {
  providers.push({ id: `provider:${provider}`, providerEndpoints: true, env: { ...withKey, [flag]: '1' } })
}
// Every spelling on Vertex (its route answers quickly); a few on Bedrock to show the parsing is shared.
const spellingsFor: [string, Record<string, string>, Record<string, string>][] = [
  [PROVIDER_FLAGS.vertex, TRUE_SPELLINGS, FALSE_SPELLINGS],
  [PROVIDER_FLAGS.bedrock, { TRUE: 'TRUE', 'padded-1': ' 1 ' }, { zero: '0', enabled: 'enabled', empty: '' }],
]
for (const [flag, trueSpellings, falseSpellings] of spellingsFor) {
  for (const [label, spelling] of Object.entries(trueSpellings)) {
    if (label === 'one') continue
    providers.push({ id: `provider-true:${flag}=${label}`, providerEndpoints: true, env: { ...withKey, [flag]: spelling } })
  }
  for (const [label, spelling] of Object.entries(falseSpellings)) {
    providers.push({ id: `provider-false:${flag}=${label}`, providerEndpoints: true, env: { ...withKey, [flag]: spelling } })
  }
}
providers.push(
  { id: 'provider-order:bedrock+vertex', providerEndpoints: true, env: { ...withKey, CLAUDE_CODE_USE_BEDROCK: '1', CLAUDE_CODE_USE_VERTEX: '1' } },
  { id: 'provider-order:bedrock+foundry', providerEndpoints: true, env: { ...withKey, CLAUDE_CODE_USE_BEDROCK: '1', CLAUDE_CODE_USE_FOUNDRY: '1' } },
  { id: 'provider-order:foundry+vertex', providerEndpoints: true, env: { ...withKey, CLAUDE_CODE_USE_FOUNDRY: '1', CLAUDE_CODE_USE_VERTEX: '1' } },
  { id: 'provider-order:anthropic-aws+mantle', providerEndpoints: true, env: { ...withKey, CLAUDE_CODE_USE_ANTHROPIC_AWS: '1', CLAUDE_CODE_USE_MANTLE: '1' } },
  { id: 'provider-settings:project-vertex', providerEndpoints: true, env: withKey, settings: { project: { env: { CLAUDE_CODE_USE_VERTEX: '1' } } } },
  { id: 'provider-settings:user-bedrock+oauth', providerEndpoints: true, env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') }, settings: { user: { env: { CLAUDE_CODE_USE_BEDROCK: 'true' } } } },
  { id: 'provider-settings:local-false-over-process-true', providerEndpoints: true, env: { ...withKey, CLAUDE_CODE_USE_VERTEX: '1' }, settings: { local: { env: { CLAUDE_CODE_USE_VERTEX: '0' } } } },
  { id: 'provider:gateway+oauth', providerEndpoints: true, env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc'), CLAUDE_CODE_USE_GATEWAY: '1' } },
  { id: 'provider:gateway+auth-token', providerEndpoints: true, env: { ANTHROPIC_AUTH_TOKEN: V.authToken('proc'), CLAUDE_CODE_USE_GATEWAY: 'true' } },
  { id: 'provider:gateway+credentials-file', providerEndpoints: true, credentialsFile: creds, env: { CLAUDE_CODE_USE_GATEWAY: '1' } },
  { id: 'provider-order:gateway+bedrock', providerEndpoints: true, env: { ...withKey, CLAUDE_CODE_USE_GATEWAY: '1', CLAUDE_CODE_USE_BEDROCK: '1' } },
  { id: 'provider:vertex+oauth', providerEndpoints: true, env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc'), CLAUDE_CODE_USE_VERTEX: '1' } },
)

// ---------------------------------------------------------------------------
// H. File-descriptor variables, I. bare mode through CLAUDE_CODE_SIMPLE.

const fds: ConformanceCase[] = [
  { id: 'fd:api-key', fd: { CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR: V.apiKey('fd') } },
  { id: 'fd:oauth', fd: { CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR: V.oauthToken('fd') } },
  { id: 'fd:api-key+api-key', fd: { CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR: V.apiKey('fd') }, env: { ANTHROPIC_API_KEY: V.apiKey('proc') } },
  { id: 'fd:oauth+oauth', fd: { CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR: V.oauthToken('fd') }, env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') } },
  { id: 'fd:api-key+oauth', fd: { CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR: V.apiKey('fd') }, env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') } },
  { id: 'fd:api-key+auth-token', fd: { CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR: V.apiKey('fd') }, env: { ANTHROPIC_AUTH_TOKEN: V.authToken('proc') } },
  { id: 'fd:api-key:bare', bare: true, fd: { CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR: V.apiKey('fd') } },
  { id: 'fd:api-key+auth-token:bare', bare: true, fd: { CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR: V.apiKey('fd') }, env: { ANTHROPIC_AUTH_TOKEN: V.authToken('proc') } },
  { id: 'fd:oauth:bare', bare: true, fd: { CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR: V.oauthToken('fd') } },
]

const simple: ConformanceCase[] = [
  { id: 'simple:process+oauth', env: { CLAUDE_CODE_SIMPLE: '1', CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') } },
  { id: 'simple:process+key', env: { CLAUDE_CODE_SIMPLE: '1', ANTHROPIC_API_KEY: V.apiKey('proc') } },
  { id: 'simple:process+user-helper', env: { CLAUDE_CODE_SIMPLE: '1' }, settings: { user: { apiKeyHelper: helper('user') } } },
  { id: 'simple:project-settings+oauth', env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') }, settings: { project: { env: { CLAUDE_CODE_SIMPLE: '1' } } } },
  { id: 'simple:local-settings+oauth', env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') }, settings: { local: { env: { CLAUDE_CODE_SIMPLE: '1' } } } },
  { id: 'simple:flag-settings+oauth', env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') }, settings: { flag: { env: { CLAUDE_CODE_SIMPLE: '1' } } }, actionSkip: FLAG_SKIP },
  { id: 'simple:claude-json+oauth', env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') }, settings: { 'claude-json': { env: { CLAUDE_CODE_SIMPLE: '1' } } } },
  { id: 'simple:user-settings+credentials-file', credentialsFile: creds, settings: { user: { env: { CLAUDE_CODE_SIMPLE: 'true' } } } },
  { id: 'simple:false+oauth', env: { CLAUDE_CODE_SIMPLE: '0', CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') } },
]

// ---------------------------------------------------------------------------
// J. Managed settings (machine-wide; run one at a time, removed afterwards).

export const managedCases: ConformanceCase[] = [
  {
    id: 'managed:env-over-project-and-process',
    env: { ANTHROPIC_API_KEY: V.apiKey('proc') },
    settings: { project: { env: { ANTHROPIC_API_KEY: V.apiKey('project') } }, managed: { env: { ANTHROPIC_API_KEY: V.apiKey('managed') } } },
  },
  {
    id: 'managed:helper-over-project-helper',
    settings: { project: { apiKeyHelper: helper('project') }, managed: { apiKeyHelper: helper('managed') } },
  },
  {
    id: 'managed:helper-disables-oauth',
    env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') },
    settings: { managed: { apiKeyHelper: helper('managed') } },
  },
  {
    id: 'managed:env-oauth-over-flag',
    settings: { flag: { env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('flag') } }, managed: { env: { CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('managed') } } },
    actionSkip: FLAG_SKIP,
  },
  { id: 'managed:helper:bare', bare: true, settings: { managed: { apiKeyHelper: helper('managed') } } },
]

export const parallelCases: ConformanceCase[] = [
  ...subsets,
  ...blanks,
  ...settingsEnv,
  ...helpers,
  ...configDir,
  ...files,
  ...providers,
  ...fds,
  ...simple,
  ...providerCases,
]

export const allCases: ConformanceCase[] = [...parallelCases, ...managedCases]

/**
 * Cases whose wire differs on an older supported CLI (measured: the resolver
 * pass on 2.1.197, see docs/conformance.md). The end-to-end check also runs
 * their accepted later steps on those versions, since a later step may
 * install one of them.
 */
const DIFFER_ON_OLDER_VERSIONS = [
  'subset:auth+helper',
  'subset:auth+helper+oauth',
  'helper:user+process-auth-token',
  'blank:settings-env-spaces-over-process-key',
  'settings-env:project:oauth',
  'settings-env:project:oauth-over-process',
  'settings-env:project:empty-oauth-vs-process-oauth',
  'settings-env:local:oauth',
  'settings-env:local:oauth-over-process',
  'simple:project-settings+oauth',
  'simple:local-settings+oauth',
  'provider:foundry',
  'provider:anthropic-google-cloud',
  'provider-order:foundry+vertex',
]
export const differsOnOlderVersions = (testCase: ConformanceCase): boolean =>
  DIFFER_ON_OLDER_VERSIONS.includes(testCase.id) || /^(blank|padded):/.test(testCase.id) || providerDiffersOnOlderVersions(testCase)
