/**
 * Shared builders for the process-level suite: every test here spawns the built
 * `dist/index.js` under the runner harness, exactly as a `node24` action step runs.
 *
 * Everything a test expects is written by hand in the test (or derived here from the
 * documented semantics and the facts page), never by calling src/: these tests are the
 * check on src/, so they must not share its mistakes.
 */

import { afterAll, beforeAll, expect } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

import { claudeFilePath, fingerprintOf, type Place } from '../claude-files.js'
import { managedSettingsIn, REPO_ROOT, snapshotDist } from './dist-snapshot.js'
import { envForLaterStep, findUnmaskedSecrets, runAction, type Annotation, type RunResult } from '../../harness/runner.js'
import { parseCommandLine, REGISTERED_COMMANDS } from '../../harness/workflow-commands.js'

/** The Node the action runs on: Node 24 under scripts/with-node24.mjs, else the one running jest. */
export const NODE_BINARY = process.env.TEST_NODE_BINARY ?? process.execPath

/**
 * The build under test. Each test file copies dist/ once, before its first test, and runs
 * that copy: every test of the file sees the same bundle even if dist/ is rebuilt meanwhile
 * (`scripts/package.mjs` replaces dist/, which otherwise fails whichever runs start in that
 * moment). A runner too runs the bundle from its own copy of the repository.
 *
 * Isolation from the machine: the copy reads managed settings from a file of its own instead
 * of /etc/claude-code/managed-settings.json, so an organisation policy on the test machine
 * (or a conformance run writing one) cannot change a test's outcome. The product keeps the
 * CLI's fixed path (users cannot move it, so neither can the action); only this copy's text
 * differs, and `managedSettingsPath()` says where it reads instead. HOME is a fresh folder
 * in every scenario. TEST_ACTION_ENTRY runs another build instead (a deliberately broken copy
 * of dist/, to prove the tests catch the break), unchanged.
 */
let entry: string | undefined = process.env.TEST_ACTION_ENTRY
let snapshotDir: string | undefined

/** How to spawn the build under test with the harness directly: its entry, Node, and action.yml for input defaults. */
export function builtAction(): { entry: string; nodeBinary: string; actionYml: string } {
  if (!entry) throw new Error('builtAction() is only known inside a test (after beforeAll)')
  return { entry, nodeBinary: NODE_BINARY, actionYml: join(REPO_ROOT, 'action.yml') }
}

/** The managed settings file the build under test reads (see snapshotDist); absent unless a test writes it. */
export function managedSettingsPath(): string {
  if (!snapshotDir) throw new Error('managedSettingsPath() is only known inside a test (after beforeAll)')
  return managedSettingsIn(snapshotDir)
}

beforeAll(async () => {
  if (entry) return
  snapshotDir = await snapshotDist()
  entry = join(snapshotDir, 'index.js')
})

afterAll(async () => {
  if (snapshotDir) await rm(snapshotDir, { recursive: true, force: true })
})

export type Kind = 'oauth-token' | 'api-key' | 'auth-token'
export type Mode = 'fail' | 'unset' | 'warn'
export const MODES: readonly Mode[] = ['fail', 'unset', 'warn']

/** action.yml input for each credential kind. */
export const INPUT: Record<Kind, string> = {
  'oauth-token': 'claude-code-oauth-token',
  'api-key': 'anthropic-api-key',
  'auth-token': 'anthropic-auth-token',
}

/** The variable later steps read for each kind (facts §1). */
export const VARIABLE: Record<Kind, string> = {
  'oauth-token': 'CLAUDE_CODE_OAUTH_TOKEN',
  'api-key': 'ANTHROPIC_API_KEY',
  'auth-token': 'ANTHROPIC_AUTH_TOKEN',
}

/** How conflict annotations name the intended credential: "<NAME> conflicts with <words>". */
export const WORDS: Record<Kind, string> = {
  'oauth-token': 'your OAuth token',
  'api-key': 'your API key',
  'auth-token': 'your gateway token',
}

export const GATEWAY_URL = 'https://llm-gateway.example.com'

// ---------------------------------------------------------------------------------------------
// Fake credentials: well formed (prefix + 95 characters of [A-Za-z0-9_-]) and distinct per label.

export function fakeToken(prefix: string, label: string, length = 95): string {
  let body = ''
  for (let i = 0; body.length < length; i++) body += createHash('sha256').update(`${prefix}|${label}|${i}`).digest('base64url')
  return prefix + body.slice(0, length)
}

