// `working-directory` picks the project whose `.claude/` settings later steps' `claude` reads:
// that folder's files are checked, the workspace root's are not, and a missing folder is a
// clear error rather than a silent "no settings found".

import { describe, expect, test } from '@jest/globals'
import { join } from 'node:path'

import {
  apiKey,
  conflictTitle,
  expectCleanRun,
  expectExports,
  expectOutputs,
  expectTitles,
  inputsFor,
  inScenario,
  oauthToken,
} from './fixtures.js'

describe('working-directory', () => {
  test.concurrent('a conflict in <working-directory>/.claude/settings.json is found and named', async () => {
    const credential = oauthToken('working-directory/sub-conflict')
    const key = apiKey('working-directory/sub-conflict/planted')
    await inScenario(
      {
        inputs: inputsFor('oauth-token', credential, { 'working-directory': 'packages/app' }),
        workspaceFiles: { 'packages/app/.claude/settings.json': JSON.stringify({ env: { ANTHROPIC_API_KEY: key } }) },
      },
      (run) => {
        const { result } = run
        const path = join(run.dirs.workspace, 'packages', 'app', '.claude', 'settings.json')
        expectCleanRun(run, { secrets: [credential, key], maskedFirst: [credential, key] })
        expect(result.exitCode).toBe(1)
        expectTitles(result, { error: [conflictTitle('ANTHROPIC_API_KEY', 'instead', 'oauth-token')] })
        // Named as the user knows it: relative to the repository.
        expect(result.annotations[0]?.message).toContain('packages/app/.claude/settings.json')
        expect(result.annotations[0]?.file).toBe('packages/app/.claude/settings.json')
        expectExports(result, {})
        expectOutputs(result, {
          kind: 'oauth-token',
          credential,
          conflicts: [{ name: 'ANTHROPIC_API_KEY', origin: path, resolution: 'failed' }],
          bareCompatible: false,
        })
      },
    )
  })

  test.concurrent("the workspace root's settings are not the project's when working-directory points elsewhere", async () => {
    const credential = oauthToken('working-directory/root-ignored')
    const key = apiKey('working-directory/root-ignored/planted')
    await inScenario(
      {
        inputs: inputsFor('oauth-token', credential, { 'working-directory': 'packages/app' }),
        files: { project: { env: { ANTHROPIC_API_KEY: key } } },
        workspaceFiles: { 'packages/app/README.md': 'app\n' },
      },
      (run) => {
        const { result } = run
        expectCleanRun(run, { secrets: [credential, key], maskedFirst: [credential] })
        expect(result.exitCode).toBe(0)
        expectTitles(result, {})
        expectExports(result, { CLAUDE_CODE_OAUTH_TOKEN: credential })
        expectOutputs(result, { kind: 'oauth-token', credential, conflicts: [], bareCompatible: false })
        expect([...result.log, result.summary].join('\n')).not.toContain(run.path('project'))
      },
    )
  })

  test.concurrent('a working directory that does not exist → one ::error, nothing exported', async () => {
    const credential = oauthToken('working-directory/missing')
    await inScenario({ inputs: inputsFor('oauth-token', credential, { 'working-directory': 'no/such/folder' }) }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: ['Working directory not found'] })
      expect(result.annotations[0]?.message).toContain('working-directory')
      expectExports(result, {})
    })
  })
})
