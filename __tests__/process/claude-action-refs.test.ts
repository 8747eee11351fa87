// A Claude action step is judged by the release it pins (issue 18, point 5), read from that
// release's own action.yml (anthropics/claude-code-action): from v1.0.146 (commit cd59d5d) the
// credential inputs fall back to the step's environment (`inputs.x || env.X`), so this action's
// export reaches the CLI; every older release (`@beta`, `@v0`, `@eap`, v0.x, v1.0.0 to v1.0.145)
// and every base action map their inputs only, so without the input the CLI gets an empty
// value, which it treats as unset (facts §9). A SHA pin is the release whose tag points at it;
// an unknown ref is judged as the newest, with a notice. Fixes clear the finding at that
// release (point 6). Lines are counted by hand.

import { describe, expect, test } from '@jest/globals'

import { expectCleanRun, expectTitles, inScenario, oauthToken, type ScenarioRun, workflowWith } from './fixtures.js'

const FILE = '.github/workflows/claude.yml'
const TOKEN = '${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}'
/** Read with `git rev-list -n1 v1.0.100` and `… v1.0.146` in anthropics/claude-code-action. */
const V1_0_100 = '0d2971c794049856e777f4e8bb5a81623ec632d3'
const V1_0_146 = '0cb4f3e5e764d2e00407d29b6bf0aa9df0976d88'

/** Lines 1-10: checkout, then this action with the OAuth token. The Claude step is on line 11. */
const HEAD = workflowWith({ 'claude-code-oauth-token': TOKEN }, '')

interface Later {
  step: string
  line: number
  'runs-claude': boolean
  verdict: string
}

const later = (run: ScenarioRun): Later[] => JSON.parse(run.result.outputs['later-steps'] ?? 'null') as Later[]

async function judged(text: string, label: string, check: (run: ScenarioRun) => void): Promise<void> {
  const token = oauthToken(`refs/${label}`)
  await inScenario({ inputs: { 'claude-code-oauth-token': token }, workflow: { text } }, (run) => {
    expectCleanRun(run, { secrets: [token], maskedFirst: [token] })
    check(run)
  })
}

const withoutInput = (uses: string) => `${HEAD}      - name: Claude
        uses: ${uses}
        with:
          prompt: review
`

const BLANKED = 'Step "Claude": CLAUDE_CODE_OAUTH_TOKEN leaves your OAuth token unsent'
const UNKNOWN = 'Step "Claude": unknown anthropics/claude-code-action ref'

