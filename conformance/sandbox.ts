// Turns a case into files on disk (a fresh HOME and project folder), the
// environment and argv of the CLI run, and the CliWorld the resolver sees.

import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AwsSharedFile, CliWorld, SettingsFile, SettingsLayer } from '../src/resolve/model.js'
import type { AwsProfiles, ConformanceCase, FdVariable, HelperSpec, SettingsSpec } from './case-model.js'
import { mockTls } from './mock-tls.js'
import { V } from './values.js'

export const MANAGED_SETTINGS_PATH = '/etc/claude-code/managed-settings.json'

/** Variables every run gets: no telemetry, no updater, and no way out to the internet. */
export function sandboxEnv(mockUrl: string, home: string, tmp: string): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    TMPDIR: tmp,
    ANTHROPIC_BASE_URL: mockUrl,
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_BUG_COMMAND: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    // Anything not aimed at the mock goes through it as a proxy, where it is
    // recorded and refused, so a run can never reach the network.
    HTTPS_PROXY: mockUrl,
    HTTP_PROXY: mockUrl,
    NO_PROXY: '127.0.0.1,localhost',
  }
}

/** Provider endpoints on the mock, so a routed request shows up under a recognisable path prefix. */
export function providerEnv(mockUrl: string): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    CLOUD_ML_REGION: 'us-east5',
    ANTHROPIC_VERTEX_PROJECT_ID: 'conformance',
    ANTHROPIC_BEDROCK_BASE_URL: `${mockUrl}/provider-bedrock`,
    ANTHROPIC_VERTEX_BASE_URL: `${mockUrl}/provider-vertex`,
    ANTHROPIC_FOUNDRY_BASE_URL: `${mockUrl}/provider-foundry`,
    ANTHROPIC_BEDROCK_MANTLE_BASE_URL: `${mockUrl}/provider-mantle`,
    ANTHROPIC_AWS_BASE_URL: `${mockUrl}/provider-anthropic-aws`,
    ANTHROPIC_GOOGLE_CLOUD_BASE_URL: `${mockUrl}/provider-anthropic-google-cloud`,
    CLAUDE_CODE_SKIP_BEDROCK_AUTH: '1',
    CLAUDE_CODE_SKIP_VERTEX_AUTH: '1',
    CLAUDE_CODE_SKIP_FOUNDRY_AUTH: '1',
    CLAUDE_CODE_SKIP_MANTLE_AUTH: '1',
    CLAUDE_CODE_SKIP_ANTHROPIC_AWS_AUTH: '1',
    CLAUDE_CODE_SKIP_ANTHROPIC_GOOGLE_CLOUD_AUTH: '1',
  }
}

export const FD_NUMBERS: Record<FdVariable, number> = {
  CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR: 3,
  CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR: 4,
}

export interface Sandbox {
  root: string
  home: string
  project: string
  /** The folder the CLI reads user-level files from (CLAUDE_CONFIG_DIR or ~/.claude). */
  configDir: string
  claudeJsonPath: string
  /** The step's own environment, before the action runs: the job env the action sees. */
  jobEnv: Record<string, string>
  /** Extra CLI arguments (`--bare`, `--settings`). */
  args: string[]
  /** Contents of fds 3 and 4, for the FD variables. */
  fds: Partial<Record<FdVariable, string>>
  /** Settings files as the CLI will read them, lowest layer first. */
  settings: SettingsFile[]
  usesManagedSettings: boolean
  /**
   * Called before every CLI run in this sandbox: the first call keeps the
   * files as they are, every later one puts them back so. A CLI run rewrites
   * ~/.claude.json (first start, migrations, user id) and adds backups and
   * plugin files, and a /login refresh rewrites .credentials.json: without
   * this, a second run here (another CLI version judging the same world) saw
   * another world than a run of the same world made in a fresh sandbox, and
   * which of the two it was depended on which case had run that world first.
   */
  reset(): void
  cleanup(): void
}

