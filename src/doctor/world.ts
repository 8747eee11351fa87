// The doctor's front end, reading side: the setup from the command line
// (`--expect`, `--bare`) and the world from the shell (its environment, HOME,
// CLAUDE_CONFIG_DIR, every file Claude Code reads, the macOS Keychain's
// presence). judge.ts judges them on the engine's rules; text.ts and json.ts
// render.

import { readFileSync } from 'node:fs'
import { displayPath as shownPath, keychainPlace } from '../common/paths.js'
import type { Env } from '../inputs/inputs.js'
import { isReadVariable } from '../resolve/rules.js'
import { jsonKeyLines } from '../scan/json-lines.js'
import { defaultLocations, scan, type Scan, type ScanLocations } from '../scan/scan.js'
import type { DoctorArgs } from './args.js'
import { detectHost, environmentWords, profileFiles, whereSet } from './environment.js'
import type { JudgeOptions } from './judge.js'
import { keychainLogin, lookUpKeychain, type KeychainLookup } from './keychain.js'
import type { DoctorPlaces } from './messages.js'

export interface DoctorWorld {
  locations: ScanLocations
  found: Scan
  places: DoctorPlaces
  host: ReturnType<typeof detectHost>
  keychain?: KeychainLookup
}

/** Variables whose place of definition is worth finding in a shell profile: every one the resolver reads that is set. */
const traced = (env: Env): string[] => [...Object.keys(env).filter(isReadVariable), 'CLAUDE_CONFIG_DIR']

/** What the command line intends: `--expect` and `--bare`. */
export const doctorSetup = (args: Pick<DoctorArgs, 'expect' | 'bare'>, keychain?: KeychainLookup): JudgeOptions => ({
  expect: args.expect,
  bare: args.bare,
  keychain: keychain?.state === 'unknown',
})

/** The world `claude` finds when started here. `locations` replaces the default places (tests). */
export function doctorWorld(env: Env, project: string, platform: NodeJS.Platform, locations?: ScanLocations): DoctorWorld {
  const where = locations ?? defaultLocations(env, project, project, platform)
  const { home } = where
  const found = scan(env, where)
  const show = (path: string) => shownPath(path, project, home)
  addKeyLines(found, show)
  const host = detectHost(env)
  const setIn = whereSet(env, traced(env), profileFiles(home, project, env), readText)
  const environment = { host, setIn, show }
  const places: DoctorPlaces = { repoRoot: project, home, declared: () => undefined, environment: environmentWords(environment), env: environment }
  // macOS: a /login lives in the Keychain; its presence is asked for (never its value), and stands in for the credentials file.
  const keychain = platform === 'darwin' ? lookUpKeychain(env) : undefined
  if (keychain) {
    found.files.push({ path: keychainPlace(keychain.service), role: 'login (Keychain item)', state: keychain.state === 'present' ? 'read' : keychain.state === 'absent' ? 'absent' : 'unreadable' })
    if (keychain.state === 'present' && !found.credentialsFile) found.credentialsFile = keychainLogin(keychain.service)
  }
  return { locations: where, found, places, host, ...(keychain ? { keychain } : {}) }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

/**
 * The scan gives line numbers for files inside the project only (the
 * action's annotations point into the repository); the doctor names the line
 * in a user's own settings file too.
 */
function addKeyLines(found: Scan, show: (path: string) => string): void {
  for (const file of found.settings) {
    if (file.envAt || (Object.keys(file.env).length === 0 && file.apiKeyHelper === undefined)) continue
    const text = readText(file.path)
    if (text === undefined) continue
    const lines = jsonKeyLines(text)
    const at = (key: string) => (lines.has(key) ? { file: show(file.path), line: lines.get(key)! } : undefined)
    file.envAt = Object.fromEntries(Object.keys(file.env).flatMap((name) => (at(`env.${name}`) ? [[name, at(`env.${name}`)!]] : [])))
    if (file.apiKeyHelper !== undefined && at('apiKeyHelper')) file.helperAt = at('apiKeyHelper')
  }
}
