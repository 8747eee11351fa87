// The later steps of the job, read from the running workflow file: a step's own `env:`
// beats every export (runner fact, facts §8), `claude --bare` ignores the OAuth token
// (facts §4), scripts can export or prefix variables, GITHUB_ENV writes reach every later
// step, and a Claude action hands the CLI what its inputs say. Each case is a real workflow
// file in the workspace, run through the built action; lines are counted by hand.

import { describe, expect, test } from '@jest/globals'

import {
  apiKey,
  clearedTitle,
  conflictTitle,
  expectCleanRun,
  expectExports,
  expectTitles,
  inScenario,
  inputsFor,
  oauthToken,
  type Mode,
  type Reason,
  type ScenarioRun,
  type WorkflowScenario,
  workflowWith,
} from './fixtures.js'

const FILE = '.github/workflows/claude.yml'

/** Lines 1-10: checkout, then this action with the OAuth token secret. Later steps start on line 11. */
const HEAD = workflowWith({ 'claude-code-oauth-token': '${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}' }, '')

interface LaterEntry {
  step: string
  line: number
  'runs-claude': boolean
  verdict: 'ok' | 'conflict' | 'warned' | 'info'
}

interface Expected {
  /** The later-step conflict: step label, variable, reason, the line it is set on. */
  conflict?: { step: string; name: string; reason: Reason; line: number }
  laterSteps: LaterEntry[]
}

const stepTitle = (step: string, name: string, reason: Reason) => `Step "${step}": ${conflictTitle(name === '--bare' ? 'claude --bare' : name, reason, 'oauth-token')}`

async function judged(text: string, mode: Mode, check: (run: ScenarioRun) => void, workflow: Partial<WorkflowScenario> = {}, env: Record<string, string> = {}): Promise<void> {
  const credential = oauthToken(`later/${text.length}/${mode}`)
  await inScenario({ inputs: inputsFor('oauth-token', credential, { 'on-conflict': mode }), env, workflow: { text, ...workflow } }, (run) => {
    expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
    check(run)
  })
}

/** The verdict of one later-step conflict (or none) in every on-conflict mode. */
async function expectJudgement(text: string, expected: Expected, mode: Mode): Promise<void> {
  await judged(text, mode, (run) => {
    const { result } = run
    const later = JSON.parse(result.outputs['later-steps'] ?? 'null') as LaterEntry[]
    const { conflict } = expected
    if (!conflict) {
      expect(result.exitCode).toBe(0)
      expectTitles(result, {})
      expect(later).toEqual(expected.laterSteps)
      expect(JSON.parse(result.outputs.conflicts ?? 'null')).toEqual([])
      return
    }
    const title = stepTitle(conflict.step, conflict.name, conflict.reason)
    const warned = mode === 'warn'
    // A later step's own settings cannot be reached from GITHUB_ENV: fail and unset both fail.
    expect(result.exitCode).toBe(warned ? 0 : 1)
    expectTitles(result, warned ? { warning: [title] } : { error: [title] })
    const annotation = result.annotations[0]!
    expect({ file: annotation.file, line: annotation.properties.line }).toEqual({ file: FILE, line: String(conflict.line) })
    // The message names the step where it bites (and where it is set, when that is another step).
    expect(annotation.message.split(' Where: ')[0]).toContain(`step "${conflict.step}"`)
    expect(JSON.parse(result.outputs.conflicts ?? 'null')).toEqual([{ name: conflict.name, origin: `${FILE}:${conflict.line}`, resolution: warned ? 'warned' : 'failed' }])
    expect(later).toEqual(expected.laterSteps.map((entry) => (entry.verdict === 'conflict' && warned ? { ...entry, verdict: 'warned' } : entry)))
    if (!warned) expectExports(result, {})
    // The first line of the log is the cause and the fix.
    expect(result.log[0]).toMatch(/ Fix: /)
  })
}

const MODES_ALL: Mode[] = ['fail', 'unset', 'warn']

interface Case {
  id: string
  text: string
  expected: Expected
}

