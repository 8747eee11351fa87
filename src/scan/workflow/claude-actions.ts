// The Claude actions whose inputs this project knows, as data: for each
// variable the CLI gets, where the action's composite step `env:` takes it
// from, and how that differs from release to release. Read from each ref's
// own action.yml (`git show <ref>:action.yml`, and `:base-action/action.yml`)
// of anthropics/claude-code-action @24dcd50 (main = v1.0.200, 2026-08-22,
// bundles CLI 2.1.240; tags v0.0.1 to v1.0.200, `beta`, `v0`, `v1`, branch
// `eap` @9278e59) and anthropics/claude-code-base-action @53ab25a (main;
// tags v0.0.1 to v0.0.63 = `beta`). The step that runs Claude Code is "Run
// Claude Code Action" (v1.x), "Run Claude Code" (v0.0.35 on), or a nested
// `uses: anthropics/claude-code-base-action@…` given `anthropic_api_key`
// (v0.0.2 to v0.0.34), which maps the same way as an input-only release.
// Only the variables that decide authentication and provider routing are
// listed (models, telemetry and MCP settings are left out). At run time the
// main action's federation code also sets ANTHROPIC_IDENTITY_TOKEN_FILE,
// ANTHROPIC_PROFILE and ANTHROPIC_CONFIG_DIR (base-action/src/
// workload-identity.ts); those are not step `env:` and are not listed.
//
// Facts the data encodes:
// - `ANTHROPIC_API_KEY: ${{ inputs.anthropic_api_key || env.ANTHROPIC_API_KEY }}`
//   falls back to the step's environment when the input is empty: only the
//   main action from commit cd59d5d (#1342, first in v1.0.146). Every older
//   ref (`@beta`, `@v0`, `@eap`, v0.x, v1.0.0 to v1.0.145) and every
//   base action map `${{ inputs.anthropic_api_key }}` only, so without the
//   input the CLI gets an empty value, which it treats as unset, whatever the
//   job's `env:` (or this action's GITHUB_ENV export) says (facts §9);
// - `CLAUDE_CODE_USE_BEDROCK: ${{ inputs.use_bedrock == 'true' && '1' || '' }}`:
//   `1` only for `true` (expression `==` ignores case), else empty;
// - an input a release does not declare is ignored by the runner (it only
//   warns "Unexpected input"): `use_foundry` before v1.0.19, federation
//   inputs before v1.0.130 (base action v1.0.134), `settings` before v0.0.33
//   (base action v0.0.35), `claude_args` before v1.0.0, and
//   `claude_code_oauth_token` before v0.0.30 (base action v0.0.32).
// - `claude_env` (main action v0.0.13 to v0.0.63, `beta`, `v0`, `eap`; base
//   action v0.0.9 to v0.0.63; gone in v1): `NAME: value` lines, `#` lines
//   and lines without `:` skipped, both sides trimmed, spread over the
//   process environment when the CLI is spawned (base-action src/
//   run-claude.ts parseCustomEnvVars, `env: { ...process.env, ...config.env }`
//   at v0.0.63), so they beat the step's env and the action's own mapping.
// Not modelled (they do not decide authentication): `anthropic_model` and
// `model` (→ ANTHROPIC_MODEL in v0.x, `beta`, `eap`; v1 takes `--model` in
// `claude_args`).
// The `settings` input is merged into ~/.claude/settings.json (user
// settings; base-action/src/setup-claude-code-settings.ts), and
// `claude_args` is split with shell-quote after dropping lines that start
// with `#` (base-action/src/parse-sdk-options.ts).

import { ACTION_TAGS, BASE_ACTION_TAGS } from './claude-action-tags.js'
import type { Assignment, ClaudeActionRelease, ClaudeActionStep, ClaudeActionVariable, WorkflowValue } from './model.js'
import { workflowValue } from './values.js'
import { claudeFlags } from './shell.js'
import { splitWords } from './shell-lexer.js'

type Source =
  /** The input's value; `orEnv`: the step's variable of the same name when the input is empty. */
  | { from: 'input'; input: string; orEnv?: true }
  /** `1` when the input is `true`, else empty; `default` when the input is not given. */
  | { from: 'flag'; input: string; default: string }
  /** The step's own environment variable of the same name. */
  | { from: 'env' }

