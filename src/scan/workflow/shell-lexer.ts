// A lexer and forgiving parser for the bash/sh that workflow `run:` scripts
// are written in: enough structure to find commands, their words, their
// redirections and heredoc bodies, with a line on each.
//
// Why not shell-quote (the usual npm choice): it has no heredocs, no `\`
// line continuations and no newlines as separators, and it expands
// variables while parsing, so `echo "K=$V" >> "$GITHUB_ENV"` would lose
// exactly what this check needs to see. bash-parser and mvdan/sh are too
// large for a start-up path measured in milliseconds.
//
// `${{ … }}` in a script is a GitHub expression that the runner substitutes
// before the shell starts: the lexer keeps it as one opaque part.

/** A piece of a word: literal text, a shell expansion, or a GitHub expression. */
export interface Part {
  text: string
  kind: 'static' | 'shell' | 'expression'
}

export interface Word {
  parts: Part[]
  /** The word with quotes removed and expansions kept as written. */
  text: string
  /** True when any of it was quoted or escaped (a quoted word is never a keyword or an assignment name). */
  quoted: boolean
  /** 1-based script line where the word starts. */
  line: number
  /** Scripts run by `$(…)` and backquotes inside this word. */
  substitutions: { script: string; line: number }[]
}

export interface Heredoc {
  /** Each body line, with the expansions an unquoted delimiter allows. */
  lines: { parts: Part[]; line: number }[]
  quoted: boolean
}

export interface Redirect {
  /** `>`, `>>`, `>|`, `&>`, `&>>`, `<`, `<<`, `<<-`, `<<<`, `>&`, `<&`, `<>`. */
  op: string
  fd?: number
  target?: Word
  heredoc?: Heredoc
  line: number
}

export interface SimpleCommand {
  type: 'simple'
  words: Word[]
  redirects: Redirect[]
  line: number
}

export interface GroupCommand {
  type: 'group'
  /** `( … )` runs in a subshell; `{ …; }` in the same shell; a function body only when called. */
  scope: 'subshell' | 'same' | 'function'
  body: Statement[]
  redirects: Redirect[]
  line: number
}

export type Command = SimpleCommand | GroupCommand

export interface Statement {
  pipeline: Command[]
  /**
   * Whether the statement may not run: it follows `&&` or `||`, or sits in
   * an `if`/`while`/`until`/`for`/`case`/`select` or in a function body.
   */
  conditional: boolean
}

// ---------------------------------------------------------------- lexer

type Token =
  | { t: 'word'; word: Word }
  | { t: 'op'; op: string; line: number }
  | { t: 'redir'; redirect: Redirect }

const METACHARS = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>'])
/** Characters that end a run of ordinary word characters. */
const WORD_SPECIAL = new Set([...METACHARS, '\\', "'", '"', '$', '`', '\r'])
const DOUBLE_QUOTED_SPECIAL = new Set(['"', '\\', '$', '`'])
const isNameStart = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_')
const isNameChar = (c: string | undefined) => isNameStart(c) || (c !== undefined && c >= '0' && c <= '9')
const SPECIAL_PARAMETERS = new Set(['@', '*', '#', '?', '-', '$', '!', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])

class Lexer {
  private i = 0
  private line = 1
  private readonly pendingHeredocs: { redirect: Redirect; delimiter: string; stripTabs: boolean }[] = []

  /** `plainWords`: split on blanks and newlines only, the way CCA reads `claude_args` (operators are text). */
  constructor(
    private readonly s: string,
    private readonly plainWords = false,
  ) {}

  tokens(): Token[] {
    const out: Token[] = []
    let expectHeredocDelimiter: { redirect: Redirect; stripTabs: boolean } | undefined
    while (true) {
      this.skipBlanks()
      if (this.i >= this.s.length) break
      const c = this.s[this.i]!
      if (c === '#') {
        while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++
        continue
      }
      if (c === '\n') {
        if (!this.plainWords) out.push({ t: 'op', op: '\n', line: this.line })
        this.i++
        this.line++
        this.readHeredocBodies()
        continue
      }
      const op = this.plainWords ? undefined : this.readOperator()
      if (op) {
        out.push(op)
        if (op.t === 'redir' && (op.redirect.op === '<<' || op.redirect.op === '<<-')) {
          expectHeredocDelimiter = { redirect: op.redirect, stripTabs: op.redirect.op === '<<-' }
        }
        continue
      }
      const word = this.readWord()
      if (expectHeredocDelimiter) {
        this.pendingHeredocs.push({ ...expectHeredocDelimiter, delimiter: word.text })
        expectHeredocDelimiter.redirect.heredoc = { lines: [], quoted: word.quoted }
        expectHeredocDelimiter = undefined
      }
      out.push({ t: 'word', word })
    }
    return out
  }

