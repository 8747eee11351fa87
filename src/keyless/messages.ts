// Titles, causes and fixes for the keyless ways in: workload identity
// federation, an apiKeyHelper, an existing /login. First sentence the cause.

import { problem, type Problem } from '../common/problems.js'
import type { FederationFailure } from './federation.js'
import type { HelperRun } from './helper.js'
import { HELPER_OUTPUT_LIMIT } from './limits.js'

const WIF_DOCS = 'https://platform.claude.com/docs/en/manage-claude/wif-providers/github-actions'
const HELPER_DOCS = 'https://code.claude.com/docs/en/settings#apikeyhelper'

export function federationProblem(failure: FederationFailure, audience: string): Problem {
  switch (failure.step) {
    case 'oidc-permission':
      return problem(
        'error',
        'No GitHub OIDC token for this job',
        'GitHub gives this step no OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set), so there is nothing to exchange for an Anthropic token.',
        'the job `permissions:`',
        'add `permissions:` with `id-token: write` (and `contents: read`) to the job; on a pull request from a fork GitHub never grants it',
        { url: WIF_DOCS, rule: 'federation/no-oidc-token' },
      )
    case 'oidc':
      return problem('error', 'GitHub OIDC token request failed', `GitHub did not hand out an OIDC token for audience ${audience} (${failure.detail}).`, 'ACTIONS_ID_TOKEN_REQUEST_URL', 're-run the job; if it persists, check `id-token: write` and GitHub status', { url: WIF_DOCS, rule: 'federation/oidc-request-failed' })
    case 'exchange': {
      const said = failure.serverMessage ? ` The endpoint said "${failure.serverMessage.slice(0, 200)}".` : ''
      if (failure.status === 401 || failure.status === 403) {
        return problem(
          'error',
          'Federation exchange refused',
          `Anthropic refused to exchange this job's OIDC token (HTTP ${failure.status}).${said}`,
          'inputs `anthropic-federation-rule-id`, `anthropic-organization-id`',
          `check in the Console that the rule matches this job: its subject (repo:owner/repo:ref:refs/heads/branch, :pull_request or :environment:name), the audience (${audience}), and, when the rule spans several workspaces, set \`anthropic-workspace-id\`; the Console's authentication history names the reason`,
          { url: WIF_DOCS, rule: 'federation/exchange-refused' },
        )
      }
      return problem('error', 'Federation exchange failed', `The exchange at Anthropic's token endpoint failed (${failure.detail}).${said}`, 'the token endpoint (ANTHROPIC_BASE_URL or api.anthropic.com)', 'check the runner can reach the endpoint (proxy, firewall), then re-run', { url: WIF_DOCS, rule: 'federation/exchange-failed' })
    }
  }
}

export function federationExpiryProblem(expiresAt: number | undefined, now: number): Problem {
  if (expiresAt === undefined) {
    return problem('notice', 'Federated token exchanged', 'This action exchanged the job\'s OIDC token once; later steps send the exchanged token as CLAUDE_CODE_OAUTH_TOKEN (the endpoint did not say when it expires).', 'the token endpoint', 'nothing to do', { rule: 'federation/exchanged' })
  }
  const minutes = Math.round((expiresAt - now) / 60_000)
  const when = new Date(expiresAt).toISOString()
  return problem(
    minutes < 30 ? 'warning' : 'notice',
    'Federated token exchanged',
    `This action exchanged the job's OIDC token once; later steps send the exchanged token as CLAUDE_CODE_OAUTH_TOKEN until it expires at ${when} (in ${minutes} min).`,
    'the token endpoint',
    minutes < 30 ? 'keep the Claude Code steps within that time, or run this action again right before them' : 'nothing to do; steps that run longer than that need this action again before them',
    { rule: 'federation/exchanged' },
  )
}

export function oidcStillAvailableProblem(): Problem {
  return problem(
    'notice',
    'Later steps can still request OIDC tokens',
    'The runner gives every step of this job ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN (set after GITHUB_ENV, so no action can remove them), and Claude Code does not need them once the token is exchanged.',
    'the job `permissions: id-token: write`',
    'to keep them from Claude Code, start it as `env -u ACTIONS_ID_TOKEN_REQUEST_URL -u ACTIONS_ID_TOKEN_REQUEST_TOKEN claude …`',
    { rule: 'federation/oidc-still-available' },
  )
}

