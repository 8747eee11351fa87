// Finds everything the Claude Code CLI will read in a later step: the
// environment, the settings files in the CLI's order, the credentials file
// and `primaryApiKey`. Reading only; a broken file is a finding, not a crash.

import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { posix, win32 } from 'node:path'
import { displayPath, inside } from '../common/paths.js'
import type { Env } from '../inputs/inputs.js'
import type { AwsSharedFile, CredentialsFile, FileLine, SettingsFile, SettingsLayer } from '../resolve/model.js'
import { readAwsFiles } from './aws-files.js'
import { credentialHeaders } from '../resolve/resolve.js'
import { ENV_CREDENTIALS } from '../resolve/rules.js'
import type { Problem } from '../common/problems.js'
import { jsonKeyLines } from './json-lines.js'
import { unreadableFileProblem } from './messages.js'

export interface ScanLocations {
  home: string
  /** The folder later steps run `claude` in. */
  projectDir: string
  /** The repository root (GITHUB_WORKSPACE): files inside it are named relative to it, and may be tracked by git. */
  repoRoot: string
  /** Platform-specific; a parameter so tests need not write to /etc. */
  managedSettings: string
  /** Whose path rules apply: Windows paths are joined with `path.win32` (the default is this machine's). */
  platform?: NodeJS.Platform
}

export interface Scan {
  env: Env
  settings: SettingsFile[]
  credentialsFile?: CredentialsFile
  primaryApiKey?: { path: string; value: string }
  /** Every file consulted, in the CLI's order, with what was found. */
  files: { path: string; role: string; state: 'absent' | 'read' | 'unreadable' | 'malformed' }[]
  /** Settings files in the repository that git tracks and that hold a credential: the key in them is exposed. */
  exposedFiles: string[]
  /** The AWS shared files, parsed (Bedrock reads a profile's region and credentials there). */
  awsFiles?: AwsSharedFile[]
  /** The file GOOGLE_APPLICATION_CREDENTIALS names, when set: whether it is a JSON object, and its `type`. */
  googleCredentials?: { path: string; state: 'absent' | 'unreadable' | 'malformed' | 'read'; type?: string }
  problems: Problem[]
}

export const MANAGED_SETTINGS_PATH: Partial<Record<NodeJS.Platform, string>> = {
  linux: '/etc/claude-code/managed-settings.json',
  darwin: '/Library/Application Support/ClaudeCode/managed-settings.json',
  win32: 'C:\\Program Files\\ClaudeCode\\managed-settings.json',
}

/** Where Claude Code looks on each platform: on Windows the home is %USERPROFILE% (`C:\\Users\\me\\.claude\\…`). */
export function defaultLocations(env: Env, projectDir: string, repoRoot: string, platform: NodeJS.Platform = process.platform): ScanLocations {
  const home = (platform === 'win32' ? env.USERPROFILE || env.HOME : env.HOME) || homedir()
  return {
    home,
    projectDir,
    repoRoot,
    managedSettings: MANAGED_SETTINGS_PATH[platform] ?? MANAGED_SETTINGS_PATH.linux!,
    ...(platform === process.platform ? {} : { platform }),
  }
}

const pathsOf = (locations: ScanLocations) => ((locations.platform ?? process.platform) === 'win32' ? win32 : posix)

/** The path relative to the repository, when the file is inside it. */
export const inRepository = (path: string, repoRoot: string): string | undefined => inside(path, repoRoot)

/** CLAUDE_CONFIG_DIR replaces ~/.claude wholesale: ~/.claude is then not read at all. */
export function configPaths(env: Env, locations: ScanLocations) {
  const { join } = pathsOf(locations)
  const configDir = env.CLAUDE_CONFIG_DIR?.trim() ? env.CLAUDE_CONFIG_DIR.trim() : undefined
  const userDir = configDir ?? join(locations.home, '.claude')
  return {
    claudeJson: configDir ? join(configDir, '.claude.json') : join(locations.home, '.claude.json'),
    user: join(userDir, 'settings.json'),
    project: join(locations.projectDir, '.claude', 'settings.json'),
    local: join(locations.projectDir, '.claude', 'settings.local.json'),
    managed: locations.managedSettings,
    credentials: join(userDir, '.credentials.json'),
  }
}

