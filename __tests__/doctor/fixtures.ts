/**
 * Runs the BUILT doctor (a private copy of dist/cli.js, see ../process/dist-snapshot.ts) on
 * a fixture home and project, with a clean environment: nothing of the test machine's
 * environment, HOME or managed settings reaches it.
 *
 * Expected values are written by hand in the tests (from the facts page and the documented
 * wording), and fingerprints computed here with node:crypto, never by calling src/.
 */

import { afterAll, beforeAll, expect } from '@jest/globals'
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

import { claudeFilePath, fingerprintOf, type Place } from '../claude-files.js'
import { MACHINE_MANAGED_SETTINGS, managedSettingsIn, snapshotDist } from '../process/dist-snapshot.js'

let snapshot: string | undefined
/** TEST_CLI_ENTRY runs another build instead (a deliberately broken copy, to prove a test catches the break). */
const override = process.env.TEST_CLI_ENTRY

beforeAll(async () => {
  if (override) return
  snapshot = await snapshotDist()
  const cli = await readFile(join(snapshot, 'cli.js'), 'utf8')
  // The doctor in this copy must read the copy's managed settings, never the machine's.
  expect({ redirected: cli.includes(managedSettingsIn(snapshot)), machine: cli.includes(MACHINE_MANAGED_SETTINGS) }).toEqual({ redirected: true, machine: false })
})

afterAll(async () => {
  if (snapshot) await rm(snapshot, { recursive: true, force: true })
})

export function cliPath(): string {
  if (override) return override
  if (!snapshot) throw new Error('cliPath() is only known inside a test (after beforeAll)')
  return join(snapshot, 'cli.js')
}

/** The managed settings file the doctor under test reads; one per test file, so tests that plant it run one at a time. */
export function managedPath(): string {
  if (!snapshot) throw new Error('managedPath() is only known inside a test (after beforeAll)')
  return managedSettingsIn(snapshot)
}

/**
 * The doctor as it runs on another platform: a copy of the snapshot's cli.js (next to its
 * chunks) whose entry point passes that platform instead of process.platform. Only the
 * platform the doctor is told changes; the machine's paths are still this one's.
 */
export async function platformCli(platform: NodeJS.Platform): Promise<string> {
  const source = await readFile(cliPath(), 'utf8')
  const entry = 'platform:process.platform'
  expect(source.split(entry).length - 1).toBe(1)
  const path = join(dirname(cliPath()), `cli-${platform}.js`)
  await writeFile(path, source.replace(entry, `platform:${JSON.stringify(platform)}`))
  return path
}

// ---------------------------------------------------------------------------------------------
// Fake credentials: well formed (prefix + 95 characters) and distinct per label.

export function fakeToken(prefix: string, label: string, length = 95): string {
  let body = ''
  for (let i = 0; body.length < length; i++) body += createHash('sha256').update(`${prefix}|${label}|${i}`).digest('base64url')
  return prefix + body.slice(0, length)
}
export const oauthToken = (label: string) => fakeToken('sk-ant-oat01-', label)
export const apiKey = (label: string) => fakeToken('sk-ant-api03-', label)
export const gatewayToken = (label: string) => fakeToken('gw-', label)

/** First 12 hex digits of the SHA-256 of the value, as the tool documents its fingerprints. */
export { fingerprintOf }

/** A `/login` credentials file as Claude Code writes it (facts §3). */
export function loginFile(accessToken: string, scopes = ['user:inference', 'user:profile']): unknown {
  return { claudeAiOauth: { accessToken, refreshToken: fakeToken('sk-ant-ort01-', accessToken), expiresAt: 4102444800000, scopes } }
}

// ---------------------------------------------------------------------------------------------
// Scenario: a temp home, project and CLAUDE_CONFIG_DIR folder.

export type { Place }

export const placePath = (place: Place, dirs: Dirs): string => claudeFilePath(place, dirs)

export interface Dirs {
  root: string
  home: string
  project: string
  configDir: string
}


export interface DoctorScenario {
  args?: string[]
  env?: Record<string, string>
  /** Files the CLI reads: a string is written verbatim (broken JSON), anything else as JSON. */
  files?: Partial<Record<Place, unknown>>
  /** Other files in home, e.g. a shell profile: `{ '.zshrc': '…' }`. */
  homeFiles?: Record<string, string>
  /** Managed settings, written to this test file's own managed path (removed afterwards). */
  managed?: unknown
  /** Sets CLAUDE_CONFIG_DIR to a fresh folder. */
  useConfigDir?: boolean
  /** Another build of the doctor to run (e.g. platformCli('darwin')). */
  entry?: string
}

