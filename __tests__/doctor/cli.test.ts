// The command line itself: the JSON schema (docs/doctor.md), usage errors (exit 2, nothing
// echoed), help and version, and `--live-check` loading the shared live-check chunk on demand.

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'

import { REPO_ROOT } from '../process/dist-snapshot.js'
import { apiKey, expectNoSecrets, fingerprintOf, json, loginFile, oauthToken, runDoctor } from './fixtures.js'

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version

describe('--json', () => {
  test('every documented field, with the laptop trap: versioned, the wire, sources with statuses, problems, exit code', async () => {
    const key = apiKey('json/key')
    const login = oauthToken('json/login')
    const run = await runDoctor({
      env: { ANTHROPIC_API_KEY: key },
      files: { credentials: loginFile(login) },
      homeFiles: { '.bashrc': `export ANTHROPIC_API_KEY=${key}\n` },
      args: ['doctor', '--expect', 'oauth-token', '--json'],
    })
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toBe('')
    const out = json(run)
    expect(Object.keys(out)).toEqual(['version', 'tool', 'ok', 'exitCode', 'checked', 'baseUrl', 'sends', 'sendsInOtherMode', 'sources', 'problems', 'files', 'liveCheck'])
    expect(out.version).toBe(2)
    expect(out.tool).toEqual({ name: 'claude-code-auth', version: PACKAGE_VERSION })
    expect([out.ok, out.exitCode]).toEqual([false, 1])
    expect(out.checked).toEqual({
      project: run.dirs.project,
      home: run.dirs.home,
      configDir: null,
      managedSettings: expect.stringMatching(/managed-settings\.json$/),
      host: 'local',
      expect: 'oauth-token',
      bare: false,
      bareFrom: null,
    })
    expect(out.baseUrl).toEqual({ value: 'https://api.anthropic.com', where: null })
    const environment = { kind: 'environment', setIn: [{ path: join(run.dirs.home, '.bashrc'), line: 1, sameValue: true }] }
    expect(out.sends).toEqual({
      bare: false,
      route: 'anthropic-api',
      to: 'Anthropic API',
      sent: [{ name: 'ANTHROPIC_API_KEY', headers: ['x-api-key'], scheme: null, fingerprint: fingerprintOf(key), sometimes: false, where: environment }],
      stopsWith: null,
      expectMet: false,
    })
    expect(out.sendsInOtherMode.bare).toBe(true)
    expect(out.sources).toEqual([
      { name: 'ANTHROPIC_API_KEY', where: environment, state: 'set', fingerprint: fingerprintOf(key), status: 'conflict', note: 'would be sent instead' },
      {
        name: 'credentialsFile',
        where: { kind: 'credentials-file', path: run.path('credentials') },
        state: 'set',
        fingerprint: fingerprintOf(login),
        status: 'not sent',
        note: 'ANTHROPIC_API_KEY comes first',
      },
    ])
    expect(out.problems).toEqual([
      {
        rule: 'conflict/instead',
        severity: 'error',
        title: 'ANTHROPIC_API_KEY would be sent instead of your /login subscription',
        cause: `ANTHROPIC_API_KEY from your environment (fingerprint ${fingerprintOf(key)}) would be sent instead of your /login subscription.`,
        where: 'your environment, set in ~/.bashrc line 1',
        fix: 'delete the line that sets ANTHROPIC_API_KEY (~/.bashrc line 1), then open a new terminal, or run `unset ANTHROPIC_API_KEY` in this one',
        apply: { kind: 'unset-env', name: 'ANTHROPIC_API_KEY' },
      },
    ])
    expect(out.files.map((f) => [f.role, f.state])).toEqual([
      ['global config (.claude.json)', 'absent'],
      ['user settings', 'absent'],
      ['project settings', 'absent'],
      ['project local settings', 'absent'],
      ['managed settings', 'absent'],
      ['OAuth credentials file', 'read'],
    ])
    expect(out.liveCheck).toBeNull()
    expectNoSecrets(run, [key, login])
  })

  test('a profile line with another value is not named as the source', async () => {
    const key = apiKey('json/changed')
    const run = await runDoctor({ env: { ANTHROPIC_API_KEY: key }, homeFiles: { '.profile': `export ANTHROPIC_API_KEY='${apiKey('json/old')}'\n` }, args: ['--json'] })
    expect(run.exitCode).toBe(0)
    expect(json(run).sends.sent[0]?.where).toEqual({ kind: 'environment', setIn: [{ path: join(run.dirs.home, '.profile'), line: 1, sameValue: false }] })
  })
})