type Json = Record<string, unknown>

const ROLE: Record<SettingsLayer | 'credentials', string> = {
  'claude-json': 'global config (.claude.json)',
  user: 'user settings',
  project: 'project settings',
  local: 'project local settings',
  flag: '--settings file',
  managed: 'managed settings',
  credentials: 'OAuth credentials file',
}

export function scan(env: Env, locations: ScanLocations, isTracked: (path: string) => boolean = gitTracks(locations.repoRoot)): Scan {
  const paths = configPaths(env, locations)
  const result: Scan = { env, settings: [], files: [], exposedFiles: [], problems: [] }

  const read = (path: string, role: string): { json: Json; text: string } | undefined => {
    const outcome = readJsonObject(path)
    result.files.push({ path, role, state: outcome.state })
    if (outcome.state === 'malformed' || outcome.state === 'unreadable') {
      const file = inRepository(path, locations.repoRoot)
      result.problems.push(unreadableFileProblem(role, displayPath(path, locations.repoRoot, locations.home), outcome.state, file))
    }
    return outcome.json && outcome.text !== undefined ? { json: outcome.json, text: outcome.text } : undefined
  }

  const layers: [SettingsLayer, string][] = [
    ['claude-json', paths.claudeJson],
    ['user', paths.user],
    ['project', paths.project],
    ['local', paths.local],
    ['managed', paths.managed],
  ]
  for (const [layer, path] of layers) {
    const read_ = read(path, ROLE[layer])
    if (!read_) continue
    const { json, text } = read_
    const file: SettingsFile = { layer, path, env: stringEntries(json.env) }
    if (typeof json.apiKeyHelper === 'string') file.apiKeyHelper = json.apiKeyHelper
    const inRepo = inRepository(path, locations.repoRoot)
    if (inRepo) {
      const lines = jsonKeyLines(text)
      const at = (key: string): FileLine | undefined => (lines.has(key) ? { file: inRepo, line: lines.get(key)! } : undefined)
      file.envAt = Object.fromEntries(Object.keys(file.env).flatMap((name) => (at(`env.${name}`) ? [[name, at(`env.${name}`)!]] : [])))
      if (file.apiKeyHelper !== undefined && at('apiKeyHelper')) file.helperAt = at('apiKeyHelper')
      const holdsCredential = ENV_CREDENTIALS.some((name) => (file.env[name] ?? '').trim() !== '')
      if (holdsCredential && isTracked(path)) result.exposedFiles.push(path)
    }
    result.settings.push(file)
    if (layer === 'claude-json' && typeof json.primaryApiKey === 'string' && json.primaryApiKey !== '') {
      result.primaryApiKey = { path, value: json.primaryApiKey }
    }
  }

  const awsFiles = readAwsFiles(env, locations.home)
  if (awsFiles.length > 0) result.awsFiles = awsFiles
  const google = env.GOOGLE_APPLICATION_CREDENTIALS?.trim()
  if (google) {
    const outcome = readJsonObject(google)
    result.googleCredentials = { path: google, state: outcome.state, ...(typeof outcome.json?.type === 'string' ? { type: outcome.json.type } : {}) }
  }

  const credentials = read(paths.credentials, ROLE.credentials)?.json
  const oauth = credentials?.claudeAiOauth
  if (isObject(oauth) && typeof oauth.accessToken === 'string' && oauth.accessToken !== '') {
    result.credentialsFile = {
      path: paths.credentials,
      accessToken: oauth.accessToken,
      hasInferenceScope: Array.isArray(oauth.scopes) && oauth.scopes.includes('user:inference'),
      expiresAt: typeof oauth.expiresAt === 'number' ? oauth.expiresAt : undefined,
      hasRefreshToken: typeof oauth.refreshToken === 'string' && oauth.refreshToken !== '',
      ...(typeof oauth.refreshToken === 'string' && oauth.refreshToken !== '' ? { refreshToken: oauth.refreshToken } : {}),
    }
  }
  return result
}

/**
 * Whether git tracks a file: asked only when a settings file in the
 * repository holds a credential, so the usual run never starts git.
 */