describe('a Claude action step without a credential input, this action exporting the token', () => {
  const blanked = [
    ['@v1.0.100', 'anthropics/claude-code-action@v1.0.100', '@v1.0.100'],
    ['@v1.0.145, the last release before the fallback', 'anthropics/claude-code-action@v1.0.145', '@v1.0.145'],
    ['@beta', 'anthropics/claude-code-action@beta', '@beta'],
    ['@eap', 'anthropics/claude-code-action@eap', '@eap'],
    ['@v0.0.40', 'anthropics/claude-code-action@v0.0.40', '@v0.0.40'],
    ['the commit of v1.0.100, pinned', `anthropics/claude-code-action@${V1_0_100}`, '@v1.0.100'],
    ["the base action inside the action's repository, at @v1 (it never falls back)", 'anthropics/claude-code-action/base-action@v1', '@v1'],
    ['the base action repository at @beta', 'anthropics/claude-code-base-action@beta', '@beta'],
  ]
  test.concurrent.each(blanked)('%s: the token is blanked for the CLI, and the fix is to give it as the input', async (label, uses, release) => {
    await judged(withoutInput(uses), label, (run) => {
      expect(run.result.exitCode).toBe(1)
      expectTitles(run.result, { error: [BLANKED] })
      const annotation = run.result.annotations[0]!
      expect({ file: annotation.file, line: annotation.properties.line }).toEqual({ file: FILE, line: '11' })
      expect(annotation.message).toContain(
        `Fix: give that step the \`claude_code_oauth_token\` input with the same secret as this action's \`claude-code-oauth-token\` input: the action at \`${release}\` passes only its own inputs to Claude Code`,
      )
      expect(annotation.message).not.toMatch(/remove the `/)
      expect(later(run)).toEqual([{ step: 'Claude', line: 11, 'runs-claude': true, verdict: 'conflict' }])
    })
  })

  const fine = [
    ['@v1.0.146, the first release with the fallback', 'anthropics/claude-code-action@v1.0.146'],
    ['@v1', 'anthropics/claude-code-action@v1'],
    ['@main', 'anthropics/claude-code-action@main'],
    ['the commit of v1.0.146, pinned', `anthropics/claude-code-action@${V1_0_146}`],
  ]
  test.concurrent.each(fine)('%s: falls back to the exported token', async (label, uses) => {
    await judged(withoutInput(uses), label, (run) => {
      expect(run.result.exitCode).toBe(0)
      expectTitles(run.result, {})
      expect(later(run)).toEqual([{ step: 'Claude', line: 11, 'runs-claude': true, verdict: 'ok' }])
    })
  })

  test.concurrent('an unknown commit is judged as the newest release, with a notice that says so', async () => {
    await judged(withoutInput('anthropics/claude-code-action@0123456789abcdef0123456789abcdef01234567'), 'unknown-sha', (run) => {
      expect(run.result.exitCode).toBe(0)
      expectTitles(run.result, { notice: [UNKNOWN] })
      const notice = run.result.annotations.find((a) => a.title === UNKNOWN)!
      expect(notice.message).toContain('is judged as `@v1`, which passes the credential inputs on and falls back to the environment when they are empty')
      expect(notice.properties.line).toBe('11')
    })
  })

  test.concurrent('an unknown branch too', async () => {
    await judged(withoutInput('anthropics/claude-code-action@my-fork-branch'), 'unknown-branch', (run) => {
      expect(run.result.exitCode).toBe(0)
      expectTitles(run.result, { notice: [UNKNOWN] })
    })
  })
})

describe('fixes that clear the finding (point 6)', () => {
  const apiKeyInput = (uses: string) => `${HEAD}      - name: Claude
        uses: ${uses}
        with:
          anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
`
  const TITLE = 'Step "Claude": ANTHROPIC_API_KEY would be sent instead of your OAuth token'

  test.concurrent('an API key input at a release without the fallback: replace it with the token input (removing it alone leaves no credential)', async () => {
    await judged(apiKeyInput('anthropics/claude-code-action@v1.0.100'), 'replace', (run) => {
      expect(run.result.exitCode).toBe(1)
      expect(run.result.annotations.map((a) => a.title)).toContain(TITLE)
      const annotation = run.result.annotations.find((a) => a.title === TITLE)!
      expect(annotation.properties.line).toBe('14')
      expect(annotation.message).toContain(
        "Fix: replace the `anthropic_api_key` input of that step with `claude_code_oauth_token`, given the same secret as this action's `claude-code-oauth-token` input",
      )
      // Never "the same secret" in the key slot.
      expect(annotation.message).not.toMatch(/give (it|that input|the `anthropic_api_key` input)[^.]*same secret/)
    })
  })

  test.concurrent('an API key input at @v1: removing it is enough (the step then takes the exported token)', async () => {
    await judged(apiKeyInput('anthropics/claude-code-action@v1'), 'remove', (run) => {
      expect(run.result.exitCode).toBe(1)
      expectTitles(run.result, { error: [TITLE] })
      expect(run.result.annotations[0]!.message).toContain('Fix: remove the `anthropic_api_key` input from that step.')
    })
  })

  test.concurrent("a later step's env: ANTHROPIC_API_KEY while the intended credential is an OAuth token: never 'give it the same secret'", async () => {
    const text = `${HEAD}      - name: Review
        run: claude -p "review"
        env:
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
`
    await judged(text, 'step-env', (run) => {
      expect(run.result.exitCode).toBe(1)
      const annotation = run.result.annotations[0]!
      expect(annotation.message).toContain("Fix: delete the `ANTHROPIC_API_KEY:` line from that step's `env:` (.github/workflows/claude.yml line 14; a step's own env beats every export).")
      expect(annotation.message).not.toContain('same secret')
    })
  })

  test.concurrent("a GITHUB_ENV write of another provider's flag: only deleting it is offered", async () => {
    const text = `${HEAD}      - name: Setup
        run: echo "CLAUDE_CODE_USE_VERTEX=1" >> "$GITHUB_ENV"
      - name: Review
        run: claude -p "review"
`
    await judged(text, 'flag-write', (run) => {
      expect(run.result.exitCode).toBe(1)
      const annotation = run.result.annotations[0]!
      expect(annotation.message).toContain('Fix: delete that line (.github/workflows/claude.yml line 12).')
      expect(annotation.message).not.toContain('same secret')
    })
  })

  test.concurrent("a later step's env with the intended variable and another secret: the same secret is offered, and clears it", async () => {
    const text = `${HEAD}      - name: Review
        run: claude -p "review"
        env:
          CLAUDE_CODE_OAUTH_TOKEN: \${{ secrets.OTHER_TOKEN }}
`
    await judged(text, 'same-secret', (run) => {
      expect(run.result.exitCode).toBe(1)
      expect(run.result.annotations[0]!.message).toContain("or give it the same secret as this action's `claude-code-oauth-token` input.")
    })
    // Applied: the same secret as this action's input.
    await judged(text.replace('secrets.OTHER_TOKEN', 'secrets.CLAUDE_CODE_OAUTH_TOKEN'), 'same-secret-applied', (run) => {
      expect(run.result.exitCode).toBe(0)
      expectTitles(run.result, {})
    })
  })
})

describe('`claude_env` (v0.x, `beta`, `eap`): lines spread over the environment the action spawns Claude Code with', () => {
  const step = (uses: string, env: string) => `${HEAD}      - name: Claude
        uses: ${uses}
        with:
          claude_env: |
            ${env}
`
  test.concurrent('another key there at @beta: a conflict at the input, and the fix is to delete that line', async () => {
    await judged(step('anthropics/claude-code-action@beta', 'ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}'), 'claude-env/other', (run) => {
      expect(run.result.exitCode).toBe(1)
      const title = 'Step "Claude": ANTHROPIC_API_KEY would be sent instead of your OAuth token'
      expect(run.result.annotations.map((a) => a.title)).toContain(title)
      const annotation = run.result.annotations.find((a) => a.title === title)!
      expect(annotation.properties.line).toBe('14')
      expect(annotation.message).toContain('Fix: delete the `ANTHROPIC_API_KEY:` line from the `claude_env` input of that step (it beats every export).')
    })
  })

  test.concurrent('the same secret there at @beta stands in for the token input that release blanks: no conflict', async () => {
    await judged(step('anthropics/claude-code-action@beta', `CLAUDE_CODE_OAUTH_TOKEN: ${TOKEN}`), 'claude-env/same', (run) => {
      expect(run.result.exitCode).toBe(0)
      expectTitles(run.result, {})
      expect(later(run)).toEqual([{ step: 'Claude', line: 11, 'runs-claude': true, verdict: 'ok' }])
    })
  })

  test.concurrent('@v1 has no `claude_env` input: the runner ignores it, so a key there changes nothing', async () => {
    await judged(step('anthropics/claude-code-action@v1', 'ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}'), 'claude-env/v1', (run) => {
      expect(run.result.exitCode).toBe(0)
      expectTitles(run.result, {})
    })
  })
})
