// The doctor's half of the parity cases (../parity-cases.ts): with `--expect K`
// and the credential in K's variable, the same verdict and rule ids as the
// action gives with the credential in K's input (../process/parity.test.ts).
// Worded for the doctor's reader: variables, never inputs.

import { describe, expect, test } from '@jest/globals'

import { PARITY_CASES, VARIABLE_OF } from '../parity-cases.js'
import { apiKey, expectNoSecrets, fingerprintOf, json, oauthToken, runDoctor } from './fixtures.js'

const tokens = { oauth: oauthToken, api: apiKey }

describe('the doctor judges the intended credential as the action judges its input', () => {
  test.concurrent.each(PARITY_CASES)('$id', async (c) => {
    const value = c.value(tokens)
    const run = await runDoctor({ env: { [VARIABLE_OF[c.expect]]: value, ...(c.env?.(tokens) ?? {}) }, files: c.files?.(tokens) ?? {}, args: ['--expect', c.expect, '--json'] })
    expectNoSecrets(run, [value.trim()])
    expect(run.exitCode).toBe(c.exitCode)
    const out = json(run)
    const rules = (severity: string) => out.problems.filter((p) => p.severity === severity).map((p) => p.rule).sort()
    expect({ errors: rules('error'), warnings: rules('warning') }).toEqual({ errors: [...c.errors].sort(), warnings: [...c.warnings].sort() })
    // The doctor's words: no input of the action, no runner.
    for (const p of out.problems) expect(`${p.title} ${p.cause} ${p.where} ${p.fix}`).not.toMatch(/anthropic-api-key|claude-code-oauth-token|anthropic-auth-token|this action|runner/)
  })
})

describe('the doctor words each rule for its reader', () => {
  test('an API key in CLAUDE_CODE_OAUTH_TOKEN: the first line names the variable and where the key belongs', async () => {
    const key = apiKey('parity/words/api-in-oauth')
    const run = await runDoctor({ env: { CLAUDE_CODE_OAUTH_TOKEN: key }, args: ['--expect', 'oauth-token'] })
    expect(run.exitCode).toBe(1)
    expect(run.first).toBe(
      'CLAUDE_CODE_OAUTH_TOKEN from your environment starts with `sk-ant-api03-`: it is an Anthropic Console API key. It belongs in ANTHROPIC_API_KEY. Fix: set ANTHROPIC_API_KEY to it instead of CLAUDE_CODE_OAUTH_TOKEN (and unset CLAUDE_CODE_OAUTH_TOKEN), then check with `--expect api-key`.',
    )
    expect(run.stdout).toContain('  error: Credential given in the wrong variable\n')
    expect(run.stdout).toContain('    Rule: credential/wrong-slot\n')
  })

  test('without --expect, an OAuth token sent as ANTHROPIC_API_KEY is still the wrong slot', async () => {
    const token = oauthToken('parity/words/no-expect')
    const run = await runDoctor({ env: { ANTHROPIC_API_KEY: token }, args: ['--json'] })
    expect(run.exitCode).toBe(1)
    expect(json(run).problems.map((p) => [p.severity, p.rule])).toEqual([['error', 'credential/wrong-slot']])
  })

  test('a key shadowed by a settings file: names both places, an error with --expect, a warning without', async () => {
    const shell = apiKey('parity/words/shadow/shell')
    const file = apiKey('parity/words/shadow/file')
    const setup = { env: { ANTHROPIC_API_KEY: shell }, files: { user: { env: { ANTHROPIC_API_KEY: file } } } }
    const expected = await runDoctor({ ...setup, args: ['--expect', 'api-key'] })
    expect(expected.exitCode).toBe(1)
    expect(expected.first).toBe(
      `ANTHROPIC_API_KEY from your environment (fingerprint ${fingerprintOf(shell)}) is not what Claude Code sends: ~/.claude/settings.json sets ANTHROPIC_API_KEY to another value (fingerprint ${fingerprintOf(file)}), and a settings file beats the environment. Fix: to send the value you set, remove \`ANTHROPIC_API_KEY\` from the \`env\` block of ~/.claude/settings.json; if the file's value is the one you mean, run \`unset ANTHROPIC_API_KEY\` in this shell, and remove ANTHROPIC_API_KEY where it is set (a shell profile, your terminal's or editor's settings).`,
    )
    expect(expected.stdout).not.toContain('Findings: none')
    const plain = await runDoctor({ ...setup, args: ['--json'] })
    expect(plain.exitCode).toBe(0)
    expect(json(plain).problems.map((p) => [p.severity, p.rule])).toEqual([['warning', 'settings/shadowed-value']])
    // The same secret in both places (a newline aside, which the wire strips) is not shadowed.
    const same = await runDoctor({ env: { ANTHROPIC_API_KEY: shell }, files: { user: { env: { ANTHROPIC_API_KEY: `${shell}\n` } } }, args: ['--expect', 'api-key', '--json'] })
    expect([same.exitCode, json(same).problems.map((p) => p.rule)]).toEqual([0, ['credential/surrounding-whitespace']])
  })

  test('a trailing newline: the fingerprint is the one of the token Claude Code sends, as the action gives it', async () => {
    const token = oauthToken('parity/fingerprint')
    const run = await runDoctor({ env: { CLAUDE_CODE_OAUTH_TOKEN: `${token}\n` }, args: ['--expect', 'oauth-token', '--json'] })
    const out = json(run)
    expect(out.sends.sent.map((s) => s.fingerprint)).toEqual([fingerprintOf(token)])
    expect(out.sources.map((s) => s.fingerprint)).toEqual([fingerprintOf(token)])
  })
})

describe('the expected credential missing', () => {
  test.concurrent.each([
    ['api-key', 'No ANTHROPIC_API_KEY is set where Claude Code reads it, so Claude Code would send no credential at all.'],
    ['auth-token', 'No ANTHROPIC_AUTH_TOKEN is set where Claude Code reads it, so Claude Code would send no credential at all.'],
    ['oauth-token', 'Neither CLAUDE_CODE_OAUTH_TOKEN nor a `/login` subscription is there, so Claude Code would send no credential at all.'],
  ])('--expect %s with nothing set: the cause says it is not set', async (kind, cause) => {
    const run = await runDoctor({ args: ['--expect', kind, '--json'] })
    expect(run.exitCode).toBe(1)
    expect(json(run).problems.map((p) => [p.rule, p.cause])).toEqual([['credential/expected-missing', cause]])
  })
})
