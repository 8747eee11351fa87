#!/usr/bin/env node
// The checks a release tag must pass before anything is published: the npm
// package, the tarball on the GitHub release and the major tag `vX` all wait
// for it (.github/workflows/release.yml runs it; __tests__/unit/release-check.test.ts
// runs it as a dry run on fixture folders).
//
// Usage: node scripts/release-check.mjs <tag> [--skip-build] [--root <folder>]
//
//   1. the tag is vX.Y.Z (no prefix, suffix or leading zero): the major tag to move is vX;
//   2. package.json's "version" is X.Y.Z (what npm would publish);
//   3. CHANGELOG.md has a dated entry for it, `## [X.Y.Z] - YYYY-MM-DD`, with at
//      least one line before the next `## ` heading (users read it to decide whether to upgrade);
//   4. dist/ is a fresh build of src/: `node scripts/package.mjs` changes nothing git tracks
//      under dist/ (--skip-build leaves this one out, and says so).
//
// Every refused check is reported, each with its cause and its fix; exit 1. On
// GitHub Actions each is an ::error annotation, and `major` and `version` go to
// GITHUB_OUTPUT when every check passes. Exit 2 is a usage error.

import { spawnSync } from 'node:child_process'
import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const USAGE = 'Usage: node scripts/release-check.mjs <tag> [--skip-build] [--root <folder>]'
const TAG_SHAPE = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/
/** The fix of every refusal: the release and its tag are already out, so they go, and come back from a fixed commit. */
const redo = (fix) => `Delete this release and its tag, ${fix}, commit, and publish the release again from that commit.`

function parseArgs(argv) {
  const options = { tag: undefined, skipBuild: false, root: resolve(dirname(fileURLToPath(import.meta.url)), '..') }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') {
      if (options.tag !== undefined || argv.length !== i + 2) return { error: 'give one tag' }
      options.tag = argv[++i]
    } else if (arg === '--skip-build') options.skipBuild = true
    else if (arg === '--root') {
      if (argv[i + 1] === undefined) return { error: '--root needs a folder' }
      options.root = resolve(argv[++i])
    } else if (arg.startsWith('--')) return { error: `unknown option ${arg}` }
    else if (options.tag === undefined) options.tag = arg
    else return { error: 'give one tag' }
  }
  if (options.tag === undefined) return { error: 'give the release tag, such as v1.2.3' }
  return { options }
}