describe('usage', () => {
  test('--help and --version exit 0', async () => {
    const help = await runDoctor({ args: ['--help'] })
    expect(help.exitCode).toBe(0)
    expect(help.first).toBe('Usage: claude-code-auth [doctor] [options]')
    expect(help.stdout).toContain('0  nothing wrong')
    expect(help.stdout).toContain('2  usage error')
    // Every command it shows works once 1.x is on npm, and it points to the audit.
    expect(help.stdout.split('\n').filter((l) => l.includes('npx '))).toEqual([
      '  npx claude-code-auth@1 doctor',
      '  npx claude-code-auth@1 doctor --expect oauth-token',
      '  npx claude-code-auth@1 doctor --expect api-key --bare --json',
      '  npx claude-code-auth@1 audit [PATH...]   (options: claude-code-auth audit --help)',
    ])
    const version = await runDoctor({ args: ['--version'] })
    expect([version.exitCode, version.stdout]).toEqual([0, `${PACKAGE_VERSION}\n`])
  })

  test.each([
    [['--expect', 'oauth'], '--expect must be oauth-token, api-key or auth-token'],
    [['--frobnicate'], 'unknown option --frobnicate'],
    [['review'], 'unknown command: the commands are `doctor` (the default) and `audit`'],
    [['--project'], '--project needs a value'],
    [['--project', '/nonexistent/folder'], '--project names no folder (or not a directory)'],
    [['--json=yes'], '--json takes no value'],
  ])('%j is a usage error: exit 2, the reason on stderr, nothing on stdout', async (args, message) => {
    const run = await runDoctor({ args })
    expect([run.exitCode, run.stdout]).toEqual([2, ''])
    expect(run.stderr).toBe(`claude-code-auth: ${message}.\nRun \`claude-code-auth --help\` for the options.\n`)
  })

  test('a credential pasted as an argument is never echoed', async () => {
    const key = apiKey('argv/pasted')
    for (const args of [['--expect', key], [key], [`--${key}`], ['--expect', 'api-key', `--${key}=1`]]) {
      const run = await runDoctor({ args })
      expect(run.exitCode).toBe(2)
      expectNoSecrets(run, [key])
    }
  })
})

describe('--live-check', () => {
  const GOOD = apiKey('live/good')
  const REVOKED = apiKey('live/revoked')
  let server: Server
  let baseUrl: string
  const seen: (string | undefined)[] = []

  beforeAll(async () => {
    server = createServer((request, response) => {
      const key = request.headers['x-api-key'] as string | undefined
      seen.push(`${request.url} ${key === GOOD ? 'GOOD' : key === REVOKED ? 'REVOKED' : key}`)
      if (key === GOOD) {
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end('{"data":[{"id":"claude-sonnet-4-5"}],"has_more":false}')
      } else {
        response.writeHead(401, { 'content-type': 'application/json' })
        response.end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${key}` } }))
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  test('a valid key: one request to /v1/models, verdict valid, exit 0', async () => {
    seen.length = 0
    const run = await runDoctor({ env: { ANTHROPIC_API_KEY: GOOD, ANTHROPIC_BASE_URL: baseUrl }, args: ['--expect', 'api-key', '--live-check', '--live-check-timeout', '3', '--json'] })
    expect(run.exitCode).toBe(0)
    expect(seen).toEqual(['/v1/models?limit=1 GOOD'])
    expect(json(run).liveCheck).toMatchObject({ credential: 'ANTHROPIC_API_KEY', verdict: 'valid', side: 'none', httpStatus: 200, attempts: 1 })
  })

  test('a revoked key: verdict invalid, exit 1, the echoed key scrubbed', async () => {
    const run = await runDoctor({ env: { ANTHROPIC_API_KEY: REVOKED, ANTHROPIC_BASE_URL: baseUrl }, args: ['--live-check', '--live-check-timeout', '3'] })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(/Live check of ANTHROPIC_API_KEY: invalid \(HTTP 401\)/)
    expectNoSecrets(run, [REVOKED])
  })

  test('skipped, with the reason, when the verdict already failed', async () => {
    seen.length = 0
    const run = await runDoctor({ env: { ANTHROPIC_API_KEY: GOOD, ANTHROPIC_BASE_URL: baseUrl }, args: ['--expect', 'oauth-token', '--live-check', '--json'] })
    expect(run.exitCode).toBe(1)
    expect(seen).toEqual([])
    expect(json(run).problems.map((p) => p.title)).toContain('Live check skipped')
  })
})
