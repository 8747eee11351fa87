// What a `run:` script does that can change the credentials of a `claude`
// command: the `claude` commands themselves (with their prefix assignments
// and the exports in effect before them), the variables it writes to
// GITHUB_ENV for later steps, and every variable it sets.
//
// Reading, not running: nothing is expanded. A value that needs the shell
// (`$KEY`, `$(cat key)`) is kept as written, as kind `shell`. What is
// approximated is said where it happens; in short: branches and loops are
// read as straight-line text (and marked `conditional`), functions as if
// their body ran where it is written, and a command's output is known only
// for `echo`, `printf`, `cat`/`tee` with a heredoc or here-string.

import type {
  ClaudeInvocation,
  GithubEnvWrite,
  ScriptAssignment,
  Unset,
  UnreadGithubEnvWrite,
  WorkflowValue,
} from './model.js'
import { MAX_NESTING, TooDeep, parseScript, type Command, type Part, type Redirect, type SimpleCommand, type Statement, type Word } from './shell-lexer.js'
import { expressionRefs } from './values.js'

export interface ScriptAnalysis {
  claude: ClaudeInvocation[]
  githubEnvWrites: GithubEnvWrite[]
  githubEnvUnread: UnreadGithubEnvWrite[]
  /** Exports (including `set -a` assignments) and command prefixes, in order. */
  assignments: ScriptAssignment[]
  /** Set when the script could not be read (nested deeper than this reader follows): nothing above is known. */
  notRead?: { line: number; reason: string }
  /** Commands that may start Claude Code through something this reader cannot see into (`bash -c "$CMD"`). */
  unreadClaude: { line: number; command: string }[]
}

/** Whether a step's shell is read as bash/sh. No `shell:` means bash, except on Windows (pwsh). */
export function isPosixShell(shell: string | undefined, runnerOs?: string): boolean {
  if (shell === undefined || !shell.trim()) return runnerOs !== 'Windows'
  const program = shell.trim().split(/\s+/)[0]!
  const base = program.slice(Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\')) + 1).toLowerCase()
  return ['bash', 'sh', 'dash', 'zsh', 'ksh', 'bash.exe', 'sh.exe'].includes(base)
}

/** Reads a bash/sh script whose first line is file line `firstLine`. */
export function analyseShellScript(script: string, firstLine: number): ScriptAnalysis {
  const analysis: ScriptAnalysis = { claude: [], githubEnvWrites: [], githubEnvUnread: [], assignments: [], unreadClaude: [] }
  const walker = new Walker(analysis)
  try {
    walker.walk(parseScript(script), { env: [], allExport: { on: false }, toGithubEnv: false, conditional: false, lineBase: firstLine, depth: 0, sourced: {} })
  } catch (error) {
    if (!(error instanceof TooDeep)) throw error
    // Half a reading would be taken for the whole: nothing of it is kept.
    return { claude: [], githubEnvWrites: [], githubEnvUnread: [], assignments: [], unreadClaude: [], notRead: { line: walker.deepestLine ?? firstLine + error.scriptLine - 1, reason: `its script nests commands more than ${MAX_NESTING} levels deep` } }
  }
  analysis.githubEnvWrites = readEnvFile(walker.envFile, analysis.githubEnvUnread)
  return analysis
}

/**
 * For shells this module does not parse (pwsh, python, node…): each line
 * with the word `claude` (or a path ending in `/claude`, or the npm
 * package) is taken to run it. By word only, so a comment counts too.
 */
export function findClaudeWords(script: string, firstLine: number): ClaudeInvocation[] {
  const found: ClaudeInvocation[] = []
  script.split('\n').forEach((text, index) => {
    const words = wordsOf(text)
    const command = words.find((w) => isClaudeProgram(w) || isClaudePackage(w) || isClaudeProgram(w.replace(/\.(exe|cmd|ps1)$/i, '')))
    if (!command) return
    found.push({
      line: firstLine + index,
      command,
      args: words.slice(words.indexOf(command) + 1),
      bare: words.includes('--bare'),
      prefix: [],
      wrappers: [],
      scriptEnv: [],
      conditional: false,
    })
  })
  return found
}

/** Runs of characters that can make up a program name or an option, split at quotes, brackets and punctuation. */
function wordsOf(text: string): string[] {
  const words: string[] = []
  let current = ''
  for (const c of text) {
    if (' \t\r"\'`()[]{},;&|<>=$'.includes(c)) {
      if (current) words.push(current)
      current = ''
    } else current += c
  }
  if (current) words.push(current)
  return words
}

export function isClaudeProgram(word: string): boolean {
  return word === 'claude' || word.endsWith('/claude') || word.endsWith('\\claude')
}

export function isClaudePackage(word: string): boolean {
  return word === '@anthropic-ai/claude-code' || word.startsWith('@anthropic-ai/claude-code@')
}

/** `--bare` and the value of `--settings v` / `--settings=v` among a CLI's arguments (up to `--`). */
export function claudeFlags(args: readonly string[]): { bare: boolean; settings?: string } {
  let bare = false
  let settings: string | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--') break
    if (arg === '--bare') bare = true
    else if (arg === '--settings' && i + 1 < args.length) settings = args[++i]
    else if (arg.startsWith('--settings=')) settings = arg.slice('--settings='.length)
  }
  return settings === undefined ? { bare } : { bare, settings }
}

