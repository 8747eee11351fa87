/**
 * Bounded reading (issue 19.6), property-based: deep nesting of every construct the shell
 * reader follows, huge scripts and odd bytes, in a later step's `run:` (and in the `env:`
 * expressions it evaluates), fed to the BUILT action under the runner harness. For every run:
 * no "Internal error", no stack trace, nothing on stderr, and the step's verdict is one the
 * action documents. No assertion on time (the machine is shared).
 *
 * `npm test` runs FIXED_SEED; FUZZ_SEED and FUZZ_RUNS override it (`npm run fuzz` runs more).
 */

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { runAction } from '../../harness/runner.js'
import { snapshotDist } from '../process/dist-snapshot.js'

const FIXED_SEED = 20_261_204
const LONG_RUN = process.env.npm_lifecycle_event === 'fuzz'
const RUNS = Number(process.env.FUZZ_RUNS ?? (LONG_RUN ? 300 : 30))
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : LONG_RUN ? Math.floor(Math.random() * 2 ** 31) : FIXED_SEED
const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const NODE_BINARY = process.env.TEST_NODE_BINARY ?? process.execPath
const STACK_FRAME = /(^|\n)\s+at .+:\d+:\d+\)?/
const VERDICTS = ['ok', 'conflict', 'warned', 'info', 'depends']

let entry = process.env.TEST_ACTION_ENTRY
let snapshot: string | undefined
beforeAll(async () => {
  if (entry) return
  snapshot = await snapshotDist()
  entry = join(snapshot, 'index.js')
})
afterAll(async () => {
  if (snapshot) await rm(snapshot, { recursive: true, force: true })
})

/** Openers and closers the reader nests on: each wraps the inner script. */
const WRAPS: [string, string][] = [
  ['$(', ')'],
  ['(', ')'],
  ['{ ', '; }'],
  ['`', '`'],
  ['"$(', ')"'],
  ["bash -c '", "'"],
  ['sh -c "', '"'],
  ['f() { ', '; }'],
  ['if true; then ', '; fi'],
  ['case x in x) ', ';; esac'],
  ['${{ (', ') }}'],
  ['<(', ')'],
]

const core = fc.constantFrom('claude -p hi', 'ANTHROPIC_API_KEY=k claude -p hi', 'echo "ANTHROPIC_API_KEY=x" >> "$GITHUB_ENV"', 'export CLAUDE_CODE_USE_BEDROCK=1', 'npx -y @anthropic-ai/claude-code -p hi', '')

/** A script: a core command wrapped `depth` times (depth up to 3,000), optionally unbalanced, repeated, with odd bytes. */
const scriptArb = fc
  .record({
    wraps: fc.array(fc.constantFrom(...WRAPS), { minLength: 1, maxLength: 3 }),
    depth: fc.oneof(fc.integer({ min: 0, max: 80 }), fc.integer({ min: 500, max: 3000 })),
    core,
    unbalanced: fc.constantFrom('none', 'open', 'close'),
    repeat: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 20_000 })),
    odd: fc.array(fc.oneof(fc.constantFrom('\u0000', '\r', '\t', '\\', "'", '"', '$', '`', '#', '<<EOF', '\uFEFF', '\u2028', '\uD800', ')', '}', '${{', '}}', ';;'), fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 6 }),
  })
  .map(({ wraps, depth, core, unbalanced, repeat, odd }) => {
    let open = ''
    let close = ''
    for (let i = 0; i < depth; i++) {
      const [o, c] = wraps[i % wraps.length]!
      open += o
      close = c + close
    }
    const body = `${unbalanced === 'close' ? '' : open}${core}${odd.join('')}${unbalanced === 'open' ? '' : close}`
    // Huge scripts: the same body many times over (up to a few MB), on separate lines.
    return repeat === 1 || body.length * repeat > 4_000_000 ? body : Array.from({ length: repeat }, () => body).join('\n')
  })

/** The workflow: this action, then one step running the script as a literal block. */
function workflowOf(script: string, envExpression: string): string {
  const block = script.split(/\r\n|\n|\r|\u2028/).map((line) => `          ${line}`).join('\n')
  return `name: fuzz
on: workflow_dispatch
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: claude-code-auth/claude-code-auth@v1
        with:
          claude-code-oauth-token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
      - name: Deep
        env:
          CLAUDE_CODE_USE_VERTEX: ${JSON.stringify(envExpression)}
        run: |
${block}
`
}

const expressionArb = fc.oneof(
  fc.integer({ min: 0, max: 5000 }).map((n) => `\${{ ${'('.repeat(n)}inputs.x${')'.repeat(n)} }}`),
  fc.integer({ min: 0, max: 5000 }).map((n) => `\${{ ${'!'.repeat(n)}github.event.a }}`),
  fc.string({ maxLength: 40 }).map((s) => `\${{ ${s} }}`),
  fc.constant('${{ inputs.role != null }}'),
)

describe('the built action reads deep, huge and odd scripts without an internal error', () => {
  test('property', async () => {
    await fc.assert(
      fc.asyncProperty(scriptArb, expressionArb, async (script, expression) => {
        const root = await mkdtemp(join(tmpdir(), 'claude-auth-deep-'))
        try {
          const home = join(root, 'home')
          const workspace = join(root, 'workspace')
          const path = '.github/workflows/fuzz.yml'
          await mkdir(join(workspace, '.github', 'workflows'), { recursive: true })
          await mkdir(home, { recursive: true })
          await writeFile(join(workspace, path), workflowOf(script, expression))
          await writeFile(join(root, 'event.json'), JSON.stringify({ inputs: { x: 'true' }, a: true }))
          const result = await runAction({
            inputs: { 'claude-code-oauth-token': `sk-ant-oat01-${'f'.repeat(80)}` },
            env: {
              GITHUB_REPOSITORY: 'owner/project',
              GITHUB_WORKFLOW_REF: `owner/project/${path}@refs/heads/main`,
              GITHUB_JOB: 'review',
              GITHUB_ACTION: '__claude-code-auth_claude-code-auth',
              GITHUB_ACTION_REPOSITORY: 'claude-code-auth/claude-code-auth',
              GITHUB_EVENT_NAME: 'workflow_dispatch',
              GITHUB_EVENT_PATH: join(root, 'event.json'),
            },
            home,
            workspace,
            nodeBinary: NODE_BINARY,
            entry,
            actionYml: join(REPO_ROOT, 'action.yml'),
          })
          try {
            const titles = result.annotations.map((a) => a.title)
            const recipe = { scriptLength: script.length, scriptStart: script.slice(0, 60), expression: expression.slice(0, 60) }
            expect({ ...recipe, internal: titles.includes('Internal error'), stderr: result.rawStderr }).toEqual({ ...recipe, internal: false, stderr: '' })
            expect(result.timedOut).toBe(false)
            for (const text of [...result.log, result.summary, ...result.annotations.map((a) => a.message)]) expect(text).not.toMatch(STACK_FRAME)
            const later = JSON.parse(result.outputs['later-steps'] ?? '[]') as { verdict: string }[]
            for (const step of later) expect(VERDICTS).toContain(step.verdict)
          } finally {
            await result.cleanup()
          }
        } finally {
          await rm(root, { recursive: true, force: true })
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    )
  }, 600_000)
})