const CASES: Case[] = [
  {
    id: "a step's own env sets ANTHROPIC_API_KEY (the commonest legacy pattern)",
    text: `${HEAD}      - name: Review
        run: claude -p "review this"
        env:
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
`,
    expected: {
      conflict: { step: 'Review', name: 'ANTHROPIC_API_KEY', reason: 'instead', line: 14 },
      laterSteps: [{ step: 'Review', line: 11, 'runs-claude': true, verdict: 'conflict' }],
    },
  },
  {
    id: 'claude --bare in a later run: with an OAuth token',
    text: `${HEAD}      - name: Summarise
        run: |
          git diff > diff.txt
          claude --bare -p "summarise" < diff.txt
`,
    expected: {
      conflict: { step: 'Summarise', name: '--bare', reason: 'forces-bare', line: 14 },
      laterSteps: [{ step: 'Summarise', line: 11, 'runs-claude': true, verdict: 'conflict' }],
    },
  },
  {
    id: "CLAUDE_CODE_SIMPLE in a step's env",
    text: `${HEAD}      - name: Review
        env:
          CLAUDE_CODE_SIMPLE: "1"
        run: claude -p "review"
`,
    expected: {
      conflict: { step: 'Review', name: 'CLAUDE_CODE_SIMPLE', reason: 'forces-bare', line: 13 },
      laterSteps: [{ step: 'Review', line: 11, 'runs-claude': true, verdict: 'conflict' }],
    },
  },
  {
    id: 'a script exports ANTHROPIC_API_KEY before running claude',
    text: `${HEAD}      - name: Review
        run: |
          export ANTHROPIC_API_KEY="$(cat .key)"
          claude -p "review"
`,
    expected: {
      conflict: { step: 'Review', name: 'ANTHROPIC_API_KEY', reason: 'instead', line: 13 },
      laterSteps: [{ step: 'Review', line: 11, 'runs-claude': true, verdict: 'conflict' }],
    },
  },
  {
    id: 'VAR=value claude on one command',
    text: `${HEAD}      - id: review
        run: ANTHROPIC_AUTH_TOKEN="$GATEWAY_TOKEN" claude -p "review"
`,
    expected: {
      conflict: { step: 'review', name: 'ANTHROPIC_AUTH_TOKEN', reason: 'instead', line: 12 },
      laterSteps: [{ step: 'review', line: 11, 'runs-claude': true, verdict: 'conflict' }],
    },
  },
  {
    id: 'an earlier later step writes ANTHROPIC_API_KEY to GITHUB_ENV (it reaches every step after it)',
    text: `${HEAD}      - name: Setup
        run: echo "ANTHROPIC_API_KEY=\${{ secrets.OLD_KEY }}" >> "$GITHUB_ENV"
      - name: Review
        run: claude -p "review"
`,
    expected: {
      conflict: { step: 'Review', name: 'ANTHROPIC_API_KEY', reason: 'instead', line: 12 },
      laterSteps: [
        { step: 'Setup', line: 11, 'runs-claude': false, verdict: 'info' },
        { step: 'Review', line: 13, 'runs-claude': true, verdict: 'conflict' },
      ],
    },
  },
  {
    id: 'a provider flag on the step that runs claude',
    text: `${HEAD}      - name: Review
        run: claude -p "review"
        env:
          CLAUDE_CODE_USE_BEDROCK: true
`,
    expected: {
      conflict: { step: 'Review', name: 'CLAUDE_CODE_USE_BEDROCK', reason: 'routes-away', line: 14 },
      laterSteps: [{ step: 'Review', line: 11, 'runs-claude': true, verdict: 'conflict' }],
    },
  },
  {
    id: 'a later claude-code-action given its own API key input',
    text: `${HEAD}      - name: Claude
        uses: anthropics/claude-code-action@v1
        with:
          anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
`,
    expected: {
      conflict: { step: 'Claude', name: 'ANTHROPIC_API_KEY', reason: 'instead', line: 14 },
      laterSteps: [{ step: 'Claude', line: 11, 'runs-claude': true, verdict: 'conflict' }],
    },
  },
  {
    // The base action passes only its own inputs on: without one, it sets the token empty.
    id: 'a later claude-code-base-action without a credential input gives the CLI no credential',
    text: `${HEAD}      - name: Claude
        uses: anthropics/claude-code-base-action@v1
        with:
          prompt: review
`,
    expected: {
      conflict: { step: 'Claude', name: 'CLAUDE_CODE_OAUTH_TOKEN', reason: 'not-at-all', line: 11 },
      laterSteps: [{ step: 'Claude', line: 11, 'runs-claude': true, verdict: 'conflict' }],
    },
  },
]