// ---------------------------------------------------------------- walking

type EnvEntry = ScriptAssignment | Unset

interface Context {
  /** Assignments and unsets in effect, in order. Shared within one shell; copied for a subshell. */
  env: EnvEntry[]
  allExport: { on: boolean }
  /** Where a command's standard output goes when it has no redirection of its own. */
  toGithubEnv: boolean
  conditional: boolean
  /** File line of script line 1. */
  lineBase: number
  /** Groups and `$( … )` this command sits in: bounded by MAX_NESTING. */
  depth: number
  /** The first `source FILE` / `. FILE` run in this shell: what it sets is not known. Shared within one shell. */
  sourced: { command?: string; line?: number }
}

/** Text bound for GITHUB_ENV, piece by piece, in write order; `\n` in a static piece ends a line. */
interface EnvPiece extends Part {
  line: number
  conditional: boolean
  command: string
}

const subshell = (ctx: Context, changes: Partial<Context> = {}): Context => ({
  ...ctx,
  env: [...ctx.env],
  allExport: { ...ctx.allExport },
  sourced: { ...ctx.sourced },
  ...changes,
})

class Walker {
  readonly envFile: EnvPiece[] = []
  /** The file line being read when the nesting limit was reached. */
  deepestLine?: number

  constructor(private readonly out: ScriptAnalysis) {}

  /** Parses and walks a nested script (`$( … )`, `bash -c '…'`), one level deeper. */
  private nested(script: string, ctx: Context, changes: Partial<Context>) {
    const inner = subshell(ctx, { ...changes, depth: ctx.depth + 1 })
    if (inner.depth > MAX_NESTING) {
      this.deepestLine = inner.lineBase
      throw new TooDeep(1)
    }
    try {
      this.walk(parseScript(script), inner)
    } catch (error) {
      if (error instanceof TooDeep) this.deepestLine ??= inner.lineBase + error.scriptLine - 1
      throw error
    }
  }

  walk(statements: Statement[], ctx: Context) {
    for (const statement of statements) {
      const conditional = ctx.conditional || statement.conditional
      const { pipeline } = statement
      pipeline.forEach((command, k) => {
        // Every command of a multi-command pipeline runs in its own subshell.
        const own = pipeline.length > 1 ? subshell(ctx, { conditional }) : { ...ctx, conditional }
        const pipedToGithubEnv = k < pipeline.length - 1 && teesToGithubEnv(pipeline[k + 1]!)
        const inherited = k < pipeline.length - 1 ? pipedToGithubEnv : ctx.toGithubEnv
        const redirected = stdoutToGithubEnv(command.redirects)
        const toGithubEnv = redirected ?? inherited
        if (command.type === 'group') this.group(command, own, toGithubEnv)
        else this.simple(command, own, toGithubEnv)
      })
    }
  }

  private group(command: Extract<Command, { type: 'group' }>, ctx: Context, toGithubEnv: boolean) {
    const depth = ctx.depth + 1
    if (depth > MAX_NESTING) {
      this.deepestLine = this.fileLine(ctx, command.line)
      throw new TooDeep(command.line)
    }
    if (command.scope === 'same') this.walk(command.body, { ...ctx, toGithubEnv, depth })
    // A function body runs when called, with output going wherever the call sends it.
    else if (command.scope === 'function') this.walk(command.body, subshell(ctx, { toGithubEnv: false, conditional: true, depth }))
    else this.walk(command.body, subshell(ctx, { toGithubEnv, depth }))
  }

  private fileLine(ctx: Context, scriptLine: number): number {
    return ctx.lineBase + scriptLine - 1
  }