/** The inputs whose presence differs between releases. */
type Optional = 'claude_code_oauth_token' | 'use_foundry' | 'federation' | 'settings' | 'claude_args' | 'claude_env'

/**
 * A stretch of releases that map alike: `from` and `to` are versions
 * (`1.0.146`), inclusive; `refs` the branches and moving tags that point
 * into it (`v1`, `main`, `beta`). `source`: the ref and commit read.
 */
interface Stretch {
  from: string
  to: string
  refs?: readonly string[]
  envFallback: boolean
  inputs: readonly Optional[]
  source: string
}

export interface KnownClaudeAction {
  /** `owner/repo` or `owner/repo/path`, lower case. */
  action: string
  /** Oldest first; the last is the newest, which an unknown ref is judged as. */
  releases: readonly Stretch[]
  /** `version:commit12 …`, see claude-action-tags.ts. */
  tags: string
}

const input = (name: string): Source => ({ from: 'input', input: name })
const inputOrEnv = (name: string): Source => ({ from: 'input', input: name, orEnv: true })
const flag = (name: string): Source => ({ from: 'flag', input: name, default: 'false' })
const ENV: Source = { from: 'env' }

const FEDERATION: readonly (readonly [string, Source])[] = [
  ['ANTHROPIC_FEDERATION_RULE_ID', input('anthropic_federation_rule_id')],
  ['ANTHROPIC_ORGANIZATION_ID', input('anthropic_organization_id')],
  ['ANTHROPIC_SERVICE_ACCOUNT_ID', input('anthropic_service_account_id')],
  ['ANTHROPIC_WORKSPACE_ID', input('anthropic_workspace_id')],
  ['ANTHROPIC_OIDC_AUDIENCE', input('anthropic_oidc_audience')],
]

/** Base URL and provider variables: passed on from the step's environment by every release that lists them (and by the runner when it does not). */
const PASSED_ON = [
  'ANTHROPIC_BASE_URL', 'ANTHROPIC_CUSTOM_HEADERS', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_BEARER_TOKEN_BEDROCK',
  // When unset, the action derives it from AWS_REGION.
  'ANTHROPIC_BEDROCK_BASE_URL',
  'ANTHROPIC_VERTEX_PROJECT_ID', 'CLOUD_ML_REGION', 'GOOGLE_APPLICATION_CREDENTIALS', 'ANTHROPIC_VERTEX_BASE_URL', 'ANTHROPIC_FOUNDRY_RESOURCE', 'ANTHROPIC_FOUNDRY_BASE_URL',
]

/** What a stretch of releases gives the CLI, variable by variable, in action.yml's order. */
function envOf(stretch: Stretch): (readonly [string, Source])[] {
  const has = (name: Optional) => stretch.inputs.includes(name)
  const credential = stretch.envFallback ? inputOrEnv : input
  return [
    ['ANTHROPIC_API_KEY', credential('anthropic_api_key')],
    // Without the input, the CLI gets no OAuth token from the action at all; the step's own one passes.
    has('claude_code_oauth_token') ? ['CLAUDE_CODE_OAUTH_TOKEN', credential('claude_code_oauth_token')] : ['CLAUDE_CODE_OAUTH_TOKEN', ENV],
    ...(has('federation') ? FEDERATION : []),
    ['CLAUDE_CODE_USE_BEDROCK', flag('use_bedrock')],
    ['CLAUDE_CODE_USE_VERTEX', flag('use_vertex')],
    ...(has('use_foundry') ? [['CLAUDE_CODE_USE_FOUNDRY', flag('use_foundry')] as const] : []),
    ...PASSED_ON.map((name) => [name, ENV] as const),
  ]
}

const V1: readonly Optional[] = ['claude_code_oauth_token', 'settings', 'claude_args']

