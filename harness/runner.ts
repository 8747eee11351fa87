/**
 * Runs a built JavaScript action the way the GitHub Actions runner runs a `node24` action
 * step, and reports what the runner would record: the masked log, annotations, the
 * GITHUB_ENV / GITHUB_OUTPUT / GITHUB_STATE / GITHUB_PATH effects and the scrubbed summary.
 *
 * Why our own: nektos/act needs Docker, and @github/local-action emulates neither the
 * command files nor masking. The runner behaviours reproduced here, and the runner source
 * files they come from, are listed in masking.ts, file-commands.ts and workflow-commands.ts.
 *
 * Known limits (see also the report in the harness tests):
 * - stdout and stderr are merged in the order their chunks reach us. The runner reads the
 *   two streams on separate threads and, within a batch, handles stderr lines before stdout
 *   lines, so cross-stream order is not deterministic there either; within one stream the
 *   order is exact. @actions/core writes every workflow command to stdout.
 * - Input defaults from action.yml are not applied: pass every input the step would get.
 * - Problem matchers (`::add-matcher::`) are accepted and ignored.
 * - Step debug is taken from the step environment: RUNNER_DEBUG=1 (what the runner exports
 *   when ACTIONS_STEP_DEBUG is on) turns on command echo and `##[debug]` lines.
 */

import { spawn } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import {
  parseKeyValueFile,
  parsePathFile,
  recordsToMap,
  scrubStepSummary,
  STEP_SUMMARY_SIZE_LIMIT,
  type FileCommandKind,
} from './file-commands.js'
import { runnerMaskedVariants, SecretMasker } from './masking.js'
import { LineSplitter, WorkflowCommandProcessor, type Annotation } from './workflow-commands.js'

export type { Annotation } from './workflow-commands.js'

export interface RunOptions {
  /** Action input names as in action.yml, e.g. 'claude-code-oauth-token'. */
  inputs?: Record<string, string>
  /** Job/workflow env. The child starts from a clean env: nothing of process.env but PATH. */
  env?: Record<string, string>
  /** HOME for the child (default: a fresh temp dir). */
  home?: string
  /** GITHUB_WORKSPACE and cwd (default: a fresh temp dir). */
  workspace?: string
  /** Default process.execPath. */
  nodeBinary?: string
  /** Default <repo>/dist/index.js. */
  entry?: string
  /** Default 20000. */
  timeoutMs?: number
  stdin?: string
  /**
   * Values the runner would already mask when the step starts, as it does for `secrets.*`
   * used by the job (whole value trimmed, then every line). Default none, so a test proves
   * the action masks its credentials itself.
   */
  jobSecrets?: string[]
  /**
   * Values earlier steps registered with ::add-mask:: (pass their `result.secrets`): the
   * runner's masker is job-wide, so they stay masked in this step from its first line.
   */
  previouslyMasked?: string[]
  /**
   * The action.yml whose inputs apply: like the runner, every declared input not given in
   * `inputs` is set from its default ('' without one), and a given input the file does not
   * declare draws the runner's "Unexpected input(s)" warning. Default: <repo>/action.yml when
   * `entry` is not given (the real action runs) and the file exists; `null` turns it off.
   */
  actionYml?: string | null
}

