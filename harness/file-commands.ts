/**
 * How the runner reads the per-step command files (GITHUB_ENV, GITHUB_OUTPUT,
 * GITHUB_STATE, GITHUB_PATH, GITHUB_STEP_SUMMARY) after the step's process exits.
 *
 * Mirrors actions/runner src/Runner.Worker/FileCommandManager.cs (EnvFileKeyValuePairs,
 * SetEnvFileCommand, SetOutputFileCommand, SaveStateFileCommand, AddPathFileCommand,
 * CreateStepSummaryCommand), Linux build:
 * - Lines end at LF only; a CR stays part of the line, so `NAME=v\r\n` gives "v\r" and a
 *   heredoc delimiter line "EOF\r" does not close "EOF".
 * - Empty lines are skipped. `NAME=VALUE` splits at the first `=`; `NAME<<DELIM` at the first
 *   `<<`; whichever marker comes first decides the style.
 * - A heredoc value runs up to the line that equals the delimiter exactly; the newline before
 *   the delimiter line is not part of the value.
 * - The runner stops at the first malformed record and throws: records before it have been
 *   applied, the rest of the file is ignored, and the step is marked failed with the errors
 *   "Unable to process file command '<kind>' successfully." and the exception message.
 * - `NAME=VALUE` with an empty NAME is not rejected by the runner (its check tests the whole
 *   line, not the name), which leaves an empty-named variable; we report it as malformed and
 *   leave it out of the parsed map.
 * - GITHUB_ENV refuses NODE_OPTIONS (case-insensitive) with an error annotation, without
 *   failing the step, and goes on with the next record.
 */

export type FileCommandKind = 'env' | 'output' | 'state'

export interface FileRecord {
  name: string
  value: string
}

export interface ParsedKeyValueFile {
  /** Records the runner applies, in file order (blocked and empty-named ones excluded). */
  records: FileRecord[]
  /** Human-readable reasons for every record the runner would refuse, reject, or mangle. */
  malformed: string[]
  /** The exception text when the runner would stop reading the file (and fail the step). */
  fatalError: string | null
  /** Error annotations the runner adds for refused names (GITHUB_ENV block list). */
  blockedErrors: string[]
}

const ENV_BLOCK_LIST = ['NODE_OPTIONS']

interface LineRead {
  line: string
  /** Whether an LF followed the line (false for the last line of a file without one). */
  hadNewline: boolean
}

function readLine(text: string, cursor: { index: number }): LineRead | null {
  if (cursor.index >= text.length) return null
  const start = cursor.index
  const lf = text.indexOf('\n', start)
  if (lf < 0) {
    cursor.index = text.length
    return { line: text.substring(start), hadNewline: false }
  }
  cursor.index = lf + 1
  return { line: text.substring(start, lf), hadNewline: true }
}

/** Parse GITHUB_ENV / GITHUB_OUTPUT / GITHUB_STATE content as the runner does. */
export function parseKeyValueFile(text: string, kind: FileCommandKind): ParsedKeyValueFile {
  const result: ParsedKeyValueFile = { records: [], malformed: [], fatalError: null, blockedErrors: [] }
  const label = kind === 'env' ? 'GITHUB_ENV' : kind === 'output' ? 'GITHUB_OUTPUT' : 'GITHUB_STATE'
  const cursor = { index: 0 }
  const fail = (message: string): ParsedKeyValueFile => {
    result.fatalError = message
    result.malformed.push(`${label}: ${message} (the runner stops here and fails the step; later records are ignored)`)
    return result
  }

  for (let read = readLine(text, cursor); read !== null; read = readLine(text, cursor)) {
    const line = read.line
    if (line === '') continue

    const equalsIndex = line.indexOf('=')
    const heredocIndex = line.indexOf('<<')
    let name: string
    let value: string

    if (equalsIndex >= 0 && (heredocIndex < 0 || equalsIndex < heredocIndex)) {
      name = line.substring(0, equalsIndex)
      value = line.substring(equalsIndex + 1)
    } else if (heredocIndex >= 0) {
      name = line.substring(0, heredocIndex)
      const delimiter = line.substring(heredocIndex + 2)
      if (name === '' || delimiter === '') {
        return fail(`Invalid format '${line}'. Name must not be empty and delimiter must not be empty`)
      }
      const valueStart = cursor.index
      let valueEnd = cursor.index
      let next = readLine(text, cursor)
      while (next === null || next.line !== delimiter) {
        if (next === null) return fail(`Invalid value. Matching delimiter not found '${delimiter}'`)
        if (!next.hadNewline) return fail('Invalid value. EOF marker missing new line.')
        valueEnd = cursor.index - 1
        next = readLine(text, cursor)
      }
      value = valueEnd > valueStart ? text.substring(valueStart, valueEnd) : ''
    } else {
      return fail(`Invalid format '${line}'`)
    }

    if (name === '') {
      result.malformed.push(
        `${label}: record '${line}' has an empty name; the runner does not reject it but sets an empty-named variable`,
      )
      continue
    }
    if (kind === 'env' && ENV_BLOCK_LIST.some((blocked) => blocked.toLowerCase() === name.toLowerCase())) {
      const blocked = ENV_BLOCK_LIST.find((b) => b.toLowerCase() === name.toLowerCase()) as string
      result.blockedErrors.push(`Can't store ${blocked} output parameter using '$GITHUB_ENV' command.`)
      result.malformed.push(`${label}: ${name} cannot be set through GITHUB_ENV; the runner refuses it`)
      continue
    }
    if (name.includes('\r') || value.endsWith('\r')) {
      result.malformed.push(`${label}: record for '${name.replace(/\r/g, '\\r')}' contains a CR; on Linux the runner keeps it in the name or value`)
    }
    result.records.push({ name, value })
  }
  return result
}

/** Last write wins, as the runner assigns into a dictionary. */
export function recordsToMap(records: FileRecord[]): Record<string, string> {
  const map: Record<string, string> = {}
  for (const { name, value } of records) map[name] = value
  return map
}

/** GITHUB_PATH: every non-empty line, in order (the runner re-adds a repeated entry at the end). */
export function parsePathFile(text: string): string[] {
  const paths: string[] = []
  // File.ReadAllLines splits at CRLF, LF and CR alike.
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') continue
    const existing = paths.indexOf(line)
    if (existing >= 0) paths.splice(existing, 1)
    paths.push(line)
  }
  return paths
}

/** The runner's step summary size limit (CreateStepSummaryCommand.AttachmentSizeLimit). */
export const STEP_SUMMARY_SIZE_LIMIT = 1024 * 1024

/**
 * The summary as uploaded: read line by line (CR, LF and CRLF all end a line), each line
 * masked and written back with an LF. An empty file is not uploaded ('').
 */
export function scrubStepSummary(text: string, mask: (line: string) => string): string {
  if (text === '') return ''
  const lines = text.split(/\r\n|\r|\n/)
  // A trailing line terminator does not start another line for StreamReader.ReadLine.
  if (lines[lines.length - 1] === '') lines.pop()
  return lines.map((line) => mask(line) + '\n').join('')
}
