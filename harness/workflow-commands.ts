/**
 * The runner's handling of each line a step prints: workflow-command parsing, what it
 * does with each command, and what it writes to the job log.
 *
 * Mirrors actions/runner:
 * - src/Runner.Common/ActionCommand.cs: `TryParseV2` (`::name k=v,k=v::data`, after trimming
 *   leading whitespace) then the legacy `TryParse` (`##[name k=v;k=v]data`, found anywhere in
 *   the line). Names are matched case-insensitively against the registered commands only;
 *   anything else is ordinary output. Unescaping is sequential string replacement in the
 *   runner's mapping order.
 * - src/Runner.Worker/Handlers/OutputManager.cs: only lines containing "::" or "##[" are
 *   offered to the command manager; stdout and stderr are both processed.
 * - src/Runner.Worker/ActionCommandManager.cs: echo rules (commands are echoed only when
 *   step debug is on, add-mask echoes `::add-mask::***`, issue/debug/add-mask never echo
 *   the raw line), stop-commands, the per-command behaviour, and "Unable to process command
 *   '…' successfully." when a command throws (which fails the step).
 * - src/Runner.Worker/ExecutionContext.cs: issues are logged as `##[error]`, `##[warning]`,
 *   `##[notice]` with the message masked; `##[debug]` lines appear only with step debug.
 */

import { SecretMasker } from './masking.js'

export type AnnotationLevel = 'error' | 'warning' | 'notice' | 'debug'

export interface Annotation {
  level: AnnotationLevel
  title?: string
  file?: string
  /** The unescaped command data, masked as the runner records the issue message. */
  message: string
  /** The line as the process printed it (unmasked). */
  raw: string
  /** All unescaped properties (line, col, endLine, endColumn, …), unmasked, keys lower-cased. */
  properties: Record<string, string>
}

export interface ParsedCommand {
  /** Lower-cased: the runner matches names case-insensitively. */
  command: string
  properties: Record<string, string>
  data: string
  syntax: 'workflow' | 'legacy'
}

export const REGISTERED_COMMANDS: readonly string[] = [
  'add-mask',
  'add-matcher',
  'add-path',
  'debug',
  'echo',
  'endgroup',
  'error',
  'group',
  'notice',
  'remove-matcher',
  'save-state',
  'set-env',
  'set-output',
  'stop-commands',
  'warning',
]

/** Commands whose raw line is never echoed (IActionCommandExtension.OmitEcho). */
const OMIT_ECHO = new Set(['add-mask', 'debug', 'error', 'warning', 'notice'])

function replaceAll(text: string, from: string, to: string): string {
  return text.split(from).join(to)
}

function unescapeWith(text: string, mappings: ReadonlyArray<readonly [string, string]>): string {
  let out = text
  for (const [token, replacement] of mappings) out = replaceAll(out, replacement, token)
  return out
}

const DATA_MAPPINGS = [['\r', '%0D'], ['\n', '%0A'], ['%', '%25']] as const
const PROPERTY_MAPPINGS = [['\r', '%0D'], ['\n', '%0A'], [':', '%3A'], [',', '%2C'], ['%', '%25']] as const
const LEGACY_MAPPINGS = [[';', '%3B'], ['\r', '%0D'], ['\n', '%0A'], [']', '%5D'], ['%', '%25']] as const

export const unescapeCommandData = (text: string): string => unescapeWith(text, DATA_MAPPINGS)
export const unescapeCommandProperty = (text: string): string => unescapeWith(text, PROPERTY_MAPPINGS)
export const unescapeLegacyCommand = (text: string): string => unescapeWith(text, LEGACY_MAPPINGS)

function parseProperties(text: string, separator: string, unescape: (s: string) => string): Record<string, string> {
  const properties: Record<string, string> = {}
  for (const entry of text.split(separator)) {
    if (entry === '') continue
    const eq = entry.indexOf('=')
    if (eq <= 0) continue
    const key = entry.substring(0, eq)
    const value = entry.substring(eq + 1)
    // The runner drops pairs with an empty side (Split with RemoveEmptyEntries, then Length == 2).
    if (value === '') continue
    properties[key.toLowerCase()] = unescape(value)
  }
  return properties
}

