// Runs `claude -p` once, with a hard timeout that kills the whole process tree.

import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FdVariable } from './case-model.js'
import { FD_NUMBERS } from './sandbox.js'
import { recordTimed } from './timing.js'

export interface CliRun {
  exitCode: number | null
  timedOut: boolean
  stdout: string
  stderr: string
  durationMs: number
}

export interface CliInvocation {
  executable: string
  cwd: string
  env: Record<string, string>
  args: readonly string[]
  fds?: Partial<Record<FdVariable, string>>
  timeoutMs?: number
  /** What the run is for (case, mode, version), as the timing report names it. */
  label?: string
}

/**
 * One prompt, nothing else. The extra switches only trim start-up work that
 * has nothing to do with credentials (tool list, MCP servers, slash
 * commands, session files): about 15% less CPU per run, which is what bounds
 * the suite on a 2-core machine.
 */
export const PROMPT_ARGS = ['-p', 'hi', '--output-format', 'json', '--tools', '', '--strict-mcp-config', '--disable-slash-commands', '--no-session-persistence']

/**
 * A CLI run's limit. Measured: the slowest finished run of a full suite at
 * CONFORMANCE_CONCURRENCY=8 with load 25 to 30 on two cores took 7.5 s (the
 * usual run 2 to 3 s). The slowest world is 2.1.197 looking a Vertex project
 * up (docs/providers-measured.md item 1): it retries, then gives up without
 * a model request after 16 to 26 s (10 runs at CONFORMANCE_CONCURRENCY=8),
 * and at the old 25 s it was killed in a full run. Nothing measured waits
 * for ever, so a run that reaches this limit is reported as killed.
 */
export const CLI_TIMEOUT_MS = 120_000

export async function runCli({ executable, cwd, env, args, fds = {}, timeoutMs = CLI_TIMEOUT_MS, label = '(unnamed)' }: CliInvocation): Promise<CliRun> {
  const started = Date.now()
  // Each FD variable's value sits in a file opened on its descriptor. Node's
  // 'pipe' stdio is a socket, which 2.1.197 cannot read through /dev/fd.
  const highestFd = Math.max(2, ...Object.keys(fds).map((name) => FD_NUMBERS[name as FdVariable]))
  const stdio: ('ignore' | 'pipe' | number)[] = ['ignore', 'pipe', 'pipe']
  for (let fd = 3; fd <= highestFd; fd++) stdio.push('ignore')
  const fdDir = Object.keys(fds).length > 0 ? mkdtempSync(path.join(os.tmpdir(), 'cc-conformance-fd-')) : undefined
  const opened: number[] = []
  for (const [name, value] of Object.entries(fds) as [FdVariable, string][]) {
    const file = path.join(fdDir!, name)
    writeFileSync(file, value, { mode: 0o600 })
    const fd = openSync(file, 'r')
    opened.push(fd)
    stdio[FD_NUMBERS[name]] = fd
  }

  const child = spawn(executable, [...PROMPT_ARGS, ...args], { cwd, env, stdio, detached: true })
  for (const fd of opened) closeSync(fd)
  if (fdDir) rmSync(fdDir, { recursive: true, force: true })

  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))

  const { exitCode, timedOut } = await settle(child, timeoutMs, (error) => (stderr += String(error)))
  const durationMs = Date.now() - started
  recordTimed({ kind: 'cli', what: label, durationMs, limitMs: timeoutMs, timedOut })
  return { exitCode, timedOut, stdout, stderr, durationMs }
}

/**
 * Waits for a child started with `detached: true` (its own process group),
 * killing the group at `timeoutMs`, and once it exits: whatever it started
 * (an apiKeyHelper, a shell's children) dies with the group.
 */
export function settle(child: ChildProcess, timeoutMs: number, onError: (error: Error) => void): Promise<{ exitCode: number | null; timedOut: boolean }> {
  return new Promise((resolveRun) => {
    let timedOut = false
    const killTree = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
    const timer = setTimeout(() => {
      timedOut = true
      killTree()
    }, timeoutMs)
    child.on('error', onError)
    child.on('close', (exitCode) => {
      clearTimeout(timer)
      killTree()
      resolveRun({ exitCode, timedOut })
    })
  })
}