const FINE: Case[] = [
  {
    id: "a step's env with the very secret this action's input uses",
    text: `${HEAD}      - name: Review
        run: claude -p "review"
        env:
          CLAUDE_CODE_OAUTH_TOKEN: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
`,
    expected: { laterSteps: [{ step: 'Review', line: 11, 'runs-claude': true, verdict: 'ok' }] },
  },
  {
    id: 'claude-code-action given the same secret',
    text: `${HEAD}      - uses: anthropics/claude-code-action@v1
        with:
          claude_code_oauth_token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
`,
    expected: { laterSteps: [{ step: 'step 3 (`anthropics/claude-code-action@v1`)', line: 11, 'runs-claude': true, verdict: 'ok' }] },
  },
  {
    // The main action falls back to the step's environment, which holds this action's export.
    id: 'claude-code-action without a credential input uses the exported token',
    text: `${HEAD}      - uses: anthropics/claude-code-action@v1
        with:
          prompt: review
`,
    expected: { laterSteps: [{ step: 'step 3 (`anthropics/claude-code-action@v1`)', line: 11, 'runs-claude': true, verdict: 'ok' }] },
  },
  {
    id: 'an SDK script that sets ANTHROPIC_API_KEY for itself, and no claude: information only',
    text: `${HEAD}      - name: Eval
        run: python eval.py
        env:
          ANTHROPIC_API_KEY: \${{ secrets.EVAL_KEY }}
      - name: Review
        run: claude -p "review"
`,
    expected: {
      laterSteps: [
        { step: 'Eval', line: 11, 'runs-claude': false, verdict: 'info' },
        { step: 'Review', line: 15, 'runs-claude': true, verdict: 'ok' },
      ],
    },
  },
  {
    id: 'echo claude, a comment and claude-foo are not Claude Code',
    text: `${HEAD}      - name: Not claude
        run: |
          echo "claude --bare is not run here"
          # claude --bare
          claude-foo --bare
        env:
          ANTHROPIC_API_KEY: \${{ secrets.OTHER }}
`,
    expected: { laterSteps: [{ step: 'Not claude', line: 11, 'runs-claude': false, verdict: 'info' }] },
  },
]

describe('later steps: each class of conflict, in every on-conflict mode', () => {
  const cases = CASES.flatMap((c) => MODES_ALL.map((mode) => ({ ...c, mode })))
  test.concurrent.each(cases)('$id [on-conflict: $mode]', ({ text, expected, mode }) => expectJudgement(text, expected, mode))
})

describe('later steps that are fine', () => {
  test.concurrent.each(FINE)('$id', ({ text, expected }) => expectJudgement(text, expected, 'fail'))
})

describe('later steps: YAML as people write it', () => {
  const cases: Case[] = [
    {
      id: 'an anchored env block reused with an alias',
      text: `name: review
on: pull_request
x-stale: &stale
  ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: claude-code-auth/claude-code-auth@v1
        with:
          claude-code-oauth-token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
      - name: Review
        run: claude -p "review"
        env: *stale
`,
      // The alias points at the anchored mapping: its key is written on line 4.
      expected: { conflict: { step: 'Review', name: 'ANTHROPIC_API_KEY', reason: 'instead', line: 4 }, laterSteps: [{ step: 'Review', line: 12, 'runs-claude': true, verdict: 'conflict' }] },
    },
    {
      id: 'a flow mapping',
      text: `${HEAD}      - { name: Review, run: 'claude -p "review"', env: { ANTHROPIC_API_KEY: "\${{ secrets.K }}" } }
`,
      expected: { conflict: { step: 'Review', name: 'ANTHROPIC_API_KEY', reason: 'instead', line: 11 }, laterSteps: [{ step: 'Review', line: 11, 'runs-claude': true, verdict: 'conflict' }] },
    },
    {
      id: 'a folded block scalar (>) and a quoted key, with comments',
      text: `${HEAD}      # the review
      - name: Review # inline comment
        env:
          "ANTHROPIC_AUTH_TOKEN": \${{ secrets.GATEWAY }} # stale
        run: >
          claude -p
          "review"
`,
      expected: { conflict: { step: 'Review', name: 'ANTHROPIC_AUTH_TOKEN', reason: 'instead', line: 14 }, laterSteps: [{ step: 'Review', line: 12, 'runs-claude': true, verdict: 'conflict' }] },
    },
    {
      id: 'a literal block scalar (|) whose third line runs claude --bare',
      text: `${HEAD}      - name: Review
        run: |
          set -e
          cd app

          claude --bare -p "review"
`,
      expected: { conflict: { step: 'Review', name: '--bare', reason: 'forces-bare', line: 16 }, laterSteps: [{ step: 'Review', line: 11, 'runs-claude': true, verdict: 'conflict' }] },
    },
  ]
  test.concurrent.each(cases)('$id', ({ text, expected }) => expectJudgement(text, expected, 'fail'))
})

