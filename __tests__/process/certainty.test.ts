// Certain or depends-on (issue 18.4): a later step whose world hangs on a value this step
// cannot know (an expression on `inputs`, `vars`, `steps`, `needs`, `matrix` deciding a
// switch, or a credential from one) gets a warning that names the condition, with the exact
// marker `Depends on: <condition>.`, and never fails the job, in every on-conflict mode. A
// value the run can know (the event payload, a `workflow_dispatch` run's inputs) is known:
// then the conflict is certain again. Lines are counted by hand: with a two-line header
// (workflowWith) this action's step is on lines 8-10 and later steps start on line 11.

import { describe, expect, test } from '@jest/globals'

import { expectCleanRun, inScenario, inputsFor, MODES, oauthToken, type Mode, type ScenarioRun, workflowWith } from './fixtures.js'

const FILE = '.github/workflows/claude.yml'
const INPUTS = { 'claude-code-oauth-token': '${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}' }

const claudeAction = (useBedrock: string) => `      - name: Claude
        uses: anthropics/claude-code-action@v1
        with:
          claude_code_oauth_token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
          use_bedrock: ${useBedrock}
`

const DISPATCH_HEADER = `name: review
on:
  workflow_dispatch:
    inputs:
      role:
        type: string
        required: false
`

interface LaterEntry {
  step: string
  verdict: string
}

async function judged(text: string, mode: Mode, check: (run: ScenarioRun) => void, extra: { event?: unknown; env?: Record<string, string> } = {}): Promise<void> {
  const credential = oauthToken(`certainty/${text.length}/${mode}`)
  await inScenario({ inputs: inputsFor('oauth-token', credential, { 'on-conflict': mode }), workflow: { text }, ...extra }, (run) => {
    expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
    check(run)
  })
}

const later = (run: ScenarioRun) => (JSON.parse(run.result.outputs['later-steps'] ?? 'null') as LaterEntry[]).map(({ step, verdict }) => ({ step, verdict }))

describe('a switch decided by an input of the caller is depends-on', () => {
  const text = workflowWith(INPUTS, claudeAction('${{ inputs.role != null }}'), 'name: review\non: workflow_call\n')
  test.each(MODES)('on-conflict: %s: a warning with the condition, the job passes', async (mode) => {
    await judged(text, mode, (run) => {
      const { result } = run
      expect(result.exitCode).toBe(0)
      expect(result.annotations.filter((a) => a.level === 'error')).toEqual([])
      const warnings = result.annotations.filter((a) => a.level === 'warning')
      expect(warnings).toHaveLength(1)
      const warning = warnings[0]!
      expect(warning.title).toBe('Step "Claude": CLAUDE_CODE_USE_BEDROCK routes to Amazon Bedrock')
      expect(warning.message).toContain('Depends on: `inputs.role != null` (input `use_bedrock` of step "Claude", line 15).')
      // What happens in each case, in the first sentence.
      expect(warning.message.split(' Depends on: ')[0]).toMatch(/if `inputs\.role != null` is true; if it is false, this does not happen/)
      expect({ file: warning.file, line: warning.properties.line }).toEqual({ file: FILE, line: '15' })
      expect(later(run)).toEqual([{ step: 'Claude', verdict: 'depends' }])
      expect(JSON.parse(result.outputs.conflicts ?? 'null')).toEqual([{ name: 'CLAUDE_CODE_USE_BEDROCK', origin: `${FILE}:15`, resolution: 'warned' }])
      expect(result.summary).toContain('Depends on: ')
    })
  })
})

