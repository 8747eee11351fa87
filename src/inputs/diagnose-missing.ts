// When no credential input arrives, say why: a fork pull request or a
// Dependabot run gets no secrets, otherwise the secret is missing or misspelt.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Env } from './inputs.js'
import { problem, type Problem } from '../common/problems.js'

const CREDENTIAL_INPUTS = ['claude-code-oauth-token', 'anthropic-api-key', 'anthropic-auth-token']
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment'])

type Payload = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

function readPayload(env: Env): Payload {
  try {
    const payload: unknown = env.GITHUB_EVENT_PATH ? JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) : {}
    return typeof payload === 'object' && payload !== null ? (payload as Payload) : {}
  } catch {
    return {}
  }
}

/** `input: ${{ secrets.NAME }}` pairs from the running workflow file, when it is checked out. */
export function referencedSecrets(env: Env): { input: string; secret: string }[] {
  const ref = env.GITHUB_WORKFLOW_REF ?? ''
  const repository = env.GITHUB_REPOSITORY ?? ''
  if (!ref.startsWith(`${repository}/`) || !env.GITHUB_WORKSPACE) return []
  const relative = ref.slice(repository.length + 1).split('@')[0]
  let text: string
  try {
    text = readFileSync(join(env.GITHUB_WORKSPACE, relative), 'utf8')
  } catch {
    return []
  }
  const pattern = new RegExp(`\\b(${CREDENTIAL_INPUTS.join('|')})\\s*:\\s*\\$\\{\\{\\s*secrets\\.([A-Za-z_][A-Za-z0-9_]*)\\s*\\}\\}`, 'g')
  const found: { input: string; secret: string }[] = []
  for (const match of text.matchAll(pattern)) {
    if (!found.some((f) => f.input === match[1] && f.secret === match[2])) found.push({ input: match[1], secret: match[2] })
  }
  return found
}

export function diagnoseMissingCredential(env: Env): Problem {
  const payload = readPayload(env)
  const secrets = referencedSecrets(env)
  const named = secrets.length > 0 ? secrets.map((s) => `secrets.${s.secret} (for \`${s.input}\`)`).join(', ') : 'the secret'
  const origin = 'inputs `claude-code-oauth-token`, `anthropic-api-key`, `anthropic-auth-token`'
  const title = 'No credential given'
  const empty = secrets.length > 0 ? `${named} arrived empty.` : 'All three credential inputs are empty.'

  const actor = env.GITHUB_ACTOR ?? payload.sender?.login
  if (actor === 'dependabot[bot]') {
    return problem(
      'error',
      title,
      `${empty} This run was started by Dependabot, and Dependabot runs receive only Dependabot secrets, not Actions secrets.`,
      origin,
      `add ${secrets.length > 0 ? secrets.map((s) => s.secret).join(', ') : 'the secret'} under Settings → Secrets and variables → Dependabot, or skip this job for Dependabot with \`if: github.actor != 'dependabot[bot]'\``,
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
      `${empty} This pull request comes from a fork, and GitHub does not pass secrets to workflows triggered from forks.`,
      origin,
      "skip the step for forks with `if: github.event.pull_request.head.repo.full_name == github.repository`, or ask a maintainer to push the branch to this repository; do not switch to `pull_request_target` for untrusted code",
    )
  }
  return problem(
    'error',
    title,
    `${empty} Exactly one of \`claude-code-oauth-token\`, \`anthropic-api-key\` or \`anthropic-auth-token\` is required.`,
    origin,
    secrets.length > 0
      ? `check that ${secrets.map((s) => s.secret).join(', ')} exists in this repository's, environment's or organisation's Actions secrets, spelt exactly so, and is available to this repository`
      : 'pass one, e.g. `claude-code-oauth-token: ${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}`, and check that the secret exists and is spelt exactly so',
  )
}
