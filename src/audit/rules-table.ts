// The audit's own rules (those only a static read of the workflow can have),
// as data: the SARIF `tool.driver.rules` entries and the docs/rules.md
// sections are written from the same words. Findings of the engine keep the
// engine's rule id (Problem.rule).

import type { Problem, Severity } from '../common/problems.js'

export interface RuleInfo {
  id: string
  severity: Severity
  /** One line: what is wrong. */
  short: string
  /** Why it matters. */
  full: string
  /** The fix. */
  help: string
}

export const DOCS_URL = 'https://github.com/claude-code-auth/claude-code-auth/blob/v1/docs/rules.md'

/** GitHub's heading anchor of `## \`rule-id\``: lower case, punctuation other than `-` dropped. */
export const anchorOf = (id: string): string => id.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')
export const helpUri = (id: string): string => `${DOCS_URL}#${anchorOf(id)}`

export const AUDIT_RULES: readonly RuleInfo[] = [
  {
    id: 'audit/both-credential-inputs',
    severity: 'error',
    short: 'A Claude action step is given both `anthropic_api_key` and `claude_code_oauth_token`.',
    full: 'The action passes both to Claude Code, which sends the API key and ignores the OAuth token: the job bills the API account, not the subscription, or fails when the key is stale.',
    help: 'Keep the one input of the account this job should bill and delete the other.',
  },
  {
    id: 'audit/both-credential-variables',
    severity: 'error',
    short: 'One `env:` block sets both `ANTHROPIC_API_KEY` and `CLAUDE_CODE_OAUTH_TOKEN`.',
    full: 'Every step that block reaches runs Claude Code with both credentials: it sends the API key, so the OAuth token is never used.',
    help: 'Keep the variable of the credential this job should use and delete the other.',
  },
  {
    id: 'audit/undeclared-input',
    severity: 'error',
    short: 'A Claude action step is given a credential input that action does not declare.',
    full: 'The runner ignores an input the action does not declare (it only warns), so the credential never reaches Claude Code, which then runs with no credential or another one.',
    help: 'Rename the input to the one the action declares (for example `anthropic_api_key` or `claude_code_oauth_token`).',
  },
  {
    id: 'audit/secret-name-drift',
    severity: 'warning',
    short: 'Jobs of one repository give the same credential slot secrets of different names.',
    full: 'Two names for one credential are two secrets to rotate: when one is renewed and the other is not, one job fails or bills another account.',
    help: 'Use one secret name for the slot in every job.',
  },
  {
    id: 'audit/missing-id-token',
    severity: 'error',
    short: 'A job exchanges a GitHub OIDC token (federation or a cloud auth action) without `id-token: write`.',
    full: 'Without `id-token: write` the runner gives the job no OIDC token: the exchange fails before Claude Code starts.',
    help: 'Add `id-token: write` to the job’s `permissions:` (with the other permissions it needs, such as `contents: read`).',
  },
  {
    id: 'audit/step-order',
    severity: 'error',
    short: "This action's step runs after the Claude step it should check, or before `actions/checkout`.",
    full: 'After the Claude step, the check comes too late to stop it. Before the checkout, the repository\'s `.claude/settings*.json` is not there yet, so the check cannot see what Claude Code will read.',
    help: "Put this action's step after `actions/checkout` and before the first step that runs Claude Code.",
  },
  {
    id: 'audit/secrets-in-if',
    severity: 'error',
    short: 'A step `if:` reads `secrets`, which GitHub does not allow there.',
    full: 'GitHub rejects the workflow file ("Unrecognized named-value: \'secrets\'"): no job of it runs.',
    help: 'Map the secret to a job `env:` variable and test `env.NAME != \'\'` in the `if:`.',
  },
  {
    id: 'audit/two-intended-credentials',
    severity: 'error',
    short: 'Two Claude steps of one job are given different credentials.',
    full: "One job can be checked for one intended credential: this action's step exports one, and the other Claude step would send another.",
    help: 'Give every Claude step of the job the same secret, or split the job.',
  },
  {
    id: 'audit/no-credential',
    severity: 'warning',
    short: 'A Claude step is given no credential the audit can see.',
    full: 'No credential input, no credential variable in the step, job or workflow `env:`: Claude Code finds none unless a step writes one to GITHUB_ENV or a file, which the audit cannot prove.',
    help: 'Give the Claude step its credential input (for example `claude_code_oauth_token: ${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}`).',
  },
  {
    id: 'audit/no-credential-reaches',
    severity: 'error',
    short: 'A Claude action release that maps credentials from its inputs only is given none, and nothing else gives Claude Code one.',
    full: 'Every release of anthropics/claude-code-action before v1.0.146 (`@beta`, `@v0`, `@eap`, v0.x, v1.0.0 to v1.0.145) and every base action sets `ANTHROPIC_API_KEY` and `CLAUDE_CODE_OAUTH_TOKEN` from its inputs only, so without the input Claude Code gets an empty value, whatever the job\'s `env:` says. With no provider, federation, `claude_env` or `settings` input, no credential variable in the job and no settings file giving one, on a GitHub-hosted runner, the step certainly fails.',
    help: 'Give the step its credential input (`claude_code_oauth_token: ${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}` or `anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}`), or move to `@v1`, which also reads the step\'s environment.',
  },
  {
    id: 'audit/action-not-read',
    severity: 'warning',
    short: 'A step runs Claude Code through an action of another repository, whose steps the audit does not read.',
    full: 'The action (a composite or a fork of a Claude action) is in another repository or at another ref than the checkout: which of its inputs it passes to Claude Code, and how, is not known here. The job\'s verdict depends on it.',
    help: 'Nothing to do if the action passes its credential input on as its name says; to have it judged, vendor it into the repository (`uses: ./path`), or call a Claude action directly.',
  },
  {
    id: 'audit/secret-name-slot',
    severity: 'warning',
    short: "A secret whose name says one kind of credential is given in another credential's slot.",
    full: 'An OAuth token given as the API key (or a key as the OAuth token) is sent in the wrong header and refused; the name is only a hint of what the secret holds, so this is not certain before the run (the action checks the value itself).',
    help: 'Give the secret in the slot its name says (`claude_code_oauth_token` for an OAuth token, `anthropic_api_key` for an API key), or rename the secret if the name is wrong.',
  },
  {
    id: 'audit/step-not-read',
    severity: 'warning',
    short: "A step's script could not be read, so what it does to Claude Code's credentials is not known.",
    full: 'The script nests deeper than the shell reader follows (thousands of `$(` or brackets): the job is judged without it, so any credential it exports or any `claude` it runs is not seen. This depends on what the script does.',
    help: 'Move the deeply nested part into a script file, or flatten it; nothing to do if the script neither runs Claude Code nor sets its variables.',
  },
  {
    id: 'audit/workflow-not-read',
    severity: 'error',
    short: 'A workflow file cannot be read as a workflow.',
    full: 'Invalid YAML, or no `jobs:` mapping: GitHub will not run it, and the audit cannot judge its jobs.',
    help: 'Fix the file at the line named (actionlint shows the same error).',
  },
  {
    id: 'audit/ignore-without-reason',
    severity: 'warning',
    short: 'An ignore comment or config entry gives no reason.',
    full: 'An ignore without a reason cannot be reviewed later: nobody knows whether it still applies.',
    help: 'Write the reason after the rule: `# claude-code-auth: ignore[rule-id] the reason`.',
  },
  {
    id: 'audit/unused-ignore',
    severity: 'warning',
    short: 'An ignore comment or config entry matches no finding.',
    full: 'A stale ignore hides the next finding of that rule on that line without anyone deciding so.',
    help: 'Delete the ignore.',
  },
]

