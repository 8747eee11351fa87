// Broken expressions (issue 18.6) are their own findings, with the real cause first: in this
// action's own inputs, as the runner delivers them (`$ secrets.X` arrives as that text), and
// in the workflow file (a later step's env, a Claude action's inputs, the job's env). The real
// mistakes next to them keep failing: both credential inputs on one Claude action step, both
// variables in one `env:` block. Lines counted by hand: later steps start on line 11.

import { describe, expect, test } from '@jest/globals'

import { apiKey, expectCleanRun, inScenario, inputsFor, oauthToken, type ScenarioRun, workflowWith } from './fixtures.js'

const FILE = '.github/workflows/claude.yml'
const INPUTS = { 'claude-code-oauth-token': '${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}' }
const WRITE = '${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}'

const errors = (run: ScenarioRun) => run.result.annotations.filter((a) => a.level === 'error')

describe("this action's own input, as the runner delivers it", () => {
  test.each([
    ['$ secrets.X', '$ secrets.CLAUDE_CODE_OAUTH_TOKEN', 'Not an expression', WRITE],
    ['$secrets.X', '$secrets.CLAUDE_CODE_OAUTH_TOKEN', 'Not an expression', WRITE],
    ['${ secrets.X }', '${ secrets.CLAUDE_CODE_OAUTH_TOKEN }', 'Not an expression', WRITE],
    ['{{ secret.X }}', '{{ secret.CLAUDE_CODE_OAUTH_TOKEN }}', 'Not an expression', WRITE],
    ['${{ secrets.X } (unbalanced)', '${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }', 'Expression not closed', WRITE],
  ])('%s', async (_, value, title, write) => {
    await inScenario({ inputs: inputsFor('oauth-token', value) }, (run) => {
      expectCleanRun(run, { secrets: [], maskedFirst: [] })
      expect(run.result.exitCode).toBe(1)
      expect(errors(run).map((a) => a.title)).toEqual([title])
      const first = run.result.log.find((line) => !line.startsWith('::'))!
      // The cause, first: not "contains a space".
      expect(first).toMatch(/^The value of claude-code-oauth-token is (not an expression|an expression opened with)/)
      expect(first).toContain(`write ${write}`)
      expect(first).not.toMatch(/space|whitespace/)
    })
  })
})

async function judged(later: string, check: (run: ScenarioRun) => void, jobEnv = ''): Promise<void> {
  const credential = oauthToken(`broken/${later.length}/${jobEnv.length}`)
  let text = workflowWith(INPUTS, later)
  if (jobEnv) text = text.replace('    runs-on: ubuntu-latest\n', `    runs-on: ubuntu-latest\n    env:\n${jobEnv}`)
  await inScenario({ inputs: inputsFor('oauth-token', credential), workflow: { text } }, (run) => {
    expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
    check(run)
  })
}

describe('in the workflow file', () => {
  test("a Claude action's input without braces: its own finding, at its line, not a conflict as well", async () => {
    await judged(
      `      - name: Claude
        uses: anthropics/claude-code-action@v1
        with:
          claude_code_oauth_token: $ secrets.CLAUDE_CODE_OAUTH_TOKEN
`,
      (run) => {
        expect(run.result.exitCode).toBe(1)
        const found = errors(run)
        expect(found.map((a) => a.title)).toEqual(['Not an expression'])
        expect({ file: found[0]!.file, line: found[0]!.properties.line }).toEqual({ file: FILE, line: '14' })
        expect(found[0]!.message).toMatch(/^input `claude_code_oauth_token` of step "Claude" is not an expression .*: write `\$\{\{ secrets\.CLAUDE_CODE_OAUTH_TOKEN \}\}`\./)
        expect(JSON.parse(run.result.outputs['later-steps'] ?? 'null')).toEqual([{ step: 'Claude', line: 11, 'runs-claude': true, verdict: 'conflict' }])
      },
    )
  })

  test("secret. for secrets. in a later step's env", async () => {
    await judged(
      `      - name: Review
        run: claude -p review
        env:
          ANTHROPIC_BASE_URL: \${{ secret.GATEWAY_URL }}
`,
      (run) => {
        expect(run.result.exitCode).toBe(1)
        expect(errors(run).map((a) => a.title)).toEqual(['Expression on secret.'])
        expect(errors(run)[0]!.message).toContain('write `${{ secrets.GATEWAY_URL }}`')
      },
    )
  })

  test("in the job's env: the broken expression is the first line", async () => {
    await judged(
      '      - run: claude -p review\n',
      (run) => {
        expect(run.result.exitCode).toBe(1)
        expect(run.result.log.find((line) => !line.startsWith('::'))).toMatch(/^ANTHROPIC_API_KEY in the env: of job review is not an expression/)
      },
      '      ANTHROPIC_API_KEY: ${ secrets.ANTHROPIC_API_KEY }\n',
    )
  })
})

describe('the real mistakes next to them still fail', () => {
  test('both credential inputs on one Claude action step', async () => {
    await judged(
      `      - name: Claude
        uses: anthropics/claude-code-action@v1
        with:
          anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
          claude_code_oauth_token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
`,
      (run) => {
        expect(run.result.exitCode).toBe(1)
        expect(errors(run).map((a) => a.title)).toEqual(['Step "Claude": ANTHROPIC_API_KEY would be sent instead of your OAuth token'])
      },
    )
  })

  test('both variables in one env block', async () => {
    const key = apiKey('broken/both')
    await judged(
      `      - name: Review
        run: claude -p review
        env:
          ANTHROPIC_API_KEY: ${key}
          CLAUDE_CODE_OAUTH_TOKEN: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
`,
      (run) => {
        expect(run.result.exitCode).toBe(1)
        expect(errors(run).map((a) => a.title)).toEqual(['Step "Review": ANTHROPIC_API_KEY would be sent instead of your OAuth token'])
      },
    )
  })
})
