// Property (issue 19, point 2): a later step's row in the summary and in the
// `later-steps` output is `ok` only when no finding concerns that step. The
// engine's findings name the step they concern (`Problem.step`); on generated
// workflows (a stale key at the job level or not; later steps that run
// `claude` with their own `env:`, an `export`, a condition this run cannot
// know, or run something else), built through the action's builders and
// judged by the engine, no `ok` row has a warning or error naming its step,
// and every finding that names a step has that step's row. A finding whose
// fix deletes a workflow line (`Problem.apply`, `delete-line`) is gone once
// the line is deleted.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'

import { actionSetup, actionWorld } from '../../src/action/world.js'
import { withCertainty } from '../../src/common/problems.js'
import { judge } from '../../src/engine/judge.js'
import { isReadVariable } from '../../src/resolve/rules.js'
import { readWorkflow, workflowExtras } from '../../src/scan/workflow/workflow.js'

const TOKEN = `sk-ant-oat01-${'c'.repeat(95)}`

const stepArb = fc.record({
  env: fc.constantFrom('none', 'other-key', 'same-token', 'base-url', 'bare'),
  run: fc.constantFrom('claude -p hi', 'export ANTHROPIC_API_KEY=sk-ant-api03-abc; claude -p hi', 'claude --bare -p hi', 'echo hi', 'npx @anthropic-ai/claude-code -p hi'),
  condition: fc.constantFrom('none', 'none', 'inputs', 'false'),
})
const workflowArb = fc.record({ jobKey: fc.boolean(), steps: fc.array(stepArb, { minLength: 1, maxLength: 4 }), mode: fc.constantFrom('fail', 'warn', 'unset') })

const STEP_ENV: Record<string, string> = {
  none: '',
  'other-key': '        env:\n          ANTHROPIC_API_KEY: ${{ secrets.OTHER_KEY }}\n',
  'same-token': '        env:\n          CLAUDE_CODE_OAUTH_TOKEN: ${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}\n',
  'base-url': '        env:\n          ANTHROPIC_BASE_URL: https://gateway.example.com\n',
  bare: '        env:\n          CLAUDE_CODE_SIMPLE: "1"\n',
}

type Generated = typeof workflowArb extends fc.Arbitrary<infer T> ? T : never

function text(w: Generated): string {
  const steps = w.steps
    .map((s, i) => {
      const condition = s.condition === 'inputs' ? '        if: ${{ inputs.run_claude }}\n' : s.condition === 'false' ? '        if: ${{ false }}\n' : ''
      return `      - name: step ${i + 1}\n${condition}${STEP_ENV[s.env]}        run: ${s.run}\n`
    })
    .join('')
  return `name: review
on: [push, workflow_dispatch]
${w.jobKey ? 'env:\n  ANTHROPIC_API_KEY: ${{ secrets.OLD_ANTHROPIC_KEY }}\n' : ''}jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: claude-code-auth/claude-code-auth@v1
        with:
          claude-code-oauth-token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
          on-conflict: ${w.mode}
${steps}`
}

function judged(root: string, workflowText: string, mode: string, jobKey: boolean) {
  const workspace = join(root, 'ws')
  mkdirSync(join(workspace, '.github', 'workflows'), { recursive: true })
  writeFileSync(join(workspace, 'README.md'), 'x')
  const env: Record<string, string> = {
    HOME: join(root, 'home'),
    GITHUB_WORKSPACE: workspace,
    'INPUT_CLAUDE-CODE-OAUTH-TOKEN': TOKEN,
    'INPUT_ON-CONFLICT': mode,
    ...(jobKey ? { ANTHROPIC_API_KEY: `sk-ant-api03-${'d'.repeat(95)}` } : {}),
  }
  const reading = readWorkflow(workflowText, '.github/workflows/review.yml', { job: 'review', action: '__claude-code-auth_claude-code-auth', actionRepository: 'claude-code-auth/claude-code-auth' })
  expect(reading.ok).toBe(true)
  const setup = actionSetup(env, workspace, reading)
  const extras = reading.ok ? workflowExtras(reading.workflow, env, isReadVariable) : undefined
  const world = actionWorld(env, setup.inputs!, workspace, reading, extras, { home: env.HOME!, projectDir: workspace, repoRoot: workspace, managedSettings: join(root, 'managed.json') })
  const judgement = judge(setup, world)
  return { rows: judgement.decision?.laterSteps?.lines ?? [], findings: judgement.findings.map(withCertainty).filter((p) => p.step !== undefined && p.severity !== 'notice') }
}

describe("a later step's row is ok only if no finding concerns it", () => {
  test('on 300 generated workflows; every workflow line a finding says to delete, deleted, makes it go', () => {
    let named = 0
    let deleted = 0
    fc.assert(
      fc.property(workflowArb, (w) => {
        const root = mkdtempSync(join(tmpdir(), 'cca-rows-'))
        try {
          const workflowText = text(w)
          const { rows, findings } = judged(root, workflowText, w.mode, w.jobKey)
          named += findings.length
          for (const row of rows.filter((r) => r.verdict === 'ok')) {
            expect({ row, findings: findings.filter((p) => p.step === row.step).map((p) => p.rule) }).toEqual({ row, findings: [] })
          }
          for (const p of findings) expect({ rule: p.rule, step: p.step, hasRow: rows.some((r) => r.step === p.step) }).toEqual({ rule: p.rule, step: p.step, hasRow: true })
          // Mechanical fixes in the workflow (Problem.apply delete-line): the line deleted, the finding is gone.
          for (const p of findings) {
            if (p.apply?.kind !== 'delete-line') continue
            expect(p.apply.file).toBe('.github/workflows/review.yml')
            const lines = workflowText.split('\n')
            lines.splice(p.apply.line - 1, 1)
            deleted += 1
            const after = judged(root, lines.join('\n'), w.mode, w.jobKey).findings
            expect({ fixed: `${p.rule} ${p.title}`, remaining: after.filter((a) => a.rule === p.rule && a.title === p.title).length }).toEqual({ fixed: `${p.rule} ${p.title}`, remaining: 0 })
          }
        } finally {
          rmSync(root, { recursive: true, force: true })
        }
      }),
      { seed: 20_261_206, numRuns: 300 },
    )
    // Not vacuous: findings that name a later step were met, and workflow lines were deleted.
    expect({ named: named > 50, deleted: deleted > 20 }).toEqual({ named: true, deleted: true })
  }, 120_000)
})