describe('a dispatch run knows its inputs', () => {
  const text = workflowWith(INPUTS, claudeAction('${{ inputs.role != null }}'), DISPATCH_HEADER)
  test('role given: Bedrock is on, a certain conflict that fails', async () => {
    await judged(text, 'fail', (run) => {
      expect(run.result.exitCode).toBe(1)
      const errors = run.result.annotations.filter((a) => a.level === 'error')
      expect(errors.map((a) => a.title)).toEqual(['Step "Claude": CLAUDE_CODE_USE_BEDROCK routes to Amazon Bedrock'])
      expect(errors[0]!.message).not.toContain('Depends on:')
      expect(later(run)).toEqual([{ step: 'Claude', verdict: 'conflict' }])
    }, { event: { inputs: { role: 'arn:aws:iam::123456789012:role/claude' } }, env: { GITHUB_EVENT_NAME: 'workflow_dispatch' } })
  })
  test('role not given (null in the payload): Bedrock is off, the step is ok', async () => {
    await judged(text, 'fail', (run) => {
      expect(run.result.exitCode).toBe(0)
      expect(run.result.annotations.filter((a) => a.level !== 'notice')).toEqual([])
      expect(later(run)).toEqual([{ step: 'Claude', verdict: 'ok' }])
    }, { event: { inputs: { role: null } }, env: { GITHUB_EVENT_NAME: 'workflow_dispatch' } })
  })
})

describe('github.event from the payload', () => {
  const step = `      - name: Review
        run: claude -p "review"
        env:
          CLAUDE_CODE_USE_VERTEX: \${{ github.event.pull_request.draft && '1' || '' }}
`
  const text = workflowWith(INPUTS, step)
  test('a draft pull request: Vertex on, certain', async () => {
    await judged(text, 'fail', (run) => {
      expect(run.result.exitCode).toBe(1)
      expect(later(run)).toEqual([{ step: 'Review', verdict: 'conflict' }])
    }, { event: { pull_request: { draft: true } }, env: { GITHUB_EVENT_NAME: 'pull_request' } })
  })
  test('not a draft: Vertex off, ok', async () => {
    await judged(text, 'fail', (run) => {
      expect(run.result.exitCode).toBe(0)
      expect(later(run)).toEqual([{ step: 'Review', verdict: 'ok' }])
    }, { event: { pull_request: { draft: false } }, env: { GITHUB_EVENT_NAME: 'pull_request' } })
  })
})

describe('a credential from a value this step cannot know', () => {
  const step = `      - name: Review
        run: claude -p "review"
        env:
          ANTHROPIC_API_KEY: \${{ steps.vault.outputs.key }}
`
  test.each(MODES)('on-conflict: %s: depends on the step output, never fails', async (mode) => {
    await judged(workflowWith(INPUTS, step), mode, (run) => {
      expect(run.result.exitCode).toBe(0)
      const warning = run.result.annotations.find((a) => a.level === 'warning')!
      expect(warning.message).toContain('Depends on: `steps.vault.outputs.key` (ANTHROPIC_API_KEY of step "Review", line 14).')
      expect(warning.message).toContain('if `steps.vault.outputs.key` is not empty; if it is empty, this does not happen')
      expect(later(run)).toEqual([{ step: 'Review', verdict: 'depends' }])
    })
  })
  test('from a secret it stays certain (a workflow that has the secret sends it)', async () => {
    const secret = step.replace('steps.vault.outputs.key', 'secrets.ANTHROPIC_API_KEY')
    await judged(workflowWith(INPUTS, secret), 'fail', (run) => {
      expect(run.result.exitCode).toBe(1)
      expect(later(run)).toEqual([{ step: 'Review', verdict: 'conflict' }])
    })
  })
})

