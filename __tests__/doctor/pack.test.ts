// The published form: `npm pack` ships only dist/, action.yml, README, CHANGELOG and LICENSE, and
// `npx --yes ./<tarball> doctor --json` runs it offline in an empty folder, with a clean HOME,
// an empty npm cache and no node_modules, as a user's first `npx claude-code-auth doctor`.
//
// As every doctor test, the run must not read the machine's managed settings: the tarball is
// packed as npm packs it, then its bundles' managed-settings path is rewritten (the approach of
// ../process/dist-snapshot.ts) and it is packed again, everything else byte for byte.

import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { MACHINE_MANAGED_SETTINGS, REPO_ROOT, redirectManagedSettings } from '../process/dist-snapshot.js'
import type { DoctorJson } from './fixtures.js'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'claude-auth-pack-'))
})
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true })
})

/** npm with nothing of this machine: a fresh HOME and cache, offline. */
function npmEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    npm_config_cache: join(home, '.npm'),
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  }
}

function run(command: string, args: string[], cwd: string, env: Record<string, string>) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 60_000 })
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' }
}

test('npm pack ships only the built files, and npx runs the packed doctor offline in an empty folder', async () => {
  const home = join(root, 'home')
  await mkdir(home)
  const packed = run('npm', ['pack', '--json', '--pack-destination', root], REPO_ROOT, npmEnv(home))
  expect({ status: packed.status, stderr: packed.status === 0 ? '' : packed.stderr }).toEqual({ status: 0, stderr: '' })
  const [info] = JSON.parse(packed.stdout) as { filename: string; size: number; files: { path: string }[] }[]
  const shipped = info.files.map((f) => f.path).sort()
  // The whole list, written by hand (and in CONTRIBUTING.md, "What the npm package holds"): a file
  // that does not run (a test, a source map, a stray build output) or a missing chunk fails here.
  expect(shipped).toEqual([
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'action.yml',
    'dist/audit-action.js',
    'dist/audit-schema.js',
    'dist/audit.js',
    'dist/character-names.js',
    'dist/cli.js',
    'dist/decide-messages.js',
    'dist/diagnose-missing.js',
    'dist/federation.js',
    'dist/helper.js',
    'dist/index.js',
    'dist/input-messages.js',
    'dist/keyless-messages.js',
    'dist/live-check-bedrock.js',
    'dist/live-check-foundry.js',
    'dist/live-check-vertex.js',
    'dist/live-check.js',
    'dist/package.json',
    'dist/post.js',
    'dist/provider-inputs.js',
    'dist/provider-resolve.js',
    'dist/providers.js',
    'dist/workflow.js',
    'package.json',
  ])
  // CONTRIBUTING.md lists the same files, each as `path`, in its "What the npm package holds" section.
  const contributing = await readFile(join(REPO_ROOT, 'CONTRIBUTING.md'), 'utf8')
  const section = contributing.slice(contributing.indexOf('## What the npm package holds'), contributing.indexOf('## Releasing'))
  expect(shipped.filter((path) => !section.includes(`\`${path}\``))).toEqual([])

  // npx would install runtime dependencies from the registry: offline, and for a bundled CLI, there must be none.
  const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>
  expect(manifest.bin).toEqual({ 'claude-code-auth': 'dist/cli.js' })
  expect({ runtimeDependencies: Object.keys((manifest.dependencies as object | undefined) ?? {}), why: 'dist/ bundles them: they belong in devDependencies' }).toEqual({
    runtimeDependencies: [],
    why: 'dist/ bundles them: they belong in devDependencies',
  })
  // Publishable, and found from the registry page: where the code, the issues and the docs are.
  expect(manifest.private).toBeUndefined()
  expect([manifest.name, manifest.license]).toEqual(['claude-code-auth', 'MIT'])
  expect(manifest.repository).toEqual({ type: 'git', url: 'git+https://github.com/claude-code-auth/claude-code-auth.git' })
  expect(manifest.homepage).toBe('https://github.com/claude-code-auth/claude-code-auth#readme')
  expect(manifest.bugs).toEqual({ url: 'https://github.com/claude-code-auth/claude-code-auth/issues' })
  expect(manifest.keywords).toEqual(expect.arrayContaining(['claude-code', 'github-actions']))
  // The Node versions the tests run on: 20 (npm test) and 24 (test:node24, and the action's `runs.using`).
  expect(manifest.engines).toEqual({ node: '^20.0.0 || ^24.0.0' })

  // The same tarball, reading its own managed settings file instead of the machine's.
  const unpacked = join(root, 'unpacked')
  await mkdir(unpacked)
  expect(run('tar', ['-xzf', join(root, info.filename), '-C', unpacked], root, npmEnv(home)).status).toBe(0)
  const dist = join(unpacked, 'package', 'dist')
  await redirectManagedSettings(dist, await readdir(dist))
  const empty = join(root, 'empty')
  await mkdir(empty)
  expect(run('tar', ['-czf', join(empty, info.filename), '-C', unpacked, 'package'], root, npmEnv(home)).status).toBe(0)

  // `--prefix`: npx looks for a project folder upwards, and a stray package.json in /tmp would otherwise be taken for it.
  const clean = join(root, 'clean-home')
  await mkdir(clean)
  const doctor = run('npx', ['--prefix', empty, '--yes', `./${info.filename}`, 'doctor', '--json'], empty, npmEnv(clean))
  expect({ status: doctor.status, stderr: doctor.stderr.replace(/npm (warn|notice).*\n/g, '') }).toEqual({ status: 1, stderr: '' })
  const out = JSON.parse(doctor.stdout) as DoctorJson
  expect([out.version, out.tool.name, out.ok, out.exitCode]).toEqual([2, 'claude-code-auth', false, 1])
  expect([out.checked.project, out.checked.home, out.checked.managedSettings]).toEqual([empty, clean, join(dist, 'managed-settings.json')])
  expect(out.checked.managedSettings).not.toBe(MACHINE_MANAGED_SETTINGS)
  expect(out.problems.map((p) => p.title)).toEqual(['No credential found'])
  expect(await readdir(empty)).toEqual([info.filename])
}, 60_000)

test('npm publish --dry-run succeeds, offline with a clean HOME, and would publish the same 27 files', async () => {
  const home = join(root, 'publish-home')
  await mkdir(home)
  // An invalid manifest fails here; `private` does not (npm 11's dry run publishes a private package
  // all the same, measured), so the test above checks it.
  const published = run('npm', ['publish', '--dry-run', '--json'], REPO_ROOT, { ...npmEnv(home), npm_config_update_notifier: 'false' })
  expect({ status: published.status, stderr: published.status === 0 ? '' : published.stderr }).toEqual({ status: 0, stderr: '' })
  const info = JSON.parse(published.stdout) as Record<string, { name: string; version: string; files: { path: string }[] }>
  const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
  const entry = info['claude-code-auth']!
  expect([entry.name, entry.version, entry.files.length]).toEqual(['claude-code-auth', manifest.version, 27])
}, 60_000)