export const oauthToken = (label: string) => fakeToken('sk-ant-oat01-', label)
export const apiKey = (label: string) => fakeToken('sk-ant-api03-', label)
export const adminKey = (label: string) => fakeToken('sk-ant-admin01-', label)
export const refreshToken = (label: string) => fakeToken('sk-ant-ort01-', label)
/** A gateway's bearer token has no Anthropic prefix. */
export const gatewayToken = (label: string) => fakeToken('gw-', label)

export function credentialFor(kind: Kind, label: string): string {
  return kind === 'oauth-token' ? oauthToken(label) : kind === 'api-key' ? apiKey(label) : gatewayToken(label)
}

/** Inputs for one intended credential; a gateway token always comes with its URL. */
export function inputsFor(kind: Kind, value: string, extra: Record<string, string> = {}): Record<string, string> {
  return { [INPUT[kind]]: value, ...(kind === 'auth-token' ? { 'anthropic-base-url': GATEWAY_URL } : {}), ...extra }
}

/** What GITHUB_ENV must hold when the intended credential is exported (and nothing else). */
export function intendedExports(kind: Kind, value: string): Record<string, string> {
  return { [VARIABLE[kind]]: value, ...(kind === 'auth-token' ? { ANTHROPIC_BASE_URL: GATEWAY_URL } : {}) }
}

/** The `fingerprint` output, computed here with node:crypto: first 12 hex of sha256. */
export { fingerprintOf }

// ---------------------------------------------------------------------------------------------
// Scenario: a temp home, workspace and optional CLAUDE_CONFIG_DIR, files planted in them.

export type { Place }

export const placePath = (place: Place, dirs: Dirs): string => claudeFilePath(place, { home: dirs.home, project: dirs.workspace, configDir: dirs.configDir })

/** Planted as a directory, so reading it fails (EISDIR) even when the tests run as root. */
export const UNREADABLE = Symbol('unreadable')
/** File content: a string is written verbatim (for broken JSON), UNREADABLE makes a directory, anything else is JSON. */
export type Content = unknown

export interface Scenario {
  inputs?: Record<string, string>
  /** Job/workflow env the step sees. */
  env?: Record<string, string>
  files?: Partial<Record<Place, Content>>
  /** Extra files, relative to the workspace (e.g. a workflow file). */
  workspaceFiles?: Record<string, string>
  /** Sets CLAUDE_CONFIG_DIR to a fresh directory. */
  useConfigDir?: boolean
  /** Writes this event payload (a string verbatim, anything else as JSON) and points GITHUB_EVENT_PATH at it. */
  event?: unknown
  /** Leave the workspace empty, as before `actions/checkout` (default: a checked-out repository's README). */
  noCheckout?: boolean
  /**
   * The running workflow: written to the workspace, and GITHUB_WORKFLOW_REF, GITHUB_REPOSITORY,
   * GITHUB_JOB, GITHUB_ACTION and GITHUB_ACTION_REPOSITORY set as the runner sets them.
   */
  workflow?: WorkflowScenario | null
  /** Runs after the files are planted and before the action: e.g. commit them to a real repository. */
  prepare?: (dirs: Dirs) => void | Promise<void>
}

/**
 * A workflow whose job `review` checks out, then runs this action with `inputs` (lines 1 to
 * 8 + one per input, `with:` included); the later steps, as YAML, follow.
 */
export function workflowWith(inputs: Record<string, string>, laterSteps: string, header = 'name: review\non: pull_request\n'): string {
  const withBlock = Object.keys(inputs).length > 0 ? `        with:\n${Object.entries(inputs).map(([k, v]) => `          ${k}: ${v}\n`).join('')}` : ''
  return `${header}jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: claude-code-auth/claude-code-auth@v1
${withBlock}${laterSteps}`
}

/** The running workflow of every scenario that does not bring its own: this action, then `claude -p`. */
export const DEFAULT_WORKFLOW = workflowWith({}, '      - run: claude -p "review"\n', 'name: claude\non: [push, pull_request]\n')