  private simple(command: SimpleCommand, ctx: Context, toGithubEnv: boolean) {
    // `$( … )` runs first, in a subshell, with its output captured.
    for (const word of [...command.words, ...command.redirects.flatMap((r) => (r.target ? [r.target] : []))]) {
      for (const sub of word.substitutions) this.nested(sub.script, ctx, { toGithubEnv: false, lineBase: this.fileLine(ctx, sub.line) })
    }
    const line = this.fileLine(ctx, command.line)
    const { assignments, rest } = splitPrefix(command.words, line)
    if (rest.length === 0) {
      for (const a of assignments) {
        const entry: ScriptAssignment = { ...a, form: ctx.allExport.on ? 'export' : 'plain' }
        ctx.env.push(entry)
        if (entry.form === 'export') this.out.assignments.push(entry)
      }
      return
    }
    const prefix: EnvEntry[] = assignments.map((a) => ({ ...a, form: 'prefix' as const }))
    const resolved = resolveWrappers(rest, line)
    prefix.push(...resolved.prefix)
    for (const p of prefix) if (!('unset' in p)) this.out.assignments.push(p)
    const argv = resolved.argv
    const name = argv[0]?.text
    if (resolved.unread) {
      this.out.unreadClaude.push({ line, command: resolved.unread })
      return
    }
    if (resolved.script !== undefined) {
      // `bash -c '…'` and the like: the inner script runs in a child shell that inherits this
      // one's exports plus the wrappers' own assignments; what it sets does not come back.
      const inner = subshell(ctx, { toGithubEnv, lineBase: line, env: [...ctx.env, ...prefix] })
      const before = this.out.claude.length
      this.nested(resolved.script, inner, { lineBase: line })
      for (const invocation of this.out.claude.slice(before)) {
        invocation.line = line
        invocation.wrappers = [...resolved.wrappers, ...invocation.wrappers]
        if (resolved.clearsEnv) {
          invocation.clearsEnv = true
          // What the wrapper passes on is all the inner command has: the script's own earlier changes stay.
          invocation.scriptEnv = invocation.scriptEnv.filter((e) => !ctx.env.includes(e))
          if (resolved.keeps) invocation.keeps = [...new Set([...(invocation.keeps ?? []), ...resolved.keeps])]
        }
      }
      return
    }
    if (name === undefined) {
      // `env` or `sudo` alone: prints the environment, or nothing known.
      if (toGithubEnv) this.out.githubEnvUnread.push({ line, command: rest[0]!.text })
      return
    }
    if (!resolved.runs) return

    this.builtin(name, argv, ctx, line)

    const claude = claudeCommand(argv)
    if (claude) {
      const args = claude.args.map((w) => w.text)
      const invocation: ClaudeInvocation = {
        line,
        command: claude.command,
        args,
        ...claudeFlags(args),
        prefix,
        wrappers: resolved.wrappers,
        scriptEnv: [...ctx.env],
        conditional: ctx.conditional,
      }
      if (ctx.sourced.command !== undefined && !resolved.clearsEnv) invocation.sourced = { command: ctx.sourced.command, line: ctx.sourced.line! }
      if (resolved.clearsEnv) {
        // Nothing the script exported reaches a command started with a cleared environment.
        invocation.clearsEnv = true
        invocation.scriptEnv = []
        if (resolved.keeps) invocation.keeps = resolved.keeps
      }
      this.out.claude.push(invocation)
    } else if (mayStartClaude(argv)) {
      this.out.unreadClaude.push({ line, command: shortCommand(argv.slice(0, 3).map((w) => w.text).join(' ')) })
    }

    const teeTarget = name === 'tee' && argv.slice(1).some((w) => isGithubEnvWord(w))
    if (toGithubEnv || (teeTarget && stdinOf(command.redirects))) {
      const content = SILENT.has(name) ? [] : output(name, argv, command.redirects, command.line)
      if (content) this.envFile.push(...content.map((p) => ({ ...p, line: this.fileLine(ctx, p.line), conditional: ctx.conditional, command: name })))
      else this.out.githubEnvUnread.push({ line, command: name })
    }
  }

