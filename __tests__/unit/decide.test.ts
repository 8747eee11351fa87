import { decide } from '../../src/decide/decide.js'
import type { Inputs } from '../../src/inputs/inputs.js'
import type { CredentialKind, OnConflict, SettingsFile } from '../../src/resolve/model.js'
import type { Scan } from '../../src/scan/scan.js'

const VALUE: Record<CredentialKind, string> = { 'oauth-token': 'sk-ant-oat01-intended', 'api-key': 'sk-ant-api03-intended', 'auth-token': 'gateway-intended' }
const inputs = (kind: CredentialKind, over: Partial<Inputs> = {}): Inputs => ({
  credential: { kind, value: VALUE[kind] },
  bare: false,
  onConflict: 'fail',
  workingDirectory: '/ws',
  liveCheck: { enabled: false, timeoutMs: 10000, onNetworkFailure: 'fail' },
  ...over,
})
const scan = (over: Partial<Scan> = {}): Scan => ({ env: {}, settings: [], files: [], problems: [], ...over })
const project = (over: Partial<SettingsFile>): SettingsFile => ({ layer: 'project', path: '/ws/.claude/settings.json', env: {}, ...over })
const summary = (d: ReturnType<typeof decide>) => ({
  ok: d.ok,
  exports: d.exports.map((e) => `${e.name}=${e.value === '' ? '' : e.value === VALUE['oauth-token'] || e.value === VALUE['api-key'] || e.value === VALUE['auth-token'] ? '<intended>' : e.value}`),
  conflicts: d.conflicts.map((c) => `${c.name}:${c.reason}:${c.resolution}`),
})

