// /etc/claude-code/managed-settings.json is machine-wide: every CLI run,
// every action run and the doctor read it, and several conformance runs may
// share a machine (as root each runs its managed cases one at a time, and
// holds the file for a few seconds per case). So:
//
// - a run for a case without managed settings (a CLI run, the action, the
//   doctor) waits until no such file exists, and is made again if the file
//   came or went while it ran: that run read something its case does not
//   hold. The redo depends only on the file, never on what the run showed.
// - a managed case takes the file only when it is absent (created
//   exclusively, waiting while another run holds it); its own runs read it
//   and do not wait for it.
//
// Before, the main table judged a run made while another run's file existed
// as a mismatch ("proves nothing"), did not notice a file that came and went
// between its two looks, never looked during the end-to-end runs, and
// stopped the whole suite when it found another run's file in place of its
// own.

import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { holdsManagedSettings, MANAGED_SETTINGS_PATH, writeManagedSettings, type Sandbox } from './sandbox.js'

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
      throw new Error(`${MANAGED_SETTINGS_PATH} exists (for more than ${WAIT_MS / 1000} s) and was not written by this run: every case would read it, so none can run on this machine until it is gone`)
    }
    await new Promise((wake) => setTimeout(wake, POLL_MS))
  }
}

/**
 * Runs `job` while no managed settings of another run exist; again if they
 * appeared or went while it ran (`discard` frees a result not used). While
 * this run holds the file for a managed case, `job` just runs.
 */
export async function withoutManagedSettings<T>(job: () => T | Promise<T>, discard?: (result: T) => Promise<void>): Promise<T> {
  if (holdsManagedSettings()) return job()
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

/** Puts the managed case's file in place once no other run holds one (removeManagedSettings gives it back). */
export async function takeManagedSettings(sandbox: Sandbox): Promise<void> {
  if (!sandbox.usesManagedSettings) return
  const deadline = Date.now() + WAIT_MS
  while (!writeManagedSettings(sandbox)) {
    if (Date.now() > deadline) throw new Error(`${MANAGED_SETTINGS_PATH} has been held by another run for more than ${WAIT_MS / 1000} s: the managed case ${sandbox.root} cannot put its own in place`)
    await untilAbsent()
  }
}
