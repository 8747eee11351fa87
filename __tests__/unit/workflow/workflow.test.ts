import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { WorkflowModel, WorkflowReading } from '../../../src/scan/workflow/model.js'
import { readWorkflow, stepContextNames, type StepIds } from '../../../src/scan/workflow/workflow.js'
import { parseYaml } from '../../../src/scan/workflow/yaml-tree.js'

const PATH = '.github/workflows/ci.yml'
const ok = (reading: WorkflowReading): WorkflowModel => {
  if (!reading.ok) throw new Error(`not read: ${reading.reason}`)
  return reading.workflow
}
const read = (text: string, ids: Partial<StepIds> = {}) => readWorkflow(text, PATH, { job: 'j', action: 'auth', ...ids })
const names = (stepsYaml: string) => {
  const parsed = parseYaml(stepsYaml)
  if (!parsed.ok || parsed.root?.kind !== 'sequence') throw new Error('bad test input')
  return stepContextNames(parsed.root.items)
}

describe('step names as the runner generates them (GITHUB_ACTION)', () => {
  test('ids are names; uses steps get __owner_repo, run steps __run; characters other than A-Za-z0-9_- become _', () => {
    expect(
      names(`
- uses: actions/checkout@v4
- id: build
  run: make
- run: make test
- uses: anthropics/claude-code-action@v1
- uses: my.org/some.action/sub/path@main
- uses: docker://alpine:3.20
`),
    ).toEqual(['__actions_checkout', 'build', '__run', '__anthropics_claude-code-action', '__my_org_some_action', '__alpine_3_20'])
  })

  test('repeats get _2, _3 in the same job, counting every generated name; uses: ./ is __self', () => {
    expect(
      names(`
- run: a
- uses: actions/checkout@v4
- run: b
- uses: ./
- uses: actions/checkout@v4
- uses: ./.github/actions/setup
- run: c
`),
    ).toEqual(['__run', '__actions_checkout', '__run_2', '__self', '__actions_checkout_2', '__self_2', '__run_3'])
  })

  test('a generated name avoids every id, ignoring case, even an id written later', () => {
    expect(names('- run: a\n- id: __RUN\n  run: b\n- run: c\n')).toEqual(['__run_2', '__RUN', '__run_3'])
  })
})

const JOB = (steps: string, extra = '') => `on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n${extra}    steps:\n${steps}`

describe('finding this step', () => {
  test('by id (GITHUB_ACTION), with steps before it left out and every step after it kept', () => {
    const wf = ok(
      read(
        JOB(`      - uses: actions/checkout@v4
      - id: auth
        uses: OWNER/claude-code-auth@v1
      - run: claude -p one
      - run: claude -p two
`),
      ),
    )
    expect([wf.self.index, wf.self.contextName, wf.self.line]).toEqual([1, 'auth', 7])
    expect(wf.later.map((s) => [s.index, s.contextName, s.label])).toEqual([
      [2, '__run', 'step 3 (`claude -p one`)'],
      [3, '__run_2', 'step 4 (`claude -p two`)'],
    ])
  })

  test('by generated name, the second of two uses of this action in one job', () => {
    const text = JOB(`      - uses: OWNER/claude-code-auth@v1
        with: { anthropic-api-key: a }
      - run: claude -p between
      - uses: OWNER/claude-code-auth@v1
        with: { anthropic-api-key: b }
      - run: claude -p after
`)
    const first = ok(read(text, { action: '__OWNER_claude-code-auth', actionRepository: 'OWNER/claude-code-auth' }))
    const second = ok(read(text, { action: '__OWNER_claude-code-auth_2', actionRepository: 'OWNER/claude-code-auth' }))
    expect([first.self.index, first.self.with['anthropic-api-key']!.value, first.later.length]).toEqual([0, { kind: 'literal', text: 'a' }, 3])
    expect([second.self.index, second.self.with['anthropic-api-key']!.value, second.later.length]).toEqual([2, { kind: 'literal', text: 'b' }, 1])
  })

  test('uses: ./ is __self', () => {
    const wf = ok(read(JOB('      - uses: actions/checkout@v4\n      - uses: ./\n      - run: claude\n'), { action: '__self' }))
    expect([wf.self.index, wf.self.uses]).toEqual([1, './'])
  })

  test('when GITHUB_ACTION names no step (e.g. inside a composite action), the single step using GITHUB_ACTION_REPOSITORY', () => {
    const wf = ok(read(JOB('      - run: echo\n      - uses: owner/Claude-Code-Auth@v1\n      - run: claude\n'), { action: 'inner', actionRepository: 'OWNER/claude-code-auth' }))
    expect(wf.self.index).toBe(1)
  })

  test('a local action found by GITHUB_ACTION_PATH', () => {
    const wf = ok(read(JOB('      - uses: ./.github/actions/auth\n      - run: claude\n'), { action: 'x', actionRepository: '', actionPath: '/home/runner/work/r/r/.github/actions/auth' }))
    expect(wf.self.index).toBe(0)
  })

  test('ambiguous or absent: a reason', () => {
    const twice = JOB('      - uses: owner/claude-code-auth@v1\n      - uses: owner/claude-code-auth@v1\n')
    expect(read(twice, { action: 'inner', actionRepository: 'owner/claude-code-auth' })).toEqual({
      ok: false,
      path: PATH,
      reason: 'this action is used 2 times and GITHUB_ACTION (`inner`) names none of those steps (job `j` in .github/workflows/ci.yml)',
    })
    expect(read(JOB('      - run: echo\n'), { action: 'auth', actionRepository: 'owner/claude-code-auth' })).toEqual({
      ok: false,
      path: PATH,
      reason: "no step is this action's step: none is named `auth` (GITHUB_ACTION) or uses owner/claude-code-auth (job `j` in .github/workflows/ci.yml)",
    })
  })
})