  /** `export`, `declare`/`typeset`/`local`/`readonly`, `unset`, `set -a`. */
  private builtin(name: string, argv: Word[], ctx: Context, line: number) {
    const push = (entry: EnvEntry) => {
      ctx.env.push(entry)
      if (!('unset' in entry) && entry.form === 'export') this.out.assignments.push(entry)
    }
    const args = argv.slice(1)
    if ((name === 'source' || name === '.') && args[0] && ctx.sourced.command === undefined) {
      ctx.sourced.command = shortCommand(`${name} ${args[0].text}`)
      ctx.sourced.line = line
    }
    if (name === 'export' || name === 'declare' || name === 'typeset' || name === 'local' || name === 'readonly') {
      let exporting = name === 'export' || ctx.allExport.on
      let unexporting = false
      let functions = false
      let i = 0
      const isOption = (word: Word | undefined) => word !== undefined && (word.text.startsWith('-') || word.text.startsWith('+'))
      for (; isOption(args[i]); i++) {
        const option = args[i]!.text
        if (option === '--') {
          i++
          break
        }
        const letters = option.slice(1)
        if (letters.includes('f') || letters.includes('F') || letters.includes('p')) functions = true
        if (option.startsWith('-') && letters.includes('x')) exporting = true
        if ((option.startsWith('+') && letters.includes('x')) || (name === 'export' && letters.includes('n'))) unexporting = true
      }
      if (functions) return
      for (const word of args.slice(i)) {
        const assignment = parseAssignment(word, line)
        if (unexporting) {
          push({ name: assignment?.name ?? word.text, unset: true, line })
        } else if (assignment) {
          push({ ...assignment, form: exporting ? 'export' : 'plain' })
        } else if (exporting && isName(word.text)) {
          // `export NAME`: exports the shell variable's current value.
          const known = [...ctx.env].reverse().find((e) => e.name === word.text)
          if (known && !('unset' in known) && known.form === 'plain') push({ ...known, form: 'export', line })
        }
      }
    } else if (name === 'unset') {
      let functions = false
      for (const word of args) {
        if (word.text === '-f') functions = true
        else if (word.text.startsWith('-')) continue
        else if (!functions && isName(word.text)) push({ name: word.text, unset: true, line })
      }
    } else if (name === 'set') {
      for (let i = 0; i < args.length; i++) {
        const option = args[i]!.text
        if (option === '-o' || option === '+o') {
          if (args[i + 1]?.text === 'allexport') ctx.allExport.on = option === '-o'
          i++
        } else if (/^[-+][a-zA-Z]+$/.test(option) && option.includes('a')) ctx.allExport.on = option[0] === '-'
      }
    }
  }
}

// ---------------------------------------------------------------- words

const isName = (text: string) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(text)

interface ParsedAssignment {
  name: string
  value: WorkflowValue
  line: number
}

/** `NAME=value` / `NAME+=value`: the name must be written plainly at the start of the word. */
function parseAssignment(word: Word, line: number): ParsedAssignment | undefined {
  const first = word.parts[0]
  if (!first || first.kind !== 'static') return undefined
  const eq = first.text.indexOf('=')
  if (eq <= 0) return undefined
  const append = first.text[eq - 1] === '+'
  const name = first.text.slice(0, append ? eq - 1 : eq)
  if (!isName(name)) return undefined
  const valueParts: Part[] = [{ text: first.text.slice(eq + 1), kind: 'static' }, ...word.parts.slice(1)]
  // `NAME+=more` appends to the current value, which is the shell's to know.
  if (append) valueParts.unshift({ text: `$${name}`, kind: 'shell' })
  return { name, value: valueOfParts(valueParts), line }
}

function splitPrefix(words: Word[], line: number): { assignments: ParsedAssignment[]; rest: Word[] } {
  const assignments: ParsedAssignment[] = []
  let i = 0
  for (; i < words.length; i++) {
    const assignment = parseAssignment(words[i]!, line)
    if (!assignment) break
    assignments.push(assignment)
  }
  return { assignments, rest: words.slice(i) }
}

/** A value from word parts: `shell` if the shell must expand anything, else `expression` if it has `${{ }}`, else literal. */
export function valueOfParts(parts: readonly Pick<Part, 'text' | 'kind'>[]): WorkflowValue {
  const text = parts.map((p) => p.text).join('')
  if (parts.some((p) => p.kind === 'shell')) return { kind: 'shell', text }
  if (parts.some((p) => p.kind === 'expression')) return { kind: 'expression', text, refs: expressionRefs(text) }
  return { kind: 'literal', text }
}

/** `$GITHUB_ENV` or `${GITHUB_ENV}`, quoted or not, and nothing else. */
function isGithubEnvWord(word: Word | undefined): boolean {
  if (!word) return false
  const parts = word.parts.filter((p) => p.text !== '')
  return parts.length === 1 && parts[0]!.kind === 'shell' && (parts[0]!.text === '$GITHUB_ENV' || parts[0]!.text === '${GITHUB_ENV}')
}

/** Where the command's own redirections send standard output: GITHUB_ENV (true), elsewhere (false), or not redirected. */
function stdoutToGithubEnv(redirects: Redirect[]): boolean | undefined {
  let result: boolean | undefined
  for (const r of redirects) {
    const stdout = r.fd === undefined || r.fd === 1
    if (!stdout) continue
    if (r.op === '>' || r.op === '>>' || r.op === '>|' || r.op === '&>' || r.op === '&>>') result = isGithubEnvWord(r.target)
    else if (r.op === '>&') result = r.target?.text === '1' ? result : isGithubEnvWord(r.target)
  }
  return result
}

function teesToGithubEnv(command: Command): boolean {
  if (command.type !== 'simple') return false
  const name = command.words[0]?.text
  return name === 'tee' && command.words.slice(1).some((w) => isGithubEnvWord(w))
}

