// The action, start to finish: read inputs → scan → resolve and decide →
// apply. Each stage is its own module; this one only wires them together.

import { readdirSync, statSync } from 'node:fs'
import { resolve as resolvePath } from 'node:path'
import * as core from '@actions/core'
import { exportAndOutput, inert, maskSecrets, report } from './report/apply.js'
import { decide } from './decide/decide.js'
import { diagnoseMissingCredential } from './inputs/diagnose-missing.js'
import { fingerprint } from './common/fingerprint.js'
import { SECRET_INPUTS, SHORTEST_CREDENTIAL } from './inputs/credential-shape.js'
import { DECLARED_INPUTS, inputVariable, parseInputs, rawCredentials, readInput, type Env, type Inputs } from './inputs/inputs.js'
import type { Places } from './decide/places.js'
import { noCheckoutProblem } from './scan/messages.js'
import type { LiveCheckResult } from './live-check/index.js'
import { hasErrors, problem, type Problem } from './common/problems.js'
import { defaultLocations, scan, secretsFound } from './scan/scan.js'

export async function run(env: Env = process.env): Promise<void> {
  try {
    // Before anything can be printed: every secret input and every credential
    // inside it, and values given under inputs this action does not have (a
    // misspelt credential input still carries a credential).
    maskSecrets([...SECRET_INPUTS.map((name) => readInput(env, name)), ...unknownInputValues(env)])
    const given = rawCredentials(env)

    const workspace = env.GITHUB_WORKSPACE || process.cwd()
    const parsed = parseInputs(env, workspace, () => diagnoseMissingCredential(env))
    const inputs = parsed.inputs
    if (!inputs || hasErrors(parsed.problems)) return report({ problems: parsed.problems, ok: false })

    const projectDir = resolvePath(workspace, inputs.workingDirectory)
    const missingDirectory = checkDirectory(projectDir)
    if (missingDirectory) return report({ problems: [...parsed.problems, missingDirectory], ok: false })

    const locations = defaultLocations(env, projectDir, workspace)
    const found = scan(env, locations)
    maskSecrets(secretsFound(found))
    const places: Places = { repoRoot: workspace, home: locations.home, declared: () => undefined }

    const decision = decide(inputs, found, places)
    const problems: Problem[] = [...parsed.problems, ...found.problems, ...checkoutProblems(workspace), ...decision.problems]
    const credentialFingerprint = fingerprint(inputs.credential.value)

    let liveCheck: LiveCheckResult | undefined
    if (decision.ok && inputs.liveCheck.enabled) {
      liveCheck = await checkLive(inputs, env, given.map(({ raw }) => raw), decision.baseUrl)
      problems.push(liveCheckProblem(liveCheck, inputs))
      for (const note of liveCheck.notes) problems.push(problem('notice', 'Live check note', note, 'live check', 'nothing to do unless the note says otherwise'))
    }
    const ok = decision.ok && !hasErrors(problems)
    const final = ok ? decision : { ...decision, exports: [] }
    exportAndOutput(inputs, final, credentialFingerprint, liveCheck?.verdict ?? 'skipped', undefined)

    report({
      inputs,
      decision: final,
      fingerprint: credentialFingerprint,
      problems,
      ok,
      places,
      liveCheck: liveCheck
        ? { verdict: liveCheck.verdict, latencyMs: liveCheck.latencyMs, title: liveCheck.title, detail: `${liveCheck.endpoint}, ${liveCheck.attempts} attempt${liveCheck.attempts === 1 ? '' : 's'}, ${liveCheck.route}` }
        : undefined,
    })
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

/** Values given under `with:` names this action does not declare; long ones may be credentials. */
function unknownInputValues(env: Env): string[] {
  const declared = new Set<string>(DECLARED_INPUTS.map(inputVariable))
  return Object.entries(env)
    .filter(([name, value]) => name.startsWith('INPUT_') && !declared.has(name) && value !== undefined && value.trim().length >= SHORTEST_CREDENTIAL)
    .map(([, value]) => value!)
}

/** No checkout yet: the project's `.claude/` settings cannot have been read. */
function checkoutProblems(workspace: string): Problem[] {
  try {
    return readdirSync(workspace).length === 0 ? [noCheckoutProblem()] : []
  } catch {
    return []
  }
}

function checkDirectory(path: string): Problem | undefined {
  try {
    if (statSync(path).isDirectory()) return undefined
  } catch {
    // reported below
  }
  return problem(
    'error',
    'Working directory not found',
    '`working-directory` names a folder that does not exist (or is not a directory), so the project settings Claude Code will read there cannot be checked.',
    'input `working-directory`',
    'set `working-directory` to the folder later steps run `claude` in (relative to the workspace), after checking the repository out',
  )
}

async function checkLive(inputs: Inputs, env: Env, rawSecrets: string[], baseUrl: string | undefined): Promise<LiveCheckResult> {
  // Loaded only when asked for, so that the usual run never pays for an HTTP client.
  const { runLiveCheck } = await import('./live-check/index.js')
  return runLiveCheck({
    kind: inputs.credential.kind,
    credential: inputs.credential.value,
    baseUrl: baseUrl || 'https://api.anthropic.com',
    timeoutMs: inputs.liveCheck.timeoutMs,
    env,
    secrets: [inputs.credential.value, ...rawSecrets],
  })
}

function liveCheckProblem(result: LiveCheckResult, inputs: Inputs): Problem {
  const quoted = result.serverMessage ? ` The server said: "${result.serverMessage}".` : ''
  const cause = `${result.message}${quoted} (${result.endpoint}, ${result.attempts} attempt${result.attempts === 1 ? '' : 's'}, ${result.latencyMs} ms)`
  const origin = 'live check'
  if (result.verdict === 'valid') return problem('notice', 'Live check passed', cause, origin, 'nothing to do')
  if (result.side === 'none') return problem('warning', result.title, cause, origin, result.fix)
  const fails = result.side === 'auth' || inputs.liveCheck.onNetworkFailure === 'fail'
  return problem(fails ? 'error' : 'warning', result.title, cause, origin, result.fix)
}
