// The action, start to finish, wired: the front end reads the setup (inputs)
// and the world (runner, files, the running workflow: src/action/), the
// keyless methods bring their credential (src/keyless/prepare.ts), the engine
// judges (src/engine/judge.ts), the live check runs when asked
// (src/live-check/dispatch.ts), and src/report/ renders: annotations,
// outputs, exports, the log and the job summary. This file only wires them.

import * as core from '@actions/core'
import { actionSetup, actionWorld, secretsGiven } from './action/world.js'
import { readRunningWorkflow, workflowExtrasOf } from './action/workflow.js'
import { judge } from './engine/judge.js'
import type { Env } from './inputs/inputs.js'
import { prepareKeyless } from './keyless/prepare.js'
import { liveChecks } from './live-check/dispatch.js'
import { exportAndOutput, inert, maskSecrets, report } from './report/apply.js'
import { secretsFound } from './scan/scan.js'

export async function run(env: Env = process.env): Promise<void> {
  try {
    // Before anything can be printed: every secret given to this action.
    const { given, toMask } = secretsGiven(env)
    maskSecrets(toMask)

    const workspace = env.GITHUB_WORKSPACE || process.cwd()
    const reading = await readRunningWorkflow(env)
    const setup = actionSetup(env, workspace, reading)
    const { inputs } = setup
    if (!inputs || judge(setup, {}).stopped) return report({ problems: setup.inputProblems, ok: false })

    const world = actionWorld(env, inputs, workspace, reading, workflowExtrasOf(reading, env))
    if (world.missingDirectory) return report({ problems: judge(setup, world).findings, ok: false })
    const found = world.scan!
    maskSecrets(secretsFound(found))
    const places = world.places!

    // The keyless ways in bring their credential now: an exchange, a helper run, a login file.
    const keyless = await prepareKeyless(inputs, env, found, world.locations, workspace, world.projectDir, places)
    setup.keyless = keyless
    let judged = judge(setup, world)
    if (judged.stopped) return report({ inputs, problems: judged.findings, ok: false, places })

    const live = await liveChecks(inputs, env, given, found, judged.decision!)
    if (live.checks.length > 0) judged = judge(setup, { ...world, checks: live.checks })
    const decision = judged.decision!
    const liveCheck = live.result
    exportAndOutput(inputs, decision, judged.fingerprint, liveCheck?.verdict ?? 'skipped', decision.laterSteps?.lines, keyless.outputs)
    if (judged.ok && keyless.cleanup) core.saveState('cleanup', JSON.stringify(keyless.cleanup))
    report({
      inputs,
      decision,
      fingerprint: judged.fingerprint,
      problems: judged.findings,
      ok: judged.ok,
      places,
      ...(keyless.outputs?.['token-expires-at'] ? { tokenExpiresAt: keyless.outputs['token-expires-at'] } : {}),
      laterSteps: decision.laterSteps ? { checked: true, steps: decision.laterSteps.lines } : { checked: false, reason: reading.ok ? '' : reading.reason },
      liveCheck: liveCheck
        ? { verdict: liveCheck.verdict, latencyMs: liveCheck.latencyMs, title: liveCheck.title, detail: `${liveCheck.endpoint}, ${liveCheck.attempts} attempt${liveCheck.attempts === 1 ? '' : 's'}, ${liveCheck.route}` }
        : undefined,
    })
    // A provider SDK may still hold a request the check gave up on (google-auth-library's
    // token exchange has no timeout of its own): everything is written, so end now.
    if (live.result && inputs.provider) process.exit()
  } catch (error) {
    // A bug of ours: report it without a stack trace (the message can only
    // contain masked values, since masking ran first).
    const text = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'
    core.error(`claude-code-auth stopped unexpectedly (${inert(text)}). Where: the action itself. Fix: re-run with ACTIONS_STEP_DEBUG and report it to the action's issue tracker.`, {
      title: 'Internal error',
    })
    process.exitCode = core.ExitCode.Failure
  }
}
