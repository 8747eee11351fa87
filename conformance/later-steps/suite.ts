// Runs every later-step case against the real CLI (resolver, then the action
// end to end in each mode) and prints one line of counts.

import { existsSync } from 'node:fs'
import { ACTION_ENTRY } from '../action-check.js'
import { alsoSupportedVersions, ensureCli, pinnedVersion, type InstalledCli } from '../install-cli.js'
import { mapPool } from '../pool.js'
import type { SuiteOptions } from '../suite.js'
import { laterCases as firstPartyCases } from './cases.js'
import { keylessLaterCases } from './cases-keyless.js'
import type { LaterCase } from './model.js'
import { checkLaterAction, type LaterActionVerdict } from './action-check.js'
import { CLI_FEDERATION_ID, measureCliFederation, type CliFederationMeasure } from './federation-by-cli.js'
import { checkLaterResolver, type LaterResolverVerdict } from './resolver-check.js'
import { newLaterWorldCache } from './worlds.js'

export interface LaterSuiteReport {
  cli: InstalledCli
  cases: LaterCase[]
  resolver: Map<string, LaterResolverVerdict[]>
  /** Empty when the action is not run (no build, or CONFORMANCE_SKIP_ACTION=1). */
  action: Map<string, LaterActionVerdict[]>
  /** Federation left to the CLI, on each supported version (empty when the filter leaves it out). */
  cliFederation: CliFederationMeasure[]
  actionRan: boolean
  cliRuns: number
  wallMs: number
}

export const actionRuns = (): boolean => existsSync(ACTION_ENTRY) && process.env.CONFORMANCE_SKIP_ACTION !== '1'

const laterCases: LaterCase[] = [...firstPartyCases, ...keylessLaterCases]

export function selectedLaterCases(filter?: RegExp): LaterCase[] {
  const seen = new Set<string>()
  for (const { id } of laterCases) {
    if (seen.has(id)) throw new Error(`duplicate later-step case id ${id}`)
    seen.add(id)
  }
  return filter ? laterCases.filter((c) => filter.test(`later:${c.id}`)) : laterCases
}

export async function runLaterSuite(options: SuiteOptions): Promise<LaterSuiteReport> {
  const started = Date.now()
  const cli = await ensureCli(options.log)
  const judges: InstalledCli[] = []
  for (const version of [...new Set([pinnedVersion, ...alsoSupportedVersions])].filter((v) => v !== cli.version)) judges.push(await ensureCli(options.log, version))
  const cases = selectedLaterCases(options.filter)
  const actionRan = actionRuns()
  const cache = newLaterWorldCache()
  const resolver = new Map<string, LaterResolverVerdict[]>()
  const action = new Map<string, LaterActionVerdict[]>()
  const verbose = process.env.CONFORMANCE_VERBOSE === '1'
  const measureFederation = !options.filter || options.filter.test(CLI_FEDERATION_ID)
  // Alongside the cases: a few CLI runs, one version after the other.
  const measuring = (async () => {
    const measures: CliFederationMeasure[] = []
    if (measureFederation) for (const version of [cli, ...judges]) measures.push(await measureCliFederation(version))
    return measures
  })()

  await mapPool(cases, options.concurrency, async (testCase) => {
    const verdicts = await checkLaterResolver(testCase, cli, cache).catch((error: unknown): LaterResolverVerdict[] => [
      { id: testCase.id, modes: [], ok: false, predicted: { route: 'none' }, detail: `the check itself failed: ${error instanceof Error ? error.message : String(error)}` },
    ])
    resolver.set(testCase.id, verdicts)
    for (const v of verdicts) if (!v.ok || verbose) options.log(`later ${v.ok ? 'ok' : 'MISMATCH'} ${v.id} [${v.modes.join(', ')}]\n${v.detail}`)
    if (!actionRan) return
    const outcomes = await checkLaterAction(testCase, cli, judges, cache)
    action.set(testCase.id, outcomes)
    for (const v of outcomes) {
      const bad = v.outcome === 'false-accept' || v.outcome === 'false-reject'
      if (bad || verbose) options.log(`later ${bad ? v.outcome.toUpperCase() : v.outcome} ${v.id} [${v.mode}]\n${v.detail}`)
    }
  })
  const cliFederation = await measuring
  const cliRuns = cache.cliRuns + cliFederation.reduce((sum, m) => sum + m.claudeRuns, 0)
  return { cli, cases, resolver, action, actionRan, cliFederation, cliRuns, wallMs: Date.now() - started }
}

/** Cases that show a known bug of the action or the resolver: their wrong verdicts there are counted apart (model.ts `openFinding`). */
export const openFindingIds = (cases: readonly LaterCase[], where: 'action' | 'resolver') => new Set(cases.filter((c) => c.openFinding?.in === where || c.openFinding?.in === 'both').map((c) => c.id))

export function laterCounts(report: LaterSuiteReport) {
  const open = openFindingIds(report.cases, 'action')
  const openResolver = openFindingIds(report.cases, 'resolver')
  const all = [...report.action.values()].flat()
  const verdicts = all.filter((v) => !open.has(v.id))
  const wrong = (v: { outcome: string }) => v.outcome === 'false-accept' || v.outcome === 'false-reject'
  const mismatches = [...report.resolver.values()].flat().filter((v) => !v.ok)
  return {
    openFindings: all.filter((v) => open.has(v.id) && wrong(v)).length + mismatches.filter((v) => openResolver.has(v.id)).length,
    cases: report.cases.length,
    resolverMismatches: mismatches.filter((v) => !openResolver.has(v.id)).length,
    actionRuns: all.length,
    falseAccepts: verdicts.filter((v) => v.outcome === 'false-accept').length,
    falseRejections: verdicts.filter((v) => v.outcome === 'false-reject').length,
    accepts: verdicts.filter((v) => v.outcome === 'accept').length,
    rejects: verdicts.filter((v) => v.outcome === 'reject').length,
  }
}

export function laterSummaryLine(report: LaterSuiteReport): string {
  const c = laterCounts(report)
  const action = report.actionRan
    ? `false accepts ${c.falseAccepts}, false rejections ${c.falseRejections} (action runs ${c.actionRuns}: ${c.accepts} right accepts, ${c.rejects} right rejections)`
    : 'action vs CLI NOT RUN (dist/index.js missing or CONFORMANCE_SKIP_ACTION=1)'
  const findings = report.cases.filter((x) => x.openFinding).map((x) => `${x.id} (${x.openFinding!.in})`)
  const open = findings.length ? `; open findings ${c.openFindings} wrong verdicts in ${findings.join(', ')}` : ''
  return `later steps: Claude Code ${report.cli.version}: ${c.cases} cases, resolver mismatches ${c.resolverMismatches}, ${action}${open}; ${report.cliRuns} CLI runs, wall ${(report.wallMs / 1000).toFixed(1)}s`
}
