// The real-workflow corpus (conformance/corpus/README.md), as the runner would
// run each labelled job: the label files read and checked, this action's step
// inserted into the workflow text before the job's first Claude Code step
// (every other byte kept), and the runner's evaluation of the job's `env:`
// and of the step's `with:`, made with fake secrets.
//
// Test code, shared by the process-level corpus test (__tests__/corpus/) and
// the conformance suite. The workflow is read with js-yaml (its loader for
// values, its event stream for positions), never with the action's own
// reader (src/scan/workflow/), which is what these runs check.

import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { getScalarValue, load, parseEvents, type Event } from 'js-yaml'

// ---------------------------------------------------------------------------------------------
// Labels

export type Verdict = 'pass' | 'fail' | 'depends'
export type SecretKind = 'api-key' | 'oauth-token' | 'auth-token' | 'other'

export const VERDICTS: readonly Verdict[] = ['pass', 'depends', 'fail']
const SECRET_KINDS: readonly SecretKind[] = ['api-key', 'oauth-token', 'auth-token', 'other']

export interface LabelSource {
  repo: string
  commit: string
  path: string
  licence: string
  licenceFile: string
}

export interface JobLabel {
  job: string
  insertBefore: number
  inputs: Record<string, string>
  expected: Verdict
  why: string
  findings: string[]
  /** Values of expressions the runner knows at this step, keyed by the expression (`matrix.os`). */
  context: Record<string, string>
  /** What a secret holds, where its first Claude Code slot does not say it (or says it wrong). */
  secrets: Record<string, SecretKind>
}

export interface LabelFile {
  /** `<owner>__<repo>__<file>`: the workflow's name under workflows/. */
  file: string
  source: LabelSource
  jobs: JobLabel[]
  /** The workflow file, byte for byte. */
  text: string
}

export interface Corpus {
  dir: string
  labels: LabelFile[]
  /** Label files that cannot be run, each with the reason (file first). */
  problems: string[]
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const isStringMap = (value: unknown): value is Record<string, string> => isRecord(value) && Object.values(value).every((v) => typeof v === 'string')

/** Every label under `<dir>/labels/`, checked against the README's schema and its workflow file. */
export function loadCorpus(dir: string): Corpus {
  const labelsDir = join(dir, 'labels')
  const names = existsSync(labelsDir) ? readdirSync(labelsDir).filter((name) => name.endsWith('.json')).sort() : []
  const labels: LabelFile[] = []
  const problems: string[] = []
  for (const name of names) {
    const bad = (why: string) => problems.push(`labels/${name}: ${why}`)
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(join(labelsDir, name), 'utf8'))
    } catch (error) {
      bad(`not valid JSON (${(error as Error).message})`)
      continue
    }
    const checked = checkLabel(raw, name)
    if (typeof checked === 'string') {
      bad(checked)
      continue
    }
    const licence = join(dir, 'licences', `${checked.source.repo.replace('/', '__')}.txt`)
    if (!existsSync(licence)) {
      bad(`licences/${checked.source.repo.replace('/', '__')}.txt is missing: every kept file carries its repository's licence text (${checked.source.licenceFile} at ${checked.source.commit})`)
      continue
    }
    const workflowPath = join(dir, 'workflows', checked.file)
    if (!existsSync(workflowPath)) {
      bad(`its workflow file workflows/${checked.file} is missing`)
      continue
    }
    const text = readFileSync(workflowPath, 'utf8')
    const label: LabelFile = { ...checked, text }
    const jobProblems = label.jobs.flatMap((job) => {
      try {
        insertStep(text, job.job, job.insertBefore, job.inputs)
        return []
      } catch (error) {
        return [`job ${job.job}: ${(error as Error).message}`]
      }
    })
    if (jobProblems.length > 0) {
      jobProblems.forEach(bad)
      continue
    }
    labels.push(label)
  }
  return { dir, labels, problems }
}

/** The keys the README's schema has: anything else is a typo that would be silently ignored. */
const FILE_KEYS = new Set(['file', 'source', 'jobs', 'secrets', 'noClaudeJobs'])
const JOB_KEYS = new Set(['job', 'insertBefore', 'inputs', 'expected', 'why', 'findings', 'auditRules', 'context', 'secrets'])