describe('which steps are judged', () => {
  const BAD_STEP = `      - name: Stale
        run: claude -p "x"
        env:
          ANTHROPIC_API_KEY: \${{ secrets.STALE }}
`

  test.concurrent('steps before this one are not judged (what they wrote to GITHUB_ENV is already in the job env)', () =>
    expectJudgement(
      `name: review
on: pull_request
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
${BAD_STEP}      - uses: claude-code-auth/claude-code-auth@v1
        with:
          claude-code-oauth-token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
      - run: claude -p "review"
`,
      { laterSteps: [{ step: 'step 3 (`claude -p "review"`)', line: 14, 'runs-claude': true, verdict: 'ok' }] },
      'fail',
    ),
  )

  test.concurrent('other jobs are not judged', () =>
    expectJudgement(
      `${HEAD}      - run: claude -p "review"
  other:
    runs-on: ubuntu-latest
    steps:
${BAD_STEP}`,
      { laterSteps: [{ step: 'step 3 (`claude -p "review"`)', line: 11, 'runs-claude': true, verdict: 'ok' }] },
      'fail',
    ),
  )

  test.concurrent('a step with an id: found by GITHUB_ACTION', async () => {
    const text = `name: review
on: pull_request
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - id: auth
        uses: claude-code-auth/claude-code-auth@v1
        with:
          claude-code-oauth-token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
${BAD_STEP}`
    await judged(text, 'fail', ({ result }) => {
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: [stepTitle('Stale', 'ANTHROPIC_API_KEY', 'instead')] })
    }, { action: 'auth' })
  })

  test.concurrent('two uses of this action in one job: the second run judges only the steps after it', async () => {
    const text = `${HEAD}${BAD_STEP}      - uses: claude-code-auth/claude-code-auth@v1
        with:
          claude-code-oauth-token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
      - run: claude -p "second"
`
    // The first use (no id) is __claude-code-auth_claude-code-auth, the second ..._2.
    await judged(text, 'fail', ({ result }) => {
      expect(result.exitCode).toBe(0)
      expect(JSON.parse(result.outputs['later-steps']!)).toEqual([{ step: 'step 5 (`claude -p "second"`)', line: 18, 'runs-claude': true, verdict: 'ok' }])
    }, { action: '__claude-code-auth_claude-code-auth_2' })
    await judged(text, 'fail', ({ result }) => {
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: [stepTitle('Stale', 'ANTHROPIC_API_KEY', 'instead')] })
    })
  })
})

describe('when the workflow cannot be read: a notice, and the run goes on', () => {
  const notChecked = (run: ScenarioRun, because: string) => {
    const { result } = run
    expect(result.exitCode).toBe(0)
    expectTitles(result, { notice: ['Later steps not checked'] })
    expect(result.annotations[0]?.message).toContain(`Later steps were not checked because ${because}`)
    expect(result.summary).toContain('Later steps were not checked because')
    expect(result.outputs['later-steps']).toBe('[]')
  }
  test.concurrent('the workflow file is not in the checkout', () =>
    judged(`${HEAD}`, 'fail', (run) => notChecked(run, '.github/workflows/claude.yml is not in the checkout'), { notInCheckout: true }),
  )
  test.concurrent('a workflow from another repository (a reusable workflow)', () =>
    judged(`${HEAD}`, 'fail', (run) => notChecked(run, 'the workflow comes from another repository (other/shared'), { fromRepository: 'other/shared' }),
  )
  test.concurrent('a job that runs a reusable workflow', () =>
    judged(`${HEAD}  call:\n    uses: other/shared/.github/workflows/r.yml@v1\n`, 'fail', (run) => notChecked(run, 'job `call`'), { job: 'call' }),
  )
  test.concurrent('check-workflow: false', async () => {
    const credential = oauthToken('later/off')
    await inScenario({ inputs: inputsFor('oauth-token', credential, { 'check-workflow': 'false' }), workflow: { text: `${HEAD}${'      - run: claude --bare -p x\n'}` } }, (run) =>
      notChecked(run, '`check-workflow` is `false`'),
    )
  })
})

