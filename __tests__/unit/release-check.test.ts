import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { load } from 'js-yaml'

// scripts/release-check.mjs as the release workflow runs it, as a dry run: on fixture folders
// (package.json, CHANGELOG.md and, for the dist/ check, a git repository with a fake build), and
// on this repository with --skip-build. Expected messages are written here by hand.

const SCRIPT = fileURLToPath(new URL('../../scripts/release-check.mjs', import.meta.url))
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const TODAY = new Date().toISOString().slice(0, 10)

const CHANGELOG_WITH_1_2_0 = `# Changelog

## [Unreleased]

## [1.2.0] - 2026-12-20

### Fixed

- The summary names the right file.

## [1.1.0] - 2026-12-04

- Earlier things.

[1.2.0]: https://github.com/claude-code-auth/claude-code-auth/compare/v1.1.0...v1.2.0
`

const CHANGELOG_UNRELEASED_ONLY = `# Changelog

## [Unreleased]

### Fixed

- The summary names the right file.

## [1.1.0] - 2026-12-04

- Earlier things.
`

interface Run {
  status: number | null
  stdout: string
  stderr: string
  output: string
}

function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'release-check-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

function check(args: string[], env: Record<string, string> = {}): Run {
  const outputFile = join(mkdtempSync(join(tmpdir(), 'release-check-output-')), 'output')
  writeFileSync(outputFile, '')
  const result = spawnSync(process.execPath, [SCRIPT, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir(), GITHUB_OUTPUT: outputFile, ...env },
  })
  const output = readFileSync(outputFile, 'utf8')
  rmSync(join(outputFile, '..'), { recursive: true, force: true })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, output }
}

const packageJson = (version: string) => `${JSON.stringify({ name: 'claude-code-auth', version }, null, 2)}\n`

