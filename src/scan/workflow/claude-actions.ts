// The Claude actions whose inputs this project knows, as data: for each
// variable the CLI gets, where the action's composite step `env:` takes it
// from. Read from:
// - anthropics/claude-code-action @24dcd50 (2026-08-22, bundles CLI 2.1.240):
//   action.yml, step "Run Claude Code Action", and base-action/action.yml,
//   step "Run Claude Code Action" (id run_claude);
// - anthropics/claude-code-base-action @005f1e4: action.yml, the same env
//   block as base-action/action.yml.
// Only the variables that decide authentication and provider routing are
// listed (models, telemetry and MCP settings are left out). At run time the
// main action's federation code also sets ANTHROPIC_IDENTITY_TOKEN_FILE,
// ANTHROPIC_PROFILE and ANTHROPIC_CONFIG_DIR (base-action/src/
// workload-identity.ts); those are not step `env:` and are not listed.
//
// Two facts the data encodes:
// - `ANTHROPIC_API_KEY: ${{ inputs.anthropic_api_key || env.ANTHROPIC_API_KEY }}`
//   (main action) falls back to the step's environment when the input is
//   empty; the base action's `${{ inputs.anthropic_api_key }}` does not, so
//   without the input the CLI gets an empty value, which it treats as unset,
//   whatever the job's `env:` says;
// - `CLAUDE_CODE_USE_BEDROCK: ${{ inputs.use_bedrock == 'true' && '1' || '' }}`:
//   `1` only for `true` (expression `==` ignores case), else empty.
// The `settings` input is merged into ~/.claude/settings.json (user
// settings; base-action/src/setup-claude-code-settings.ts), and
// `claude_args` is split with shell-quote after dropping lines that start
// with `#` (base-action/src/parse-sdk-options.ts).

import type { Assignment, ClaudeActionStep, ClaudeActionVariable, WorkflowValue } from './model.js'
import { claudeFlags } from './shell.js'
import { splitWords } from './shell-lexer.js'

type Source =
  /** The input's value; `orEnv`: the step's variable of the same name when the input is empty. */
  | { from: 'input'; input: string; orEnv?: true }
  /** `1` when the input is `true`, else empty; `default` when the input is not given. */
  | { from: 'flag'; input: string; default: string }
  /** The step's own environment variable of the same name. */
  | { from: 'env' }

export interface KnownClaudeAction {
  /** `owner/repo` or `owner/repo/path`, lower case. */
  action: string
  env: readonly (readonly [name: string, source: Source])[]
}

const input = (name: string): Source => ({ from: 'input', input: name })
const inputOrEnv = (name: string): Source => ({ from: 'input', input: name, orEnv: true })
const flag = (name: string): Source => ({ from: 'flag', input: name, default: 'false' })
const ENV: Source = { from: 'env' }

/** Federation, base URL, provider flags and provider variables: the same in both actions. */
const SHARED: readonly (readonly [string, Source])[] = [
  ['ANTHROPIC_FEDERATION_RULE_ID', input('anthropic_federation_rule_id')],
  ['ANTHROPIC_ORGANIZATION_ID', input('anthropic_organization_id')],
  ['ANTHROPIC_SERVICE_ACCOUNT_ID', input('anthropic_service_account_id')],
  ['ANTHROPIC_WORKSPACE_ID', input('anthropic_workspace_id')],
  ['ANTHROPIC_OIDC_AUDIENCE', input('anthropic_oidc_audience')],
  ['ANTHROPIC_BASE_URL', ENV],
  ['ANTHROPIC_CUSTOM_HEADERS', ENV],
  ['CLAUDE_CODE_USE_BEDROCK', flag('use_bedrock')],
  ['CLAUDE_CODE_USE_VERTEX', flag('use_vertex')],
  ['CLAUDE_CODE_USE_FOUNDRY', flag('use_foundry')],
  ['AWS_REGION', ENV],
  ['AWS_ACCESS_KEY_ID', ENV],
  ['AWS_SECRET_ACCESS_KEY', ENV],
  ['AWS_SESSION_TOKEN', ENV],
  ['AWS_BEARER_TOKEN_BEDROCK', ENV],
  // When unset, the action derives it from AWS_REGION.
  ['ANTHROPIC_BEDROCK_BASE_URL', ENV],
  ['ANTHROPIC_VERTEX_PROJECT_ID', ENV],
  ['CLOUD_ML_REGION', ENV],
  ['GOOGLE_APPLICATION_CREDENTIALS', ENV],
  ['ANTHROPIC_VERTEX_BASE_URL', ENV],
  ['ANTHROPIC_FOUNDRY_RESOURCE', ENV],
  ['ANTHROPIC_FOUNDRY_BASE_URL', ENV],
]