describe('reasons the workflow cannot be read', () => {
  test('a missing job', () => {
    expect(read(JOB('      - run: a\n'), { job: 'other' })).toEqual({ ok: false, path: PATH, reason: 'job `other` is not in .github/workflows/ci.yml', calls: [] })
  })

  test('a missing job, in a file that calls reusable workflows', () => {
    expect(read('on: push\njobs:\n  call:\n    uses: org/repo/.github/workflows/r.yml@v1\n', { job: 'inner' })).toEqual({
      ok: false,
      path: PATH,
      reason: 'job `inner` is not in .github/workflows/ci.yml; it may be a job of a reusable workflow that this file calls, which this check does not read',
      calls: ['org/repo/.github/workflows/r.yml@v1'],
    })
  })

  test('a job that runs a reusable workflow', () => {
    expect(read('on: push\njobs:\n  j:\n    uses: ./.github/workflows/review.yml\n    secrets: inherit\n')).toEqual({
      ok: false,
      path: PATH,
      reason: 'job `j` in .github/workflows/ci.yml runs the reusable workflow `./.github/workflows/review.yml`, whose steps this check does not read',
      calls: ['./.github/workflows/review.yml'],
    })
  })

  test('a YAML syntax error, with its line', () => {
    expect(read('on: push\njobs:\n  j:\n    steps:\n   - run: x\n')).toEqual({
      ok: false,
      path: PATH,
      reason: 'the workflow file .github/workflows/ci.yml is not valid YAML on line 5 (bad indentation of a mapping entry)',
    })
  })

  test('no jobs, no steps, no GITHUB_JOB', () => {
    expect(read('name: x\n')).toMatchObject({ ok: false, reason: '.github/workflows/ci.yml has no `jobs:`' })
    expect(read('on: push\njobs:\n  j:\n    runs-on: x\n')).toMatchObject({ ok: false, reason: 'job `j` in .github/workflows/ci.yml has no `steps:`' })
    expect(read(JOB('      - run: a\n'), { job: '' })).toMatchObject({ ok: false, reason: 'GITHUB_JOB is not set, so this job cannot be found in the workflow file' })
  })
})

