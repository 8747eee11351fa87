// `bare: true` (later steps run `claude --bare`). Bare mode never reads an OAuth
// token nor a settings-file apiKeyHelper, and does read ANTHROPIC_API_KEY (facts §4).

import { describe, expect, test } from '@jest/globals'

import {
  apiKey,
  conflictTitle,
  expectAcceptedAlone,
  expectCleanRun,
  expectExports,
  expectOutputs,
  expectTitles,
  gatewayToken,
  inPlay,
  inputsFor,
  inScenario,
  laterStepEnv,
  MODES,
  oauthToken,
  type Scenario,
} from './fixtures.js'

describe('bare mode', () => {
  // Not a conflict that on-conflict could settle: the input itself asks for the impossible.
  test.concurrent.each(MODES)('OAuth token with bare: true, on-conflict: %s → failure naming bare mode and the fix', async (mode) => {
    const credential = oauthToken(`bare/oauth/${mode}`)
    await inScenario({ inputs: inputsFor('oauth-token', credential, { bare: 'true', 'on-conflict': mode }) }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: ['Bare mode ignores OAuth tokens'] })
      const [error] = result.annotations.filter((a) => a.level === 'error')
      expect(error?.message).toMatch(/bare/)
      expect(error?.message).toContain('CLAUDE_CODE_OAUTH_TOKEN')
      // The fix: an API key, which bare mode does read.
      expect(error?.message).toContain('anthropic-api-key')
      expectExports(result, {})
      expectOutputs(result, { kind: 'oauth-token', credential, conflicts: [], bareCompatible: false })
    })
  })

  test.concurrent('API key with bare: true → success, bare-compatible', async () => {
    const credential = apiKey('bare/api-key')
    const scenario: Scenario = { inputs: inputsFor('api-key', credential, { bare: 'true' }) }
    await inScenario(scenario, (run) => {
      expectAcceptedAlone(run, 'api-key', credential, true)
      expect(inPlay(laterStepEnv(run, scenario))).toEqual({ ANTHROPIC_API_KEY: credential })
    })
  })

  test.concurrent('gateway token with bare: true → success (bare mode honours ANTHROPIC_AUTH_TOKEN)', async () => {
    const credential = gatewayToken('bare/gateway')
    await inScenario({ inputs: inputsFor('auth-token', credential, { bare: 'true' }) }, (run) => {
      expectAcceptedAlone(run, 'auth-token', credential, true)
    })
  })

  test.concurrent('settings apiKeyHelper with bare: true and an API key → success, helper shown as ignored', async () => {
    const credential = apiKey('bare/api-key-with-helper')
    const scenario: Scenario = {
      inputs: inputsFor('api-key', credential, { bare: 'true' }),
      files: { project: { apiKeyHelper: '/usr/local/bin/print-anthropic-key' } },
    }
    await inScenario(scenario, (run) => {
      const { result } = run
      expectAcceptedAlone(run, 'api-key', credential, true)
      // The summary's source table: one apiKeyHelper row, naming the file, marked as ignored.
      const helperRows = result.summary.split('\n').filter((line) => line.startsWith('|') && line.includes('apiKeyHelper'))
      expect(helperRows).toHaveLength(1)
      expect(helperRows[0]).toContain('ignored in bare mode')
      expect(helperRows[0]).toContain('.claude/settings.json')
      expect(inPlay(laterStepEnv(run, scenario))).toEqual({ ANTHROPIC_API_KEY: credential })
    })
  })

  test.concurrent('the same helper without bare mode is a conflict (the control for the case above)', async () => {
    const credential = apiKey('bare/api-key-with-helper-not-bare')
    const scenario: Scenario = {
      inputs: inputsFor('api-key', credential, { bare: 'false' }),
      files: { project: { apiKeyHelper: '/usr/local/bin/print-anthropic-key' } },
    }
    await inScenario(scenario, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: [conflictTitle('apiKeyHelper', 'as-well', 'api-key')] })
      expectExports(result, {})
      expectOutputs(result, {
        kind: 'api-key',
        credential,
        conflicts: [{ name: 'apiKeyHelper', origin: run.path('project'), resolution: 'failed' }],
        bareCompatible: true,
      })
    })
  })
})