export interface WorkflowScenario {
  text: string
  /** Relative to the workspace; default `.github/workflows/claude.yml`. */
  path?: string
  /** GITHUB_JOB; default `review`. */
  job?: string
  /** GITHUB_ACTION: this step's id, or the runner's generated name; default `__claude-code-auth_claude-code-auth`. */
  action?: string
  /** GITHUB_WORKFLOW_REF's repository; default the run's own (`owner/project`). */
  fromRepository?: string
  /** Do not write the file (it is not in the checkout). */
  notInCheckout?: boolean
}

export const WORKFLOW_REPOSITORY = 'owner/project'

export interface Dirs {
  root: string
  home: string
  workspace: string
  configDir: string
}


export interface ScenarioRun {
  result: RunResult
  dirs: Dirs
  /** The env given to the step as job env (what a later step starts from). */
  jobEnv: Record<string, string>
  path(place: Place): string
}

/** Runs the action in a fresh scenario, hands the run to `check`, then removes every temp dir. */
export async function inScenario<T>(scenario: Scenario, check: (run: ScenarioRun) => T | Promise<T>): Promise<T> {
  const root = await mkdtemp(join(tmpdir(), 'claude-auth-process-'))
  const dirs: Dirs = { root, home: join(root, 'home'), workspace: join(root, 'workspace'), configDir: join(root, 'config') }
  try {
    for (const dir of [dirs.home, dirs.workspace, dirs.configDir]) await mkdir(dir, { recursive: true })
    for (const [place, content] of Object.entries(scenario.files ?? {}) as [Place, Content][]) {
      await plant(placePath(place, dirs), content)
    }
    if (!scenario.noCheckout) {
      await plant(join(dirs.workspace, 'README.md'), '# checked out\n')
      await plant(join(dirs.workspace, '.git', 'HEAD'), 'ref: refs/heads/main\n')
    }
    const jobEnv: Record<string, string> = { ...(scenario.env ?? {}) }
    // `null`: no workflow at all, as outside GitHub Actions.
    const workflow = scenario.workflow === undefined ? { text: DEFAULT_WORKFLOW } : scenario.workflow
    if (workflow) {
      const wf = workflow
      const path = wf.path ?? '.github/workflows/claude.yml'
      if (!wf.notInCheckout) await plant(join(dirs.workspace, path), wf.text)
      Object.assign(jobEnv, {
        GITHUB_REPOSITORY: WORKFLOW_REPOSITORY,
        GITHUB_WORKFLOW_REF: `${wf.fromRepository ?? WORKFLOW_REPOSITORY}/${path}@refs/heads/main`,
        GITHUB_JOB: wf.job ?? 'review',
        GITHUB_ACTION: wf.action ?? '__claude-code-auth_claude-code-auth',
        GITHUB_ACTION_REPOSITORY: 'claude-code-auth/claude-code-auth',
        ...(scenario.env ?? {}),
      })
    }
    for (const [relative, text] of Object.entries(scenario.workspaceFiles ?? {})) await plant(join(dirs.workspace, relative), text)
    if (scenario.prepare) await scenario.prepare(dirs)
    if (scenario.useConfigDir) jobEnv.CLAUDE_CONFIG_DIR = dirs.configDir
    if (scenario.event !== undefined) {
      const eventPath = join(root, 'event-payload.json')
      await writeFile(eventPath, typeof scenario.event === 'string' ? scenario.event : JSON.stringify(scenario.event))
      jobEnv.GITHUB_EVENT_PATH = eventPath
    }
    const result = await runAction({
      inputs: scenario.inputs ?? {},
      env: jobEnv,
      home: dirs.home,
      workspace: dirs.workspace,
      nodeBinary: NODE_BINARY,
      // A copy of dist/ is not where the harness looks for action.yml: name it, for the input defaults.
      entry,
      actionYml: join(REPO_ROOT, 'action.yml'),
    })
    try {
      return await check({ result, dirs, jobEnv, path: (place) => placePath(place, dirs) })
    } finally {
      await result.cleanup()
    }
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

async function plant(path: string, content: Content): Promise<void> {
  if (content === UNREADABLE) {
    await mkdir(path, { recursive: true })
    return
  }
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
}

// ---------------------------------------------------------------------------------------------
// Assertions every test makes.

/** A Node stack frame, as a line of its own or inside a longer text. */
const STACK_FRAME = /(^|\n)\s+at .+:\d+:\d+\)?/
/** The commands this action itself may print; anything else would be an injected one. */
const OWN_COMMANDS = new Set(['add-mask', 'error', 'warning', 'notice'])
const REGISTERED = new Set(REGISTERED_COMMANDS)

const isWhitespaceOnly = (value: string) => value.trim() === ''

export interface CleanRunExpectations {
  /**
   * Every credential value the test used: inputs raw and trimmed, conflicting values, file
   * contents. None may be readable in the log, annotations or summary, nor in an output.
   */
  secrets: string[]
  /**
   * Credentials that must be registered with ::add-mask:: before the first line that is
   * not an add-mask line (compared trimmed; whitespace-only values are not secrets).
   */
  maskedFirst: string[]
}

export function expectCleanRun(run: ScenarioRun, { secrets, maskedFirst }: CleanRunExpectations): void {
  const { result } = run
  expect(result.timedOut).toBe(false)

  // No stack trace anywhere, and nothing at all on stderr (where Node prints crashes).
  const everything = [...result.log, result.rawStdout, result.rawStderr, result.summary, ...result.annotations.map((a) => a.message)]
  for (const text of everything) {
    expect(text).not.toMatch(STACK_FRAME)
    expect(text).not.toContain('    at ')
  }
  expect(result.rawStderr).toBe('')

  // Only the action's own workflow commands, no failed runner command, clean file commands.
  const commands = [...result.rawStdout.split(/\r\n|\r|\n/), ...result.rawStderr.split(/\r\n|\r|\n/)]
    .map((line) => parseCommandLine(line, REGISTERED))
    .filter((command) => command !== null)
    .map((command) => command.command)
  expect(commands.filter((command) => !OWN_COMMANDS.has(command))).toEqual([])
  expect(result.malformedFileCommands).toEqual([])
  expect(result.stepFailed).toBe(result.exitCode !== 0)

  // No secret readable where the runner publishes text.
  const realSecrets = [...new Set(secrets.filter((s) => !isWhitespaceOnly(s)))]
  expect(findUnmaskedSecrets(result, realSecrets)).toEqual([])
  // Outputs are stored unmasked: none may carry a credential or a line of one.
  for (const [name, value] of Object.entries(result.outputs)) {
    for (const secret of realSecrets) {
      for (const piece of [secret.trim(), ...secret.split(/\r\n|\r|\n/).map((l) => l.trim())].filter((p) => p.length >= 8)) {
        expect({ output: name, leaks: value.includes(piece) }).toEqual({ output: name, leaks: false })
      }
    }
  }

  // Masks first: the first stdout lines are the add-mask lines, and none comes later.
  const lines = result.rawStdout.split('\n')
  const firstOther = lines.findIndex((line) => !line.startsWith('::add-mask::'))
  const leadingMasks = firstOther < 0 ? lines.length : firstOther
  expect(lines.slice(leadingMasks).filter((line) => line.includes('::add-mask::'))).toEqual([])
  const mustMask = [...new Set(maskedFirst.map((s) => s.trim()).filter((s) => s !== ''))]
  if (mustMask.length > 0) expect(lines[0]).toMatch(/^::add-mask::/)
  const registeredFirst = result.secrets.slice(0, leadingMasks)
  for (const secret of mustMask) {
    expect({ maskedBeforeOutput: registeredFirst.includes(secret), fingerprint: fingerprintOf(secret) }).toEqual({
      maskedBeforeOutput: true,
      fingerprint: fingerprintOf(secret),
    })
  }
}

export interface AnnotationTitles {
  error?: string[]
  warning?: string[]
  notice?: string[]
}

/** The annotations' titles by level, exactly (order aside). */
export function titles(result: RunResult): Required<AnnotationTitles> {
  const of = (level: Annotation['level']) =>
    result.annotations
      .filter((a) => a.level === level)
      .map((a) => a.title ?? '(no title)')
      .sort()
  return { error: of('error'), warning: of('warning'), notice: of('notice') }
}

export function expectTitles(result: RunResult, expected: AnnotationTitles): void {
  expect(titles(result)).toEqual({
    error: [...(expected.error ?? [])].sort(),
    warning: [...(expected.warning ?? [])].sort(),
    notice: [...(expected.notice ?? [])].sort(),
  })
}

export function annotationTitled(result: RunResult, title: string): Annotation {
  const found = result.annotations.filter((a) => a.title === title)
  expect(found.map((a) => a.title)).toEqual([title])
  return found[0] as Annotation
}

/** GITHUB_ENV exactly: these names with these values, each written once. */
export function expectExports(result: RunResult, expected: Record<string, string>): void {
  expect(result.exportedEnv).toEqual(expected)
  expect(result.exportedEnvRecords.map((r) => r.name).sort()).toEqual(Object.keys(expected).sort())
}

export interface ConflictEntry {
  name: string
  origin: string
  resolution: 'unset' | 'warned' | 'failed'
}

const sortConflicts = (list: ConflictEntry[]) =>
  [...list].sort((a, b) => `${a.name}\0${a.origin}`.localeCompare(`${b.name}\0${b.origin}`))

export interface ExpectedOutputs {
  kind: Kind
  /** Trimmed intended credential; the fingerprint is computed from it here. */
  credential: string
  conflicts: ConflictEntry[]
  bareCompatible: boolean
}

export function expectOutputs(result: RunResult, expected: ExpectedOutputs): void {
  const { outputs } = result
  expect(outputs['auth-method']).toBe(expected.kind)
  expect(outputs['credential-source']).toBe(`input:${INPUT[expected.kind]}`)
  expect(outputs.fingerprint).toBe(fingerprintOf(expected.credential))
  expect(outputs.fingerprint).toMatch(/^[0-9a-f]{12}$/)
  expect(sortConflicts(JSON.parse(outputs.conflicts ?? 'null') as ConflictEntry[])).toEqual(sortConflicts(expected.conflicts))
  expect(outputs['bare-compatible']).toBe(String(expected.bareCompatible))
}

// ---------------------------------------------------------------------------------------------
// The later step: job env + this step's GITHUB_ENV writes, then the settings `env` blocks on
// top, as the CLI applies them (facts §3: they override the process env, later file wins).

export const AUTH_VARIABLES = [
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR',
  'CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR',
] as const

/**
 * Flags that route every request away from the first-party API, and the bare-mode switch
 * (facts §4, §5). Not CLAUDE_CODE_USE_GATEWAY: the conformance suite measured (2.1.330) that
 * it changes nothing on the wire.
 */
export const ROUTING_FLAGS = [
  'CLAUDE_CODE_USE_BEDROCK',
  'CLAUDE_CODE_USE_VERTEX',
  'CLAUDE_CODE_USE_FOUNDRY',
  'CLAUDE_CODE_USE_ANTHROPIC_AWS',
  'CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD',
  'CLAUDE_CODE_USE_MANTLE',
  'CLAUDE_CODE_SIMPLE',
] as const

/** The CLI's truthiness (facts §5). */
export const isTruthy = (value: string | undefined) => value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase())

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The env `claude` would see in a later step of this scenario. */
export function laterStepEnv(run: ScenarioRun, scenario: Scenario): Record<string, string> {
  const env = envForLaterStep(run.jobEnv, run.result)
  // With CLAUDE_CONFIG_DIR, ~/.claude and ~/.claude.json are not read at all.
  const layers: Place[] = scenario.useConfigDir ? ['configClaudeJson', 'configUser', 'project', 'local'] : ['claudeJson', 'user', 'project', 'local']
  for (const place of layers) {
    const content = scenario.files?.[place]
    if (!isRecord(content) || !isRecord(content.env)) continue
    for (const [name, value] of Object.entries(content.env)) {
      // Measured by the conformance suite (2.1.330): project and local env blocks cannot set these.
      if ((place === 'project' || place === 'local') && (name === 'CLAUDE_CODE_OAUTH_TOKEN' || name === 'CLAUDE_CODE_SIMPLE')) continue
      if (typeof value === 'string') env[name] = value
    }
  }
  return env
}

