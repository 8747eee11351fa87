// Every workflow in the user documentation (README.md and the gallery docs/workflows.md) that
// runs this action, run through the built action as that workflow's step: the documents are read
// at test time, so an example cannot drift from what the product does, and a new example without
// a case here fails the suite.
//
// Each example is the running workflow (written to the checkout, GITHUB_WORKFLOW_REF at it),
// its inputs come from its `with:`, and the step's environment is built as the runner builds
// it: workflow `env:`, job `env:`, the step's own `env:`, the runner's variables for the job
// (event, runner kind, the OIDC variables under `id-token: write`), and what the example's
// earlier steps leave behind (modelled below from those actions' sources). Secrets become
// well-formed fakes chosen by name. Whether an example passes or fails is written by hand
// here; the texts the documents quote from the log are read from the documents.
//
// When a message changes on purpose, the failing test shows the quote's file and line and the
// action's new first line: paste that line over the ```text block there (no other copy exists).

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { load } from 'js-yaml'

import { REPO_ROOT } from './dist-snapshot.js'
import { startFederationFake, type FederationFake, type Seen } from './federation-fake.js'
import {
  apiKey,
  clearedTitle,
  expectCleanRun,
  expectExports,
  fakeToken,
  fingerprintOf,
  gatewayToken,
  inScenario,
  oauthToken,
  refreshToken,
  summaryRows,
  WORKFLOW_REPOSITORY,
  type Content,
  type Dirs,
  type Place,
  type ScenarioRun,
} from './fixtures.js'

/**
 * The documents whose workflows and quotes are checked, README first (its first ```text block is
 * the quick start's quoted failure). TEST_README and TEST_WORKFLOWS_DOC point the suite at other
 * copies (to prove it fails when a quote is wrong).
 */
const README_PATH = process.env.TEST_README ?? join(REPO_ROOT, 'README.md')
const DOCUMENTS = [
  { label: 'README.md', path: README_PATH },
  { label: 'docs/workflows.md', path: process.env.TEST_WORKFLOWS_DOC ?? join(REPO_ROOT, 'docs', 'workflows.md') },
]
const ACTION = 'claude-code-auth/claude-code-auth@v1'

// ---------------------------------------------------------------------------------------------
// The documents: their fenced blocks, and the workflows among them that run this action.

interface Fence {
  language: string
  text: string
  /** Where the block's first content line is (`docs/workflows.md:598`), for the messages of a failing test. */
  where?: string
}

/**
 * Fenced code blocks, by CommonMark's fence rules (as scripts/lint-workflows.mjs reads them; that
 * script runs on import, and no Markdown parser is a dependency): ``` or ~~~ opens, the same
 * character at least as many times closes, the language is the info string's first word, and
 * content lines lose up to the opening fence's indentation.
 */
function fencedBlocks(markdown: string, label: string): Fence[] {
  const blocks: Fence[] = []
  let open: { indent: number; marker: string; language: string; lines: string[]; line: number } | undefined
  for (const [index, line] of markdown.split(/\r?\n/).entries()) {
    if (!open) {
      const fence = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(line)
      if (fence && !(fence[2]!.startsWith('`') && fence[3]!.includes('`'))) {
        open = { indent: fence[1]!.length, marker: fence[2]!, language: fence[3]!.trim().split(/\s+/)[0]!.toLowerCase(), lines: [], line: index + 2 }
      }
      continue
    }
    if (new RegExp(`^ {0,3}${open.marker[0] === '`' ? '`' : '~'}{${open.marker.length},}\\s*$`).test(line)) {
      blocks.push({ language: open.language, text: `${open.lines.join('\n')}\n`, where: `${label}:${open.line}` })
      open = undefined
    } else open.lines.push(line.slice(Math.min(open.indent, /^ */.exec(line)![0].length)))
  }
  return blocks
}

type Mapping = Record<string, unknown>
const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value)
const mapping = (value: unknown): Mapping => (isMapping(value) ? value : {})
const steps = (job: Mapping): Mapping[] => (Array.isArray(job.steps) ? job.steps.filter(isMapping) : [])

interface Example {
  name: string
  text: string
  workflow: Mapping
  jobId: string
  job: Mapping
  /** Index of this action's step in the job. */
  stepIndex: number
  step: Mapping
  /** The fenced block right after this one, and the last ```json block before it. */
  next?: Fence
  jsonBefore?: Fence
}

function readmeExamples(blocks: Fence[]): Example[] {
  const examples: Example[] = []
  blocks.forEach((block, index) => {
    if (block.language !== 'yaml' && block.language !== 'yml') return
    const workflow = load(block.text)
    if (!isMapping(workflow)) return
    for (const [jobId, job] of Object.entries(mapping(workflow.jobs))) {
      if (!isMapping(job)) continue
      const stepIndex = steps(job).findIndex((step) => step.uses === ACTION)
      if (stepIndex < 0) continue
      const jsonBefore = blocks.slice(0, index).filter((b) => b.language === 'json').pop()
      examples.push({ name: String(workflow.name), text: block.text, workflow, jobId, job, stepIndex, step: steps(job)[stepIndex]!, next: blocks[index + 1], jsonBefore })
    }
  })
  return examples
}