describe('what is read', () => {
  test('workflow and job env, values classified; YAML true and numbers become their text, and an alias env works', () => {
    const wf = ok(
      read(`on: push
env: &common
  CI: true
  RETRIES: 3
  EMPTY: ''
  NOTHING:
  KEY: \${{ secrets.ANTHROPIC_API_KEY }}
jobs:
  j:
    env: *common
    steps:
      - id: auth
        uses: o/claude-code-auth@v1
`),
    )
    expect(wf.env).toEqual({
      CI: { name: 'CI', value: { kind: 'literal', text: 'true' }, line: 3 },
      RETRIES: { name: 'RETRIES', value: { kind: 'literal', text: '3' }, line: 4 },
      EMPTY: { name: 'EMPTY', value: { kind: 'literal', text: '' }, line: 5 },
      NOTHING: { name: 'NOTHING', value: { kind: 'literal', text: '' }, line: 6 },
      KEY: { name: 'KEY', value: { kind: 'expression', text: '${{ secrets.ANTHROPIC_API_KEY }}', refs: ['secrets.ANTHROPIC_API_KEY'] }, line: 7 },
    })
    expect(wf.job.env).toEqual(wf.env)
  })

  test('on: as a string, a list and a mapping', () => {
    const on = (value: string) => ok(read(`on: ${value}\njobs:\n  j:\n    steps:\n      - id: auth\n        uses: o/a@v1\n`)).on
    expect(on('push')).toEqual(['push'])
    expect(on('[push, pull_request]')).toEqual(['push', 'pull_request'])
    expect(on('\n  pull_request_target:\n    types: [opened]\n  workflow_dispatch:')).toEqual(['pull_request_target', 'workflow_dispatch'])
  })

  test('permissions (workflow and job), environment (both forms), job if', () => {
    const base = (job: string) => `on: push\npermissions: read-all\njobs:\n  j:\n${job}    steps:\n      - id: auth\n        uses: o/a@v1\n`
    const wf = ok(read(base("    if: github.actor != 'x'\n    environment: prod\n    permissions:\n      contents: read\n      id-token: write\n")))
    expect([wf.permissions, wf.job.permissions, wf.job.environment, wf.job.if]).toEqual(['read-all', { contents: 'read', 'id-token': 'write' }, 'prod', "github.actor != 'x'"])
    expect(ok(read(base('    environment:\n      name: staging\n      url: https://x\n'))).job.environment).toBe('staging')
  })

  test("a step's id, name, uses, with, env, if, run, shell and working-directory, with lines", () => {
    const wf = ok(
      read(
        JOB(`      - id: auth
        uses: o/claude-code-auth@v1
      - name: Review
        id: review
        if: \${{ success() }}
        shell: bash -e {0}
        working-directory: src
        env:
          ANTHROPIC_API_KEY: \${{ secrets.K }}
          ANTHROPIC_AUTH_TOKEN: ''
        run: |
          export CLAUDE_CODE_USE_BEDROCK=1
          claude -p "review"
`),
      ),
    )
    const [step] = wf.later
    expect(step).toMatchObject({
      index: 1,
      line: 8,
      id: 'review',
      name: 'Review',
      label: 'Review',
      if: '${{ success() }}',
      env: {
        ANTHROPIC_API_KEY: { name: 'ANTHROPIC_API_KEY', value: { kind: 'expression', text: '${{ secrets.K }}', refs: ['secrets.K'] }, line: 14 },
        ANTHROPIC_AUTH_TOKEN: { name: 'ANTHROPIC_AUTH_TOKEN', value: { kind: 'literal', text: '' }, line: 15 },
      },
      run: { text: 'export CLAUDE_CODE_USE_BEDROCK=1\nclaude -p "review"\n', line: 17, shell: 'bash -e {0}', workingDirectory: 'src', analysis: 'shell' },
      scriptAssignments: [{ name: 'CLAUDE_CODE_USE_BEDROCK', value: { kind: 'literal', text: '1' }, line: 17, form: 'export' }],
    })
    expect(step!.claude.map((c) => [c.line, c.args, c.scriptEnv.map((e) => e.name)])).toEqual([[18, ['-p', 'review'], ['CLAUDE_CODE_USE_BEDROCK']]])
  })

  test('defaults.run of the job, else of the workflow, give the shell; pwsh is words-only', () => {
    const text = `on: push
defaults:
  run:
    shell: pwsh
    working-directory: top
jobs:
  j:
    defaults:
      run:
        working-directory: job
    steps:
      - id: auth
        uses: o/a@v1
      - run: claude --bare -p x
      - shell: bash
        run: claude -p y
`
    const [pwsh, bash] = ok(read(text)).later
    expect([pwsh!.run, pwsh!.claude.map((c) => [c.line, c.bare])]).toEqual([
      { text: 'claude --bare -p x', line: 14, shell: 'pwsh', workingDirectory: 'job', analysis: 'words-only' },
      [[14, true]],
    ])
    expect(bash!.run!.analysis).toBe('shell')
  })

  test('no shell: bash, except on a Windows runner', () => {
    const text = JOB('      - id: auth\n        uses: o/a@v1\n      - run: export A=1\n')
    expect(ok(read(text)).later[0]!.run!.analysis).toBe('shell')
    expect(ok(read(text, { runnerOs: 'Windows' })).later[0]!.run!.analysis).toBe('words-only')
  })

  test('env: ${{ … }} as a whole is kept as an expression', () => {
    const wf = ok(read(JOB('      - id: auth\n        uses: o/a@v1\n      - env: ${{ fromJSON(vars.ENV) }}\n        run: claude\n', '    env: ${{ fromJSON(vars.JOB_ENV) }}\n')))
    expect(wf.job.envExpression).toEqual({ name: 'env', value: { kind: 'expression', text: '${{ fromJSON(vars.JOB_ENV) }}', refs: ['vars.JOB_ENV'] }, line: 5 })
    expect(wf.later[0]!.envExpression!.line).toBe(9)
  })

  test('labels: name, else id, else the first line of run or the uses', () => {
    const wf = ok(read(JOB('      - id: auth\n        uses: o/a@v1\n      - uses: actions/cache@v4\n      - run: |\n\n          npm ci\n          npm test\n')))
    expect(wf.later.map((s) => s.label)).toEqual(['step 2 (`actions/cache@v4`)', 'step 3 (`npm ci`)'])
  })

  test('a Claude action step is mapped', () => {
    const wf = ok(read(JOB('      - id: auth\n        uses: o/a@v1\n      - uses: anthropics/claude-code-action@v1\n        with:\n          use_bedrock: true\n')))
    expect(wf.later[0]!.claudeAction!.env.find((v) => v.name === 'CLAUDE_CODE_USE_BEDROCK')).toEqual({
      name: 'CLAUDE_CODE_USE_BEDROCK',
      value: { kind: 'literal', text: '1' },
      line: 10,
      input: 'use_bedrock',
      flag: true,
    })
  })
})

