// The action, start to finish: read inputs → scan (environment, files, the
// running workflow) → resolve and decide (this step, then every later step)
// → apply. Each stage is its own module; this one only wires them together.

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { resolve as resolvePath } from 'node:path'
import * as core from '@actions/core'
import { sentFingerprint } from './common/fingerprint.js'
import { hasErrors, problem, type Problem } from './common/problems.js'
import { decide, worldAfter, type Decision, type LaterJudge } from './decide/decide.js'
import { READINGS } from './decide/explain.js'
import { judgeLaterSteps } from './decide/later-steps.js'
import { displayPath, type Places } from './decide/places.js'
import { chosenHelper } from './decide/intended.js'
import { SHORTEST_CREDENTIAL } from './inputs/credential-shape.js'
import { diagnoseMissingCredential } from './inputs/diagnose-missing.js'
import { DECLARED_INPUTS, inputVariable, parseInputs, rawSecrets, readInput, type Env, type Inputs } from './inputs/inputs.js'
import type { LiveCheckResult } from './live-check/index.js'
import type { ProviderWire } from './resolve/model.js'
import { effectiveEnv } from './resolve/resolve.js'
import { isReadVariable } from './resolve/rules.js'
import { exportAndOutput, inert, maskSecrets, report } from './report/apply.js'
import { laterStepsSettings } from './scan/later-settings.js'
import { isOnlyBrokenExpression } from './common/broken-expression.js'
import { noCheckoutProblem, workflowNotReadProblem } from './scan/messages.js'
import { configPaths, defaultLocations, flagSettingsFile, inRepository, scan, secretsFound, type Scan, type ScanLocations } from './scan/scan.js'
import { federationExpiryProblem, federationProblem, helperProblem, loginProblems, noHelperProblem, oidcStillAvailableProblem, untrustedHelperProblem } from './keyless/messages.js'
import { federationCleanup, type Cleanup } from './keyless/cleanup.js'
import { settingsFileProblem } from './scan/messages.js'
import { localWorkflowCalls, locateWorkflow, readWorkflowFile } from './scan/workflow/locate.js'
import type { WorkflowReading } from './scan/workflow/model.js'

