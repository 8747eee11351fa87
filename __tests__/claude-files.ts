// Where Claude Code keeps the files the tests plant (facts §3), by role, for
// the process tests, the doctor tests and the fuzzer alike. `config*` live
// under CLAUDE_CONFIG_DIR. Written out here, not taken from src/, so the
// tests do not inherit a path the product gets wrong.

import { createHash } from 'node:crypto'
import { join } from 'node:path'

export type Place = 'project' | 'local' | 'user' | 'claudeJson' | 'credentials' | 'configUser' | 'configClaudeJson' | 'configCredentials'

export interface ClaudeDirs {
  home: string
  /** The folder `claude` runs in (the workspace, or `working-directory`). */
  project: string
  /** CLAUDE_CONFIG_DIR, for the `config*` places. */
  configDir?: string
}

export function claudeFilePath(place: Place, dirs: ClaudeDirs): string {
  const configDir = () => {
    if (!dirs.configDir) throw new Error(`${place} needs a CLAUDE_CONFIG_DIR`)
    return dirs.configDir
  }
  switch (place) {
    case 'project':
      return join(dirs.project, '.claude', 'settings.json')
    case 'local':
      return join(dirs.project, '.claude', 'settings.local.json')
    case 'user':
      return join(dirs.home, '.claude', 'settings.json')
    case 'claudeJson':
      return join(dirs.home, '.claude.json')
    case 'credentials':
      return join(dirs.home, '.claude', '.credentials.json')
    case 'configUser':
      return join(configDir(), 'settings.json')
    case 'configClaudeJson':
      return join(configDir(), '.claude.json')
    case 'configCredentials':
      return join(configDir(), '.credentials.json')
  }
}

/** The action's fingerprint of a credential, computed here with node:crypto (the product uses its own SHA-256). */
export function fingerprintOf(credential: string): string {
  return createHash('sha256').update(credential, 'utf8').digest('hex').slice(0, 12)
}
