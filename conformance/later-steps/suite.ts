// Runs every later-step case against the real CLI (resolver, then the action
// end to end in each mode) and prints one line of counts.

import { existsSync } from 'node:fs'
import { ACTION_ENTRY, type ActionVerdict } from '../action-check.js'
import { alsoSupportedVersions, ensureCli, pinnedVersion, type InstalledCli } from '../install-cli.js'
import { mapPool } from '../pool.js'
import type { SuiteOptions } from '../suite.js'
import { laterCases } from './cases.js'
import type { LaterCase } from './model.js'
import { checkLaterAction } from './action-check.js'
import { checkLaterResolver, type LaterResolverVerdict } from './resolver-check.js'
import { newLaterWorldCache } from './worlds.js'

export interface LaterSuiteReport {
  cli: InstalledCli
  cases: LaterCase[]
  resolver: Map<string, LaterResolverVerdict[]>
  /** Empty when the action is not run (no build, or CONFORMANCE_SKIP_ACTION=1). */
  action: Map<string, ActionVerdict[]>
  actionRan: boolean
  cliRuns: number
  wallMs: number
}

export const actionRuns = (): boolean => existsSync(ACTION_ENTRY) && process.env.CONFORMANCE_SKIP_ACTION !== '1'

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
  const action = new Map<string, ActionVerdict[]>()
  const verbose = process.env.CONFORMANCE_VERBOSE === '1'

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
  return { cli, cases, resolver, action, actionRan, cliRuns: cache.cliRuns, wallMs: Date.now() - started }
}

export function laterCounts(report: LaterSuiteReport) {
  const verdicts = [...report.action.values()].flat()
  return {
    cases: report.cases.length,
    resolverMismatches: [...report.resolver.values()].flat().filter((v) => !v.ok).length,
    actionRuns: verdicts.length,
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
  return `later steps: Claude Code ${report.cli.version}: ${c.cases} cases, resolver mismatches ${c.resolverMismatches}, ${action}; ${report.cliRuns} CLI runs, wall ${(report.wallMs / 1000).toFixed(1)}s`
}
