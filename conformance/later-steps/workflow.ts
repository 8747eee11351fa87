// A case as the workflow file the action reads, and the same file as the
// runner would run it: parsed with js-yaml (not the action's own reader),
// `${{ secrets.X }}` replaced by the case's secrets.

import { load } from 'js-yaml'
import type { CredentialKind, OnConflict } from '../../src/resolve/model.js'
import { INTENDED_SECRET } from './cases.js'
import type { LaterCase } from './model.js'

export const WORKFLOW_PATH = '.github/workflows/claude.yml'
const REPOSITORY = 'owner/project'
const JOB = 'review'

const INPUT_FOR: Record<CredentialKind, string> = {
  'oauth-token': 'claude-code-oauth-token',
  'api-key': 'anthropic-api-key',
  'auth-token': 'anthropic-auth-token',
}

/** What the runner tells this action's step about the run (see __tests__/process/fixtures.ts). */
export const RUN_IDS: Readonly<Record<string, string>> = {
  GITHUB_REPOSITORY: REPOSITORY,
  GITHUB_WORKFLOW_REF: `${REPOSITORY}/${WORKFLOW_PATH}@refs/heads/main`,
  GITHUB_JOB: JOB,
  // The name the runner generates for a step without an id that uses this action.
  GITHUB_ACTION: '__claude-code-auth_claude-code-auth',
  GITHUB_ACTION_REPOSITORY: 'claude-code-auth/claude-code-auth',
}

/** This action's `with:` lines: the intended secret, or a keyless `method:`; then the case's other inputs. */
function withLines(testCase: LaterCase, mode: OnConflict): string {
  const intended = testCase.intended
  const first = intended in INPUT_FOR ? `${INPUT_FOR[intended as CredentialKind]}: \${{ secrets.${INTENDED_SECRET[intended as CredentialKind]} }}` : `method: ${intended}`
  const more = Object.entries(testCase.with ?? {}).map(([name, value]) => `${name}: ${JSON.stringify(value)}`)
  return [first, ...more, `on-conflict: ${mode}`].map((line) => `          ${line}\n`).join('')
}

/** The workflow file: checkout, this action with the intended secret (or keyless method), then the case's later steps. */
export function renderWorkflow(testCase: LaterCase, mode: OnConflict): string {
  const jobEnv = Object.entries(testCase.jobEnv ?? {})
  const envBlock = jobEnv.length ? `    env:\n${jobEnv.map(([name, value]) => `      ${name}: ${value}\n`).join('')}` : ''
  // Federation needs the job's OIDC token: the runner then gives every step ACTIONS_ID_TOKEN_REQUEST_* (sandbox.ts).
  const permissions = testCase.intended === 'federation' ? '    permissions:\n      id-token: write\n      contents: read\n' : ''
  return `name: review
on: pull_request
jobs:
  ${JOB}:
    runs-on: ubuntu-latest
${permissions}${envBlock}    steps:
      - uses: actions/checkout@v5
      - uses: claude-code-auth/claude-code-auth@v1
        with:
${withLines(testCase, mode)}${testCase.later}`
}

export interface RunnableStep {
  label: string
  /** The step's `env:`, expressions evaluated. */
  env: Record<string, string>
  /** The `run:` script, expressions evaluated (the runner does this before the shell sees it). */
  run: string
}

export interface WorkflowRun {
  /** The job's `env:`, evaluated. */
  jobEnv: Record<string, string>
  /** This action's `with:`, evaluated. */
  inputs: Record<string, string>
  later: RunnableStep[]
}

/** `${{ secrets.X }}` as the runner evaluates it (an unknown secret is empty); anything else is not needed here. */
export function evaluate(text: string, secrets: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (whole, inner: string) => {
    const match = /^\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(inner)
    if (!match) throw new Error(`later-step case uses an expression the suite does not evaluate: ${whole}`)
    return secrets[match[1]] ?? ''
  })
}

type Mapping = Record<string, unknown>
const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value)

function evaluatedBlock(block: unknown, secrets: Readonly<Record<string, string>>): Record<string, string> {
  if (block === undefined || block === null) return {}
  if (!isMapping(block)) throw new Error('later-step case: an `env:` or `with:` block is not a mapping')
  return Object.fromEntries(Object.entries(block).map(([name, value]) => [name, evaluate(String(value), secrets)]))
}

export function workflowForRun(text: string, secrets: Readonly<Record<string, string>>): WorkflowRun {
  const root = load(text)
  const job = isMapping(root) && isMapping(root.jobs) ? root.jobs[JOB] : undefined
  if (!isMapping(job) || !Array.isArray(job.steps)) throw new Error(`later-step case: no job \`${JOB}\` with steps`)
  const steps = job.steps as unknown[]
  const self = steps.findIndex((step) => isMapping(step) && typeof step.uses === 'string' && step.uses.startsWith('claude-code-auth/claude-code-auth@'))
  if (self < 0) throw new Error('later-step case: no step uses this action')
  const later = steps.slice(self + 1).map((step, k): RunnableStep => {
    if (!isMapping(step) || typeof step.run !== 'string') throw new Error(`later-step case: step ${self + 2 + k} has no \`run:\``)
    return { label: typeof step.name === 'string' ? step.name : `step ${self + 2 + k}`, env: evaluatedBlock(step.env, secrets), run: evaluate(step.run, secrets) }
  })
  return { jobEnv: evaluatedBlock(job.env, secrets), inputs: evaluatedBlock((steps[self] as Mapping).with, secrets), later }
}
