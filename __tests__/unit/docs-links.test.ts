import { describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

// Every link of the Markdown files in the repository (README.md, CONTRIBUTING.md, CHANGELOG.md,
// docs/, and every other tracked .md) that points inside it must work on GitHub: a relative
// file or folder exists, and a `#anchor` (alone, or after a Markdown file) is the slug of a
// heading of that file, by GitHub's rules (github-slugger: lower case, punctuation dropped,
// spaces to hyphens, `-1`, `-2` for repeats), or an explicit <a id>/<a name>. Links to other
// sites are not followed (no network here). Code blocks and code spans are not links.

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Tracked Markdown files, outside node_modules; the working tree's version of each. */
function markdownFiles(): string[] {
  const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '*.md'], { cwd: ROOT, encoding: 'utf8' })
  return tracked
    .split('\0')
    .filter((file) => file !== '' && !file.split('/').includes('node_modules') && existsSync(join(ROOT, file)))
    .sort()
}

/** Lines outside fenced code blocks (CommonMark fences: ``` or ~~~, closed by at least as many), numbered from 1. */
function proseLines(markdown: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = []
  let fence: { char: string; length: number } | undefined
  markdown.split(/\r?\n/).forEach((text, index) => {
    const marker = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(text)
    if (fence) {
      if (marker && marker[1]![0] === fence.char && marker[1]!.length >= fence.length && marker[2]!.trim() === '') fence = undefined
      return
    }
    if (marker && !(marker[1]![0] === '`' && marker[2]!.includes('`'))) {
      fence = { char: marker[1]![0]!, length: marker[1]!.length }
      return
    }
    out.push({ line: index + 1, text })
  })
  return out
}

/** A line without its code spans (`x`, ``x``), which hold no links. */
const withoutCode = (text: string) => text.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '')

/** GitHub's heading anchor for a heading's text (github-slugger on the rendered text). */
function slug(heading: string): string {
  const rendered = heading
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`/g, '')
    .replace(/(\*{1,3})(\S(?:.*?\S)?)\1/g, '$2')
  return rendered
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-')
}

/** Every anchor of a Markdown file: its headings' slugs (repeats numbered) and explicit ids. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  for (const { text } of proseLines(markdown)) {
    const heading = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(text)
    if (heading) {
      const base = slug(heading[1]!)
      const count = seen.get(base) ?? 0
      seen.set(base, count + 1)
      anchors.add(count === 0 ? base : `${base}-${count}`)
    }
    for (const match of text.matchAll(/<a\s+(?:[^>]*\s)?(?:id|name)="([^"]+)"/g)) anchors.add(match[1]!)
  }
  return anchors
}

interface Link {
  file: string
  line: number
  target: string
}

function linksOf(file: string, markdown: string): Link[] {
  const links: Link[] = []
  for (const { line, text } of proseLines(markdown)) {
    const prose = withoutCode(text)
    for (const match of prose.matchAll(/!?\[(?:[^\]]|\][^(])*?\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ file, line, target: match[1]! })
    const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+".*")?\s*$/.exec(prose)
    if (definition) links.push({ file, line, target: definition[1]! })
    for (const match of prose.matchAll(/<a\s+(?:[^>]*\s)?href="([^"]+)"/g)) links.push({ file, line, target: match[1]! })
  }
  return links
}

/** Why a link does not work, or undefined when it does. */
function brokenBecause(link: Link, read: (file: string) => string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link.target)) return undefined
  const [path, anchor] = link.target.split('#', 2) as [string, string | undefined]
  const target = path === '' ? join(ROOT, link.file) : resolve(dirname(join(ROOT, link.file)), decodeURIComponent(path))
  const inside = relative(ROOT, target)
  if (inside.startsWith('..')) return 'points outside the repository'
  if (!existsSync(target)) return `${inside} does not exist`
  if (anchor === undefined || anchor === '') return undefined
  if (statSync(target).isDirectory() || !target.endsWith('.md')) return `#${anchor} on a file that has no headings (${inside})`
  if (!anchorsOf(read(inside)).has(decodeURIComponent(anchor))) return `${inside} has no heading whose anchor is #${anchor}`
  return undefined
}

describe("GitHub's heading anchors", () => {
  test.each([
    ['Quick start', 'quick-start'],
    ['A Claude subscription (Pro, Max, Team, Enterprise)', 'a-claude-subscription-pro-max-team-enterprise'],
    ['`claude --bare`', 'claude---bare'],
    ['With `anthropics/claude-code-action`', 'with-anthropicsclaude-code-action'],
    ['An old key set for the whole workflow: `on-conflict: unset`', 'an-old-key-set-for-the-whole-workflow-on-conflict-unset'],
    ['Keyless: an existing `/login` on a self-hosted runner', 'keyless-an-existing-login-on-a-self-hosted-runner'],
    ['`later-step/other-credential`', 'later-stepother-credential'],
    ['[1.1.0] - 2026-12-04', '110---2026-12-04'],
    ['**Bold** and [a link](x.md)', 'bold-and-a-link'],
    ['snake_case stays', 'snake_case-stays'],
  ])('%s → #%s', (heading, anchor) => {
    expect(slug(heading)).toBe(anchor)
  })

  test('a repeated heading gets -1, -2', () => {
    expect([...anchorsOf('# Usage\n## Usage\n### Usage\n```\n# not a heading\n```\n')]).toEqual(['usage', 'usage-1', 'usage-2'])
  })
})

describe('links in the Markdown files', () => {
  const files = markdownFiles()
  const cache = new Map<string, string>()
  const read = (file: string) => {
    if (!cache.has(file)) cache.set(file, readFileSync(join(ROOT, file), 'utf8'))
    return cache.get(file)!
  }

  test('the user documentation is among the files checked', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'docs/workflows.md', 'docs/doctor.md']))
  })

  test('the README links to a workflow for each setup, and the checker sees those links', () => {
    const toGallery = linksOf('README.md', read('README.md')).filter((link) => link.target.startsWith('docs/workflows.md#'))
    expect(toGallery.length).toBeGreaterThanOrEqual(15)
  })

  test('every relative link and anchor works', () => {
    const broken = files.flatMap((file) =>
      linksOf(file, read(file)).flatMap((link) => {
        const why = brokenBecause(link, read)
        return why ? [`${link.file}:${link.line}: (${link.target}) ${why}`] : []
      }),
    )
    expect(broken).toEqual([])
  })

  test('links are found in every kind of place: README, CONTRIBUTING, CHANGELOG and docs/', () => {
    const relativeLinks = (file: string) => linksOf(file, read(file)).filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link.target)).length
    expect(['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'docs/workflows.md'].filter((file) => relativeLinks(file) === 0)).toEqual([])
  })

  test('a broken file link and a broken anchor are caught', () => {
    const link = (target: string): Link => ({ file: 'README.md', line: 1, target })
    expect(brokenBecause(link('docs/workflows.md#a-console-api-key'), read)).toBeUndefined()
    expect(brokenBecause(link('docs/workflow.md'), read)).toBe('docs/workflow.md does not exist')
    expect(brokenBecause(link('docs/workflows.md#a-console-key'), read)).toBe('docs/workflows.md has no heading whose anchor is #a-console-key')
    expect(brokenBecause(link('#no-such-section'), read)).toBe('README.md has no heading whose anchor is #no-such-section')
    expect(brokenBecause(link('../outside.md'), read)).toBe('points outside the repository')
  })
})