export function helperProblem(run: Extract<HelperRun, { ok: false }>, where: string, timeoutMs: number): Problem {
  const err = run.stderr ? ` It wrote to stderr: "${run.stderr.replace(/\s+/g, ' ').trim().slice(0, 200)}".` : ''
  const causes: Record<typeof run.reason, string> = {
    'timed-out': `The apiKeyHelper did not finish within ${Math.round(timeoutMs / 1000)} s; Claude Code would wait up to 10 minutes, then send its requests with empty credentials.${err}`,
    failed: `The apiKeyHelper exited ${run.exitCode}; Claude Code would still send its requests, with empty credentials.${err}`,
    empty: `The apiKeyHelper printed nothing; Claude Code would send its requests with empty credentials.${err}`,
    lines: 'The apiKeyHelper printed more than one line; Claude Code 2.1.330 refuses that ("cannot be used as an API key") and sends empty credentials.',
    'too-long': `The apiKeyHelper printed ${run.length} characters, more than the ${HELPER_OUTPUT_LIMIT} Claude Code accepts.`,
    characters: 'The apiKeyHelper printed characters outside printable ASCII, which an HTTP header cannot carry.',
    'not-started': 'The apiKeyHelper could not be started (`/bin/sh` is missing or the project folder is not readable).',
  }
  const fixes: Record<typeof run.reason, string> = {
    'timed-out': 'make the helper faster (cache its token), or raise `helper-timeout`',
    failed: 'run the helper by hand in this job to see why; it must print only the key',
    empty: 'make the helper print the key on stdout',
    lines: 'print only the key: send banners and logs to stderr',
    'too-long': 'print only the key',
    characters: 'print only the key, as plain ASCII',
    'not-started': 'run this step on a runner with /bin/sh, after actions/checkout',
  }
  return problem('error', 'apiKeyHelper failed', causes[run.reason], where, fixes[run.reason], { url: HELPER_DOCS, rule: 'helper/failed' })
}

export function noHelperProblem(bare: boolean, settingsFile: string | undefined): Problem {
  return problem(
    'error',
    'No apiKeyHelper to use',
    bare
      ? 'With `bare: true`, Claude Code reads an apiKeyHelper only from a file passed with `--settings`, and `settings-file` names none (or it has no `apiKeyHelper`).'
      : `No settings file Claude Code reads here sets \`apiKeyHelper\`${settingsFile ? `, ${settingsFile} included` : ''}.`,
    'input `settings-file` and the settings files',
    'set `settings-file` to the JSON file with `"apiKeyHelper"` that later steps pass with `claude --settings <file>`',
    { url: HELPER_DOCS, rule: 'helper/missing' },
  )
}

export function untrustedHelperProblem(where: string, event: string): Problem {
  return problem(
    'error',
    'apiKeyHelper comes from the pull request',
    `The apiKeyHelper is in ${where}, which a ${event} run takes from the pull request: its author would run a command of their choosing with this job's secrets.`,
    where,
    'define the helper in a file the pull request cannot change (a `--settings` file from the base branch, or user settings written by an earlier step), or do not run on this event',
    { rule: 'helper/untrusted' },
  )
}

export function loginProblems(file: { path: string; state: string; hasInferenceScope?: boolean; expiresAt?: number; hasRefreshToken?: boolean } | undefined, shown: string, now: number): Problem[] {
  const fix = 'run `claude auth login` (or `/login`) as the runner user, or use `claude-code-oauth-token` with a token from `claude setup-token`'
  if (!file || file.state === 'absent') return [problem('error', 'No /login on this runner', `There is no ${shown}, so Claude Code has no login to send ("Not logged in · Please run /login").`, shown, fix, { rule: 'login/missing' })]
  if (file.state !== 'read') return [problem('error', 'Login file unreadable', `${shown} is not a valid JSON object, so Claude Code ignores it ("Not logged in · Please run /login").`, shown, fix, { rule: 'login/unreadable' })]
  const problems: Problem[] = []
  if (!file.hasInferenceScope) problems.push(problem('error', 'Login lacks the inference scope', `The login in ${shown} has no \`user:inference\` scope, so Claude Code does not use it ("Not logged in · Please run /login").`, shown, fix, { rule: 'login/no-inference-scope' }))
  if (file.expiresAt !== undefined) {
    const hours = (file.expiresAt - now) / 3_600_000
    const expired = new Date(file.expiresAt).toISOString()
    if (hours <= 0 && !file.hasRefreshToken) problems.push(problem('error', 'Login expired', `The login in ${shown} expired at ${expired} and has no refresh token, so Claude Code sends it unchanged and the API refuses it.`, shown, fix, { rule: 'login/expired' }))
    else if (hours <= 0) {
      // Measured (2.1.330, 2.1.197): the CLI renews it at its first request and rewrites the file;
      // whether the refresh token is still good only the server knows.
      problems.push(
        problem(
          'warning',
          'Login expired',
          `The login in ${shown} expired at ${expired}; Claude Code will renew it with its refresh token at the first request, unless that token was already used or revoked, in which case it clears the login and stops with "Not logged in".`,
          shown,
          'to be sure, run `claude auth login` as the runner user before the job; refresh tokens are single-use, so do not share this login between runners',
          { rule: 'login/expired' },
        ),
      )
    }
    else if (hours < 72) problems.push(problem('warning', 'Login expires soon', `The login in ${shown} expires in ${Math.round(hours)} h (${new Date(file.expiresAt).toISOString()}).`, shown, 'renew it with `claude auth login` as the runner user before then', { rule: 'login/expires-soon' }))
  }
  if (!file.hasRefreshToken && !(file.expiresAt !== undefined && file.expiresAt <= now)) problems.push(problem('warning', 'Login has no refresh token', `The login in ${shown} has no refresh token, so it cannot be renewed without a person logging in again.`, shown, fix, { rule: 'login/no-refresh-token' }))
  return problems
}
