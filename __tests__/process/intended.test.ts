// Each intended credential alone is exported as its variable, and nothing else.
// Also proves which Node the spawned action really ran on.

import { describe, expect, test } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { runAction } from '../../harness/runner.js'
import {
  expectAcceptedAlone,
  credentialFor,
  expectCleanRun,
  expectExports,
  expectOutputs,
  expectTitles,
  fingerprintOf,
  gatewayToken,
  inPlay,
  inScenario,
  inputsFor,
  intendedExports,
  laterStepEnv,
  NODE_BINARY,
  VARIABLE,
  type Kind,
  type Scenario,
} from './fixtures.js'

describe('the child process', () => {
  test('runs on the Node version under test (24 under scripts/with-node24.mjs)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'claude-auth-probe-'))
    try {
      const probe = join(dir, 'probe.cjs')
      await writeFile(probe, 'console.log("node-version=" + process.version)\n')
      const result = await runAction({ entry: probe, nodeBinary: NODE_BINARY, actionYml: null })
      try {
        const expectedMajor = process.env.TEST_NODE_BINARY ? '24' : process.versions.node.split('.')[0]
        expect(result.exitCode).toBe(0)
        expect(result.log).toHaveLength(1)
        expect(result.log[0]).toMatch(new RegExp(`^node-version=v${expectedMajor}\\.\\d+\\.\\d+$`))
        if (process.env.TEST_NODE_BINARY) expect(result.log[0]).not.toBe(`node-version=${process.version}`)
      } finally {
        await result.cleanup()
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

const ALONE: { kind: Kind; bareCompatible: boolean }[] = [
  // claude --bare never reads CLAUDE_CODE_OAUTH_TOKEN (facts §4).
  { kind: 'oauth-token', bareCompatible: false },
  { kind: 'api-key', bareCompatible: true },
  // Bare mode honours ANTHROPIC_AUTH_TOKEN despite --help (facts §4).
  { kind: 'auth-token', bareCompatible: true },
]

describe('an intended credential alone', () => {
  test.concurrent.each(ALONE)('$kind → success, exported as its variable only', async ({ kind, bareCompatible }) => {
    const credential = credentialFor(kind, `alone/${kind}`)
    const scenario: Scenario = { inputs: inputsFor(kind, credential) }
    await inScenario(scenario, (run) => {
      const { result } = run
      expectAcceptedAlone(run, kind, credential, bareCompatible)
      expect(result.summary).toContain(fingerprintOf(credential))
      expect(inPlay(laterStepEnv(run, scenario))).toEqual({ [VARIABLE[kind]]: credential })
    })
  })
})

describe('gateway tokens', () => {
  test.concurrent('with base64 characters (+ / =) → exported verbatim, masked', async () => {
    const credential = `${gatewayToken('gateway/base64').slice(0, 60)}+/ab+cd/==`
    await inScenario({ inputs: inputsFor('auth-token', credential) }, (run) => {
      expectAcceptedAlone(run, 'auth-token', credential, true)
    })
  })

  // The runner unescapes %25, %0A and %0D in ::add-mask:: data: the action must escape the
  // value, or the runner would register (and mask) a different string than the token.
  test.concurrent('with "%0A" and "%25" inside → a warning, the exact value masked and exported', async () => {
    const credential = `${gatewayToken('gateway/percent').slice(0, 40)}%0A${gatewayToken('gateway/percent/2').slice(0, 40)}%25`
    await inScenario({ inputs: inputsFor('auth-token', credential) }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      expect(result.exitCode).toBe(0)
      expectTitles(result, { warning: ['Unusual characters in credential'] })
      expectExports(result, intendedExports('auth-token', credential))
      expectOutputs(result, { kind: 'auth-token', credential, conflicts: [], bareCompatible: true })
    })
  })

  test.concurrent('with ANTHROPIC_BASE_URL already in the job env → success, the URL left alone', async () => {
    const credential = gatewayToken('gateway/job-base-url')
    const scenario: Scenario = { inputs: { 'anthropic-auth-token': credential }, env: { ANTHROPIC_BASE_URL: 'https://gw.internal.example' } }
    await inScenario(scenario, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      expect(result.exitCode).toBe(0)
      expectTitles(result, {})
      expectExports(result, { ANTHROPIC_AUTH_TOKEN: credential })
      expect(laterStepEnv(run, scenario).ANTHROPIC_BASE_URL).toBe('https://gw.internal.example')
    })
  })

  test.concurrent('with no gateway URL at all → success with a warning (it would go to api.anthropic.com)', async () => {
    const credential = gatewayToken('gateway/no-url')
    await inScenario({ inputs: { 'anthropic-auth-token': credential } }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      expect(result.exitCode).toBe(0)
      expectTitles(result, { warning: ['Gateway token without a gateway URL'] })
      expectExports(result, { ANTHROPIC_AUTH_TOKEN: credential })
    })
  })
})
