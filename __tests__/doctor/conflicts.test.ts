// The doctor on a laptop and on CI: every conflict class the action knows, judged with
// `--expect` (exit 1, first line = cause + fix), and the same setups without it (a report,
// exit 0 unless nothing or two credentials would be sent). Expected wording is written here by
// hand from the facts page (shared/claude-auth-facts.md) and the action's documented phrases.

import { describe, expect, test } from '@jest/globals'

import { apiKey, expectNoSecrets, fingerprintOf, gatewayToken, json, loginFile, oauthToken, runDoctor } from './fixtures.js'

const GATEWAY = 'https://llm-gateway.example.com'

describe('job env key vs subscription login (the laptop trap)', () => {
  const key = apiKey('laptop/key')
  const login = oauthToken('laptop/login')
  const setup = {
    env: { ANTHROPIC_API_KEY: key },
    files: { credentials: loginFile(login) },
    homeFiles: { '.zshrc': `export PATH="$HOME/bin:$PATH"\n# the key from last year's project\nexport ANTHROPIC_API_KEY="${key}"\n` },
  }

  test('--expect oauth-token fails: the key from ~/.zshrc is sent instead of the login, and the fix names that line', async () => {
    const run = await runDoctor({ ...setup, args: ['doctor', '--expect', 'oauth-token'] })
    expect(run.exitCode).toBe(1)
    expect(run.first).toBe(
      `ANTHROPIC_API_KEY from your environment (fingerprint ${fingerprintOf(key)}) would be sent instead of your /login subscription. ` +
        'Fix: delete the line that sets ANTHROPIC_API_KEY (~/.zshrc line 3), then open a new terminal, or run `unset ANTHROPIC_API_KEY` in this one.',
    )
    expect(run.stdout).toContain('Where: your environment, set in ~/.zshrc line 3')
    expectNoSecrets(run, [key, login])
  })

  test('without --expect it reports the key as sent, the login as not used, and exits 0', async () => {
    const run = await runDoctor(setup)
    expect(run.exitCode).toBe(0)
    expect(run.first).toBe('Claude Code will send ANTHROPIC_API_KEY from your environment (x-api-key), and nothing else. Not used: the login in ~/.claude/.credentials.json.')
    expect(run.stdout).toMatch(/credentialsFile +not sent: ANTHROPIC_API_KEY comes first +~\/\.claude\/\.credentials\.json {2}fingerprint [0-9a-f]{12}/)
    expect(run.stdout).toContain('if you meant to use it, run again with `--expect oauth-token`')
    expectNoSecrets(run, [key, login])
  })

  test('the login alone satisfies --expect oauth-token, as CLAUDE_CODE_OAUTH_TOKEN does', async () => {
    const login2 = oauthToken('laptop/login-only')
    const alone = await runDoctor({ files: { credentials: loginFile(login2) }, args: ['--expect', 'oauth-token'] })
    expect(alone.exitCode).toBe(0)
    expect(alone.first).toBe('Claude Code will send your /login subscription: the login in ~/.claude/.credentials.json (Authorization, OAuth), and nothing else.')
    const token = oauthToken('laptop/env-token')
    const both = await runDoctor({ env: { CLAUDE_CODE_OAUTH_TOKEN: token }, files: { credentials: loginFile(login2) }, args: ['--expect', 'oauth-token'] })
    expect(both.exitCode).toBe(0)
    expect(both.first).toBe('Claude Code will send your OAuth token: CLAUDE_CODE_OAUTH_TOKEN from your environment (Authorization, OAuth), and nothing else.')
    expectNoSecrets(both, [login2, token])
  })

  test('a login without the user:inference scope does not count', async () => {
    const login3 = oauthToken('laptop/no-scope')
    const run = await runDoctor({ files: { credentials: loginFile(login3, ['user:profile']) }, args: ['--expect', 'oauth-token'] })
    expect(run.exitCode).toBe(1)
    expect(run.first).toMatch(/^Neither CLAUDE_CODE_OAUTH_TOKEN nor a `\/login` subscription is there \(the login in ~\/\.claude\/\.credentials\.json lacks the `user:inference` scope/)
  })
})

describe('settings env', () => {
  test('a key in ~/.claude/settings.json beats the OAuth token; the fix is the file, with its line', async () => {
    const token = oauthToken('settings/token')
    const key = apiKey('settings/key')
    const run = await runDoctor({
      env: { CLAUDE_CODE_OAUTH_TOKEN: token },
      files: { user: `{\n  "model": "opus",\n  "env": {\n    "ANTHROPIC_API_KEY": "${key}"\n  }\n}\n` },
      args: ['--expect', 'oauth-token'],
    })
    expect(run.exitCode).toBe(1)
    expect(run.first).toBe(
      `ANTHROPIC_API_KEY in ~/.claude/settings.json (fingerprint ${fingerprintOf(key)}) would be sent instead of your OAuth token. ` +
        'Fix: remove `ANTHROPIC_API_KEY` from the `env` block of ~/.claude/settings.json (a settings file beats the environment, so unsetting the variable does not help).',
    )
    expect(run.stdout).toContain('Where: the `env` block of the user settings ~/.claude/settings.json (line 4)')
    expectNoSecrets(run, [token, key])
  })

  test('a settings key replaces the shell one: the shell value is listed as overridden, and the key you set is not the one sent (an error with --expect)', async () => {
    const shell = apiKey('settings/shell')
    const file = apiKey('settings/file')
    const run = await runDoctor({ env: { ANTHROPIC_API_KEY: shell }, files: { project: { env: { ANTHROPIC_API_KEY: file } } }, args: ['--expect', 'api-key', '--json'] })
    expect(run.exitCode).toBe(1)
    const out = json(run)
    expect(out.problems.map((p) => [p.rule, p.severity])).toEqual([['settings/shadowed-value', 'error']])
    expect(out.sends.sent.map((s) => [s.name, s.where.kind, s.fingerprint])).toEqual([['ANTHROPIC_API_KEY', 'settings-env', fingerprintOf(file)]])
    expect(out.sources.map((s) => [s.where.kind, s.status, s.fingerprint])).toEqual([
      ['environment', 'overridden', fingerprintOf(shell)],
      // Sent, and in the way of the key you set: a conflict, as the action's table has it.
      ['settings-env', 'conflict', fingerprintOf(file)],
    ])
  })
})

describe('apiKeyHelper and primaryApiKey', () => {
  test('a project apiKeyHelper next to the API key fills Authorization as well (facts §1)', async () => {
    const key = apiKey('helper/key')
    const run = await runDoctor({ env: { ANTHROPIC_API_KEY: key }, files: { project: { apiKeyHelper: '/usr/local/bin/print-key' } }, args: ['--expect', 'api-key'] })
    expect(run.exitCode).toBe(1)
    expect(run.first).toBe(
      'The apiKeyHelper in .claude/settings.json would be sent as well as your API key. Fix: remove `apiKeyHelper` from .claude/settings.json, or pass a helper only with `claude --settings <file>` where you need it.',
    )
    expect(run.stdout).toContain('error: apiKeyHelper would be sent as well as your API key')
  })

  test('primaryApiKey joins a gateway token in x-api-key; without --expect that is two credentials at once', async () => {
    const token = gatewayToken('primary/token')
    const primary = apiKey('primary/key')
    const setup = { env: { ANTHROPIC_AUTH_TOKEN: token, ANTHROPIC_BASE_URL: GATEWAY }, files: { claudeJson: { primaryApiKey: primary } } }
    const expected = await runDoctor({ ...setup, args: ['--expect', 'auth-token'] })
    expect(expected.exitCode).toBe(1)
    expect(expected.first).toBe(
      `primaryApiKey in ~/.claude.json (fingerprint ${fingerprintOf(primary)}) would be sent as well as your gateway token. Fix: remove \`primaryApiKey\` from ~/.claude.json.`,
    )
    const report = await runDoctor(setup)
    expect(report.exitCode).toBe(1)
    expect(report.first).toMatch(
      /^Claude Code would send ANTHROPIC_AUTH_TOKEN from your environment \(Authorization\) and primaryApiKey in ~\/\.claude\.json \(x-api-key\) on every request: two credentials at once, of which you probably meant one\. Fix: keep the one you mean and remove the other: /,
    )
    expect(report.stdout).toContain(`to ${GATEWAY} (ANTHROPIC_BASE_URL, environment)`)
    expectNoSecrets(report, [token, primary])
  })
})

describe('provider flag', () => {
  test('CLAUDE_CODE_USE_BEDROCK routes every request away from the OAuth token; without --expect it is reported, exit 0', async () => {
    const token = oauthToken('provider/token')
    const setup = { env: { CLAUDE_CODE_OAUTH_TOKEN: token, CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1' } }
    const expected = await runDoctor({ ...setup, args: ['--expect', 'oauth-token'] })
    expect(expected.exitCode).toBe(1)
    expect(expected.first).toMatch(
      /^CLAUDE_CODE_USE_BEDROCK from your environment is on, so Claude Code sends every request to Amazon Bedrock; your OAuth token would not be sent at all\. Fix: run `unset CLAUDE_CODE_USE_BEDROCK` in this shell/,
    )
    expect(expected.first).toContain('if you meant to use Amazon Bedrock, run the doctor without `--expect`')
    const report = await runDoctor(setup)
    expect(report.exitCode).toBe(0)
    expect(report.first).toBe('Claude Code will send every request to Amazon Bedrock: no Anthropic credential is used.')
    expect(report.stdout).toMatch(/CLAUDE_CODE_OAUTH_TOKEN +not sent: every request goes to Amazon Bedrock/)
  })
})

describe('bare mode', () => {
  test('--bare with an OAuth token expected fails: bare mode never reads it', async () => {
    const token = oauthToken('bare/token')
    const run = await runDoctor({ env: { CLAUDE_CODE_OAUTH_TOKEN: token }, args: ['--bare', '--expect', 'oauth-token'] })
    expect(run.exitCode).toBe(1)
    expect(run.first).toBe(
      '`claude --bare` never reads CLAUDE_CODE_OAUTH_TOKEN or a `/login` subscription: it would stop with "Not logged in · Please run /login". ' +
        'Fix: use a Console API key (ANTHROPIC_API_KEY) for bare mode, or an apiKeyHelper passed with `claude --bare --settings <file>`, or drop `--bare`.',
    )
    expect(run.stdout).toContain('Without `--bare`: CLAUDE_CODE_OAUTH_TOKEN from your environment (Authorization, OAuth). That is your OAuth token alone.')
  })

  test('CLAUDE_CODE_SIMPLE in user settings forces bare mode: named as the conflict, with its file', async () => {
    const token = oauthToken('bare/simple')
    const run = await runDoctor({ env: { CLAUDE_CODE_OAUTH_TOKEN: token }, files: { user: { env: { CLAUDE_CODE_SIMPLE: '1' } } }, args: ['--expect', 'oauth-token'] })
    expect(run.exitCode).toBe(1)
    expect(run.first).toMatch(/^CLAUDE_CODE_SIMPLE in ~\/\.claude\/settings\.json turns on bare mode, which never reads your OAuth token: it would not be sent at all/)
    expect(run.stdout).toContain('CLAUDE_CODE_SIMPLE is on, so every `claude` here runs in bare mode')
  })

  test('--bare without --expect and only a login: nothing is sent, exit 1', async () => {
    const login = oauthToken('bare/login')
    const run = await runDoctor({ files: { credentials: loginFile(login) }, args: ['--bare'] })
    expect(run.exitCode).toBe(1)
    expect(run.first).toMatch(/^Bare mode ignores the login in ~\/\.claude\/\.credentials\.json, so Claude Code would send no credential and stop with "Not logged in · Please run \/login"\. Fix: /)
  })

  test('an API key passes --bare --expect api-key, and the other mode is reported', async () => {
    const key = apiKey('bare/key')
    const run = await runDoctor({ env: { ANTHROPIC_API_KEY: key }, args: ['--bare', '--expect', 'api-key', '--json'] })
    expect(run.exitCode).toBe(0)
    const out = json(run)
    expect([out.checked.bare, out.checked.bareFrom, out.sends.bare, out.sends.expectMet, out.sendsInOtherMode.bare, out.sendsInOtherMode.expectMet]).toEqual([true, 'flag', true, true, false, true])
  })
})

describe('CLAUDE_CONFIG_DIR, malformed files, nothing at all, CI wording', () => {
  test('CLAUDE_CONFIG_DIR replaces ~/.claude: the login there counts, a key in ~/.claude/settings.json is not read', async () => {
    const login = oauthToken('config/login')
    const stale = apiKey('config/stale')
    const run = await runDoctor({ useConfigDir: true, files: { configCredentials: loginFile(login), user: { env: { ANTHROPIC_API_KEY: stale } } }, args: ['--expect', 'oauth-token', '--json'] })
    expect(run.exitCode).toBe(0)
    const out = json(run)
    expect(out.checked.configDir).toBe(run.dirs.configDir)
    expect(out.sends.sent.map((s) => [s.name, s.where])).toEqual([['credentialsFile', { kind: 'credentials-file', path: `${run.dirs.configDir}/.credentials.json` }]])
    expect(out.files.map((f) => f.path)).not.toContain(run.path('user'))
    expect(out.files.map((f) => f.path)).toContain(`${run.dirs.configDir}/settings.json`)
    expectNoSecrets(run, [login, stale])
  })

  test('a settings file that is not JSON is reported and ignored, as the CLI ignores it; the run still passes', async () => {
    const token = oauthToken('malformed/token')
    const key = apiKey('malformed/key')
    const run = await runDoctor({ env: { CLAUDE_CODE_OAUTH_TOKEN: token }, files: { project: `{ "env": { "ANTHROPIC_API_KEY": "${key}" }, }` }, args: ['--expect', 'oauth-token'] })
    expect(run.exitCode).toBe(0)
    expect(run.first).toBe('Claude Code will send your OAuth token: CLAUDE_CODE_OAUTH_TOKEN from your environment (Authorization, OAuth), and nothing else. 1 warning below.')
    expect(run.stdout).toContain('warning: Settings file is not valid JSON')
    expect(run.stdout).toContain('Claude Code ignores the project settings file .claude/settings.json because it is not a valid JSON object')
    expectNoSecrets(run, [token, key])
  })

  test('nothing at all: exit 1, and the first line says what to do', async () => {
    const run = await runDoctor({})
    expect(run.exitCode).toBe(1)
    expect(run.first).toBe('Claude Code would send no credential at all, so every request would fail. Fix: run `claude`, then `/login` with your Claude subscription; or export ANTHROPIC_API_KEY with a Console API key.')
  })

  test('on GitLab CI the fix names the CI/CD variables and `unset` in the job script', async () => {
    const token = oauthToken('gitlab/token')
    const key = apiKey('gitlab/key')
    const run = await runDoctor({ env: { GITLAB_CI: 'true', CI: 'true', CLAUDE_CODE_OAUTH_TOKEN: token, ANTHROPIC_API_KEY: key }, args: ['--expect', 'oauth-token'] })
    expect(run.exitCode).toBe(1)
    expect(run.first).toBe(
      `ANTHROPIC_API_KEY from the job environment (fingerprint ${fingerprintOf(key)}) would be sent instead of your OAuth token. ` +
        "Fix: remove ANTHROPIC_API_KEY from the project's CI/CD variables or from `variables:` in .gitlab-ci.yml, or run `unset ANTHROPIC_API_KEY` in the job's `script:` before `claude` (a CI/CD variable beats `variables:` in the file).",
    )
  })

  test('managed settings are read from the platform path (this copy: its own file) and rank above the rest', async () => {
    const token = oauthToken('managed/token')
    const key = apiKey('managed/key')
    const run = await runDoctor({ env: { CLAUDE_CODE_OAUTH_TOKEN: token }, managed: { env: { ANTHROPIC_API_KEY: key } }, args: ['--expect', 'oauth-token', '--json'] })
    expect(run.exitCode).toBe(1)
    const out = json(run)
    expect(out.problems[0]?.title).toBe('ANTHROPIC_API_KEY would be sent instead of your OAuth token')
    expect(out.sends.sent.map((s) => [s.name, s.where.kind, s.where.layer])).toEqual([['ANTHROPIC_API_KEY', 'settings-env', 'managed']])
  })
})
