// Runs a job's later steps as the runner would: each step's `env:` on top of
// the job environment and the GITHUB_ENV writes so far, its `run:` script
// with `bash --noprofile --norc -eo pipefail` exactly as written, so the real
// shell applies exports, prefixes and `unset`. The `claude` on PATH is a
// wrapper that execs the installed CLI with the user's own arguments first
// and the suite's prompt switches after them.

import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, chmodSync } from 'node:fs'
import path from 'node:path'
import { parseKeyValueFile } from '../../harness/file-commands.js'
import type { MockApi } from '../mock-api.js'
import type { ExchangeRecord, RefreshRecord } from '../mock-keyless.js'
import { PROMPT_ARGS, settle } from '../run-cli.js'
import { observe, type Observation } from '../wire.js'
import { anthropicConfigFiles, writtenSince } from './keyless.js'
import { timed } from '../timing.js'
import type { RunnableStep } from './workflow.js'

export interface StepsRun extends Observation {
  /** A step timed out (its process group was killed): the run proves nothing. */
  timedOut: boolean
  /** The label of the step that failed, when one did (the runner would stop the job there), and how. */
  failedStep?: string
  failedExit?: number | null
  /** The last lines the failed or timed-out step printed on stderr. */
  stderr: string
  /** The environment the (last) `claude` process started with, as the wrapper saw it; undefined when no `claude` ran. */
  claudeEnv?: Record<string, string>
  /** How many `claude` processes the steps started. */
  claudeRuns: number
  /** Federation token exchanges the mock answered while the steps ran (this action's own came before). */
  exchanges: ExchangeRecord[]
  /** Files created or rewritten under `~/.config/anthropic` while the steps ran (the CLI's federation token cache). */
  cachesWritten: string[]
  /** /login refreshes the mock answered while the steps ran. */
  refreshes: RefreshRecord[]
}

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`

function writeWrapper(dir: string, executable: string, envDump: string, started: string): void {
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, 'claude')
  // The environment is kept in a file of the sandbox, never printed: it only
  // names which value of a variable the CLI was given.
  writeFileSync(file, `#!/bin/bash\nenv -0 > ${quote(envDump)}\necho >> ${quote(started)}\nexec ${quote(executable)} "$@" ${PROMPT_ARGS.map(quote).join(' ')}\n`)
  chmodSync(file, 0o755)
}

async function runScript(script: string, cwd: string, env: Record<string, string>, timeoutMs: number): Promise<{ exitCode: number | null; timedOut: boolean; stderr: string }> {
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)))
  const { exitCode, timedOut } = await settle(child, timeoutMs, (error) => (stderr += String(error)))
  return { exitCode, timedOut, stderr }
}

function readEnvDump(file: string): Record<string, string> | undefined {
  if (!existsSync(file)) return undefined
  const env: Record<string, string> = {}
  for (const entry of readFileSync(file, 'utf8').split('\0')) {
    const equals = entry.indexOf('=')
    if (equals > 0) env[entry.slice(0, equals)] = entry.slice(equals + 1)
  }
  return env
}

export interface StepsInvocation {
  /** A folder of the sandbox for this run's scripts, wrapper and command files. */
  parent: string
  cwd: string
  /** What the first later step starts from: the job environment and this action's GITHUB_ENV exports. */
  env: Record<string, string>
  steps: readonly RunnableStep[]
  executable: string
  mock: MockApi
  timeoutMs?: number
  /** What the run is for (case, version), as the timing report names it. */
  label?: string
}

/**
 * A later step's limit (its script and every `claude` it starts). Measured:
 * the slowest finished step of a full run at CONFORMANCE_CONCURRENCY=8, load
 * 25 to 30, took 11.3 s (three `claude` runs on 2.1.197), 45% of the 25 s it
 * had then.
 */
export const STEP_TIMEOUT_MS = 120_000

export async function runLaterSteps({ parent, cwd, env, steps, executable, mock, timeoutMs = STEP_TIMEOUT_MS, label = '(unnamed)' }: StepsInvocation): Promise<StepsRun> {
  mock.requests.length = 0
  const exchangesBefore = mock.keyless.exchanges.length
  const refreshesBefore = mock.keyless.refreshes.length
  const home = env.HOME ?? ''
  const configBefore = anthropicConfigFiles(home)
  const dir = mkdtempSync(path.join(parent, 'later-steps-'))
  const envDump = path.join(dir, 'claude-env')
  const started = path.join(dir, 'claude-started')
  writeWrapper(path.join(dir, 'bin'), executable, envDump, started)
  // GITHUB_ENV writes land in one table for the rest of the job: later writes win.
  const table: Record<string, string> = { ...env }
  let failedStep: string | undefined
  let failedExit: number | null = null
  let timedOut = false
  let stderr = ''
  for (const [index, step] of steps.entries()) {
    const script = path.join(dir, `step-${index}.sh`)
    const envFile = path.join(dir, `set_env_${index}`)
    writeFileSync(script, step.run)
    writeFileSync(envFile, '')
    const stepEnv: Record<string, string> = { ...table, ...step.env, GITHUB_ENV: envFile }
    stepEnv.PATH = `${path.join(dir, 'bin')}:${stepEnv.PATH ?? '/usr/bin:/bin'}`
    const result = await timed('step', `${label} step "${step.label}"`, timeoutMs, () => runScript(script, cwd, stepEnv, timeoutMs))
    const written = parseKeyValueFile(readFileSync(envFile, 'utf8'), 'env')
    for (const { name, value } of written.records) table[name] = value
    if (result.timedOut || result.exitCode !== 0 || written.fatalError) {
      timedOut = result.timedOut
      failedStep = step.label
      failedExit = result.exitCode
      stderr = result.stderr.split('\n').slice(-6).join('\n')
      break
    }
  }
  const claudeEnv = readEnvDump(envDump)
  const claudeRuns = existsSync(started) ? readFileSync(started, 'utf8').split('\n').length - 1 : 0
  const keyless = {
    claudeRuns,
    exchanges: mock.keyless.exchanges.slice(exchangesBefore),
    cachesWritten: writtenSince(configBefore, anthropicConfigFiles(home)),
    refreshes: mock.keyless.refreshes.slice(refreshesBefore),
  }
  return { ...observe(mock.requests), timedOut, stderr, ...(failedStep !== undefined ? { failedStep, failedExit } : {}), ...(claudeEnv ? { claudeEnv } : {}), ...keyless }
}