const MAIN: KnownClaudeAction = {
  action: 'anthropics/claude-code-action',
  tags: ACTION_TAGS,
  releases: [
    { from: '0.0.1', to: '0.0.12', envFallback: false, inputs: [], source: 'v0.0.1 @f66f337, v0.0.12 (nested base action given anthropic_api_key)' },
    { from: '0.0.13', to: '0.0.29', envFallback: false, inputs: ['claude_env'], source: 'v0.0.13 @65b9bcd, v0.0.29' },
    { from: '0.0.30', to: '0.0.32', envFallback: false, inputs: ['claude_code_oauth_token', 'claude_env'], source: 'v0.0.30 @a804c9e' },
    { from: '0.0.33', to: '0.0.63', refs: ['beta', 'v0', 'eap'], envFallback: false, inputs: ['claude_code_oauth_token', 'settings', 'claude_env'], source: 'v0.0.33 @a9d9ad3, v0.0.63 = beta = v0 @28f8362, eap @9278e59' },
    { from: '1.0.0', to: '1.0.18', envFallback: false, inputs: V1, source: 'v1.0.0 @0630ef3, v1.0.18 @6902c22' },
    { from: '1.0.19', to: '1.0.129', envFallback: false, inputs: [...V1, 'use_foundry'], source: 'v1.0.19 @f9b2917, v1.0.129 @c9d66af' },
    { from: '1.0.130', to: '1.0.145', envFallback: false, inputs: [...V1, 'use_foundry', 'federation'], source: 'v1.0.130 @661a6fe, v1.0.145 @ebcdfe6' },
    { from: '1.0.146', to: '1.0.200', refs: ['v1', 'main'], envFallback: true, inputs: [...V1, 'use_foundry', 'federation'], source: 'v1.0.146 @0cb4f3e (commit cd59d5d), v1.0.200 = v1 = main @24dcd50' },
  ],
}

/** The base action inside the main repository (`anthropics/claude-code-action/base-action`, from v0.0.35): inputs only, always. */
const MAIN_BASE: KnownClaudeAction = {
  action: 'anthropics/claude-code-action/base-action',
  tags: ACTION_TAGS,
  releases: [
    { from: '0.0.35', to: '0.0.63', refs: ['beta', 'v0', 'eap'], envFallback: false, inputs: ['claude_code_oauth_token', 'settings', 'claude_env'], source: 'base-action/action.yml at v0.0.35, v0.0.63 @28f8362, eap @9278e59' },
    { from: '1.0.0', to: '1.0.18', envFallback: false, inputs: V1, source: 'base-action/action.yml at v1.0.0 @0630ef3, v1.0.18' },
    { from: '1.0.19', to: '1.0.133', envFallback: false, inputs: [...V1, 'use_foundry'], source: 'base-action/action.yml at v1.0.19 @f9b2917, v1.0.133' },
    { from: '1.0.134', to: '1.0.200', refs: ['v1', 'main'], envFallback: false, inputs: [...V1, 'use_foundry', 'federation'], source: 'base-action/action.yml at v1.0.134 @36a69b6, v1.0.200 = v1 @24dcd50' },
  ],
}

const BASE: KnownClaudeAction = {
  action: 'anthropics/claude-code-base-action',
  tags: BASE_ACTION_TAGS,
  releases: [
    { from: '0.0.1', to: '0.0.8', envFallback: false, inputs: [], source: 'v0.0.1 @f66f337, v0.0.8' },
    { from: '0.0.9', to: '0.0.31', envFallback: false, inputs: ['claude_env'], source: 'v0.0.9 @1370ac9, v0.0.31' },
    { from: '0.0.32', to: '0.0.34', envFallback: false, inputs: ['claude_code_oauth_token', 'claude_env'], source: 'v0.0.32 @3560d21' },
    { from: '0.0.35', to: '0.0.63', refs: ['beta'], envFallback: false, inputs: ['claude_code_oauth_token', 'settings', 'claude_env'], source: 'v0.0.35 @503cc70, v0.0.63 = beta @e8132bc' },
    // Untagged: main has the v1 inputs of the main repository's base action.
    { from: 'main', to: 'main', refs: ['main'], envFallback: false, inputs: [...V1, 'use_foundry', 'federation'], source: 'main @53ab25a' },
  ],
}

