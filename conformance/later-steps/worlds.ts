// One CLI run per distinct later-step world: runs whose steps would start
// from the same environment (up to per-run paths and the mock's port), in the
// same case's files, on the same CLI version, share their observation. The
// resolver check and the three `on-conflict` modes mostly meet there.

import type { InstalledCli } from '../install-cli.js'
import type { MockApi } from '../mock-api.js'
import { withoutManagedSettings } from '../machine.js'
import { runLaterSteps, type StepsRun } from './run-steps.js'
import type { LaterSandbox } from './sandbox.js'

export interface LaterWorldCache {
  runs: Map<string, Promise<StepsRun>>
  /** `claude` processes started. */
  cliRuns: number
}

/** A run of the later steps on one CLI version. */
export interface VersionedRun {
  version: string
  run: StepsRun
}

export const newLaterWorldCache = (): LaterWorldCache => ({ runs: new Map(), cliRuns: 0 })

export function worldKey(caseId: string, version: string, env: Record<string, string>, perRun: readonly string[]): string {
  const stable = Object.entries(env)
    .map(([name, value]) => [name, perRun.reduce((text, part) => text.split(part).join('<run>'), value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return JSON.stringify([caseId, version, stable])
}

export function memo<T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let entry = map.get(key)
  if (!entry) {
    entry = make()
    map.set(key, entry)
  }
  return entry
}

/** Runs the case's later steps from `env` with `cli` (always: no sharing). */
function runSteps(later: LaterSandbox, mock: MockApi, cli: InstalledCli, env: Record<string, string>, cache: LaterWorldCache): Promise<StepsRun> {
  return withoutManagedSettings(async () => {
    later.sandbox.reset()
    const run = await runLaterSteps({ parent: later.sandbox.root, cwd: later.workspace, env, steps: later.workflow.later, executable: cli.executable, mock, label: `later:${later.caseId} (${cli.version})` })
    cache.cliRuns += run.claudeRuns
    return run
  })
}

/** The observation for this world, shared with every other run of the case that sees the same one. */
export function stepsIn(later: LaterSandbox, caseId: string, mock: MockApi, cli: InstalledCli, env: Record<string, string>, cache: LaterWorldCache): Promise<StepsRun> {
  return memo(cache.runs, worldKey(caseId, cli.version, env, later.perRun), () => runSteps(later, mock, cli, env, cache))
}
