// Just enough of a bash reader for the corpus CLI check (conformance/corpus-cli.ts): the
// statements of a `run:` script, where `claude` is called, and which statements before that
// call shape the environment it starts with. Written for this test, apart from the action's
// own script reader (src/scan/workflow/shell.ts), which the corpus checks.

export interface Statement {
  /** The statement's text: continuation lines joined, comments dropped, heredoc bodies left out. */
  text: string
  /** 1-based line of the script where it starts. */
  line: number
}

/**
 * The script's statements, split at newlines and `;` outside quotes, `$( … )` and
 * `( … )`. Quotes, `\`-newline continuations, comments and heredoc bodies are read as bash
 * reads them; `&&`, `||` and `|` stay inside the statement.
 */
export function statements(script: string): Statement[] {
  const out: Statement[] = []
  let current = ''
  let start = 1
  let line = 1
  let depth = 0
  let quote: "'" | '"' | undefined
  const heredocs: { word: string; strip: boolean }[] = []
  const flush = () => {
    const text = current.trim()
    if (text !== '') out.push({ text, line: start })
    current = ''
  }
  let i = 0
  while (i < script.length) {
    const c = script[i]!
    if (quote === "'") {
      current += c
      if (c === "'") quote = undefined
      if (c === '\n') line++
      i++
      continue
    }
    if (c === '\\' && script[i + 1] === '\n') {
      // A continuation: the statement goes on on the next line.
      current += ' '
      line++
      i += 2
      continue
    }
    if (c === '\\') {
      current += script.slice(i, i + 2)
      i += 2
      continue
    }
    if (quote === '"') {
      current += c
      if (c === '"' && depth === 0) quote = undefined
      if (c === '$' && script[i + 1] === '(') {
        depth++
        current += '('
        i += 2
        continue
      }
      if (c === ')' && depth > 0) depth--
      if (c === '\n') line++
      i++
      continue
    }
    if (c === "'" || c === '"') {
      quote = c
      current += c
      i++
      continue
    }
    if (c === '#' && (current === '' || /\s$/.test(current))) {
      while (i < script.length && script[i] !== '\n') i++
      continue
    }
    if (c === '(') depth++
    if (c === ')' && depth > 0) depth--
    if (c === '<' && script[i + 1] === '<' && script[i + 2] !== '<') {
      const m = /^<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(script.slice(i))
      if (m) {
        heredocs.push({ word: m[3] as string, strip: m[1] === '-' })
        current += m[0]
        i += m[0].length
        continue
      }
    }
    if (c === '\n') {
      line++
      i++
      if (depth === 0) {
        flush()
        start = line
      } else current += ' '
      // Heredoc bodies: skipped up to their terminator line.
      for (const doc of heredocs.splice(0)) {
        while (i < script.length) {
          const end = script.indexOf('\n', i)
          const body = script.slice(i, end === -1 ? script.length : end)
          i = end === -1 ? script.length : end + 1
          line++
          if ((doc.strip ? body.replace(/^\t+/, '') : body) === doc.word) break
        }
        start = line
      }
      continue
    }
    if (c === ';' && depth === 0 && script[i + 1] !== ';') {
      flush()
      start = line
      i++
      continue
    }
    current += c
    i++
  }
  flush()
  return out
}

/** Shell words of a statement, quotes removed (`$…` left as written, so a caller can tell a literal). */
export function words(text: string): { word: string; literal: boolean }[] {
  const out: { word: string; literal: boolean }[] = []
  let word = ''
  let literal = true
  let started = false
  let i = 0
  const push = () => {
    if (started) out.push({ word, literal })
    word = ''
    literal = true
    started = false
  }
  while (i < text.length) {
    const c = text[i]!
    if (/\s/.test(c)) {
      push()
      i++
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1)
      word += text.slice(i + 1, end === -1 ? text.length : end)
      started = true
      i = end === -1 ? text.length : end + 1
    } else if (c === '"') {
      i++
      started = true
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && /["\\$`]/.test(text[i + 1] ?? '')) {
          word += text[i + 1]
          i += 2
          continue
        }
        if (text[i] === '$' || text[i] === '`') literal = false
        word += text[i]
        i++
      }
      i++
    } else if (c === '\\') {
      word += text[i + 1] ?? ''
      started = true
      i += 2
    } else {
      if (c === '$' || c === '`') literal = false
      word += c
      started = true
      i++
    }
  }
  push()
  return out
}