/** Each document's blocks, in order: an example's next block and the json before it stay within its document. */
const BLOCKS_BY_DOCUMENT = DOCUMENTS.map(({ label, path }) => ({ label, blocks: fencedBlocks(readFileSync(path, 'utf8'), label) }))
const ALL_BLOCKS = BLOCKS_BY_DOCUMENT.flatMap((d) => d.blocks)
const README_BLOCKS = BLOCKS_BY_DOCUMENT[0]!.blocks
const EXAMPLES = BLOCKS_BY_DOCUMENT.flatMap((d) => readmeExamples(d.blocks))
const DOCUMENT_NAMES = DOCUMENTS.map((d) => d.label).join(' and ')
const example = (name: string): Example => {
  const found = EXAMPLES.find((e) => e.name === name)
  if (!found) throw new Error(`${DOCUMENT_NAMES} have no workflow named "${name}" that runs ${ACTION}`)
  return found
}

// ---------------------------------------------------------------------------------------------
// Secrets and expressions: `${{ secrets.NAME }}` becomes a well-formed fake chosen by the name.

interface SecretKind {
  pattern: RegExp
  fake: (name: string) => string
  /** A credential this action reads (so it must mask it before printing anything). */
  credential: boolean
}

const SECRET_KINDS: SecretKind[] = [
  { pattern: /OAUTH_TOKEN$/, fake: (name) => oauthToken(`readme/${name}`), credential: true },
  { pattern: /(^|_)ANTHROPIC_API_KEY$/, fake: (name) => apiKey(`readme/${name}`), credential: true },
  { pattern: /GATEWAY_TOKEN$/, fake: (name) => gatewayToken(`readme/${name}`), credential: true },
  // An Amazon Bedrock API key (`ABSK` and base64) and a Foundry (Azure) resource key.
  { pattern: /^AWS_BEARER_TOKEN_BEDROCK$/, fake: (name) => fakeToken('ABSK', `readme/${name}`, 120), credential: true },
  { pattern: /^ANTHROPIC_FOUNDRY_API_KEY$/, fake: (name) => fakeToken('', `readme/${name}`, 84), credential: true },
  // A HashiCorp Vault service token: `hvs.` and 24+ characters. Not a Claude credential.
  { pattern: /^VAULT_TOKEN$/, fake: (name) => fakeToken('hvs.', `readme/${name}`, 24), credential: false },
]

function fakeSecret(name: string): SecretKind & { value: string } {
  const kind = SECRET_KINDS.find((k) => k.pattern.test(name))
  if (!kind) throw new Error(`No fake value for secrets.${name}: add its kind to SECRET_KINDS`)
  return { ...kind, value: kind.fake(name) }
}

/** What the expressions of one run resolved to, so the run can check none of the secrets leaked. */
class Expressions {
  readonly secretsUsed = new Map<string, SecretKind & { value: string }>()
  constructor(
    private readonly matrix: Mapping,
    private readonly stepOutputs: Record<string, Record<string, string>>,
    /** Secrets that arrive with another value (empty: not passed to a reusable workflow). */
    private readonly arriving: Record<string, string> = {},
  ) {}

  secret(name: string): string {
    if (!this.secretsUsed.has(name)) {
      const fake = fakeSecret(name)
      this.secretsUsed.set(name, name in this.arriving ? { ...fake, value: this.arriving[name]! } : fake)
    }
    return this.secretsUsed.get(name)!.value
  }

  /** A `with:` or `env:` value with every `${{ … }}` replaced; an expression not modelled here fails the test. */
  substitute(value: unknown): string {
    return String(value).replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
      let match = /^secrets\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expression)
      if (match) return this.secret(match[1]!)
      match = /^matrix\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(expression)
      if (match) {
        const values = this.matrix[match[1]!]
        if (!Array.isArray(values) || values.length === 0) throw new Error(`matrix.${match[1]} has no values`)
        return String(values[0])
      }
      match = /^steps\.([A-Za-z_][A-Za-z0-9_-]*)\.outputs\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(expression)
      if (match) {
        const output = this.stepOutputs[match[1]!]?.[match[2]!]
        if (output === undefined) throw new Error(`No earlier step leaves steps.${match[1]}.outputs.${match[2]}`)
        return output
      }
      throw new Error(`The expression \${{ ${expression} }} is not modelled by this test`)
    })
  }

  block(env: unknown): Record<string, string> {
    return Object.fromEntries(Object.entries(mapping(env)).map(([name, value]) => [name, this.substitute(value)]))
  }
}

// ---------------------------------------------------------------------------------------------
// Fake endpoints on 127.0.0.1: GitHub's OIDC token endpoint, and the Anthropic API for the
// federation exchange and the live check (answers shaped as the facts page measured them).

const REQUEST_TOKEN = fakeToken('ghs_', 'readme/oidc-request-token', 40)
const ASSERTION = `eyJhbGciOiJSUzI1NiJ9.${fakeToken('', 'readme/jwt-body', 120)}.${fakeToken('', 'readme/jwt-sig', 86)}`
const EXCHANGED = oauthToken('readme/exchanged')

