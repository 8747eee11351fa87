// When no credential input arrives, say why: a fork pull request or a
// Dependabot run gets no secrets, a reusable workflow gets only the secrets
// its caller passes, an environment secret needs `environment:`, otherwise
// the secret is missing or misspelt. The workflow file, when it was read,
// names the secret the step passes.

import { readFileSync } from 'node:fs'
import { problem, type Problem } from '../common/problems.js'
import type { WorkflowReading } from '../scan/workflow/model.js'
import type { Env } from './inputs.js'

const CREDENTIAL_INPUTS = ['claude-code-oauth-token', 'anthropic-api-key', 'anthropic-auth-token']
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment'])

const FORK_DOCS = 'https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions#using-secrets-in-a-workflow'
const DEPENDABOT_DOCS = 'https://docs.github.com/en/code-security/dependabot/troubleshooting-dependabot/troubleshooting-dependabot-on-github-actions#accessing-secrets'
const REUSABLE_DOCS = 'https://docs.github.com/en/actions/sharing-automations/reusing-workflows#passing-inputs-and-secrets-to-a-reusable-workflow'

type Payload = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

function readPayload(env: Env): Payload {
  try {
    const payload: unknown = env.GITHUB_EVENT_PATH ? JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) : {}
    return typeof payload === 'object' && payload !== null ? (payload as Payload) : {}
  } catch {
    return {}
  }
}

/** `input: ${{ secrets.NAME }}` pairs of this step, from the workflow file when it was read. */
export function referencedSecrets(reading: WorkflowReading | undefined): { input: string; secret: string }[] {
  if (!reading?.ok) return []
  const found: { input: string; secret: string }[] = []
  for (const input of CREDENTIAL_INPUTS) {
    const value = reading.workflow.self.with[input]?.value
    if (value?.kind !== 'expression') continue
    for (const ref of value.refs) {
      const secret = /^secrets\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(ref)?.[1]
      if (secret) found.push({ input, secret })
    }
  }
  return found
}

export function diagnoseMissingCredential(env: Env, reading?: WorkflowReading): Problem {
  const payload = readPayload(env)
  const secrets = referencedSecrets(reading)
  const names = secrets.map((s) => s.secret)
  const named = secrets.length > 0 ? secrets.map((s) => `secrets.${s.secret}`).join(' and ') : 'The credential'
  const where = secrets.length > 0 ? secrets.map((s) => `input \`${s.input}\` (secrets.${s.secret})`).join(', ') : 'inputs `claude-code-oauth-token`, `anthropic-api-key`, `anthropic-auth-token`'
  const at = reading?.ok ? secrets.map((s) => reading.workflow.self.with[s.input]).find(Boolean) : undefined
  const extra = { ...(at && reading?.ok ? { at: { file: reading.workflow.path, line: at.line } } : {}) }
  const title = 'No credential arrived'
  const list = names.length > 0 ? names.join(', ') : 'the secret'

  const actor = env.GITHUB_ACTOR ?? payload.sender?.login
  if (actor === 'dependabot[bot]') {
    return problem(
      'error',
      title,
      `${named} arrived empty because Dependabot started this run, and Dependabot runs get only Dependabot secrets.`,
      where,
      `add ${list} under Settings → Secrets and variables → Dependabot, or skip the whole job for Dependabot with \`if: github.actor != 'dependabot[bot]'\` on the job`,
      { ...extra, url: DEPENDABOT_DOCS, rule: 'missing-credential/dependabot' },
    )
  }
  const pr = payload.pull_request
  const fromFork =
    PULL_REQUEST_EVENTS.has(env.GITHUB_EVENT_NAME ?? '') &&
    typeof pr === 'object' &&
    pr !== null &&
    (pr.head?.repo?.fork === true || (pr.head?.repo?.full_name !== undefined && pr.head.repo.full_name !== pr.base?.repo?.full_name))
  if (fromFork) {
    return problem(
      'error',
      title,
      `${named} arrived empty because this pull request comes from a fork, and GitHub passes no secrets to workflows run for forks.`,
      where,
      'run the job only for branches of this repository: `if: github.event.pull_request.head.repo.full_name == github.repository` on the job (skipping just this step would break the `claude` step after it); never switch to `pull_request_target` for untrusted code',
      { ...extra, url: FORK_DOCS, rule: 'missing-credential/fork' },
    )
  }
  if (reading?.ok && reading.workflow.on.includes('workflow_call') && secrets.length > 0) {
    return problem(
      'error',
      title,
      `${named} arrived empty in this reusable workflow: it gets only the secrets its caller passes.`,
      where,
      `in the caller's job that \`uses:\` this workflow, add \`secrets: inherit\`, or pass it by name (\`secrets:\` then \`${names[0]}: \${{ secrets.${names[0]} }}\`)`,
      { ...extra, url: REUSABLE_DOCS, rule: 'missing-credential/reusable-workflow' },
    )
  }
  if (secrets.length > 0) {
    const environment = reading?.ok ? reading.workflow.job.environment : undefined
    const environmentFix = environment
      ? `; the job uses the environment \`${environment}\`, so an environment secret must be defined there`
      : '; if it is an environment secret, add `environment: <name>` to the job'
    return problem(
      'error',
      title,
      `${named} arrived empty: no secret of that name is available to this run.`,
      where,
      `create ${list} under Settings → Secrets and variables → Actions (repository or organisation), spelt exactly so${environmentFix}`,
      { ...(extra), rule: 'missing-credential/secret-missing' },
    )
  }
  return problem(
    'error',
    title,
    'All three credential inputs are empty, and exactly one of `claude-code-oauth-token`, `anthropic-api-key` or `anthropic-auth-token` is required.',
    where,
    'pass one, e.g. `claude-code-oauth-token: ${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}`, and check that the secret exists, spelt exactly so',
    { rule: 'missing-credential/no-input' },
  )
}
