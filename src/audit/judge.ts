// Judges one job of a workflow, statically, through the action's own engine:
// this action's step when the job has one, else a virtual one inserted right
// before the job's first Claude step and given that step's credential, as a
// user would insert it. The world is the workflow's and the job's `env:`
// (`${{ secrets.X }}` is a present value whose identity is `X`), the
// repository's `.claude/settings*.json`, and an empty runner home. The
// findings are the engine's (decide → judgeLaterSteps), with its rule ids.

import { join } from 'node:path'
import { fingerprint } from '../common/fingerprint.js'
import type { Problem, Severity } from '../common/problems.js'
import { decide, type Decision } from '../decide/decide.js'
import { judgeLaterSteps } from '../decide/later-steps.js'
import type { Places } from '../decide/places.js'
import { diagnoseMissingCredential } from '../inputs/diagnose-missing.js'
import { inputVariable, parseInputs, type Env, type Inputs } from '../inputs/inputs.js'
import { laterStepsSettings } from '../scan/later-settings.js'
import { scan, type Scan, type ScanLocations } from '../scan/scan.js'
import type { Assignment, StepModel, WorkflowModel, WorkflowValue } from '../scan/workflow/model.js'
import { expressionRefs } from '../scan/workflow/values.js'
import { columnOf, type AuditJob, type AuditWorkflow } from './read.js'
import { auditRule, engineRule, NOT_DECLARED } from './rules-table.js'
import type { Finding } from './findings.js'

/** Where a job's credential goes, in the roll-up's words. */
export type Route = 'subscription OAuth' | 'API key' | 'gateway' | 'Bedrock' | 'Vertex' | 'Foundry' | 'federation' | 'apiKeyHelper' | 'login' | 'none'
export type Verdict = 'pass' | 'fail' | 'depends' | 'warn'

export interface JobResult {
  job: string
  line: number
  route: Route
  verdict: Verdict
  /** How the setup was taken: this action's step, or a virtual one before the first Claude step. */
  setup: 'this-action' | 'virtual'
  /** Findings of the audit's own rules (audit/…) about this job: the workflow as written, apart from the verdict. */
  workflowFindings: number
  findings: Finding[]
}

/** What the job's first Claude step is given, as this action's inputs (`with:`). */
export interface Intention {
  with: Record<string, Assignment>
  /** Every credential the step is given, for the static rules: kind → the assignment. */
  credentials: { kind: string; assignment: Assignment }[]
  /** Values of the setup the audit cannot know (a provider flag written as an expression): every finding depends on them. */
  depends: string[]
}

/** The folder nothing is in: the runner's home before any step wrote to it. */
export const EMPTY_HOME = join('/nonexistent', 'claude-code-auth-audit', 'home')

const CREDENTIAL_INPUT_KIND: Record<string, 'oauth-token' | 'api-key' | 'auth-token' | 'secret'> = {
  'claude-code-oauth-token': 'oauth-token',
  'anthropic-api-key': 'api-key',
  'anthropic-auth-token': 'auth-token',
  'bedrock-api-key': 'secret',
  'foundry-api-key': 'secret',
}
const VARIABLE_KIND: Record<string, 'oauth-token' | 'api-key' | 'auth-token'> = {
  CLAUDE_CODE_OAUTH_TOKEN: 'oauth-token',
  ANTHROPIC_API_KEY: 'api-key',
  ANTHROPIC_AUTH_TOKEN: 'auth-token',
}
/** Inputs whose value has a shape this action checks: an expression stands for a value of that shape. */
const SHAPED: Record<string, string> = {
  'aws-region': 'us-east-1',
  'vertex-region': 'us-east5',
  'anthropic-federation-rule-id': 'fdrl_presentvalue',
  'anthropic-organization-id': '00000000-0000-4000-8000-000000000000',
  'anthropic-service-account-id': 'svac_presentvalue',
  'anthropic-workspace-id': 'wrkspc_presentvalue',
  'oidc-audience': 'https://api.anthropic.com',
  'vertex-project-id': 'present-project-id',
  'foundry-resource': 'present-resource',
}