/** The licences the corpus README allows (SPDX ids). */
const PERMISSIVE = new Set(['MIT', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', 'ISC', '0BSD', 'Unlicense', 'MPL-2.0', 'CC0-1.0'])

function checkLabel(raw: unknown, name: string): Omit<LabelFile, 'text'> | string {
  if (!isRecord(raw)) return 'not a JSON object'
  const file = raw.file
  if (typeof file !== 'string' || `${file}.json` !== name) return `\`file\` must be "${name.replace(/\.json$/, '')}" (the label's own name without .json)`
  const source = raw.source
  if (!isRecord(source)) return '`source` is missing'
  for (const key of ['repo', 'commit', 'path', 'licence', 'licenceFile'] as const) {
    if (typeof source[key] !== 'string' || source[key] === '') return `\`source.${key}\` must be a non-empty string`
  }
  if (!/^[^/\s]+\/[^/\s]+$/.test(source.repo as string)) return '`source.repo` must be owner/name'
  if (!/^[0-9a-f]{40}$/.test(source.commit as string)) return '`source.commit` must be 40 lower-case hex digits'
  if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(source.path as string)) return '`source.path` must be .github/workflows/<file>.yml'
  if (!PERMISSIVE.has(source.licence as string)) return `\`source.licence\` ${String(source.licence)} is not one of the permissive licences the corpus keeps (${[...PERMISSIVE].join(', ')})`
  if (!Array.isArray(raw.jobs)) return '`jobs` must be an array'
  if (raw.jobs.length === 0 && (typeof raw.noClaudeJobs !== 'string' || raw.noClaudeJobs.trim() === '')) {
    return '`jobs` is empty: label the jobs that run Claude Code, or say in `noClaudeJobs` why the file has none (e.g. its jobs call reusable workflows labelled in their own files)'
  }
  const unknownKey = Object.keys(raw).find((key) => !FILE_KEYS.has(key))
  if (unknownKey !== undefined) return `\`${unknownKey}\` is not a key of a label file (${[...FILE_KEYS].join(', ')})`
  const validSecrets = (value: unknown) => isStringMap(value) && Object.values(value).every((k) => SECRET_KINDS.includes(k as SecretKind))
  if (raw.secrets !== undefined && !validSecrets(raw.secrets)) return `secrets must map secret names to one of ${SECRET_KINDS.join(', ')}`
  const fileSecrets = (raw.secrets as Record<string, SecretKind> | undefined) ?? {}
  const jobs: JobLabel[] = []
  for (const [i, job] of raw.jobs.entries()) {
    const where = `jobs[${i}]`
    if (!isRecord(job)) return `${where} is not an object`
    const unknownJobKey = Object.keys(job).find((key) => !JOB_KEYS.has(key))
    if (unknownJobKey !== undefined) return `${where}: \`${unknownJobKey}\` is not a key of a job label (${[...JOB_KEYS].join(', ')})`
    if (typeof job.job !== 'string' || job.job === '') return `${where}.job must be the job's key`
    if (!Number.isInteger(job.insertBefore) || (job.insertBefore as number) < 0) return `${where}.insertBefore must be a 0-based step index`
    if (!isStringMap(job.inputs)) return `${where}.inputs must map input names to strings`
    if (!VERDICTS.includes(job.expected as Verdict)) return `${where}.expected must be one of ${VERDICTS.join(', ')}`
    if (typeof job.why !== 'string' || job.why.trim() === '') return `${where}.why must say why`
    if (!Array.isArray(job.findings) || !job.findings.every((f) => typeof f === 'string')) return `${where}.findings must be an array of strings`
    // Checked against the audit (and against docs/rules.md) by __tests__/audit/corpus.test.ts.
    if (job.auditRules !== undefined && (!Array.isArray(job.auditRules) || !job.auditRules.every((r) => typeof r === 'string' && /^[a-z0-9-]+\/[a-z0-9-]+$/.test(r)))) return `${where}.auditRules must be an array of rule ids (area/what)`
    if (job.context !== undefined && !isStringMap(job.context)) return `${where}.context must map expressions to strings`
    if (job.secrets !== undefined && !validSecrets(job.secrets)) {
      return `${where}.secrets must map secret names to one of ${SECRET_KINDS.join(', ')}`
    }
    if (jobs.some((j) => j.job === job.job)) return `${where}: job ${job.job} is labelled twice`
    jobs.push({
      job: job.job,
      insertBefore: job.insertBefore as number,
      inputs: job.inputs,
      expected: job.expected as Verdict,
      why: job.why,
      findings: job.findings as string[],
      context: (job.context as Record<string, string> | undefined) ?? {},
      // The file's `secrets` hold for every job; a job's own entry wins.
      secrets: { ...fileSecrets, ...((job.secrets as Record<string, SecretKind> | undefined) ?? {}) },
    })
  }
  return { file, source: source as unknown as LabelSource, jobs }
}

// ---------------------------------------------------------------------------------------------
// The workflow with this action's step inserted

/** The step the test inserts: its id is what the runner passes as GITHUB_ACTION. */
export const STEP_ID = 'claude-code-auth'
export const STEP_USES = 'claude-code-auth/claude-code-auth@v1'

/** A node of the YAML tree with the offset where it starts (its anchor or tag included). */
type Positioned =
  | { kind: 'mapping'; start: number; flow: boolean; pairs: { key: string; value: Positioned }[] }
  | { kind: 'sequence'; start: number; flow: boolean; items: Positioned[] }
  | { kind: 'scalar'; start: number; value: string }
  | { kind: 'alias'; start: number }

function nodeStart(...offsets: number[]): number {
  return Math.min(...offsets.filter((o) => o >= 0))
}

/** The first document of `text` as a tree of positions (js-yaml's event stream). */
function positionedTree(text: string): Positioned {
  const events: Event[] = parseEvents(text, {})
  let i = 0
  const next = (): Positioned => {
    const event = events[i++]
    if (!event) throw new Error('the YAML ends early')
    switch (event.type) {
      case 2: {
        const node: Positioned = { kind: 'sequence', start: nodeStart(event.start, event.anchorStart, event.tagStart), flow: event.style === 2, items: [] }
        while (events[i]?.type !== 6) node.items.push(next())
        i++
        return node
      }
      case 3: {
        const node: Positioned = { kind: 'mapping', start: nodeStart(event.start, event.anchorStart, event.tagStart), flow: event.style === 2, pairs: [] }
        while (events[i]?.type !== 6) {
          const key = next()
          const value = next()
          node.pairs.push({ key: key.kind === 'scalar' ? key.value : '', value })
        }
        i++
        return node
      }
      case 4:
        return { kind: 'scalar', start: nodeStart(event.valueStart, event.anchorStart, event.tagStart), value: getScalarValue(text, event) }
      case 5:
        return { kind: 'alias', start: event.anchorStart }
      default:
        throw new Error(`unexpected YAML event ${event.type}`)
    }
  }
  while (events[i] && events[i]!.type !== 1) i++
  i++
  return next()
}

const child = (node: Positioned | undefined, key: string): Positioned | undefined =>
  node?.kind === 'mapping' ? node.pairs.find((p) => p.key === key)?.value : undefined

/** The `- ` of a block sequence item that starts at `start`, and the item's indentation. */
function dashBefore(text: string, start: number): { lineStart: number; indent: string } {
  let at = start - 1
  // Offsets point past an opening quote, an anchor's `&` and a tag's `!`.
  while (at >= 0 && /["'&!]/.test(text[at]!)) at--
  while (at >= 0 && /[ \t\r\n]/.test(text[at]!)) at--
  if (text[at] !== '-') throw new Error(`no "- " before the step at offset ${start}`)
  const lineStart = text.lastIndexOf('\n', at) + 1
  const indent = text.slice(lineStart, at)
  if (!/^ *$/.test(indent)) throw new Error(`the step at line ${lineNumber(text, at)} does not start its own line`)
  return { lineStart, indent }
}

const lineNumber = (text: string, offset: number): number => text.slice(0, offset).split('\n').length

/** A `with:` value as a user would write it: plain when YAML reads it back unchanged, else single-quoted. */
function yamlValue(value: string): string {
  const plain = /^[A-Za-z0-9$/.~_][^#\r\n]*$/.test(value) && !/: |:$|\s$/.test(value)
  if (plain) {
    try {
      if (load(`k: ${value}`) !== null && (load(`k: ${value}`) as Record<string, unknown>).k === value) return value
    } catch {
      // quoted below
    }
  }
  return `'${value.replace(/'/g, "''")}'`
}

/**
 * The workflow text with this action's step inserted right before step `index` of `job`,
 * at that step's indentation and with the file's line endings. Every other byte is kept.
 */
export function insertStep(text: string, job: string, index: number, inputs: Record<string, string>): string {
  let root: Positioned
  try {
    root = positionedTree(text)
  } catch (error) {
    throw new Error(`the workflow is not valid YAML (${(error as Error).message.split('\n')[0]})`, { cause: error })
  }
  const jobNode = child(child(root, 'jobs'), job)
  if (!jobNode) throw new Error(`there is no job ${job} under jobs:`)
  const steps = child(jobNode, 'steps')
  if (steps?.kind !== 'sequence') throw new Error(`job ${job} has no steps: list`)
  if (steps.flow) throw new Error(`job ${job}'s steps: is a flow sequence ([...]); the test inserts only into block sequences`)
  const before = steps.items[index]
  if (!before) throw new Error(`insertBefore ${index} is past the last step (job ${job} has ${steps.items.length})`)
  const { lineStart, indent } = dashBefore(text, before.start)
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const lines = [`${indent}- id: ${STEP_ID}`, `${indent}  uses: ${STEP_USES}`]
  const entries = Object.entries(inputs)
  if (entries.length > 0) lines.push(`${indent}  with:`, ...entries.map(([name, value]) => `${indent}    ${name}: ${yamlValue(value)}`))
  return text.slice(0, lineStart) + lines.map((line) => line + eol).join('') + text.slice(lineStart)
}

// ---------------------------------------------------------------------------------------------
// Fake secrets and variables

function fakeBody(seed: string, length: number): string {
  let body = ''
  for (let i = 0; body.length < length; i++) body += createHash('sha256').update(`${seed}|${i}`).digest('base64url')
  return body.slice(0, length)
}

/**
 * What a value holds, from the slot it fills: a Claude credential (the secret kinds), or
 * the shape another input or variable needs so that the action's checks of that shape pass.
 */
export type Shape =
  | Exclude<SecretKind, 'other'>
  | 'url'
  | 'federation-rule-id'
  | 'organization-id'
  | 'service-account-id'
  | 'workspace-id'
  | 'gcp-project'
  | 'gcp-region'
  | 'aws-region'
  | 'foundry-resource'
  | 'aws-access-key-id'
  | 'aws-secret-access-key'
  | 'role-arn'
  | 'gcp-workload-identity-provider'
  | 'gcp-service-account'
  | 'gcp-credentials-json'
  | 'text'

const CREDENTIAL_SHAPES = new Set<Shape>(['api-key', 'oauth-token', 'auth-token'])

/** Slots by name: Claude Code's variables, the Claude action's and this action's inputs, and the providers' settings. */
const SLOT_SHAPE: Record<string, Shape> = {
  anthropic_api_key: 'api-key',
  ANTHROPIC_API_KEY: 'api-key',
  'anthropic-api-key': 'api-key',
  claude_code_oauth_token: 'oauth-token',
  CLAUDE_CODE_OAUTH_TOKEN: 'oauth-token',
  'claude-code-oauth-token': 'oauth-token',
  ANTHROPIC_AUTH_TOKEN: 'auth-token',
  'anthropic-auth-token': 'auth-token',
  ANTHROPIC_BASE_URL: 'url',
  'anthropic-base-url': 'url',
  ANTHROPIC_BEDROCK_BASE_URL: 'url',
  ANTHROPIC_VERTEX_BASE_URL: 'url',
  ANTHROPIC_FOUNDRY_BASE_URL: 'url',
  'foundry-base-url': 'url',
  ANTHROPIC_FEDERATION_RULE_ID: 'federation-rule-id',
  'anthropic-federation-rule-id': 'federation-rule-id',
  ANTHROPIC_ORGANIZATION_ID: 'organization-id',
  'anthropic-organization-id': 'organization-id',
  ANTHROPIC_SERVICE_ACCOUNT_ID: 'service-account-id',
  'anthropic-service-account-id': 'service-account-id',
  ANTHROPIC_WORKSPACE_ID: 'workspace-id',
  'anthropic-workspace-id': 'workspace-id',
  ANTHROPIC_VERTEX_PROJECT_ID: 'gcp-project',
  GOOGLE_CLOUD_PROJECT: 'gcp-project',
  GCLOUD_PROJECT: 'gcp-project',
  'vertex-project-id': 'gcp-project',
  project_id: 'gcp-project',
  CLOUD_ML_REGION: 'gcp-region',
  'vertex-region': 'gcp-region',
  AWS_REGION: 'aws-region',
  AWS_DEFAULT_REGION: 'aws-region',
  'aws-region': 'aws-region',
  ANTHROPIC_FOUNDRY_RESOURCE: 'foundry-resource',
  'foundry-resource': 'foundry-resource',
  AWS_ACCESS_KEY_ID: 'aws-access-key-id',
  'aws-access-key-id': 'aws-access-key-id',
  AWS_SECRET_ACCESS_KEY: 'aws-secret-access-key',
  'aws-secret-access-key': 'aws-secret-access-key',
  'role-to-assume': 'role-arn',
  workload_identity_provider: 'gcp-workload-identity-provider',
  service_account: 'gcp-service-account',
  credentials_json: 'gcp-credentials-json',
}

const hex = (seed: string, length: number) => createHash('sha256').update(seed).digest('hex').slice(0, length)
const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
const alnum = (seed: string, length: number) => fakeBody(seed, length * 2).replace(/[-_]/g, '').slice(0, length).padEnd(length, '0')

/**
 * The fake value of `secrets.NAME` or `vars.NAME` (`context` is `secrets` or `vars`) holding
 * `shape`. Well formed for its shape; the same reference always gives the same value.
 */
export function fakeValue(context: 'secrets' | 'vars', name: string, shape: Shape): string {
  const upper = name.toUpperCase()
  const seed = `${context}|${upper}`
  switch (shape) {
    case 'api-key':
      return `sk-ant-api03-${fakeBody(`api-key|${upper}`, 95)}`
    case 'oauth-token':
      return `sk-ant-oat01-${fakeBody(`oauth-token|${upper}`, 95)}`
    case 'auth-token':
      return fakeBody(`auth-token|${upper}`, 64)
    case 'url':
      return `https://${slug(upper)}.example.com`
    case 'federation-rule-id':
      return `fdrl_${alnum(seed, 24)}`
    case 'organization-id': {
      const h = hex(seed, 32)
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
    }
    case 'service-account-id':
      return `svac_${alnum(seed, 24)}`
    case 'workspace-id':
      return `wrkspc_${alnum(seed, 24)}`
    case 'gcp-project':
      return `fake-project-${hex(seed, 6)}`
    case 'gcp-region':
      return 'us-east5'
    case 'aws-region':
      return 'us-east-1'
    case 'foundry-resource':
      return `fake-resource-${hex(seed, 6)}`
    case 'aws-access-key-id':
      return `AKIA${alnum(seed, 16).toUpperCase()}`
    case 'aws-secret-access-key':
      return fakeBody(seed, 40).replace(/[-_]/g, '/')
    case 'role-arn':
      return `arn:aws:iam::123456789012:role/fake-${slug(upper)}`
    case 'gcp-workload-identity-provider':
      return `projects/123456789012/locations/global/workloadIdentityPools/fake-${hex(seed, 6)}/providers/github`
    case 'gcp-service-account':
      return `fake-${hex(seed, 6)}@fake-project-${hex(`${seed}|project`, 6)}.iam.gserviceaccount.com`
    case 'gcp-credentials-json':
      return JSON.stringify({
        type: 'service_account',
        project_id: `fake-project-${hex(`${seed}|project`, 6)}`,
        private_key_id: hex(seed, 40),
        private_key: `-----BEGIN PRIVATE KEY-----\n${fakeBody(seed, 64)}\n-----END PRIVATE KEY-----\n`,
        client_email: `fake-${hex(seed, 6)}@fake-project-${hex(`${seed}|project`, 6)}.iam.gserviceaccount.com`,
        client_id: '123456789012345678901',
        token_uri: 'https://oauth2.googleapis.com/token',
      })
    case 'text':
      if (context === 'vars') return `fake-var-${upper.toLowerCase()}`
      return upper === 'GITHUB_TOKEN' ? `ghs_${alnum('github-token', 36)}` : `fake-${upper.toLowerCase()}-${fakeBody(`other|${upper}`, 24)}`
  }
}

/** A well-formed fake value for a secret of that kind; the same name always gives the same value. */
export function fakeSecret(name: string, kind: SecretKind): string {
  return fakeValue('secrets', name, kind === 'other' ? 'text' : kind)
}

/** A repository variable (`vars.X`) that fills no known slot: plain text, not a secret. */
export const fakeVariable = (name: string): string => fakeValue('vars', name, 'text')

const REFERENCE = /\b(secrets|vars|env)\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*'([A-Za-z_][A-Za-z0-9_]*)'\s*\])/g
const SCRIPT_SLOT = new RegExp(`\\b(${Object.keys(SLOT_SHAPE).filter((k) => /^[A-Z][A-Z0-9_]+$/.test(k)).join('|')})\\b["']?\\s*[=:]\\s*["']?(\\$\\{\\{[^}]*\\}\\})`, 'g')

/**
 * `secrets.NAME` / `vars.NAME` (name upper-cased: they ignore case) and `env.NAME` references
 * inside the `${{ }}` of a text that can be its value: not an operand of `==` or `!=`
 * (`secrets.A == '' && secrets.B` gives the slot B, never A).
 */
function referencesIn(text: string): string[] {
  const refs: string[] = []
  for (const expression of text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
    const source = expression[1] as string
    for (const m of source.matchAll(REFERENCE)) {
      const before = source.slice(0, m.index)
      const after = source.slice((m.index ?? 0) + m[0].length)
      if (/[!=]=\s*$/.test(before) || /^\s*[!=]=/.test(after)) continue
      const name = (m[2] ?? m[3]) as string
      refs.push(m[1] === 'env' ? `env.${name}` : `${m[1]}.${name.toUpperCase()}`)
    }
  }
  return refs
}

/**
 * What each `secrets.X` and `vars.X` of the file holds, keyed `secrets.X` / `vars.X`: the
 * label's `secrets` first (for secrets), then the shape of the first slot (in file order) it
 * is given to: a `with:` input or an `env:` variable, directly or through an `env:` variable
 * it sets (`${{ env.NAME }}`), or a `VAR=${{ … }}` / `VAR: ${{ … }}` in a script or block;
 * then this action's inputs in the label. Anything else holds text (`other`).
 */
export function valueShapes(text: string, label: JobLabel): Map<string, Shape> {
  const tree = positionedTree(text)
  // Every `env:` entry of the file, by name: what it refers to.
  const envRefs = new Map<string, string[]>()
  const collectEnv = (node: Positioned) => {
    if (node.kind === 'mapping') {
      for (const { key, value } of node.pairs) {
        if (key === 'env' && value.kind === 'mapping') {
          for (const entry of value.pairs) if (entry.value.kind === 'scalar') envRefs.set(entry.key, [...(envRefs.get(entry.key) ?? []), ...referencesIn(entry.value.value)])
        }
        collectEnv(value)
      }
    } else if (node.kind === 'sequence') node.items.forEach(collectEnv)
  }
  collectEnv(tree)
  const expand = (refs: string[]): string[] => refs.flatMap((ref) => (ref.startsWith('env.') ? (envRefs.get(ref.slice(4)) ?? []).filter((r) => !r.startsWith('env.')) : [ref]))
  const found: { offset: number; ref: string; shape: Shape }[] = []
  const walk = (node: Positioned) => {
    if (node.kind === 'mapping') {
      for (const { key, value } of node.pairs) {
        const shape = SLOT_SHAPE[key]
        if (shape && value.kind === 'scalar') for (const ref of expand(referencesIn(value.value))) found.push({ offset: value.start, ref, shape })
        walk(value)
      }
    } else if (node.kind === 'sequence') node.items.forEach(walk)
    else if (node.kind === 'scalar') {
      for (const m of node.value.matchAll(SCRIPT_SLOT)) {
        for (const ref of expand(referencesIn(m[2] as string))) found.push({ offset: node.start + (m.index ?? 0), ref, shape: SLOT_SHAPE[m[1] as string] as Shape })
      }
    }
  }
  walk(tree)
  for (const [input, value] of Object.entries(label.inputs)) {
    const shape = SLOT_SHAPE[input]
    if (shape) for (const ref of expand(referencesIn(value))) found.push({ offset: Number.MAX_SAFE_INTEGER, ref, shape })
  }
  found.sort((a, b) => a.offset - b.offset)
  const shapes = new Map<string, Shape>()
  for (const [name, kind] of Object.entries(label.secrets)) {
    const ref = `secrets.${name.toUpperCase()}`
    // `other`: not a Claude credential; the value still takes the shape of a slot that is not one.
    shapes.set(ref, kind !== 'other' ? kind : (found.find((f) => f.ref === ref && !CREDENTIAL_SHAPES.has(f.shape))?.shape ?? 'text'))
  }
  for (const { ref, shape } of found) if (!shapes.has(ref) && !ref.startsWith('env.')) shapes.set(ref, shape)
  return shapes
}

/** The secret kinds of `valueShapes`: a Claude credential, or `other`. */
export function secretKinds(text: string, label: JobLabel): Map<string, SecretKind> {
  const kinds = new Map<string, SecretKind>()
  for (const [ref, shape] of valueShapes(text, label)) {
    if (ref.startsWith('secrets.')) kinds.set(ref.slice('secrets.'.length), CREDENTIAL_SHAPES.has(shape) ? (shape as SecretKind) : 'other')
  }
  return kinds
}

// ---------------------------------------------------------------------------------------------
// Expressions: the runner's evaluation of the job's `env:` and this step's `with:`, reduced
// to what a workflow's credential wiring uses.

export type ExprValue = string | number | boolean | null

/** Thrown inside the evaluator for an expression it does not evaluate (`<`, `>`, a filter `*`, a syntax error). */
class Unknown extends Error {}

type Token = { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'op'; v: string }

function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < source.length) {
    const c = source[i]!
    if (/\s/.test(c)) {
      i++
    } else if (c === "'") {
      let value = ''
      i++
      for (;;) {
        if (i >= source.length) throw new Unknown()
        if (source[i] === "'") {
          if (source[i + 1] === "'") {
            value += "'"
            i += 2
            continue
          }
          i++
          break
        }
        value += source[i++]
      }
      tokens.push({ t: 'str', v: value })
    } else if (/[0-9]/.test(c)) {
      const m = /^(0x[0-9a-fA-F]+|[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?)/.exec(source.slice(i))!
      tokens.push({ t: 'num', v: Number(m[0]) })
      i += m[0].length
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(source.slice(i))!
      tokens.push({ t: 'id', v: m[0] })
      i += m[0].length
    } else {
      const two = source.slice(i, i + 2)
      const op = ['||', '&&', '==', '!=', '<=', '>='].includes(two) ? two : c
      tokens.push({ t: 'op', v: op })
      i += op.length
    }
  }
  return tokens
}

const truthy = (value: ExprValue): boolean => value !== null && value !== false && value !== 0 && value !== '' && !Number.isNaN(value)

/**
 * GitHub's `==`: strings compare ignoring case; otherwise both sides become numbers
 * (null and '' are 0, true is 1, a non-numeric string is NaN, which equals nothing).
 */
function looseEqual(a: ExprValue, b: ExprValue): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase()
  if (a === null && b === null) return true
  const number = (v: ExprValue) => (v === null ? 0 : typeof v === 'boolean' ? Number(v) : typeof v === 'number' ? v : v.trim() === '' ? 0 : Number(v))
  return number(a) === number(b)
}

