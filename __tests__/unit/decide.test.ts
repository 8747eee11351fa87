// The decision and its explanations. Every expected reason, status and note is
// written here by hand from ../shared/claude-auth-facts.md: a reason is what the
// CLI would do with and without the source (instead of / as well as / not at
// all / redirected), a status what happens to a source after this action's exports.
import { createHash } from 'node:crypto'
import { decide, type Decision } from '../../src/decide/decide.js'
import type { Places } from '../../src/decide/places.js'
import type { Inputs } from '../../src/inputs/inputs.js'
import type { CredentialKind, OnConflict, SettingsFile } from '../../src/resolve/model.js'
import type { Scan } from '../../src/scan/scan.js'

const VALUE: Record<CredentialKind, string> = {
  'oauth-token': 'sk-ant-oat01-intended-0000000000',
  'api-key': 'sk-ant-api03-intended-0000000000',
  'auth-token': 'gateway-intended-000000000000',
}
/** The inputs every test shares: no bare mode, `on-conflict: fail`, the workflow checked, no live check. */
const DEFAULTS = {
  bare: false,
  onConflict: 'fail',
  workingDirectory: '/ws',
  checkWorkflow: true,
  liveCheck: { enabled: false, timeoutMs: 10000, onNetworkFailure: 'fail' },
} as const satisfies Partial<Inputs>
const inputs = (kind: CredentialKind, over: Partial<Inputs> = {}): Inputs => ({ method: kind, credential: { kind, value: VALUE[kind] }, ...DEFAULTS, ...over })
const scan = (over: Partial<Scan> = {}): Scan => ({ env: {}, settings: [], files: [], exposedFiles: [], problems: [], ...over })
const project = (over: Partial<SettingsFile>): SettingsFile => ({ layer: 'project', path: '/ws/.claude/settings.json', env: {}, ...over })
const PLACES: Places = { repoRoot: '/ws', home: '/home/runner', declared: () => undefined }
const run = (i: Inputs, s: Scan) => decide(i, s, PLACES)
const sha12 = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 12)

const summary = (d: Decision) => ({
  ok: d.ok,
  exports: d.exports.map((e) => `${e.name}=${Object.values(VALUE).includes(e.value) ? '<intended>' : e.value}`),
  conflicts: d.conflicts.map((c) => `${c.name}:${c.reason}:${c.resolution}${c.onlyIn ? `:only ${c.onlyIn.join(',')}` : ''}`),
})
/** Every source present, with its summary status and note: `name@where: status (note)`. */
const rows = (d: Decision) =>
  d.rows.map((r) => {
    const where = r.origin.kind === 'process-env' ? 'env' : r.origin.kind === 'action-export' ? 'export' : 'path' in r.origin ? r.origin.path : r.origin.kind
    return `${r.name}@${where}: ${r.status}${r.note ? ` (${r.note})` : ''}`
  })

