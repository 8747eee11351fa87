// One version, from package.json (injected into dist/ at build time by scripts/package.mjs):
// the action's job summary says which release ran, on a pass and on a failure, and the
// `claude-code-auth` command of the same dist/ prints the same version (`--version`, and
// `tool.version` of the doctor's JSON). The expected version is read from package.json, the
// source of truth, never from dist/.

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { REPO_ROOT, snapshotDist } from './dist-snapshot.js'
import { apiKey, inScenario, NODE_BINARY, oauthToken } from './fixtures.js'

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version
const SUMMARY_LAST_LINE = `<sub>claude-code-auth ${PACKAGE_VERSION}</sub>`

const lastLine = (summary: string) => summary.trimEnd().split('\n').pop()

// The CLI runs from a copy of dist/ that reads its own (absent) managed settings, not the machine's,
// in an empty project folder with an empty HOME.
let snapshot = ''
let empty = ''
beforeAll(async () => {
  snapshot = await snapshotDist()
  empty = await mkdtemp(join(tmpdir(), 'claude-auth-version-'))
})
afterAll(async () => {
  for (const dir of [snapshot, empty]) if (dir) await rm(dir, { recursive: true, force: true })
})

describe('the version users see', () => {
  test('package.json has a release version (not the 0.0.0-dev of unbuilt sources)', () => {
    expect(PACKAGE_VERSION).toMatch(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/)
  })

  test("a passing run's job summary ends with the package version", async () => {
    await inScenario({ inputs: { 'anthropic-api-key': apiKey('version/pass') } }, ({ result }) => {
      expect(result.exitCode).toBe(0)
      expect(lastLine(result.summary)).toBe(SUMMARY_LAST_LINE)
    })
  })

  test("a failing run's job summary ends with it too", async () => {
    await inScenario({ inputs: { 'claude-code-oauth-token': oauthToken('version/fail') }, env: { ANTHROPIC_API_KEY: apiKey('version/stale') } }, ({ result }) => {
      expect(result.exitCode).toBe(1)
      expect(lastLine(result.summary)).toBe(SUMMARY_LAST_LINE)
    })
  })

  test('the command line of the same dist/ reports the same version: --version and the JSON tool.version', () => {
    const cli = join(snapshot, 'cli.js')
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: empty }
    const version = spawnSync(NODE_BINARY, [cli, '--version'], { encoding: 'utf8', env })
    expect([version.status, version.stdout, version.stderr]).toEqual([0, `${PACKAGE_VERSION}\n`, ''])
    const doctor = spawnSync(NODE_BINARY, [cli, 'doctor', '--json', '--project', empty], { encoding: 'utf8', env })
    expect((JSON.parse(doctor.stdout) as { tool: unknown }).tool).toEqual({ name: 'claude-code-auth', version: PACKAGE_VERSION })
  })
})