export function exprToString(value: ExprValue): string {
  if (value === null) return ''
  return String(value)
}

/** Looks a property path up (`['secrets', 'ANTHROPIC_API_KEY']`); undefined when no context knows it. */
export type Lookup = (path: string[]) => ExprValue | undefined

function evaluateExpression(source: string, lookup: Lookup, functions: string[] = []): ExprValue {
  const tokens = tokenize(source)
  let i = 0
  const peek = () => tokens[i]
  const isOp = (v: string) => peek()?.t === 'op' && peek()!.v === v
  const or = (): ExprValue => {
    let left = and()
    while (isOp('||')) {
      i++
      const right = and()
      left = truthy(left) ? left : right
    }
    return left
  }
  const and = (): ExprValue => {
    let left = comparison()
    while (isOp('&&')) {
      i++
      const right = comparison()
      left = truthy(left) ? right : left
    }
    return left
  }
  const comparison = (): ExprValue => {
    let left = unary()
    while (isOp('==') || isOp('!=')) {
      const op = tokens[i++]!.v
      const right = unary()
      left = op === '==' ? looseEqual(left, right) : !looseEqual(left, right)
    }
    return left
  }
  const unary = (): ExprValue => {
    if (isOp('!')) {
      i++
      return !truthy(unary())
    }
    return primary()
  }
  const primary = (): ExprValue => {
    const token = tokens[i++]
    if (!token) throw new Unknown()
    if (token.t === 'str' || token.t === 'num') return token.v
    if (token.t === 'op') {
      if (token.v !== '(') throw new Unknown()
      const inner = or()
      if (!isOp(')')) throw new Unknown()
      i++
      return inner
    }
    const word = token.v
    if (word === 'true') return true
    if (word === 'false') return false
    if (word === 'null') return null
    if (isOp('(')) {
      // A function call: not evaluated here, so its value is '' (its arguments are read past).
      i++
      let depth = 1
      while (depth > 0) {
        const t = tokens[i++]
        if (!t) throw new Unknown()
        if (t.t === 'op' && t.v === '(') depth++
        if (t.t === 'op' && t.v === ')') depth--
      }
      functions.push(word)
      return ''
    }
    const path = [word]
    for (;;) {
      if (isOp('.')) {
        i++
        const name = tokens[i++]
        if (name?.t !== 'id') throw new Unknown()
        path.push(name.v)
      } else if (isOp('[')) {
        i++
        const index = or()
        if (!isOp(']')) throw new Unknown()
        i++
        // An index that is not a known name (a function's value, say) names nothing.
        if (typeof index !== 'string' || index === '') return ''
        path.push(index)
      } else break
    }
    return lookup(path) ?? ''
  }
  const value = or()
  if (i !== tokens.length) throw new Unknown()
  return value
}

