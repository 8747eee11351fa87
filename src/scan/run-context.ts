// What this run can know of the expressions in its workflow file: the event
// payload (GITHUB_EVENT_PATH), the event's name and the `github.*` values the
// runner puts in the environment, and the `inputs` of a `workflow_dispatch`
// run of this very file. `matrix`, `vars`, `needs` and `steps` are not given
// to an action step, so they stay unknown.

import { readFileSync } from 'node:fs'
import type { ExpressionContext } from './workflow/expression.js'
import type { WorkflowModel } from './workflow/model.js'

/** `github.*` names and the variables the runner sets for them. */
const GITHUB_VARIABLES: Record<string, string> = {
  event_name: 'GITHUB_EVENT_NAME',
  ref: 'GITHUB_REF',
  ref_name: 'GITHUB_REF_NAME',
  ref_type: 'GITHUB_REF_TYPE',
  base_ref: 'GITHUB_BASE_REF',
  head_ref: 'GITHUB_HEAD_REF',
  repository: 'GITHUB_REPOSITORY',
  repository_owner: 'GITHUB_REPOSITORY_OWNER',
  actor: 'GITHUB_ACTOR',
  triggering_actor: 'GITHUB_TRIGGERING_ACTOR',
  sha: 'GITHUB_SHA',
  workflow: 'GITHUB_WORKFLOW',
  job: 'GITHUB_JOB',
  run_id: 'GITHUB_RUN_ID',
  run_number: 'GITHUB_RUN_NUMBER',
  run_attempt: 'GITHUB_RUN_ATTEMPT',
  server_url: 'GITHUB_SERVER_URL',
  api_url: 'GITHUB_API_URL',
}

export function runContext(env: Readonly<Record<string, string | undefined>>, workflow: WorkflowModel): ExpressionContext {
  const github: Record<string, unknown> = {}
  for (const [name, variable] of Object.entries(GITHUB_VARIABLES)) {
    const value = env[variable]
    if (value !== undefined) github[name] = value
  }
  const payload = readPayload(env.GITHUB_EVENT_PATH)
  if (payload) github.event = payload
  const context: ExpressionContext = { github }
  const inputs = dispatchInputs(env.GITHUB_EVENT_NAME, payload, workflow)
  if (inputs) context.inputs = inputs
  const secrets = ownSecrets(env, workflow)
  if (Object.keys(secrets).length > 0) context.secrets = secrets
  const own = ownInputs(env, workflow)
  if (Object.keys(own.values).length > 0) context.ownInputs = own.values
  if (own.secrets.length > 0) context.inputSecrets = own.secrets
  return context
}

/**
 * This step's inputs written as an expression, with the value the runner gave each: the same
 * expression in a later step evaluates the same (`steps.provider.outputs.x == '' &&
 * secrets.KEY || ''` empty here is empty there), unless it reads what changes in between:
 * `env.*` (GITHUB_ENV writes), a later step's `steps.<id>`, `job.*` or a status function.
 * Keyed by the expression without blanks. The values of credential inputs are secrets: they
 * are listed apart so that no evaluation hands one on.
 */
function ownInputs(env: Readonly<Record<string, string | undefined>>, workflow: WorkflowModel): { values: Record<string, string>; secrets: string[] } {
  const laterIds = new Set(workflow.later.flatMap((step) => (step.id ? [step.id] : [])))
  const values: Record<string, string> = {}
  const secrets: string[] = []
  for (const [input, assignment] of Object.entries(workflow.self.with)) {
    const value = env[`INPUT_${input.replace(/ /g, '_').toUpperCase()}`]
    if (value === undefined) continue
    if (CREDENTIAL_INPUTS.includes(input.toLowerCase()) && value !== '') secrets.push(value)
    const written = assignment.value
    if (written.kind !== 'expression') continue
    const changes = written.refs.some((ref) => {
      const [root, id] = ref.split('.')
      return root === 'env' || root === 'job' || (root === 'steps' && id !== undefined && laterIds.has(id))
    })
    if (changes || /\b(success|failure|always|cancelled|hashFiles)\s*\(/.test(written.text)) continue
    values[written.text.replace(/\s+/g, '')] = value
  }
  return { values, secrets }
}

/** This action's credential inputs: the secret each is given as (`${{ secrets.NAME }}`) arrives as its value. */
const CREDENTIAL_INPUTS = ['claude-code-oauth-token', 'anthropic-api-key', 'anthropic-auth-token', 'bedrock-api-key', 'foundry-api-key']

/**
 * `secrets.NAME` this step knows: an input of this step written as exactly
 * `${{ secrets.NAME }}` delivers that secret's value (as the runner reads
 * inputs: INPUT_ + the name upper-cased, spaces to `_`).
 */
function ownSecrets(env: Readonly<Record<string, string | undefined>>, workflow: WorkflowModel): Record<string, string> {
  const secrets: Record<string, string> = {}
  for (const input of CREDENTIAL_INPUTS) {
    const written = workflow.self.with[input]?.value
    if (written?.kind !== 'expression' || written.refs.length !== 1 || !written.refs[0]!.startsWith('secrets.')) continue
    if (!/^\$\{\{\s*secrets\.[A-Za-z_][A-Za-z0-9_]*\s*\}\}$/.test(written.text.trim())) continue
    const value = env[`INPUT_${input.replace(/ /g, '_').toUpperCase()}`]
    if (value !== undefined) secrets[written.refs[0]!.slice('secrets.'.length)] = value
  }
  return secrets
}

function readPayload(path: string | undefined): Record<string, unknown> | undefined {
  if (!path) return undefined
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'))
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/**
 * `inputs` of a `workflow_dispatch` run of this file, typed as the file
 * declares them (a `boolean` input is `true`/`false` in `inputs`, text in the
 * payload). Unknown when this file may be running as a reusable workflow (its
 * `inputs` then come from the caller), or when a declared input is missing
 * from the payload.
 */
function dispatchInputs(event: string | undefined, payload: Record<string, unknown> | undefined, workflow: WorkflowModel): Record<string, unknown> | undefined {
  if (event !== 'workflow_dispatch' || !workflow.on.includes('workflow_dispatch') || workflow.on.includes('workflow_call')) return undefined
  const given = payload?.inputs
  if (given === undefined || given === null || typeof given !== 'object') return Object.keys(workflow.dispatchInputs ?? {}).length === 0 ? {} : undefined
  const inputs: Record<string, unknown> = {}
  for (const [name, type] of Object.entries(workflow.dispatchInputs ?? {})) {
    const value = (given as Record<string, unknown>)[name]
    if (value === undefined) return undefined
    inputs[name] = type === 'boolean' && typeof value === 'string' ? value === 'true' : type === 'number' && typeof value === 'string' ? Number(value) : value
  }
  for (const [name, value] of Object.entries(given)) if (!(name in inputs)) inputs[name] = value
  return inputs
}
