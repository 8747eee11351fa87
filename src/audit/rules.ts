// The rules only a static read can have: about how a workflow is written,
// not about what Claude Code sends (that is the engine's). Pure.

import type { Assignment, StepModel } from '../scan/workflow/model.js'
import type { Finding } from './findings.js'
import { intentionOf, identityOf, isPlainReference } from './judge.js'
import { columnOf, runsClaude, type AuditJob, type AuditWorkflow } from './read.js'
import { auditRule, NOT_DECLARED } from './rules-table.js'

function finding(id: string, workflow: AuditWorkflow, line: number, message: string, extra: { job?: string; needle?: string; fix?: string; where?: string; dependsOn?: string } = {}): Finding {
  const rule = auditRule(id)
  return {
    rule: id,
    // Not certain before the run: a warning that says what it depends on.
    severity: extra.dependsOn && rule.severity === 'error' ? 'warning' : rule.severity,
    ...(extra.dependsOn ? { dependsOn: extra.dependsOn } : {}),
    title: rule.short.replace(/\.$/, ''),
    message,
    where: extra.where ?? `${workflow.path} line ${line}`,
    fix: extra.fix ?? rule.help,
    file: workflow.path,
    line,
    column: columnOf(workflow.lines, line, extra.needle),
    ...(extra.job ? { job: extra.job } : {}),
  }
}

const given = (step: StepModel, name: string): Assignment | undefined => {
  const a = Object.entries(step.with).find(([key]) => key.toLowerCase() === name)?.[1]
  return a && !(a.value.kind === 'literal' && a.value.text.trim() === '') ? a : undefined
}

/** The Claude actions' credential and provider inputs (claude-actions.ts reads the same ones). */
const DECLARED_CREDENTIAL_INPUTS = new Set(['anthropic_api_key', 'claude_code_oauth_token', 'github_token', 'use_bedrock', 'use_vertex', 'use_foundry', 'ssh_signing_key'])
const CREDENTIAL_LOOKING = /(api[_-]?key|oauth|auth[_-]?token|^token$|_token$|^use[_-](bedrock|vertex|foundry|oauth))/i

/**
 * The fix for a misspelt credential input, as the release table says this release can take it:
 * the input meant when the release declares it, `claude_env` only where it exists (the step's
 * `env:` in v1), and no OAuth input before v0.0.30.
 */
function fixFor(name: string, meant: string | undefined, declared: readonly string[]): string | undefined {
  if (meant === undefined) return undefined
  if (meant.startsWith('claude_env')) {
    return declared.includes('claude_env')
      ? `Give it in \`claude_env\` as \`ANTHROPIC_AUTH_TOKEN: …\` and delete \`${name}\`.`
      : `Give it as \`ANTHROPIC_AUTH_TOKEN\` in the step's \`env:\` (this release has no \`claude_env\`) and delete \`${name}\`.`
  }
  const group = RELEASE_INPUTS[meant]
  if (group && !declared.includes(group)) return `This release has no \`${meant}\` input either: move to a release that has it (\`@v1\`) and rename \`${name}\` to \`${meant}\`.`
  return `Rename \`${name}\` to \`${meant}\`.`
}

/** Inputs whose presence differs between releases, as the release table (claude-actions.ts) names them in `release.inputs`. */
const RELEASE_INPUTS: Record<string, string> = {
  claude_code_oauth_token: 'claude_code_oauth_token',
  use_foundry: 'use_foundry',
  anthropic_federation_rule_id: 'federation',
  anthropic_organization_id: 'federation',
  anthropic_service_account_id: 'federation',
  anthropic_workspace_id: 'federation',
  anthropic_oidc_audience: 'federation',
  settings: 'settings',
  claude_args: 'claude_args',
  claude_env: 'claude_env',
}

const CREDENTIAL_VARIABLES = ['ANTHROPIC_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN'] as const
const setTo = (a: Assignment | undefined) => a !== undefined && !(a.value.kind === 'literal' && a.value.text.trim() === '')