let fake: FederationFake
let base = ''
beforeAll(async () => {
  fake = await startFederationFake({ requestToken: REQUEST_TOKEN, assertion: ASSERTION, exchanged: EXCHANGED, models: true })
  base = fake.url
})
afterAll(() => fake.close())

// ---------------------------------------------------------------------------------------------
// What the example's earlier steps leave for this step, modelled from those actions' sources.

interface Left {
  env: Record<string, string>
  outputs: Record<string, string>
  /** Files to write before the action runs (absolute paths, or relative to HOME with `~/`). */
  files: Record<string, string>
  /** Values they produce that must never be readable in this step's log. */
  secrets: string[]
}

/** Where files of earlier steps go that the runner keeps outside the checkout (RUNNER_TEMP). */
let runnerTemp = ''
/** A folder first on PATH: the fake `vault` executable. */
let fakeBin = ''
const VAULT_KEY = apiKey('readme/vault-key')

beforeAll(async () => {
  runnerTemp = await mkdtemp(join(tmpdir(), 'readme-runner-temp-'))
  fakeBin = join(runnerTemp, 'bin')
  await mkdir(fakeBin)
  // The Vault CLI, as `vault kv get -field=NAME PATH` behaves: the field's value and a newline,
  // and only for the token and address the step's env gives it.
  const vault = join(fakeBin, 'vault')
  await writeFile(
    vault,
    `#!/bin/sh
[ -n "$VAULT_ADDR" ] || { echo "Error: VAULT_ADDR is not set" >&2; exit 2; }
[ "$VAULT_TOKEN" = "${fakeSecret('VAULT_TOKEN').value}" ] || { echo "Error making API request. Code: 403. Errors: * permission denied" >&2; exit 2; }
[ "$1" = kv ] && [ "$2" = get ] || { echo "Usage: vault kv get [options] KEY" >&2; exit 1; }
case "$3" in -field=*) ;; *) echo "this fake prints a field only" >&2; exit 1 ;; esac
printf '%s\\n' '${VAULT_KEY}'
`,
  )
  await chmod(vault, 0o755)
})
afterAll(() => rm(runnerTemp, { recursive: true, force: true }))