export interface RunResult {
  exitCode: number | null
  /** stdout+stderr lines after runner processing and masking, as the job log shows them. */
  log: string[]
  rawStdout: string
  rawStderr: string
  /** Values registered with ::add-mask::, in order. */
  secrets: string[]
  annotations: Annotation[]
  /** GITHUB_ENV as applied (last write wins). */
  exportedEnv: Record<string, string>
  exportedEnvRecords: { name: string; value: string }[]
  outputs: Record<string, string>
  state: Record<string, string>
  /** GITHUB_STEP_SUMMARY as uploaded: masked line by line; '' when empty or refused. */
  summary: string
  rawSummary: string
  paths: {
    envFile: string
    outputFile: string
    stateFile: string
    summaryFile: string
    pathFile: string
    workspace: string
    home: string
    temp: string
  }
  malformedFileCommands: string[]
  /** GITHUB_PATH entries (and allowed ::add-path::) in the order added. */
  addedPaths: string[]
  /** Killed after timeoutMs. */
  timedOut: boolean
  /** The runner would mark the step failed: non-zero exit, a command that threw, or a bad command file. */
  stepFailed: boolean
  /** Removes every temp dir this run created (never a caller-supplied home or workspace). */
  cleanup(): Promise<void>
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const DEFAULT_TIMEOUT_MS = 20_000
/** The runner waits this long for the output streams to close after the process exits. */
const STREAM_DRAIN_GRACE_MS = 5_000

export interface ActionInputDeclaration {
  name: string
  /** The literal default; '' when the input declares none. */
  default: string
}

function parseYamlScalar(raw: string, where: string): string {
  const text = raw.trim()
  if (text === '' || text.startsWith('#')) return ''
  if (text.startsWith('|') || text.startsWith('>')) throw new Error(`${where}: block scalars are not supported by the harness`)
  let value: string
  if (text.startsWith("'")) {
    // Inside single quotes the only escape is a doubled quote.
    const match = /^'((?:[^']|'')*)'/.exec(text)
    if (!match) throw new Error(`${where}: unterminated single-quoted scalar`)
    value = (match[1] as string).replace(/''/g, "'")
  } else if (text.startsWith('"')) {
    const match = /^"((?:[^"\\]|\\.)*)"/.exec(text)
    if (!match) throw new Error(`${where}: unterminated double-quoted scalar`)
    value = (match[1] as string).replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' })[c] ?? c)
  } else {
    value = text.replace(/\s+#.*$/, '').trim()
  }
  if (value.includes('${{')) throw new Error(`${where}: expression defaults are not evaluated by the harness`)
  return value
}

/**
 * The `inputs:` of an action.yml, in declaration order, read with a deliberately small YAML
 * subset (block mappings, plain and quoted scalars). Anything it cannot read exactly throws,
 * rather than silently running the action with a wrong default.
 */
export function readActionInputs(yamlText: string): ActionInputDeclaration[] {
  const lines = yamlText.split(/\r?\n/)
  const start = lines.findIndex((line) => /^inputs:\s*(#.*)?$/.test(line))
  if (start < 0) return []
  const inputs: ActionInputDeclaration[] = []
  let nameIndent = -1
  let propertyIndent = -1
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue
    const indent = line.length - line.trimStart().length
    if (indent === 0) break
    if (nameIndent < 0) nameIndent = indent
    if (indent === nameIndent) {
      const match = /^\s*(?:'([^']*)'|"([^"]*)"|([^\s#'"][^:]*?))\s*:\s*(#.*)?$/.exec(line)
      if (!match) throw new Error(`action.yml: cannot read input line '${line.trim()}'`)
      inputs.push({ name: (match[1] ?? match[2] ?? match[3]) as string, default: '' })
      propertyIndent = -1
      continue
    }
    if (indent < nameIndent) throw new Error(`action.yml: unexpected indentation in inputs at '${line.trim()}'`)
    if (propertyIndent < 0) propertyIndent = indent
    const current = inputs[inputs.length - 1]
    if (indent === propertyIndent && current) {
      const match = /^\s*default\s*:(.*)$/.exec(line)
      if (match) current.default = parseYamlScalar(match[1] as string, `action.yml input '${current.name}'`)
    }
  }
  return inputs
}

export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

function runnerArch(): string {
  return ({ x64: 'X64', arm64: 'ARM64', arm: 'ARM', ia32: 'X86' } as Record<string, string>)[process.arch] ?? process.arch
}

async function readIfExists(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch {
    return ''
  }
}

