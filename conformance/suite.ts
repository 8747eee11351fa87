// Runs every case against the real CLI: parallel cases first, then the
// machine-wide (managed settings) cases one at a time, then prints the counts.

import { allCases, managedCases, parallelCases } from './cases.js'
import type { ConformanceCase } from './case-model.js'
import { ensureCli, type InstalledCli } from './install-cli.js'
import { mapPool } from './pool.js'
import { checkResolver, type ResolverVerdict } from './resolver-check.js'
import { canUseManagedSettings } from './sandbox.js'
import { ACTION_ENTRY, checkAction, newWorldCache, type ActionVerdict } from './action-check.js'
import { existsSync } from 'node:fs'
import { alsoSupportedVersions, pinnedVersion } from './install-cli.js'

export interface SuiteOptions {
  concurrency: number
  /** Only cases whose id matches. */
  filter?: RegExp
  log: (line: string) => void
}

export interface SuiteReport {
  cli: InstalledCli
  cases: ConformanceCase[]
  skipped: { id: string; why: string }[]
  resolver: Map<string, ResolverVerdict>
  /** Empty when dist/index.js is missing (the end-to-end check then reports itself as not run). */
  action: Map<string, ActionVerdict[]>
  actionSkipped: { id: string; why: string }[]
  actionRan: boolean
  cliRuns: number
  wallMs: number
}

export { ACTION_ENTRY }

export function suiteOptionsFromEnv(log: (line: string) => void): SuiteOptions {
  const options: SuiteOptions = { concurrency: Number(process.env.CONFORMANCE_CONCURRENCY ?? 4), log }
  if (process.env.CONFORMANCE_FILTER) options.filter = new RegExp(process.env.CONFORMANCE_FILTER)
  return options
}

export function selectedCases(filter?: RegExp): { parallel: ConformanceCase[]; serial: ConformanceCase[] } {
  const pick = (cases: ConformanceCase[]) => (filter ? cases.filter((c) => filter.test(c.id)) : cases)
  return { parallel: pick(parallelCases), serial: pick(managedCases) }
}

export function assertUniqueIds(): void {
  const seen = new Set<string>()
  for (const { id } of allCases) {
    if (seen.has(id)) throw new Error(`duplicate case id ${id}`)
    seen.add(id)
  }
}

export async function runSuite(options: SuiteOptions): Promise<SuiteReport> {
  const started = Date.now()
  assertUniqueIds()
  const cli = await ensureCli(options.log)
  options.log(`conformance: Claude Code ${cli.version} at ${cli.executable}`)
  const judgeVersions = [...new Set([pinnedVersion, ...alsoSupportedVersions])].filter((v) => v !== cli.version)
  const judges: InstalledCli[] = []
  for (const version of judgeVersions) judges.push(await ensureCli(options.log, version))
  if (judges.length) options.log(`conformance: rejections are also judged with Claude Code ${judges.map((j) => j.version).join(', ')}`)
  const { parallel, serial } = selectedCases(options.filter)
  const skipped: SuiteReport['skipped'] = []
  let runnableSerial = serial
  if (serial.length > 0 && !canUseManagedSettings()) {
    for (const { id } of serial) skipped.push({ id, why: 'cannot write /etc/claude-code/managed-settings.json here (needs root, and no existing file)' })
    runnableSerial = []
  }

  const actionRan = existsSync(ACTION_ENTRY) && process.env.CONFORMANCE_SKIP_ACTION !== '1'
  const resolver = new Map<string, ResolverVerdict>()
  const action = new Map<string, ActionVerdict[]>()
  const actionSkipped: SuiteReport['actionSkipped'] = []
  const runCounts = { cli: 0 }
  const worldCache = newWorldCache()
  const verbose = process.env.CONFORMANCE_VERBOSE === '1'
  const runCase = async (testCase: ConformanceCase) => {
    const verdict = await checkResolver(testCase, cli)
    runCounts.cli++
    resolver.set(verdict.id, verdict)
    if (!verdict.ok || verbose) options.log(`${verdict.ok ? 'ok' : 'MISMATCH'} ${verdict.id}\n${verdict.detail}`)
    if (!verdict.ok) options.log(`  cli exit=${verdict.cli.exitCode}${verdict.cli.timedOut ? ' (timed out)' : ''} ${verdict.cli.stderr.slice(0, 300)}`)
    if (!actionRan) return
    if (testCase.actionSkip) {
      actionSkipped.push({ id: testCase.id, why: testCase.actionSkip })
      return
    }
    const verdicts = await checkAction(testCase, cli, judges, runCounts, worldCache)
    action.set(testCase.id, verdicts)
    for (const v of verdicts) {
      const bad = v.outcome === 'false-accept' || v.outcome === 'false-reject'
      if (bad || verbose) options.log(`${bad ? v.outcome.toUpperCase() : v.outcome} ${v.id} [${v.mode}]\n${v.detail}`)
    }
  }
  let done = 0
  const total = parallel.length + runnableSerial.length
  const progress = async (testCase: ConformanceCase) => {
    await runCase(testCase)
    if (++done % 25 === 0) options.log(`conformance: ${done}/${total} cases, ${runCounts.cli} CLI runs, ${((Date.now() - started) / 1000).toFixed(0)}s`)
  }
  await mapPool(parallel, options.concurrency, progress)
  for (const testCase of runnableSerial) await progress(testCase)

  const cases = [...parallel, ...runnableSerial]
  return { cli, cases, skipped, resolver, action, actionSkipped, actionRan, cliRuns: runCounts.cli, wallMs: Date.now() - started }
}

export function counts(report: SuiteReport) {
  const verdicts = [...report.action.values()].flat()
  return {
    cases: report.cases.length,
    resolverMismatches: [...report.resolver.values()].filter((v) => !v.ok).length,
    actionRuns: verdicts.length,
    falseAccepts: verdicts.filter((v) => v.outcome === 'false-accept').length,
    falseRejections: verdicts.filter((v) => v.outcome === 'false-reject').length,
    accepts: verdicts.filter((v) => v.outcome === 'accept').length,
    rejects: verdicts.filter((v) => v.outcome === 'reject').length,
  }
}

export function summaryLine(report: SuiteReport): string {
  const c = counts(report)
  const action = report.actionRan
    ? `false accepts ${c.falseAccepts}, false rejections ${c.falseRejections} (action runs ${c.actionRuns}: ${c.accepts} right accepts, ${c.rejects} right rejections; ${report.actionSkipped.length} cases resolver-only)`
    : 'action vs CLI NOT RUN (dist/index.js missing or CONFORMANCE_SKIP_ACTION=1)'
  return `conformance: Claude Code ${report.cli.version}: ${c.cases} cases, resolver mismatches ${c.resolverMismatches}, ${action}; ${report.skipped.length} skipped, ${report.cliRuns} CLI runs, wall ${(report.wallMs / 1000).toFixed(1)}s`
}