/**
 * A workflow value with its `${{ … }}` parts evaluated: a value that is one expression keeps
 * its type, one with text around is a string. An expression using anything beyond property
 * paths, string/number/boolean/null literals, `||`, `&&`, `==`, `!=`, `!` and parentheses
 * (`<`, `>`, a filter) evaluates to '' as a whole, and is recorded in `unknown`; a function
 * call is '' where it stands, and so is a path no context knows; both are recorded too.
 */
export function evaluateValue(value: unknown, lookup: Lookup, unknown: string[] = []): string {
  if (typeof value !== 'string') return value === null || value === undefined ? '' : String(value)
  const tracking: Lookup = (path) => {
    const found = lookup(path)
    if (found === undefined) unknown.push(path.join('.'))
    return found
  }
  const one = (source: string): ExprValue => {
    try {
      const functions: string[] = []
      const value = evaluateExpression(source, tracking, functions)
      for (const name of functions) unknown.push(`${name}(…)`)
      return value
    } catch (error) {
      if (!(error instanceof Unknown)) throw error
      unknown.push(`\${{${source}}}`)
      return ''
    }
  }
  const whole = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/.exec(value)
  if (whole && !(whole[1] as string).includes('}}')) return exprToString(one(whole[1] as string))
  return value.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, source: string) => exprToString(one(source)))
}