describe('decide', () => {
  test.each(['oauth-token', 'api-key', 'auth-token'] as const)('%s alone: ok, exports only the intended variable', (kind) => {
    const variable = { 'oauth-token': 'CLAUDE_CODE_OAUTH_TOKEN', 'api-key': 'ANTHROPIC_API_KEY', 'auth-token': 'ANTHROPIC_AUTH_TOKEN' }[kind]
    expect(summary(decide(inputs(kind), scan()))).toEqual({ ok: true, exports: [`${variable}=<intended>`], conflicts: [] })
  })

  test('the classic failure: a job-level API key outranks the OAuth token', () => {
    const d = decide(inputs('oauth-token'), scan({ env: { ANTHROPIC_API_KEY: 'sk-ant-api03-stale' } }))
    expect(summary(d)).toEqual({ ok: false, exports: [], conflicts: ['ANTHROPIC_API_KEY:outranks:failed'] })
    const [p] = d.problems
    expect(p.severity).toBe('error')
    expect(p.origin).toContain('job environment')
    expect(p.fix).toContain('on-conflict: unset')
    expect(JSON.stringify(d.problems)).not.toContain('sk-ant-api03-stale')
  })

  test('on-conflict unset blanks environment conflicts and succeeds', () => {
    const d = decide(inputs('oauth-token', { onConflict: 'unset' }), scan({ env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_AUTH_TOKEN: 't' } }))
    expect(summary(d)).toEqual({
      ok: true,
      exports: ['CLAUDE_CODE_OAUTH_TOKEN=<intended>', 'ANTHROPIC_AUTH_TOKEN=', 'ANTHROPIC_API_KEY='],
      conflicts: ['ANTHROPIC_AUTH_TOKEN:outranks:unset', 'ANTHROPIC_API_KEY:outranks:unset'],
    })
    expect(d.problems.map((p) => p.severity)).toEqual(['notice', 'notice'])
  })

  test('on-conflict warn continues, exporting only the intended variable', () => {
    const d = decide(inputs('api-key', { onConflict: 'warn' }), scan({ env: { ANTHROPIC_AUTH_TOKEN: 't' } }))
    expect(summary(d)).toEqual({ ok: true, exports: ['ANTHROPIC_API_KEY=<intended>'], conflicts: ['ANTHROPIC_AUTH_TOKEN:joins:warned'] })
    expect(d.problems.map((p) => p.severity)).toEqual(['warning'])
  })

  test.each<OnConflict>(['fail', 'unset'])('a settings-file env conflict fails even with on-conflict %s, naming the file', (onConflict) => {
    const d = decide(inputs('oauth-token', { onConflict }), scan({ settings: [project({ env: { ANTHROPIC_API_KEY: 'k' } })] }))
    expect(summary(d)).toEqual({ ok: false, exports: [], conflicts: ['ANTHROPIC_API_KEY:outranks:failed'] })
    expect(d.problems[0].origin).toContain('/ws/.claude/settings.json')
    expect(d.problems[0].fix).toContain('cannot be overridden from the environment')
  })

  test('a settings env block that overrides the exported variable itself is a conflict', () => {
    const d = decide(inputs('api-key', { onConflict: 'unset' }), scan({ settings: [project({ env: { ANTHROPIC_API_KEY: 'other' } })] }))
    expect(summary(d).conflicts).toEqual(['ANTHROPIC_API_KEY:replaces:failed'])
  })

  test('a settings apiKeyHelper joins an API key and cannot be unset', () => {
    const d = decide(inputs('api-key', { onConflict: 'unset' }), scan({ settings: [project({ apiKeyHelper: 'print-key' })] }))
    expect(summary(d)).toEqual({ ok: false, exports: [], conflicts: ['apiKeyHelper:joins:failed'] })
  })

  test('sources the intended credential outranks are shadowed, not conflicts', () => {
    const d = decide(
      inputs('api-key'),
      scan({ env: { CLAUDE_CODE_OAUTH_TOKEN: 'o' }, credentialsFile: { path: '/h/.claude/.credentials.json', accessToken: 'a', hasInferenceScope: true }, primaryApiKey: { path: '/h/.claude.json', value: 'p' } }),
    )
    expect(summary(d).ok).toBe(true)
    expect(d.rows.map((r) => `${r.name}:${r.status}`)).toEqual(['ANTHROPIC_API_KEY:used', 'CLAUDE_CODE_OAUTH_TOKEN:shadowed', 'credentialsFile:shadowed', 'primaryApiKey:shadowed'])
  })

  test('blanking one variable uncovers the next source in line, which is then reported', () => {
    // ANTHROPIC_API_KEY hides primaryApiKey in the x-api-key slot; blank it and primaryApiKey joins the gateway token.
    // The run then fails, so nothing is blanked after all: both are reported as failed.
    const d = decide(inputs('auth-token', { onConflict: 'unset' }), scan({ env: { ANTHROPIC_API_KEY: 'k' }, primaryApiKey: { path: '/h/.claude.json', value: 'p' } }))
    expect(summary(d)).toEqual({ ok: false, exports: [], conflicts: ['ANTHROPIC_API_KEY:joins:failed', 'primaryApiKey:joins:failed'] })
    expect(d.problems.filter((p) => /blanked|exported empty/.test(p.title + p.cause))).toEqual([])
  })

  test('a provider flag routes away from first party and is a conflict; false spellings are not', () => {
    expect(summary(decide(inputs('api-key'), scan({ env: { CLAUDE_CODE_USE_BEDROCK: 'true' } }))).conflicts).toEqual(['CLAUDE_CODE_USE_BEDROCK:routes-away:failed'])
    expect(summary(decide(inputs('api-key'), scan({ env: { CLAUDE_CODE_USE_BEDROCK: 'false' } }))).ok).toBe(true)
    expect(summary(decide(inputs('api-key', { onConflict: 'unset' }), scan({ env: { CLAUDE_CODE_USE_VERTEX: '1' } })))).toEqual({
      ok: true,
      exports: ['ANTHROPIC_API_KEY=<intended>', 'CLAUDE_CODE_USE_VERTEX='],
      conflicts: ['CLAUDE_CODE_USE_VERTEX:routes-away:unset'],
    })
  })

  test('a whitespace-only variable that some CLI version would send is a conflict', () => {
    expect(summary(decide(inputs('oauth-token'), scan({ env: { ANTHROPIC_API_KEY: ' \n' } }))).conflicts).toEqual(['ANTHROPIC_API_KEY:outranks:failed'])
  })

  test('a whitespace-only variable that no version would send is only a warning', () => {
    const d = decide(inputs('api-key'), scan({ env: { CLAUDE_CODE_OAUTH_TOKEN: '  ' } }))
    expect(summary(d)).toEqual({ ok: true, exports: ['ANTHROPIC_API_KEY=<intended>'], conflicts: [] })
    expect(d.problems.map((p) => `${p.severity}: ${p.title}`)).toEqual(['warning: CLAUDE_CODE_OAUTH_TOKEN is whitespace only'])
  })

  describe('bare mode', () => {
    test('an OAuth token fails with the fix', () => {
      const d = decide(inputs('oauth-token', { bare: true }), scan())
      expect(d.ok).toBe(false)
      expect(d.problems.map((p) => p.title)).toEqual(['OAuth token is ignored in bare mode'])
      expect(d.problems[0].fix).toContain('anthropic-api-key')
      expect(d.bareCompatible).toBe(false)
    })
    test('an API key is bare-compatible, and a settings-file helper is ignored rather than a conflict', () => {
      const d = decide(inputs('api-key', { bare: true }), scan({ settings: [project({ apiKeyHelper: 'h' })] }))
      expect(summary(d)).toEqual({ ok: true, exports: ['ANTHROPIC_API_KEY=<intended>'], conflicts: [] })
      expect(d.rows.find((r) => r.name === 'apiKeyHelper')?.status).toBe('ignored in bare mode')
      expect(d.bareCompatible).toBe(true)
    })
    test('CLAUDE_CODE_SIMPLE in the job env forces bare mode on an OAuth token, and can be unset', () => {
      expect(summary(decide(inputs('oauth-token'), scan({ env: { CLAUDE_CODE_SIMPLE: '1' } }))).conflicts).toEqual(['CLAUDE_CODE_SIMPLE:forces-bare:failed'])
      expect(summary(decide(inputs('oauth-token', { onConflict: 'unset' }), scan({ env: { CLAUDE_CODE_SIMPLE: '1' } })))).toEqual({
        ok: true,
        exports: ['CLAUDE_CODE_OAUTH_TOKEN=<intended>', 'CLAUDE_CODE_SIMPLE='],
        conflicts: ['CLAUDE_CODE_SIMPLE:forces-bare:unset'],
      })
    })
    test('an OAuth token is reported as not bare-compatible even when bare is false', () => {
      expect(decide(inputs('oauth-token'), scan()).bareCompatible).toBe(false)
    })
  })

  test('a settings env ANTHROPIC_BASE_URL that differs from the job one redirects the credential: a conflict', () => {
    const d = decide(inputs('oauth-token', { onConflict: 'unset' }), scan({ settings: [project({ env: { ANTHROPIC_BASE_URL: 'http://elsewhere.example' } })] }))
    expect(summary(d)).toEqual({ ok: false, exports: [], conflicts: ['ANTHROPIC_BASE_URL:redirects:failed'] })
    expect(d.problems[0].origin).toContain('/ws/.claude/settings.json')
  })

  test('the same base URL in settings and input is not a conflict, and is the live-check target', () => {
    const d = decide(inputs('auth-token', { baseUrl: 'https://gw.example' }), scan({ settings: [project({ env: { ANTHROPIC_BASE_URL: 'https://gw.example' } })] }))
    expect(summary(d).ok).toBe(true)
    expect(d.baseUrl).toBe('https://gw.example')
  })

  test('an auth header in ANTHROPIC_CUSTOM_HEADERS joins the intended credential; other headers do not', () => {
    const headers = 'X-Team: ci\nx-api-key: sk-ant-api03-stale-key-in-headers'
    expect(summary(decide(inputs('oauth-token'), scan({ env: { ANTHROPIC_CUSTOM_HEADERS: headers } }))).conflicts).toEqual(['ANTHROPIC_CUSTOM_HEADERS:joins:failed'])
    expect(summary(decide(inputs('oauth-token'), scan({ env: { ANTHROPIC_CUSTOM_HEADERS: 'X-Team: ci' } }))).ok).toBe(true)
    expect(
      summary(decide(inputs('oauth-token', { onConflict: 'unset' }), scan({ env: { ANTHROPIC_CUSTOM_HEADERS: 'Authorization: Bearer other-token-value' } }))),
    ).toEqual({ ok: true, exports: ['CLAUDE_CODE_OAUTH_TOKEN=<intended>', 'ANTHROPIC_CUSTOM_HEADERS='], conflicts: ['ANTHROPIC_CUSTOM_HEADERS:joins:unset'] })
  })

  test('the base URL is exported when given', () => {
    expect(summary(decide(inputs('auth-token', { baseUrl: 'https://gw.example' }), scan())).exports).toEqual(['ANTHROPIC_AUTH_TOKEN=<intended>', 'ANTHROPIC_BASE_URL=https://gw.example'])
  })
})