  private skipBlanks() {
    while (this.i < this.s.length) {
      const c = this.s[this.i]
      if (c === ' ' || c === '\t' || c === '\r') this.i++
      else if (c === '\\' && this.s[this.i + 1] === '\n') {
        this.i += 2
        this.line++
      } else break
    }
  }

  private readOperator(): Token | undefined {
    const s = this.s
    const line = this.line
    let j = this.i
    // An all-digit word directly followed by < or > is a file descriptor.
    while (s[j] !== undefined && s[j]! >= '0' && s[j]! <= '9') j++
    const fd = j > this.i && (s[j] === '<' || s[j] === '>') ? Number(s.slice(this.i, j)) : undefined
    if (fd === undefined) j = this.i
    const c = s[j]
    const next = s[j + 1]
    // Process substitution `<(…)`/`>(…)` is a word.
    if ((c === '<' || c === '>') && next === '(' && fd === undefined) return undefined
    const redirect = (op: string): Token => {
      this.i = j + op.length
      const r: Redirect = { op, line }
      if (fd !== undefined) r.fd = fd
      return { t: 'redir', redirect: r }
    }
    if (c === '>') {
      if (next === '>') return redirect('>>')
      if (next === '&') return redirect('>&')
      if (next === '|') return redirect('>|')
      return redirect('>')
    }
    if (c === '<') {
      if (next === '<') {
        if (s[j + 2] === '<') return redirect('<<<')
        if (s[j + 2] === '-') return redirect('<<-')
        return redirect('<<')
      }
      if (next === '&') return redirect('<&')
      if (next === '>') return redirect('<>')
      return redirect('<')
    }
    if (fd !== undefined) return undefined
    const op = (text: string): Token => {
      this.i += text.length
      return { t: 'op', op: text, line }
    }
    if (c === '&') {
      if (next === '&') return op('&&')
      if (next === '>') {
        if (s[j + 2] === '>') return redirect('&>>')
        return redirect('&>')
      }
      return op('&')
    }
    if (c === '|') {
      if (next === '|') return op('||')
      if (next === '&') return op('|&')
      return op('|')
    }
    if (c === ';') {
      if (next === ';') return op(s[j + 2] === '&' ? ';;&' : ';;')
      if (next === '&') return op(';&')
      return op(';')
    }
    if (c === '(' || c === ')') return op(c)
    return undefined
  }

  private readWord(): Word {
    const word: Word = { parts: [], text: '', quoted: false, line: this.line, substitutions: [] }
    const s = this.s
    while (this.i < s.length) {
      const c = s[this.i]!
      if (this.plainWords ? c === ' ' || c === '\t' || c === '\n' : METACHARS.has(c)) {
        if (!this.plainWords && (c === '<' || c === '>') && s[this.i + 1] === '(') {
          this.readSubstitution(word, this.i + 1)
          continue
        }
        break
      }
      if (c === '\r' && s[this.i + 1] === '\n') break
      if (c === '\\') {
        if (s[this.i + 1] === '\n') {
          this.i += 2
          this.line++
          continue
        }
        word.quoted = true
        if (this.i + 1 < s.length) addPart(word, s[this.i + 1]!, 'static')
        this.i += 2
      } else if (c === "'") {
        word.quoted = true
        const end = s.indexOf("'", this.i + 1)
        const stop = end < 0 ? s.length : end
        this.addStatic(word, s.slice(this.i + 1, stop))
        this.i = stop + 1
      } else if (c === '"') {
        word.quoted = true
        this.i++
        this.readDoubleQuoted(word)
      } else if (c === '$') {
        this.readDollar(word, false)
      } else if (c === '`') {
        this.readBackquote(word)
      } else {
        // A run of ordinary characters at once: this is most of any script.
        let j = this.i + 1
        while (j < s.length && !WORD_SPECIAL.has(s[j]!)) j++
        addPart(word, s.slice(this.i, j), 'static')
        this.i = j
      }
    }
    word.text = word.parts.map((p) => p.text).join('')
    return word
  }

