// macOS: a `/login` lives in the login Keychain. The doctor asks `security` whether the item
// exists (service "Claude Code-credentials", or "Claude Code-credentials-" + the first 8 hex
// digits of SHA-256 of CLAUDE_CONFIG_DIR; account $USER), never for its value: no `-w`, no
// `-g` (facts §8). A fake `security` first on PATH records its argv and answers by exit code.

import { beforeAll, describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { apiKey, expectNoSecrets, json, platformCli, runDoctor } from './fixtures.js'

let darwin = ''
let bin = ''

beforeAll(async () => {
  darwin = await platformCli('darwin')
  bin = await mkdtemp(join(tmpdir(), 'claude-auth-security-'))
  // Records each argument on its own line, then exits with FAKE_SECURITY_EXIT (0: found, 44: not found).
  await writeFile(join(bin, 'security'), '#!/bin/sh\nfor a in "$@"; do printf \'%s\\n\' "$a"; done > "$FAKE_SECURITY_ARGV"\nexit "${FAKE_SECURITY_EXIT:-0}"\n')
  await chmod(join(bin, 'security'), 0o755)
})

async function onMac(exit: number | 'missing', extra: { env?: Record<string, string>; args?: string[]; useConfigDir?: boolean } = {}) {
  const argvFile = join(bin, `argv-${Math.random().toString(36).slice(2)}`)
  const path = exit === 'missing' ? '/nonexistent-bin' : `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`
  const run = await runDoctor({
    entry: darwin,
    env: { PATH: path, USER: 'ada', FAKE_SECURITY_ARGV: argvFile, FAKE_SECURITY_EXIT: String(exit), ...(extra.env ?? {}) },
    args: [...(extra.args ?? []), '--json'],
    ...(extra.useConfigDir ? { useConfigDir: true } : {}),
  })
  const argv = await readFile(argvFile, 'utf8').then((text) => text.split('\n').slice(0, -1), () => null)
  return { run, out: json(run), argv }
}

describe('the /login Keychain item, by presence only', () => {
  test('present: the login is what Claude Code sends, --expect oauth-token passes; asked with -s and -a only', async () => {
    const { run, out, argv } = await onMac(0, { args: ['--expect', 'oauth-token'] })
    expect(argv).toEqual(['find-generic-password', '-s', 'Claude Code-credentials', '-a', 'ada'])
    expect(run.exitCode).toBe(0)
    expect(out.sends.sent.map((s) => [s.name, s.headers, s.scheme, s.fingerprint, s.where])).toEqual([
      ['credentialsFile', ['authorization'], 'oauth', null, { kind: 'keychain', service: 'Claude Code-credentials' }],
    ])
    expect(out.files).toContainEqual({ path: 'the macOS Keychain (item "Claude Code-credentials")', role: 'login (Keychain item)', state: 'read' })
  })

  test('with CLAUDE_CONFIG_DIR: the service carries the first 8 hex digits of the SHA-256 of that folder', async () => {
    const { run, argv } = await onMac(0, { useConfigDir: true })
    const configDir = /"configDir": "([^"]+)"/.exec(run.stdout)?.[1] ?? ''
    const service = `Claude Code-credentials-${createHash('sha256').update(configDir).digest('hex').slice(0, 8)}`
    expect(argv).toEqual(['find-generic-password', '-s', service, '-a', 'ada'])
  })

  test('absent (exit 44): judged as no login at all, an error with --expect oauth-token', async () => {
    const { run, out, argv } = await onMac(44, { args: ['--expect', 'oauth-token'] })
    expect(argv).toEqual(['find-generic-password', '-s', 'Claude Code-credentials', '-a', 'ada'])
    expect(run.exitCode).toBe(1)
    expect(out.problems.map((p) => [p.severity, p.rule])).toEqual([['error', 'credential/expected-missing']])
  })

  test('security not there: a warning that says the item could not be looked up, not a verdict', async () => {
    const { run, out } = await onMac('missing', { args: ['--expect', 'oauth-token'] })
    expect(run.exitCode).toBe(0)
    expect(out.problems.map((p) => [p.severity, p.rule])).toEqual([['warning', 'login/keychain-not-read']])
    expect(out.problems[0]?.cause).toContain('could not look its item up')
  })

  test('an API key next to the Keychain login: the key wins, and the fix is a logout, never reading the item', async () => {
    const key = apiKey('keychain/key')
    const { run, out, argv } = await onMac(0, { env: { ANTHROPIC_API_KEY: key }, args: ['--expect', 'oauth-token'] })
    expectNoSecrets(run, [key])
    expect(argv).not.toContain('-w')
    expect(argv).not.toContain('-g')
    expect(run.exitCode).toBe(1)
    expect(out.problems.map((p) => [p.rule, p.title])).toEqual([['conflict/instead', 'ANTHROPIC_API_KEY would be sent instead of your /login subscription']])
  })
})