describe('a settings file this step cannot read is depends-on', () => {
  test.each([
    ['claude --settings with a file made by an earlier step', `      - name: Review
        run: claude --settings /tmp/made-earlier.json -p review
`, 12],
    ["a Claude action's settings input naming a file not in the repository", `      - name: Claude
        uses: anthropics/claude-code-action@v1
        with:
          claude_code_oauth_token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
          settings: .claude/ci-settings.json
`, 15],
  ])('%s', async (_, step, line) => {
    await judged(workflowWith(INPUTS, step), 'fail', (run) => {
      expect(run.result.exitCode).toBe(0)
      const warning = run.result.annotations.find((a) => a.level === 'warning')!
      expect(warning.title).toMatch(/: settings not read$/)
      expect(warning.message).toMatch(/Depends on: what the settings file `[^`]+` of step "(Review|Claude)" sets\./)
      expect(warning.properties.line).toBe(String(line))
    })
  })
})

describe("a later step's if:", () => {
  const guarded = (condition: string) => workflowWith(INPUTS, `      - name: Review
        if: ${condition}
        run: claude -p review
        env:
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
`)
  test.each(MODES)("on-conflict: %s: an if: on a step output may not run: depends-on", async (mode) => {
    await judged(guarded("steps.check.outputs.run == 'true'"), mode, (run) => {
      expect(run.result.exitCode).toBe(0)
      const warning = run.result.annotations.find((a) => a.level === 'warning')!
      expect(warning.message).toContain(`Depends on: \`steps.check.outputs.run == 'true'\` (\`if:\` of step "Review", line 11).`)
      expect(later(run)).toEqual([{ step: 'Review', verdict: 'depends' }])
    })
  })
  test('an if: false in this run: the step does not run, ok', async () => {
    await judged(guarded("github.event_name == 'push'"), 'fail', (run) => {
      expect(run.result.exitCode).toBe(0)
      expect(run.result.annotations.filter((a) => a.level !== 'notice')).toEqual([])
      expect(later(run)).toEqual([{ step: 'Review', verdict: 'ok' }])
    }, { env: { GITHUB_EVENT_NAME: 'pull_request' } })
  })
  test.each([
    ["github.event_name == 'push'", { GITHUB_EVENT_NAME: 'push' }],
    ['${{ always() }}', {}],
    ["contains(github.event.comment.body, '@claude')", { GITHUB_EVENT_NAME: 'issue_comment' }],
  ])('if: %s true in this run: certain, fails', async (condition, env) => {
    await judged(guarded(condition), 'fail', (run) => {
      expect(run.result.exitCode).toBe(1)
      expect(later(run)).toEqual([{ step: 'Review', verdict: 'conflict' }])
    }, { env, event: { comment: { body: 'hey @Claude, review' } } })
  })
})

describe("the secret given to this action's own input is known to be set", () => {
  test("`secrets.CLAUDE_CODE_OAUTH_TOKEN == '' && secrets.ANTHROPIC_API_KEY || ''` is empty: no second key, ok", async () => {
    const step = `      - name: Claude
        uses: anthropics/claude-code-action@v1
        with:
          claude_code_oauth_token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
          anthropic_api_key: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN == '' && secrets.ANTHROPIC_API_KEY || '' }}
`
    await judged(workflowWith(INPUTS, step), 'fail', (run) => {
      expect(run.result.exitCode).toBe(0)
      expect(run.result.annotations.filter((a) => a.level !== 'notice')).toEqual([])
      expect(later(run)).toEqual([{ step: 'Claude', verdict: 'ok' }])
    })
  })
  test('the other way round it is set: a certain conflict', async () => {
    const step = `      - name: Claude
        uses: anthropics/claude-code-action@v1
        with:
          anthropic_api_key: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN != '' && secrets.ANTHROPIC_API_KEY || '' }}
`
    await judged(workflowWith(INPUTS, step), 'fail', (run) => {
      expect(run.result.exitCode).toBe(1)
      expect(later(run)).toEqual([{ step: 'Claude', verdict: 'conflict' }])
    })
  })
})

describe('a GITHUB_ENV write is in every way, also in a step that reads no condition', () => {
  // The write's step reads no condition, so the other way judges only the step after it (see
  // laterStepWorlds' `only`): the write must still reach that step there. Vertex is on in both
  // ways of `steps.vault.outputs.key`, so its conflict is certain.
  const steps = `      - name: Pin
        run: echo "CLAUDE_CODE_USE_VERTEX=1" >> "$GITHUB_ENV"
      - name: Review
        run: claude -p "review"
        env:
          ANTHROPIC_API_KEY: \${{ steps.vault.outputs.key }}
`
  test('on-conflict: fail: the write routes to Vertex whatever the step output is: certain, the job fails', async () => {
    await judged(workflowWith(INPUTS, steps), 'fail', (run) => {
      expect(run.result.exitCode).toBe(1)
      const errors = run.result.annotations.filter((a) => a.level === 'error')
      expect(errors.some((a) => (a.title ?? '').includes('CLAUDE_CODE_USE_VERTEX') && !a.message.includes('Depends on:'))).toBe(true)
      expect(later(run).find((e) => e.step === 'Review')).toEqual({ step: 'Review', verdict: 'conflict' })
    })
  })
})