const writeJson = (file: string, data: unknown): void => {
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(data, null, 2))
}

function helperCommand(spec: HelperSpec, layer: SettingsLayer, helpersDir: string): string {
  if ('command' in spec) return spec.command
  mkdirSync(helpersDir, { recursive: true })
  const script = path.join(helpersDir, `${layer}.sh`)
  const body = 'fails' in spec ? 'echo "helper failed on purpose" >&2\nexit 1\n' : `printf '%s\\n' '${spec.prints.replace(/'/g, `'\\''`)}'\n`
  writeFileSync(script, `#!/bin/sh\n${body}`)
  chmodSync(script, 0o755)
  return script
}

/** What a helper's output looks like on the wire: trimmed, nothing when it fails. */
export function helperWireValue(spec: HelperSpec | undefined): string | undefined {
  if (!spec) return undefined
  if ('prints' in spec) return spec.prints.trim()
  return ''
}

function settingsContent(spec: SettingsSpec, layer: SettingsLayer, helpersDir: string): { env?: Record<string, string>; apiKeyHelper?: string } {
  const content: { env?: Record<string, string>; apiKeyHelper?: string } = {}
  if (spec.env) content.env = spec.env
  if (spec.apiKeyHelper) content.apiKeyHelper = helperCommand(spec.apiKeyHelper, layer, helpersDir)
  return content
}