// ---------------------------------------------------------------------------------------------
// One labelled job, as the runner would start this action's step

export const RUN_REF = 'refs/heads/main'

export interface JobPlan {
  label: LabelFile
  job: JobLabel
  /** `<file>#<job>`. */
  key: string
  /** The workflow with this action's step, written at `label.source.path` in the checkout. */
  workflowText: string
  /** The step's environment: runner variables, then the workflow's and the job's `env:`, evaluated. */
  env: Record<string, string>
  /** This step's `with:`, evaluated. */
  inputs: Record<string, string>
  /** GITHUB_EVENT_PATH's content. */
  event: Record<string, unknown>
  /** Every secret an evaluated expression used, with its kind and fake value. */
  secrets: { name: string; kind: SecretKind; value: string }[]
  /** Paths and expressions that evaluated to '' because the test does not know them. */
  unknown: string[]
  /** Files earlier steps leave in the checkout (google-github-actions/auth's credentials file), relative to it. */
  files: Record<string, string>
  /** Values earlier steps registered with ::add-mask:: (the runner's masker is job-wide). */
  previouslyMasked: string[]
  /** What the test made of the steps before this action's: simulated, or not (their effects unknown). */
  earlierSteps: string[]
  /**
   * A value of a later step (its `env:`, its `run:` text) as the runner evaluates it there: the
   * same fake secrets and contexts, with `envContext` as the `env` context (the job's variables
   * and the GITHUB_ENV writes before that step). Unknown paths are recorded in `unknownPaths`.
   */
  evaluate(value: unknown, envContext: Record<string, string>, unknownPaths?: string[]): string
}

