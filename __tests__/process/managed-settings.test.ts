// Managed settings (/etc/claude-code/managed-settings.json on Linux) rank above every other
// settings layer, for `env` and apiKeyHelper alike (facts §3). The build under test reads
// them from a file of this test file's own (see snapshotDist in fixtures.ts), so these tests
// can plant them, and no other test ever sees the machine's real one.

import { afterEach, describe, expect, test } from '@jest/globals'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'

import {
  conflictTitle,
  expectAcceptedAlone,
  expectCleanRun,
  expectExports,
  expectOutputs,
  expectTitles,
  apiKey,
  inScenario,
  inputsFor,
  managedSettingsPath,
  oauthToken,
  summaryRows,
} from './fixtures.js'

async function plantManaged(content: unknown): Promise<string> {
  const path = managedSettingsPath()
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, JSON.stringify(content, null, 2))
  return path
}

afterEach(async () => rm(managedSettingsPath(), { force: true }))

// One at a time: the managed file is shared by every run of this test file.
describe('managed settings', () => {
  test('an API key in managed settings is sent instead of the OAuth token, fails in unset mode too, and is named by its path', async () => {
    const credential = oauthToken('managed/key')
    const key = apiKey('managed/key/planted')
    const path = await plantManaged({ env: { ANTHROPIC_API_KEY: key } })
    await inScenario({ inputs: inputsFor('oauth-token', credential, { 'on-conflict': 'unset' }) }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential, key], maskedFirst: [credential, key] })
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: [conflictTitle('ANTHROPIC_API_KEY', 'instead', 'oauth-token')] })
      expect(result.annotations[0]?.message).toContain(`the \`env\` block of the managed settings ${path}`)
      expectExports(result, {})
      expectOutputs(result, { kind: 'oauth-token', credential, conflicts: [{ name: 'ANTHROPIC_API_KEY', origin: path, resolution: 'failed' }], bareCompatible: false })
      expect(summaryRows(result.summary).map((r) => `${r.name} ${r.status}`)).toEqual(['ANTHROPIC_API_KEY ❌ conflict (would be sent instead)', 'CLAUDE_CODE_OAUTH_TOKEN not sent (ANTHROPIC_API_KEY comes first)'])
    })
  })

  test('a managed apiKeyHelper beats a project one and is the one named', async () => {
    const credential = apiKey('managed/helper')
    const path = await plantManaged({ apiKeyHelper: '/opt/org/print-key' })
    await inScenario({ inputs: inputsFor('api-key', credential), files: { project: { apiKeyHelper: '/usr/local/bin/project-key' } } }, (run) => {
      const { result } = run
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: [conflictTitle('apiKeyHelper', 'as-well', 'api-key')] })
      expect(result.annotations[0]?.message).toContain(path)
      expect(summaryRows(result.summary).filter((r) => r.name === 'apiKeyHelper').map((r) => `${r.where}: ${r.status}`)).toEqual([
        `.claude/settings.json line 2: not sent (the apiKeyHelper in ${path} comes first)`,
        `${path}: ❌ conflict (would be sent as well)`,
      ])
    })
  })

  test('without a managed file the same run passes: nothing from the machine leaks in', async () => {
    const credential = oauthToken('managed/none')
    await inScenario({ inputs: inputsFor('oauth-token', credential) }, (run) => expectAcceptedAlone(run, 'oauth-token', credential, false))
  })
})