export async function run(env: Env = process.env): Promise<void> {
  try {
    // Before anything can be printed: every secret input and every credential
    // inside it, and values given under inputs this action does not have (a
    // misspelt credential input still carries a credential).
    const given = rawSecrets(env)
    // `$ secrets.X` given as an input is that text and no secret: masking it would hide the fix.
    maskSecrets([...given, ...unknownInputValues(env)].filter((value) => !isOnlyBrokenExpression(value)))

    const workspace = env.GITHUB_WORKSPACE || process.cwd()
    const reading = await readRunningWorkflow(env)
    const parsed = parseInputs(env, workspace, () => diagnoseMissingCredential(env, reading))
    const inputs = parsed.inputs
    if (!inputs || hasErrors(parsed.problems)) return report({ problems: parsed.problems, ok: false })

    const projectDir = resolvePath(workspace, inputs.workingDirectory)
    const missingDirectory = checkDirectory(projectDir)
    if (missingDirectory) return report({ problems: [...parsed.problems, missingDirectory], ok: false })

    const locations = defaultLocations(env, projectDir, workspace)
    const found = scan(env, locations)
    maskSecrets(secretsFound(found))
    const places = placesOf(workspace, locations.home, reading)

    // The keyless ways in bring their credential now: an exchange, a helper run, a login file.
    const keyless = await prepareKeyless(inputs, env, found, locations, workspace, projectDir, places)
    if (hasErrors(keyless.problems)) return report({ inputs, problems: [...parsed.problems, ...found.problems, ...keyless.problems], ok: false, places })

    // What this run knows of the workflow's expressions, and its broken ones: from the workflow chunk.
    const extras = reading.ok && workflowChunk ? workflowChunk.workflowExtras(reading.workflow, env, isReadVariable) : undefined
    const later: LaterJudge | undefined = reading.ok
      ? (intended, planned, jobConflicts, jobCorrect) =>
          judgeLaterSteps({ workflow: reading.workflow, settings: laterStepsSettings(reading.workflow, workspace, locations), ...(extras ? { known: extras.known, brokenLines: extras.brokenLines } : {}) }, found, inputs, places, intended, planned, jobConflicts, jobCorrect)
      : undefined
    let decision = decide(inputs, found, places, { later })
    const before: Problem[] = [
      ...parsed.problems,
      ...found.problems,
      ...checkoutProblems(workspace),
      ...keyless.problems,
      ...(reading.ok ? (extras?.broken ?? []) : [workflowNotReadProblem(reading.reason)]),
    ]
    const secret = inputs.credential?.value ?? keyless.secret ?? inputs.provider?.exports.find((e) => e.secret)?.value
    const credentialFingerprint = secret ? sentFingerprint(secret) : ''

    const checks: Problem[] = []
    let liveCheck: LiveCheckResult | undefined
    // Federation's exchange was its live check; a helper's or a login's key is checked offline only.
    if (decision.ok && inputs.liveCheck.enabled && inputs.method !== 'federation') {
      const own = inputs.provider ? decision.wire.provider : undefined
      if (inputs.credential) liveCheck = await checkLive(inputs, env, given, decision.baseUrl)
      else if (own?.auth.kind === 'none') checks.push(providerCheckSkipped(own.auth.skippedBy.name))
      else if (own) liveCheck = await checkProviderLive(own, inputs, cliEnvironment(env, found, decision, inputs.bare), [...given, ...secretsFound(found)])
      if (liveCheck) {
        checks.push(liveCheckProblem(liveCheck, inputs))
        for (const note of liveCheck.notes) checks.push(problem('notice', 'Live check note', note, 'live check', 'nothing to do unless the note says otherwise', { rule: 'live-check/note' }))
      }
    }
    const ok = decision.ok && !hasErrors([...before, ...checks])
    // Failed after all: nothing is exported, so nothing may be reported as cleared.
    if (!ok && decision.ok) decision = decide(inputs, found, places, { later, failed: true })
    const problems = [...before, ...decision.problems, ...checks]
    exportAndOutput(inputs, decision, credentialFingerprint, liveCheck?.verdict ?? 'skipped', decision.laterSteps?.lines, keyless.outputs)
    if (ok && keyless.cleanup) core.saveState('cleanup', JSON.stringify(keyless.cleanup))

    report({
      inputs,
      decision,
      fingerprint: credentialFingerprint,
      problems,
      ok,
      places,
      ...(keyless.outputs?.['token-expires-at'] ? { tokenExpiresAt: keyless.outputs['token-expires-at'] } : {}),
      laterSteps: decision.laterSteps ? { checked: true, steps: decision.laterSteps.lines } : { checked: false, reason: reading.ok ? '' : reading.reason },
      liveCheck: liveCheck
        ? { verdict: liveCheck.verdict, latencyMs: liveCheck.latencyMs, title: liveCheck.title, detail: `${liveCheck.endpoint}, ${liveCheck.attempts} attempt${liveCheck.attempts === 1 ? '' : 's'}, ${liveCheck.route}` }
        : undefined,
    })
    // A provider SDK may still hold a request the check gave up on (google-auth-library's
    // token exchange has no timeout of its own): everything is written, so end now.
    if (liveCheck && inputs.provider) process.exit()
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

interface Keyless {
  problems: Problem[]
  /** The credential's value, for the fingerprint (exchanged token, helper output, login token). */
  secret?: string
  /** Extra outputs: `token-expires-at`. */
  outputs?: Record<string, string>
  /** What the post step removes or checks at the end of the job. */
  cleanup?: Cleanup
}

/**
 * Federation: exchange GitHub's OIDC token once and hand later steps the
 * result (as the intended OAuth token). apiKeyHelper: run the helper the CLI
 * will run. Login: check the credentials file the CLI will read.
 */
async function prepareKeyless(inputs: Inputs, env: Env, found: Scan, locations: ScanLocations, workspace: string, projectDir: string, places: Places): Promise<Keyless> {
  if (inputs.method === 'federation') {
    const { federate } = await import('./keyless/federation.js')
    const federation = inputs.federation!
    const result = await federate({
      env,
      federation,
      baseUrl: inputs.baseUrl || env.ANTHROPIC_BASE_URL?.trim() || 'https://api.anthropic.com',
      timeoutMs: 30_000,
      mask: (secret) => maskSecrets([secret]),
    })
    if ('step' in result) return { problems: [federationProblem(result, federation.audience)] }
    inputs.credential = { kind: 'oauth-token', value: result.token }
    return {
      problems: [federationExpiryProblem(result.expiresAt, Date.now()), oidcStillAvailableProblem()],
      secret: result.token,
      outputs: { 'token-expires-at': result.expiresAt ? new Date(result.expiresAt).toISOString() : '' },
      cleanup: federationCleanup(env, locations.home),
    }
  }
  if (inputs.method === 'api-key-helper') {
    const settingsFile = inputs.helper?.settingsFile
    if (settingsFile) {
      const path = resolvePath(workspace, settingsFile)
      const flag = flagSettingsFile(path, locations)
      if (!flag.file) return { problems: [settingsFileProblem(settingsFile, flag.state)] }
      found.settings.push(flag.file)
    }
    const helper = chosenHelper(found.settings, inputs.bare)
    if (!helper) return { problems: [noHelperProblem(inputs.bare, settingsFile)] }
    const where = `\`apiKeyHelper\` in ${displayPath(helper.path, places)}`
    const untrusted = untrustedEvent(env)
    if (untrusted && (helper.layer === 'project' || helper.layer === 'local' || (helper.layer === 'flag' && inRepository(helper.path, workspace)))) {
      return { problems: [untrustedHelperProblem(displayPath(helper.path, places), untrusted)] }
    }
    const { runHelper } = await import('./keyless/helper.js')
    const run = runHelper(helper.apiKeyHelper!, { cwd: projectDir, env: { ...env }, timeoutMs: inputs.helper!.timeoutMs })
    if (!run.ok) {
      maskSecrets(run.printed ?? [])
      return { problems: [helperProblem(run, where, inputs.helper!.timeoutMs)] }
    }
    maskSecrets([run.value])
    return { problems: [problem('notice', 'apiKeyHelper checked', `The apiKeyHelper printed one key in ${run.durationMs} ms; Claude Code will send it in both the Authorization and x-api-key headers.`, where, 'nothing to do', { rule: 'helper/checked' })], secret: run.value }
  }
  if (inputs.method === 'login') {
    const path = configPaths(env, locations).credentials
    const state = found.files.find((f) => f.path === path)?.state ?? 'absent'
    const file = found.credentialsFile ? { ...found.credentialsFile, state } : { path, state }
    return { problems: loginProblems(file, displayPath(path, places), Date.now()), ...(found.credentialsFile ? { secret: found.credentialsFile.accessToken } : {}) }
  }
  return { problems: [] }
}

/** A pull request that can change the project's files while the job has secrets. */
function untrustedEvent(env: Env): string | undefined {
  const event = env.GITHUB_EVENT_NAME ?? ''
  if (event === 'pull_request_target') return '`pull_request_target`'
  if (!event.startsWith('pull_request')) return undefined
  try {
    const payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH ?? '', 'utf8')) as { pull_request?: { head?: { repo?: { fork?: boolean } } } }
    return payload.pull_request?.head?.repo?.fork === true ? 'forked pull request' : undefined
  } catch {
    return undefined
  }
}

