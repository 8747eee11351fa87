/**
 * A private copy of dist/ for one test file, isolated from the machine: shared by the
 * action's process tests (fixtures.ts) and the doctor's (../doctor/fixtures.ts).
 *
 * Every test file copies dist/ once and runs that copy, so a rebuild meanwhile cannot
 * change the bundle under a running test. The copy reads managed settings from a file of its
 * own instead of /etc/claude-code/managed-settings.json: the products keep the CLI's fixed
 * path (users cannot move it); only this copy's text differs.
 */

import { copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Where the built action and the doctor read managed settings on Linux (what the CLI reads, not configurable). */
export const MACHINE_MANAGED_SETTINGS = '/etc/claude-code/managed-settings.json'

/** The copy's own managed settings file: absent unless a test writes it. */
export const managedSettingsIn = (snapshot: string): string => join(snapshot, 'managed-settings.json')

export async function snapshotDist(): Promise<string> {
  const dist = join(REPO_ROOT, 'dist')
  for (let attempt = 0; ; attempt++) {
    const dir = await mkdtemp(join(tmpdir(), 'claude-auth-dist-'))
    try {
      const files = (await readdir(dist)).filter((file) => !file.startsWith('.'))
      const before = await Promise.all(files.map((file) => stat(join(dist, file))))
      for (const file of files) await copyFile(join(dist, file), join(dir, file))
      const after = await Promise.all(files.map((file) => stat(join(dist, file))))
      // A rebuild that overlapped the copy shows up as a changed file: copy again.
      if (files.includes('index.js') && before.every((s, i) => s.size > 0 && s.mtimeMs === after[i]?.mtimeMs && s.size === after[i]?.size)) {
        await redirectManagedSettings(dir, files)
        return dir
      }
    } catch (error) {
      if (attempt >= 20) throw error
    }
    await rm(dir, { recursive: true, force: true })
    if (attempt >= 20) throw new Error('dist/ kept changing while it was copied')
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

export async function redirectManagedSettings(dir: string, files: string[]): Promise<void> {
  let found = 0
  for (const file of files.filter((f) => f.endsWith('.js'))) {
    const text = await readFile(join(dir, file), 'utf8')
    if (!text.includes(MACHINE_MANAGED_SETTINGS)) continue
    found++
    await writeFile(join(dir, file), text.split(MACHINE_MANAGED_SETTINGS).join(managedSettingsIn(dir)))
  }
  if (found === 0) throw new Error(`dist/ no longer names ${MACHINE_MANAGED_SETTINGS}: update redirectManagedSettings`)
}
