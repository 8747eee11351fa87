// Assertion 2, end to end: run the built action (dist/index.js) under the
// runner harness, give its GITHUB_ENV exports to a later step, and run the
// real CLI there. The action's claim ("the intended credential will be sent,
// alone") is checked against what the CLI actually sends.

import { envForLaterStep, runAction } from '../harness/runner.js'
import type { OnConflict } from '../src/resolve/model.js'
import type { ConformanceCase } from './case-model.js'
import { differsOnOlderVersions } from './cases.js'
import { repoRoot, type InstalledCli } from './install-cli.js'
import path from 'node:path'
import { startMockApi, type MockApi, type RecordedRequest } from './mock-api.js'
import { mockTls } from './mock-tls.js'
import { CLI_TIMEOUT_MS, runCli } from './run-cli.js'
import { timed } from './timing.js'
import { createSandbox, removeManagedSettings, type Sandbox } from './sandbox.js'
import { takeManagedSettings, withoutManagedSettings } from './machine.js'
import { intentFor, isProviderMethod, type IntendedMethod, type Judgement } from './intent.js'
import { valueNames, whitespaceOnlyIsPresent } from './resolver-check.js'

export { bestPossibleExports, intendedKind, intendedMethod, isExactlyIntended } from './intent.js'

/** The built action; CONFORMANCE_ACTION_ENTRY points at a candidate build instead (e.g. before committing dist/). */
export const ACTION_ENTRY = process.env.CONFORMANCE_ACTION_ENTRY ?? path.join(repoRoot, 'dist', 'index.js')

export const MODES: readonly OnConflict[] = ['fail', 'unset', 'warn']

/**
 * The built action under the runner harness. Measured: 0.2 to 0.5 s alone,
 * the slowest of a full run at CONFORMANCE_CONCURRENCY=8, load 25 to 30,
 * 6.0 s (a later-steps case); the action waits on nothing that could hang
 * (no live check here; its federation exchange has its own 30 s budget).
 */
export const ACTION_TIMEOUT_MS = 90_000

export type Outcome = 'accept' | 'reject' | 'false-accept' | 'false-reject'

export interface ActionVerdict {
  id: string
  mode: OnConflict
  kind: IntendedMethod
  actionExit: number | null
  /** The action said the intended setup will be used, alone (see `claimsExact`). */
  claimedExact: boolean
  /** The CLI did exactly what was intended: after the action's exports, or (on failure) with the best exports it could have made. */
  cliExact: boolean
  outcome: Outcome
  detail: string
}

/**
 * Two later steps whose environments differ only in per-run paths and ports
 * see the same world: the sandbox root and the mock's addresses are written
 * as placeholders, so base URLs that differ in their path stay apart.
 */