describe('release-check, dry run (--skip-build)', () => {
  test('a tag whose version has its dated CHANGELOG entry passes, and says what it checked', () => {
    const dir = fixture({ 'package.json': packageJson('1.2.0'), 'CHANGELOG.md': CHANGELOG_WITH_1_2_0 })
    try {
      const run = check(['v1.2.0', '--skip-build', '--root', dir])
      expect(run).toEqual({
        status: 0,
        stdout: [
          'ok: tag v1.2.0 is vX.Y.Z (major tag v1)',
          'ok: package.json version is 1.2.0',
          'ok: CHANGELOG.md has the entry for 1.2.0 (line 5)',
          'ok: dist/ not checked (--skip-build)',
          'release-check: v1.2.0 may be released (1.2.0, major tag v1).',
          '',
        ].join('\n'),
        stderr: '',
        // Outside GitHub Actions nothing goes to GITHUB_OUTPUT.
        output: '',
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('a tag whose version has no CHANGELOG entry is refused, with where to move the Unreleased notes', () => {
    const dir = fixture({ 'package.json': packageJson('1.2.0'), 'CHANGELOG.md': CHANGELOG_UNRELEASED_ONLY })
    try {
      const run = check(['v1.2.0', '--skip-build', '--root', dir])
      expect(run.status).toBe(1)
      expect(run.stderr).toBe(
        [
          `refused: No CHANGELOG entry for this version. CHANGELOG.md has no entry for 1.2.0 (a "## [1.2.0] - YYYY-MM-DD" heading), so users of v1 cannot read what v1.2.0 changes. Delete this release and its tag, move what is under "## [Unreleased]" in CHANGELOG.md under a new "## [1.2.0] - ${TODAY}" heading, commit, and publish the release again from that commit.`,
          'release-check: v1.2.0 refused (1 of the checks failed); nothing is published.',
          '',
        ].join('\n'),
      )
      expect(run.stdout).not.toContain('may be released')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('on GitHub Actions a refusal is an ::error annotation on CHANGELOG.md, and nothing goes to GITHUB_OUTPUT', () => {
    const dir = fixture({ 'package.json': packageJson('1.2.0'), 'CHANGELOG.md': CHANGELOG_UNRELEASED_ONLY })
    try {
      const run = check(['v1.2.0', '--skip-build', '--root', dir], { GITHUB_ACTIONS: 'true' })
      expect(run.status).toBe(1)
      expect(run.stdout.split('\n').filter((line) => line.startsWith('::'))).toEqual([
        `::error file=CHANGELOG.md,title=No CHANGELOG entry for this version::CHANGELOG.md has no entry for 1.2.0 (a "## [1.2.0] - YYYY-MM-DD" heading), so users of v1 cannot read what v1.2.0 changes. Delete this release and its tag, move what is under "## [Unreleased]" in CHANGELOG.md under a new "## [1.2.0] - ${TODAY}" heading, commit, and publish the release again from that commit.`,
      ])
      expect(run.output).toBe('')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('on GitHub Actions a pass writes the major tag and the version to GITHUB_OUTPUT', () => {
    const dir = fixture({ 'package.json': packageJson('1.2.0'), 'CHANGELOG.md': CHANGELOG_WITH_1_2_0 })
    try {
      const run = check(['v1.2.0', '--skip-build', '--root', dir], { GITHUB_ACTIONS: 'true' })
      expect([run.status, run.output]).toEqual([0, 'major=v1\nversion=1.2.0\n'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test.each([
    ['an undated heading', '## [1.2.0]\n\n- A change.\n', 'refused: CHANGELOG entry has no date. CHANGELOG.md line 3 reads "## [1.2.0]", without the release date, so it reads as not released.'],
    ['an empty entry', '## [1.2.0] - 2026-12-20\n\n### Fixed\n\n## [1.1.0] - 2026-12-04\n\n- Earlier.\n', 'refused: CHANGELOG entry is empty. The CHANGELOG.md entry for 1.2.0 (line 3) lists no change,'],
    ['only a later version', '## [1.2.1] - 2026-12-21\n\n- A change.\n', 'refused: No CHANGELOG entry for this version. CHANGELOG.md has no entry for 1.2.0'],
  ])('%s is refused', (_, entries, message) => {
    const dir = fixture({ 'package.json': packageJson('1.2.0'), 'CHANGELOG.md': `# Changelog\n\n${entries}` })
    try {
      const run = check(['v1.2.0', '--skip-build', '--root', dir])
      expect(run.status).toBe(1)
      expect(run.stderr.split('\n')[0]).toContain(message)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('a package.json version other than the tag is refused, with the CHANGELOG checked all the same', () => {
    const dir = fixture({ 'package.json': packageJson('1.1.0'), 'CHANGELOG.md': CHANGELOG_WITH_1_2_0 })
    try {
      const run = check(['v1.2.0', '--skip-build', '--root', dir])
      expect(run.status).toBe(1)
      expect(run.stdout).toContain('ok: CHANGELOG.md has the entry for 1.2.0')
      expect(run.stderr.split('\n')[0]).toBe(
        'refused: Version differs from the release tag. package.json says version 1.1.0, but the release tag is v1.2.0. Delete this release and its tag, set "version" to "1.2.0" in package.json, run npm run package, commit, and publish the release again from that commit.',
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test.each(['1.2.0', 'v1.2', 'v01.2.0', 'v1.2.0-rc.1', 'release-1.2.0'])('the tag %s is refused before anything else', (tag) => {
    const dir = fixture({ 'package.json': packageJson('1.2.0'), 'CHANGELOG.md': CHANGELOG_WITH_1_2_0 })
    try {
      const run = check(['--skip-build', '--root', dir, '--', tag])
      expect([run.status, run.stdout]).toEqual([1, ''])
      expect(run.stderr.split('\n')[0]).toBe(
        `refused: Release tag is not vX.Y.Z. The release tag '${tag}' is not of the form vX.Y.Z (such as v1.2.3, no leading zeros, no suffix), so there is no version to publish and no major tag to move. Delete this release and its tag, then publish the release again with a tag such as v1.2.3.`,
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('no tag, or an unknown option, is a usage error (exit 2)', () => {
    expect(check([]).status).toBe(2)
    expect(check(['v1.2.0', '--frobnicate']).stderr).toBe('release-check: unknown option --frobnicate.\nUsage: node scripts/release-check.mjs <tag> [--skip-build] [--root <folder>]\n')
  })

  test("this repository: its own version's tag passes, the next one does not", () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
    expect(check([`v${version}`, '--skip-build']).status).toBe(0)
    const [major, minor] = version.split('.').map(Number)
    const next = check([`v${major}.${minor! + 1}.0`, '--skip-build'])
    expect(next.status).toBe(1)
    expect(next.stderr).toContain('refused: No CHANGELOG entry for this version.')
  })
})

describe('release-check, dist/ freshness', () => {
  /** A git repository whose scripts/package.mjs writes `built` into dist/index.js; dist/ committed as `committed`. */
  function repository(committed: string, built: string): string {
    const dir = fixture({
      'package.json': packageJson('1.2.0'),
      'CHANGELOG.md': CHANGELOG_WITH_1_2_0,
      'dist/index.js': committed,
      'scripts/package.mjs': `import { writeFileSync } from 'node:fs'\nwriteFileSync(new URL('../dist/index.js', import.meta.url), ${JSON.stringify(built)})\n`,
    })
    const git = (...args: string[]) => expect(spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_SYSTEM: '/dev/null' } }).status).toBe(0)
    git('init', '-q')
    git('add', '.')
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'release')
    return dir
  }

  test('dist/ as the build writes it passes', () => {
    const dir = repository('built();\n', 'built();\n')
    try {
      const run = check(['v1.2.0', '--root', dir])
      expect([run.status, run.stderr]).toEqual([0, ''])
      expect(run.stdout).toContain('ok: dist/ is a fresh build of src/')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('a dist/ the build changes is refused, naming the file', () => {
    const dir = repository('old();\n', 'built();\n')
    try {
      const run = check(['v1.2.0', '--root', dir])
      expect(run.status).toBe(1)
      expect(run.stderr.split('\n')[0]).toBe(
        'refused: dist is stale. dist/ at v1.2.0 differs from a fresh build of src/ (dist/index.js), so users of the tag would run code the source does not show. Delete this release and its tag, run npm run package, commit, and publish the release again from that commit.',
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the release workflow', () => {
  type Job = { needs?: string | string[]; if?: string; permissions?: Record<string, string>; steps: { run?: string; uses?: string; with?: Record<string, unknown> }[] }
  const workflow = load(readFileSync(join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8')) as { permissions: Record<string, string>; jobs: Record<string, Job> }
  const jobs = workflow.jobs
  const runs = (job: Job) => job.steps.map((step) => step.run ?? '').join('\n')
  const needs = (job: Job) => ([] as string[]).concat(job.needs ?? [])
  /** Every job `name` waits for, directly or not. */
  const upstream = (name: string): string[] => needs(jobs[name]!).flatMap((n) => [n, ...upstream(n)])

  test('one job runs the release checks and the tests, and every job that publishes or moves a tag waits for it', () => {
    const verifying = Object.keys(jobs).filter((name) => /node scripts\/release-check\.mjs "\$TAG"/.test(runs(jobs[name]!)))
    expect(verifying).toEqual(['verify'])
    expect(runs(jobs.verify!)).toMatch(/npm test/)
    const publishing = Object.keys(jobs).filter((name) => /npm publish|gh release upload|git push/.test(runs(jobs[name]!)))
    expect(publishing.sort()).toEqual(['attach-tarball', 'move-major-tag', 'publish-npm'])
    for (const name of publishing) expect({ name, waitsFor: upstream(name).includes('verify') }).toEqual({ name, waitsFor: true })
  })

  test('npm publish with provenance, public, from the one job that may ask for an OIDC token', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' })
    expect(runs(jobs['publish-npm']!)).toMatch(/npm publish "\.\/\$\{?FILE\}?" --provenance --access public/)
    expect(Object.keys(jobs).filter((name) => jobs[name]!.permissions?.['id-token'] === 'write')).toEqual(['publish-npm'])
  })
})