  private addStatic(word: Word, text: string) {
    for (const c of text) if (c === '\n') this.line++
    addPart(word, text, 'static')
  }

  private readDoubleQuoted(word: Word) {
    const s = this.s
    while (this.i < s.length && s[this.i] !== '"') {
      const c = s[this.i]!
      if (c === '\\') {
        const n = s[this.i + 1]
        if (n === '\n') {
          this.i += 2
          this.line++
        } else if (n === '$' || n === '`' || n === '"' || n === '\\') {
          addPart(word, n, 'static')
          this.i += 2
        } else {
          addPart(word, '\\', 'static')
          this.i++
        }
      } else if (c === '$') {
        this.readDollar(word, true)
      } else if (c === '`') {
        this.readBackquote(word)
      } else {
        let j = this.i
        while (j < s.length && !DOUBLE_QUOTED_SPECIAL.has(s[j]!)) {
          if (s[j] === '\n') this.line++
          j++
        }
        addPart(word, s.slice(this.i, j), 'static')
        this.i = j
      }
    }
    this.i++
  }

  private readDollar(word: Word, inDoubleQuotes: boolean) {
    const s = this.s
    const n = s[this.i + 1]
    if (n === '{' && s[this.i + 2] === '{') {
      const end = s.indexOf('}}', this.i + 3)
      const stop = end < 0 ? s.length : end + 2
      this.addCounted(word, s.slice(this.i, stop), 'expression')
      this.i = stop
    } else if (n === '(') {
      if (s[this.i + 2] === '(') {
        const stop = matchingParen(s, this.i + 1)
        this.addCounted(word, s.slice(this.i, stop), 'shell')
        this.i = stop
      } else {
        this.readSubstitution(word, this.i + 1)
      }
    } else if (n === '{') {
      const stop = matchingBrace(s, this.i + 1)
      this.addCounted(word, s.slice(this.i, stop), 'shell')
      this.i = stop
    } else if (n === "'" && !inDoubleQuotes) {
      word.quoted = true
      const end = ansiCQuoteEnd(s, this.i + 2)
      this.addCounted(word, decodeAnsiC(s.slice(this.i + 2, end)), 'static')
      this.i = end + 1
    } else if (n === '"' && !inDoubleQuotes) {
      word.quoted = true
      this.i += 2
      this.readDoubleQuoted(word)
    } else if (isNameStart(n)) {
      let j = this.i + 1
      while (isNameChar(s[j])) j++
      addPart(word, s.slice(this.i, j), 'shell')
      this.i = j
    } else if (n !== undefined && SPECIAL_PARAMETERS.has(n)) {
      addPart(word, s.slice(this.i, this.i + 2), 'shell')
      this.i += 2
    } else {
      addPart(word, '$', 'static')
      this.i++
    }
  }

  /** `$(…)`, `<(…)`, `>(…)`: `open` is the index of the `(`. */
  private readSubstitution(word: Word, open: number) {
    const stop = matchingParen(this.s, open)
    const script = this.s.slice(open + 1, stop - 1)
    word.substitutions.push({ script, line: this.line })
    this.addCounted(word, this.s.slice(this.i, stop), 'shell')
    this.i = stop
  }

  private readBackquote(word: Word) {
    const s = this.s
    let j = this.i + 1
    while (j < s.length && s[j] !== '`') j += s[j] === '\\' ? 2 : 1
    word.substitutions.push({ script: s.slice(this.i + 1, j), line: this.line })
    this.addCounted(word, s.slice(this.i, j + 1), 'shell')
    this.i = j + 1
  }

  private addCounted(word: Word, text: string, kind: Part['kind']) {
    for (const c of text) if (c === '\n') this.line++
    addPart(word, text, kind)
  }

  /** After a newline: the bodies of the heredocs opened on the line just ended. */
  private readHeredocBodies() {
    const s = this.s
    for (const pending of this.pendingHeredocs.splice(0)) {
      const heredoc = pending.redirect.heredoc!
      while (this.i < s.length) {
        let end = s.indexOf('\n', this.i)
        if (end < 0) end = s.length
        let text = s.slice(this.i, end)
        if (text.endsWith('\r')) text = text.slice(0, -1)
        if (pending.stripTabs) text = text.replace(/^\t+/, '')
        const line = this.line
        this.i = Math.min(end + 1, s.length)
        this.line++
        if (text === pending.delimiter) break
        heredoc.lines.push({ parts: heredoc.quoted ? [{ text, kind: 'static' }] : heredocParts(text), line })
      }
    }
  }
}

