// Which live check the action runs, once the offline judgement passed: the
// credential's own check, or the provider's (each a lazy chunk: the usual run
// loads none of them). A stage of the action; main.ts only calls it.

import { problem, type Problem } from '../common/problems.js'
import { worldAfter, type Decision } from '../decide/decide.js'
import { READINGS } from '../decide/explain.js'
import type { Env, Inputs } from '../inputs/inputs.js'
import type { ProviderWire } from '../resolve/model.js'
import { effectiveEnv } from '../resolve/resolve.js'
import { secretsFound, type Scan } from '../scan/scan.js'
import type { LiveCheckResult } from '../live-check/index.js'

export interface LiveChecks {
  /** The findings of the check (a pass is a notice). */
  checks: Problem[]
  result?: LiveCheckResult
}

/** Runs the live check the inputs ask for; nothing when they do not, or when federation's exchange already was one. */
export async function liveChecks(inputs: Inputs, env: Env, given: string[], found: Scan, decision: Decision): Promise<LiveChecks> {
  // Federation's exchange was its live check; a helper's or a login's key is checked offline only.
  if (!decision.ok || !inputs.liveCheck.enabled || inputs.method === 'federation') return { checks: [] }
  const checks: Problem[] = []
  let result: LiveCheckResult | undefined
  const own = inputs.provider ? decision.wire.provider : undefined
  if (inputs.credential) result = await checkLive(inputs, env, given, decision.baseUrl)
  else if (own?.auth.kind === 'none') checks.push(providerCheckSkipped(own.auth.skippedBy.name))
  else if (own) result = await checkProviderLive(own, inputs, cliEnvironment(env, found, decision, inputs.bare), [...given, ...secretsFound(found)])
  if (result) {
    checks.push(liveCheckProblem(result, inputs))
    for (const note of result.notes) checks.push(problem('notice', 'Live check note', note, 'live check', 'nothing to do unless the note says otherwise', { rule: 'live-check/note' }))
  }
  return { checks, ...(result ? { result } : {}) }
}

async function checkLive(inputs: Inputs, env: Env, rawSecrets: string[], baseUrl: string | undefined): Promise<LiveCheckResult> {
  // Loaded only when asked for, so that the usual run never pays for an HTTP client.
  const { runLiveCheck } = await import('../live-check/index.js')
  const credential = inputs.credential!
  return runLiveCheck({
    kind: credential.kind,
    credential: credential.value,
    baseUrl: baseUrl || 'https://api.anthropic.com',
    timeoutMs: inputs.liveCheck.timeoutMs,
    env,
    secrets: [credential.value, ...rawSecrets],
  })
}

/**
 * The environment Claude Code will run with on a provider route: the job's,
 * this action's exports and the settings files' `env`, as the resolver reads it.
 */
function cliEnvironment(env: Env, found: Scan, decision: Decision, bare: boolean): Env {
  const effective = effectiveEnv(worldAfter(found, decision.exports, bare, READINGS[READINGS.length - 1]!))
  return { ...env, ...Object.fromEntries([...effective.values()].map((variable) => [variable.name, variable.value])) }
}

async function checkProviderLive(wire: ProviderWire, inputs: Inputs, env: Env, secrets: string[]): Promise<LiveCheckResult> {
  // Each provider's check is its own chunk: a Bedrock check never loads Google's or Azure's SDK.
  const options = { wire, env, timeoutMs: inputs.liveCheck.timeoutMs, secrets }
  switch (wire.name) {
    case 'bedrock':
      return (await import('../live-check/bedrock.js')).checkBedrock(options)
    case 'vertex':
      return (await import('../live-check/vertex.js')).checkVertex(options)
    case 'foundry':
      return (await import('../live-check/foundry.js')).checkFoundry(options)
  }
}

function providerCheckSkipped(flag: string): Problem {
  return problem(
    'notice',
    'Live check skipped',
    `${flag} is on, so Claude Code sends no provider credential of its own: a gateway adds it, and there is nothing here for the live check to prove.`,
    'live check',
    `nothing to do; remove ${flag} if Claude Code should authenticate itself`,
    { rule: 'live-check/skipped' },
  )
}

function liveCheckProblem(result: LiveCheckResult, inputs: Inputs): Problem {
  const quoted = result.serverMessage ? ` The server said: "${result.serverMessage}".` : ''
  const cause = `${result.message}${quoted} (${result.endpoint}, ${result.attempts} attempt${result.attempts === 1 ? '' : 's'}, ${result.latencyMs} ms)`
  const origin = 'live check'
  if (result.verdict === 'valid') return problem('notice', 'Live check passed', cause, origin, 'nothing to do', { rule: 'live-check/valid' })
  if (result.side === 'none') return problem('warning', result.title, cause, origin, result.fix, { rule: `live-check/${result.verdict}` })
  const fails = result.side === 'auth' || inputs.liveCheck.onNetworkFailure === 'fail'
  return problem(fails ? 'error' : 'warning', result.title, cause, origin, result.fix, { rule: `live-check/${result.verdict}` })
}