/** What starts a command inside a statement: its start, or after `&&`, `||`, `|`, `(`, `$(`, `{`, `then`, `do`, `else`, `!`. */
const COMMAND_START = String.raw`(?:^|&&|\|\||[|({]|\$\(|\b(?:then|do|else)\s|!\s)\s*`
/** Words before the command itself: assignments, `env`, `exec`, `time`, `timeout N`, `nohup`, `command`, `sudo …`. */
const PREFIXES = String.raw`(?:(?:[A-Za-z_][A-Za-z0-9_]*=(?:"(?:[^"$]|\$(?!\())*"|'[^']*'|(?:[^\s'"$()]|\$(?!\())*)|env(?:\s+-\S+)*|exec|time|nohup|command|stdbuf(?:\s+-\S+)+|timeout(?:\s+-\S+)*\s+\S+|sudo(?:\s+-[A-Za-z]+(?:\s+[a-z][\w-]*)?)*)\s+)*`
/** Claude Code itself: `claude`, or the npm package run by a package runner. */
const CLAUDE = String.raw`(?:claude|(?:npx|bunx|pnpx)(?:\s+-y|\s+--yes)?\s+@anthropic-ai/claude-code(?:@\S+)?|pnpm\s+dlx\s+@anthropic-ai/claude-code(?:@\S+)?)`
const CALL = new RegExp(`(${COMMAND_START})(${PREFIXES})(${CLAUDE})(?=$|[\\s;)|&])`)

export interface ClaudeCall {
  /** Index in the statement list. */
  index: number
  statement: Statement
  /** The words before `claude` in its command (assignments, `env`, `timeout 60`, `sudo -u x`). */
  prefix: string
  /** `claude`, `npx @anthropic-ai/claude-code@latest`, … */
  command: string
  /** The words after it, up to the end of that command (`|`, `&&`, `;`, `)`, a redirection end it). */
  args: { word: string; literal: boolean }[]
  /** What comes before this command in the same statement (`cd dir &&`), if anything. */
  before: string
}

/** Every call of Claude Code in the script, in order. */
export function claudeCalls(list: readonly Statement[]): ClaudeCall[] {
  const calls: ClaudeCall[] = []
  list.forEach((statement, index) => {
    const m = CALL.exec(statement.text)
    if (!m) return
    const at = (m.index ?? 0) + m[0].length
    const rest = statement.text.slice(at)
    // The command's own words end at the first unquoted `|`, `&&`, `||`, `)` or redirection.
    let end = rest.length
    let quote: string | undefined
    for (let i = 0; i < rest.length; i++) {
      const c = rest[i]!
      if (quote) {
        if (c === quote) quote = undefined
        else if (c === '\\' && quote === '"') i++
        continue
      }
      if (c === "'" || c === '"') quote = c
      else if (c === '\\') i++
      else if (/[|&)<>]/.test(c) || (c === '2' && rest[i + 1] === '>')) {
        end = i
        break
      }
    }
    calls.push({
      index,
      statement,
      prefix: (m[2] as string).trim(),
      command: (m[3] as string).replace(/\s+/g, ' '),
      args: words(rest.slice(0, end)),
      before: statement.text.slice(0, (m.index ?? 0) + (m[1] as string).length).trim(),
    })
  })
  return calls
}

/** Whether a script calls Claude Code at all. */
export const callsClaude = (script: string): boolean => claudeCalls(statements(script)).length > 0