function triggers(on: unknown): string[] {
  if (typeof on === 'string') return [on]
  if (Array.isArray(on)) return on.filter((t): t is string => typeof t === 'string')
  if (isRecord(on)) return Object.keys(on)
  return []
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let at = target
  for (const name of path.slice(0, -1)) {
    if (!isRecord(at[name])) at[name] = {}
    at = at[name] as Record<string, unknown>
  }
  at[path[path.length - 1] as string] = value
}

function getPath(source: unknown, path: string[]): ExprValue | undefined {
  let at = source
  for (const name of path) {
    if (!isRecord(at)) return undefined
    const key = Object.keys(at).find((k) => k.toLowerCase() === name.toLowerCase())
    if (key === undefined) return undefined
    at = at[key]
  }
  if (typeof at === 'string' || typeof at === 'number' || typeof at === 'boolean' || at === null) return at
  return at === undefined ? undefined : JSON.stringify(at)
}

/** A minimal payload for the event: the repository and sender, and the object the event is about. */
function eventPayload(eventName: string, repo: string, context: Record<string, string>): Record<string, unknown> {
  const [owner, name] = repo.split('/') as [string, string]
  const repository = { full_name: repo, name, owner: { login: owner }, fork: false, default_branch: 'main' }
  const event: Record<string, unknown> = { repository, sender: { login: 'octocat', type: 'User' } }
  const pr = { number: 1, head: { ref: 'feature', repo }, base: { ref: 'main', repo }, user: { login: 'octocat' } }
  if (eventName.startsWith('pull_request')) Object.assign(event, { action: 'opened', number: 1, pull_request: pr })
  if (eventName === 'issue_comment') Object.assign(event, { action: 'created', issue: { number: 1, user: { login: 'octocat' } }, comment: { body: '@claude', user: { login: 'octocat' } } })
  if (eventName === 'issues') Object.assign(event, { action: 'opened', issue: { number: 1, body: '@claude', user: { login: 'octocat' } } })
  if (eventName === 'pull_request_review_comment') Object.assign(event, { comment: { body: '@claude', user: { login: 'octocat' } } })
  if (eventName === 'pull_request_review') Object.assign(event, { action: 'submitted', review: { body: '@claude', user: { login: 'octocat' } } })
  if (eventName === 'push') Object.assign(event, { ref: RUN_REF, after: '0'.repeat(40) })
  if (eventName === 'workflow_dispatch') Object.assign(event, { inputs: {} })
  for (const [key, value] of Object.entries(context)) {
    const path = key.split('.')
    if (path[0] === 'github' && path[1] === 'event' && path.length > 2) setPath(event, path.slice(2), value)
  }
  return event
}

interface StepEffect {
  what: string
  env: Record<string, string>
  files: Record<string, string>
  outputs: Record<string, string>
  masked: string[]
}

/**
 * What an earlier step leaves for this one, for the actions that set up a provider's
 * credentials (their documented exports, with fake values): aws-actions/configure-aws-credentials
 * exports the AWS keys and region; google-github-actions/auth writes a credentials file into
 * the workspace and exports its path and the project. Others: undefined.
 */