function stdinOf(redirects: Redirect[]): Redirect | undefined {
  let found: Redirect | undefined
  for (const r of redirects) if ((r.fd === undefined || r.fd === 0) && (r.op === '<<' || r.op === '<<-' || r.op === '<<<' || r.op === '<')) found = r
  return found
}

// ---------------------------------------------------------------- wrappers and the CLI

interface Resolved {
  argv: Word[]
  wrappers: string[]
  prefix: EnvEntry[]
  clearsEnv: boolean
  /** With `clearsEnv`: the variables still passed on (`sudo --preserve-env=A,B`). */
  keeps?: string[]
  /** False for `command -v claude` and the like, which only look the program up. */
  runs: boolean
  /** `bash -c SCRIPT`, `expect -c "spawn …"`: the script the wrapper runs, when it is written out. */
  script?: string
  /** A wrapper whose command this reader cannot see (`bash -c "$CMD"`), as written. */
  unread?: string
}

/** A command as messages quote it: one line, at most 60 characters. */
const shortCommand = (text: string): string => {
  const line = text.trim().replace(/\s+/g, ' ')
  return line.length > 60 ? `${line.slice(0, 59)}…` : line
}

const SHELLS = new Set(['bash', 'sh', 'dash', 'zsh', 'ksh'])
const baseName = (word: string): string => word.slice(word.lastIndexOf('/') + 1)
const mentionsClaude = (text: string): boolean => /(^|[^A-Za-z0-9_-])claude([^A-Za-z0-9_-]|$)|@anthropic-ai\/claude-code/.test(text)
const isStatic = (word: Word | undefined): boolean => word !== undefined && word.parts.every((p) => p.kind === 'static')

/**
 * A command this reader cannot see into that may start Claude Code: one whose program is a
 * shell expansion (`"$RUNNER" claude …`), or a script interpreter given `claude` as the
 * script's first argument (`node harness.cjs claude --print`).
 */
function mayStartClaude(argv: readonly Word[]): boolean {
  const program = argv[0]
  if (!program) return false
  const args = argv.slice(1).map((w) => w.text)
  if (!isStatic(program)) return args.some((a) => isClaudeProgram(a) || isClaudePackage(a))
  const interpreter = ['node', 'bun', 'deno', 'python', 'python3'].includes(baseName(program.text))
  return interpreter && args.length >= 2 && !args[0]!.startsWith('-') && (isClaudeProgram(args[1]!) || isClaudePackage(args[1]!))
}

/** The `spawn` command of an expect script, as words (Tcl quoting read as shell quoting, which covers the usual forms). */
function spawnedCommand(script: string): string | undefined {
  for (const line of script.split(/\n|;/)) {
    const words = line.trim().split(/\s+/)
    const at = words.indexOf('spawn')
    if (at >= 0) return line.trim().slice(line.trim().indexOf('spawn') + 'spawn'.length).replace(/^\s+(-noecho\s+)?/, '')
  }
  return undefined
}

