// Empty and whitespace-only values. "" is absent for every CLI version;
// whitespace-only is a credential to 2.1.197 and absent to 2.1.330 (facts §2), so it is a
// misconfiguration: a conflict where it would outrank the intended credential, a warning
// where it would not. Whitespace around the credential input is trimmed, with a warning.

import { describe, expect, test } from '@jest/globals'

import {
  apiKey,
  clearedTitle,
  conflictTitle,
  credentialFor,
  expectAcceptedAlone,
  expectCleanRun,
  expectExports,
  expectOutputs,
  expectTitles,
  inPlay,
  INPUT,
  inputsFor,
  inScenario,
  intendedExports,
  type Kind,
  laterStepEnv,
  MODES,
  oauthToken,
  type Scenario,
  VARIABLE,
} from './fixtures.js'

const WHITESPACE = [
  { shown: 'three spaces', value: '   ' },
  { shown: 'a newline', value: '\n' },
]

describe('whitespace-only ANTHROPIC_API_KEY in the job env with an OAuth token', () => {
  const cases = WHITESPACE.flatMap((w) => MODES.map((mode) => ({ ...w, mode })))

  test.concurrent.each(cases)('$shown, on-conflict: $mode → a conflict', async ({ shown, value, mode }) => {
    const credential = oauthToken(`whitespace/api-key/${shown}/${mode}`)
    const scenario: Scenario = { inputs: inputsFor('oauth-token', credential, { 'on-conflict': mode }), env: { ANTHROPIC_API_KEY: value } }
    await inScenario(scenario, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      const title = conflictTitle('ANTHROPIC_API_KEY', 'instead', 'oauth-token')
      if (mode === 'fail') {
        expect(result.exitCode).toBe(1)
        expectTitles(result, { error: [title] })
        expectExports(result, {})
      } else if (mode === 'unset') {
        expect(result.exitCode).toBe(0)
        expectTitles(result, { notice: [clearedTitle('ANTHROPIC_API_KEY')] })
        expectExports(result, { CLAUDE_CODE_OAUTH_TOKEN: credential, ANTHROPIC_API_KEY: '' })
        expect(inPlay(laterStepEnv(run, scenario))).toEqual({ CLAUDE_CODE_OAUTH_TOKEN: credential })
      } else {
        expect(result.exitCode).toBe(0)
        expectTitles(result, { warning: [title] })
        expectExports(result, { CLAUDE_CODE_OAUTH_TOKEN: credential })
        expect(inPlay(laterStepEnv(run, scenario))).toEqual({ CLAUDE_CODE_OAUTH_TOKEN: credential, ANTHROPIC_API_KEY: value })
      }
      const resolution = { fail: 'failed', unset: 'unset', warn: 'warned' } as const
      expectOutputs(result, {
        kind: 'oauth-token',
        credential,
        conflicts: [{ name: 'ANTHROPIC_API_KEY', origin: 'env', resolution: resolution[mode] }],
        bareCompatible: false,
      })
    })
  })
})

describe('whitespace-only CLAUDE_CODE_OAUTH_TOKEN in the job env with an API key', () => {
  // An API key turns OAuth off (facts §1): not a conflict, but worth a warning.
  test.concurrent.each(WHITESPACE)('$shown → success with a warning', async ({ shown, value }) => {
    const credential = apiKey(`whitespace/oauth/${shown}`)
    const scenario: Scenario = { inputs: inputsFor('api-key', credential), env: { CLAUDE_CODE_OAUTH_TOKEN: value } }
    await inScenario(scenario, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      expect(result.exitCode).toBe(0)
      expectTitles(result, { warning: ['CLAUDE_CODE_OAUTH_TOKEN is whitespace only'] })
      const [warning] = result.annotations.filter((a) => a.level === 'warning')
      expect(warning?.message).toContain('job environment')
      expectExports(result, { ANTHROPIC_API_KEY: credential })
      expectOutputs(result, { kind: 'api-key', credential, conflicts: [], bareCompatible: true })
    })
  })
})

describe('empty job variables', () => {
  const EMPTY: { kind: Kind; env: Record<string, string> }[] = [
    { kind: 'oauth-token', env: { ANTHROPIC_API_KEY: '', ANTHROPIC_AUTH_TOKEN: '', CLAUDE_CODE_USE_BEDROCK: '', CLAUDE_CODE_SIMPLE: '' } },
    { kind: 'api-key', env: { ANTHROPIC_AUTH_TOKEN: '', CLAUDE_CODE_OAUTH_TOKEN: '', CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR: '' } },
    { kind: 'auth-token', env: { ANTHROPIC_API_KEY: '', CLAUDE_CODE_OAUTH_TOKEN: '', ANTHROPIC_AUTH_TOKEN: '' } },
  ]

  test.concurrent.each(EMPTY)('$kind with empty $env → not conflicts', async ({ kind, env }) => {
    const credential = credentialFor(kind, `whitespace/empty/${kind}`)
    const scenario: Scenario = { inputs: inputsFor(kind, credential), env }
    await inScenario(scenario, (run) => {
      expectAcceptedAlone(run, kind, credential, kind !== 'oauth-token')
      expect(inPlay(laterStepEnv(run, scenario))).toEqual({ [VARIABLE[kind]]: credential })
    })
  })
})

describe('a credential input with surrounding whitespace', () => {
  const PADDED: { kind: Kind; before: string; after: string }[] = [
    { kind: 'oauth-token', before: '  ', after: '\n' },
    { kind: 'api-key', before: '\t', after: '\r\n' },
    { kind: 'auth-token', before: '', after: ' \n\n' },
  ]

  test.concurrent.each(PADDED)('$kind → warning, trimmed export', async ({ kind, before, after }) => {
    const credential = credentialFor(kind, `whitespace/padded/${kind}`)
    const raw = `${before}${credential}${after}`
    const scenario: Scenario = { inputs: inputsFor(kind, raw) }
    await inScenario(scenario, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [raw, credential], maskedFirst: [credential] })
      expect(result.exitCode).toBe(0)
      expectTitles(result, { warning: ['Whitespace trimmed from credential'] })
      const [warning] = result.annotations.filter((a) => a.level === 'warning')
      expect(warning?.message).toContain(INPUT[kind])
      expectExports(result, intendedExports(kind, credential))
      expectOutputs(result, { kind, credential, conflicts: [], bareCompatible: kind !== 'oauth-token' })
      expect(inPlay(laterStepEnv(run, scenario))).toEqual({ [VARIABLE[kind]]: credential })
    })
  })
})

describe('whitespace-only ANTHROPIC_API_KEY in a settings env block with an OAuth token', () => {
  // A file cannot be cleared through GITHUB_ENV: it fails in unset mode too, naming the file.
  test.concurrent.each(['fail', 'unset'] as const)('on-conflict: %s → failure naming the file', async (mode) => {
    const credential = oauthToken(`whitespace/settings/${mode}`)
    const scenario: Scenario = {
      inputs: inputsFor('oauth-token', credential, { 'on-conflict': mode }),
      files: { local: { env: { ANTHROPIC_API_KEY: ' \t ' } } },
    }
    await inScenario(scenario, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: [conflictTitle('ANTHROPIC_API_KEY', 'instead', 'oauth-token')] })
      expect(result.annotations[0]?.message).toContain('.claude/settings.local.json')
      expectExports(result, {})
      expectOutputs(result, {
        kind: 'oauth-token',
        credential,
        conflicts: [{ name: 'ANTHROPIC_API_KEY', origin: run.path('local'), resolution: 'failed' }],
        bareCompatible: false,
      })
    })
  })
})
