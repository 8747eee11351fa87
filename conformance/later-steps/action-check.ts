// Assertion 2 for later steps, end to end: the built action runs under the
// runner harness with the case's workflow file in the workspace, in each
// `on-conflict` mode; then the later steps run as the runner would run them,
// with the action's GITHUB_ENV applied. The action must accept exactly when
// the CLI then sends the intended credential alone.

import path from 'node:path'
import { envForLaterStep, runAction } from '../../harness/runner.js'
import { ACTION_ENTRY, ACTION_TIMEOUT_MS, MODES, claimsExact, type ActionVerdict, type Outcome } from '../action-check.js'
import { repoRoot, type InstalledCli } from '../install-cli.js'
import { startMockApi } from '../mock-api.js'
import { mockTls } from '../mock-tls.js'
import type { ExchangeRecord, OidcRecord } from '../mock-keyless.js'
import { describeWire, type Wire } from '../wire.js'
import { laterBestExports, sendsIntendedAlone, servesRefresh } from './keyless.js'
import type { LaterCase, LaterIntended } from './model.js'
import { laterValueNames, scrub } from './resolver-check.js'
import { STEP_TIMEOUT_MS, type StepsRun } from './run-steps.js'
import { withoutManagedSettings } from '../machine.js'
import { createLaterSandbox } from './sandbox.js'
import { timed } from '../timing.js'
import { stepsIn, type LaterWorldCache, type VersionedRun } from './worlds.js'

/** Exactly the intended credential, and a run that proves it (no timeout, every request alike). */
const sentAlone = (run: StepsRun, testCase: LaterCase): boolean => !run.timedOut && !run.inconsistent && sendsIntendedAlone(run.wire, testCase)

/** A judge's run that reached its limit says so: it is judged as not sending the intended credential. */
const killed = (run: StepsRun): string => (run.timedOut ? ` (step "${run.failedStep ?? '?'}" killed at ${STEP_TIMEOUT_MS / 1000} s)` : '')

/** What a federation job did at the token endpoints: this action's requests, then every run of the later steps. */
export interface FederationEvidence {
  oidc: OidcRecord[]
  /** This action's exchanges (before any later step ran). */
  action: ExchangeRecord[]
  /** Each run of the later steps the verdict rests on. */
  runs: VersionedRun[]
}

export interface LaterActionVerdict extends Omit<ActionVerdict, 'kind'> {
  kind: LaterIntended
  /** The variables the action wrote to GITHUB_ENV. */
  exported: string[]
  /** Federation cases only. */
  federation?: FederationEvidence
}

const exchangeSummary = (records: readonly ExchangeRecord[]): string => (records.length ? records.map((r) => `${r.status}${r.issued ? ' (token issued)' : ''}`).join(', ') : 'none')