/** Steps over `sudo`, `env`, `time`, `exec`, `timeout`, `nice`, `nohup`, `command`, `stdbuf` to the command they run. */
function resolveWrappers(words: Word[], line: number): Resolved {
  const result: Resolved = { argv: words, wrappers: [], prefix: [], clearsEnv: false, runs: true }
  let argv = words
  const text = (i: number) => argv[i]?.text
  while (argv.length) {
    const name = text(0)!
    let i = 1
    if (name === 'sudo') {
      let keepsEnv = false
      const kept: string[] = []
      for (; text(i)?.startsWith('-'); i++) {
        const option = text(i)!
        if (option === '--') {
          i++
          break
        }
        if (option.startsWith('--preserve-env=')) kept.push(...option.slice('--preserve-env='.length).split(','))
        else if (option === '-E' || option === '--preserve-env' || (/^-[A-Za-z]+$/.test(option) && option.includes('E'))) keepsEnv = true
        if (['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '--user', '--group'].includes(option)) i++
      }
      result.wrappers.push(keepsEnv ? 'sudo -E' : 'sudo')
      // sudo resets the environment (env_reset) unless told to keep it: only what it is told to keep passes.
      if (!keepsEnv) {
        result.clearsEnv = true
        result.keeps = [...(result.keeps ?? []), ...kept]
      }
      i = takeEnvAssignments(argv, i, result, line)
    } else if (name === 'env') {
      for (; i < argv.length; i++) {
        const option = text(i)!
        if (option === '-i' || option === '-' || option === '--ignore-environment') result.clearsEnv = true
        else if (option === '-u' || option === '--unset') result.prefix.push({ name: text(++i) ?? '', unset: true, line })
        else if (option.startsWith('--unset=')) result.prefix.push({ name: option.slice(8), unset: true, line })
        else if (option.startsWith('-u') && option.length > 2) result.prefix.push({ name: option.slice(2), unset: true, line })
        else if (option === '-C' || option === '--chdir') i++
        else if (option === '--') {
          i++
          break
        } else if (option.startsWith('-') && !option.includes('=')) continue
        else break
      }
      result.wrappers.push('env')
      i = takeEnvAssignments(argv, i, result, line)
    } else if (name === 'time') {
      while (text(i) === '-p' || text(i) === '--') i++
      result.wrappers.push('time')
    } else if (name === 'exec') {
      for (; text(i)?.startsWith('-'); i++) if (text(i) === '-a') i++
      result.wrappers.push('exec')
    } else if (name === 'timeout') {
      for (; text(i)?.startsWith('-'); i++) if (text(i) === '-s' || text(i) === '-k') i++
      i++ // the duration
      result.wrappers.push('timeout')
    } else if (name === 'nice') {
      for (; text(i)?.startsWith('-'); i++) if (text(i) === '-n') i++
      result.wrappers.push('nice')
    } else if (name === 'nohup') {
      result.wrappers.push('nohup')
    } else if (name === 'stdbuf') {
      for (; text(i)?.startsWith('-'); i++) if (['-i', '-o', '-e'].includes(text(i)!)) i++
      result.wrappers.push('stdbuf')
    } else if (name === 'command') {
      for (; text(i)?.startsWith('-'); i++) if (text(i) === '-v' || text(i) === '-V') result.runs = false
      result.wrappers.push('command')
    } else if (name === 'xargs') {
      // The command xargs runs, with the arguments it reads from stdin added: the environment passes on.
      for (; text(i)?.startsWith('-'); i++) {
        const option = text(i)!
        if (option === '--') {
          i++
          break
        }
        if (['-I', '-n', '-P', '-d', '-L', '-s', '-E', '-a'].includes(option)) i++
      }
      result.wrappers.push('xargs')
    } else if (SHELLS.has(baseName(name)) && argv.slice(1).some((w) => /^-[A-Za-z]*c[A-Za-z]*$/.test(w.text))) {
      // `bash -c 'SCRIPT'`, `sh -ec "…"`, `/bin/bash -lc …`: the script is read as a nested script.
      const flag = argv.findIndex((w, k) => k > 0 && /^-[A-Za-z]*c[A-Za-z]*$/.test(w.text))
      let k = flag + 1
      if (argv[k]?.text === '--') k++
      const script = argv[k]
      result.wrappers.push(baseName(name))
      if (!script || !isStatic(script)) result.unread = shortCommand(`${baseName(name)} -c ${script?.text ?? ''}`)
      else result.script = script.text
      return result
    } else if (name === 'expect' && text(1) === '-c') {
      const script = argv[2]
      const spawned = script && isStatic(script) ? spawnedCommand(script.text) : undefined
      result.wrappers.push('expect')
      if (spawned !== undefined) result.script = spawned
      else if (script && mentionsClaude(script.text)) result.unread = shortCommand(`expect -c ${script.text}`)
      return result
    } else if (baseName(name) === 'awf') {
      // gh-aw's firewall sandbox: `awf [options] -- COMMAND`. It passes the environment on only
      // with `--env-all`, else only what `-e NAME=value` gives. `--exclude-env ANTHROPIC_API_KEY`
      // is not read as an unset: gh-aw excludes the key from the sandbox because its API proxy
      // (configured in the `--config` file, which this reader does not see) adds it to every
      // request instead, so the key is still sent.
      const end = argv.findIndex((w) => w.text === '--')
      if (end < 0) {
        result.unread = 'awf'
        return result
      }
      let all = false
      for (let k = 1; k < end; k++) {
        const option = text(k)!
        if (option === '--env-all') all = true
        else if (option === '--exclude-env') k++
        else if (option === '-e' || option === '--env') {
          const assignment = argv[k + 1] ? parseAssignment(argv[k + 1]!, line) : undefined
          if (assignment) result.prefix.push({ ...assignment, form: 'prefix' })
          k++
        }
      }
      if (!all) result.clearsEnv = true
      result.wrappers.push('awf')
      i = end + 1
    } else break
    argv = argv.slice(i)
  }
  result.argv = argv
  return result
}

function takeEnvAssignments(argv: Word[], start: number, result: Resolved, line: number): number {
  let i = start
  for (; i < argv.length; i++) {
    const assignment = parseAssignment(argv[i]!, line)
    if (!assignment) break
    result.prefix.push({ ...assignment, form: 'prefix' })
  }
  return i
}

/** The launcher forms: `npx`, `bunx`, `pnpm dlx|exec`, `yarn dlx`, `npm exec|x`, then options. */
const LAUNCHERS: Record<string, string[] | null> = { npx: null, bunx: null, pnpm: ['dlx', 'exec'], yarn: ['dlx'], npm: ['exec', 'x'] }

/** The `claude` a command runs, if it runs one: the words naming it, and its arguments. */
export function claudeCommand(argv: readonly Word[]): { command: string; args: Word[] } | undefined {
  const first = argv[0]?.text
  if (first === undefined) return undefined
  if (isClaudeProgram(first)) return { command: first, args: argv.slice(1) }
  if (!(first in LAUNCHERS)) return undefined
  const subcommands = LAUNCHERS[first]
  let i = 1
  if (subcommands) {
    if (!subcommands.includes(argv[1]?.text ?? '')) return undefined
    i = 2
  }
  let packageGiven = false
  for (; argv[i]?.text.startsWith('-'); i++) {
    const option = argv[i]!.text
    if (option === '--') {
      i++
      break
    }
    if (option === '-c' || option === '--call') return undefined
    if (option === '-p' || option === '--package') {
      packageGiven = packageGiven || isClaudePackage(argv[i + 1]?.text ?? '')
      i++
    } else if (option.startsWith('--package=')) packageGiven = packageGiven || isClaudePackage(option.slice(10))
  }
  const program = argv[i]?.text
  if (program === undefined) return undefined
  if (isClaudePackage(program) || program === 'claude' || (packageGiven && isClaudeProgram(program))) {
    return { command: argv.slice(0, i + 1).map((w) => w.text).join(' '), args: argv.slice(i + 1) }
  }
  return undefined
}

// ---------------------------------------------------------------- output

/** Commands that print nothing, so a redirected group running them writes nothing unknown. */
const SILENT = new Set(['export', 'unset', 'set', 'declare', 'typeset', 'local', 'readonly', 'cd', 'true', ':', 'shift', 'exit', 'return', 'mkdir', 'rm', 'cp', 'mv', 'chmod', 'sleep', 'test', '['])

/** A piece of produced text with the script line it comes from. */
type Piece = Part & { line: number }

/**
 * What the command prints, when this reader can tell: `echo`, `printf`, and
 * `cat`/`tee` reading a heredoc or here-string. Undefined otherwise.
 */
function output(name: string, argv: Word[], redirects: Redirect[], line: number): Piece[] | undefined {
  const args = argv.slice(1)
  if (name === 'echo') return echoOutput(args, line)
  if (name === 'printf') return printfOutput(args)
  if (name === 'cat' || name === 'tee') {
    const files = args.filter((w) => !w.text.startsWith('-') || w.text === '-')
    if (name === 'cat' && files.some((w) => w.text !== '-')) return undefined
    const stdin = stdinOf(redirects)
    if (stdin?.heredoc) return stdin.heredoc.lines.flatMap((l) => [...l.parts.map((p) => ({ ...p, line: l.line })), { text: '\n', kind: 'static' as const, line: l.line }])
    if (stdin?.op === '<<<' && stdin.target) return [...piecesOf(stdin.target), { text: '\n', kind: 'static', line: stdin.target.line }]
    return undefined
  }
  return undefined
}

function piecesOf(word: Word): Piece[] {
  // A quoted word can span lines: later pieces start further down.
  let line = word.line
  return word.parts.map((p) => {
    const piece = { ...p, line }
    if (p.kind === 'static') for (const c of p.text) if (c === '\n') line++
    return piece
  })
}

function echoOutput(args: Word[], line: number): Piece[] {
  let newline = true
  let escapes = false
  let i = 0
  for (; i < args.length && /^-[neE]+$/.test(args[i]!.text); i++) {
    for (const c of args[i]!.text.slice(1)) {
      if (c === 'n') newline = false
      else if (c === 'e') escapes = true
      else escapes = false
    }
  }
  const pieces: Piece[] = []
  args.slice(i).forEach((word, index) => {
    if (index > 0) pieces.push({ text: ' ', kind: 'static', line: word.line })
    for (const piece of piecesOf(word)) pieces.push(escapes && piece.kind === 'static' ? { ...piece, text: decodeEscapes(piece.text) } : piece)
  })
  if (newline) pieces.push({ text: '\n', kind: 'static', line: args[args.length - 1]?.line ?? line })
  return pieces
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b' }

function decodeEscapes(text: string): string {
  let out = ''
  for (let j = 0; j < text.length; j++) {
    if (text[j] === '\\' && j + 1 < text.length && ESCAPES[text[j + 1]!] !== undefined) {
      out += ESCAPES[text[++j]!]
    } else out += text[j]
  }
  return out
}

/** `printf FORMAT ARGS…`: `%s`-style conversions take the next argument; the format repeats while arguments remain. */
function printfOutput(args: Word[]): Piece[] | undefined {
  let i = 0
  if (args[0]?.text === '-v') return []
  if (args[0]?.text === '--') i = 1
  const format = args[i]
  if (!format || format.parts.some((p) => p.kind !== 'static')) return undefined
  const values = args.slice(i + 1)
  const pieces: Piece[] = []
  let next = 0
  const text = format.text
  do {
    let conversions = 0
    for (let j = 0; j < text.length; j++) {
      const c = text[j]!
      if (c === '\\' && j + 1 < text.length) {
        pieces.push({ text: ESCAPES[text[j + 1]!] ?? text[j + 1]!, kind: 'static', line: format.line })
        j++
      } else if (c === '%' && text[j + 1] === '%') {
        pieces.push({ text: '%', kind: 'static', line: format.line })
        j++
      } else if (c === '%') {
        // Flags, width and precision, then the conversion letter.
        let k = j + 1
        while (k < text.length && '-+ #0123456789.'.includes(text[k]!)) k++
        conversions++
        const value = values[next++]
        if (value) pieces.push(...piecesOf(value))
        j = k
      } else pieces.push({ text: c, kind: 'static', line: format.line })
    }
    if (conversions === 0) break
  } while (next < values.length)
  return pieces
}

// ---------------------------------------------------------------- the GITHUB_ENV file

/**
 * Reads the text written to GITHUB_ENV the way the runner does (actions/runner
 * @258d6c8, src/Runner.Worker/FileCommandManager.cs, EnvFileKeyValuePairs):
 * per line, `NAME=VALUE` when `=` comes before any `<<`, else
 * `NAME<<DELIMITER` followed by value lines up to a line equal to DELIMITER.
 * The name is not trimmed. NODE_OPTIONS is refused by the runner and left out.
 * A record whose name or delimiter depends on the shell is unread.
 */
function readEnvFile(pieces: EnvPiece[], unread: UnreadGithubEnvWrite[]): GithubEnvWrite[] {
  const lines = splitLines(pieces)
  const writes: GithubEnvWrite[] = []
  const textOf = (line: EnvPiece[]) => line.map((p) => p.text).join('')
  const staticUpTo = (line: EnvPiece[], end: number) => {
    let offset = 0
    for (const p of line) {
      if (offset >= end) return true
      if (p.kind !== 'static') return false
      offset += p.text.length
    }
    return true
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const text = textOf(line)
    if (text === '') continue
    const first = line[0]!
    const equals = text.indexOf('=')
    const heredoc = text.indexOf('<<')
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      if (!staticUpTo(line, equals + 1) || equals === 0) {
        unread.push({ line: first.line, command: first.command })
        continue
      }
      const name = text.slice(0, equals)
      const value = sliceParts(line, equals + 1)
      if (name !== 'NODE_OPTIONS') writes.push({ name, value: valueOfParts(value), line: first.line, conditional: line.some((p) => p.conditional) })
    } else if (heredoc > 0 && staticUpTo(line, text.length)) {
      const name = text.slice(0, heredoc)
      const delimiter = text.slice(heredoc + 2)
      const end = lines.findIndex((l, k) => k > i && textOf(l) === delimiter && staticUpTo(l, delimiter.length))
      if (!delimiter || end < 0) {
        unread.push({ line: first.line, command: first.command })
        continue
      }
      const body = lines.slice(i + 1, end)
      const value = body.flatMap((l, k) => (k === 0 ? l : [{ ...l[0]!, text: '\n', kind: 'static' as const }, ...l]))
      if (name !== 'NODE_OPTIONS') {
        writes.push({ name, value: valueOfParts(value), line: first.line, conditional: [line, ...body, lines[end]!].some((l) => l.some((p) => p.conditional)) })
      }
      i = end
    } else {
      unread.push({ line: first.line, command: first.command })
    }
  }
  return writes
}

function splitLines(pieces: EnvPiece[]): EnvPiece[][] {
  const lines: EnvPiece[][] = []
  let current: EnvPiece[] = []
  for (const piece of pieces) {
    if (piece.kind !== 'static' || !piece.text.includes('\n')) {
      current.push(piece)
      continue
    }
    const segments = piece.text.split('\n')
    segments.forEach((segment, index) => {
      if (index > 0) {
        lines.push(current)
        current = []
      }
      if (segment) current.push({ ...piece, text: segment })
    })
  }
  if (current.length) lines.push(current)
  return lines
}

function sliceParts(line: EnvPiece[], from: number): EnvPiece[] {
  const result: EnvPiece[] = []
  let offset = 0
  for (const p of line) {
    const end = offset + p.text.length
    if (end > from) result.push(offset >= from ? p : { ...p, text: p.text.slice(from - offset) })
    offset = end
  }
  return result
}
