// The runner's command files can be unusable (a self-hosted runner with a full or read-only
// disk, a misconfigured container). Whatever the action does then, it must not crash with a
// stack trace, leak the credential, or leave the credential exported for later steps while
// reporting the step as failed ("nothing exported on failure").

import { describe, expect, test } from '@jest/globals'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { expectCleanRun, expectExports, inScenario, inputsFor, oauthToken, type ScenarioRun } from './fixtures.js'

/** A path that exists but cannot be appended to: a directory. */
async function withDirectory<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'claude-auth-unwritable-'))
  try {
    return await fn(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function expectFailedMeansNothingExported(run: ScenarioRun, credential: string): void {
  const { result } = run
  if (result.exitCode === 0) expectExports(result, { CLAUDE_CODE_OAUTH_TOKEN: credential })
  else {
    expect(result.annotations.filter((a) => a.level === 'error')).toHaveLength(1)
    expectExports(result, {})
  }
}

describe('unusable runner files', () => {
  test.concurrent('GITHUB_ENV cannot be written → one ::error, nothing exported, no stack trace', async () => {
    const credential = oauthToken('runner-files/env')
    await withDirectory(async (dir) => {
      await inScenario({ inputs: inputsFor('oauth-token', credential), env: { GITHUB_ENV: dir } }, (run) => {
        expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
        expect(run.result.exitCode).toBe(1)
        expect(run.result.annotations.filter((a) => a.level === 'error')).toHaveLength(1)
        expectExports(run.result, {})
      })
    })
  })

  // The summary is a report: failing to write it is a warning, and the run goes on.
  test.concurrent('GITHUB_STEP_SUMMARY cannot be written → a warning, and the credential is exported', async () => {
    const credential = oauthToken('runner-files/summary')
    await withDirectory(async (dir) => {
      await inScenario({ inputs: inputsFor('oauth-token', credential), env: { GITHUB_STEP_SUMMARY: dir } }, (run) => {
        expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
        expect(run.result.exitCode).toBe(0)
        expect(run.result.annotations.map((a) => `${a.level}: ${a.title}`)).toEqual(['warning: Job summary not written'])
        expectExports(run.result, { CLAUDE_CODE_OAUTH_TOKEN: credential })
      })
    })
  })

  test.concurrent('GITHUB_OUTPUT cannot be written → the step fails with nothing exported', async () => {
    const credential = oauthToken('runner-files/output')
    await withDirectory(async (dir) => {
      await inScenario({ inputs: inputsFor('oauth-token', credential), env: { GITHUB_OUTPUT: dir } }, (run) => {
        expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
        expect(run.result.exitCode).toBe(1)
        expectFailedMeansNothingExported(run, credential)
      })
    })
  })
})