/** The lines of CHANGELOG.md's entry for `version`, or why there is none. */
export function changelogEntry(text, version) {
  const lines = text.split(/\r?\n/)
  const escaped = version.replace(/\./g, '\\.')
  const heading = lines.findIndex((line) => new RegExp(`^## \\[${escaped}\\]`).test(line))
  if (heading < 0) return { problem: 'missing' }
  if (!new RegExp(`^## \\[${escaped}\\] - \\d{4}-\\d{2}-\\d{2}\\s*$`).test(lines[heading])) return { problem: 'undated', line: heading + 1, heading: lines[heading] }
  const end = lines.findIndex((line, i) => i > heading && /^## /.test(line))
  const body = lines.slice(heading + 1, end < 0 ? undefined : end).filter((line) => line.trim() !== '' && !/^### /.test(line) && !/^\[[^\]]+\]: /.test(line))
  if (body.length === 0) return { problem: 'empty', line: heading + 1 }
  return { line: heading + 1, body }
}

function checks(options) {
  const { tag, root, skipBuild } = options
  const refused = []
  const passed = []
  const shape = TAG_SHAPE.exec(tag)
  if (!shape) {
    refused.push({
      title: 'Release tag is not vX.Y.Z',
      message: `The release tag '${tag}' is not of the form vX.Y.Z (such as v1.2.3, no leading zeros, no suffix), so there is no version to publish and no major tag to move. Delete this release and its tag, then publish the release again with a tag such as v1.2.3.`,
    })
    return { refused, passed }
  }
  const version = tag.slice(1)
  const major = `v${shape[1]}`
  passed.push(`tag ${tag} is vX.Y.Z (major tag ${major})`)

  const manifestPath = join(root, 'package.json')
  let declared
  try {
    declared = JSON.parse(readFileSync(manifestPath, 'utf8')).version
  } catch (error) {
    refused.push({ file: 'package.json', title: 'package.json unreadable', message: `package.json cannot be read as JSON (${error.message}), so the version cannot be checked. ${redo('make package.json valid JSON')}` })
  }
  if (declared !== undefined && declared !== version) {
    refused.push({
      file: 'package.json',
      title: 'Version differs from the release tag',
      message: `package.json says version ${declared}, but the release tag is ${tag}. ${redo(`set "version" to "${version}" in package.json, run npm run package`)}`,
    })
  } else if (declared === version) passed.push(`package.json version is ${version}`)

  const changelogPath = join(root, 'CHANGELOG.md')
  const changelog = existsSync(changelogPath) ? readFileSync(changelogPath, 'utf8') : undefined
  const entry = changelog === undefined ? { problem: 'no-file' } : changelogEntry(changelog, version)
  const today = new Date().toISOString().slice(0, 10)
  const wanted = `## [${version}] - ${today}`
  if (entry.problem === 'no-file') {
    refused.push({ title: 'No CHANGELOG.md', message: `There is no CHANGELOG.md, so users cannot read what ${tag} changes. ${redo(`add CHANGELOG.md with a "${wanted}" entry`)}` })
  } else if (entry.problem === 'missing') {
    refused.push({
      file: 'CHANGELOG.md',
      title: 'No CHANGELOG entry for this version',
      message: `CHANGELOG.md has no entry for ${version} (a "## [${version}] - YYYY-MM-DD" heading), so users of ${major} cannot read what ${tag} changes. ${redo(`move what is under "## [Unreleased]" in CHANGELOG.md under a new "${wanted}" heading`)}`,
    })
  } else if (entry.problem === 'undated') {
    refused.push({
      file: 'CHANGELOG.md',
      line: entry.line,
      title: 'CHANGELOG entry has no date',
      message: `CHANGELOG.md line ${entry.line} reads "${entry.heading.trim()}", without the release date, so it reads as not released. ${redo(`write it as "${wanted}"`)}`,
    })
  } else if (entry.problem === 'empty') {
    refused.push({
      file: 'CHANGELOG.md',
      line: entry.line,
      title: 'CHANGELOG entry is empty',
      message: `The CHANGELOG.md entry for ${version} (line ${entry.line}) lists no change, so users cannot read what ${tag} changes. ${redo('write under it what changed for users')}`,
    })
  } else passed.push(`CHANGELOG.md has the entry for ${version} (line ${entry.line})`)

  if (skipBuild) passed.push('dist/ not checked (--skip-build)')
  else {
    const build = spawnSync(process.execPath, [join(root, 'scripts', 'package.mjs')], { cwd: root, encoding: 'utf8' })
    const status = build.status === 0 ? spawnSync('git', ['status', '--porcelain', '--', 'dist'], { cwd: root, encoding: 'utf8' }) : undefined
    if (build.status !== 0) {
      refused.push({ title: 'dist/ does not build', message: `node scripts/package.mjs failed (exit ${build.status}): ${(build.stderr || build.stdout).trim().split('\n').slice(-3).join(' ')}. ${redo('make npm run package succeed')}` })
    } else if (status.status !== 0) {
      refused.push({ title: 'dist/ not compared', message: `git status failed (${status.stderr.trim()}), so dist/ could not be compared with a fresh build. Run this check in a git checkout of the tag.` })
    } else if (status.stdout.trim() !== '') {
      const files = status.stdout.split('\n').filter((line) => line.trim() !== '').map((line) => line.slice(3))
      refused.push({
        title: 'dist is stale',
        message: `dist/ at ${tag} differs from a fresh build of src/ (${files.join(', ')}), so users of the tag would run code the source does not show. ${redo('run npm run package')}`,
      })
    } else passed.push('dist/ is a fresh build of src/')
  }
  return { refused, passed, version, major }
}

/** A workflow command's property or message, escaped as @actions/core escapes them. */
const escapeData = (text) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (text) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')

function main() {
  const parsed = parseArgs(process.argv.slice(2))
  if (parsed.error) {
    console.error(`release-check: ${parsed.error}.\n${USAGE}`)
    return 2
  }
  const { options } = parsed
  const onActions = process.env.GITHUB_ACTIONS === 'true'
  const { refused, passed, version, major } = checks(options)
  for (const line of passed) console.log(`ok: ${line}`)
  for (const { file, line, title, message } of refused) {
    if (onActions) {
      const properties = [file && `file=${escapeProperty(file)}`, line && `line=${line}`, `title=${escapeProperty(title)}`].filter(Boolean).join(',')
      console.log(`::error ${properties}::${escapeData(message)}`)
    } else console.error(`refused: ${title}. ${message}`)
  }
  if (refused.length > 0) {
    console.error(`release-check: ${options.tag} refused (${refused.length} of the checks failed); nothing is published.`)
    return 1
  }
  if (onActions && process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `major=${major}\nversion=${version}\n`)
  console.log(`release-check: ${options.tag} may be released (${version}, major tag ${major}).`)
  return 0
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main()