/** `ActionCommand.TryParseV2`, then `ActionCommand.TryParse`, against `registered` (lower-case names). */
export function parseCommandLine(line: string, registered: ReadonlySet<string>): ParsedCommand | null {
  if (!line) return null

  const trimmed = line.trimStart()
  if (trimmed.startsWith('::')) {
    const end = trimmed.indexOf('::', 2)
    if (end >= 0) {
      const info = trimmed.substring(2, end)
      const space = info.indexOf(' ')
      const name = space < 0 ? info : info.substring(0, space)
      if (registered.has(name.toLowerCase())) {
        const properties = space > 0 ? parseProperties(info.substring(space + 1).trim(), ',', unescapeCommandProperty) : {}
        return {
          command: name.toLowerCase(),
          properties,
          data: unescapeCommandData(trimmed.substring(end + 2)),
          syntax: 'workflow',
        }
      }
    }
  }

  const prefix = line.indexOf('##[')
  if (prefix < 0) return null
  const close = line.indexOf(']', prefix)
  if (close < 0) return null
  const info = line.substring(prefix + 3, close)
  const space = info.indexOf(' ')
  const name = space < 0 ? info : info.substring(0, space)
  if (!registered.has(name.toLowerCase())) return null
  return {
    command: name.toLowerCase(),
    properties: space > 0 ? parseProperties(info.substring(space + 1), ';', unescapeLegacyCommand) : {},
    data: unescapeLegacyCommand(line.substring(close + 1)),
    syntax: 'legacy',
  }
}

const UNSECURE_COMMAND_DISABLED = (command: string): string =>
  `The \`${command}\` command is disabled. Please upgrade to using Environment Files or opt into unsecure command execution by setting the \`ACTIONS_ALLOW_UNSECURE_COMMANDS\` environment variable to \`true\`. For more information see: https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/`

export interface CommandProcessorOptions {
  /** Step debug (ACTIONS_STEP_DEBUG; the child sees RUNNER_DEBUG=1): echo commands, show ##[debug]. */
  stepDebug: boolean
  /** ACTIONS_ALLOW_UNSECURE_COMMANDS as the step's environment has it. */
  allowUnsecureCommands: boolean
  masker: SecretMasker
}

/**
 * Feeds lines through the runner's command handling and accumulates what the runner
 * would record. One instance per step; the masker may outlive it (it is job-wide).
 */
export class WorkflowCommandProcessor {
  readonly log: string[] = []
  readonly annotations: Annotation[] = []
  readonly secrets: string[] = []
  /** Legacy `::set-output` / `::save-state` / `::set-env` / `::add-path` effects. */
  readonly commandOutputs: Record<string, string> = {}
  readonly commandState: Record<string, string> = {}
  readonly commandEnv: Array<{ name: string; value: string }> = []
  readonly commandPaths: string[] = []
  /** A command threw: the runner sets the step's CommandResult to Failed. */
  stepFailed = false

  private echoOn: boolean
  private stopToken: string | null = null
  private readonly registered = new Set(REGISTERED_COMMANDS)

  constructor(private readonly options: CommandProcessorOptions) {
    this.echoOn = options.stepDebug
  }

  /** Append to the job log as ExecutionContext.Write does: masked, then split into physical lines. */
  write(text: string): void {
    const masked = this.options.masker.maskSecrets(text)
    for (const physical of masked.split(/\r\n|\n/)) this.log.push(physical)
  }

  debug(message: string): void {
    if (!this.options.stepDebug) return
    for (const line of message.replace(/\r\n/g, '\n').split('\n')) this.write(`##[debug]${line}`)
  }

  /** ExecutionContext.AddIssue: masks the message, logs it with the level tag. */
  addIssue(level: 'error' | 'warning' | 'notice', message: string, raw: string, properties: Record<string, string> = {}): void {
    const masked = this.options.masker.maskSecrets(message)
    const annotation: Annotation = { level, message: masked, raw, properties }
    if (properties.title !== undefined) annotation.title = properties.title
    if (properties.file !== undefined) annotation.file = properties.file
    this.annotations.push(annotation)
    if (message !== '') this.write(`##[${level}]${message}`)
  }

  processLine(line: string): void {
    if (line !== '' && (line.includes('::') || line.includes('##['))) {
      if (this.tryProcessCommand(line)) return
    }
    this.write(line)
  }