export interface DoctorRun {
  exitCode: number | null
  stdout: string
  stderr: string
  /** The first line of stdout: the verdict. */
  first: string
  dirs: Dirs
  path(place: Place): string
}

export async function runDoctor(scenario: DoctorScenario): Promise<DoctorRun> {
  const root = await mkdtemp(join(tmpdir(), 'claude-auth-doctor-'))
  const dirs: Dirs = { root, home: join(root, 'home'), project: join(root, 'project'), configDir: join(root, 'config') }
  try {
    for (const dir of [dirs.home, dirs.project, dirs.configDir]) await mkdir(dir, { recursive: true })
    for (const [place, content] of Object.entries(scenario.files ?? {}) as [Place, unknown][]) await plant(placePath(place, dirs), content)
    for (const [name, text] of Object.entries(scenario.homeFiles ?? {})) await plant(join(dirs.home, name), text)
    if (scenario.managed !== undefined) await plant(managedPath(), scenario.managed)
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dirs.home, ...(scenario.env ?? {}) }
    if (scenario.useConfigDir) env.CLAUDE_CONFIG_DIR = dirs.configDir
    const result = await spawnCli(scenario.args ?? [], env, dirs.project, scenario.entry)
    return { ...result, first: result.stdout.split('\n')[0] ?? '', dirs, path: (place) => placePath(place, dirs) }
  } finally {
    if (scenario.managed !== undefined) await rm(managedPath(), { force: true })
    await rm(root, { recursive: true, force: true })
  }
}

export function spawnCli(args: string[], env: Record<string, string>, cwd: string, entry = cliPath()): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }))
  })
}

async function plant(path: string, content: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
}

/** No secret, nor its body after the prefix, readable anywhere in what the tool printed; no stack trace. */
export function expectNoSecrets(run: { stdout: string; stderr: string }, secrets: string[]): void {
  const printed = run.stdout + run.stderr
  for (const secret of secrets) {
    const body = secret.replace(/^sk-ant-[a-z]+\d\d-|^gw-/, '')
    expect({ secret: fingerprintOf(secret), leaks: printed.includes(secret) || printed.includes(body.slice(0, 24)) }).toEqual({ secret: fingerprintOf(secret), leaks: false })
  }
  expect(printed).not.toMatch(/\n\s+at .+:\d+:\d+/)
}

/** The `--json` output, parsed. */
export function json(run: DoctorRun): DoctorJson {
  return JSON.parse(run.stdout) as DoctorJson
}

/** The documented schema (docs/doctor.md), written out by hand: the tests read the output through it. */
export interface DoctorJson {
  version: number
  tool: { name: string; version: string }
  ok: boolean
  exitCode: number
  checked: { project: string; home: string; configDir: string | null; managedSettings: string; host: string; expect: string | null; bare: boolean; bareFrom: string | null }
  baseUrl: { value: string; where: JsonWhere | null }
  sends: JsonWire
  sendsInOtherMode: JsonWire
  sources: { name: string; where: JsonWhere; state: string; fingerprint: string | null; status: string; note: string | null }[]
  problems: { rule: string; severity: string; title: string; cause: string; where: string; fix: string }[]
  files: { path: string; role: string; state: string }[]
  liveCheck: null | { credential: string; verdict: string; side: string; httpStatus: number | null; latencyMs: number; attempts: number; endpoint: string; route: string; title: string }
}
export interface JsonWire {
  bare: boolean
  /** anthropic-api, amazon-bedrock, google-vertex-ai, microsoft-foundry, claude-in-aws, claude-on-google-cloud, amazon-bedrock-mantle */
  route: string
  to: string
  sent: { name: string; headers: string[]; scheme: string | null; fingerprint: string | null; sometimes: boolean; where: JsonWhere }[]
  stopsWith: string | null
  expectMet: boolean | null
}
export type JsonWhere = { kind: string; path?: string; layer?: string; line?: number | null; key?: string; setIn?: { path: string; line: number; sameValue: boolean | null }[] }
