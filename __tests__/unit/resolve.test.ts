// Expected results are written from ../shared/claude-auth-facts.md, not
// computed; the conformance suite checks the same rules against the real CLI.
import type { CliWorld, SettingsFile } from '../../src/resolve/model.js'
import { effectiveEnv, resolve } from '../../src/resolve/resolve.js'

const world = (over: Partial<CliWorld> = {}): CliWorld => ({ env: {}, settings: [], bare: false, whitespaceOnlyIsPresent: false, ...over })
const settings = (layer: SettingsFile['layer'], over: Partial<SettingsFile> = {}): SettingsFile => ({ layer, path: `/${layer}.json`, env: {}, ...over })
const slots = (w: CliWorld) => {
  const r = resolve(w)
  return { route: r.route, authorization: r.authorization && `${r.authorization.name}${r.authorization.oauth ? ' (oauth)' : ''}`, xApiKey: r.xApiKey?.name }
}

describe('resolve: header slots', () => {
  test('OAuth token alone is sent as an OAuth bearer', () => {
    expect(slots(world({ env: { CLAUDE_CODE_OAUTH_TOKEN: 'o' } }))).toEqual({ route: 'first-party', authorization: 'CLAUDE_CODE_OAUTH_TOKEN (oauth)', xApiKey: undefined })
  })
  test('API key beats the OAuth token and is sent alone', () => {
    expect(slots(world({ env: { CLAUDE_CODE_OAUTH_TOKEN: 'o', ANTHROPIC_API_KEY: 'k' } }))).toMatchObject({ authorization: undefined, xApiKey: 'ANTHROPIC_API_KEY' })
  })
  test('auth token and API key are both sent', () => {
    expect(slots(world({ env: { ANTHROPIC_AUTH_TOKEN: 't', ANTHROPIC_API_KEY: 'k' } }))).toMatchObject({ authorization: 'ANTHROPIC_AUTH_TOKEN', xApiKey: 'ANTHROPIC_API_KEY' })
  })
  test('an apiKeyHelper joins an API key in the authorization slot', () => {
    expect(slots(world({ env: { ANTHROPIC_API_KEY: 'k' }, settings: [settings('project', { apiKeyHelper: 'echo h' })] }))).toMatchObject({
      authorization: 'apiKeyHelper',
      xApiKey: 'ANTHROPIC_API_KEY',
    })
  })
  test('an empty apiKeyHelper counts as not configured', () => {
    expect(slots(world({ env: { CLAUDE_CODE_OAUTH_TOKEN: 'o' }, settings: [settings('project', { apiKeyHelper: '' })] }))).toMatchObject({
      authorization: 'CLAUDE_CODE_OAUTH_TOKEN (oauth)',
    })
  })
  test('OAuth env token beats the credentials file and primaryApiKey', () => {
    const w = world({
      env: { CLAUDE_CODE_OAUTH_TOKEN: 'o' },
      credentialsFile: { path: '/c', accessToken: 'file', hasInferenceScope: true },
      primaryApiKey: { path: '/j', value: 'p' },
    })
    expect(slots(w)).toMatchObject({ authorization: 'CLAUDE_CODE_OAUTH_TOKEN (oauth)', xApiKey: undefined })
    expect(resolve(w).shadowed.map((s) => s.name).sort()).toEqual(['credentialsFile', 'primaryApiKey'])
  })
  test('a credentials file without the inference scope is not used', () => {
    expect(slots(world({ credentialsFile: { path: '/c', accessToken: 'file', hasInferenceScope: false } }))).toMatchObject({ authorization: undefined, xApiKey: undefined })
  })
  test('the file-descriptor variants behave like their variables', () => {
    expect(slots(world({ env: { CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR: '3', CLAUDE_CODE_OAUTH_TOKEN: 'o' } }))).toMatchObject({ xApiKey: 'CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR' })
    expect(slots(world({ env: { CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR: '3' } }))).toMatchObject({ authorization: 'CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR (oauth)' })
  })
})

describe('resolve: empty and whitespace', () => {
  test('an empty value counts as absent', () => {
    expect(slots(world({ env: { ANTHROPIC_API_KEY: '', CLAUDE_CODE_OAUTH_TOKEN: 'o' } }))).toMatchObject({ authorization: 'CLAUDE_CODE_OAUTH_TOKEN (oauth)' })
  })
  test('whitespace-only is present for 2.1.197 and absent for 2.1.330', () => {
    const env = { ANTHROPIC_API_KEY: '  ', CLAUDE_CODE_OAUTH_TOKEN: 'o' }
    expect(slots(world({ env, whitespaceOnlyIsPresent: true }))).toMatchObject({ xApiKey: 'ANTHROPIC_API_KEY', authorization: undefined })
    expect(slots(world({ env, whitespaceOnlyIsPresent: false }))).toMatchObject({ authorization: 'CLAUDE_CODE_OAUTH_TOKEN (oauth)' })
  })
})

