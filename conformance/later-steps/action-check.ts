// Assertion 2 for later steps, end to end: the built action runs under the
// runner harness with the case's workflow file in the workspace, in each
// `on-conflict` mode; then the later steps run as the runner would run them,
// with the action's GITHUB_ENV applied. The action must accept exactly when
// the CLI then sends the intended credential alone.

import path from 'node:path'
import { envForLaterStep, runAction } from '../../harness/runner.js'
import { ACTION_ENTRY, MODES, bestPossibleExports, claimsExact, isExactlyIntended, type ActionVerdict, type Outcome } from '../action-check.js'
import { repoRoot, type InstalledCli } from '../install-cli.js'
import { startMockApi } from '../mock-api.js'
import { describeWire, type Wire } from '../wire.js'
import type { LaterCase } from './model.js'
import { laterValueNames, scrub } from './resolver-check.js'
import type { StepsRun } from './run-steps.js'
import { withoutManagedSettings } from './machine.js'
import { createLaterSandbox } from './sandbox.js'
import { memo, runSteps, stepsIn, worldKey, type LaterWorldCache } from './worlds.js'

/** Exactly the intended credential, and a run that proves it (no timeout, every request alike). */
const sentAlone = (run: StepsRun, kind: LaterCase['intended']): boolean => !run.timedOut && !run.inconsistent && isExactlyIntended(run.wire, kind)

export async function checkLaterAction(testCase: LaterCase, cli: InstalledCli, judges: readonly InstalledCli[], cache: LaterWorldCache): Promise<ActionVerdict[]> {
  const kind = testCase.intended
  const verdicts: ActionVerdict[] = []
  for (const mode of MODES) {
    const mock = await startMockApi()
    const later = createLaterSandbox(testCase, mode, mock.url)
    const names = laterValueNames(testCase, later.workflow.jobEnv)
    try {
      const action = await withoutManagedSettings(
        () =>
          runAction({
            inputs: later.workflow.inputs,
            env: later.jobEnv,
            home: later.sandbox.home,
            workspace: later.workspace,
            timeoutMs: 30_000,
            entry: ACTION_ENTRY,
            actionYml: path.join(repoRoot, 'action.yml'),
          }),
        (unused) => unused.cleanup(),
      )
      try {
        const claimedExact = claimsExact(mode, action.exitCode, action.outputs.conflicts)
        const best = bestPossibleExports(later.jobEnv, kind, mode)
        const env = action.exitCode === 0 ? envForLaterStep(later.jobEnv, action) : { ...later.jobEnv, ...best }
        const how = action.exitCode === 0 ? 'after the action' : `with only ${Object.keys(best).map((n) => (best[n] === '' ? `${n}=""` : n)).join(', ')} exported`
        const observed = await stepsIn(later, testCase.id, mock, cli, env, cache)
        let cliExact = sentAlone(observed, kind)
        const notes: string[] = []
        const describe = (wire: Wire) => describeWire(wire, names)
        if (claimedExact && cliExact) {
          // The action cannot know which supported version a later step installs.
          for (const judge of judges) {
            const elsewhere = await stepsIn(later, testCase.id, mock, judge, env, cache)
            if (!sentAlone(elsewhere, kind)) {
              cliExact = false
              notes.push(`but Claude Code ${judge.version} would send ${describe(elsewhere.wire)}`)
              break
            }
          }
        }
        if (!claimedExact && cliExact) {
          // The CLI has races: a rejection is false only if every supported version, and this one twice more, agree.
          const justification = await memo(cache.confirmed, worldKey(testCase.id, cli.version, env, later.perRun), async () => {
            for (const judge of [...judges, cli, cli]) {
              const again = await runSteps(later, mock, judge, env, cache)
              if (!sentAlone(again, kind)) return `rejection justified: Claude Code ${judge.version} would send ${describe(again.wire)}`
            }
            return ''
          })
          if (justification) {
            cliExact = false
            notes.push(justification)
          }
        }
        if (testCase.conservative && !claimedExact && cliExact) notes.push(`rejected on purpose: ${testCase.conservative}`)
        // A conservative case's rejection is right by its rule; an acceptance is judged by the CLI as always.
        const outcome: Outcome = claimedExact ? (cliExact ? 'accept' : 'false-accept') : cliExact && !testCase.conservative ? 'false-reject' : 'reject'
        const findings = action.annotations
          .filter((a) => a.level === 'error' || a.level === 'warning')
          .map((a) => `  ${a.level}: ${a.title ?? ''} ${a.message.split('\n')[0]}`)
        verdicts.push({
          id: testCase.id,
          mode,
          kind,
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