export const KNOWN_CLAUDE_ACTIONS: readonly KnownClaudeAction[] = [MAIN, MAIN_BASE, BASE]

/** `1.0.146` → [1, 0, 146]; undefined for anything else. */
function versionParts(text: string): number[] | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(text)
  return match ? match.slice(1).map(Number) : undefined
}

const compare = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!

const commits = new Map<string, Map<string, string>>()
/** commit12 → version, parsed on first use. */
function tagOfCommit(known: KnownClaudeAction, sha: string): string | undefined {
  let table = commits.get(known.tags)
  if (!table) {
    table = new Map()
    for (const entry of known.tags.split(' ')) {
      const [version, commit] = entry.split(':')
      if (version && commit) table.set(commit, version)
    }
    commits.set(known.tags, table)
  }
  return table.get(sha.slice(0, 12).toLowerCase())
}

/**
 * The release a ref is judged by: a version tag (`v1.0.42`), a moving tag or
 * branch the data names (`v1`, `beta`, `eap`, `main`), or a full commit SHA
 * that a version tag points at. Anything else is judged as the newest
 * release, and says so (`known: false`).
 */
export function releaseOf(known: KnownClaudeAction, ref: string): ClaudeActionRelease {
  const newest = known.releases[known.releases.length - 1]!
  const found = (stretch: Stretch, name: string, extra: Partial<ClaudeActionRelease> = {}): ClaudeActionRelease => ({ name, envFallback: stretch.envFallback, inputs: stretch.inputs, known: true, ...extra })
  const byName = known.releases.find((s) => s.refs?.includes(ref))
  if (byName) return found(byName, ref)
  const sha = /^[0-9a-f]{40}$/i.test(ref) ? tagOfCommit(known, ref) : undefined
  const version = versionParts(sha ?? ref)
  const stretch = version && known.releases.find((s) => {
    const from = versionParts(s.from)
    const to = versionParts(s.to)
    return from && to && compare(version, from) >= 0 && compare(version, to) <= 0
  })
  if (stretch) return found(stretch, `v${version!.join('.')}`, sha ? { pinned: ref } : {})
  return { name: newest.refs?.[0] ?? `v${newest.to}`, envFallback: newest.envFallback, inputs: newest.inputs, known: false }
}

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
  const release = releaseOf(match.known, match.ref)
  const declared = (name: string) => (name !== 'settings' && name !== 'claude_args' && name !== 'claude_env' ? true : release.inputs.includes(name))
  // An input this release does not declare is ignored by the runner.
  const given = (name: string) => (declared(name) ? Object.entries(inputs).find(([key]) => key.toLowerCase() === name)?.[1] : undefined)
  const stretch = { envFallback: release.envFallback, inputs: release.inputs } as Stretch
  const env = envOf(stretch).map(([name, source]) => variable(name, source, given, stepLine))
  const args = given('claude_args')
  const words = args ? claudeArgsWords(args.value.text) : []
  const flags = claudeFlags(words)
  const step: ClaudeActionStep = { action: match.known.action, ref: match.ref, release, env, args: words, bare: flags.bare }
  const settings = given('settings')
  if (settings && settings.value.text.trim()) step.settings = settings
  if (flags.settings !== undefined) step.settingsFlag = flags.settings
  const claudeEnv = given('claude_env')
  if (claudeEnv) step.claudeEnv = claudeEnvAssignments(claudeEnv)
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
      : { name, value: { kind: 'literal', text: '' }, line: stepLine, input: source.input, blanked: true }
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

/** `claude_env` as the base action reads it: `NAME: value` lines, each at the input's line. */
export function claudeEnvAssignments(input: Assignment): Assignment[] {
  const found: Assignment[] = []
  for (const line of input.value.text.split('\n')) {
    const trimmed = line.trim()
    const colon = trimmed.indexOf(':')
    if (trimmed === '' || trimmed.startsWith('#') || colon < 0) continue
    const name = trimmed.slice(0, colon).trim()
    if (name) found.push({ name, value: workflowValue(trimmed.slice(colon + 1).trim()), line: input.line })
  }
  return found
}