function addPart(word: Word, text: string, kind: Part['kind']) {
  const last = word.parts[word.parts.length - 1]
  if (last && last.kind === kind && kind === 'static') last.text += text
  else word.parts.push({ text, kind })
}

/** Index just past the `)` matching the `(` at `open`, skipping quotes and nested parentheses. */
function matchingParen(s: string, open: number): number {
  let depth = 0
  let j = open
  while (j < s.length) {
    const c = s[j]
    if (c === '\\') j += 2
    else if (c === "'") {
      const end = s.indexOf("'", j + 1)
      j = end < 0 ? s.length : end + 1
    } else if (c === '"') j = skipDoubleQuoted(s, j)
    else {
      if (c === '(') depth++
      else if (c === ')' && --depth === 0) return j + 1
      j++
    }
  }
  return s.length
}

function matchingBrace(s: string, open: number): number {
  let depth = 0
  let j = open
  while (j < s.length) {
    const c = s[j]
    if (c === '\\') j += 2
    else if (c === "'") {
      const end = s.indexOf("'", j + 1)
      j = end < 0 ? s.length : end + 1
    } else if (c === '"') j = skipDoubleQuoted(s, j)
    else {
      if (c === '{') depth++
      else if (c === '}' && --depth === 0) return j + 1
      j++
    }
  }
  return s.length
}

function skipDoubleQuoted(s: string, open: number): number {
  let j = open + 1
  while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1
  return j + 1
}

function ansiCQuoteEnd(s: string, start: number): number {
  let j = start
  while (j < s.length && s[j] !== "'") j += s[j] === '\\' ? 2 : 1
  return j
}

const ANSI_C: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v' }

function decodeAnsiC(body: string): string {
  let out = ''
  for (let j = 0; j < body.length; j++) {
    if (body[j] === '\\' && j + 1 < body.length) {
      const mapped = ANSI_C[body[j + 1]!]
      out += mapped ?? body[j + 1]
      j++
    } else out += body[j]
  }
  return out
}

/** Parts of an unquoted heredoc body line: `$…`, `${…}`, `$(…)` and backquotes expand; `\$` does not. */
function heredocParts(text: string): Part[] {
  const word: Word = { parts: [], text: '', quoted: false, line: 0, substitutions: [] }
  let j = 0
  while (j < text.length) {
    const c = text[j]!
    if (c === '\\' && (text[j + 1] === '$' || text[j + 1] === '`' || text[j + 1] === '\\')) {
      addPart(word, text[j + 1]!, 'static')
      j += 2
    } else if (c === '$' && text[j + 1] === '{' && text[j + 2] === '{') {
      const end = text.indexOf('}}', j + 3)
      const stop = end < 0 ? text.length : end + 2
      addPart(word, text.slice(j, stop), 'expression')
      j = stop
    } else if (c === '$' && (text[j + 1] === '(' || text[j + 1] === '{')) {
      const stop = text[j + 1] === '(' ? matchingParen(text, j + 1) : matchingBrace(text, j + 1)
      addPart(word, text.slice(j, stop), 'shell')
      j = stop
    } else if (c === '$' && (isNameStart(text[j + 1]) || SPECIAL_PARAMETERS.has(text[j + 1] ?? ''))) {
      let k = j + 2
      if (isNameStart(text[j + 1])) while (isNameChar(text[k])) k++
      addPart(word, text.slice(j, k), 'shell')
      j = k
    } else if (c === '`') {
      let k = j + 1
      while (k < text.length && text[k] !== '`') k += text[k] === '\\' ? 2 : 1
      addPart(word, text.slice(j, k + 1), 'shell')
      j = k + 1
    } else {
      addPart(word, c, 'static')
      j++
    }
  }
  return word.parts
}

// ---------------------------------------------------------------- parser

const OPENING_KEYWORDS = new Set(['if', 'while', 'until'])
const CLOSING_KEYWORDS = new Set(['fi', 'done', 'esac'])
const TRANSPARENT_KEYWORDS = new Set(['then', 'else', 'elif', 'do', '!'])

/**
 * Parses a script into statements. Forgiving by design: it never throws,
 * and constructs it does not model are read as plain commands.
 *
 * Approximations: `if`/`while`/`until`/`for`/`case` bodies are read in
 * place, in text order, and only marked `conditional`; a redirection after
 * `done`/`fi`/`esac` is not applied to the loop's commands; `case` patterns
 * are skipped up to their `)`.
 */