export function createSandbox(testCase: ConformanceCase, mockUrl: string, parent = os.tmpdir()): Sandbox {
  const root = mkdtempSync(path.join(parent, 'cc-conformance-'))
  // Where reset() keeps the files as the first CLI run found them.
  const pristine = `${root}.pristine`
  const home = path.join(root, 'home')
  const project = path.join(root, 'project')
  const tmp = path.join(root, 'tmp')
  const helpersDir = path.join(root, 'helpers')
  for (const dir of [home, project, tmp]) mkdirSync(dir, { recursive: true })

  const configDir = testCase.configDir ? path.join(root, 'config') : path.join(home, '.claude')
  mkdirSync(configDir, { recursive: true })
  const claudeJsonPath = testCase.configDir ? path.join(configDir, '.claude.json') : path.join(home, '.claude.json')
  const layerPath: Record<SettingsLayer, string> = {
    'claude-json': claudeJsonPath,
    user: path.join(configDir, 'settings.json'),
    project: path.join(project, '.claude', 'settings.json'),
    local: path.join(project, '.claude', 'settings.local.json'),
    flag: path.join(root, 'flag-settings.json'),
    managed: MANAGED_SETTINGS_PATH,
  }

  const place = (value: string) => value.replaceAll('{mock}', mockUrl).replaceAll('{root}', root)
  const jobEnv: Record<string, string> = { ...sandboxEnv(mockUrl, home, tmp) }
  if (testCase.providerEndpoints) Object.assign(jobEnv, providerEnv(mockUrl))
  if (testCase.configDir) jobEnv.CLAUDE_CONFIG_DIR = configDir
  for (const [name, value] of Object.entries(testCase.env ?? {})) jobEnv[name] = place(value)
  if (testCase.mockTls) {
    const tls = mockTls()
    if (!tls) throw new Error(`case ${testCase.id} needs the mock's https side, but openssl could not make its certificate`)
    jobEnv.NODE_EXTRA_CA_CERTS = tls.certFile
  }
  for (const [relative, content] of Object.entries(testCase.files ?? {})) {
    const file = path.join(root, relative)
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, place(content), { mode: relative.endsWith('.sh') ? 0o755 : 0o600 })
  }
  for (const file of awsSharedFiles(testCase, home)) {
    mkdirSync(path.dirname(file.path), { recursive: true })
    writeFileSync(file.path, place(iniText(file)), { mode: 0o600 })
  }
  for (const name of Object.keys(testCase.fd ?? {}) as FdVariable[]) jobEnv[name] = String(FD_NUMBERS[name])

  const settings: SettingsFile[] = []
  const claudeJson: Record<string, unknown> = {}
  for (const [layer, spec] of Object.entries(testCase.settings ?? {}) as [SettingsLayer, SettingsSpec][]) {
    const content = settingsContent(spec, layer, helpersDir)
    // Managed settings are machine-wide: writeManagedSettings puts them in place only while their case runs.
    if (layer === 'claude-json') Object.assign(claudeJson, content)
    else if (layer !== 'managed') writeJson(layerPath[layer], content)
    const file: SettingsFile = { layer, path: layerPath[layer], env: content.env ?? {} }
    if (content.apiKeyHelper !== undefined) file.apiKeyHelper = content.apiKeyHelper
    settings.push(file)
  }
  if (testCase.primaryApiKey !== undefined) claudeJson.primaryApiKey = testCase.primaryApiKey
  if (Object.keys(claudeJson).length > 0) writeJson(claudeJsonPath, claudeJson)

  if (testCase.credentialsFile) {
    const { accessToken, scopes = ['user:inference', 'user:profile'], expiresAt = Date.now() + 365 * 24 * 3600 * 1000, refreshToken = 'sk-ant-ort01-conformance-refresh-token' } = testCase.credentialsFile
    writeJson(path.join(configDir, '.credentials.json'), {
      claudeAiOauth: { accessToken, ...(refreshToken !== null ? { refreshToken } : {}), expiresAt, scopes },
    })
  }

  if (testCase.configDir && testCase.decoyHome) {
    writeJson(path.join(home, '.claude', 'settings.json'), { env: { ANTHROPIC_API_KEY: V.apiKey('decoy') } })
    writeJson(path.join(home, '.claude', '.credentials.json'), {
      claudeAiOauth: { accessToken: V.credentialsFile('decoy'), refreshToken: 'sk-ant-ort01-decoy', expiresAt: Date.now() + 3600_000, scopes: ['user:inference'] },
    })
    writeJson(path.join(home, '.claude.json'), { primaryApiKey: V.primaryApiKey('decoy'), env: { ANTHROPIC_AUTH_TOKEN: V.authToken('decoy') } })
  }

  const args: string[] = []
  if (testCase.bare) args.push('--bare')
  if (testCase.settings?.flag) args.push('--settings', layerPath.flag)

  const usesManagedSettings = testCase.settings?.managed !== undefined
  return {
    root,
    home,
    project,
    configDir,
    claudeJsonPath,
    jobEnv,
    args,
    fds: { ...testCase.fd },
    settings,
    usesManagedSettings,
    reset: () => {
      if (!existsSync(pristine)) return cpSync(root, pristine, { recursive: true })
      for (const entry of readdirSync(root)) rmSync(path.join(root, entry), { recursive: true, force: true })
      cpSync(pristine, root, { recursive: true })
    },
    cleanup: () => {
      rmSync(root, { recursive: true, force: true })
      rmSync(pristine, { recursive: true, force: true })
      if (usesManagedSettings) removeManagedSettings()
    },
  }
}

/**
 * Managed settings are machine-wide: written only for the case that needs
 * them, removed right after. The file is created exclusively: false (and
 * nothing written) when another run on this machine holds it; machine.ts
 * waits and tries again.
 */
export function writeManagedSettings(sandbox: Sandbox): boolean {
  const file = sandbox.settings.find((s) => s.layer === 'managed')
  if (!file) return true
  if (ownsManagedSettings) throw new Error(`${MANAGED_SETTINGS_PATH} is already held by this run`)
  const content: Record<string, unknown> = { env: file.env }
  if (file.apiKeyHelper !== undefined) content.apiKeyHelper = file.apiKeyHelper
  const dir = path.dirname(MANAGED_SETTINGS_PATH)
  const dirExisted = existsSync(dir)
  mkdirSync(dir, { recursive: true })
  try {
    writeFileSync(MANAGED_SETTINGS_PATH, JSON.stringify(content, null, 2), { flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  managedDirCreated = !dirExisted
  ownsManagedSettings = true
  return true
}

let ownsManagedSettings = false

/** This run wrote the managed settings file now in place (a managed case is running). */
export const holdsManagedSettings = (): boolean => ownsManagedSettings

let managedDirCreated = false
export function removeManagedSettings(): void {
  if (!ownsManagedSettings) return
  rmSync(MANAGED_SETTINGS_PATH, { force: true })
  if (managedDirCreated) {
    try {
      rmdirSync(path.dirname(MANAGED_SETTINGS_PATH))
    } catch {
      // Something else was put there meanwhile: leave it.
    }
  }
  ownsManagedSettings = false
  managedDirCreated = false
}
process.on('exit', removeManagedSettings)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    removeManagedSettings()
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15))
  })
}