/** Cloud auth actions and what they export for the later steps of the job. */
const CLOUD_AUTH_EXPORTS: readonly (readonly [string, readonly string[]])[] = [
  ['aws-actions/configure-aws-credentials', ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION']],
  ['google-github-actions/auth', ['CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE', 'GOOGLE_GHA_CREDS_PATH', 'CLOUDSDK_PROJECT', 'GCLOUD_PROJECT', 'GOOGLE_CLOUD_PROJECT']],
]

const FIRST_PARTY_INPUTS = ['claude-code-oauth-token', 'anthropic-api-key', 'anthropic-auth-token']
const setTo = (a: Assignment | undefined): boolean => a !== undefined && !(a.value.kind === 'literal' && a.value.text.trim() === '')
const SWITCH = /^CLAUDE_CODE_(USE_BEDROCK|USE_VERTEX|USE_FOUNDRY|SKIP_BEDROCK_AUTH|SKIP_VERTEX_AUTH|SKIP_FOUNDRY_AUTH|SIMPLE)$/

/** An expression's identity: the same text (spaces aside) is the same value. */
export const identityOf = (text: string): string => {
  const refs = expressionRefs(text)
  const bare = text.trim().replace(/^\$\{\{\s*|\s*\}\}$/g, '')
  return refs.length === 1 && /^[A-Za-z0-9_.[\]'"-]+$/.test(bare) ? refs[0]! : text.replace(/\s+/g, '')
}

/** `${{ secrets.X }}` alone: one reference, no operator, no function. */
export const isPlainReference = (value: WorkflowValue): boolean =>
  value.kind === 'expression' && value.refs.length === 1 && /^\s*\$\{\{\s*[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+|\[\s*'[^']*'\s*\])+\s*\}\}\s*$/.test(value.text)

/**
 * What the audit cannot know before the run, unlike a secret (present) or the
 * run's own token: a context such as `vars` or `matrix`, or an expression
 * that computes (`a == '' && b || ''`), whose value depends on what it reads.
 */
export function unknownRefs(value: WorkflowValue): string[] {
  if (value.kind !== 'expression') return []
  const contexts = value.refs.filter((ref) => !/^secrets\./.test(ref) && !/^github\.(token|repository|workspace|run_id|sha|ref)$/.test(ref))
  if (contexts.length > 0) return contexts
  return isPlainReference(value) ? [] : [`the expression \`${value.text.trim()}\``]
}

/**
 * Values that stand for an expression: shaped like the credential of the
 * slot they are in (so the engine's shape checks pass), and the same text
 * for the same identity (so the engine sees the same secret as the same value).
 */
export class PresentValues {
  readonly names = new Map<string, string>()
  private readonly kinds = new Map<string, string>()

  value(identity: string, kind: string): string {
    const fixed = this.kinds.get(identity) ?? kind
    this.kinds.set(identity, fixed)
    const digest = fingerprint(`${fixed}\u0000${identity}`).replace(/[^0-9a-f]/g, '')
    const body = (digest.repeat(12) + 'A'.repeat(100)).slice(0, 93)
    const text =
      fixed === 'oauth-token' ? `sk-ant-oat01-${body}AA` : fixed === 'api-key' ? `sk-ant-api03-${body}AA` : fixed === 'switch' ? '1' : fixed === 'url' ? `https://${digest.slice(0, 12)}.gateway.invalid` : `present-${body.slice(0, 40)}`
    if (fixed !== 'switch') this.names.set(fingerprint(text), identity)
    return text
  }

  /** The text the engine sees for a value written in the workflow, as the variable or input `name`. */
  textOf(name: string, value: WorkflowValue, kind?: string): string {
    if (value.kind !== 'expression') return value.text
    const k = kind ?? (SWITCH.test(name) ? 'switch' : VARIABLE_KIND[name] ?? (/_BASE_URL$/.test(name) ? 'url' : 'secret'))
    return this.value(identityOf(value.text), k)
  }

  /** Messages name fingerprints of the values they compare: a present value is named by its expression instead. */
  reword(text: string): string {
    return text.replace(/\(fingerprint ([0-9a-f]{6,64})\)/g, (whole, print: string) => {
      const name = [...this.names.entries()].find(([p]) => p.startsWith(print) || print.startsWith(p))?.[1]
      return name ? `(\`\${{ ${name} }}\`)` : whole
    })
  }
}

const intentions = new WeakMap<StepModel, Intention>()

/** What the job's first Claude step is given, written as this action's inputs (read once per step: the judge and two rules ask). */
export function intentionOf(step: StepModel, job: AuditJob, workflow: AuditWorkflow): Intention {
  let known = intentions.get(step)
  if (!known) intentions.set(step, (known = readIntention(step, job, workflow)))
  return known
}

function readIntention(step: StepModel, job: AuditJob, workflow: AuditWorkflow): Intention {
  const withs: Record<string, Assignment> = {}
  const credentials: Intention['credentials'] = []
  const depends: string[] = []
  const give = (input: string, assignment: Assignment) => {
    if (assignment.value.kind === 'literal' && assignment.value.text.trim() === '') return
    const firstParty = CREDENTIAL_INPUT_KIND[input] !== undefined && CREDENTIAL_INPUT_KIND[input] !== 'secret'
    if (firstParty) {
      credentials.push({ kind: CREDENTIAL_INPUT_KIND[input]!, assignment })
      // One intended credential: the first given (the OAuth token before the API key); the static rules name the others.
      if (FIRST_PARTY_INPUTS.some((i) => withs[i] !== undefined)) return
    }
    if (withs[input] === undefined) withs[input] = assignment
  }
  // An input the release table says this release does not declare is dropped by the runner: not given.
  const OPTIONAL: Record<string, string> = { claude_code_oauth_token: 'claude_code_oauth_token', use_foundry: 'use_foundry', anthropic_federation_rule_id: 'federation' }
  const declared = (name: string) => !step.claudeAction || OPTIONAL[name] === undefined || step.claudeAction.release.inputs.includes(OPTIONAL[name]!)
  const given = (name: string) => (declared(name) ? Object.entries(step.with).find(([key]) => key.toLowerCase() === name)?.[1] : undefined)
  const isOn = (a: Assignment | undefined) => a !== undefined && (a.value.kind === 'expression' || /^true$/i.test(a.value.text.trim()))
  // Where the Claude step's variables come from, nearest first: its script's prefix, its own env, the job's, the workflow's.
  const levels: ((name: string) => Assignment | undefined)[] = [
    (name) => {
      for (const invocation of step.claude) {
        const set = [...invocation.prefix, ...invocation.scriptEnv].reverse().find((c) => c.name === name && !('unset' in c))
        if (set && 'value' in set) return set
      }
      return undefined
    },
    (name) => step.env[name],
    (name) => job.env[name],
    (name) => workflow.env[name],
  ]
  const variable = (name: string): Assignment | undefined => levels.map((at) => at(name)).find((a) => a !== undefined)
  /** The credential variables of the nearest level that sets any: what the user gave this step. */
  const nearest = (names: readonly (readonly [string, string])[]): [Assignment, string][] => {
    for (const at of levels) {
      const here = names.flatMap(([name, input]) => (setTo(at(name)) ? [[at(name)!, input] as [Assignment, string]] : []))
      if (here.length > 0) return here
    }
    return []
  }
  const action = step.claudeAction
  if (action) {
    const oauth = given('claude_code_oauth_token')
    const key = given('anthropic_api_key')
    if (oauth) give('claude-code-oauth-token', oauth)
    if (key) give('anthropic-api-key', key)
    for (const [input, provider] of [['use_bedrock', 'bedrock'], ['use_vertex', 'vertex'], ['use_foundry', 'foundry']] as const) {
      const flag = given(input)
      if (isOn(flag)) {
        give('method', { name: 'method', value: { kind: 'literal', text: provider }, line: flag!.line })
        for (const r of unknownRefs(flag!.value)) depends.push(r.startsWith('the expression') ? `${r} (\`${input}\`)` : `\`${r}\` (\`${input}\`)`)
        if (flag!.value.kind === 'expression' && unknownRefs(flag!.value).length === 0) depends.push(`whether \`${flag!.value.text.trim()}\` is \`true\` (\`${input}\`)`)
      }
    }
    const rule = given('anthropic_federation_rule_id')
    if (rule) {
      give('method', { name: 'method', value: { kind: 'literal', text: 'federation' }, line: rule.line })
      for (const [from, to] of [
        ['anthropic_federation_rule_id', 'anthropic-federation-rule-id'],
        ['anthropic_organization_id', 'anthropic-organization-id'],
        ['anthropic_service_account_id', 'anthropic-service-account-id'],
        ['anthropic_workspace_id', 'anthropic-workspace-id'],
        ['anthropic_oidc_audience', 'oidc-audience'],
      ] as const) {
        const a = given(from)
        if (a) give(to, a)
      }
    }
    // A misspelt credential input (audit/undeclared-input says so): the credential the user meant to give.
    if (!oauth && !key) {
      for (const [name, assignment] of Object.entries(step.with)) {
        const meant = NOT_DECLARED[name.toLowerCase()]
        if (meant === 'anthropic_api_key') give('anthropic-api-key', assignment)
        if (meant === 'claude_code_oauth_token' && assignment.value.kind === 'expression' && declared('claude_code_oauth_token')) give('claude-code-oauth-token', assignment)
      }
    }
    // The main action falls back to the step's environment when the input is empty.
    if (!oauth && !key && action.env.some((v) => v.orEnv)) {
      for (const [a, input] of nearest([['CLAUDE_CODE_OAUTH_TOKEN', 'claude-code-oauth-token'], ['ANTHROPIC_API_KEY', 'anthropic-api-key']])) give(input, a)
    }
  } else {
    for (const [a, input] of nearest([['CLAUDE_CODE_OAUTH_TOKEN', 'claude-code-oauth-token'], ['ANTHROPIC_API_KEY', 'anthropic-api-key'], ['ANTHROPIC_AUTH_TOKEN', 'anthropic-auth-token']])) give(input, a)
    // Keyless federation the CLI does itself: the rule and organization in the step's environment.
    const rule = variable('ANTHROPIC_FEDERATION_RULE_ID')
    if (rule && setTo(rule) && FIRST_PARTY_INPUTS.every((i) => withs[i] === undefined)) {
      give('method', { name: 'method', value: { kind: 'literal', text: 'federation' }, line: rule.line })
      for (const [name, input] of [
        ['ANTHROPIC_FEDERATION_RULE_ID', 'anthropic-federation-rule-id'],
        ['ANTHROPIC_ORGANIZATION_ID', 'anthropic-organization-id'],
        ['ANTHROPIC_SERVICE_ACCOUNT_ID', 'anthropic-service-account-id'],
        ['ANTHROPIC_WORKSPACE_ID', 'anthropic-workspace-id'],
      ] as const) {
        const a = variable(name)
        if (a && setTo(a)) give(input, a)
      }
    }
    for (const [name, provider] of [['CLAUDE_CODE_USE_BEDROCK', 'bedrock'], ['CLAUDE_CODE_USE_VERTEX', 'vertex'], ['CLAUDE_CODE_USE_FOUNDRY', 'foundry']] as const) {
      const a = variable(name)
      if (a && (a.value.kind === 'expression' || !/^(|0|false)$/i.test(a.value.text.trim()))) give('method', { name: 'method', value: { kind: 'literal', text: provider }, line: a.line })
    }
  }
  // A provider's values and the base URL the Claude step sets for itself are part of its setup: the inputs a user would give.
  const method = withs.method?.value.text
  const baseUrl = levels[0]!('ANTHROPIC_BASE_URL') ?? step.env.ANTHROPIC_BASE_URL
  if (!method && baseUrl && setTo(baseUrl)) give('anthropic-base-url', baseUrl)
  const providerInputs: Record<string, [string, string][]> = {
    bedrock: [['AWS_REGION', 'aws-region'], ['AWS_BEARER_TOKEN_BEDROCK', 'bedrock-api-key']],
    vertex: [['ANTHROPIC_VERTEX_PROJECT_ID', 'vertex-project-id'], ['CLOUD_ML_REGION', 'vertex-region']],
    foundry: [['ANTHROPIC_FOUNDRY_RESOURCE', 'foundry-resource'], ['ANTHROPIC_FOUNDRY_BASE_URL', 'foundry-base-url'], ['ANTHROPIC_FOUNDRY_API_KEY', 'foundry-api-key']],
  }
  if (method && providerInputs[method]) {
    // A provider method takes no first-party credential input.
    delete withs['claude-code-oauth-token']
    delete withs['anthropic-api-key']
    for (const [name, input] of providerInputs[method]!) if (step.env[name]) give(input, step.env[name]!)
  }
  return { with: withs, credentials, depends }
}

/** The step this audit inserts, as a user would: right before the first Claude step, given its credential. */
function virtualStep(before: StepModel, intention: Intention): StepModel {
  return {
    line: before.line,
    index: -1,
    contextName: '__claude-code-auth_claude-code-auth',
    label: `this action (inserted before ${before.label})`,
    uses: 'claude-code-auth/claude-code-auth@v1',
    with: intention.with,
    env: {},
    claude: [],
    githubEnvWrites: [],
    githubEnvUnread: [],
    scriptAssignments: [],
  }
}

export interface Repository {
  root: string
  /** What the scan found with no variable that moves its files: read once per repository. */
  baseScan?: Scan
}

/** Variables that change which files the scan reads: a job that sets one is scanned on its own. */
const MOVES_FILES = ['CLAUDE_CONFIG_DIR', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'GOOGLE_APPLICATION_CREDENTIALS']

export function judgeJob(workflow: AuditWorkflow, job: AuditJob, repository: Repository): JobResult | undefined {
  const selfIndex = job.selfSteps[0]
  const firstClaude = job.claudeSteps[0]
  if (selfIndex === undefined && firstClaude === undefined) return undefined
  const present = new PresentValues()
  const intention = selfIndex === undefined ? intentionOf(job.steps[firstClaude!]!, job, workflow) : undefined
  const self = selfIndex !== undefined ? job.steps[selfIndex]! : virtualStep(job.steps[firstClaude!]!, intention!)
  const later = withWrittenSettings(selfIndex !== undefined ? job.steps.slice(selfIndex + 1) : job.steps.slice(firstClaude), job)
  const model: WorkflowModel = {
    path: workflow.path,
    on: workflow.on,
    env: workflow.env,
    job: { id: job.id, line: job.line, env: job.env, ...(job.permissions !== undefined ? { permissions: job.permissions } : {}) },
    self,
    later,
  }
  if (workflow.permissions !== undefined) model.permissions = workflow.permissions

  // The intended credential's identity fixes its kind: the same secret elsewhere is the same value.
  const inputs: Env = {}
  for (const [name, assignment] of Object.entries(self.with)) {
    const input = name.toLowerCase()
    const kind = CREDENTIAL_INPUT_KIND[input]
    inputs[inputVariable(input)] =
      assignment.value.kind === 'expression' && SHAPED[input] !== undefined ? SHAPED[input]! : present.textOf(input, assignment.value, kind ?? (input === 'anthropic-base-url' ? 'url' : 'secret'))
  }
  const env: Env = { HOME: EMPTY_HOME }
  for (const block of [workflow.env, job.env]) for (const a of Object.values(block)) env[a.name] = present.textOf(a.name, a.value)
  // What the steps before this one leave in the job environment: cloud auth actions' exports, GITHUB_ENV writes.
  for (const step of job.steps.slice(0, selfIndex ?? firstClaude)) {
    const uses = step.uses?.toLowerCase() ?? ''
    const region = step.with['aws-region']?.value
    for (const [action, names] of CLOUD_AUTH_EXPORTS) {
      if (!uses.startsWith(`${action}@`)) continue
      for (const name of names) env[name] ??= /REGION$/.test(name) ? (region?.kind === 'literal' ? region.text : 'us-east-1') : present.value(`${action} ${name}`, 'secret')
    }
    for (const write of step.githubEnvWrites) if (!write.conditional) env[write.name] = present.textOf(write.name, write.value)
  }
  const locations: ScanLocations = { home: EMPTY_HOME, projectDir: repository.root, repoRoot: repository.root, managedSettings: join(EMPTY_HOME, 'managed-settings.json') }
  let found: Scan
  if (MOVES_FILES.some((name) => env[name] !== undefined)) found = scan(env, locations, () => true)
  else {
    repository.baseScan ??= scan({ HOME: EMPTY_HOME }, locations, () => true)
    const base = repository.baseScan
    found = { ...base, env, settings: [...base.settings], files: [...base.files], exposedFiles: [...base.exposedFiles], problems: [...base.problems] }
  }
  // google-github-actions/auth writes the credentials file it names (external_account for workload identity).
  const googleAuth = job.steps.slice(0, selfIndex ?? firstClaude).find((s) => /^google-github-actions\/auth@/i.test(s.uses ?? ''))
  if (googleAuth && found.googleCredentials === undefined) {
    env.GOOGLE_APPLICATION_CREDENTIALS = '/home/runner/work/_temp/gha-creds.json'
    found.googleCredentials = { path: env.GOOGLE_APPLICATION_CREDENTIALS, state: 'read', type: googleAuth.with.credentials_json ? 'service_account' : 'external_account' }
  }
  const places: Places = {
    repoRoot: repository.root,
    home: EMPTY_HOME,
    workflowFile: workflow.path,
    declared: (name) => {
      const own = job.env[name]
      if (own) return { level: 'job', at: { file: workflow.path, line: own.line } }
      const top = workflow.env[name]
      return top ? { level: 'workflow', at: { file: workflow.path, line: top.line } } : undefined
    },
  }
  const parsed = parseInputs({ ...env, ...inputs }, repository.root, () => diagnoseMissingCredential({}, { ok: true, workflow: model }))
  // A Claude step given nothing: the static rule audit/no-credential says so, once.
  const nothingGiven = selfIndex === undefined && Object.keys(self.with).length === 0
  const problems: Problem[] = nothingGiven ? [...found.problems] : [...parsed.problems, ...found.problems]
  let decision: Decision | undefined
  let inputsUsed: Inputs | undefined
  if (!nothingGiven && parsed.inputs && !parsed.problems.some((p) => p.severity === 'error')) {
    const given = parsed.inputs
    // Federation's exchange brings an OAuth token at run time; statically it is present.
    if (given.method === 'federation') given.credential = { kind: 'oauth-token', value: present.value('federation exchange', 'oauth-token') }
    inputsUsed = given
    decision = decide(given, found, places, {
      rows: false,
      later: (intended, planned, jobConflicts, jobCorrect) =>
        judgeLaterSteps({ workflow: model, settings: laterStepsSettings(model, repository.root, locations) }, found, given, places, intended, planned, jobConflicts, jobCorrect),
    })
    problems.push(...decision.problems)
  }
  const findings = problems.filter((p) => !sameAsGiven(p, workflow, job, self)).map((p) => toFinding(p, workflow, job, self, present, intention?.depends ?? []))
  if (nothingGiven) {
    const first = job.steps[firstClaude!]!
    const cannot = noCredentialReaches(first, job, found, env)
    if (cannot) findings.push(auditFinding('audit/no-credential-reaches', workflow, first.line, cannot, job.id))
    // An action of another repository that runs Claude Code: what it passes on is not read here.
    if (first.uses && !first.claudeAction && first.unreadClaude) {
      const given = Object.keys(first.with).filter((k) => /api_key|oauth_token|auth_token/i.test(k))
      findings.push({
        ...auditFinding('audit/action-not-read', workflow, first.line, `${first.label} runs Claude Code through \`${first.uses}\`, an action in another repository${given.length ? `, given \`${given.join('`, `')}\`` : ''}: what it passes to Claude Code is not read here.`, job.id),
        dependsOn: `what \`${first.uses}\` passes to Claude Code`,
      })
    }
  }
  return {
    job: job.id,
    line: job.line,
    route: routeOf(inputsUsed, decision, self, env),
    verdict: 'pass',
    setup: selfIndex !== undefined ? 'this-action' : 'virtual',
    workflowFindings: 0,
    findings,
  }
}

/**
 * Why no credential can reach the Claude Code a Claude action starts, when that is certain: a release
 * that maps credentials from its inputs only (every ref before v1.0.146, every base action) given
 * none, no provider or federation input, no `claude_env` or `settings` input, no credential or provider
 * variable anywhere in the job or the repository's settings files, on a GitHub-hosted runner (no
 * `/login` file there). Otherwise undefined: audit/no-credential's warning says what it depends on.
 */
function noCredentialReaches(step: StepModel, job: AuditJob, found: Scan, env: Env): string | undefined {
  const action = step.claudeAction
  if (!action || action.release.envFallback || action.settings || action.settingsFlag || (action.claudeEnv?.length ?? 0) > 0) return undefined
  if (Object.keys(step.with).some((k) => /key|token|bedrock|vertex|foundry|federation|settings|claude_env|claude_args/i.test(k) && !/^github_token$/i.test(k))) return undefined
  if (job.runsOn === undefined || /self-hosted|\$\{\{/i.test(job.runsOn)) return undefined
  const CREDENTIAL = /^(ANTHROPIC_API_KEY|ANTHROPIC_AUTH_TOKEN|CLAUDE_CODE_OAUTH_TOKEN|CLAUDE_CODE_USE_[A-Z_]+|ANTHROPIC_FEDERATION_RULE_ID|CLAUDE_CODE_(API_KEY|OAUTH_TOKEN)_FILE_DESCRIPTOR|CLAUDE_CONFIG_DIR)$/
  // What the action sets from an input it is not given is empty for Claude Code, whatever the job says;
  // any other credential variable (ANTHROPIC_AUTH_TOKEN, a provider flag, a config dir) passes through from any level.
  const blanked = new Set(action.env.filter((v) => v.value.kind !== 'from-env' && (v.flag || v.value.text === '')).map((v) => v.name))
  const reaching = (name: string) => CREDENTIAL.test(name) && !blanked.has(name)
  if (Object.keys(env).some(reaching) || Object.keys(step.env).some(reaching)) return undefined
  if (job.envExpression || job.steps.slice(0, job.steps.indexOf(step)).some((s) => s.githubEnvUnread.length > 0 || s.githubEnvWrites.some((w) => reaching(w.name)))) return undefined
  if (found.settings.some((f) => Object.keys(f.env).some((n) => CREDENTIAL.test(n)) || (f.apiKeyHelper ?? '') !== '')) return undefined
  const ref = action.release.known ? `@${action.ref}` : `@${action.ref}, judged as ${action.release.name}`
  const named = step.label.includes(`${action.action}@`) ? (action.release.known ? step.label : `${step.label} (judged as ${action.release.name})`) : `${step.label} (\`${action.action}${ref}\`)`
  const unused = [...new Set([...Object.keys(env), ...Object.keys(step.env)].filter((n) => blanked.has(n) && CREDENTIAL.test(n)))]
  const also = unused.length > 0 ? ` The job's ${unused.map((n) => `\`${n}\``).join(' and ')} does not reach it: the action sets ${unused.length > 1 ? 'them' : 'it'} from the input.` : ''
  return `${named} is given no credential input, and this release maps \`ANTHROPIC_API_KEY\` and \`CLAUDE_CODE_OAUTH_TOKEN\` from its inputs only (falling back to the step's environment came in v1.0.146): Claude Code starts with no credential, and nothing else in the job or the repository gives it one, so the step fails.${also}`
}

function auditFinding(id: string, workflow: AuditWorkflow, line: number, message: string, job: string): Finding {
  const rule = auditRule(id)
  return { rule: id, severity: rule.severity, title: rule.short.replace(/\.$/, ''), message, where: `${workflow.path} line ${line}`, fix: rule.help, file: workflow.path, line, column: columnOf(workflow.lines, line), job }
}

/**
 * A later step's settings file (`settings:` of a Claude action, `claude --settings PATH`) that an
 * earlier step of the job writes whole from a literal here-document, unconditionally: at run time
 * the step reads that content, so it is judged as inline JSON (the file is not in the checkout, or
 * is overwritten). Anything less certain keeps the path (the engine's depends-on when unread).
 */
function withWrittenSettings(steps: StepModel[], job: AuditJob): StepModel[] {
  if (job.writes.length === 0) return steps
  const normal = (path: string) => path.replace(/^\.\//, '')
  const writtenFor = (step: StepModel, path: string): string | undefined => {
    if (path.trim().startsWith('{') || path.includes('$')) return undefined
    const cwd = step.run?.workingDirectory
    const last = [...job.writes].reverse().find((w) => w.step < step.index && normal(w.path) === normal(path.trim()) && (path.trim().startsWith('/') || w.workingDirectory === cwd))
    return last && !last.conditional && last.body !== undefined && last.body.trim().startsWith('{') ? last.body : undefined
  }
  return steps.map((step) => {
    let changed = step
    const action = step.claudeAction
    const fromInput = action?.settings && action.settings.value.kind === 'literal' ? writtenFor(step, action.settings.value.text) : undefined
    if (action && fromInput !== undefined) changed = { ...changed, claudeAction: { ...action, settings: { ...action.settings!, value: { kind: 'literal', text: fromInput } } } }
    if (step.claude.some((c) => c.settings !== undefined && writtenFor(step, c.settings) !== undefined)) {
      changed = { ...changed, claude: step.claude.map((c) => (c.settings !== undefined && writtenFor(step, c.settings) !== undefined ? { ...c, settings: writtenFor(step, c.settings)! } : c)) }
    }
    return changed
  })
}

function routeOf(inputs: Inputs | undefined, decision: Decision | undefined, self: StepModel, env: Env): Route {
  const method = inputs?.method ?? self.with.method?.value.text
  switch (method) {
    case 'oauth-token':
    case 'api-key':
      return inputs?.baseUrl || env.ANTHROPIC_BASE_URL?.trim() || decision?.baseUrl ? 'gateway' : method === 'oauth-token' ? 'subscription OAuth' : 'API key'
    case 'auth-token':
      return 'gateway'
    case 'bedrock':
      return 'Bedrock'
    case 'vertex':
      return 'Vertex'
    case 'foundry':
      return 'Foundry'
    case 'federation':
      return 'federation'
    case 'api-key-helper':
      return 'apiKeyHelper'
    case 'login':
      return 'login'
  }
  return 'none'
}

/** The input of this action each variable a step may set for itself is given by. */
const INPUT_OF_VARIABLE: Record<string, string> = {
  ANTHROPIC_BASE_URL: 'anthropic-base-url',
  AWS_REGION: 'aws-region',
  AWS_BEARER_TOKEN_BEDROCK: 'bedrock-api-key',
  ANTHROPIC_VERTEX_PROJECT_ID: 'vertex-project-id',
  CLOUD_ML_REGION: 'vertex-region',
  ANTHROPIC_FOUNDRY_RESOURCE: 'foundry-resource',
  ANTHROPIC_FOUNDRY_BASE_URL: 'foundry-base-url',
  ANTHROPIC_FOUNDRY_API_KEY: 'foundry-api-key',
}

/**
 * A finding about a later step's variable written with the same expression as
 * the input this step was given for it is the same value. Seam: the
 * engine-values branch compares value identity in the engine itself; once it
 * is merged this filter finds nothing to drop.
 */
function sameAsGiven(p: Problem, workflow: AuditWorkflow, job: AuditJob, self: StepModel): boolean {
  if (!p.at || p.at.file !== workflow.path) return false
  const assignment = assignmentAt(p.at.line, workflow, job)
  const input = assignment ? INPUT_OF_VARIABLE[assignment.name] : undefined
  const given = input ? self.with[input] : undefined
  if (!assignment || !given) return false
  const same = (a: WorkflowValue, b: WorkflowValue) => (a.kind === 'expression' && b.kind === 'expression' ? identityOf(a.text) === identityOf(b.text) : a.kind === b.kind && a.text === b.text)
  return same(assignment.value, given.value)
}

/** The step a line of the workflow is in. */
export function stepOfLine(job: AuditJob, line: number): StepModel | undefined {
  let found: StepModel | undefined
  for (const step of job.steps) if (step.line <= line) found = step
  return found
}

/** A value written on a line of the workflow: the step's, the job's or the workflow's assignment there. */
function assignmentAt(line: number, workflow: AuditWorkflow, job: AuditJob): Assignment | undefined {
  const blocks = [workflow.env, job.env, ...job.steps.flatMap((s) => [s.env, s.with])]
  for (const block of blocks) for (const a of Object.values(block)) if (a.line === line) return a
  return undefined
}

function toFinding(p: Problem, workflow: AuditWorkflow, job: AuditJob, self: StepModel, present: PresentValues, setupDepends: readonly string[]): Finding {
  const line = p.at ? p.at.line : self.line
  const file = p.at?.file ?? workflow.path
  let severity: Severity = p.severity
  let dependsOn = p.dependsOn
  // A value the audit cannot know (`vars`, `inputs`, `matrix`, `needs`, `steps`): depends-on, never certain.
  // Seam: the engine-certainty branch sets Problem.dependsOn itself; this fills it only where the engine did not.
  const assignment = file === workflow.path ? assignmentAt(line, workflow, job) : undefined
  const unknown = assignment ? unknownRefs(assignment.value) : []
  if (!dependsOn && unknown.length > 0) dependsOn = unknown.map((r) => (r.startsWith('the expression') ? r : `\`${r}\``)).join(' and ')
  // The credential the step was given computes its value: every finding of the job depends on it.
  const givenUnknown = Object.entries(self.with).flatMap(([input, a]) => (CREDENTIAL_INPUT_KIND[input.toLowerCase()] ? unknownRefs(a.value) : []))
  if (!dependsOn && givenUnknown.length > 0 && !p.rule?.startsWith('audit/')) dependsOn = givenUnknown.map((r) => (r.startsWith('the expression') ? r : `\`${r}\``)).join(' and ')
  if (!dependsOn && setupDepends.length > 0) dependsOn = setupDepends.join(' and ')
  // A step whose script sources another file before Claude Code starts: what that file sets is not read here.
  const sourced = stepOfLine(job, line)?.run?.text.match(/(?:^|[;&|]\s*|\s)(?:source|\.)\s+("[^"]+"|'[^']+'|[^\s;&|]+)/m)?.[1]
  if (!dependsOn && sourced) dependsOn = `what \`${sourced.replace(/^["']|["']$/g, '')}\`, which the step sources, sets before Claude Code starts`
  // A file an earlier step may write when the job runs (a credentials file): not in the checkout, not knowable here.
  if (!dependsOn && /credentials file not found/i.test(p.title)) dependsOn = 'a file the job writes before this step, which a static read cannot see'
  if (dependsOn && severity === 'error') severity = 'warning'
  const finding: Finding = {
    rule: p.rule ?? engineRule(p),
    severity,
    title: p.title,
    message: present.reword(p.cause),
    where: present.reword(p.where),
    fix: present.reword(p.fix),
    file,
    line,
    column: file === workflow.path ? columnOf(workflow.lines, line, assignment?.name) : 1,
    job: job.id,
  }
  if (dependsOn) finding.dependsOn = dependsOn
  return finding
}