describe('later steps and the job environment together', () => {
  test.concurrent('on-conflict unset clears a job-level key, and a later step that sets its own still fails', async () => {
    const credential = oauthToken('later/with-job-env')
    const stale = apiKey('later/with-job-env/stale')
    const text = `${HEAD}      - name: Review
        run: claude -p "review"
        env:
          ANTHROPIC_AUTH_TOKEN: \${{ secrets.GATEWAY }}
`
    await inScenario({ inputs: inputsFor('oauth-token', credential, { 'on-conflict': 'unset' }), env: { ANTHROPIC_API_KEY: stale }, workflow: { text } }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential, stale], maskedFirst: [credential, stale] })
      expect(result.exitCode).toBe(1)
      // The run fails, so nothing is exported: the job-level key is not cleared after all, and fails too.
      expectTitles(result, { error: [stepTitle('Review', 'ANTHROPIC_AUTH_TOKEN', 'instead'), conflictTitle('ANTHROPIC_API_KEY', 'instead', 'oauth-token')] })
      expect(result.annotations.map((a) => a.title)).not.toContain(clearedTitle('ANTHROPIC_API_KEY'))
      expectExports(result, {})
    })
  })
})

describe('a later step that takes the credential away', () => {
  test.concurrent('unset of the exported variable before claude: the step is a conflict, at the unset line', () =>
    expectJudgement(
      `${HEAD}      - name: Review
        run: |
          unset CLAUDE_CODE_OAUTH_TOKEN
          claude -p "review"
`,
      { conflict: { step: 'Review', name: 'CLAUDE_CODE_OAUTH_TOKEN', reason: 'not-at-all', line: 13 }, laterSteps: [{ step: 'Review', line: 11, 'runs-claude': true, verdict: 'conflict' }] },
      'fail',
    ),
  )

  test.concurrent('env -i claude: nothing of the job reaches the CLI; the command is named', () =>
    expectJudgement(
      `${HEAD}      - name: Review
        run: env -i PATH="$PATH" claude -p "review"
`,
      { conflict: { step: 'Review', name: 'CLAUDE_CODE_OAUTH_TOKEN', reason: 'not-at-all', line: 12 }, laterSteps: [{ step: 'Review', line: 11, 'runs-claude': true, verdict: 'conflict' }] },
      'fail',
    ),
  )
})

describe('the later-steps table says where a routed step sends its requests', () => {
  test.concurrent('a provider flag on a later step: the provider by its name, never the route\'s internal one', () =>
    judged(
      `${HEAD}      - name: Review
        run: claude -p "review"
        env:
          CLAUDE_CODE_USE_VERTEX: "1"
`,
      'fail',
      ({ result }) => {
        expect(result.exitCode).toBe(1)
        expect(result.summary).toContain('would send every request to Google Vertex AI')
        expect(result.summary).not.toMatch(/every request (goes )?to vertex\b/)
      },
    ),
  )
})

describe("a later step's row is ok only if no finding concerns it", () => {
  // The workflow's stale ANTHROPIC_API_KEY reaches the later `claude` step as much as this one
  // (issue 19): its row in the later-steps output and the job summary must not read "ok, sends
  // your OAuth token". With `unset` it is cleared for later steps, and the row is ok.
  const text = `name: review
on: pull_request
env:
  ANTHROPIC_API_KEY: \${{ secrets.OLD_ANTHROPIC_KEY }}
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: claude-code-auth/claude-code-auth@v1
        with:
          claude-code-oauth-token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
      - name: Review
        run: claude -p "review"
`
  test.concurrent.each([
    ['fail', 'conflict', 1],
    ['warn', 'warned', 0],
    ['unset', 'ok', 0],
  ] as const)('on-conflict: %s → the row reads %s', async (mode, verdict, exitCode) => {
    const stale = apiKey(`later/row/${mode}`)
    await judged(
      text,
      mode,
      (run) => {
        const { result } = run
        expect(result.exitCode).toBe(exitCode)
        expect(JSON.parse(result.outputs['later-steps']!)).toEqual([{ step: 'Review', line: 13, 'runs-claude': true, verdict }])
        const row = result.summary.split('\n').find((l) => l.includes('Review'))
        expect(row).toBeDefined()
        if (verdict === 'ok') expect(row).toContain('sends your OAuth token')
        else expect(row).not.toMatch(/\bok\b|sends your OAuth token/)
      },
      {},
      { ANTHROPIC_API_KEY: stale },
    )
  })
})