/** The credential variables that are set (non-empty) and the routing flags that are on. */
export function inPlay(env: Record<string, string | undefined>): Record<string, string> {
  const found: Record<string, string> = {}
  for (const name of AUTH_VARIABLES) if (env[name] !== undefined && env[name] !== '') found[name] = env[name]
  for (const name of ROUTING_FLAGS) if (isTruthy(env[name])) found[name] = env[name] as string
  return found
}

/**
 * The plain success every "alone" case expects: clean log, exit 0, no annotation, only the
 * intended credential exported, no conflicts in the outputs.
 */
export function expectAcceptedAlone(run: ScenarioRun, kind: Kind, credential: string, bareCompatible: boolean): void {
  expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
  expect(run.result.exitCode).toBe(0)
  expectTitles(run.result, {})
  expectExports(run.result, intendedExports(kind, credential))
  expectOutputs(run.result, { kind, credential, conflicts: [], bareCompatible })
}

// ---------------------------------------------------------------------------------------------
// The documented wording of findings (README "Troubleshooting"): written here by hand, so a test
// fails when the action names the wrong reason, source or place.

/**
 * Why a source keeps the intended credential from being sent alone:
 * sent instead of it, sent as well as it, routes every request to a cloud provider,
 * turns on bare mode, or redirects every request to another address.
 */
