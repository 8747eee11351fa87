// No later-step case has managed settings, but the file is machine-wide:
// another conformance run on the same machine (the main table's managed
// cases) may hold /etc/claude-code/managed-settings.json for a few seconds.
// The CLI, the action and the resolver's scan would all read it, each at a
// different moment, so every run here waits until it is gone and is redone if
// it came and went meanwhile. In one `npm run test:conformance` the two test
// files run one after the other, so this never waits there.

import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { MANAGED_SETTINGS_PATH } from '../sandbox.js'

const WAIT_MS = 180_000
const POLL_MS = 250

/** Changes whenever the managed settings file (or its folder) is created or removed. */
function signature(): string {
  const stamp = (p: string) => {
    try {
      return String(statSync(p).mtimeMs)
    } catch {
      return '-'
    }
  }
  const dir = path.dirname(MANAGED_SETTINGS_PATH)
  return `${stamp(path.dirname(dir))}|${stamp(dir)}|${existsSync(MANAGED_SETTINGS_PATH)}`
}

async function untilAbsent(): Promise<void> {
  const deadline = Date.now() + WAIT_MS
  while (existsSync(MANAGED_SETTINGS_PATH)) {
    if (Date.now() > deadline) {
      throw new Error(`${MANAGED_SETTINGS_PATH} exists (for more than ${WAIT_MS / 1000} s): the later-step cases have no managed settings and cannot run on a machine that has them`)
    }
    await new Promise((wake) => setTimeout(wake, POLL_MS))
  }
}

/** Runs `job` while no managed settings exist; again if they appeared while it ran (`discard` frees a result not used). */
export async function withoutManagedSettings<T>(job: () => T | Promise<T>, discard?: (result: T) => Promise<void>): Promise<T> {
  const ATTEMPTS = 5
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    await untilAbsent()
    const before = signature()
    const result = await job()
    if (signature() === before) return result
    await discard?.(result)
  }
  throw new Error(`${MANAGED_SETTINGS_PATH} came and went during ${ATTEMPTS} runs in a row: another run on this machine keeps writing it`)
}