/**
 * Whether this run may write managed settings at all (root, or a writable
 * /etc/claude-code), decided once per run: both the test file and the suite
 * ask, and a file another run holds for a moment must not change the answer
 * (it used to, leaving the managed cases out of one and in the other). A
 * file held by another run is waited for (machine.ts).
 */
export function canUseManagedSettings(): boolean {
  managedAllowed ??= probeManagedDir()
  return managedAllowed
}
let managedAllowed: boolean | undefined

function probeManagedDir(): boolean {
  const dir = path.dirname(MANAGED_SETTINGS_PATH)
  const existed = existsSync(dir)
  const probe = path.join(dir, `.conformance-probe-${process.pid}`)
  try {
    mkdirSync(dir, { recursive: true })
    writeFileSync(probe, '')
    rmSync(probe)
    return true
  } catch {
    return false
  } finally {
    if (!existed) {
      try {
        rmdirSync(dir)
      } catch {
        // Not created, or someone else's file went in meanwhile.
      }
    }
  }
}

/** The case's AWS shared files where the SDK looks for them (`~/.aws/`), as the resolver sees them. */
export function awsSharedFiles(testCase: ConformanceCase, home: string): AwsSharedFile[] {
  const files: AwsSharedFile[] = []
  const dir = path.join(home, '.aws')
  const add = (kind: AwsSharedFile['kind'], profiles: AwsProfiles | undefined) => {
    if (!profiles) return
    files.push({ kind, path: path.join(dir, kind), profiles })
  }
  add('credentials', testCase.awsFiles?.credentials)
  add('config', testCase.awsFiles?.config)
  return files
}

/** INI as the AWS CLI writes it: in config, every profile but `default` is `[profile name]`. */
function iniText(file: AwsSharedFile): string {
  return Object.entries(file.profiles)
    .map(([profile, keys]) => {
      const section = file.kind === 'config' && profile !== 'default' ? `profile ${profile}` : profile
      return [`[${section}]`, ...Object.entries(keys).map(([key, value]) => `${key} = ${value}`)].join('\n')
    })
    .join('\n\n')
    .concat('\n')
}

/** The world the resolver is asked about: exactly what the CLI run will read. */
export function worldOf(sandbox: Sandbox, testCase: ConformanceCase, env: Record<string, string>, cliVersion: string, whitespaceOnlyIsPresent: boolean): CliWorld {
  const world: CliWorld = { env: { ...env }, settings: sandbox.settings, bare: testCase.bare ?? false, whitespaceOnlyIsPresent, cliVersion }
  if (testCase.credentialsFile) {
    const { accessToken, scopes = ['user:inference', 'user:profile'], expiresAt } = testCase.credentialsFile
    world.credentialsFile = { path: path.join(sandbox.configDir, '.credentials.json'), accessToken, hasInferenceScope: scopes.includes('user:inference') }
    if (expiresAt !== undefined) world.credentialsFile.expiresAt = expiresAt
  }
  if (testCase.primaryApiKey !== undefined) world.primaryApiKey = { path: sandbox.claudeJsonPath, value: testCase.primaryApiKey }
  const awsFiles = awsSharedFiles(testCase, sandbox.home)
  if (awsFiles.length > 0) world.awsFiles = awsFiles
  return world
}