export type Reason = 'instead' | 'as-well' | 'routes-away' | 'forces-bare' | 'redirects' | 'not-at-all'

export const PROVIDER_NAME: Record<string, string> = {
  CLAUDE_CODE_USE_BEDROCK: 'Amazon Bedrock',
  CLAUDE_CODE_USE_VERTEX: 'Google Vertex AI',
  CLAUDE_CODE_USE_FOUNDRY: 'Microsoft Foundry',
  CLAUDE_CODE_USE_ANTHROPIC_AWS: 'Claude in AWS (Anthropic on AWS)',
  CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD: 'Claude on Google Cloud (Anthropic)',
  CLAUDE_CODE_USE_MANTLE: 'Amazon Bedrock Mantle',
}

/** The annotation title of a conflict that fails or warns. */
export function conflictTitle(name: string, reason: Reason, kind: Kind): string {
  switch (reason) {
    case 'instead':
      return `${name} would be sent instead of ${WORDS[kind]}`
    case 'as-well':
      return `${name} would be sent as well as ${WORDS[kind]}`
    case 'routes-away':
      return `${name} routes to ${PROVIDER_NAME[name]}`
    case 'forces-bare':
      return `${name} turns on bare mode`
    case 'redirects':
      return `${name} redirects requests`
    case 'not-at-all':
      return `${name} leaves ${WORDS[kind]} unsent`
  }
}

