// `claude-code-auth doctor`, start to finish: parse the command line, read
// what Claude Code reads (world.ts), judge it (judge.ts, on the action's rules),
// optionally prove the credential live, and render. Returns what to print and
// the exit code; cli.ts does the printing.

import { statSync } from 'node:fs'
import { resolve as resolvePath } from 'node:path'
import { hasErrors, problem, type Problem } from '../common/problems.js'
import { PROVIDER_WORDS } from '../common/provider-words.js'
import { VERSION } from '../common/version.js'
import type { Env } from '../inputs/inputs.js'
import type { LiveCheckResult } from '../live-check/index.js'
import type { CredentialKind } from '../resolve/model.js'
import { parseArgs, USAGE, type DoctorArgs } from './args.js'
import { judge, type Diagnosis } from './judge.js'
import { doctorSetup, doctorWorld } from './world.js'
import { renderJson } from './json.js'
import { liveCheckSkippedProblem } from './messages.js'
import type { DoctorReport, LiveCheckView } from './report.js'
import { renderText } from './text.js'

export interface Output {
  stdout: string
  stderr: string
  exitCode: 0 | 1 | 2
}

export interface DoctorIo {
  env: Env
  cwd: string
  platform: NodeJS.Platform
}

const usageError = (message: string): Output => ({ stdout: '', stderr: `claude-code-auth: ${message}.\nRun \`claude-code-auth --help\` for the options.\n`, exitCode: 2 })

export async function runDoctor(argv: readonly string[], io: DoctorIo): Promise<Output> {
  const parsed = parseArgs(argv)
  switch (parsed.kind) {
    case 'help':
      return { stdout: `${USAGE}\n`, stderr: '', exitCode: 0 }
    case 'version':
      return { stdout: `${VERSION}\n`, stderr: '', exitCode: 0 }
    case 'usage-error':
      return usageError(parsed.message)
  }
  const { args } = parsed
  const project = resolvePath(io.cwd, args.project ?? '.')
  if (!isDirectory(project)) return usageError('--project names no folder (or not a directory)')
  const report = await examine(args, project, io)
  return { stdout: args.json ? renderJson(report) : renderText(report), stderr: '', exitCode: report.exitCode }
}

async function examine(args: DoctorArgs, project: string, io: DoctorIo): Promise<DoctorReport> {
  const { env } = io
  const { locations, found, places, host, keychain } = doctorWorld(env, project, io.platform)
  const { home } = locations
  const diagnosis = judge(found, doctorSetup(args, keychain), places)

  const problems: Problem[] = [...diagnosis.problems]
  let liveCheck: LiveCheckView | undefined
  if (args.liveCheck) {
    const target = liveTarget(diagnosis)
    if (!diagnosis.ok) problems.push(liveCheckSkippedProblem('the problems above come first'))
    else if ('why' in target) problems.push(liveCheckSkippedProblem(target.why))
    else {
      const result = await checkLive(target, diagnosis.baseUrl.value, args.liveCheckTimeoutMs, env)
      liveCheck = { ...pick(result), credential: target.name }
      problems.push(liveCheckProblem(result))
    }
  }
  const configDir = env.CLAUDE_CONFIG_DIR?.trim() || undefined
  return {
    toolVersion: VERSION,
    project,
    home,
    ...(configDir ? { configDir } : {}),
    host,
    managedSettings: locations.managedSettings,
    diagnosis,
    files: found.files,
    places,
    ...(liveCheck ? { liveCheck } : {}),
    problems,
    exitCode: hasErrors(problems) ? 1 : 0,
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

interface LiveTarget {
  name: string
  kind: CredentialKind
  value: string
}

/** The one credential on the wire, when it has a value to send (a helper's output is known only when the CLI runs it). */
function liveTarget(diagnosis: Diagnosis): LiveTarget | { why: string } {
  const { wire, sent } = diagnosis.judged
  if (wire.route !== 'first-party') return { why: `every request goes to ${PROVIDER_WORDS[wire.route]}, which the live check does not cover` }
  if (sent.length !== 1) return { why: sent.length === 0 ? 'no credential is sent' : 'more than one credential is sent' }
  const slot = wire.authorization ?? wire.xApiKey
  if (!slot || slot.value === undefined || slot.name.endsWith('_FILE_DESCRIPTOR')) return { why: `the value of ${sent[0].name} is known only when Claude Code runs` }
  if (slot.value.includes('\u0000')) return { why: 'the `/login` in the macOS Keychain is not read by this tool (only its presence is checked)' }
  const kind: CredentialKind = wire.authorization ? (wire.authorization.oauth ? 'oauth-token' : 'auth-token') : 'api-key'
  return { name: slot.name, kind, value: slot.value.trim() }
}

async function checkLive(target: LiveTarget, baseUrl: string, timeoutMs: number, env: Env): Promise<LiveCheckResult> {
  // Loaded only when asked for: the usual run never pays for an HTTP client.
  const { runLiveCheck } = await import('../live-check/index.js')
  return runLiveCheck({ kind: target.kind, credential: target.value, baseUrl, timeoutMs, env, secrets: [target.value], reader: 'doctor' })
}

function pick(result: LiveCheckResult): Omit<LiveCheckView, 'credential'> {
  const { verdict, side, httpStatus, latencyMs, attempts, endpoint, route, title } = result
  return { verdict, side, ...(httpStatus === undefined ? {} : { httpStatus }), latencyMs, attempts, endpoint, route, title }
}

/** As the action judges it by default: auth-side and network-side failures are errors; an answer it cannot read is a warning. */
function liveCheckProblem(result: LiveCheckResult): Problem {
  const quoted = result.serverMessage ? ` The server said: "${result.serverMessage}".` : ''
  const cause = `${result.message}${quoted} (${result.endpoint}, ${result.attempts} attempt${result.attempts === 1 ? '' : 's'}, ${result.latencyMs} ms)`
  if (result.verdict === 'valid') return problem('notice', 'Live check passed', cause, 'live check', 'nothing to do', { rule: 'live-check/valid' })
  return problem(result.side === 'none' ? 'warning' : 'error', result.title, cause, 'live check', result.fix, { rule: `live-check/${result.verdict}` })
}