/** Actions that exchange the job's OIDC token when given a role or provider to assume. */
const OIDC_ACTIONS: { action: string; when: string[]; what: string }[] = [
  { action: 'aws-actions/configure-aws-credentials', when: ['role-to-assume'], what: 'aws-actions/configure-aws-credentials with `role-to-assume`' },
  { action: 'google-github-actions/auth', when: ['workload_identity_provider'], what: 'google-github-actions/auth with `workload_identity_provider`' },
  { action: 'azure/login', when: ['client-id'], what: 'azure/login with `client-id`' },
]

function hasIdToken(permissions: string | Record<string, string> | undefined): boolean | undefined {
  if (permissions === undefined) return undefined
  if (typeof permissions === 'string') return /^write-all$/.test(permissions.trim())
  const level = Object.entries(permissions).find(([scope]) => scope === 'id-token')?.[1]
  return level?.trim() === 'write'
}

export function workflowRules(workflow: AuditWorkflow): Finding[] {
  const out: Finding[] = []
  const envBlocks: { where: string; env: Record<string, Assignment>; job?: string; step?: StepModel }[] = [{ where: 'the workflow `env:`', env: workflow.env }]
  for (const job of workflow.jobs) {
    envBlocks.push({ where: `the \`env:\` of job \`${job.id}\``, env: job.env, job: job.id })
    for (const step of job.steps) envBlocks.push({ where: `the \`env:\` of ${step.label}`, env: step.env, job: job.id, step })
    out.push(...jobRules(workflow, job))
  }
  for (const block of envBlocks) {
    const [key, oauth] = CREDENTIAL_VARIABLES.map((n) => block.env[n])
    // A step that runs `claude` in its script: the engine judges what that command gets (an `unset` in between included).
    if (block.step?.claude.length) continue
    // A `run:` step that starts no Claude Code (a script checking which secret is set, say): its `env:` reaches no Claude.
    if (block.step && !block.step.uses && block.step.run) continue
    if (setTo(key) && setTo(oauth)) {
      const line = Math.max(key!.line, oauth!.line)
      const computed = [key!, oauth!].filter((a) => a.value.kind === 'expression' && !isPlainReference(a.value))
      const sourced = block.step?.run?.text.match(/(?:^|[;&|]\s*|\s)(?:source|\.)\s+("[^"]+"|'[^']+'|[^\s;&|]+)/m)?.[1]
      const dependsOn =
        computed.length > 0 ? computed.map((a) => `the expression \`${a.value.text.trim()}\` (line ${a.line}), which may be empty`).join(' and ')
        : sourced ? `what \`${sourced.replace(/^["']|["']$/g, '')}\`, which the step sources, does with them before Claude Code starts`
        : undefined
      out.push(
        finding('audit/both-credential-variables', workflow, line, `${block.where} sets both ANTHROPIC_API_KEY (line ${key!.line}) and CLAUDE_CODE_OAUTH_TOKEN (line ${oauth!.line}): Claude Code sends the API key, never the OAuth token.`, {
          ...(block.job ? { job: block.job } : {}),
          ...(dependsOn ? { dependsOn } : {}),
          needle: line === key!.line ? 'ANTHROPIC_API_KEY' : 'CLAUDE_CODE_OAUTH_TOKEN',
        }),
      )
    }
  }
  return out
}

function jobRules(workflow: AuditWorkflow, job: AuditJob): Finding[] {
  const out: Finding[] = []
  const job_ = { job: job.id }
  for (const condition of job.conditions) {
    if (/\bsecrets\s*(\.|\[)/.test(condition.if)) {
      const line = ifLine(workflow, condition.line)
      const step = job.steps.find((s) => s.line === condition.line)
      out.push(finding('audit/secrets-in-if', workflow, line, `The \`if:\` of ${step?.label ?? condition.label} reads \`secrets\`, which GitHub does not allow in a step condition: it rejects the whole workflow file and no job of it runs.`, { ...job_, needle: 'if:' }))
    }
  }
  for (const step of job.steps) {
    const action = step.claudeAction
    if (!action) continue
    const key = given(step, 'anthropic_api_key')
    // Before v0.0.30 the OAuth input is not declared (audit/undeclared-input says so): only the key is given.
    const oauth = action.release.inputs.includes('claude_code_oauth_token') ? given(step, 'claude_code_oauth_token') : undefined
    if (key && oauth) {
      const computed = [key, oauth].filter((a) => a.value.kind === 'expression' && !isPlainReference(a.value))
      const dependsOn = computed.length > 0 ? computed.map((a) => `the expression \`${a.value.text.trim()}\` (line ${a.line}), which may be empty`).join(' and ') : undefined
      out.push(
        finding('audit/both-credential-inputs', workflow, Math.max(key.line, oauth.line), `${step.label} gives ${action.action} both \`anthropic_api_key\` (line ${key.line}) and \`claude_code_oauth_token\` (line ${oauth.line}): Claude Code sends the API key and never the OAuth token.`, {
          ...job_,
          ...(dependsOn ? { dependsOn } : {}),
          needle: key.line > oauth.line ? 'anthropic_api_key' : 'claude_code_oauth_token',
        }),
      )
    }
    for (const [name, assignment] of Object.entries(step.with)) {
      const input = name.toLowerCase()
      if (DECLARED_CREDENTIAL_INPUTS.has(input) || !(input in NOT_DECLARED || CREDENTIAL_LOOKING.test(input))) continue
      if (/^anthropic_(federation_rule|organization|service_account|workspace)_id$|^anthropic_oidc_audience$|^bot_|^github_|^ssh_/.test(input)) continue
      const fix = fixFor(name, NOT_DECLARED[input], action.release.inputs)
      out.push(
        finding('audit/undeclared-input', workflow, assignment.line, `\`${name}\` is not an input of ${action.action}@${action.ref}: the runner ignores it, so this credential never reaches Claude Code.`, {
          ...job_,
          needle: name,
          ...(fix ? { fix } : {}),
        }),
      )
    }
  }

  // Inputs the release table (claude-actions.ts) says this release does not declare: the runner drops them.
  for (const step of job.steps) {
    const action = step.claudeAction
    if (!action || !action.release.known) continue
    for (const [name, assignment] of Object.entries(step.with)) {
      const group = RELEASE_INPUTS[name.toLowerCase()]
      if (!group || action.release.inputs.includes(group) || !setTo(assignment)) continue
      const credential = group === 'claude_code_oauth_token' || group === 'federation'
      out.push(
        finding('audit/undeclared-input', workflow, assignment.line, `\`${name}\` is not an input of ${action.action}@${action.ref} (${action.release.name} does not declare it): the runner ignores it, so ${credential ? 'this credential never reaches' : 'what it sets never reaches'} Claude Code.`, {
          ...job_,
          needle: name,
          fix: `Use a release of ${action.action} that declares \`${name}\` (\`@v1\` does${group === 'claude_env' ? ' not: pass the variables in the step\'s `env:` there' : ''}), or give the step what it needs another way.`,
        }),
      )
    }
  }

  for (const unread of job.unread) {
    out.push(finding('audit/step-not-read', workflow, unread.line, `The script of ${unread.label} could not be read (${unread.reason}): the job is judged without it.`, { ...job_, dependsOn: `what the script of ${unread.label} does` }))
  }

  // A secret named for one credential kind, in another kind's slot.
  for (const step of job.steps) {
    const slots: { slot: 'api-key' | 'oauth-token'; what: string; assignment: Assignment }[] = []
    const key = step.claudeAction ? given(step, 'anthropic_api_key') : undefined
    const oauth = step.claudeAction ? given(step, 'claude_code_oauth_token') : undefined
    if (key) slots.push({ slot: 'api-key', what: 'the `anthropic_api_key` input', assignment: key })
    if (oauth) slots.push({ slot: 'oauth-token', what: 'the `claude_code_oauth_token` input', assignment: oauth })
    if (step.env.ANTHROPIC_API_KEY) slots.push({ slot: 'api-key', what: 'ANTHROPIC_API_KEY', assignment: step.env.ANTHROPIC_API_KEY })
    if (step.env.CLAUDE_CODE_OAUTH_TOKEN) slots.push({ slot: 'oauth-token', what: 'CLAUDE_CODE_OAUTH_TOKEN', assignment: step.env.CLAUDE_CODE_OAUTH_TOKEN })
    for (const { slot, what, assignment } of slots) {
      if (!isPlainReference(assignment.value) || assignment.value.kind !== 'expression') continue
      const secret = assignment.value.refs[0]!
      if (!secret.startsWith('secrets.')) continue
      const name = secret.slice('secrets.'.length)
      const saysOauth = /OAUTH/i.test(name)
      const saysKey = /API_?KEY/i.test(name) && !saysOauth
      if ((slot === 'api-key' && saysOauth) || (slot === 'oauth-token' && saysKey)) {
        out.push(
          finding('audit/secret-name-slot', workflow, assignment.line, `${step.label} gives \`${secret}\`, named as ${saysOauth ? 'an OAuth token' : 'an API key'}, as ${what}: ${saysOauth ? 'an OAuth token sent as an API key is refused' : 'an API key sent as an OAuth token is refused'}.`, {
            ...job_,
            needle: name,
            dependsOn: `what \`${secret}\` holds`,
          }),
        )
      }
    }
  }

  // Federation and cloud OIDC exchanges need the job's OIDC token.
  const needsToken: { line: number; what: string }[] = []
  for (const step of job.steps) {
    const uses = step.uses?.toLowerCase() ?? ''
    if (step.claudeAction && given(step, 'anthropic_federation_rule_id')) needsToken.push({ line: step.line, what: `${step.label} (federation, \`anthropic_federation_rule_id\`)` })
    if (/^claude-code-auth\/claude-code-auth@/.test(uses) && (given(step, 'anthropic-federation-rule-id') || /^federation$/.test(given(step, 'method')?.value.text ?? ''))) needsToken.push({ line: step.line, what: `${step.label} (federation)` })
    for (const oidc of OIDC_ACTIONS) if (uses.startsWith(`${oidc.action}@`) && oidc.when.some((w) => given(step, w))) needsToken.push({ line: step.line, what: `${step.label} (${oidc.what})` })
  }
  const granted = hasIdToken(job.permissions) ?? hasIdToken(workflow.permissions) ?? false
  if (needsToken.length > 0 && !granted) {
    const first = needsToken[0]!
    out.push(
      finding('audit/missing-id-token', workflow, first.line, `Job \`${job.id}\` exchanges the GitHub OIDC token in ${first.what}, but its permissions do not grant \`id-token: write\`: the runner gives it no token and the exchange fails.`, {
        ...job_,
        fix: `Add \`id-token: write\` to the \`permissions:\` of job \`${job.id}\` (line ${job.line}).`,
      }),
    )
  }

  // This action's step: after checkout, before the first Claude step.
  const self = job.selfSteps[0]
  if (self !== undefined) {
    const step = job.steps[self]!
    const firstClaude = job.claudeSteps[0]
    if (firstClaude !== undefined && firstClaude < self) {
      out.push(finding('audit/step-order', workflow, step.line, `This action's step runs after ${job.steps[firstClaude]!.label} (line ${job.steps[firstClaude]!.line}), which runs Claude Code: the check comes too late to stop it.`, { ...job_, needle: 'uses:' }))
    }
    const checkout = job.steps.findIndex((s) => /^actions\/checkout@/i.test(s.uses ?? ''))
    if (checkout > self) {
      out.push(finding('audit/step-order', workflow, step.line, `This action's step runs before actions/checkout (line ${job.steps[checkout]!.line}): the repository's .claude/settings*.json is not there yet, so the check cannot see what Claude Code will read.`, { ...job_, needle: 'uses:' }))
    }
  }

  // The credentials the Claude steps are given.
  const intents = job.claudeSteps.map((i) => ({ step: job.steps[i]!, intention: intentionOf(job.steps[i]!, job, workflow) }))
  const identities = intents.map(({ step, intention }) => ({ step, key: intention.credentials[0] ? `${intention.credentials[0].kind} ${valueIdentity(intention.credentials[0].assignment)}` : intention.with.method?.value.text }))
  const first = identities.find((i) => i.key !== undefined)
  for (const other of identities) {
    if (first && other.key !== undefined && other.key !== first.key) {
      out.push(finding('audit/two-intended-credentials', workflow, other.step.line, `${other.step.label} is given another credential (${other.key}) than ${first.step.label} (${first.key}) in the same job.`, job_))
      break
    }
  }
  if (self === undefined) {
    for (const { step, intention } of intents) {
      // An action of another repository that runs Claude Code: audit/action-not-read says what the job depends on.
      const notRead = step.uses !== undefined && !step.claudeAction && step.unreadClaude !== undefined
      if (Object.keys(intention.with).length === 0 && runsClaude(step) && !notRead && !Object.keys(step.with).some((k) => k.toLowerCase() in NOT_DECLARED)) {
        out.push(finding('audit/no-credential', workflow, step.line, `${step.label} runs Claude Code but is given no credential the audit can see (no credential input, no credential variable in its, the job's or the workflow's \`env:\`).`, job_))
        break
      }
    }
  }
  return out
}

const valueIdentity = (a: Assignment): string => (a.value.kind === 'expression' ? `\`\${{ ${identityOf(a.value.text)} }}\`` : 'a literal value')

function ifLine(workflow: AuditWorkflow, stepLine: number): number {
  for (let line = stepLine; line <= Math.min(workflow.lines.length, stepLine + 50); line++) if (/^\s*(-\s+)?if:/.test(workflow.lines[line - 1] ?? '')) return line
  return stepLine
}

/** For every slot (credential kind), the secret names the repository's jobs give it: more than one is drift. */
export function driftRules(jobs: readonly { workflow: AuditWorkflow; job: AuditJob }[]): Finding[] {
  const slots = new Map<string, { name: string; workflow: AuditWorkflow; job: AuditJob; line: number }[]>()
  for (const { workflow, job } of jobs) {
    for (const index of job.claudeSteps) {
      for (const { kind, assignment } of intentionOf(job.steps[index]!, job, workflow).credentials) {
        if (assignment.value.kind !== 'expression') continue
        const secrets = assignment.value.refs.filter((r) => r.startsWith('secrets.'))
        if (secrets.length !== 1) continue
        const list = slots.get(kind) ?? []
        list.push({ name: secrets[0]!, workflow, job, line: assignment.line })
        slots.set(kind, list)
      }
    }
  }
  const out: Finding[] = []
  for (const [kind, uses] of slots) {
    const names = [...new Set(uses.map((u) => u.name))]
    if (names.length < 2) continue
    const first = uses[0]!
    for (const use of uses.filter((u) => u.name !== first.name)) {
      out.push(
        finding('audit/secret-name-drift', use.workflow, use.line, `Job \`${use.job.id}\` gives its ${kind} as \`${use.name}\`, while job \`${first.job.id}\` (${first.workflow.path} line ${first.line}) gives it as \`${first.name}\`: two secrets to keep in step.`, {
          job: use.job.id,
          needle: use.name.replace(/^secrets\./, ''),
        }),
      )
    }
  }
  return out
}