export function gitTracks(repoRoot: string): (path: string) => boolean {
  return (path) => {
    // Loaded here, not at start-up: child_process costs start-up time on every run.
    const { spawnSync } = process.getBuiltinModule('node:child_process')
    const result = spawnSync('git', ['-C', repoRoot, 'ls-files', '--error-unmatch', '--', path], { stdio: 'ignore', timeout: 5000 })
    return result.status === 0
  }
}

function readJsonObject(path: string): { state: 'absent' | 'read' | 'unreadable' | 'malformed'; json?: Json; text?: string } {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return { state: code === 'ENOENT' || code === 'ENOTDIR' ? 'absent' : 'unreadable' }
  }
  try {
    // The parser's own message quotes file content, which may be a secret: never surface it.
    // The CLI accepts a UTF-8 byte order mark (measured); JSON.parse does not.
    const json: unknown = JSON.parse(text.replace(/^\uFEFF/, ''))
    return isObject(json) ? { state: 'read', json, text } : { state: 'malformed' }
  } catch {
    return { state: 'malformed' }
  }
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The CLI passes env values through as strings; numbers and booleans are stringified. */
function stringEntries(value: unknown): Record<string, string> {
  if (!isObject(value)) return {}
  const entries: Record<string, string> = {}
  for (const [name, entry] of Object.entries(value)) {
    if (typeof entry === 'string') entries[name] = entry
    else if (typeof entry === 'number' || typeof entry === 'boolean') entries[name] = String(entry)
  }
  return entries
}

/** Variables whose values are credentials, wherever they are found. */
const SECRET_VARIABLES = [
  'ANTHROPIC_AUTH_TOKEN',
  'ANTHROPIC_API_KEY',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'AWS_BEARER_TOKEN_BEDROCK',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'ANTHROPIC_FOUNDRY_API_KEY',
  'ANTHROPIC_FOUNDRY_AUTH_TOKEN',
  'AZURE_CLIENT_SECRET',
  'ANTHROPIC_AWS_API_KEY',
]

/** Credentials found on the machine: masked too, although only fingerprints are ever printed. */
export function secretsFound(found: Scan): string[] {
  const values: string[] = []
  const collect = (env: Record<string, string | undefined>) => {
    for (const name of SECRET_VARIABLES) if (env[name]) values.push(env[name]!)
    if (env.ANTHROPIC_CUSTOM_HEADERS) values.push(...credentialHeaders(env.ANTHROPIC_CUSTOM_HEADERS))
  }
  collect(found.env)
  for (const file of found.settings) collect(file.env)
  if (found.credentialsFile) values.push(found.credentialsFile.accessToken, ...(found.credentialsFile.refreshToken ? [found.credentialsFile.refreshToken] : []))
  if (found.primaryApiKey) values.push(found.primaryApiKey.value)
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) {
    const password = proxyPassword(found.env[name])
    if (password) values.push(password)
  }
  return values
}

function proxyPassword(url: string | undefined): string | undefined {
  try {
    return url ? decodeURIComponent(new URL(url).password) || undefined : undefined
  } catch {
    return undefined
  }
}

/**
 * A settings file given to the action (`settings-file`: the file later steps
 * pass with `claude --settings`), read as the CLI reads it, as the `flag`
 * layer; undefined when it cannot be read (reported by the caller).
 */
export function flagSettingsFile(path: string, locations: ScanLocations): { file?: SettingsFile; state: 'absent' | 'read' | 'unreadable' | 'malformed' } {
  const outcome = readJsonObject(path)
  if (outcome.state !== 'read' || !outcome.json || outcome.text === undefined) return { state: outcome.state }
  const file: SettingsFile = { layer: 'flag', path, env: stringEntries(outcome.json.env) }
  if (typeof outcome.json.apiKeyHelper === 'string') file.apiKeyHelper = outcome.json.apiKeyHelper
  const inRepo = inRepository(path, locations.repoRoot)
  if (inRepo) {
    const lines = jsonKeyLines(outcome.text)
    file.envAt = Object.fromEntries(Object.keys(file.env).flatMap((name) => (lines.has(`env.${name}`) ? [[name, { file: inRepo, line: lines.get(`env.${name}`)! }]] : [])))
    if (file.apiKeyHelper !== undefined && lines.has('apiKeyHelper')) file.helperAt = { file: inRepo, line: lines.get('apiKeyHelper')! }
  }
  return { file, state: 'read' }
}