export async function checkLaterAction(testCase: LaterCase, cli: InstalledCli, judges: readonly InstalledCli[], cache: LaterWorldCache): Promise<LaterActionVerdict[]> {
  const kind = testCase.intended
  const verdicts: LaterActionVerdict[] = []
  for (const mode of MODES) {
    const mock = await startMockApi(servesRefresh(testCase) ? { tls: mockTls() } : {})
    const later = createLaterSandbox(testCase, mode, mock.url)
    const names = laterValueNames(testCase, later.workflow.jobEnv)
    try {
      const action = await withoutManagedSettings(
        () =>
          timed('action', `later:${testCase.id} [${mode}]`, ACTION_TIMEOUT_MS, () =>
            runAction({
              inputs: later.workflow.inputs,
              env: later.jobEnv,
              home: later.sandbox.home,
              workspace: later.workspace,
              timeoutMs: ACTION_TIMEOUT_MS,
              entry: ACTION_ENTRY,
              actionYml: path.join(repoRoot, 'action.yml'),
            }),
          ),
        (unused) => unused.cleanup(),
      )
      try {
        // Before any later step: what this action asked GitHub and the token endpoint.
        const actionExchanges = mock.keyless.exchanges.slice()
        const oidc = mock.keyless.oidcRequests.slice()
        const claimedExact = claimsExact(mode, action.exitCode, action.outputs.conflicts)
        const best = laterBestExports(later.jobEnv, testCase, mode, actionExchanges.find((e) => e.issued)?.issued)
        const env = action.exitCode === 0 ? envForLaterStep(later.jobEnv, action) : { ...later.jobEnv, ...best }
        const bestNames = Object.keys(best).map((n) => (best[n] === '' ? `${n}=""` : n))
        const how = action.exitCode === 0 ? 'after the action' : bestNames.length ? `with only ${bestNames.join(', ')} exported` : 'with nothing exported'
        const observed = await stepsIn(later, testCase.id, mock, cli, env, cache)
        const runs: VersionedRun[] = [{ version: cli.version, run: observed }]
        let cliExact = sentAlone(observed, testCase)
        const notes: string[] = []
        const describe = (wire: Wire) => describeWire(wire, names)
        if (claimedExact && cliExact) {
          // The action cannot know which supported version a later step installs.
          for (const judge of judges) {
            const elsewhere = await stepsIn(later, testCase.id, mock, judge, env, cache)
            runs.push({ version: judge.version, run: elsewhere })
            if (!sentAlone(elsewhere, testCase)) {
              cliExact = false
              notes.push(`but Claude Code ${judge.version} would send ${describe(elsewhere.wire)}${killed(elsewhere)}`)
              break
            }
          }
        }
        if (!claimedExact && cliExact) {
          // A rejection is false only if every supported version does exactly what was intended too (one
          // run each, shared within the case). No re-run of the same CLI: a race is recorded on the case
          // (`racesRefresh`), not sampled until one answer shows.
          for (const judge of judges) {
            const elsewhere = await stepsIn(later, testCase.id, mock, judge, env, cache)
            runs.push({ version: judge.version, run: elsewhere })
            if (!sentAlone(elsewhere, testCase)) {
              cliExact = false
              notes.push(`rejection justified: Claude Code ${judge.version} would send ${describe(elsewhere.wire)}${killed(elsewhere)}`)
              break
            }
          }
        }
        const refreshed = runs.flatMap(({ version, run }) => run.refreshes.map((r) => `${version}: ${r.status}${r.live ? '' : ' (refresh token not live)'}`))
        if (refreshed.length) notes.push(`the CLI refreshed the /login at platform.claude.com: ${refreshed.join(', ')}`)
        const federation = kind === 'federation' ? { oidc, action: actionExchanges, runs } : undefined
        if (federation) {
          const cliExchanges = runs.map(({ version, run }) => `${version}: ${run.claudeRuns} claude, ${run.exchanges.length} exchanges${run.cachesWritten.length ? `, wrote ${run.cachesWritten.join(' ')}` : ''}`)
          notes.push(`exchanges: this action ${exchangeSummary(actionExchanges)}; later steps ${cliExchanges.join('; ')}`)
        }
        if (testCase.conservative && !claimedExact && cliExact) notes.push(`rejected on purpose: ${testCase.conservative}`)
        // A conservative case's rejection is right by its rule; an acceptance is judged by the CLI as always.
        const outcome: Outcome = claimedExact ? (cliExact ? 'accept' : 'false-accept') : cliExact && !testCase.conservative ? 'false-reject' : 'reject'
        const findings = action.annotations
          .filter((a) => a.level === 'error' || a.level === 'warning')
          .map((a) => `  ${a.level}: ${a.title ?? ''} ${a.message.split('\n')[0]}`)
        verdicts.push({
          ...(federation ? { federation } : {}),
          id: testCase.id,
          mode,
          kind,
          exported: action.exportedEnvRecords.map((r) => r.name),
          actionExit: action.exitCode,
          claimedExact,
          cliExact,
          outcome,
          detail: scrub(
            [
              `intended ${kind}, on-conflict ${mode}: action exit ${action.exitCode}${action.timedOut ? ' (timed out)' : ''}, conflicts ${action.outputs.conflicts ?? '-'}, later-steps ${action.outputs['later-steps'] ?? '-'}`,
              `CLI ${how}: ${describe(observed.wire)}${observed.timedOut ? ' (timed out)' : ''}${observed.inconsistent ? ' (requests disagree)' : ''}`,
              ...notes,
              ...findings.slice(0, 6),
            ].join('\n'),
            names,
          ),
        })
      } finally {
        await action.cleanup()
      }
    } finally {
      later.cleanup()
      await mock.close()
    }
  }
  return verdicts
}