  private tryProcessCommand(input: string): boolean {
    const command = parseCommandLine(input, this.registered)
    if (!command) return false

    if (this.stopToken !== null) {
      if (this.stopToken !== '' && command.command === this.stopToken.toLowerCase()) {
        this.write(input)
        this.debug('Resume processing commands')
        this.registered.delete(this.stopToken.toLowerCase())
        this.stopToken = null
        return true
      }
      this.debug(`Process commands has been stopped and waiting for '##[${this.stopToken}]' to resume.`)
      return false
    }

    if (command.command === 'stop-commands') {
      this.write(input)
      this.debug("Paused processing commands until '##[{actionCommand.Data}]' is received")
      this.stopToken = command.data
      this.registered.add(command.data.toLowerCase())
      return true
    }

    if (this.echoOn && !OMIT_ECHO.has(command.command)) this.write(input)
    try {
      this.execute(command, input)
    } catch (error) {
      const info = OMIT_ECHO.has(command.command) ? command.command : input
      this.addIssue('error', `Unable to process command '${info}' successfully.`, input)
      this.addIssue('error', (error as Error).message, input)
      this.stepFailed = true
    }
    return true
  }

  private execute(command: ParsedCommand, raw: string): void {
    const { data, properties } = command
    switch (command.command) {
      case 'add-mask':
        if (data.trim() === '') {
          this.addIssue('warning', "Can't add secret mask for empty string in ##[add-mask] command.", raw)
          return
        }
        if (this.echoOn) this.write('::add-mask::***')
        this.options.masker.addValue(data)
        this.secrets.push(data)
        return
      case 'debug':
        this.annotations.push({ level: 'debug', message: this.options.masker.maskSecrets(data), raw, properties })
        this.debug(data)
        return
      case 'error':
      case 'warning':
      case 'notice':
        this.addIssue(command.command, data, raw, properties)
        return
      case 'group':
        this.write(`##[group]${data}`)
        return
      case 'endgroup':
        this.write('##[endgroup]')
        return
      case 'echo': {
        if (data === '') throw new Error("Parameter 'value' cannot be null or empty.")
        const value = data.trim().toUpperCase()
        if (value === 'ON') this.echoOn = true
        else if (value === 'OFF') this.echoOn = false
        else throw new Error(`Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: '${data}'.`)
        return
      }
      case 'set-output': {
        const name = properties.name
        if (!name) throw new Error("Required field 'name' is missing in ##[set-output] command.")
        this.commandOutputs[name] = data
        this.debug(`steps.<this step>.outputs.${name}='${data}'`)
        return
      }
      case 'save-state': {
        const name = properties.name
        if (!name) throw new Error("Required field 'name' is missing in ##[save-state] command.")
        this.commandState[name] = data
        this.debug(`Save intra-action state ${name} = ${data}`)
        return
      }
      case 'set-env': {
        if (!this.options.allowUnsecureCommands) throw new Error(UNSECURE_COMMAND_DISABLED('set-env'))
        const name = properties.name
        if (!name) throw new Error("Required field 'name' is missing in ##[set-env] command.")
        if (name.toUpperCase() === 'NODE_OPTIONS') {
          this.addIssue('error', "Can't update NODE_OPTIONS environment variable using ::set-env:: command.", raw)
          return
        }
        this.commandEnv.push({ name, value: data })
        this.debug(`${name}='${data}'`)
        return
      }
      case 'add-path':
        if (!this.options.allowUnsecureCommands) throw new Error(UNSECURE_COMMAND_DISABLED('add-path'))
        if (data === '') throw new Error("Parameter 'path' cannot be null or empty.")
        this.commandPaths.push(data)
        return
      case 'add-matcher':
      case 'remove-matcher':
        // Problem matchers are not emulated: no line is turned into an annotation by them.
        return
    }
  }
}

/**
 * Splits a byte stream into lines the way .NET StreamReader.ReadLine does: CR, LF and CRLF
 * all end a line, a final unterminated line still counts, and a terminator at the very end
 * does not add an empty line. Decodes UTF-8 across chunk boundaries.
 */
export class LineSplitter {
  private buffer = ''
  private readonly decoder = new TextDecoder('utf-8')

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Uint8Array): void {
    this.buffer += this.decoder.decode(chunk, { stream: true })
    this.drain(false)
  }

  end(): void {
    this.buffer += this.decoder.decode()
    this.drain(true)
    if (this.buffer !== '') {
      this.onLine(this.buffer)
      this.buffer = ''
    }
  }

  private drain(final: boolean): void {
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer)
      if (!match) return
      // A CR at the end of a chunk may be the first half of a CRLF still in transit.
      if (match[0] === '\r' && match.index === this.buffer.length - 1 && !final) return
      this.onLine(this.buffer.substring(0, match.index))
      this.buffer = this.buffer.substring(match.index + match[0].length)
    }
  }
}