function worldKey(env: Record<string, string>, root: string, mock: MockApi): string {
  const general = (value: string) => {
    let result = value.replaceAll(root, '{root}').replaceAll(mock.url, '{mock}')
    if (mock.httpsUrl) result = result.replaceAll(mock.httpsUrl, '{mock-https}')
    return result
  }
  const entries = Object.entries(env).map(([name, value]) => [name, general(value)])
  return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** A conflict as the `conflicts` output lists it. */
interface ConflictOutput {
  name?: string
  origin?: string
  resolution?: string
}

const parseConflicts = (output: string | undefined): ConflictOutput[] | undefined => {
  try {
    const parsed = JSON.parse(output ?? '[]') as unknown
    return Array.isArray(parsed) ? (parsed as ConflictOutput[]) : undefined
  } catch {
    return undefined
  }
}

/**
 * `fail` and `unset` claim success by exiting 0. `warn` exits 0 either way,
 * so there a success that reports a conflict (resolution `warned`) is a
 * warning, not a claim that the credential will be sent alone, unless the
 * conflict is `warned` by design: an unused first-party credential next to a
 * provider, which the action warns about even under `fail` (`byDesign`).
 */
export function claimsExact(mode: OnConflict, exitCode: number | null, conflictsOutput: string | undefined, byDesign: (c: ConflictOutput) => boolean = () => false): boolean {
  if (exitCode !== 0) return false
  if (mode !== 'warn') return true
  const conflicts = parseConflicts(conflictsOutput)
  return conflicts !== undefined && !conflicts.some((c) => c.resolution === 'warned' && !byDesign(c))
}

/** A conflict by name and place; the sandbox root differs from run to run. */
const conflictKey = (c: ConflictOutput, root: string) => `${c.name ?? ''}@${(c.origin ?? '').replaceAll(root, '{root}')}`

/**
 * Shared by all cases: later steps that see the same world (same files, same
 * environment up to per-run paths and ports, same argv, same CLI version) get
 * one CLI run. Different cases often meet there once the intended credential
 * is exported. Each case judges the recorded requests by its own intent.
 */
export interface WorldCache {
  runs: Map<string, Promise<WorldRun>>
}

/** One CLI run of a world: what reached the mock, and whether the run was killed at its limit. */
export interface WorldRun {
  requests: RecordedRequest[]
  /**
   * Killed at CLI_TIMEOUT_MS, many times what any measured run takes even
   * under load. Judged on what it sent until then, and said in the verdict.
   */
  timedOut: boolean
}

export const newWorldCache = (): WorldCache => ({ runs: new Map() })

/** Everything of a case but its environment and the choices of the end-to-end check. */
function filesSignature(testCase: ConformanceCase): string {
  const { settings, fd, configDir, decoyHome, credentialsFile, primaryApiKey, bare, providerEndpoints, files, awsFiles } = testCase
  return JSON.stringify({ settings, fd, configDir, decoyHome, credentialsFile, primaryApiKey, bare, providerEndpoints, files, awsFiles, tls: testCase.mockTls })
}

/** Records a run made elsewhere (the resolver check's, in the case's own world) as the run of that world. */
export function seedWorld(cache: WorldCache, testCase: ConformanceCase, cli: InstalledCli, run: { sandbox: Sandbox; mock: MockApi; requests: readonly RecordedRequest[]; timedOut: boolean }): void {
  const key = `${cli.version}|${filesSignature(testCase)}|${worldKey(run.sandbox.jobEnv, run.sandbox.root, run.mock)}`
  if (!cache.runs.has(key)) cache.runs.set(key, Promise.resolve({ requests: [...run.requests], timedOut: run.timedOut }))
}

function memo<T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let entry = map.get(key)
  if (!entry) {
    entry = make()
    map.set(key, entry)
  }
  return entry
}

/**
 * `judges`: the other CLI versions the action supports. A rejection is false
 * only if the CLI under test does exactly what was intended and every judge
 * does too (one run each): the action cannot know which version a later step
 * installs. An accepted later step runs on
 * the judges too when the case is known to differ between versions
 * (`differsOnOlderVersions`).
 */
