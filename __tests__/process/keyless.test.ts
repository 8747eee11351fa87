// The keyless ways in, through the built action: workload identity federation
// (this action exchanges GitHub's OIDC token once, at a fake token endpoint on
// 127.0.0.1, and later steps get the exchanged token), an apiKeyHelper (run
// once, as the CLI runs it, its output checked and masked) and an existing
// /login (the credentials file the CLI reads). Then the post step, which
// removes the federation token caches written during the job.
//
// The fake endpoints answer as the facts page measured the real ones; every
// expected value is written here by hand.

import { describe, expect, test } from '@jest/globals'
import { mkdir, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

import { runAction } from '../../harness/runner.js'
import { startFederationFake, type FederationFake } from './federation-fake.js'
import { apiKey, builtAction, expectCleanRun, expectExports, expectTitles, fakeToken, fingerprintOf, inScenario, oauthToken, refreshToken, type Scenario, type ScenarioRun } from './fixtures.js'

const RULE = 'fdrl_01ABCdefGHIjkl'
const DENIED_RULE = 'fdrl_01DENIEDrule'
const SHORT_RULE = 'fdrl_01SHORTlived'
const ORG = '1b4e28ba-2fa1-11d2-883f-0016d3cca427'
const REQUEST_TOKEN = fakeToken('ghs_', 'keyless/request-token', 40)
/** A GitHub OIDC token: three base64url parts, as the runner hands them out. */
const ASSERTION = `eyJhbGciOiJSUzI1NiJ9.${fakeToken('', 'keyless/jwt-body', 120)}.${fakeToken('', 'keyless/jwt-sig', 86)}`
const EXCHANGED = oauthToken('keyless/exchanged')

let fake: FederationFake
let base = ''
beforeAll(async () => {
  fake = await startFederationFake({ requestToken: REQUEST_TOKEN, assertion: ASSERTION, exchanged: EXCHANGED, deniedRule: DENIED_RULE, shortRule: SHORT_RULE })
  base = fake.url
})
afterAll(() => fake.close())

/** What the fake endpoints saw for one run: its requests carry the run's own request token path. */
const requestsOf = (tag: string) => fake.seen.filter((s) => s.path.includes(tag) || s.body.includes(tag))

/** The job env of a job with `permissions: id-token: write`: the runner's two OIDC variables. */
const oidcEnv = (tag: string) => ({ ACTIONS_ID_TOKEN_REQUEST_URL: `${base}/oidc?run=${tag}`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN })

const federationInputs = (rule = RULE, extra: Record<string, string> = {}) => ({
  method: 'federation',
  'anthropic-federation-rule-id': rule,
  'anthropic-organization-id': ORG,
  'anthropic-base-url': base,
  ...extra,
})

async function run(scenario: Scenario, secrets: string[], check: (run: ScenarioRun) => void | Promise<void>, maskedFirst = secrets): Promise<void> {
  await inScenario({ ...scenario, env: { RUNNER_ENVIRONMENT: 'github-hosted', ...scenario.env } }, async (r) => {
    expectCleanRun(r, { secrets, maskedFirst })
    await check(r)
  })
}

const errorOf = (r: ScenarioRun, title: string) => r.result.annotations.find((a) => a.level === 'error' && a.title === title)?.message ?? `(no error titled ${title})`

describe('workload identity federation', () => {
  test('the action exchanges the OIDC token once and later steps get the exchanged token, with its expiry', async () => {
    const started = Date.now()
    await run({ inputs: federationInputs(RULE, { 'anthropic-workspace-id': 'wrkspc_01Team' }), env: oidcEnv('fed-ok') }, [ASSERTION, EXCHANGED, REQUEST_TOKEN], ({ result }) => {
      expect(result.exitCode).toBe(0)
      expectExports(result, { CLAUDE_CODE_OAUTH_TOKEN: EXCHANGED, ANTHROPIC_BASE_URL: base })
      expect(result.outputs['auth-method']).toBe('federation')
      expect(result.outputs['credential-source']).toBe(`federation:${RULE}`)
      expect(result.outputs.fingerprint).toBe(fingerprintOf(EXCHANGED))
      const expires = Date.parse(result.outputs['token-expires-at'])
      expect(expires).toBeGreaterThanOrEqual(started + 3600_000 - 1000)
      expect(expires).toBeLessThanOrEqual(Date.now() + 3600_000 + 1000)
      expectTitles(result, { notice: ['Federated token exchanged', 'Later steps can still request OIDC tokens'] })
      expect(result.log[0]).toContain('your federated token')

      // One OIDC request for the default audience, one exchange, as Claude Code itself sends it.
      const oidc = requestsOf('run=fed-ok')
      expect(oidc.map((s) => s.path)).toEqual([`/oidc?run=fed-ok&audience=${encodeURIComponent('https://api.anthropic.com')}`])
      const exchanges = fake.seen.filter((s) => s.path === '/v1/oauth/token' && s.body.includes('wrkspc_01Team'))
      expect(exchanges).toHaveLength(1)
      expect(exchanges[0].headers['anthropic-beta']).toBe('oauth-2025-04-20,oidc-federation-2026-04-01')
      expect(JSON.parse(exchanges[0].body)).toEqual({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: ASSERTION,
        federation_rule_id: RULE,
        organization_id: ORG,
        workspace_id: 'wrkspc_01Team',
      })
      // The post step is told which caches to watch.
      expect(JSON.parse(result.state.cleanup ?? '{}').caches?.length).toBeGreaterThan(0)
      // The summary names the rule and the expiry, not the token.
      expect(result.summary).toContain(`| federated OAuth token | <code>${RULE.replace(/_/g, '\\_')}</code> | <code>CLAUDE\\_CODE\\_OAUTH\\_TOKEN</code> | <code>${fingerprintOf(EXCHANGED)}</code> | ${result.outputs['token-expires-at']} |`)
    })
  })

  test('oidc-audience is the audience GitHub is asked for', async () => {
    await run({ inputs: federationInputs(RULE, { 'oidc-audience': 'https://example.com/anthropic' }), env: oidcEnv('fed-aud') }, [ASSERTION, EXCHANGED], ({ result }) => {
      expect(result.exitCode).toBe(0)
      expect(requestsOf('run=fed-aud').map((s) => s.path)).toEqual([`/oidc?run=fed-aud&audience=${encodeURIComponent('https://example.com/anthropic')}`])
    })
  })

  test('without `id-token: write` the job has no OIDC variables: its own error, naming the permission', async () => {
    await run({ inputs: federationInputs() }, [], (r) => {
      expect(r.result.exitCode).toBe(1)
      expectExports(r.result, {})
      expectTitles(r.result, { error: ['No GitHub OIDC token for this job'] })
      expect(errorOf(r, 'No GitHub OIDC token for this job')).toContain('`id-token: write`')
      expect(r.result.log[0]).toMatch(/^GitHub gives this step no OIDC token \(ACTIONS_ID_TOKEN_REQUEST_URL is not set\)[^]*Fix: add permissions: with id-token: write/)
    })
  })

  test('an exchange the endpoint refuses: the usual causes named, the endpoint quoted, nothing exported', async () => {
    await run({ inputs: federationInputs(DENIED_RULE), env: oidcEnv('fed-denied') }, [ASSERTION, REQUEST_TOKEN], (r) => {
      expect(r.result.exitCode).toBe(1)
      expectExports(r.result, {})
      expectTitles(r.result, { error: ['Federation exchange refused'] })
      const message = errorOf(r, 'Federation exchange refused')
      expect(message).toContain('HTTP 401')
      expect(message).toContain('"Authentication failed"')
      expect(message).toContain('subject')
      expect(message).toContain('audience (https://api.anthropic.com)')
      expect(message).toContain('`anthropic-workspace-id`')
      expect(r.result.outputs['token-expires-at'] ?? '').toBe('')
    })
  })

  test('a token that expires within 30 minutes is a warning with the time', async () => {
    await run({ inputs: federationInputs(SHORT_RULE), env: oidcEnv('fed-short') }, [ASSERTION, EXCHANGED], ({ result }) => {
      expect(result.exitCode).toBe(0)
      expectTitles(result, { warning: ['Federated token exchanged'], notice: ['Later steps can still request OIDC tokens'] })
      expect(result.annotations.find((a) => a.level === 'warning')?.message).toMatch(/in 10 min/)
    })
  })

  test('an API key in the job env outranks the exchanged token: a conflict, as with any OAuth token', async () => {
    const key = apiKey('keyless/job-api-key')
    await run({ inputs: federationInputs(), env: { ...oidcEnv('fed-conflict'), ANTHROPIC_API_KEY: key } }, [ASSERTION, EXCHANGED, key], (r) => {
      expect(r.result.exitCode).toBe(1)
      expectExports(r.result, {})
      expect(r.result.annotations.filter((a) => a.level === 'error').map((a) => a.title)).toEqual(['ANTHROPIC_API_KEY would be sent instead of your federated token'])
    })
  })

  test('bare mode ignores the exchanged OAuth token: fails with the fix', async () => {
    await run({ inputs: federationInputs(RULE, { bare: 'true' }), env: oidcEnv('fed-bare') }, [ASSERTION, EXCHANGED], (r) => {
      expect(r.result.exitCode).toBe(1)
      expectExports(r.result, {})
      expect(r.result.log[0]).toMatch(/bare/i)
    })
  })

  test('the organization id missing: an input error before any request', async () => {
    await run({ inputs: { method: 'federation', 'anthropic-federation-rule-id': RULE }, env: oidcEnv('fed-noorg') }, [], (r) => {
      expect(r.result.exitCode).toBe(1)
      expect(requestsOf('run=fed-noorg')).toEqual([])
      expect(r.result.annotations.map((a) => a.message).join('\n')).toContain('`anthropic-organization-id`')
    })
  })

  test('the post step removes token caches written during the job, and only those', async () => {
    await inScenario({ inputs: federationInputs(), env: { RUNNER_ENVIRONMENT: 'self-hosted', ...oidcEnv('fed-post') } }, async ({ result, dirs, jobEnv }) => {
      expect(result.exitCode).toBe(0)
      const cacheDir = join(dirs.home, '.config', 'anthropic', 'credentials', 'federation')
      await mkdir(cacheDir, { recursive: true })
      const written = join(cacheDir, 'c0ffee.json')
      await writeFile(written, JSON.stringify({ version: '1.0', type: 'oauth_token', access_token: EXCHANGED, expires_at: Date.now() + 3600_000 }))
      // A file that was there before the job is not this job's to remove.
      const other = join(dirs.home, '.config', 'anthropic', 'credentials', 'keep.json')
      const { entry, nodeBinary } = builtAction()
      const postEntry = join(dirname(entry), 'post.js')
      // State saved by the main step reaches the post step as STATE_<name>, as the runner passes it.
      const post = await runAction({
        env: { ...jobEnv, ...Object.fromEntries(Object.entries(result.state).map(([k, v]) => [`STATE_${k}`, v])) },
        home: dirs.home,
        workspace: dirs.workspace,
        nodeBinary,
        entry: postEntry,
        actionYml: null,
        previouslyMasked: result.secrets,
      })
      try {
        expect(post.exitCode).toBe(0)
        expect(existsSync(written)).toBe(false)
        expect(existsSync(other)).toBe(false) // never created: nothing else is touched
        expect(post.log.join('\n')).toContain('Removed 1 token cache file written during the job')
        expect(post.rawStdout).not.toContain(EXCHANGED)
      } finally {
        await post.cleanup()
      }
    })
  })

  test('the post step leaves files that were there before the job', async () => {
    const prepare = async (dirs: { home: string }) => {
      const cacheDir = join(dirs.home, '.config', 'anthropic', 'credentials', 'federation')
      await mkdir(cacheDir, { recursive: true })
      await writeFile(join(cacheDir, 'earlier.json'), '{}')
    }
    await inScenario({ inputs: federationInputs(), env: oidcEnv('fed-post-keep'), prepare }, async ({ result, dirs, jobEnv }) => {
      expect(result.exitCode).toBe(0)
      const { entry, nodeBinary } = builtAction()
      const post = await runAction({
        env: { ...jobEnv, ...Object.fromEntries(Object.entries(result.state).map(([k, v]) => [`STATE_${k}`, v])) },
        home: dirs.home,
        workspace: dirs.workspace,
        nodeBinary,
        entry: join(dirname(entry), 'post.js'),
        actionYml: null,
      })
      try {
        expect(post.exitCode).toBe(0)
        expect(existsSync(join(dirs.home, '.config', 'anthropic', 'credentials', 'federation', 'earlier.json'))).toBe(true)
        expect(post.log.join('\n')).toContain('Nothing to remove')
      } finally {
        await post.cleanup()
      }
    })
  })
})

describe('apiKeyHelper', () => {
  const KEY = apiKey('keyless/helper-key')
  const helperSettings = (command: string) => ({ apiKeyHelper: command })

  test('the helper in project settings runs once and prints one key: masked, fingerprinted, nothing exported', async () => {
    await run({ inputs: { method: 'api-key-helper' }, files: { project: helperSettings(`printf '%s\\n' ${KEY}; date +%s%N >> helper-ran`) } }, [KEY], (r) => {
      expect(r.result.exitCode).toBe(0)
      expectExports(r.result, {})
      expect(r.result.outputs['auth-method']).toBe('api-key-helper')
      expect(r.result.outputs.fingerprint).toBe(fingerprintOf(KEY))
      expect(r.result.outputs['credential-source']).toBe(`helper:${r.path('project')}`)
      expect(r.result.secrets).toContain(KEY)
      expectTitles(r.result, { notice: ['apiKeyHelper checked'] })
    }, [])
  })

  test('a helper that fails: the exit code and its stderr, with no credential in them', async () => {
    const leaked = apiKey('keyless/helper-stderr')
    await run({ inputs: { method: 'api-key-helper' }, files: { project: helperSettings(`echo "vault: permission denied for ${leaked}" >&2; exit 3`) } }, [leaked], (r) => {
      expect(r.result.exitCode).toBe(1)
      expectTitles(r.result, { error: ['apiKeyHelper failed'] })
      const message = errorOf(r, 'apiKeyHelper failed')
      expect(message).toMatch(/^The apiKeyHelper exited 3; Claude Code would still send its requests, with empty credentials\./)
      expect(message).toContain('vault: permission denied')
      expect(message).toContain('.claude/settings.json')
    }, [])
  })

  test('a helper that prints nothing fails', async () => {
    await run({ inputs: { method: 'api-key-helper' }, files: { project: helperSettings('true') } }, [], (r) => {
      expect(r.result.exitCode).toBe(1)
      expect(errorOf(r, 'apiKeyHelper failed')).toMatch(/^The apiKeyHelper printed nothing/)
    })
  })

  test('a helper that prints two lines fails, and neither line is readable', async () => {
    await run({ inputs: { method: 'api-key-helper' }, files: { project: helperSettings(`echo "Fetching key…"; echo ${KEY}`) } }, [KEY], (r) => {
      expect(r.result.exitCode).toBe(1)
      expect(errorOf(r, 'apiKeyHelper failed')).toMatch(/^The apiKeyHelper printed more than one line/)
    }, [])
  })

  test('a helper slower than helper-timeout fails with the timeout named', async () => {
    await run({ inputs: { method: 'api-key-helper', 'helper-timeout': '1' }, files: { project: helperSettings(`sleep 10; echo ${KEY}`) } }, [KEY], (r) => {
      expect(r.result.exitCode).toBe(1)
      expect(errorOf(r, 'apiKeyHelper failed')).toMatch(/^The apiKeyHelper did not finish within 1 s/)
    }, [])
  })

  test('on pull_request_target a helper from the project is refused and never run', async () => {
    await run(
      { inputs: { method: 'api-key-helper' }, env: { GITHUB_EVENT_NAME: 'pull_request_target' }, files: { project: helperSettings(`touch helper-ran; echo ${KEY}`) } },
      [KEY],
      (r) => {
        expect(r.result.exitCode).toBe(1)
        expectTitles(r.result, { error: ['apiKeyHelper comes from the pull request'] })
        expect(existsSync(join(r.dirs.workspace, 'helper-ran'))).toBe(false)
      },
      [],
    )
  })

  test('a forked pull request is refused too; the same pull request from a branch is not', async () => {
    const event = (fork: boolean) => ({ pull_request: { head: { repo: { fork } } } })
    const scenario = (fork: boolean): Scenario => ({ inputs: { method: 'api-key-helper' }, env: { GITHUB_EVENT_NAME: 'pull_request' }, event: event(fork), files: { project: helperSettings(`echo ${KEY}`) } })
    await run(scenario(true), [KEY], (r) => expect(r.result.annotations.map((a) => a.title)).toEqual(['apiKeyHelper comes from the pull request']), [])
    await run(scenario(false), [KEY], (r) => expect(r.result.exitCode).toBe(0), [])
  })

  test('bare mode reads a helper only from `--settings`: without settings-file it fails, with it it passes', async () => {
    const flagFile = 'ci/claude-settings.json'
    await run({ inputs: { method: 'api-key-helper', bare: 'true' }, files: { project: helperSettings(`echo ${KEY}`) } }, [KEY], (r) => {
      expect(r.result.exitCode).toBe(1)
      expectTitles(r.result, { error: ['No apiKeyHelper to use'] })
      expect(errorOf(r, 'No apiKeyHelper to use')).toContain('`bare: true`')
    }, [])
    await run({ inputs: { method: 'api-key-helper', bare: 'true', 'settings-file': flagFile }, workspaceFiles: { [flagFile]: JSON.stringify(helperSettings(`echo ${KEY}`)) } }, [KEY], (r) => {
      expect(r.result.exitCode).toBe(0)
      expect(r.result.outputs['credential-source']).toBe(`helper:${join(r.dirs.workspace, flagFile)}`)
    }, [])
  })

  test('a settings-file that does not exist is an error naming it', async () => {
    await run({ inputs: { method: 'api-key-helper', 'settings-file': 'ci/missing.json' } }, [], (r) => {
      expect(r.result.exitCode).toBe(1)
      expect(r.result.annotations.map((a) => a.message).join('\n')).toContain('ci/missing.json')
    })
  })

  test('an API key in the job env takes the x-api-key header from the helper: both would be sent, a conflict', async () => {
    const jobKey = apiKey('keyless/helper-job-key')
    await run({ inputs: { method: 'api-key-helper' }, env: { ANTHROPIC_API_KEY: jobKey }, files: { project: helperSettings(`echo ${KEY}`) } }, [KEY, jobKey], (r) => {
      expect(r.result.exitCode).toBe(1)
      expect(r.result.annotations.filter((a) => a.level === 'error').map((a) => a.title).join('\n')).toBe('ANTHROPIC_API_KEY would be sent as well as your apiKeyHelper')
    }, [jobKey])
  })
})

describe('an existing /login', () => {
  const ACCESS = oauthToken('keyless/login-access')
  const REFRESH = refreshToken('keyless/login-refresh')
  const login = (overrides: Record<string, unknown> = {}) => ({
    claudeAiOauth: { accessToken: ACCESS, refreshToken: REFRESH, expiresAt: Date.now() + 30 * 86_400_000, scopes: ['user:inference', 'user:profile'], ...overrides },
  })

  test('a valid login: passes, fingerprinted, nothing exported', async () => {
    await run({ inputs: { method: 'login' }, env: { RUNNER_ENVIRONMENT: 'self-hosted' }, files: { credentials: login() } }, [ACCESS, REFRESH], (r) => {
      expect(r.result.exitCode).toBe(0)
      expectExports(r.result, {})
      expect(r.result.outputs['auth-method']).toBe('login')
      expect(r.result.outputs.fingerprint).toBe(fingerprintOf(ACCESS))
      expect(r.result.outputs['credential-source']).toBe(`login:${r.path('credentials')}`)
    })
  })

  test('CLAUDE_CONFIG_DIR moves the file the CLI reads', async () => {
    await run({ inputs: { method: 'login' }, useConfigDir: true, files: { configCredentials: login() } }, [ACCESS, REFRESH], (r) => {
      expect(r.result.exitCode).toBe(0)
      expect(r.result.outputs['credential-source']).toBe(`login:${r.path('configCredentials')}`)
    })
  })

  test('no login file: fails with how to log in', async () => {
    await run({ inputs: { method: 'login' } }, [], (r) => {
      expect(r.result.exitCode).toBe(1)
      expectTitles(r.result, { error: ['No /login on this runner'] })
      expect(errorOf(r, 'No /login on this runner')).toContain('claude auth login')
    })
  })

  test('an expired login without a refresh token fails; with one it warns (the CLI renews it); one expiring within 3 days warns', async () => {
    await run({ inputs: { method: 'login' }, files: { credentials: login({ expiresAt: Date.now() - 60_000, refreshToken: undefined }) } }, [ACCESS], (r) => {
      expect(r.result.exitCode).toBe(1)
      expectTitles(r.result, { error: ['Login expired'] })
      expect(errorOf(r, 'Login expired')).toContain('has no refresh token, so Claude Code sends it unchanged')
    })
    await run({ inputs: { method: 'login' }, files: { credentials: login({ expiresAt: Date.now() - 60_000 }) } }, [ACCESS, REFRESH], (r) => {
      expect(r.result.exitCode).toBe(0)
      expectTitles(r.result, { warning: ['Login expired'] })
      expect(r.result.annotations[0]?.message).toContain('Claude Code will renew it with its refresh token at the first request')
    })
    await run({ inputs: { method: 'login' }, files: { credentials: login({ expiresAt: Date.now() + 24 * 3_600_000 }) } }, [ACCESS, REFRESH], (r) => {
      expect(r.result.exitCode).toBe(0)
      expectTitles(r.result, { warning: ['Login expires soon'] })
    })
  })

  test('a login without user:inference, or without a refresh token', async () => {
    await run({ inputs: { method: 'login' }, files: { credentials: login({ scopes: ['user:profile'] }) } }, [ACCESS, REFRESH], (r) => {
      expect(r.result.exitCode).toBe(1)
      expectTitles(r.result, { error: ['Login lacks the inference scope'] })
    })
    await run({ inputs: { method: 'login' }, files: { credentials: login({ refreshToken: undefined }) } }, [ACCESS], (r) => {
      expect(r.result.exitCode).toBe(0)
      expectTitles(r.result, { warning: ['Login has no refresh token'] })
    })
  })

  test('an OAuth token in the job env outranks the login: a conflict', async () => {
    const token = oauthToken('keyless/login-job-token')
    await run({ inputs: { method: 'login' }, env: { CLAUDE_CODE_OAUTH_TOKEN: token }, files: { credentials: login() } }, [ACCESS, REFRESH, token], (r) => {
      expect(r.result.exitCode).toBe(1)
      expect(r.result.annotations.filter((a) => a.level === 'error').map((a) => a.title)).toEqual(['CLAUDE_CODE_OAUTH_TOKEN would be sent instead of your /login'])
    })
  })
})