export function parseScript(script: string): Statement[] {
  return new Parser(new Lexer(script).tokens()).parseAll()
}

/**
 * How deep this reader follows nested constructs (`( … )`, `{ …; }`, `$( … )`,
 * `bash -c '…'`, function bodies, `case` patterns). Real scripts stay under ten;
 * beyond this the script is not read (TooDeep), never a stack overflow.
 */
export const MAX_NESTING = 64

/** A script nested deeper than MAX_NESTING: the reader stops and says so. */
export class TooDeep extends Error {
  constructor(readonly scriptLine: number) {
    super(`nested more than ${MAX_NESTING} levels deep`)
    this.name = 'TooDeep'
  }
}

/**
 * The words of `text` split on blanks and newlines, quotes removed, with
 * `( ) | & ; < >` kept as ordinary characters: how claude-code-action splits
 * `claude_args` (shell-quote with those characters escaped first).
 */
export function splitWords(text: string): string[] {
  const words: string[] = []
  for (const token of new Lexer(text, true).tokens()) if (token.t === 'word') words.push(token.word.text)
  return words
}

class Parser {
  private k = 0
  /** Commands being parsed inside each other: bounded by MAX_NESTING. */
  private nesting = 0
  /** Open `if`/`while`/`until`/`for`/`case`/`select` constructs. */
  private depth = 0
  /** The `depth` of each open `case`, where a word followed by `)` is a pattern. */
  private readonly caseDepths: number[] = []

  constructor(private readonly tokens: Token[]) {}

  parseAll(): Statement[] {
    const statements: Statement[] = []
    while (this.k < this.tokens.length) {
      const before = this.k
      statements.push(...this.parseList(undefined, false))
      // A stray `)` or `}` at top level: skip it and read on.
      if (this.k === before) this.k++
    }
    return statements
  }

  private peek(): Token | undefined {
    return this.tokens[this.k]
  }

  private isOp(token: Token | undefined, ...ops: string[]): boolean {
    return token?.t === 'op' && ops.includes(token.op)
  }

  private keyword(token: Token | undefined): string | undefined {
    return token?.t === 'word' && !token.word.quoted ? token.word.text : undefined
  }

  /** Statements up to `)` (subshell), the word `}` (brace group) or the end. */
  private parseList(closer: ')' | '}' | undefined, inheritedConditional: boolean): Statement[] {
    const statements: Statement[] = []
    let afterAndOr = false
    while (this.k < this.tokens.length) {
      const token = this.peek()!
      if (this.isOp(token, '\n', ';', '&', ';;', ';&', ';;&')) {
        this.k++
        afterAndOr = false
        continue
      }
      if (this.isOp(token, '&&', '||')) {
        this.k++
        afterAndOr = true
        continue
      }
      if (this.isOp(token, ')') && closer !== '}') break
      if (this.keyword(token) === '}' && closer !== ')') break
      // The condition of `if`/`while` always runs; what follows `then`/`do`
      // runs only sometimes, and so does anything after `&&`/`||`.
      const conditional = inheritedConditional || afterAndOr || this.depth > 0
      const pipeline = this.parsePipeline(inheritedConditional)
      if (pipeline.length) statements.push({ pipeline, conditional })
      afterAndOr = false
    }
    return statements
  }

  private parsePipeline(inheritedConditional: boolean): Command[] {
    const commands: Command[] = []
    while (this.k < this.tokens.length) {
      const command = this.parseCommand(inheritedConditional)
      if (command) commands.push(command)
      if (this.isOp(this.peek(), '|', '|&')) {
        this.k++
        while (this.isOp(this.peek(), '\n')) this.k++
        continue
      }
      break
    }
    return commands
  }

  private parseCommand(inheritedConditional: boolean): Command | undefined {
    if (this.nesting >= MAX_NESTING) throw new TooDeep(this.lineHere())
    this.nesting++
    try {
      return this.parseCommandIn(inheritedConditional)
    } finally {
      this.nesting--
    }
  }

  private lineHere(): number {
    const token = this.peek() ?? this.tokens[this.tokens.length - 1]
    if (!token) return 1
    return token.t === 'word' ? token.word.line : token.t === 'op' ? token.line : token.redirect.line
  }