function earlierStepEffect(uses: string, inputs: Record<string, string>, seed: string, workspace: string): StepEffect | undefined {
  const off = (name: string) => /^false$/i.test(inputs[name]?.trim() ?? '')
  if (uses.startsWith('aws-actions/configure-aws-credentials@')) {
    const role = inputs['role-to-assume']?.trim() ?? ''
    const keyId = inputs['aws-access-key-id']?.trim() ?? ''
    const env: Record<string, string> = {}
    const region = inputs['aws-region']?.trim() ?? ''
    if (region) Object.assign(env, { AWS_REGION: region, AWS_DEFAULT_REGION: region })
    const masked: string[] = []
    if ((role || keyId) && !off('output-env-credentials')) {
      const secret = role ? fakeValue('secrets', `aws-session|${seed}`, 'aws-secret-access-key') : (inputs['aws-secret-access-key'] ?? '')
      const session = role ? fakeBody(`aws-session-token|${seed}`, 300) : (inputs['aws-session-token'] ?? '')
      Object.assign(env, { AWS_ACCESS_KEY_ID: role ? `ASIA${alnum(`aws|${seed}`, 16).toUpperCase()}` : keyId, AWS_SECRET_ACCESS_KEY: secret })
      if (session) env.AWS_SESSION_TOKEN = session
      masked.push(secret, ...(session ? [session] : []))
    }
    return { what: `configure-aws-credentials simulated (exports ${Object.keys(env).join(', ') || 'nothing'})`, env, files: {}, outputs: { 'aws-account-id': '123456789012' }, masked }
  }
  if (uses.startsWith('google-github-actions/auth@')) {
    const provider = inputs.workload_identity_provider?.trim() ?? ''
    const json = inputs.credentials_json?.trim() ?? ''
    const account = inputs.service_account?.trim() ?? ''
    let project = inputs.project_id?.trim() ?? ''
    if (!project && json) {
      try {
        project = String((JSON.parse(json) as { project_id?: unknown }).project_id ?? '')
      } catch {
        project = ''
      }
    }
    if (!project) project = /@([a-z][a-z0-9-]+)\.iam\.gserviceaccount\.com$/.exec(account)?.[1] ?? ''
    const env: Record<string, string> = {}
    const files: Record<string, string> = {}
    const outputs: Record<string, string> = {}
    const masked: string[] = []
    if (!provider && !json) return { what: 'google-github-actions/auth simulated (no credentials given: exports nothing)', env, files, outputs, masked }
    if (!off('create_credentials_file')) {
      const name = `gha-creds-${createHash('sha256').update(seed).digest('hex').slice(0, 16)}.json`
      const content = json || JSON.stringify({
        type: 'external_account',
        audience: `//iam.googleapis.com/${provider}`,
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
        token_url: 'https://sts.googleapis.com/v1/token',
        credential_source: { url: 'http://127.0.0.1:9/_apis/idtoken?audience=google', headers: { Authorization: '***' }, format: { type: 'json', subject_token_field_name: 'value' } },
        ...(account ? { service_account_impersonation_url: `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${account}:generateAccessToken` } : {}),
      })
      files[name] = content
      const path = join(workspace, name)
      Object.assign(env, { GOOGLE_APPLICATION_CREDENTIALS: path, CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE: path, GOOGLE_GHA_CREDS_PATH: path })
      outputs.credentials_file_path = path
    }
    if (project && !off('export_environment_variables')) {
      for (const name of ['CLOUDSDK_CORE_PROJECT', 'CLOUDSDK_PROJECT', 'GCLOUD_PROJECT', 'GCP_PROJECT', 'GOOGLE_CLOUD_PROJECT']) env[name] = project
    }
    if (project) outputs.project_id = project
    const format = inputs.token_format?.trim() ?? ''
    if (format === 'access_token') outputs.access_token = `ya29.${fakeBody(`gcp-access|${seed}`, 150)}`
    if (format === 'id_token') outputs.id_token = fakeJwt(`gcp-id|${seed}`)
    masked.push(...Object.entries(outputs).filter(([k]) => k.endsWith('_token')).map(([, v]) => v))
    return { what: `google-github-actions/auth simulated (exports ${Object.keys(env).join(', ') || 'nothing'})`, env, files, outputs, masked }
  }
  return undefined
}

export interface PlanOptions {
  /** ACTIONS_ID_TOKEN_REQUEST_URL for a job allowed `id-token: write` (default: an address that does not answer). */
  oidcUrl?: string
}

/** The job's token permissions allow an OIDC token: `id-token: write` or `write-all` (the job's own block replaces the workflow's). */
function allowsIdToken(doc: Record<string, unknown>, jobDoc: Record<string, unknown>): boolean {
  const permissions = 'permissions' in jobDoc ? jobDoc.permissions : doc.permissions
  if (permissions === 'write-all') return true
  return isRecord(permissions) && permissions['id-token'] === 'write'
}

/** A fake JWT: three base64url parts, as GitHub's and Google's ID tokens are. */
const fakeJwt = (seed: string) => `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.${fakeBody(`${seed}|body`, 120)}.${fakeBody(`${seed}|sig`, 86)}`

/**
 * Everything the runner would give this action's step in `label`'s job: the runner's own
 * variables, the workflow's and the job's `env:` evaluated (the job's win), and the label's
 * inputs evaluated. `workspace` is where the checkout will be (github.workspace).
 */