/** The workflow chunk, once readRunningWorkflow has loaded it (one `import()` per chunk: the build rewrites it). */
let workflowChunk: typeof import('./scan/workflow/workflow.js') | undefined

/**
 * The running workflow, when this run can read it. The YAML parser is a
 * chunk of its own, loaded only when there is a file to parse.
 */
async function readRunningWorkflow(env: Env): Promise<WorkflowReading> {
  if (/^false$/i.test(readInput(env, 'check-workflow').trim())) return { ok: false, reason: '`check-workflow` is `false`' }
  const location = locateWorkflow(env)
  if ('reason' in location) return { ok: false, reason: location.reason }
  const file = readWorkflowFile(location)
  if ('reason' in file) return { ok: false, reason: file.reason, path: location.path }
  workflowChunk = await import('./scan/workflow/workflow.js')
  const { readWorkflow } = workflowChunk
  const ids = {
    job: env.GITHUB_JOB ?? '',
    action: env.GITHUB_ACTION ?? '',
    actionRepository: env.GITHUB_ACTION_REPOSITORY,
    actionPath: env.GITHUB_ACTION_PATH,
    runnerOs: env.RUNNER_OS,
  }
  const reading = readWorkflow(file.text, location.path, ids)
  if (reading.ok) return reading
  // A job of a reusable workflow in this repository: GITHUB_WORKFLOW_REF names the
  // caller, so look for this job and step in the workflows the caller runs.
  const called: WorkflowReading[] = []
  for (const path of localWorkflowCalls(reading.calls ?? [])) {
    const text = readWorkflowFile({ path, absolute: resolvePath(env.GITHUB_WORKSPACE || process.cwd(), path) })
    if ('text' in text) called.push(readWorkflow(text.text, path, ids))
  }
  const found = called.filter((r) => r.ok)
  return found.length === 1 ? found[0]! : reading
}

/** How findings name places: relative to the repository, and job variables by the line that sets them. */
function placesOf(repoRoot: string, home: string, reading: WorkflowReading): Places {
  if (!reading.ok) return { repoRoot, home, declared: () => undefined }
  const { workflow } = reading
  return {
    repoRoot,
    home,
    workflowFile: workflow.path,
    declared: (name) => {
      const job = workflow.job.env[name]
      if (job) return { level: 'job', at: { file: workflow.path, line: job.line } }
      const top = workflow.env[name]
      return top ? { level: 'workflow', at: { file: workflow.path, line: top.line } } : undefined
    },
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
    { rule: 'inputs/working-directory-missing' },
  )
}

async function checkLive(inputs: Inputs, env: Env, rawSecrets: string[], baseUrl: string | undefined): Promise<LiveCheckResult> {
  // Loaded only when asked for, so that the usual run never pays for an HTTP client.
  const { runLiveCheck } = await import('./live-check/index.js')
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
      return (await import('./live-check/bedrock.js')).checkBedrock(options)
    case 'vertex':
      return (await import('./live-check/vertex.js')).checkVertex(options)
    case 'foundry':
      return (await import('./live-check/foundry.js')).checkFoundry(options)
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