describe('resolve: settings files', () => {
  test('only the variables the CLI reads for authentication are kept', () => {
    const env = effectiveEnv({ env: { PATH: '/bin', ANTHROPIC_API_KEY: 'k' }, settings: [settings('project', { env: { DISABLE_TELEMETRY: '1', ANTHROPIC_AUTH_TOKEN: 't' } })] })
    expect([...env.keys()].sort()).toEqual(['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN'])
  })
  test('settings env beats the process env, and the later layer wins', () => {
    const env = effectiveEnv({
      env: { ANTHROPIC_API_KEY: 'process' },
      settings: [settings('local', { env: { ANTHROPIC_API_KEY: 'local' } }), settings('user', { env: { ANTHROPIC_API_KEY: 'user' } }), settings('project', { env: { ANTHROPIC_API_KEY: 'project' } })],
    })
    const variable = env.get('ANTHROPIC_API_KEY')!
    expect(variable.value).toBe('local')
    expect(variable.overridden.map((o) => o.value)).toEqual(['process', 'user', 'project'])
  })
  test('managed settings rank above every other layer', () => {
    const env = effectiveEnv({ env: {}, settings: [settings('managed', { env: { ANTHROPIC_BASE_URL: 'managed' } }), settings('local', { env: { ANTHROPIC_BASE_URL: 'local' } })] })
    expect(env.get('ANTHROPIC_BASE_URL')!.value).toBe('managed')
  })
  test('a settings env entry set to "" clears a process variable', () => {
    expect(slots(world({ env: { ANTHROPIC_API_KEY: 'k', CLAUDE_CODE_OAUTH_TOKEN: 'o' }, settings: [settings('project', { env: { ANTHROPIC_API_KEY: '' } })] }))).toMatchObject({
      authorization: 'CLAUDE_CODE_OAUTH_TOKEN (oauth)',
      xApiKey: undefined,
    })
  })
  test('the highest-ranked apiKeyHelper is the one used', () => {
    const r = resolve(world({ settings: [settings('user', { apiKeyHelper: 'a' }), settings('local', { apiKeyHelper: 'b' })] }))
    expect(r.authorization?.origin).toEqual({ kind: 'settings-file', layer: 'local', path: '/local.json' })
  })
})

describe('resolve: bare mode', () => {
  test('ignores the OAuth token and a settings-file helper', () => {
    const r = resolve(world({ bare: true, env: { CLAUDE_CODE_OAUTH_TOKEN: 'o' }, settings: [settings('project', { apiKeyHelper: 'h' })] }))
    expect(r.authorization).toBeUndefined()
    expect(r.xApiKey).toBeUndefined()
    expect(r.ignoredInBare.map((s) => s.name).sort()).toEqual(['CLAUDE_CODE_OAUTH_TOKEN', 'apiKeyHelper'])
  })
  test('honours API key and auth token', () => {
    expect(slots(world({ bare: true, env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_AUTH_TOKEN: 't' } }))).toMatchObject({ authorization: 'ANTHROPIC_AUTH_TOKEN', xApiKey: 'ANTHROPIC_API_KEY' })
  })
  test('CLAUDE_CODE_SIMPLE=1 acts as --bare', () => {
    expect(slots(world({ env: { CLAUDE_CODE_SIMPLE: '1', CLAUDE_CODE_OAUTH_TOKEN: 'o' } }))).toMatchObject({ authorization: undefined })
  })
})

describe('resolve: providers', () => {
  test.each(['1', 'true', 'TRUE', ' yes ', 'on'])('%p is true', (value) => {
    expect(resolve(world({ env: { CLAUDE_CODE_USE_BEDROCK: value } })).route).toBe('bedrock')
  })
  test.each(['0', 'false', 'no', 'off', '2', 'y', 'enabled', ''])('%p is false', (value) => {
    expect(resolve(world({ env: { CLAUDE_CODE_USE_BEDROCK: value } })).route).toBe('first-party')
  })
  test('bedrock beats foundry beats vertex', () => {
    expect(resolve(world({ env: { CLAUDE_CODE_USE_VERTEX: '1', CLAUDE_CODE_USE_FOUNDRY: '1' } })).route).toBe('foundry')
    expect(resolve(world({ env: { CLAUDE_CODE_USE_VERTEX: '1', CLAUDE_CODE_USE_FOUNDRY: '1', CLAUDE_CODE_USE_BEDROCK: '1' } })).route).toBe('bedrock')
  })
})