export async function checkAction(
  testCase: ConformanceCase,
  cli: InstalledCli,
  judges: readonly InstalledCli[],
  runCounts: { cli: number; olderCli: number },
  cache: WorldCache,
): Promise<ActionVerdict[]> {
  const names = valueNames(testCase)
  const verdicts: ActionVerdict[] = []
  const signature = filesSignature(testCase)
  const alsoOnJudges = differsOnOlderVersions(testCase)
  /** Conflicts the `fail` run lists as `warned`: warned by design (an unused credential), in every mode. */
  const warnedByDesign = new Set<string>()

  for (const mode of MODES) {
    const mock = await startMockApi(testCase.mockTls ? { tls: mockTls() } : {})
    const sandbox = createSandbox(testCase, mock.url)
    try {
      await takeManagedSettings(sandbox)
      const intent = intentFor(testCase, sandbox, mock.url, cli.version, whitespaceOnlyIsPresent(cli.version), names)
      const runOnce = async (version: InstalledCli, env: Record<string, string>): Promise<WorldRun> => {
        runCounts.cli++
        if (version !== cli) runCounts.olderCli++
        const run = await withoutManagedSettings(() => {
          sandbox.reset()
          mock.requests.length = 0
          return runCli({ executable: version.executable, cwd: sandbox.project, env, args: sandbox.args, fds: sandbox.fds, label: `${testCase.id} [${mode}] (${version.version})` })
        })
        return { requests: [...mock.requests], timedOut: run.timedOut }
      }
      const worldOn = (version: InstalledCli, env: Record<string, string>) => `${version.version}|${signature}|${worldKey(env, sandbox.root, mock)}`
      // The same key seedWorld uses: keep the two in step.
      const judged = async (version: InstalledCli, env: Record<string, string>): Promise<Judgement> => {
        const run = await memo(cache.runs, worldOn(version, env), () => runOnce(version, env))
        const judgement = intent.judge(run.requests)
        return run.timedOut ? { ...judgement, seen: `${judgement.seen} (killed at ${CLI_TIMEOUT_MS / 1000} s, still running)` } : judgement
      }

      const action = await withoutManagedSettings(
        () =>
          timed('action', `${testCase.id} [${mode}]`, ACTION_TIMEOUT_MS, () =>
            runAction({
              inputs: { ...intent.inputs, bare: testCase.bare ? 'true' : 'false', 'on-conflict': mode },
              env: intent.jobEnv,
              home: sandbox.home,
              workspace: sandbox.project,
              timeoutMs: ACTION_TIMEOUT_MS,
              entry: ACTION_ENTRY,
              actionYml: path.join(repoRoot, 'action.yml'),
            }),
          ),
        (unused) => unused.cleanup(),
      )
      try {
        if (mode === 'fail') for (const c of parseConflicts(action.outputs.conflicts) ?? []) if (c.resolution === 'warned') warnedByDesign.add(conflictKey(c, sandbox.root))
        const claimedExact = claimsExact(mode, action.exitCode, action.outputs.conflicts, (c) => warnedByDesign.has(conflictKey(c, sandbox.root)))
        const best = intent.bestExports(mode)
        const env = action.exitCode === 0 ? envForLaterStep(intent.jobEnv, action) : { ...intent.jobEnv, ...best }
        const how = action.exitCode === 0 ? 'after the action' : `with only ${Object.keys(best).map((n) => (best[n] === '' ? `${n}=""` : n)).join(', ')} exported`
        const seen = await judged(cli, env)
        let cliExact = seen.exact
        const notes: string[] = []
        if (claimedExact && cliExact && alsoOnJudges) {
          for (const judge of judges) {
            const elsewhere = await judged(judge, env)
            if (!elsewhere.exact) {
              cliExact = false
              notes.push(`but Claude Code ${judge.version} would send ${elsewhere.seen}`)
              break
            }
          }
        }
        if (!claimedExact && cliExact) {
          // A rejection is false only if every supported version does exactly what was intended too:
          // one run each, shared by every case that meets this world. No re-run of the same CLI: a
          // CLI that answers a world two ways is recorded on its case (and in RULES as `uncertain`),
          // not sampled until one answer shows.
          for (const judge of judges) {
            const elsewhere = await judged(judge, env)
            if (!elsewhere.exact) {
              cliExact = false
              notes.push(`rejection justified: Claude Code ${judge.version} would send ${elsewhere.seen}`)
              break
            }
          }
        }
        const outcome: Outcome = claimedExact ? (cliExact ? 'accept' : 'false-accept') : cliExact ? 'false-reject' : 'reject'
        const errors = action.annotations.filter((a) => a.level === 'error' || a.level === 'warning').map((a) => `${a.level}: ${a.title ?? ''} ${a.message.split('\n')[0]}`)
        verdicts.push({
          id: testCase.id,
          mode,
          kind: intent.method,
          actionExit: action.exitCode,
          claimedExact,
          cliExact,
          outcome,
          detail: [
            `intended ${intent.method}${isProviderMethod(intent.method) ? ` (inputs ${Object.keys(intent.inputs).join(', ')})` : ''}, on-conflict ${mode}: action exit ${action.exitCode}${action.timedOut ? ' (timed out)' : ''}, conflicts ${action.outputs.conflicts ?? '-'}`,
            `CLI ${how}: ${seen.seen}`,
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
