import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// scripts/lint-workflows.mjs run as `npm run lint:workflows` runs it, on
// fixture files whose line and column numbers were counted by hand.

const SCRIPT = fileURLToPath(new URL('../../scripts/lint-workflows.mjs', import.meta.url))

const GOOD_MARKDOWN = `# Good

Text before the block.

\`\`\`yaml
name: ok
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - id: auth
        uses: claude-code-auth/claude-code-auth@v1
        with:
          anthropic-api-key: \${{ secrets.ANTHROPIC_API_KEY }}
      - run: echo "\${{ steps.auth.outputs.fingerprint }}"
\`\`\`

\`\`\`sh
this is: not yaml: at all
\`\`\`

\`\`\`\`markdown
\`\`\`yaml
not: [a workflow, only text inside a Markdown example
\`\`\`
\`\`\`\`
`

const GOOD_WORKFLOW = `name: ok
on: pull_request
permissions:
  contents: read
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo ok
`

const BAD_MARKDOWN = `# Bad

\`\`\`yaml
name: typo
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    step:
      - run: echo hi
\`\`\`

- A list item with a block indented by two spaces:

  \`\`\`yml
  on: push
  jobs:
    a:
      runs-on: ubuntu-latest
      steps:
        - run: echo \${{ github.evnt.name }}
  \`\`\`

~~~YAML title="a snippet is not a workflow"
- uses: claude-code-auth/claude-code-auth@v1
~~~

\`\`\`yaml
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: "unterminated
\`\`\`

\`\`\`sh
echo never closed
`

const BAD_WORKFLOW = `on: push
permissions:
  contents: rread
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ 1 + }}
`

let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lint-workflows-'))
  writeFileSync(join(dir, 'good.md'), GOOD_MARKDOWN)
  writeFileSync(join(dir, 'good.yml'), GOOD_WORKFLOW)
  writeFileSync(join(dir, 'bad.md'), BAD_MARKDOWN)
  writeFileSync(join(dir, 'bad.yml'), BAD_WORKFLOW)
  writeFileSync(join(dir, 'notes.txt'), 'on: push\n')
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

function lintWorkflows(...files: string[]) {
  const run = spawnSync(process.execPath, [SCRIPT, ...files], { cwd: dir, encoding: 'utf8' })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, lines: run.stdout.split('\n').filter(Boolean) }
}

describe('lint-workflows', () => {
  test('complete workflows pass, whether a file or a ```yaml block; other languages and examples nested in a longer fence are not linted', () => {
    const run = lintWorkflows('good.yml', 'good.md')
    expect(run.stderr).toBe('')
    expect(run.lines).toHaveLength(1)
    expect(run.lines[0]).toMatch(/^lint-workflows: 1 workflow file and 1 YAML block in 1 Markdown file, no findings \(\d+\.\d\d s\)$/)
    expect(run.status).toBe(0)
  })

  test('every finding is file:line:col in the Markdown file, block offset and list indentation added', () => {
    const run = lintWorkflows('bad.md')
    expect(run.lines.map((line) => line.split(': ')[0])).toEqual([
      'bad.md:7:3', // job "a" has no steps, because of the typo two lines down
      'bad.md:9:5', // `step:`
      'bad.md:21:25', // `github.evnt`, in a block indented by two spaces
      'bad.md:25:1', // a list of steps is not a workflow...
      'bad.md:25:1', // ...has no `on`...
      'bad.md:25:1', // ...and no `jobs`
      'bad.md:34:1', // the unterminated string runs to the end of the block
      'bad.md:37:1', // the fence that is never closed
    ])
    expect(run.lines[1]).toContain('unexpected key "step" for "job" section')
    expect(run.lines[2]).toContain('property "evnt" is not defined')
    expect(run.lines[3]).toContain('workflow is sequence node but mapping node is expected')
    expect(run.lines[6]).toMatch(/^bad\.md:34:1: not valid YAML: .+ \[yaml\]$/)
    expect(run.lines[7]).toContain('never closed')
    expect(run.stderr).toMatch(/^lint-workflows: 8 findings in 4 YAML blocks in 1 Markdown file \(\d+\.\d\d s\)\n$/)
    expect(run.status).toBe(1)
  })

  test('a workflow file with a bad permission value and a broken expression fails with both', () => {
    const run = lintWorkflows('bad.yml', 'good.md')
    expect(run.lines.map((line) => line.split(': ')[0])).toEqual(['bad.yml:3:13', 'bad.yml:8:25'])
    expect(run.lines[0]).toContain('"rread" is invalid for permission of scope "contents"')
    expect(run.lines[1]).toContain('[expression]')
    expect(run.stderr).toMatch(/^lint-workflows: 2 findings in 1 workflow file and 1 YAML block in 1 Markdown file/)
    expect(run.status).toBe(1)
  })

  test('a missing file or one of another kind is a usage error, not a finding', () => {
    const missing = lintWorkflows('nope.md')
    expect(missing.status).toBe(2)
    expect(missing.stderr).toContain('nope.md does not exist.')
    const other = lintWorkflows('notes.txt', 'good.md')
    expect(other.status).toBe(2)
    expect(other.stderr).toContain('notes.txt is neither a workflow (.yml, .yaml) nor Markdown (.md).')
  })
})