export async function runAction(options: RunOptions): Promise<RunResult> {
  const root = await mkdtemp(join(tmpdir(), 'claude-auth-harness-'))
  const temp = join(root, 'runner_temp')
  const commandDir = join(temp, '_runner_file_commands')
  await mkdir(commandDir, { recursive: true })
  const home = options.home ?? join(root, 'home')
  const workspace = options.workspace ?? join(root, 'workspace')
  await mkdir(home, { recursive: true })
  await mkdir(workspace, { recursive: true })

  const suffix = randomUUID()
  const files = {
    env: join(commandDir, `set_env_${suffix}`),
    output: join(commandDir, `set_output_${suffix}`),
    state: join(commandDir, `save_state_${suffix}`),
    summary: join(commandDir, `step_summary_${suffix}`),
    path: join(commandDir, `add_path_${suffix}`),
  }
  for (const file of Object.values(files)) await writeFile(file, '')
  const eventPath = join(root, 'event.json')
  await writeFile(eventPath, '{}')

  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: runnerArch(),
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TEMP: temp,
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_ENV: files.env,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_PATH: files.path,
    ...(options.env ?? {}),
  }
  const actionYml =
    options.actionYml !== undefined
      ? options.actionYml
      : options.entry === undefined && existsSync(join(REPO_ROOT, 'action.yml'))
        ? join(REPO_ROOT, 'action.yml')
        : null
  const declared = actionYml ? readActionInputs(await readFile(actionYml, 'utf8')) : null
  const given = options.inputs ?? {}
  const givenLower = new Set(Object.keys(given).map((name) => name.toLowerCase()))
  for (const input of declared ?? []) {
    if (!givenLower.has(input.name.toLowerCase())) childEnv[inputEnvName(input.name)] = input.default
  }
  for (const [name, value] of Object.entries(given)) childEnv[inputEnvName(name)] = value

  // Whatever the child was actually told is what the runner would read back.
  const paths = {
    envFile: childEnv.GITHUB_ENV as string,
    outputFile: childEnv.GITHUB_OUTPUT as string,
    stateFile: childEnv.GITHUB_STATE as string,
    summaryFile: childEnv.GITHUB_STEP_SUMMARY as string,
    pathFile: childEnv.GITHUB_PATH as string,
    workspace,
    home,
    temp,
  }

  const masker = new SecretMasker()
  for (const secret of options.jobSecrets ?? []) masker.addJobSecret(secret)
  for (const value of options.previouslyMasked ?? []) masker.addValue(value)
  const processor = new WorkflowCommandProcessor({
    masker,
    stepDebug: childEnv.RUNNER_DEBUG === '1',
    allowUnsecureCommands: (childEnv.ACTIONS_ALLOW_UNSECURE_COMMANDS ?? '').trim().toLowerCase() === 'true',
  })

  if (declared) {
    const valid = new Set(declared.map((input) => input.name.toLowerCase()))
    const unexpected = Object.keys(given).filter((name) => !valid.has(name.toLowerCase()))
    if (unexpected.length > 0) {
      processor.addIssue(
        'warning',
        `Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${declared.map((i) => i.name).join("', '")}']`,
        '',
      )
    }
  }

  let execution: Execution
  try {
    execution = await execute(
      options.nodeBinary ?? process.execPath,
      options.entry ?? join(REPO_ROOT, 'dist', 'index.js'),
      workspace,
      childEnv,
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      options.stdin,
      (line) => processor.processLine(line),
    )
  } catch (error) {
    // No result to clean up through: remove what this run created before reporting.
    await rm(root, { recursive: true, force: true })
    throw error
  }
  const { exitCode, timedOut, rawStdout, rawStderr } = execution

  const malformedFileCommands: string[] = []
  let fileCommandFailed = false
  const applyKeyValueFile = async (kind: FileCommandKind, path: string) => {
    const parsed = parseKeyValueFile(await readIfExists(path), kind)
    malformedFileCommands.push(...parsed.malformed)
    for (const message of parsed.blockedErrors) processor.addIssue('error', message, '')
    for (const { name, value } of parsed.records) {
      if (kind === 'env') processor.debug(`${name}='${value}'`)
      else if (kind === 'output') processor.debug(`Set output ${name} = ${value}`)
      else processor.debug(`Save intra-action state ${name} = ${value}`)
    }
    if (parsed.fatalError !== null) {
      processor.addIssue('error', `Unable to process file command '${kind}' successfully.`, '')
      processor.addIssue('error', parsed.fatalError, '')
      fileCommandFailed = true
    }
    return parsed.records
  }

  const envRecords = [...processor.commandEnv, ...(await applyKeyValueFile('env', paths.envFile))]
  const outputRecords = await applyKeyValueFile('output', paths.outputFile)
  const stateRecords = await applyKeyValueFile('state', paths.stateFile)

  const addedPaths = parsePathFile([...processor.commandPaths, await readIfExists(paths.pathFile)].join('\n'))

  const rawSummary = await readIfExists(paths.summaryFile)
  let summary = ''
  const summarySize = existsSync(paths.summaryFile) ? (await stat(paths.summaryFile)).size : 0
  if (summarySize > STEP_SUMMARY_SIZE_LIMIT) {
    processor.addIssue(
      'error',
      `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of ${STEP_SUMMARY_SIZE_LIMIT / 1024}k, got ${Math.floor(summarySize / 1024)}k.`,
      '',
    )
  } else {
    summary = scrubStepSummary(rawSummary, (line) => masker.maskSecrets(line))
  }

  return {
    exitCode,
    log: processor.log,
    rawStdout,
    rawStderr,
    secrets: processor.secrets,
    annotations: processor.annotations,
    exportedEnv: recordsToMap(envRecords),
    exportedEnvRecords: envRecords,
    outputs: { ...processor.commandOutputs, ...recordsToMap(outputRecords) },
    state: { ...processor.commandState, ...recordsToMap(stateRecords) },
    summary,
    rawSummary,
    paths,
    malformedFileCommands,
    addedPaths,
    timedOut,
    stepFailed: exitCode !== 0 || processor.stepFailed || fileCommandFailed,
    cleanup: () => rm(root, { recursive: true, force: true }),
  }
}