export function planJob(label: LabelFile, job: JobLabel, workspace: string, options: PlanOptions = {}): JobPlan {
  const doc = load(label.text) as Record<string, unknown>
  const jobDoc = (doc.jobs as Record<string, Record<string, unknown>>)[job.job] as Record<string, unknown>
  const repo = label.source.repo
  const context = Object.fromEntries(Object.entries(job.context).map(([k, v]) => [k.toLowerCase(), v]))
  const eventName = context['github.event_name'] ?? triggers(doc.on)[0] ?? 'push'
  const event = eventPayload(eventName, repo, job.context)
  const shapes = valueShapes(label.text, job)
  const secrets = new Map<string, { name: string; kind: SecretKind; value: string }>()
  const secret = (name: string) => {
    const upper = name.toUpperCase()
    const shape = shapes.get(`secrets.${upper}`) ?? 'text'
    const kind: SecretKind = CREDENTIAL_SHAPES.has(shape) ? (shape as SecretKind) : 'other'
    if (!secrets.has(upper)) secrets.set(upper, { name: upper, kind, value: fakeValue('secrets', upper, shape) })
    return secrets.get(upper)!.value
  }
  const runsOn = jobDoc['runs-on']
  const selfHosted = (Array.isArray(runsOn) ? runsOn : [runsOn]).some((l) => typeof l === 'string' && l.toLowerCase() === 'self-hosted')
  const pullRequest = eventName.startsWith('pull_request')
  const ref = pullRequest ? 'refs/pull/1/merge' : RUN_REF
  const workflowRef = `${repo}/${label.source.path}@${RUN_REF}`
  const github: Record<string, ExprValue> = {
    event_name: eventName,
    repository: repo,
    repository_owner: repo.split('/')[0] as string,
    workflow: typeof doc.name === 'string' ? doc.name : label.source.path,
    workflow_ref: workflowRef,
    job: job.job,
    ref,
    ref_name: pullRequest ? '1/merge' : 'main',
    head_ref: pullRequest ? 'feature' : '',
    base_ref: pullRequest ? 'main' : '',
    sha: label.source.commit,
    actor: 'octocat',
    triggering_actor: 'octocat',
    server_url: 'https://github.com',
    api_url: 'https://api.github.com',
    graphql_url: 'https://api.github.com/graphql',
    run_id: '1',
    run_number: '1',
    run_attempt: '1',
    workspace,
    action: STEP_ID,
  }
  const runner: Record<string, ExprValue> = { os: 'Linux', arch: 'X64', environment: selfHosted ? 'self-hosted' : 'github-hosted' }
  const env: Record<string, string> = {}
  /** Outputs of the earlier steps the test simulates, by step id (lower case). */
  const outputs = new Map<string, Record<string, string>>()
  /** `env` is the `env` context: only this step's `with:` sees it (jobs.<id>.env cannot use it). */
  const lookup =
    (withEnv: boolean, envContext: Record<string, string> = env): Lookup =>
    (path) => {
      const lower = path.map((p) => p.toLowerCase())
      const joined = lower.join('.')
      if (joined in context) return context[joined]
      const [head, second] = lower
      if (head === 'secrets' && path.length === 2) return secret(path[1] as string)
      if (head === 'vars' && path.length === 2) return fakeValue('vars', path[1] as string, shapes.get(`vars.${(path[1] as string).toUpperCase()}`) ?? 'text')
      if (head === 'github') {
        if (path.length === 2 && second === 'token') return secret('GITHUB_TOKEN')
        if (second === 'event') return path.length === 2 ? JSON.stringify(event) : getPath(event, path.slice(2))
        if (path.length === 2 && second && second in github) return github[second] as ExprValue
        return undefined
      }
      if (head === 'runner' && path.length === 2 && second && second in runner) return runner[second] as ExprValue
      if (head === 'env' && withEnv && path.length === 2) return getPath(envContext, [path[1] as string])
      if (head === 'steps' && path.length === 4 && lower[2] === 'outputs') return outputs.get(second as string)?.[lower[3] as string]
      return undefined
    }
  const unknown: string[] = []
  for (const level of [doc.env, jobDoc.env]) {
    if (typeof level === 'string') unknown.push(level)
    if (!isRecord(level)) continue
    for (const [name, value] of Object.entries(level)) env[name] = evaluateValue(value, lookup(false), unknown)
  }
  // The steps before this action's: the effects of the few actions that set up a provider's
  // credentials are simulated; any other step's GITHUB_ENV writes are not known here.
  const files: Record<string, string> = {}
  const previouslyMasked: string[] = []
  const earlierSteps: string[] = []
  const steps = Array.isArray(jobDoc.steps) ? (jobDoc.steps as unknown[]).slice(0, job.insertBefore) : []
  steps.forEach((step, index) => {
    if (!isRecord(step)) return
    const uses = typeof step.uses === 'string' ? step.uses.toLowerCase() : ''
    const label = typeof step.id === 'string' ? step.id : typeof step.name === 'string' ? step.name : `step ${index}`
    const withValues = isRecord(step.with) ? Object.fromEntries(Object.entries(step.with).map(([k, v]) => [k, evaluateValue(v, lookup(true), unknown)])) : {}
    const effect = earlierStepEffect(uses, withValues, `${label}|${index}`, workspace)
    if (effect) {
      Object.assign(env, effect.env)
      Object.assign(files, effect.files)
      previouslyMasked.push(...effect.masked)
      if (typeof step.id === 'string') outputs.set(step.id.toLowerCase(), effect.outputs)
      earlierSteps.push(`${label}: ${effect.what}`)
    } else if (typeof step.run === 'string' && /GITHUB_ENV|GITHUB_PATH/.test(step.run)) {
      earlierSteps.push(`${label}: writes GITHUB_ENV or GITHUB_PATH, not simulated (a label gives such values as \`env.NAME\` in \`context\`)`)
    } else if (uses && !/^actions\/(checkout|setup-[a-z]+|cache|upload-artifact|download-artifact|github-script|create-github-app-token)@/.test(uses)) {
      earlierSteps.push(`${label}: ${uses.split('@')[0]} not simulated`)
    }
  })
  if (allowsIdToken(doc, jobDoc)) {
    env.ACTIONS_ID_TOKEN_REQUEST_URL = options.oidcUrl ?? 'http://127.0.0.1:9/_apis/idtoken'
    env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = fakeValue('secrets', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'text')
    previouslyMasked.push(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
  }
  // `env.NAME` in the label's context: what the step's environment holds at this step (an
  // earlier step's GITHUB_ENV write, say), on top of the job's.
  // `file:PATH` in the context: a file such a step left in the checkout (its content), and
  // `$GITHUB_WORKSPACE` in an `env.NAME` value stands for the checkout's path.
  for (const [key, value] of Object.entries(job.context)) {
    if (/^env\./i.test(key)) env[key.slice(4)] = value.replaceAll('$GITHUB_WORKSPACE', workspace)
    else if (/^file:/i.test(key)) files[key.slice(5)] = value
  }
  const inputs: Record<string, string> = {}
  for (const [name, value] of Object.entries(job.inputs)) inputs[name] = evaluateValue(value, lookup(true), unknown)
  const runnerEnv: Record<string, string> = {
    GITHUB_REPOSITORY: repo,
    GITHUB_REPOSITORY_OWNER: repo.split('/')[0] as string,
    GITHUB_WORKFLOW: String(github.workflow),
    GITHUB_WORKFLOW_REF: workflowRef,
    GITHUB_JOB: job.job,
    GITHUB_ACTION: STEP_ID,
    GITHUB_ACTION_REPOSITORY: STEP_USES.split('@')[0] as string,
    GITHUB_ACTION_REF: 'v1',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_REF: ref,
    GITHUB_REF_NAME: String(github.ref_name),
    GITHUB_REF_TYPE: 'branch',
    GITHUB_HEAD_REF: String(github.head_ref),
    GITHUB_BASE_REF: String(github.base_ref),
    GITHUB_SHA: label.source.commit,
    GITHUB_ACTOR: 'octocat',
    GITHUB_TRIGGERING_ACTOR: 'octocat',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RUN_ATTEMPT: '1',
    RUNNER_ENVIRONMENT: String(runner.environment),
  }
  return {
    label,
    job,
    key: `${label.file}#${job.job}`,
    workflowText: insertStep(label.text, job.job, job.insertBefore, job.inputs),
    // A job cannot override the runner's GITHUB_* and RUNNER_* variables (GitHub docs, "Default environment variables").
    env: { ...env, ...runnerEnv },
    inputs,
    event,
    secrets: [...secrets.values()],
    unknown: [...new Set(unknown)],
    files,
    previouslyMasked,
    earlierSteps,
    evaluate: (value, envContext, unknownPaths = []) => evaluateValue(value, lookup(true, envContext), unknownPaths),
  }
}