describe('decide: verdicts', () => {
  test.each(['oauth-token', 'api-key', 'auth-token'] as const)('%s alone: ok, exports only the intended variable', (kind) => {
    const variable = { 'oauth-token': 'CLAUDE_CODE_OAUTH_TOKEN', 'api-key': 'ANTHROPIC_API_KEY', 'auth-token': 'ANTHROPIC_AUTH_TOKEN' }[kind]
    const d = run(inputs(kind), scan())
    expect(summary(d)).toEqual({ ok: true, exports: [`${variable}=<intended>`], conflicts: [] })
    expect(rows(d)).toEqual([`${variable}@export: sent`])
  })

  test('the classic failure: a job-level API key is sent instead of the OAuth token', () => {
    const d = run(inputs('oauth-token'), scan({ env: { ANTHROPIC_API_KEY: 'sk-ant-api03-stale-000000000000' } }))
    expect(summary(d)).toEqual({ ok: false, exports: [], conflicts: ['ANTHROPIC_API_KEY:instead:failed'] })
    const [p] = d.problems
    expect(p.severity).toBe('error')
    expect(p.cause).toMatch(/^ANTHROPIC_API_KEY from the job env \(fingerprint [0-9a-f]{12}\) would be sent instead of your OAuth token\.$/)
    expect(p.where).toContain('job environment')
    expect(p.fix).toContain('on-conflict: unset')
    expect(JSON.stringify(d.problems)).not.toContain('sk-ant-api03-stale')
    expect(rows(d)).toEqual(['ANTHROPIC_API_KEY@env: conflict (would be sent instead)', 'CLAUDE_CODE_OAUTH_TOKEN@export: not sent (ANTHROPIC_API_KEY comes first)'])
  })

  test('on-conflict unset clears environment conflicts and succeeds', () => {
    const d = run(inputs('oauth-token', { onConflict: 'unset' }), scan({ env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_AUTH_TOKEN: 't' } }))
    expect(summary(d)).toEqual({
      ok: true,
      exports: ['CLAUDE_CODE_OAUTH_TOKEN=<intended>', 'ANTHROPIC_AUTH_TOKEN=', 'ANTHROPIC_API_KEY='],
      conflicts: ['ANTHROPIC_AUTH_TOKEN:instead:unset', 'ANTHROPIC_API_KEY:instead:unset'],
    })
    expect(d.problems.map((p) => `${p.severity}: ${p.title}`)).toEqual(['notice: ANTHROPIC_AUTH_TOKEN cleared for later steps', 'notice: ANTHROPIC_API_KEY cleared for later steps'])
    expect(rows(d)).toEqual([
      'ANTHROPIC_AUTH_TOKEN@env: cleared (set to empty for later steps)',
      'ANTHROPIC_API_KEY@env: cleared (set to empty for later steps)',
      'CLAUDE_CODE_OAUTH_TOKEN@export: sent',
    ])
  })

  test('on-conflict warn continues, exporting only the intended variable', () => {
    const d = run(inputs('api-key', { onConflict: 'warn' }), scan({ env: { ANTHROPIC_AUTH_TOKEN: 't' } }))
    expect(summary(d)).toEqual({ ok: true, exports: ['ANTHROPIC_API_KEY=<intended>'], conflicts: ['ANTHROPIC_AUTH_TOKEN:as-well:warned'] })
    expect(d.problems.map((p) => p.severity)).toEqual(['warning'])
    expect(d.problems[0].cause).toContain('would be sent as well as your API key; continuing because on-conflict is `warn`.')
    expect(rows(d)).toEqual(['ANTHROPIC_AUTH_TOKEN@env: warned (would be sent as well)', 'ANTHROPIC_API_KEY@export: sent'])
  })

  test.each<OnConflict>(['fail', 'unset'])('a settings-file env conflict fails even with on-conflict %s, naming the file relative to the repository', (onConflict) => {
    const d = run(inputs('oauth-token', { onConflict }), scan({ settings: [project({ env: { ANTHROPIC_API_KEY: 'k' }, envAt: { ANTHROPIC_API_KEY: { file: '.claude/settings.json', line: 3 } } })] }))
    expect(summary(d)).toEqual({ ok: false, exports: [], conflicts: ['ANTHROPIC_API_KEY:instead:failed'] })
    expect(d.problems[0].cause).toBe('ANTHROPIC_API_KEY in .claude/settings.json would be sent instead of your OAuth token.')
    expect(d.problems[0].at).toEqual({ file: '.claude/settings.json', line: 3 })
    expect(d.problems[0].fix).toContain('a settings file beats the workflow')
    expect(d.problems[0].fix).not.toContain('rotate')
  })

  test('a key in a settings file git tracks is exposed: the fix says rotate it', () => {
    const file = project({ env: { ANTHROPIC_API_KEY: 'sk-ant-api03-committed-00000000' } })
    const d = run(inputs('oauth-token'), scan({ settings: [file], exposedFiles: [file.path] }))
    expect(d.problems[0].fix).toContain('the file is committed, so the key in it is exposed: rotate it, and keep keys in `.claude/settings.local.json` or a secret')
  })

  test('a settings env block that replaces the exported variable itself is sent instead of it', () => {
    const d = run(inputs('api-key', { onConflict: 'unset' }), scan({ settings: [project({ env: { ANTHROPIC_API_KEY: 'other-key-000000000000' } })] }))
    expect(summary(d).conflicts).toEqual(['ANTHROPIC_API_KEY:instead:failed'])
    expect(rows(d)).toEqual(['ANTHROPIC_API_KEY@export: overridden (replaced by the value in /ws/.claude/settings.json)', 'ANTHROPIC_API_KEY@/ws/.claude/settings.json: conflict (would be sent instead)'])
  })

  test('a settings apiKeyHelper is sent as well as an API key and cannot be cleared', () => {
    const d = run(inputs('api-key', { onConflict: 'unset' }), scan({ settings: [project({ apiKeyHelper: 'print-key' })] }))
    expect(summary(d)).toEqual({ ok: false, exports: [], conflicts: ['apiKeyHelper:as-well:failed'] })
  })

  test('sources the intended credential comes before are not sent, and not conflicts', () => {
    const d = run(
      inputs('api-key'),
      scan({ env: { CLAUDE_CODE_OAUTH_TOKEN: 'o' }, credentialsFile: { path: '/h/.claude/.credentials.json', accessToken: 'a', hasInferenceScope: true }, primaryApiKey: { path: '/h/.claude.json', value: 'p' } }),
    )
    expect(summary(d).ok).toBe(true)
    expect(rows(d)).toEqual([
      'ANTHROPIC_API_KEY@export: sent',
      'CLAUDE_CODE_OAUTH_TOKEN@env: not sent (ANTHROPIC_API_KEY comes first)',
      'credentialsFile@/h/.claude/.credentials.json: not sent (ANTHROPIC_API_KEY comes first)',
      'primaryApiKey@/h/.claude.json: not sent (ANTHROPIC_API_KEY comes first for the x-api-key header)',
    ])
  })

  test('a provider flag routes every request away; false spellings do not; a lower-ranked flag is only found once the higher one is cleared', () => {
    expect(summary(run(inputs('api-key'), scan({ env: { CLAUDE_CODE_USE_BEDROCK: 'true' } }))).conflicts).toEqual(['CLAUDE_CODE_USE_BEDROCK:routes-away:failed'])
    expect(summary(run(inputs('api-key'), scan({ env: { CLAUDE_CODE_USE_BEDROCK: 'false' } }))).ok).toBe(true)
    // Bedrock outranks Vertex: removing Vertex alone changes nothing, so at first only Bedrock is named.
    expect(summary(run(inputs('api-key'), scan({ env: { CLAUDE_CODE_USE_BEDROCK: '1', CLAUDE_CODE_USE_VERTEX: '1' } }))).conflicts).toEqual([
      'CLAUDE_CODE_USE_BEDROCK:routes-away:failed',
    ])
    expect(summary(run(inputs('api-key', { onConflict: 'unset' }), scan({ env: { CLAUDE_CODE_USE_BEDROCK: '1', CLAUDE_CODE_USE_VERTEX: '1' } })))).toEqual({
      ok: true,
      exports: ['ANTHROPIC_API_KEY=<intended>', 'CLAUDE_CODE_USE_BEDROCK=', 'CLAUDE_CODE_USE_VERTEX='],
      conflicts: ['CLAUDE_CODE_USE_BEDROCK:routes-away:unset', 'CLAUDE_CODE_USE_VERTEX:routes-away:unset'],
    })
  })

  test('a provider flag next to a first-party credential offers the other reading', () => {
    const d = run(inputs('oauth-token'), scan({ env: { CLAUDE_CODE_USE_BEDROCK: '1' } }))
    expect(d.problems[0].cause).toBe('CLAUDE_CODE_USE_BEDROCK from the job env is on, so Claude Code sends every request to Amazon Bedrock; your OAuth token would not be sent at all.')
    expect(d.problems[0].fix).toContain('if you meant to use Amazon Bedrock, set `method: bedrock`')
  })

  test('a whitespace-only variable that 2.1.197 would send is a conflict under that version only', () => {
    const d = run(inputs('oauth-token'), scan({ env: { ANTHROPIC_API_KEY: ' \n' } }))
    expect(summary(d).conflicts).toEqual(['ANTHROPIC_API_KEY:instead:failed:only 2.1.197'])
    expect(d.problems[0].cause).toBe('ANTHROPIC_API_KEY from the job env holds only whitespace, which Claude Code 2.1.197 sends as a credential instead of your OAuth token.')
  })

  test('a whitespace-only variable that no version would send is only a warning', () => {
    const d = run(inputs('api-key'), scan({ env: { CLAUDE_CODE_OAUTH_TOKEN: '  ' } }))
    expect(summary(d)).toEqual({ ok: true, exports: ['ANTHROPIC_API_KEY=<intended>'], conflicts: [] })
    expect(d.problems.map((p) => `${p.severity}: ${p.title}`)).toEqual(['warning: CLAUDE_CODE_OAUTH_TOKEN is whitespace only'])
  })

  describe('bare mode', () => {
    test('an OAuth token fails with the fix', () => {
      const d = run(inputs('oauth-token', { bare: true }), scan())
      expect(d.ok).toBe(false)
      expect(d.problems.map((p) => p.title)).toEqual(['Bare mode ignores OAuth tokens'])
      expect(d.problems[0].fix).toContain('anthropic-api-key')
      expect(d.bareCompatible).toBe(false)
    })
    test('an API key is bare-compatible, and a settings-file helper is ignored rather than a conflict', () => {
      const d = run(inputs('api-key', { bare: true }), scan({ settings: [project({ apiKeyHelper: 'h' })] }))
      expect(summary(d)).toEqual({ ok: true, exports: ['ANTHROPIC_API_KEY=<intended>'], conflicts: [] })
      expect(rows(d)).toEqual(['ANTHROPIC_API_KEY@export: sent', 'apiKeyHelper@/ws/.claude/settings.json: ignored in bare mode'])
      expect(d.bareCompatible).toBe(true)
    })
    test('CLAUDE_CODE_SIMPLE in the job env turns on bare mode for an OAuth token, and can be cleared', () => {
      expect(summary(run(inputs('oauth-token'), scan({ env: { CLAUDE_CODE_SIMPLE: '1' } }))).conflicts).toEqual(['CLAUDE_CODE_SIMPLE:forces-bare:failed'])
      expect(summary(run(inputs('oauth-token', { onConflict: 'unset' }), scan({ env: { CLAUDE_CODE_SIMPLE: '1' } })))).toEqual({
        ok: true,
        exports: ['CLAUDE_CODE_OAUTH_TOKEN=<intended>', 'CLAUDE_CODE_SIMPLE='],
        conflicts: ['CLAUDE_CODE_SIMPLE:forces-bare:unset'],
      })
    })
    test('CLAUDE_CODE_SIMPLE next to an API key changes nothing: not a conflict', () => {
      const d = run(inputs('api-key'), scan({ env: { CLAUDE_CODE_SIMPLE: '1' } }))
      expect(summary(d)).toEqual({ ok: true, exports: ['ANTHROPIC_API_KEY=<intended>'], conflicts: [] })
      expect(rows(d)).toEqual(['ANTHROPIC_API_KEY@export: sent', 'CLAUDE_CODE_SIMPLE@env: on (bare mode)'])
    })
  })

  test('a settings env ANTHROPIC_BASE_URL that differs from the job one redirects the credential: a conflict', () => {
    const d = run(inputs('oauth-token', { onConflict: 'unset' }), scan({ settings: [project({ env: { ANTHROPIC_BASE_URL: 'http://elsewhere.example' } })] }))
    expect(summary(d)).toEqual({ ok: false, exports: [], conflicts: ['ANTHROPIC_BASE_URL:redirects:failed'] })
    expect(d.problems[0].where).toContain('.claude/settings.json')
  })

  test('the same base URL in settings and input is not a conflict, and is the live-check target', () => {
    const d = run(inputs('auth-token', { baseUrl: 'https://gw.example' }), scan({ settings: [project({ env: { ANTHROPIC_BASE_URL: 'https://gw.example' } })] }))
    expect(summary(d).ok).toBe(true)
    expect(d.baseUrl).toBe('https://gw.example')
  })

  test('an auth header in ANTHROPIC_CUSTOM_HEADERS is sent as well; other headers are not conflicts', () => {
    const headers = 'X-Team: ci\nx-api-key: sk-ant-api03-stale-key-in-headers'
    expect(summary(run(inputs('oauth-token'), scan({ env: { ANTHROPIC_CUSTOM_HEADERS: headers } }))).conflicts).toEqual(['ANTHROPIC_CUSTOM_HEADERS:as-well:failed'])
    expect(summary(run(inputs('oauth-token'), scan({ env: { ANTHROPIC_CUSTOM_HEADERS: 'X-Team: ci' } }))).ok).toBe(true)
    expect(
      summary(run(inputs('oauth-token', { onConflict: 'unset' }), scan({ env: { ANTHROPIC_CUSTOM_HEADERS: 'Authorization: Bearer other-token-value' } }))),
    ).toEqual({ ok: true, exports: ['CLAUDE_CODE_OAUTH_TOKEN=<intended>', 'ANTHROPIC_CUSTOM_HEADERS='], conflicts: ['ANTHROPIC_CUSTOM_HEADERS:as-well:unset'] })
  })

  test('the base URL is exported when given', () => {
    expect(summary(run(inputs('auth-token', { baseUrl: 'https://gw.example' }), scan())).exports).toEqual(['ANTHROPIC_AUTH_TOKEN=<intended>', 'ANTHROPIC_BASE_URL=https://gw.example'])
  })
})

