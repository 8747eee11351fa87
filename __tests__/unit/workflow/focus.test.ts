import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { focusOnJob } from '../../../src/scan/workflow/focus.js'
import { readWorkflow } from '../../../src/scan/workflow/workflow.js'
import { entryOf, parseYaml, valueOf, type YamlNode } from '../../../src/scan/workflow/yaml-tree.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

const THREE_JOBS = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
  # the review job
  review:
    env:
      A: one
    steps:
      - uses: claude-code-auth/claude-code-auth@v1
      - run: claude -p hi

  docs:
    steps:
      - run: |
          mkdocs build
env:
  TOP: yes
`

describe('focusOnJob: only the running job is left under jobs:', () => {
  test("other jobs' lines are emptied, so every kept line stays on its line number", () => {
    expect(focusOnJob(THREE_JOBS, 'review')).toBe(`on: push
jobs:





  review:
    env:
      A: one
    steps:
      - uses: claude-code-auth/claude-code-auth@v1
      - run: claude -p hi





env:
  TOP: yes
`)
  })

  test('the first and the last job are cut at the next job key and at the next top-level key', () => {
    const build = focusOnJob(THREE_JOBS, 'build')!.split('\n')
    expect(build.slice(2, 6)).toEqual(['  build:', '    runs-on: ubuntu-latest', '    steps:', '      - run: make'])
    expect(build.slice(7, 18).every((line) => line === '')).toBe(true)
    const docs = focusOnJob(THREE_JOBS, 'docs')!.split('\n')
    expect(docs.slice(14, 17)).toEqual(['  docs:', '    steps:', '      - run: |'])
    expect(docs.slice(6, 14).every((line) => line === '')).toBe(true)
    expect(docs[18]).toBe('env:')
  })

  test('a single job: the text as it is', () => {
    const one = 'jobs:\n  review:\n    steps:\n      - run: claude\n'
    expect(focusOnJob(one, 'review')).toBe(one)
  })

  test.each([
    ['flow-style jobs', 'jobs: { a: { steps: [] }, review: { steps: [] } }\n'],
    ['a quoted job key', 'jobs:\n  "a":\n    steps: []\n  review:\n    steps: []\n'],
    ['a tab in the indentation', 'jobs:\n\ta:\n\t\tsteps: []\n  review:\n    steps: []\n'],
    ['a key left of the job indentation', 'jobs:\n    a:\n      steps: []\n  review:\n    steps: []\n'],
    ['a second document', 'jobs:\n  a:\n    steps: []\n  review:\n    steps: []\n---\njobs: {}\n'],
    ['the job named twice', 'jobs:\n  review:\n    steps: []\n  review:\n    steps: []\n'],
    ['no such job', 'jobs:\n  a:\n    steps: []\n  b:\n    steps: []\n'],
    ['CRLF line ends', 'jobs:\r\n  a:\r\n    steps: []\r\n  review:\r\n    steps: []\r\n'],
  ])('anything but the plainest layout is left whole: %s', (_, text) => {
    expect(focusOnJob(text, 'review')).toBeUndefined()
  })
})

describe('readWorkflow reads the same model, narrowed or not', () => {
  test('an alias to an anchor of an emptied job: the whole file is parsed instead, and the env is there', () => {
    const text = `jobs:
  build:
    env: &shared
      ANTHROPIC_API_KEY: \${{ secrets.KEY }}
    steps:
      - run: make
  review:
    env: *shared
    steps:
      - id: auth
        uses: claude-code-auth/claude-code-auth@v1
      - run: claude -p hi
`
    const reading = readWorkflow(text, '.github/workflows/ci.yml', { job: 'review', action: 'auth' })
    if (!reading.ok) throw new Error(reading.reason)
    expect(reading.workflow.job.env.ANTHROPIC_API_KEY).toMatchObject({ line: 4, value: { kind: 'expression' } })
    expect(reading.workflow.later[0]).toMatchObject({ line: 12 })
  })

  // The oracle is the parser on the whole file: for every workflow this
  // project ships or documents, and every job in it, the running job's tree
  // and the top-level keys are the same node for node, lines included.
  const corpus = [
    ...['README.md', ...readdirSync(join(root, 'docs')).map((f) => join('docs', f))].flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m, i) => [`${file} #${i + 1}`, m[1]!] as const),
    ),
    ...readdirSync(join(root, '.github', 'workflows')).map((f) => [f, readFileSync(join(root, '.github', 'workflows', f), 'utf8')] as const),
    ['scripts/bench/workflow.yml', readFileSync(join(root, 'scripts', 'bench', 'workflow.yml'), 'utf8')] as const,
  ].filter(([, text]) => /^jobs:/m.test(text))

  test('the corpus is real: workflows with several jobs, narrowed', () => {
    const narrowed = corpus.filter(([, text]) => jobsOf(text).some((job) => (focusOnJob(text, job) ?? text) !== text))
    expect(corpus.length).toBeGreaterThan(20)
    expect(narrowed.length).toBeGreaterThanOrEqual(3)
  })

  test.each(corpus)('%s', (_, text) => {
    const whole = parseYaml(text)
    if (!whole.ok) throw new Error(whole.reason)
    for (const job of jobsOf(text)) {
      const focused = focusOnJob(text, job)
      if (focused === undefined) continue
      const narrow = parseYaml(focused)
      if (!narrow.ok) continue // the reader falls back to the whole file
      expect(strip(entryOf(valueOf(narrow.root, 'jobs'), job))).toEqual(strip(entryOf(valueOf(whole.root, 'jobs'), job)))
      const topLevel = (node: YamlNode | undefined) => (node?.kind === 'mapping' ? node.entries.filter((e) => !(e.key.kind === 'scalar' && e.key.value === 'jobs')) : [])
      expect(strip(topLevel(narrow.root))).toEqual(strip(topLevel(whole.root)))
    }
  })
})

function jobsOf(text: string): string[] {
  const parsed = parseYaml(text)
  const jobs = parsed.ok ? valueOf(parsed.root, 'jobs') : undefined
  return jobs?.kind === 'mapping' ? jobs.entries.flatMap((e) => (e.key.kind === 'scalar' ? [e.key.value] : [])) : []
}

/** A tree as plain data (aliases become copies), for toEqual. */
const strip = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null))
