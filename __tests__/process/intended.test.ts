// Issue case 1: each intended credential alone is exported as its variable, and nothing else.
// Also proves which Node the spawned action really ran on.

import { describe, expect, test } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { runAction } from '../harness/runner.js'
import {
  credentialFor,
  expectCleanRun,
  expectExports,
  expectOutputs,
  expectTitles,
  fingerprintOf,
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
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      expect(result.exitCode).toBe(0)
      expectTitles(result, {})
      expectExports(result, intendedExports(kind, credential))
      expectOutputs(result, { kind, credential, conflicts: [], bareCompatible })
      expect(result.summary).toContain(fingerprintOf(credential))
      expect(inPlay(laterStepEnv(run, scenario))).toEqual({ [VARIABLE[kind]]: credential })
    })
  })
})