const uuidFrom = (label: string) => {
  const hex = createHash('sha256').update(label).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

type EarlierStep = (step: Mapping, job: { oidc: Record<string, string> }) => Left

const EARLIER_STEPS: Record<string, EarlierStep> = {
  // The checkout itself: inScenario checks the repository out (and writes the workflow file).
  'actions/checkout': () => ({ env: {}, outputs: {}, files: {}, secrets: [] }),

  // aws-actions/configure-aws-credentials (src/helpers.ts exportCredentials, exportRegion): STS
  // temporary keys, masked, and the region, all exported.
  'aws-actions/configure-aws-credentials': (step) => {
    const region = String(mapping(step.with)['aws-region'])
    const keys = { AWS_ACCESS_KEY_ID: 'ASIAREADMEEXAMPLE0001', AWS_SECRET_ACCESS_KEY: fakeToken('', 'readme/aws-secret', 40), AWS_SESSION_TOKEN: fakeToken('IQoJb3JpZ2luX2VjE', 'readme/aws-session', 300) }
    return { env: { ...keys, AWS_DEFAULT_REGION: region, AWS_REGION: region }, outputs: {}, files: {}, secrets: [keys.AWS_SECRET_ACCESS_KEY, keys.AWS_SESSION_TOKEN] }
  },

  // google-github-actions/auth (src/main.ts, src/client/workload_identity_client.ts): an
  // external_account credentials file that fetches GitHub's OIDC token itself, the path exported
  // three ways, and the project (from the service account's email) exported five ways and as the
  // `project_id` output. v2 writes the file into the workspace, later versions into RUNNER_TEMP;
  // the action reads it wherever GOOGLE_APPLICATION_CREDENTIALS points.
  'google-github-actions/auth': (step, job) => {
    const inputs = mapping(step.with)
    const provider = String(inputs.workload_identity_provider)
    const serviceAccount = String(inputs.service_account)
    const project = /@([^.]+)\.iam\.gserviceaccount\.com$/.exec(serviceAccount)?.[1]
    if (!project) throw new Error(`cannot compute a project from ${serviceAccount}`)
    const file = join(runnerTemp, `gha-creds-${createHash('sha256').update(provider).digest('hex').slice(0, 16)}.json`)
    const requestUrl = new URL(job.oidc.ACTIONS_ID_TOKEN_REQUEST_URL ?? 'https://token.actions.githubusercontent.com')
    requestUrl.searchParams.set('audience', `https://iam.googleapis.com/${provider}`)
    const credentials = {
      type: 'external_account',
      audience: `//iam.googleapis.com/${provider}`,
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: 'https://sts.googleapis.com/v1/token',
      service_account_impersonation_url: `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${serviceAccount}:generateAccessToken`,
      credential_source: { url: requestUrl.toString(), headers: { Authorization: `Bearer ${REQUEST_TOKEN}` }, format: { type: 'json', subject_token_field_name: 'value' } },
    }
    const projectVariables = Object.fromEntries(['CLOUDSDK_CORE_PROJECT', 'CLOUDSDK_PROJECT', 'GCLOUD_PROJECT', 'GCP_PROJECT', 'GOOGLE_CLOUD_PROJECT'].map((name) => [name, project]))
    return {
      env: { CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE: file, GOOGLE_APPLICATION_CREDENTIALS: file, GOOGLE_GHA_CREDS_PATH: file, ...projectVariables },
      outputs: { project_id: project, credentials_file_path: file },
      files: { [file]: JSON.stringify(credentials, null, 2) },
      secrets: [REQUEST_TOKEN],
    }
  },

  // azure/login (src/Cli/AzureCliLogin.ts, src/common/Utils.ts): `az login` with the OIDC token
  // signs the Azure CLI in (~/.azure/azureProfile.json); it exports no variable to later steps
  // (AZURE_HTTP_USER_AGENT is set on its own process only).
  'azure/login': (step) => {
    const inputs = mapping(step.with)
    for (const name of ['client-id', 'tenant-id', 'subscription-id']) if (!inputs[name]) throw new Error(`azure/login without ${name}`)
    const profile = {
      installationId: uuidFrom('readme/az-installation'),
      subscriptions: [{ id: uuidFrom('readme/az-subscription'), name: 'CI', state: 'Enabled', user: { name: uuidFrom('readme/az-client'), type: 'servicePrincipal' }, isDefault: true, tenantId: uuidFrom('readme/az-tenant'), environmentName: 'AzureCloud' }],
    }
    return { env: {}, outputs: {}, files: { '~/.azure/azureProfile.json': JSON.stringify(profile) }, secrets: [] }
  },
}

// ---------------------------------------------------------------------------------------------
// One example as a scenario for the built action.

interface Case {
  /** Written by hand: does the documentation present this example as working? */
  outcome: 'pass' | 'fail'
  /** Where the workflow file lives in the checkout; default `.github/workflows/claude.yml`. */
  path?: string
  /** Another workflow file in the checkout that is the running one (a reusable workflow's caller). */
  runningWorkflow?: () => { path: string; text: string }
  /** The job env entries this test adds beyond what the runner and the earlier steps set, each with why. */
  env?: () => Record<string, string>
  /** Files the runner's machine has before the job (a HOME-relative Place). */
  files?: (example: Example) => Partial<Record<Place, Content>>
  /** Files in the checkout, relative to the workspace. */
  workspaceFiles?: (example: Example) => Record<string, string>
  /** Values produced during the run that must never be readable. */
  secrets?: string[]
  /** What the README says about this example, beyond passing. */
  check?: (run: ScenarioRun, context: RunContext) => void
}

interface RunContext {
  inputs: Record<string, string>
  secret: (name: string) => string
  seenDuringRun: Seen[]
}

const DEFAULT_PATH = '.github/workflows/claude.yml'

function triggers(on: unknown): string[] {
  if (typeof on === 'string') return [on]
  if (Array.isArray(on)) return on.map(String)
  return Object.keys(mapping(on))
}

/** The event payload a run of this trigger carries: a pull request from a branch of this repository. */
function eventFor(name: string): unknown {
  const repository = { full_name: WORKFLOW_REPOSITORY }
  switch (name) {
    case 'pull_request':
    case 'pull_request_target':
      return { pull_request: { number: 7, head: { ref: 'feature', repo: { full_name: WORKFLOW_REPOSITORY, fork: false } }, base: { ref: 'main', repo: repository } }, repository }
    case 'issue_comment':
      return { action: 'created', comment: { body: '@claude please look at this' }, issue: { number: 7 }, repository }
    default:
      return { ref: 'refs/heads/main', repository }
  }
}

async function runExample(
  ex: Example,
  spec: Case,
  check: (run: ScenarioRun, context: RunContext) => void,
  arrivingSecrets: Record<string, string> = {},
): Promise<void> {
  const workflowTriggers = triggers(ex.workflow.on)
  // A called workflow runs with its caller's event (and its caller's github context).
  const eventName = workflowTriggers.filter((t) => t !== 'workflow_call')[0] ?? 'push'
  const permissions = { ...mapping(ex.workflow.permissions), ...mapping(ex.job.permissions) }
  const oidc: Record<string, string> =
    permissions['id-token'] === 'write' ? { ACTIONS_ID_TOKEN_REQUEST_URL: `${base}/oidc?run=${encodeURIComponent(ex.name)}`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN } : {}
  const runsOn = ([] as unknown[]).concat(ex.job['runs-on']).map(String)

  // The earlier steps, in order.
  const left: Left = { env: {}, outputs: {}, files: {}, secrets: [] }
  const stepOutputs: Record<string, Record<string, string>> = {}
  for (const step of steps(ex.job).slice(0, ex.stepIndex)) {
    const uses = String(step.uses ?? '').replace(/@.*$/, '')
    const model = EARLIER_STEPS[uses]
    if (!model) throw new Error(`No model of what \`${step.uses ?? step.run}\` leaves for later steps: add it to EARLIER_STEPS`)
    const result = model(step, { oidc })
    Object.assign(left.env, result.env)
    Object.assign(left.files, result.files)
    left.secrets.push(...result.secrets)
    if (typeof step.id === 'string') stepOutputs[step.id] = result.outputs
  }

  const matrix = mapping(mapping(ex.job.strategy).matrix)
  const expressions = new Expressions(matrix, stepOutputs, arrivingSecrets)
  const inputs = expressions.block(ex.step.with)
  const env: Record<string, string> = {
    GITHUB_EVENT_NAME: eventName,
    RUNNER_ENVIRONMENT: runsOn.includes('self-hosted') ? 'self-hosted' : 'github-hosted',
    ...oidc,
    ...left.env,
    ...expressions.block(ex.workflow.env),
    ...expressions.block(ex.job.env),
    ...expressions.block(ex.step.env),
    ...(spec.env?.() ?? {}),
  }
  // A matrix value used as a folder is a folder of the checkout.
  const matrixFolders = Object.fromEntries(
    Object.values(matrix)
      .filter(Array.isArray)
      .map((values) => [`${String(values[0])}/package.json`, '{ "private": true }\n']),
  )
  const path = spec.path ?? DEFAULT_PATH
  const running = spec.runningWorkflow?.() ?? { path, text: ex.text }

  const before = fake.seen.length
  await inScenario(
    {
      inputs,
      env,
      event: eventFor(eventName),
      files: spec.files?.(ex),
      workspaceFiles: { ...matrixFolders, ...(spec.runningWorkflow ? { [path]: ex.text } : {}), ...(spec.workspaceFiles?.(ex) ?? {}) },
      workflow: { text: running.text, path: running.path, job: ex.jobId, action: typeof ex.step.id === 'string' ? ex.step.id : '__claude-code-auth_claude-code-auth' },
      prepare: async (dirs: Dirs) => {
        for (const [file, content] of Object.entries(left.files)) {
          const absolute = file.startsWith('~/') ? join(dirs.home, file.slice(2)) : file
          await mkdir(join(absolute, '..'), { recursive: true })
          await writeFile(absolute, content)
        }
      },
    },
    (run) => {
      const used = [...expressions.secretsUsed.values()]
      expectCleanRun(run, {
        secrets: [...used.map((s) => s.value), ...left.secrets, ...(spec.secrets ?? [])],
        maskedFirst: used.filter((s) => s.credential).map((s) => s.value),
      })
      check(run, { inputs, secret: (name) => expressions.secret(name), seenDuringRun: fake.seen.slice(before) })
    },
  )
}

/** The log's first line (the cause and the fix), and the annotations that are not notices. */
const firstLine = (run: ScenarioRun) => run.result.log[0] ?? '(empty log)'
const errorsAndWarnings = (run: ScenarioRun) => run.result.annotations.filter((a) => a.level !== 'notice').map((a) => `${a.level}: ${a.title ?? ''}: ${a.message}`)

// ---------------------------------------------------------------------------------------------
// The cases, by workflow name: what the README says each one does.

const LOGIN_ACCESS = oauthToken('readme/login-access')
const LOGIN_REFRESH = refreshToken('readme/login-refresh')

const CASES: Record<string, Case> = {
  'Claude review': {
    outcome: 'pass',
    check: ({ result }, { secret }) => expectExports(result, { CLAUDE_CODE_OAUTH_TOKEN: secret('CLAUDE_CODE_OAUTH_TOKEN') }),
  },
  'Claude (subscription)': {
    outcome: 'pass',
    check: ({ result }, { secret }) => expectExports(result, { CLAUDE_CODE_OAUTH_TOKEN: secret('CLAUDE_CODE_OAUTH_TOKEN') }),
  },
  'Claude (API key)': {
    outcome: 'pass',
    check: ({ result }, { secret }) => expectExports(result, { ANTHROPIC_API_KEY: secret('ANTHROPIC_API_KEY') }),
  },
  'Claude (gateway)': {
    outcome: 'pass',
    // "both are exported for later steps"
    check: ({ result }, { secret, inputs }) => expectExports(result, { ANTHROPIC_AUTH_TOKEN: secret('LLM_GATEWAY_TOKEN'), ANTHROPIC_BASE_URL: inputs['anthropic-base-url']! }),
  },
  'Claude (bare)': {
    outcome: 'pass',
    check: ({ result }) => expect(result.outputs['bare-compatible']).toBe('true'),
  },
  'Claude (unset an old key)': {
    outcome: 'pass',
    // "exports it as an empty value for the later steps … and says so in the summary"
    check: ({ result }, { secret }) => {
      expectExports(result, { ANTHROPIC_API_KEY: '', CLAUDE_CODE_OAUTH_TOKEN: secret('CLAUDE_CODE_OAUTH_TOKEN') })
      expect(result.annotations.filter((a) => a.level === 'notice').map((a) => a.title)).toContain(clearedTitle('ANTHROPIC_API_KEY'))
      expect(summaryRows(result.summary).filter((row) => row.name === 'ANTHROPIC_API_KEY').map((row) => row.status)).toEqual([expect.stringMatching(/^cleared\b/)])
    },
  },
  'Claude (live check)': {
    outcome: 'pass',
    // The README's workflow checks against https://api.anthropic.com; this machine has no network,
    // so the job env points ANTHROPIC_BASE_URL at the fake API on 127.0.0.1.
    env: () => ({ ANTHROPIC_BASE_URL: base }),
    check: ({ result }, { secret, seenDuringRun }) => {
      expect(result.outputs['live-check']).toBe('valid')
      const requests = seenDuringRun.filter((s) => s.path.startsWith('/v1/models'))
      expect(requests.map((s) => `${s.method} ${s.path}`)).toEqual(['GET /v1/models?limit=1'])
      expect(requests[0]!.headers['x-api-key']).toBe(secret('ANTHROPIC_API_KEY'))
    },
  },
  'Claude review (fork-safe)': {
    outcome: 'pass',
    check: ({ result }, { secret }) => expectExports(result, { CLAUDE_CODE_OAUTH_TOKEN: secret('CLAUDE_CODE_OAUTH_TOKEN') }),
  },
  'Claude (reusable)': {
    outcome: 'pass',
    // Called by the README's "Caller" workflow: the github context of a called workflow is its
    // caller's, so GITHUB_WORKFLOW_REF names the caller's file; the called file is in the checkout.
    path: '.github/workflows/claude-reusable.yml',
    runningWorkflow: () => ({ path: '.github/workflows/caller.yml', text: callerWorkflow() }),
    check: ({ result }, { secret }) => expectExports(result, { CLAUDE_CODE_OAUTH_TOKEN: secret('CLAUDE_CODE_OAUTH_TOKEN') }),
  },
  'Claude (matrix)': {
    outcome: 'pass',
    // "Outputs go to later steps through env:": each output the recording step reads.
    check: ({ result }, { secret }) => {
      expect(result.outputs['auth-method']).toBe('oauth-token')
      expect(result.outputs['credential-source']).toBe('input:claude-code-oauth-token')
      expect(result.outputs.fingerprint).toBe(fingerprintOf(secret('CLAUDE_CODE_OAUTH_TOKEN')))
      expect(result.outputs.conflicts).toBe('[]')
      // An OAuth token is not sent by `claude --bare`.
      expect(result.outputs['bare-compatible']).toBe('false')
      const later = JSON.parse(result.outputs['later-steps'] ?? '') as { step: string; 'runs-claude': boolean; verdict: string }[]
      // The recording step runs no `claude` and sets nothing Claude Code reads: not listed.
      expect(later.map((s) => [s['runs-claude'], s.verdict])).toEqual([[true, 'ok']])
    },
  },
  'Claude (claude-code-action)': {
    outcome: 'pass',
    // "give it the same secret": the later claude-code-action step is judged, and fine.
    check: ({ result }) => {
      const later = JSON.parse(result.outputs['later-steps'] ?? '[]') as { 'runs-claude': boolean; verdict: string }[]
      expect(later.filter((s) => s['runs-claude']).map((s) => s.verdict)).toEqual(['ok'])
    },
  },
  'Claude (Bedrock)': {
    outcome: 'pass',
    // "exports CLAUDE_CODE_USE_BEDROCK=1 and the region"
    check: ({ result }, { inputs }) => {
      expectExports(result, { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: inputs['aws-region']! })
      expect(result.outputs['credential-source']).toBe('env:AWS_ACCESS_KEY_ID')
    },
  },
  'Claude (Vertex AI)': {
    outcome: 'pass',
    // "exports ANTHROPIC_VERTEX_PROJECT_ID (with CLAUDE_CODE_USE_VERTEX=1 and CLOUD_ML_REGION)"
    check: ({ result }, { inputs }) => {
      expectExports(result, { CLAUDE_CODE_USE_VERTEX: '1', ANTHROPIC_VERTEX_PROJECT_ID: inputs['vertex-project-id']!, CLOUD_ML_REGION: inputs['vertex-region']! })
      expect(result.outputs['credential-source']).toBe('google-adc')
    },
  },
  'Claude (Bedrock API key)': {
    outcome: 'pass',
    check: ({ result }, { inputs, secret }) => {
      expectExports(result, { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: inputs['aws-region']!, AWS_BEARER_TOKEN_BEDROCK: secret('AWS_BEARER_TOKEN_BEDROCK') })
      expect(result.outputs['credential-source']).toBe('input:bedrock-api-key')
      expect(result.outputs.fingerprint).toBe(fingerprintOf(secret('AWS_BEARER_TOKEN_BEDROCK')))
    },
  },
  'Claude (Foundry API key)': {
    outcome: 'pass',
    check: ({ result }, { inputs, secret }) => {
      expectExports(result, { CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_BASE_URL: inputs['foundry-base-url']!, ANTHROPIC_FOUNDRY_API_KEY: secret('ANTHROPIC_FOUNDRY_API_KEY') })
      expect(result.outputs['credential-source']).toBe('input:foundry-api-key')
    },
  },
  'Claude (Foundry)': {
    outcome: 'pass',
    check: ({ result }) => {
      expect(result.exportedEnv.CLAUDE_CODE_USE_FOUNDRY).toBe('1')
      expect(result.outputs['credential-source']).toBe('azure-chain')
    },
  },
  'Claude (federation)': {
    outcome: 'pass',
    // The README's workflow exchanges at https://api.anthropic.com; this machine has no network,
    // so the job env points ANTHROPIC_BASE_URL at the fake token endpoint on 127.0.0.1.
    env: () => ({ ANTHROPIC_BASE_URL: base }),
    secrets: [ASSERTION, EXCHANGED, REQUEST_TOKEN],
    // "exchanges it once … and exports that token for every later claude in the job"
    check: ({ result }, { inputs, seenDuringRun }) => {
      const exchanges = seenDuringRun.filter((s) => s.path === '/v1/oauth/token')
      expect(exchanges).toHaveLength(1)
      expect(JSON.parse(exchanges[0]!.body)).toMatchObject({ federation_rule_id: inputs['anthropic-federation-rule-id'], organization_id: inputs['anthropic-organization-id'] })
      expect(result.exportedEnv.CLAUDE_CODE_OAUTH_TOKEN).toBe(EXCHANGED)
      expect(Number.isNaN(Date.parse(result.outputs['token-expires-at'] ?? ''))).toBe(false)
    },
  },
  'Claude (federation, all inputs)': {
    outcome: 'pass',
    env: () => ({ ANTHROPIC_BASE_URL: base }),
    secrets: [ASSERTION, EXCHANGED, REQUEST_TOKEN],
    // GitHub is asked for a token with the rule's audience; the exchange names the workspace and the service account.
    check: ({ result }, { inputs, seenDuringRun }) => {
      const oidc = seenDuringRun.filter((s) => s.path.startsWith('/oidc'))
      expect(oidc.map((s) => new URL(s.path, base).searchParams.get('audience'))).toEqual([inputs['oidc-audience']])
      const exchanges = seenDuringRun.filter((s) => s.path === '/v1/oauth/token')
      expect(exchanges).toHaveLength(1)
      expect(JSON.parse(exchanges[0]!.body)).toMatchObject({
        federation_rule_id: inputs['anthropic-federation-rule-id'],
        organization_id: inputs['anthropic-organization-id'],
        workspace_id: inputs['anthropic-workspace-id'],
        service_account_id: inputs['anthropic-service-account-id'],
      })
      expect(result.exportedEnv.CLAUDE_CODE_OAUTH_TOKEN).toBe(EXCHANGED)
    },
  },
  'Claude (apiKeyHelper)': {
    outcome: 'pass',
    // The settings file the example names holds the README's helper; `vault` is the fake above.
    env: () => ({ PATH: `${fakeBin}:${process.env.PATH ?? '/usr/bin:/bin'}` }),
    workspaceFiles: (ex) => {
      if (!ex.jsonBefore) throw new Error(`${DOCUMENT_NAMES} show no \`\`\`json settings before the apiKeyHelper example`)
      return { [String(mapping(ex.step.with)['settings-file'])]: ex.jsonBefore.text }
    },
    secrets: [VAULT_KEY],
    check: ({ result, dirs }, { inputs }) => {
      expect(result.outputs.fingerprint).toBe(fingerprintOf(VAULT_KEY))
      expect(result.outputs['credential-source']).toBe(`helper:${join(dirs.workspace, inputs['settings-file']!)}`)
    },
  },
  'Claude (self-hosted login)': {
    outcome: 'pass',
    // The runner's user ran `claude auth login`: a valid ~/.claude/.credentials.json.
    files: () => ({
      credentials: { claudeAiOauth: { accessToken: LOGIN_ACCESS, refreshToken: LOGIN_REFRESH, expiresAt: Date.now() + 30 * 86_400_000, scopes: ['user:inference', 'user:profile'], subscriptionType: 'max' } },
    }),
    secrets: [LOGIN_ACCESS, LOGIN_REFRESH],
    check: ({ result, path }) => {
      expect(result.outputs.fingerprint).toBe(fingerprintOf(LOGIN_ACCESS))
      expect(result.outputs['credential-source']).toBe(`login:${path('credentials')}`)
    },
  },
  'Claude (later steps not checked)': {
    outcome: 'pass',
    // "the verdict then covers the job environment and the settings files only", and says so.
    check: ({ result }) => {
      expect(result.outputs['later-steps']).toBe('[]')
      const notice = result.annotations.find((a) => a.title === 'Later steps not checked')
      expect(notice?.message).toMatch(/^Later steps were not checked because `check-workflow` is `false`\. /)
    },
  },
  "Claude (a later step's env)": {
    outcome: 'fail',
    // "fails at the action's step, before anything is spent": nothing exported for later steps.
    check: ({ result }) => expectExports(result, {}),
  },
}

/** The README's "Caller" workflow: the block that calls the reusable example. */
function callerWorkflow(): string {
  const caller = ALL_BLOCKS.find((b) => (b.language === 'yaml' || b.language === 'yml') && Object.values(mapping(mapping(load(b.text)).jobs)).some((job) => String(mapping(job).uses ?? '').endsWith('/claude-reusable.yml')))
  if (!caller) throw new Error(`${DOCUMENT_NAMES} show no workflow that calls .github/workflows/claude-reusable.yml`)
  return caller.text
}

// ---------------------------------------------------------------------------------------------

describe('the workflows of README.md and docs/workflows.md, run through the built action', () => {
  test("every input and output of action.yml has its row in the README's tables and is used by a documented workflow", () => {
    const action = mapping(load(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')))
    const readme = readFileSync(README_PATH, 'utf8')
    const withKeys = new Set(EXAMPLES.flatMap((ex) => Object.keys(mapping(ex.step.with))))
    const workflows = ALL_BLOCKS.filter((b) => b.language === 'yaml' || b.language === 'yml').map((b) => b.text).join('\n')
    const inputs = Object.keys(mapping(action.inputs))
    const outputs = Object.keys(mapping(action.outputs))
    expect(inputs.length).toBeGreaterThan(20)
    expect(outputs.length).toBeGreaterThan(5)
    expect(inputs.filter((name) => !readme.includes(`| \`${name}\` |`))).toEqual([])
    expect(inputs.filter((name) => !withKeys.has(name))).toEqual([])
    expect(outputs.filter((name) => !readme.includes(`| \`${name}\` |`))).toEqual([])
    expect(outputs.filter((name) => !workflows.includes(`steps.auth.outputs.${name}`))).toEqual([])
  })

  test('every documented workflow that runs the action has a case here, and every case a workflow', () => {
    const names = EXAMPLES.map((e) => e.name)
    expect(names.length).toBeGreaterThan(0)
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([])
    expect(names.filter((name) => !(name in CASES))).toEqual([])
    expect(Object.keys(CASES).filter((name) => !names.includes(name))).toEqual([])
  })

  for (const ex of EXAMPLES) {
    const spec = CASES[ex.name]
    if (!spec) continue
    if (spec.outcome === 'pass') {
      test(`"${ex.name}" passes, as the documentation says`, async () => {
        await runExample(ex, spec, (run, context) => {
          // The first line is shown too, so a failure here reads as what the action said.
          expect({ exitCode: run.result.exitCode, errorsAndWarnings: errorsAndWarnings(run), firstLine: firstLine(run) }).toEqual({
            exitCode: 0,
            errorsAndWarnings: [],
            firstLine: firstLine(run),
          })
          spec.check?.(run, context)
        })
      })
    } else {
      test(`"${ex.name}" fails at the action's step, and the log's first line is the documentation's quote after it`, async () => {
        expect(ex.next?.language).toBe('text')
        await runExample(ex, spec, (run, context) => {
          expect({ exitCode: run.result.exitCode, quoteAt: ex.next!.where, firstLine: firstLine(run) }).toEqual({ exitCode: 1, quoteAt: ex.next!.where, firstLine: ex.next!.text.trimEnd() })
          spec.check?.(run, context)
        })
      })
    }
  }

  test('"Claude (reusable)" called without the secret fails, naming the secret that arrived empty', async () => {
    // "A secret the caller forgets arrives empty, and the action says which one."
    const ex = example('Claude (reusable)')
    await runExample(
      ex,
      CASES[ex.name]!,
      (run) => {
        expect(run.result.exitCode).toBe(1)
        expect(run.result.annotations.map((a) => `${a.level}: ${a.title}`)).toEqual(['error: No credential arrived'])
        // The cause (the first sentence) names the secret and the reason (README, Troubleshooting).
        const cause = firstLine(run).split('. ')[0]!
        expect({ namesTheSecret: cause.includes('CLAUDE_CODE_OAUTH_TOKEN'), namesTheReason: cause.includes('reusable workflow'), firstLine: firstLine(run) }).toEqual({
          namesTheSecret: true,
          namesTheReason: true,
          firstLine: firstLine(run),
        })
      },
      { CLAUDE_CODE_OAUTH_TOKEN: '' },
    )
  })

  test('the quick start\'s quoted failure is the first log line of "Claude (unset an old key)" without `on-conflict: unset`, saved as review.yml', async () => {
    const quote = README_BLOCKS.find((b) => b.language === 'text')
    const quoted = quote?.text.trimEnd()
    expect(quoted).toBeDefined()
    const ex = example('Claude (unset an old key)')
    const lines = ex.text.split('\n')
    const without = lines.filter((line) => !/^\s*on-conflict:\s*unset\s*$/.test(line))
    expect(lines.length - without.length).toBe(1)
    const variant = readmeExamples([{ language: 'yaml', text: without.join('\n') }])[0]!
    expect(mapping(variant.step.with)['on-conflict']).toBeUndefined()
    await runExample(variant, { outcome: 'fail', path: '.github/workflows/review.yml' }, (run) => {
      expect({ exitCode: run.result.exitCode, quoteAt: quote!.where, firstLine: firstLine(run) }).toEqual({ exitCode: 1, quoteAt: quote!.where, firstLine: quoted })
    })
  })
})
