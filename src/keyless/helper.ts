// Runs the apiKeyHelper the CLI will run, once, as the CLI runs it (through
// `sh -c`, in the project folder, with the job's environment), with a
// timeout of our own: the CLI waits up to 10 minutes, then still sends the
// request with empty credentials (measured, claude-provider-facts §6).
// Loaded only for `method: api-key-helper` (dist/helper.js), since
// node:child_process brings net, streams and dgram with it.

import { spawnSync } from 'node:child_process'

import { HELPER_OUTPUT_LIMIT } from './limits.js'

export type HelperRun =
  | { ok: true; value: string; durationMs: number }
  | { ok: false; reason: 'timed-out' | 'failed' | 'empty' | 'lines' | 'characters' | 'too-long' | 'not-started'; exitCode?: number; stderr?: string; durationMs: number; length?: number; printed?: string[] }

/**
 * A helper's stderr is quoted in the error, so anything shaped like a
 * credential in it (a long run of token characters) is cut out first.
 */
function scrub(text: string): string {
  return text.replace(/[A-Za-z0-9_\-.~+/=]{20,}/g, '…')
}

/** The environment a later step's CLI would give the helper: the job's, without this action's inputs. */
function helperEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('INPUT_') && !name.startsWith('STATE_')))
}

export function runHelper(command: string, options: { cwd: string; env: Record<string, string | undefined>; timeoutMs: number }): HelperRun {
  const started = Date.now()
  const result = spawnSync('/bin/sh', ['-c', command], {
    cwd: options.cwd,
    env: helperEnv(options.env),
    timeout: options.timeoutMs,
    killSignal: 'SIGKILL',
    encoding: 'utf8',
    maxBuffer: 4 * HELPER_OUTPUT_LIMIT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const durationMs = Date.now() - started
  const stderr = scrub((result.stderr ?? '').slice(-500))
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { ok: false, reason: 'timed-out', durationMs, stderr }
  if (result.error && (result.error as NodeJS.ErrnoException).code !== 'ENOBUFS') return { ok: false, reason: 'not-started', durationMs }
  if (result.status !== 0) return { ok: false, reason: 'failed', exitCode: result.status ?? undefined, durationMs, stderr }
  const value = (result.stdout ?? '').trim()
  if (value === '') return { ok: false, reason: 'empty', durationMs, stderr }
  // Whatever it printed may hold the key: the caller masks these lines too.
  const printed = value.split(/\r?\n|\r/).map((line) => line.trim()).filter((line) => line.length >= 8)
  if (/[\r\n]/.test(value)) return { ok: false, reason: 'lines', durationMs, length: value.length, printed }
  if (value.length > HELPER_OUTPUT_LIMIT) return { ok: false, reason: 'too-long', durationMs, length: value.length, printed }
  if (!/^[\x21-\x7e]+$/.test(value)) return { ok: false, reason: 'characters', durationMs, length: value.length, printed }
  return { ok: true, value, durationMs }
}
