// Runs every case against the real CLI: parallel cases first, then the
// machine-wide (managed settings) cases one at a time, then prints the counts.

import { allCases, managedCases, parallelCases } from './cases.js'
import type { ConformanceCase } from './case-model.js'
import { ensureCli, type InstalledCli } from './install-cli.js'
import { mapPool } from './pool.js'
import { checkResolver, type ResolverRun, type ResolverVerdict } from './resolver-check.js'
import { canUseManagedSettings } from './sandbox.js'
import { ACTION_ENTRY, checkAction, newWorldCache, seedWorld, type ActionVerdict } from './action-check.js'
import { existsSync } from 'node:fs'
import { alsoSupportedVersions, pinnedVersion } from './install-cli.js'
import { checkDoctor, DOCTOR_ENTRY, doctorSees, type DoctorVerdict } from './doctor-check.js'
import { valueNames } from './resolver-check.js'

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
  /** The doctor's wire vs the CLI's, per case it can see (empty when dist/cli.js is missing or the CLI is not the pinned one). */
  doctor: Map<string, DoctorVerdict>
  doctorRan: boolean
  cliRuns: number
  /** Of which on an older supported version (judging accepts and rejections). */
  olderCliRuns: number
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

const openNote = (testCase: ConformanceCase, where: 'action' | 'doctor'): string => (testCase.openFinding?.in === where ? ' (open finding, counted apart)' : '')

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
  // The doctor reads as the newest measured version does: judged against the pinned CLI only.
  const doctorRan = existsSync(DOCTOR_ENTRY) && cli.version === pinnedVersion && process.env.CONFORMANCE_SKIP_DOCTOR !== '1'
  const doctor = new Map<string, DoctorVerdict>()
  const resolver = new Map<string, ResolverVerdict>()
  const action = new Map<string, ActionVerdict[]>()
  const actionSkipped: SuiteReport['actionSkipped'] = []
  const runCounts = { cli: 0, olderCli: 0 }
  const worldCache = newWorldCache()
  const verbose = process.env.CONFORMANCE_VERBOSE === '1'
  const runCase = async (testCase: ConformanceCase) => {
    const seesDoctor = doctorRan && doctorSees(testCase)
    const feedsAction = actionRan && !testCase.actionSkip
    const afterRun = async (run: ResolverRun) => {
      // The job's own world is often the later step's once the action exports what it already held (provider cases).
      if (feedsAction) seedWorld(worldCache, testCase, cli, run)
      if (!seesDoctor) return
      const seen = await checkDoctor(testCase, run.sandbox, run.observed, valueNames(testCase))
      doctor.set(testCase.id, seen)
      if (!seen.ok || verbose) options.log(`${seen.ok ? 'doctor ok' : 'DOCTOR MISMATCH'} ${testCase.id}${openNote(testCase, 'doctor')}\n${seen.detail}`)
    }
    const verdict = await checkResolver(testCase, cli, afterRun)
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
      if (bad || verbose) options.log(`${bad ? v.outcome.toUpperCase() : v.outcome} ${v.id} [${v.mode}]${bad ? openNote(testCase, 'action') : ''}\n${v.detail}`)
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
  return { cli, cases, skipped, resolver, action, actionSkipped, actionRan, doctor, doctorRan, cliRuns: runCounts.cli, olderCliRuns: runCounts.olderCli, wallMs: Date.now() - started }
}

/** Cases that show a known bug of the action or the doctor: their wrong verdicts there are counted apart (case-model.ts `openFinding`). */
export const openFindingIds = (cases: readonly ConformanceCase[], where: 'action' | 'doctor'): Set<string> => new Set(cases.filter((c) => c.openFinding?.in === where).map((c) => c.id))

export function counts(report: SuiteReport) {
  const openAction = openFindingIds(report.cases, 'action')
  const openDoctor = openFindingIds(report.cases, 'doctor')
  const all = [...report.action.values()].flat()
  const verdicts = all.filter((v) => !openAction.has(v.id))
  const wrong = (v: ActionVerdict) => v.outcome === 'false-accept' || v.outcome === 'false-reject'
  const doctor = [...report.doctor.values()]
  return {
    cases: report.cases.length,
    resolverMismatches: [...report.resolver.values()].filter((v) => !v.ok).length,
    actionRuns: all.length,
    falseAccepts: verdicts.filter((v) => v.outcome === 'false-accept').length,
    falseRejections: verdicts.filter((v) => v.outcome === 'false-reject').length,
    accepts: verdicts.filter((v) => v.outcome === 'accept').length,
    rejects: verdicts.filter((v) => v.outcome === 'reject').length,
    /** Wrong action verdicts in cases with an action open finding (right ones there count as accepts and rejections). */
    openActionVerdicts: all.filter((v) => openAction.has(v.id) && wrong(v)).length,
    doctorCases: doctor.length,
    doctorAgreements: doctor.filter((v) => v.ok).length,
    doctorMismatches: doctor.filter((v) => !v.ok && !openDoctor.has(v.id)).length,
    openDoctorMismatches: doctor.filter((v) => !v.ok && openDoctor.has(v.id)).length,
  }
}

/** "; open findings 10 wrong verdicts in a (action), b (action)", or nothing. */
function openFindingsText(report: SuiteReport, where: 'action' | 'doctor', wrong: number): string {
  const ids = [...openFindingIds(report.cases, where)]
  return ids.length > 0 ? `; open findings: ${wrong} wrong verdicts in ${ids.length} cases (${ids.join(', ')})` : ''
}

export function summaryLine(report: SuiteReport): string {
  const c = counts(report)
  const action = report.actionRan
    ? `false accepts ${c.falseAccepts}, false rejections ${c.falseRejections} (action runs ${c.actionRuns}: ${c.accepts} right accepts, ${c.rejects} right rejections; ${report.actionSkipped.length} cases resolver-only${openFindingsText(report, 'action', c.openActionVerdicts)})`
    : 'action vs CLI NOT RUN (dist/index.js missing or CONFORMANCE_SKIP_ACTION=1)'
  return `conformance: Claude Code ${report.cli.version}: ${c.cases} cases, resolver mismatches ${c.resolverMismatches}, ${action}; ${report.skipped.length} skipped, ${report.cliRuns} CLI runs (${report.olderCliRuns} on older versions), wall ${(report.wallMs / 1000).toFixed(1)}s`
}

export function doctorSummaryLine(report: SuiteReport): string {
  if (!report.doctorRan) return `doctor: NOT RUN (${existsSync(DOCTOR_ENTRY) ? `judged against the pinned CLI ${pinnedVersion} only, or CONFORMANCE_SKIP_DOCTOR=1` : 'dist/cli.js missing'})`
  const c = counts(report)
  return `doctor: ${c.doctorCases} cases, ${c.doctorAgreements} agree with the CLI, mismatches ${c.doctorMismatches}${openFindingsText(report, 'doctor', c.openDoctorMismatches)}`
}