// Sources that interact: what one source does depends on another. The explanation must say
// what each one does in the world later steps will actually see.
describe('decide: sources that interact', () => {
  test('an auth token and a helper together, against an OAuth token: the token fills Authorization, the helper x-api-key; both are sent instead', () => {
    const d = run(inputs('oauth-token'), scan({ env: { ANTHROPIC_AUTH_TOKEN: 'gateway-token-000000000' }, settings: [project({ apiKeyHelper: 'print-key' })] }))
    expect(summary(d)).toEqual({ ok: false, exports: [], conflicts: ['ANTHROPIC_AUTH_TOKEN:instead:failed', 'apiKeyHelper:instead:failed'] })
    expect(d.problems.map((p) => p.cause.split(' would')[0])).toEqual([`ANTHROPIC_AUTH_TOKEN from the job env (fingerprint ${sha12('gateway-token-000000000')})`, 'the apiKeyHelper in .claude/settings.json'])
    expect(rows(d)).toEqual([
      'ANTHROPIC_AUTH_TOKEN@env: conflict (would be sent instead)',
      'CLAUDE_CODE_OAUTH_TOKEN@export: not sent (ANTHROPIC_AUTH_TOKEN comes first)',
      'apiKeyHelper@/ws/.claude/settings.json: conflict (would be sent instead)',
    ])
  })

  test('the same with on-conflict unset: the token is cleared, and the helper still fails the run', () => {
    const d = run(inputs('oauth-token', { onConflict: 'unset' }), scan({ env: { ANTHROPIC_AUTH_TOKEN: 'gateway-token-000000000' }, settings: [project({ apiKeyHelper: 'print-key' })] }))
    // The run fails, so nothing is exported and nothing was cleared.
    expect(summary(d)).toEqual({ ok: false, exports: [], conflicts: ['ANTHROPIC_AUTH_TOKEN:instead:failed', 'apiKeyHelper:instead:failed'] })
    expect(d.problems.filter((p) => /cleared|set to empty/.test(p.title + p.cause))).toEqual([])
  })

  test('an auth token hiding primaryApiKey, against an OAuth token, unset: only the token is cleared; primaryApiKey is no longer sent, and is not reported as cleared', () => {
    const d = run(
      inputs('oauth-token', { onConflict: 'unset' }),
      scan({ env: { ANTHROPIC_AUTH_TOKEN: 'gateway-token-000000000' }, primaryApiKey: { path: '/home/runner/.claude.json', value: 'sk-ant-api03-primary-00000000' } }),
    )
    expect(summary(d)).toEqual({ ok: true, exports: ['CLAUDE_CODE_OAUTH_TOKEN=<intended>', 'ANTHROPIC_AUTH_TOKEN='], conflicts: ['ANTHROPIC_AUTH_TOKEN:instead:unset'] })
    expect(d.problems.map((p) => p.title)).toEqual(['ANTHROPIC_AUTH_TOKEN cleared for later steps'])
    expect(rows(d)).toEqual([
      'ANTHROPIC_AUTH_TOKEN@env: cleared (set to empty for later steps)',
      'CLAUDE_CODE_OAUTH_TOKEN@export: sent',
      'primaryApiKey@/home/runner/.claude.json: not sent (no longer sent once ANTHROPIC_AUTH_TOKEN is cleared)',
    ])
  })

  test('an API key hiding primaryApiKey, against a gateway token, unset: clearing the key uncovers primaryApiKey, which fails the run', () => {
    const d = run(inputs('auth-token', { onConflict: 'unset' }), scan({ env: { ANTHROPIC_API_KEY: 'k' }, primaryApiKey: { path: '/h/.claude.json', value: 'p' } }))
    expect(summary(d)).toEqual({ ok: false, exports: [], conflicts: ['ANTHROPIC_API_KEY:as-well:failed', 'primaryApiKey:as-well:failed'] })
  })

  test('a key in the job env and another in a settings file: the file one is sent, the job one is overridden', () => {
    const d = run(inputs('oauth-token'), scan({ env: { ANTHROPIC_API_KEY: 'sk-ant-api03-env-000000000000' }, settings: [project({ env: { ANTHROPIC_API_KEY: 'sk-ant-api03-file-00000000000' } })] }))
    expect(summary(d)).toEqual({ ok: false, exports: [], conflicts: ['ANTHROPIC_API_KEY:instead:failed'] })
    expect(d.conflicts[0].origin).toMatchObject({ kind: 'settings-env', path: '/ws/.claude/settings.json' })
    expect(rows(d)).toEqual([
      'ANTHROPIC_API_KEY@env: overridden (replaced by the value in /ws/.claude/settings.json)',
      'ANTHROPIC_API_KEY@/ws/.claude/settings.json: conflict (would be sent instead)',
      'CLAUDE_CODE_OAUTH_TOKEN@export: not sent (ANTHROPIC_API_KEY comes first)',
    ])
  })

  test('a helper next to an auth token, against an API key: the helper is sent as well (x-api-key holds the key, Authorization the token)', () => {
    const d = run(inputs('api-key'), scan({ env: { ANTHROPIC_AUTH_TOKEN: 't' }, settings: [project({ apiKeyHelper: 'print-key' })] }))
    // The token takes Authorization, the intended key x-api-key: the helper is left with no slot.
    expect(summary(d).conflicts).toEqual(['ANTHROPIC_AUTH_TOKEN:as-well:failed'])
    expect(rows(d)).toEqual([
      'ANTHROPIC_AUTH_TOKEN@env: conflict (would be sent as well)',
      'ANTHROPIC_API_KEY@export: sent',
      'apiKeyHelper@/ws/.claude/settings.json: not sent (ANTHROPIC_AUTH_TOKEN and ANTHROPIC_API_KEY come first)',
    ])
  })
})

