// What the post step removes at the end of the job. With federation done by
// this action, later CLIs use the exported token and write no token cache;
// a CLI that does exchange itself (ANTHROPIC_FEDERATION_* set by the user)
// caches the exchanged token on disk (2.1.330: under ~/.config/anthropic/
// credentials/), a live credential a self-hosted runner would keep. The post
// step removes every cache file that appeared during the job, and only those.

import { readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

export interface Cleanup {
  /** Folders whose new files are removed at the end of the job. */
  caches: { dir: string; before: string[] }[]
}

function listFiles(dir: string): string[] {
  const found: string[] = []
  const walk = (folder: string) => {
    let entries: string[]
    try {
      entries = readdirSync(folder)
    } catch {
      return
    }
    for (const entry of entries) {
      const path = join(folder, entry)
      try {
        if (statSync(path).isDirectory()) walk(path)
        else found.push(path)
      } catch {
        // gone meanwhile
      }
    }
  }
  walk(dir)
  return found
}

/** The federation token caches Claude Code writes: the env-only cache and a profile directory's. */
export function federationCleanup(env: Record<string, string | undefined>, home: string): Cleanup {
  const dirs = [join(home, '.config', 'anthropic', 'credentials')]
  const configDir = env.ANTHROPIC_CONFIG_DIR?.trim()
  if (configDir) dirs.push(join(configDir, 'credentials'))
  return { caches: dirs.map((dir) => ({ dir, before: listFiles(dir) })) }
}

/** Removes what appeared since; returns the removed paths. */
export function runCleanup(cleanup: Cleanup): string[] {
  const removed: string[] = []
  for (const { dir, before } of cleanup.caches) {
    for (const file of listFiles(dir)) {
      if (before.includes(file)) continue
      try {
        rmSync(file, { force: true })
        removed.push(file)
      } catch {
        // not ours to insist on
      }
    }
  }
  return removed
}