// Every adjacent pair of every precedence list in src/rules.ts, written out from the facts page,
// so that swapping any two entries fails here (and not only in the conformance suite).
describe('resolve: every precedence list, pair by pair', () => {
  const helper = (layer: SettingsFile['layer'] = 'user') => settings(layer, { apiKeyHelper: `print-${layer}` })
  const creds = { path: '/c', accessToken: 'file-token', hasInferenceScope: true }
  const env = (names: string[]) => Object.fromEntries(names.map((n) => [n, n === 'ANTHROPIC_FEDERATION_RULE_ID' || n === 'ANTHROPIC_ORGANIZATION_ID' ? 'id' : `value-of-${n}`]))

  test.each([
    // Authorization: the auth token, then the helper (facts §1).
    [{ env: env(['ANTHROPIC_AUTH_TOKEN']), settings: [helper()] }, 'authorization', 'ANTHROPIC_AUTH_TOKEN'],
    // x-api-key: the API key, then its FD form, then the helper, then primaryApiKey.
    [{ env: env(['ANTHROPIC_API_KEY', 'CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR']) }, 'xApiKey', 'ANTHROPIC_API_KEY'],
    [{ env: env(['CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR']), settings: [helper()] }, 'xApiKey', 'CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR'],
    [{ settings: [helper()], primaryApiKey: { path: '/j', value: 'p' } }, 'xApiKey', 'apiKeyHelper'],
    // OAuth, only when both slots are empty: the token, its FD form, the login file, federation.
    [{ env: env(['CLAUDE_CODE_OAUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR']) }, 'authorization', 'CLAUDE_CODE_OAUTH_TOKEN'],
    [{ env: env(['CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR']), credentialsFile: creds }, 'authorization', 'CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR'],
    [{ env: env(['ANTHROPIC_FEDERATION_RULE_ID', 'ANTHROPIC_ORGANIZATION_ID']), credentialsFile: creds }, 'authorization', 'credentialsFile'],
    // Bare mode: the same slot order among what it reads.
    [{ bare: true, env: env(['ANTHROPIC_AUTH_TOKEN']), settings: [helper('flag')] }, 'authorization', 'ANTHROPIC_AUTH_TOKEN'],
    [{ bare: true, env: env(['ANTHROPIC_API_KEY']), settings: [helper('flag')] }, 'xApiKey', 'ANTHROPIC_API_KEY'],
  ] as [Partial<CliWorld>, 'authorization' | 'xApiKey', string][])('%#: %p fills %s with %s', (over, slot, expected) => {
    expect(resolve(world(over))[slot]?.name).toBe(expected)
  })

  test('each source that turns OAuth off does, and the rest do not', () => {
    const oauthOn = (over: Partial<CliWorld>) => resolve(world({ ...over, env: { CLAUDE_CODE_OAUTH_TOKEN: 'o', ...over.env } })).authorization?.oauth === true
    expect(oauthOn({ env: env(['ANTHROPIC_AUTH_TOKEN']) })).toBe(false)
    expect(oauthOn({ env: env(['ANTHROPIC_API_KEY']) })).toBe(false)
    expect(oauthOn({ env: env(['CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR']) })).toBe(false)
    expect(oauthOn({ settings: [helper()] })).toBe(false)
    expect(oauthOn({ primaryApiKey: { path: '/j', value: 'p' } })).toBe(true)
    expect(oauthOn({ credentialsFile: creds })).toBe(true)
  })

  test('bare mode reads exactly the API key, the auth token and a --settings helper', () => {
    const all = world({
      bare: true,
      env: env(['CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR', 'CLAUDE_CODE_OAUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR', 'ANTHROPIC_FEDERATION_RULE_ID', 'ANTHROPIC_ORGANIZATION_ID']),
      settings: [helper('user')],
      credentialsFile: creds,
      primaryApiKey: { path: '/j', value: 'p' },
    })
    const r = resolve(all)
    expect(r.authorization).toBeUndefined()
    expect(r.ignoredInBare.map((s) => s.name).sort()).toEqual(
      ['CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR', 'CLAUDE_CODE_OAUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR', 'apiKeyHelper', 'credentialsFile', 'federation', 'primaryApiKey'].sort(),
    )
  })

  test.each([
    ['CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_USE_FOUNDRY', 'bedrock'],
    ['CLAUDE_CODE_USE_FOUNDRY', 'CLAUDE_CODE_USE_ANTHROPIC_AWS', 'foundry'],
    ['CLAUDE_CODE_USE_ANTHROPIC_AWS', 'CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD', 'anthropic-aws'],
    ['CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD', 'CLAUDE_CODE_USE_MANTLE', 'anthropic-google-cloud'],
    ['CLAUDE_CODE_USE_MANTLE', 'CLAUDE_CODE_USE_VERTEX', 'mantle'],
  ])('provider routing: %s beats %s', (higher, lower, route) => {
    expect(resolve(world({ env: { [higher]: '1', [lower]: '1' } })).route).toBe(route)
  })

  test.each([
    ['claude-json', 'user'],
    ['user', 'project'],
    ['project', 'local'],
    ['local', 'flag'],
    ['flag', 'managed'],
  ] as const)('settings layers: %s is overridden by %s, for env and for apiKeyHelper', (lower, higher) => {
    const env = effectiveEnv({ env: {}, settings: [settings(higher, { env: { ANTHROPIC_BASE_URL: higher } }), settings(lower, { env: { ANTHROPIC_BASE_URL: lower } })] })
    expect(env.get('ANTHROPIC_BASE_URL')!.value).toBe(higher)
    if (lower !== 'claude-json') {
      const r = resolve(world({ settings: [settings(higher, { apiKeyHelper: higher }), settings(lower, { apiKeyHelper: lower })] }))
      expect(r.authorization?.origin).toMatchObject({ layer: higher })
    }
  })
})