interface Execution {
  exitCode: number | null
  timedOut: boolean
  rawStdout: string
  rawStderr: string
}

function execute(
  nodeBinary: string,
  entry: string,
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number,
  stdin: string | undefined,
  onLine: (line: string) => void,
): Promise<Execution> {
  return new Promise((resolvePromise, rejectPromise) => {
    const child = spawn(nodeBinary, [entry], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
    const stdoutChunks: Buffer[] = []
    const stderrChunks: Buffer[] = []
    const stdoutLines = new LineSplitter(onLine)
    const stderrLines = new LineSplitter(onLine)
    let timedOut = false
    let exitCode: number | null = null
    let settled = false
    let killTimer: NodeJS.Timeout | undefined
    let drainTimer: NodeJS.Timeout | undefined

    const timeout = setTimeout(() => {
      timedOut = true
      child.kill('SIGTERM')
      killTimer = setTimeout(() => child.kill('SIGKILL'), 2_000)
    }, timeoutMs)

    const finish = () => {
      if (settled) return
      settled = true
      clearTimeout(timeout)
      clearTimeout(killTimer)
      clearTimeout(drainTimer)
      stdoutLines.end()
      stderrLines.end()
      resolvePromise({
        exitCode,
        timedOut,
        rawStdout: Buffer.concat(stdoutChunks).toString('utf8'),
        rawStderr: Buffer.concat(stderrChunks).toString('utf8'),
      })
    }

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutChunks.push(chunk)
      stdoutLines.push(chunk)
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderrChunks.push(chunk)
      stderrLines.push(chunk)
    })
    child.on('error', (error) => {
      if (settled) return
      settled = true
      clearTimeout(timeout)
      clearTimeout(killTimer)
      rejectPromise(new Error(`could not start ${nodeBinary}: ${error.message}`))
    })
    child.on('exit', (code) => {
      exitCode = code
      // A grandchild holding the pipes open must not hang the test, as it does not hang the runner.
      drainTimer = setTimeout(finish, STREAM_DRAIN_GRACE_MS)
    })
    child.on('close', (code) => {
      exitCode = code
      finish()
    })

    child.stdin.on('error', () => {
      // The child may exit without reading its stdin; EPIPE is not a failure of the step.
    })
    child.stdin.end(stdin ?? '')
  })
}