const MAIN: KnownClaudeAction = {
  action: 'anthropics/claude-code-action',
  env: [['ANTHROPIC_API_KEY', inputOrEnv('anthropic_api_key')], ['CLAUDE_CODE_OAUTH_TOKEN', inputOrEnv('claude_code_oauth_token')], ...SHARED],
}

const BASE_ENV: KnownClaudeAction['env'] = [['ANTHROPIC_API_KEY', input('anthropic_api_key')], ['CLAUDE_CODE_OAUTH_TOKEN', input('claude_code_oauth_token')], ...SHARED]

export const KNOWN_CLAUDE_ACTIONS: readonly KnownClaudeAction[] = [
  MAIN,
  { action: 'anthropics/claude-code-action/base-action', env: BASE_ENV },
  { action: 'anthropics/claude-code-base-action', env: BASE_ENV },
]

/** `owner/repo[/path]@ref` → the known action and the ref, or undefined. Owner and repository names ignore case, as GitHub does. */
export function knownClaudeAction(uses: string): { known: KnownClaudeAction; ref: string } | undefined {
  const at = uses.indexOf('@')
  if (at < 0) return undefined
  const path = uses.slice(0, at).replace(/\/+$/, '').toLowerCase()
  const known = KNOWN_CLAUDE_ACTIONS.find((k) => k.action === path)
  return known && { known, ref: uses.slice(at + 1) }
}

/**
 * What a step using a known Claude action gives the CLI. `inputs` is the
 * step's `with:` (input names ignore case, as the runner's do); `stepLine`
 * is used for variables no input sets.
 */
export function claudeActionStep(uses: string, inputs: Record<string, Assignment>, stepLine: number): ClaudeActionStep | undefined {
  const match = knownClaudeAction(uses)
  if (!match) return undefined
  const given = (name: string) => Object.entries(inputs).find(([key]) => key.toLowerCase() === name)?.[1]
  const env = match.known.env.map(([name, source]) => variable(name, source, given, stepLine))
  const args = given('claude_args')
  const words = args ? claudeArgsWords(args.value.text) : []
  const flags = claudeFlags(words)
  const step: ClaudeActionStep = { action: match.known.action, ref: match.ref, env, args: words, bare: flags.bare }
  const settings = given('settings')
  if (settings && settings.value.text.trim()) step.settings = settings
  if (flags.settings !== undefined) step.settingsFlag = flags.settings
  return step
}

function variable(
  name: string,
  source: Source,
  given: (input: string) => Assignment | undefined,
  stepLine: number,
): ClaudeActionVariable {
  if (source.from === 'env') return { name, value: { kind: 'from-env' }, line: stepLine }
  const assignment = given(source.input)
  if (source.from === 'flag') {
    const value: WorkflowValue = !assignment
      ? { kind: 'literal', text: flagText(source.default) }
      : assignment.value.kind === 'literal'
        ? { kind: 'literal', text: flagText(assignment.value.text) }
        : assignment.value
    return assignment
      ? { name, value, line: assignment.line, input: source.input, flag: true }
      : { name, value, line: stepLine, input: source.input, flag: true }
  }
  if (!assignment) {
    return source.orEnv
      ? { name, value: { kind: 'from-env' }, line: stepLine, input: source.input, orEnv: true }
      : { name, value: { kind: 'literal', text: '' }, line: stepLine, input: source.input }
  }
  if (source.orEnv && assignment.value.kind === 'literal' && assignment.value.text === '') {
    return { name, value: { kind: 'from-env' }, line: assignment.line, input: source.input, orEnv: true }
  }
  const result: ClaudeActionVariable = { name, value: assignment.value, line: assignment.line, input: source.input }
  if (source.orEnv) result.orEnv = true
  return result
}

/** GitHub expressions compare strings ignoring case: `'TRUE' == 'true'`. */
const flagText = (inputText: string) => (inputText.toLowerCase() === 'true' ? '1' : '')

/** `claude_args` as the action splits it: whole lines starting with `#` dropped, then shell words. */
export function claudeArgsWords(text: string): string[] {
  const kept = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n')
  return splitWords(kept)
}