const BY_ID = new Map(AUDIT_RULES.map((r) => [r.id, r]))
export const auditRule = (id: string): RuleInfo => BY_ID.get(id)!

/**
 * The rule id of an engine finding that has none yet. Seam: the engine
 * branches give every Problem a `rule`; until they are merged, the title
 * stands in for it (`engine/<title>`), so ids stay stable per finding kind.
 */
export function engineRule(p: Problem): string {
  const later = /^Step "/.test(p.title)
  const title = p.title.replace(/^Step "[^"]*": /, '')
  const reason =
    /would be sent instead of/.test(title) ? 'instead'
    : /would be sent as well as|would also be sent to/.test(title) ? 'as-well'
    : /^\S+ routes to /.test(title) ? 'routes-away'
    : /leaves .* unsent/.test(title) ? 'not-sent'
    : /is ignored by Claude Code/.test(title) ? 'versions-differ'
    : /cleared for later steps/.test(title) ? 'cleared'
    : title
        .replace(/`[^`]*`/g, ' ')
        .replace(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g, ' ')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
  return `engine/${later ? 'later-step-' : ''}${reason || 'finding'}`
}

/** SARIF rule metadata for any id: the audit's own from the table, an engine rule from its first finding. */
export function ruleInfo(id: string, example?: { title: string; message: string; fix: string; severity: Severity }): RuleInfo {
  const own = BY_ID.get(id)
  if (own) return own
  return {
    id,
    severity: example?.severity ?? 'warning',
    short: example?.title ?? id,
    full: example ? example.message : `Finding ${id} of the claude-code-auth engine.`,
    help: example ? example.fix : 'See docs/rules.md.',
  }
}

/** Credential-looking inputs a Claude action does not declare, and the input meant. */
export const NOT_DECLARED: Record<string, string> = {
  claude_api_key: 'anthropic_api_key',
  anthropic_key: 'anthropic_api_key',
  api_key: 'anthropic_api_key',
  'anthropic-api-key': 'anthropic_api_key',
  anthropic_token: 'anthropic_api_key',
  use_oauth: 'claude_code_oauth_token',
  oauth_token: 'claude_code_oauth_token',
  claude_oauth_token: 'claude_code_oauth_token',
  'claude-code-oauth-token': 'claude_code_oauth_token',
  claude_code_token: 'claude_code_oauth_token',
  anthropic_auth_token: 'claude_env (ANTHROPIC_AUTH_TOKEN)',
  'use-bedrock': 'use_bedrock',
  'use-vertex': 'use_vertex',
}
