// Assertion 2, end to end: run the built action (dist/index.js) under the
// runner harness, give its GITHUB_ENV exports to a later step, and run the
// real CLI there. The action's claim ("the intended credential will be sent,
// alone") is checked against what the CLI actually sends.

import { envForLaterStep, runAction } from '../harness/runner.js'
import type { CredentialKind, OnConflict } from '../src/resolve/model.js'
import { ENV_CREDENTIALS, EXPORT_NAME, RULES, isTruthy } from '../src/resolve/rules.js'
import type { ConformanceCase } from './case-model.js'
import { differsOnOlderVersions } from './cases.js'
import { repoRoot, type InstalledCli } from './install-cli.js'
import path from 'node:path'
import { startMockApi } from './mock-api.js'
import { mockTls } from './mock-tls.js'
import { runCli } from './run-cli.js'
import { createSandbox, removeManagedSettings, writeManagedSettings } from './sandbox.js'
import { INTENDED } from './values.js'
import { describeWire, observe, type Wire } from './wire.js'
import { valueNames } from './resolver-check.js'

/** The built action; CONFORMANCE_ACTION_ENTRY points at a candidate build instead (e.g. before committing dist/). */
export const ACTION_ENTRY = process.env.CONFORMANCE_ACTION_ENTRY ?? path.join(repoRoot, 'dist', 'index.js')

export const MODES: readonly OnConflict[] = ['fail', 'unset', 'warn']
const KINDS: readonly CredentialKind[] = ['oauth-token', 'api-key', 'auth-token']

const INPUT_FOR: Record<CredentialKind, string> = {
  'oauth-token': 'claude-code-oauth-token',
  'api-key': 'anthropic-api-key',
  'auth-token': 'anthropic-auth-token',
}

export type Outcome = 'accept' | 'reject' | 'false-accept' | 'false-reject'

export interface ActionVerdict {
  id: string
  mode: OnConflict
  kind: CredentialKind
  actionExit: number | null
  /** The action said the intended credential will be sent alone (see `claimsExact`). */
  claimedExact: boolean
  /** The CLI sent exactly the intended credential: after the action's exports, or (on failure) with the best exports it could have made. */
  cliExact: boolean
  outcome: Outcome
  detail: string
}