/** runAction, then `fn`, then cleanup whatever happened. */
export async function withRun<T>(options: RunOptions, fn: (result: RunResult) => T | Promise<T>): Promise<T> {
  const result = await runAction(options)
  try {
    return await fn(result)
  } finally {
    await result.cleanup()
  }
}

/**
 * The environment a later step starts with: the job env with this step's GITHUB_ENV writes
 * on top (they share one table, last write wins; an empty value stays an empty variable) and
 * GITHUB_PATH entries prepended to PATH, most recent first. A later step's own `env:` is the
 * caller's to add on top of this.
 */
export function envForLaterStep(base: Record<string, string>, result: RunResult): Record<string, string> {
  const env: Record<string, string> = { ...base }
  for (const { name, value } of result.exportedEnvRecords) env[name] = value
  if (result.addedPaths.length > 0) {
    const current = env.PATH ?? process.env.PATH ?? ''
    env.PATH = [...[...result.addedPaths].reverse(), ...(current ? [current] : [])].join(':')
  }
  return env
}

function fingerprint(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 12)
}

interface Needle {
  what: string
  value: string
}

function needlesFor(secret: string): Needle[] {
  const needles: Needle[] = runnerMaskedVariants(secret).map((v) => ({ what: v.encoder, value: v.value }))
  // Base64 without padding (or embedded in a longer base64 text) is decodable, and the runner
  // masks only the padded form; look for it too so such a leak is not missed.
  const bytes = Buffer.from(secret, 'utf8')
  for (const shift of [0, 1, 2]) {
    if (bytes.length <= shift && shift > 0) continue
    const unpadded = bytes.subarray(shift).toString('base64').replace(/=+$/, '')
    if (unpadded.length >= 4 && !needles.some((n) => n.value === unpadded)) {
      needles.push({ what: `base64 without padding (byte offset ${shift}; the runner does not mask this form)`, value: unpadded })
    }
  }
  // A line of a multi-line secret printed on its own: `::add-mask::` does not cover it.
  const lines = secret.split(/\r\n|\r|\n/)
  if (lines.length > 1) {
    lines.forEach((line, index) => {
      if (line.trim() !== '') needles.push({ what: `line ${index + 1} of the multi-line value`, value: line })
    })
  }
  return needles
}

/**
 * Every place where a secret, or a form of it the runner would mask, is still readable in
 * what the runner publishes: log lines, the uploaded summary, and annotation messages and
 * titles/files (the runner masks issue messages but not their properties). Descriptions
 * name the secret by sha256 fingerprint, never by value.
 */
export function findUnmaskedSecrets(result: RunResult, secrets: string[]): string[] {
  const findings: string[] = []
  secrets.forEach((secret, index) => {
    if (!secret) return
    const label = `secret #${index} (sha256:${fingerprint(secret)})`
    const needles = needlesFor(secret)
    const check = (place: string, text: string | undefined) => {
      if (!text) return
      for (const needle of needles) {
        if (text.includes(needle.value)) findings.push(`${place}: ${needle.what} of ${label}`)
      }
    }
    result.log.forEach((line, i) => check(`log[${i}]`, line))
    result.summary.split('\n').forEach((line, i) => check(`summary line ${i + 1}`, line))
    result.annotations.forEach((annotation, i) => {
      check(`annotations[${i}].message`, annotation.message)
      check(`annotations[${i}].title`, annotation.title)
      check(`annotations[${i}].file`, annotation.file)
    })
  })
  return findings
}