/** The phrase the first sentence of a conflict's message must contain. */
export function reasonPhrase(reason: Reason, kind: Kind, name: string): string {
  switch (reason) {
    case 'instead':
      return `would be sent instead of ${WORDS[kind]}`
    case 'as-well':
      return `would be sent as well as ${WORDS[kind]}`
    case 'routes-away':
      return `sends every request to ${PROVIDER_NAME[name]}; ${WORDS[kind]} would not be sent at all`
    case 'forces-bare':
      return `turns on bare mode, which never reads ${WORDS[kind]}: it would not be sent at all`
    case 'redirects':
      return `sends every request, with ${WORDS[kind]}, to another address`
    case 'not-at-all':
      return `${WORDS[kind]} would not be sent at all`
  }
}

/** The notice for a job-env conflict this action set to empty (on-conflict: unset). */
export const clearedTitle = (name: string) => `${name} cleared for later steps`

/** How messages show a file: relative to the repository, `~/…` under HOME, else absolute. */
export function shownPath(place: Place, dirs: Dirs): string {
  switch (place) {
    case 'project':
      return '.claude/settings.json'
    case 'local':
      return '.claude/settings.local.json'
    case 'user':
      return '~/.claude/settings.json'
    case 'claudeJson':
      return '~/.claude.json'
    case 'credentials':
      return '~/.claude/.credentials.json'
    default:
      return placePath(place, dirs)
  }
}

export interface SummaryRow {
  name: string
  where: string
  state: string
  fingerprint: string
  status: string
}

/** The "Credential sources" table of the job summary, cell by cell (HTML and escapes removed). */
export function summaryRows(summary: string): SummaryRow[] {
  const lines = summary.split('\n')
  const start = lines.findIndex((line) => line.startsWith('| Name | Where | State | Fingerprint | Status |'))
  if (start < 0) return []
  const rows: SummaryRow[] = []
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break
    const cells = line
      .slice(1, -1)
      .split(' | ')
      .map((cell) => cell.trim().replace(/<\/?code>/g, '').replace(/\\(.)/g, '$1').replace(/\*\*/g, '').replace(/&#124;/g, '|'))
    rows.push({ name: cells[0] ?? '', where: cells[1] ?? '', state: cells[2] ?? '', fingerprint: cells[3] ?? '', status: cells[4] ?? '' })
  }
  return rows
}