/** The kind a case hands to the action: its own choice, or one picked by a stable hash of the id. */
export function intendedKind(testCase: ConformanceCase): CredentialKind {
  if (testCase.intended) return testCase.intended
  let hash = 0
  for (const char of testCase.id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return KINDS[hash % KINDS.length]
}

const PER_RUN_VARIABLES = new Set(['HOME', 'TMPDIR', 'HTTPS_PROXY', 'HTTP_PROXY', 'CLAUDE_CONFIG_DIR'])

/** Two later steps whose environments differ only in per-run paths and ports see the same world. */
function worldKey(env: Record<string, string>): string {
  const stable = Object.entries(env).filter(([name]) => !PER_RUN_VARIABLES.has(name) && !name.endsWith('_BASE_URL'))
  return JSON.stringify(stable.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** Exactly the intended credential, in the right header, and nothing else. */
export function isExactlyIntended(wire: Wire, kind: CredentialKind): boolean {
  if (wire.route !== 'first-party') return false
  const value = INTENDED[kind]
  switch (kind) {
    case 'oauth-token':
      return wire.authorization?.value === value && wire.authorization.oauth && wire.xApiKey === undefined
    case 'api-key':
      return wire.authorization === undefined && wire.xApiKey === value
    case 'auth-token':
      return wire.authorization?.value === value && !wire.authorization.oauth && wire.xApiKey === undefined
  }
}

/**
 * The exports the action could have made at best: the intended variable,
 * and, with `unset`, every other credential variable and every provider flag
 * that is on in the job environment blanked (all GITHUB_ENV can do).
 */
export function bestPossibleExports(jobEnv: Record<string, string>, kind: CredentialKind, mode: OnConflict): Record<string, string> {
  const intended = EXPORT_NAME[kind]
  const exports: Record<string, string> = { [intended]: INTENDED[kind] }
  if (mode !== 'unset') return exports
  for (const name of ENV_CREDENTIALS) if (name !== intended && jobEnv[name] !== undefined && jobEnv[name] !== '') exports[name] = ''
  for (const [, flag] of RULES.providers) if (isTruthy(jobEnv[flag])) exports[flag] = ''
  return exports
}

/**
 * `fail` and `unset` claim success by exiting 0. `warn` exits 0 either way,
 * so there a success that reports a conflict (resolution `warned`) is a
 * warning, not a claim that the credential will be sent alone.
 */
export function claimsExact(mode: OnConflict, exitCode: number | null, conflictsOutput: string | undefined): boolean {
  if (exitCode !== 0) return false
  if (mode !== 'warn') return true
  try {
    const conflicts = JSON.parse(conflictsOutput ?? '[]') as { resolution?: string }[]
    return !conflicts.some((c) => c.resolution === 'warned')
  } catch {
    return false
  }
}

/**
 * `judges`: the other CLI versions the action supports. A rejection is false
 * only if the CLI under test sends exactly the intended credential three
 * times running (the CLI has races) and every judge sends it too: the action
 * cannot know which version a later step installs.
 */
/**
 * Shared by all cases: later steps that see the same world (same files, same
 * environment up to per-run paths and ports, same argv) get one CLI run.
 * Different cases often meet there once the intended credential is exported.
 */
export interface WorldCache {
  wires: Map<string, Promise<Wire>>
  /** Worlds where an apparent false rejection was re-checked: '' = confirmed false, else why it was right. */
  confirmed: Map<string, Promise<string>>
}

export const newWorldCache = (): WorldCache => ({ wires: new Map(), confirmed: new Map() })

/** Everything of a case but its environment and the choices of the end-to-end check. */
function filesSignature(testCase: ConformanceCase): string {
  const { settings, fd, configDir, decoyHome, credentialsFile, primaryApiKey, bare, providerEndpoints, files, awsFiles } = testCase
  return JSON.stringify({ settings, fd, configDir, decoyHome, credentialsFile, primaryApiKey, bare, providerEndpoints, files, awsFiles, tls: testCase.mockTls })
}

function memo<T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let entry = map.get(key)
  if (!entry) {
    entry = make()
    map.set(key, entry)
  }
  return entry
}

export async function checkAction(
  testCase: ConformanceCase,
  cli: InstalledCli,
  judges: readonly InstalledCli[],
  runCounts: { cli: number },
  cache: WorldCache,
): Promise<ActionVerdict[]> {
  const kind = intendedKind(testCase)
  const names = valueNames(testCase)
  const verdicts: ActionVerdict[] = []
  const signature = filesSignature(testCase)

  for (const mode of MODES) {
    const mock = await startMockApi(testCase.mockTls ? { tls: mockTls() } : {})
    const sandbox = createSandbox(testCase, mock.url)
    try {
      if (sandbox.usesManagedSettings) writeManagedSettings(sandbox)
      const runOnce = async (executable: string, env: Record<string, string>): Promise<Wire> => {
        mock.requests.length = 0
        runCounts.cli++
        await runCli({ executable, cwd: sandbox.project, env, args: sandbox.args, fds: sandbox.fds })
        return observe(mock.requests).wire
      }
      const cliWire = (env: Record<string, string>): Promise<Wire> => memo(cache.wires, `${signature}|${worldKey(env)}`, () => runOnce(cli.executable, env))

      const action = await runAction({
        inputs: { [INPUT_FOR[kind]]: INTENDED[kind], bare: testCase.bare ? 'true' : 'false', 'on-conflict': mode },
        env: sandbox.jobEnv,
        home: sandbox.home,
        workspace: sandbox.project,
        timeoutMs: 30_000,
        entry: ACTION_ENTRY,
        actionYml: path.join(repoRoot, 'action.yml'),
      })
      try {
        const claimedExact = claimsExact(mode, action.exitCode, action.outputs.conflicts)
        let wire: Wire
        let how: string
        if (action.exitCode === 0) {
          wire = await cliWire(envForLaterStep(sandbox.jobEnv, action))
          how = 'after the action'
        } else {
          const best = bestPossibleExports(sandbox.jobEnv, kind, mode)
          wire = await cliWire({ ...sandbox.jobEnv, ...best })
          how = `with only ${Object.keys(best).map((n) => (best[n] === '' ? `${n}=""` : n)).join(', ')} exported`
        }
        let cliExact = isExactlyIntended(wire, kind)
        const notes: string[] = []
        if (claimedExact && cliExact && differsOnOlderVersions(testCase)) {
          const env = envForLaterStep(sandbox.jobEnv, action)
          for (const judge of judges) {
            const elsewhere = await memo(cache.wires, `${judge.version}|${signature}|${worldKey(env)}`, () => runOnce(judge.executable, env))
            if (!isExactlyIntended(elsewhere, kind)) {
              cliExact = false
              notes.push(`but Claude Code ${judge.version} would send ${describeWire(elsewhere, names)}`)
              break
            }
          }
        }
        if (!claimedExact && cliExact) {
          const env = { ...sandbox.jobEnv, ...bestPossibleExports(sandbox.jobEnv, kind, mode) }
          const justification = await memo(cache.confirmed, `${signature}|${worldKey(env)}`, async () => {
            // The other supported versions first (one run usually settles it), then the same CLI twice more.
            for (const judge of [...judges, cli, cli]) {
              const again = await runOnce(judge.executable, env)
              if (!isExactlyIntended(again, kind)) return `rejection justified: Claude Code ${judge.version} would send ${describeWire(again, names)}`
            }
            return ''
          })
          if (justification) {
            cliExact = false
            notes.push(justification)
          }
        }
        const outcome: Outcome = claimedExact ? (cliExact ? 'accept' : 'false-accept') : cliExact ? 'false-reject' : 'reject'
        const errors = action.annotations.filter((a) => a.level === 'error' || a.level === 'warning').map((a) => `${a.level}: ${a.title ?? ''} ${a.message.split('\n')[0]}`)
        verdicts.push({
          id: testCase.id,
          mode,
          kind,
          actionExit: action.exitCode,
          claimedExact,
          cliExact,
          outcome,
          detail: [
            `intended ${kind}, on-conflict ${mode}: action exit ${action.exitCode}${action.timedOut ? ' (timed out)' : ''}, conflicts ${action.outputs.conflicts ?? '-'}`,
            `CLI ${how}: ${describeWire(wire, names)}`,
            ...notes,
            ...errors.slice(0, 6).map((line) => `  ${line}`),
          ].join('\n'),
        })
      } finally {
        await action.cleanup()
      }
    } finally {
      if (sandbox.usesManagedSettings) removeManagedSettings()
      sandbox.cleanup()
      await mock.close()
    }
  }
  return verdicts
}