  private parseCommandIn(inheritedConditional: boolean): Command | undefined {
    // Keywords that only shape control flow are stepped over.
    while (true) {
      const word = this.keyword(this.peek())
      if (word === undefined) break
      if (OPENING_KEYWORDS.has(word)) {
        this.depth++
        this.k++
      } else if (TRANSPARENT_KEYWORDS.has(word)) {
        this.k++
      } else if (CLOSING_KEYWORDS.has(word)) {
        if (word === 'esac') this.caseDepths.pop()
        this.depth = Math.max(0, this.depth - 1)
        this.k++
        this.readRedirects()
        return undefined
      } else if (word === 'for' || word === 'select') {
        this.depth++
        this.skipToSeparator()
        return undefined
      } else if (word === 'case') {
        this.depth++
        this.skipCaseHeader()
        return undefined
      } else if (word === 'function') {
        this.k++
        return this.parseFunction()
      } else break
    }
    const token = this.peek()
    if (!token) return undefined
    if (this.isOp(token, '(')) {
      const line = (token as { line: number }).line
      this.k++
      const body = this.parseList(')', inheritedConditional || this.depth > 0)
      if (this.isOp(this.peek(), ')')) this.k++
      return { type: 'group', scope: 'subshell', body, redirects: this.readRedirects(), line }
    }
    if (this.keyword(token) === '{') {
      const line = (token as { t: 'word'; word: Word }).word.line
      this.k++
      const body = this.parseList('}', inheritedConditional || this.depth > 0)
      if (this.keyword(this.peek()) === '}') this.k++
      return { type: 'group', scope: 'same', body, redirects: this.readRedirects(), line }
    }
    if (this.isOp(token, ')')) return undefined
    if (token.t === 'op') {
      this.k++
      return undefined
    }
    // A case pattern such as `start)` or `*)`.
    if (this.inCase() && token.t === 'word' && this.isOp(this.tokens[this.k + 1], ')')) {
      this.k += 2
      return this.parseCommand(inheritedConditional)
    }
    if (token.t === 'word' && this.isOp(this.tokens[this.k + 1], '(') && this.isOp(this.tokens[this.k + 2], ')')) {
      return this.parseFunction()
    }
    return this.parseSimple()
  }

  private inCase(): boolean {
    return this.caseDepths.length > 0 && this.caseDepths[this.caseDepths.length - 1] === this.depth
  }

  private skipCaseHeader() {
    // `case WORD in`
    this.k++
    while (this.k < this.tokens.length && this.keyword(this.peek()) !== 'in') this.k++
    this.k++
    this.caseDepths.push(this.depth)
    while (this.isOp(this.peek(), '\n')) this.k++
    if (this.isOp(this.peek(), '(')) this.k++
  }

  /** `name() body` or `function name [()] body`: the body runs only when called. */
  private parseFunction(): Command | undefined {
    if (this.peek()?.t === 'word') this.k++
    if (this.isOp(this.peek(), '(') && this.isOp(this.tokens[this.k + 1], ')')) this.k += 2
    while (this.isOp(this.peek(), '\n')) this.k++
    const body = this.parseCommand(true)
    if (!body) return undefined
    const statements: Statement[] = [{ pipeline: [body], conditional: true }]
    return { type: 'group', scope: 'function', body: statements, redirects: [], line: body.line }
  }

  private parseSimple(): SimpleCommand | undefined {
    const words: Word[] = []
    const redirects: Redirect[] = []
    let line: number | undefined
    while (this.k < this.tokens.length) {
      const token = this.peek()!
      if (token.t === 'op') break
      if (token.t === 'word') {
        words.push(token.word)
        line ??= token.word.line
        this.k++
      } else {
        line ??= token.redirect.line
        redirects.push(this.readRedirect(token.redirect))
      }
    }
    if (line === undefined) return undefined
    return { type: 'simple', words, redirects, line }
  }

  private readRedirect(redirect: Redirect): Redirect {
    this.k++
    const target = this.peek()
    if (target?.t === 'word') {
      redirect.target = target.word
      this.k++
    }
    return redirect
  }

  private readRedirects(): Redirect[] {
    const redirects: Redirect[] = []
    while (this.peek()?.t === 'redir') redirects.push(this.readRedirect((this.peek() as { t: 'redir'; redirect: Redirect }).redirect))
    return redirects
  }

  private skipToSeparator() {
    while (this.k < this.tokens.length && !this.isOp(this.peek(), '\n', ';')) this.k++
  }
}