describe('the realistic fixture', () => {
  const text = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/workflows/review.yml'), 'utf8')
  const wf = ok(readWorkflow(text, '.github/workflows/review.yml', { job: 'review', action: 'auth', actionRepository: 'OWNER/claude-code-auth' }))

  test('the job, this step and the later steps, other jobs ignored', () => {
    expect([wf.on, wf.job.id, wf.job.environment, wf.self.index, wf.self.line, wf.later.length]).toEqual([['push', 'pull_request', 'workflow_dispatch'], 'review', 'claude', 4, 90, 11])
    expect(Object.keys(wf.job.env)).toEqual(['ANTHROPIC_BASE_URL', 'REVIEW_DEPTH', 'MAX_TURNS'])
  })

  test('every claude command, GITHUB_ENV write and Claude action, with file lines', () => {
    expect(wf.later.flatMap((s) => s.claude.map((c) => [s.contextName, c.line, c.command, c.bare]))).toEqual([
      ['__run_3', 107, 'claude', false],
      ['__run_4', 114, 'claude', true],
      ['__run_7', 136, 'npx -y @anthropic-ai/claude-code', false],
      ['__run_8', 160, 'claude', false],
      ['__run_9', 165, 'claude', false],
    ])
    expect(wf.later.flatMap((s) => s.githubEnvWrites.map((w) => [w.name, w.value.kind, w.line]))).toEqual([
      ['ANTHROPIC_MODEL', 'literal', 117],
      ['CLAUDE_CODE_MAX_OUTPUT_TOKENS', 'literal', 119],
      ['DISABLE_TELEMETRY', 'literal', 120],
      ['ANTHROPIC_AUTH_TOKEN', 'shell', 129],
    ])
    expect(wf.later.flatMap((s) => (s.claudeAction ? [[s.contextName, s.claudeAction.action, s.claudeAction.settingsFlag]] : []))).toEqual([
      ['__anthropics_claude-code-action', 'anthropics/claude-code-action', '{"env":{"DISABLE_TELEMETRY":"1"}}'],
      ['__anthropics_claude-code-action_2', 'anthropics/claude-code-action/base-action', undefined],
    ])
  })

  test('the aliased env of another job reads the same', () => {
    const docs = ok(readWorkflow(text, '.github/workflows/review.yml', { job: 'docs', action: '__run_2' }))
    expect([docs.self.label, Object.keys(docs.job.env)]).toEqual(['Ask Claude for a docs summary', ['ANTHROPIC_BASE_URL', 'REVIEW_DEPTH', 'MAX_TURNS']])
  })
})
