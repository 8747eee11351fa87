// Finds everything the Claude Code CLI will read in a later step: the
// environment, the settings files in the CLI's order, the credentials file
// and `primaryApiKey`. Reading only; a broken file is a finding, not a crash.

import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { Env } from '../inputs/inputs.js'
import type { CredentialsFile, SettingsFile, SettingsLayer } from '../resolve/model.js'
import { credentialHeaders } from '../resolve/resolve.js'
import { problem, type Problem } from '../common/problems.js'

export interface ScanLocations {
  home: string
  /** The folder later steps run `claude` in. */
  projectDir: string
  /** Platform-specific; a parameter so tests need not write to /etc. */
  managedSettings: string
}

export interface Scan {
  env: Env
  settings: SettingsFile[]
  credentialsFile?: CredentialsFile
  primaryApiKey?: { path: string; value: string }
  /** Every file consulted, in the CLI's order, with what was found. */
  files: { path: string; role: string; state: 'absent' | 'read' | 'unreadable' | 'malformed' }[]
  problems: Problem[]
}

export const MANAGED_SETTINGS_PATH: Partial<Record<NodeJS.Platform, string>> = {
  linux: '/etc/claude-code/managed-settings.json',
  darwin: '/Library/Application Support/ClaudeCode/managed-settings.json',
  win32: 'C:\\Program Files\\ClaudeCode\\managed-settings.json',
}

export function defaultLocations(env: Env, projectDir: string): ScanLocations {
  return {
    home: env.HOME || homedir(),
    projectDir,
    managedSettings: MANAGED_SETTINGS_PATH[process.platform] ?? MANAGED_SETTINGS_PATH.linux!,
  }
}

/** CLAUDE_CONFIG_DIR replaces ~/.claude wholesale: ~/.claude is then not read at all. */
export function configPaths(env: Env, locations: ScanLocations) {
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

export function scan(env: Env, locations: ScanLocations): Scan {
  const paths = configPaths(env, locations)
  const result: Scan = { env, settings: [], files: [], problems: [] }

  const read = (path: string, role: string): Json | undefined => {
    const outcome = readJsonObject(path)
    result.files.push({ path, role, state: outcome.state })
    if (outcome.state === 'malformed' || outcome.state === 'unreadable') {
      result.problems.push(
        problem(
          'warning',
          `${role === ROLE.credentials ? 'Credentials' : 'Settings'} file ${outcome.state === 'malformed' ? 'is not valid JSON' : 'cannot be read'}`,
          `The ${role} file ${outcome.state === 'malformed' ? 'is not a valid JSON object' : 'exists but cannot be read'}; Claude Code ignores it, so nothing in it (env, apiKeyHelper) takes effect, and this action could not check it.`,
          path,
          'fix or delete the file',
        ),
      )
    }
    return outcome.json
  }

  const layers: [SettingsLayer, string][] = [
    ['claude-json', paths.claudeJson],
    ['user', paths.user],
    ['project', paths.project],
    ['local', paths.local],
    ['managed', paths.managed],
  ]
  for (const [layer, path] of layers) {
    const json = read(path, ROLE[layer])
    if (!json) continue
    const file: SettingsFile = { layer, path, env: stringEntries(json.env) }
    if (typeof json.apiKeyHelper === 'string') file.apiKeyHelper = json.apiKeyHelper
    result.settings.push(file)
    if (layer === 'claude-json' && typeof json.primaryApiKey === 'string' && json.primaryApiKey !== '') {
      result.primaryApiKey = { path, value: json.primaryApiKey }
    }
  }

  const credentials = read(paths.credentials, ROLE.credentials)
  const oauth = credentials?.claudeAiOauth
  if (isObject(oauth) && typeof oauth.accessToken === 'string' && oauth.accessToken !== '') {
    result.credentialsFile = {
      path: paths.credentials,
      accessToken: oauth.accessToken,
      hasInferenceScope: Array.isArray(oauth.scopes) && oauth.scopes.includes('user:inference'),
      expiresAt: typeof oauth.expiresAt === 'number' ? oauth.expiresAt : undefined,
    }
  }
  return result
}

function readJsonObject(path: string): { state: 'absent' | 'read' | 'unreadable' | 'malformed'; json?: Json } {
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
    return isObject(json) ? { state: 'read', json } : { state: 'malformed' }
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
  if (found.credentialsFile) values.push(found.credentialsFile.accessToken)
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