// Provider methods: expected verdicts written from docs/providers-measured.md
// and the `provider:` conformance cases named in each test.
describe('decide: a provider setup the supported versions read differently', () => {
  const provider = (name: 'bedrock' | 'vertex' | 'foundry', exports: { name: string; value: string; input: string; secret?: boolean }[], over: Partial<Inputs> = {}): Inputs => ({
    method: name,
    provider: { name, exports: exports.map((e) => ({ secret: false, ...e })) },
    ...DEFAULTS,
    ...over,
  })
  const KEYS = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret-secret-secret' }
  const FOUNDRY_URL = [{ name: 'ANTHROPIC_FOUNDRY_BASE_URL', value: 'https://r.services.ai.azure.com/anthropic', input: 'foundry-base-url' }]
  const titles = (d: Decision) => d.problems.map((p) => `${p.severity}: ${p.title}`)

  test('a whitespace-only AWS_BEARER_TOKEN_BEDROCK: a conflict 2.1.197 makes (provider:bedrock:api-key-blank-falls-back-to-keys)', () => {
    const s = scan({ env: { ...KEYS, AWS_BEARER_TOKEN_BEDROCK: '  ' } })
    const failed = run(provider('bedrock', []), s)
    expect(summary(failed)).toEqual({ ok: false, exports: [], conflicts: ['AWS_BEARER_TOKEN_BEDROCK:instead:failed:only 2.1.197'] })
    expect(failed.problems[0].cause).toBe('AWS_BEARER_TOKEN_BEDROCK from the job env holds only whitespace, which Claude Code 2.1.197 sends as a credential instead of your Amazon Bedrock setup.')
    const cleared = run(provider('bedrock', [], { onConflict: 'unset' }), s)
    expect(summary(cleared)).toEqual({ ok: true, exports: ['CLAUDE_CODE_USE_BEDROCK=1', 'AWS_BEARER_TOKEN_BEDROCK='], conflicts: ['AWS_BEARER_TOKEN_BEDROCK:instead:unset:only 2.1.197'] })
    expect(summary(run(provider('bedrock', [], { onConflict: 'warn' }), s))).toMatchObject({ ok: true, conflicts: ['AWS_BEARER_TOKEN_BEDROCK:instead:warned:only 2.1.197'] })
  })

  test('ANTHROPIC_FOUNDRY_AUTH_TOKEN alone: 2.1.330 sends it, 2.1.197 takes the Azure chain; never cleared (provider:foundry:auth-token)', () => {
    const s = scan({ env: { ANTHROPIC_FOUNDRY_AUTH_TOKEN: 'foundry-token-0000000000' } })
    for (const onConflict of ['fail', 'unset'] as const) {
      const d = run(provider('foundry', FOUNDRY_URL, { onConflict }), s)
      expect(summary(d)).toEqual({ ok: false, exports: [], conflicts: ['ANTHROPIC_FOUNDRY_AUTH_TOKEN:versions-differ:failed:only 2.1.197'] })
      const p = d.problems[0]
      expect(p.title).toBe('ANTHROPIC_FOUNDRY_AUTH_TOKEN is ignored by Claude Code 2.1.197')
      expect(p.cause).toBe(
        `ANTHROPIC_FOUNDRY_AUTH_TOKEN from the job env (fingerprint ${sha12('foundry-token-0000000000')}) is the credential Claude Code 2.1.330 sends to Microsoft Foundry, but Claude Code 2.1.197 ignores it and sends a Foundry API key if one is set, else a token from the Azure credential chain (azure/login or a managed identity) instead: the two versions would authenticate differently.`,
      )
      expect(p.fix).toBe("give the key as this action's `foundry-api-key` input and remove ANTHROPIC_FOUNDRY_AUTH_TOKEN (every version sends that key), or upgrade Claude Code to 2.1.330 or newer in every later step and set `on-conflict: warn`")
    }
    expect(summary(run(provider('foundry', FOUNDRY_URL, { onConflict: 'warn' }), s))).toMatchObject({ ok: true, conflicts: ['ANTHROPIC_FOUNDRY_AUTH_TOKEN:versions-differ:warned:only 2.1.197'] })
  })

  test('the Foundry token next to a foundry-api-key input beats the key on 2.1.330: sent instead, so cleared under unset (provider:foundry:auth-token-beats-api-key)', () => {
    const s = scan({ env: { ANTHROPIC_FOUNDRY_AUTH_TOKEN: 'foundry-token-0000000000' } })
    const key = [...FOUNDRY_URL, { name: 'ANTHROPIC_FOUNDRY_API_KEY', value: 'foundry-key-000000000000', input: 'foundry-api-key', secret: true }]
    expect(summary(run(provider('foundry', key, { onConflict: 'unset' }), s)).conflicts).toEqual(['ANTHROPIC_FOUNDRY_AUTH_TOKEN:instead:unset:only 2.1.330'])
  })

  test('AWS_ACCESS_KEY_ID without its secret: a warning naming what signs instead, not a failure (provider:bedrock:key-id-without-secret-falls-through)', () => {
    const d = run(provider('bedrock', []), scan({ env: { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE', AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials' } }))
    expect(d.ok).toBe(true)
    const half = d.problems.find((p) => p.title === 'Half an AWS key')
    expect(half?.severity).toBe('warning')
    expect(half?.cause).toBe('AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not, so Claude Code ignores the AWS keys in the environment and uses the AWS container credentials endpoint instead.')
  })

  test('Vertex with Google credentials: GOOGLE_CLOUD_PROJECT is set to the project unless the job sets it (provider:vertex:adc-impersonated)', () => {
    const adc = { GOOGLE_APPLICATION_CREDENTIALS: '/tmp/adc.json', RUNNER_ENVIRONMENT: 'self-hosted' }
    const project = [{ name: 'ANTHROPIC_VERTEX_PROJECT_ID', value: 'my-project-123', input: 'vertex-project-id' }]
    const d = run(provider('vertex', project), scan({ env: adc }))
    expect(summary(d)).toEqual({ ok: true, exports: ['CLAUDE_CODE_USE_VERTEX=1', 'ANTHROPIC_VERTEX_PROJECT_ID=my-project-123', 'GOOGLE_CLOUD_PROJECT=my-project-123'], conflicts: [] })
    // The project from the job env serves as well; a project the job names already is left alone.
    expect(summary(run(provider('vertex', []), scan({ env: { ...adc, ANTHROPIC_VERTEX_PROJECT_ID: 'my-project-123' } }))).exports).toEqual(['CLAUDE_CODE_USE_VERTEX=1', 'GOOGLE_CLOUD_PROJECT=my-project-123'])
    expect(summary(run(provider('vertex', project), scan({ env: { ...adc, GOOGLE_CLOUD_PROJECT: 'other-project' } }))).exports).toEqual(['CLAUDE_CODE_USE_VERTEX=1', 'ANTHROPIC_VERTEX_PROJECT_ID=my-project-123'])
    expect(summary(run(provider('vertex', project), scan({ env: { ...adc, GCLOUD_PROJECT: 'other-project' } }))).exports).toEqual(['CLAUDE_CODE_USE_VERTEX=1', 'ANTHROPIC_VERTEX_PROJECT_ID=my-project-123'])
  })

  test('Vertex whose project only a settings file names: 2.1.197 would look it up and send nothing, said as an error for that version', () => {
    const settings = [project({ env: { ANTHROPIC_VERTEX_PROJECT_ID: 'my-project-123' } })]
    const d = run(provider('vertex', []), scan({ env: { GOOGLE_APPLICATION_CREDENTIALS: '/tmp/adc.json', RUNNER_ENVIRONMENT: 'self-hosted' }, settings }))
    expect(d.ok).toBe(false)
    const lookup = d.problems.find((p) => p.title === 'Google Cloud project would be looked up')
    expect(lookup?.severity).toBe('error')
    expect(lookup?.cause).toContain('so Claude Code 2.1.197 would first ask Google Cloud for the project')
    expect(titles(d)).toContain('error: Google Cloud project would be looked up')
  })
})
