// Evaluates a GitHub Actions expression (`${{ … }}`) with what this step can
// know at run time: `github.event` (the payload at GITHUB_EVENT_PATH),
// `github.event_name` and a few other `github.*` values the runner puts in
// the environment, and `inputs` of a `workflow_dispatch` run. Anything else
// (`secrets`, `vars`, `steps`, `needs`, `matrix`, status functions) is
// unknown, and an expression that needs an unknown value is unknown, unless
// the operators make it moot (`false && x`, `'a' || x`). Pure and bounded.
//
// Semantics as GitHub documents them (docs.github.com, "Evaluate expressions
// in workflows and actions"): `==` on two strings ignores case; values of
// different types are compared as numbers; falsy is false, 0, -0, '', null
// and NaN; `||` and `&&` return an operand, not a boolean.

/** What an expression reads that this step may know. */
export interface ExpressionContext {
  /** `github.*`: `event` (the payload), `event_name`, `ref`, … */
  github?: Record<string, unknown>
  /** `inputs.*` of this run, when known (a `workflow_dispatch` run of this file). */
  inputs?: Record<string, unknown>
  /**
   * The few `secrets.*` this step knows: those given to its own credential input
   * (`${{ secrets.NAME }}`, its value arrives as the input). Any other secret is
   * unknown. Used inside an evaluation only: a result that holds one is not returned.
   */
  secrets?: Record<string, string>
  /** This step's own inputs written as an expression, keyed by the expression without blanks, with the value the runner gave them (run-context.ts). */
  ownInputs?: Record<string, string>
  /** The values of this step's credential inputs: never handed on by an evaluation. */
  inputSecrets?: string[]
}

/** What this run knows, as the judging of later steps asks it (built in the workflow chunk, so the evaluator loads only with a workflow). */
export interface Knowledge {
  /** The text GitHub substitutes for a value, or undefined when it needs what this step cannot know. */
  text(text: string): string | undefined
  /** Whether a step's `if:` lets it run, or undefined. */
  condition(text: string): boolean | undefined
}

export const knowledgeOf = (context: ExpressionContext): Knowledge => {
  const secretValues = [...Object.values(context.secrets ?? {}), ...(context.inputSecrets ?? [])].filter((v) => v !== '')
  // A result that holds a secret's value is not handed on: only what it decides is.
  const safe = (text: string | undefined) => (text !== undefined && secretValues.some((v) => text.includes(v)) ? undefined : text)
  const own = context.ownInputs ?? {}
  return {
    // The very expression one of this step's inputs is written with has the value that input arrived with.
    text: (text) => safe(Object.hasOwn(own, text.replace(/\s+/g, '')) ? own[text.replace(/\s+/g, '')] : evaluateText(text, context)),
    condition: (text) => evaluateCondition(text, context),
  }
}

/**
 * Whether a step's `if:` lets it run, or undefined when that needs a value this
 * step cannot know. `success()` and `always()` are taken as true (if an earlier
 * step fails, the later ones that would matter do not run at all), `cancelled()`
 * as false; `failure()` is unknown.
 */
export function evaluateCondition(text: string, context: ExpressionContext): boolean | undefined {
  const trimmed = text.trim()
  const single = /^\$\{\{([\s\S]*)\}\}$/.exec(trimmed)
  if (trimmed.includes('${{') && !(single && !single[1]!.includes('${{'))) {
    // Text around an expression: the result is a string, true when not empty.
    const value = evaluateText(trimmed, context)
    return value === undefined ? undefined : value !== ''
  }
  const value = evaluateBody(single ? single[1]! : trimmed, context, true)
  return value === UNKNOWN ? undefined : truthy(value)
}

const UNKNOWN: unique symbol = Symbol('unknown')
type Value = string | number | boolean | null | Record<string, unknown> | unknown[] | typeof UNKNOWN

/** How deep `( … )`, `!` and calls may nest before the expression is taken as unknown. */
const MAX_DEPTH = 64

class Unreadable extends Error {}

/** The text GitHub substitutes for `text` (literal parts kept), or undefined when it needs a value this step cannot know. */
export function evaluateText(text: string, context: ExpressionContext): string | undefined {
  let out = ''
  let i = 0
  while (i < text.length) {
    const open = text.indexOf('${{', i)
    if (open < 0) {
      out += text.slice(i)
      break
    }
    out += text.slice(i, open)
    const close = closingOf(text, open + 3)
    if (close < 0) return undefined
    const value = evaluateBody(text.slice(open + 3, close), context)
    if (value === UNKNOWN) return undefined
    out += asString(value)
    i = close + 2
  }
  return out
}

/** Index of the `}}` closing an expression whose body starts at `from` (quoted strings skipped), or -1. */
function closingOf(text: string, from: number): number {
  let j = from
  while (j < text.length) {
    if (text[j] === "'") {
      j++
      while (j < text.length && !(text[j] === "'" && text[j + 1] !== "'")) j += text[j] === "'" ? 2 : 1
      j++
    } else if (text[j] === '}' && text[j + 1] === '}') return j
    else j++
  }
  return -1
}

function evaluateBody(body: string, context: ExpressionContext, status = false): Value {
  try {
    const parser = new Parser(tokenize(body), context, status)
    const value = parser.expression(0)
    return parser.done() ? value : UNKNOWN
  } catch (error) {
    if (error instanceof Unreadable) return UNKNOWN
    throw error
  }
}

type Token = { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'op'; v: string }

function tokenize(body: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < body.length) {
    const c = body[i]!
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++
    } else if (c === "'") {
      let v = ''
      let j = i + 1
      while (true) {
        if (j >= body.length) throw new Unreadable()
        if (body[j] === "'") {
          if (body[j + 1] === "'") {
            v += "'"
            j += 2
            continue
          }
          break
        }
        v += body[j++]
      }
      tokens.push({ t: 'str', v })
      i = j + 1
    } else if ((c >= '0' && c <= '9') || ((c === '.' || c === '-') && /[0-9.]/.test(body[i + 1] ?? '') && !lastIsValue(tokens))) {
      const match = /^-?(0x[0-9a-fA-F]+|(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)/.exec(body.slice(i))
      if (!match) throw new Unreadable()
      tokens.push({ t: 'num', v: Number(match[0]) })
      i += match[0].length
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1
      while (j < body.length && /[A-Za-z0-9_-]/.test(body[j]!)) j++
      tokens.push({ t: 'id', v: body.slice(i, j) })
      i = j
    } else {
      const two = body.slice(i, i + 2)
      if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
        tokens.push({ t: 'op', v: two })
        i += 2
      } else if ('()[]!<>.,*'.includes(c)) {
        tokens.push({ t: 'op', v: c })
        i++
      } else throw new Unreadable()
    }
  }
  return tokens
}

const lastIsValue = (tokens: Token[]) => {
  const last = tokens[tokens.length - 1]
  return last !== undefined && (last.t !== 'op' || last.v === ')' || last.v === ']')
}

const PRECEDENCE: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4 }

class Parser {
  private k = 0
  private depth = 0
  constructor(
    private readonly tokens: Token[],
    private readonly context: ExpressionContext,
    /** In a step's `if:`: the status functions have the values evaluateCondition says. */
    private readonly status = false,
  ) {}

  done(): boolean {
    return this.k === this.tokens.length
  }

  private peek(): Token | undefined {
    return this.tokens[this.k]
  }

  private isOp(v: string): boolean {
    const t = this.peek()
    return t?.t === 'op' && t.v === v
  }

  private expect(v: string) {
    if (!this.isOp(v)) throw new Unreadable()
    this.k++
  }

  private deeper<T>(read: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new Unreadable()
    try {
      return read()
    } finally {
      this.depth--
    }
  }

  /** Precedence climbing; `||` and `&&` short-circuit over unknown operands. */
  expression(minimum: number): Value {
    return this.deeper(() => {
      let left = this.unary()
      while (true) {
        const t = this.peek()
        if (t?.t !== 'op' || !(t.v in PRECEDENCE) || PRECEDENCE[t.v]! < minimum) break
        const op = t.v
        this.k++
        const right = this.expression(PRECEDENCE[op]! + 1)
        left = combine(op, left, right)
      }
      return left
    })
  }

  private unary(): Value {
    if (this.isOp('!')) {
      this.k++
      const value = this.deeper(() => this.unary())
      return value === UNKNOWN ? UNKNOWN : !truthy(value)
    }
    return this.postfix(this.primary())
  }

  private primary(): Value {
    const t = this.peek()
    if (!t) throw new Unreadable()
    this.k++
    if (t.t === 'str' || t.t === 'num') return t.v
    if (t.t === 'op') {
      if (t.v !== '(') throw new Unreadable()
      const value = this.expression(0)
      this.expect(')')
      return value
    }
    const word = t.v.toLowerCase()
    if (word === 'true') return true
    if (word === 'false') return false
    if (word === 'null') return null
    if (word === 'nan') return NaN
    if (word === 'infinity') return Infinity
    if (this.isOp('(')) return this.call(word)
    if (word === 'github') return this.context.github ?? UNKNOWN
    if (word === 'inputs') return this.context.inputs ?? UNKNOWN
    if (word === 'secrets') return this.context.secrets ?? UNKNOWN
    return UNKNOWN
  }

  private call(name: string): Value {
    this.expect('(')
    const args: Value[] = []
    if (!this.isOp(')')) {
      do {
        if (this.isOp(',')) this.k++
        args.push(this.expression(0))
      } while (this.isOp(','))
    }
    this.expect(')')
    if (args.some((a) => a === UNKNOWN)) return UNKNOWN
    const [a, b] = args
    switch (name) {
      case 'contains':
        if (Array.isArray(a)) return a.some((item) => looseEquals(item as Value, b!))
        return asString(a!).toLowerCase().includes(asString(b!).toLowerCase())
      case 'startswith':
        return asString(a!).toLowerCase().startsWith(asString(b!).toLowerCase())
      case 'endswith':
        return asString(a!).toLowerCase().endsWith(asString(b!).toLowerCase())
      case 'format':
        return asString(a!).replace(/\{(\d+)\}/g, (_, n: string) => asString(args[Number(n) + 1] ?? ''))
      case 'join':
        return Array.isArray(a) ? a.map((item) => asString(item as Value)).join(b === undefined ? ',' : asString(b)) : asString(a!)
      case 'tojson':
        return JSON.stringify(a ?? null, null, 2)
      case 'fromjson':
        try {
          return JSON.parse(asString(a!)) as Value
        } catch {
          return UNKNOWN
        }
      case 'success':
      case 'always':
        return this.status && args.length === 0 ? true : UNKNOWN
      case 'cancelled':
        return this.status && args.length === 0 ? false : UNKNOWN
      default:
        // failure(), hashFiles(), … are the run's to know.
        return UNKNOWN
    }
  }

  private postfix(value: Value): Value {
    let current = value
    while (true) {
      if (this.isOp('.')) {
        this.k++
        const t = this.peek()
        if (t?.t === 'op' && t.v === '*') {
          this.k++
          current = UNKNOWN
          continue
        }
        if (t?.t !== 'id') throw new Unreadable()
        this.k++
        current = this.lookup(current, t.v)
      } else if (this.isOp('[')) {
        this.k++
        const index = this.expression(0)
        this.expect(']')
        current = index === UNKNOWN ? UNKNOWN : this.lookup(current, asString(index))
      } else return current
    }
  }

  /** `github` and `secrets` hold only what this step was told: any other member is unknown, not null. */
  private lookup(value: Value, name: string): Value {
    for (const partial of [this.context.github, this.context.secrets]) {
      if (partial !== undefined && value === partial && !Object.keys(partial).some((k) => k.toLowerCase() === name.toLowerCase())) return UNKNOWN
    }
    return member(value, name)
  }
}

/** A property, looked up without case (GitHub's contexts are case-insensitive); missing is null. */
function member(value: Value, name: string): Value {
  if (value === UNKNOWN) return UNKNOWN
  if (value === null || typeof value !== 'object') return null
  if (Array.isArray(value)) {
    const index = Number(name)
    return Number.isInteger(index) ? ((value[index] as Value) ?? null) : null
  }
  if (Object.prototype.hasOwnProperty.call(value, name)) return value[name] as Value
  const key = Object.keys(value).find((k) => k.toLowerCase() === name.toLowerCase())
  return key === undefined ? null : (value[key] as Value)
}

function combine(op: string, left: Value, right: Value): Value {
  if (op === '&&') {
    if (left !== UNKNOWN && !truthy(left)) return left
    if (left === UNKNOWN) return right !== UNKNOWN && !truthy(right) ? false : UNKNOWN
    return right
  }
  if (op === '||') {
    if (left !== UNKNOWN && truthy(left)) return left
    if (left === UNKNOWN) return UNKNOWN
    return right
  }
  if (left === UNKNOWN || right === UNKNOWN) return UNKNOWN
  switch (op) {
    case '==':
      return looseEquals(left, right)
    case '!=':
      return !looseEquals(left, right)
    default: {
      const [x, y] = typeof left === 'string' && typeof right === 'string' ? [left.toLowerCase(), right.toLowerCase()] : [toNumber(left), toNumber(right)]
      return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y
    }
  }
}

function looseEquals(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase()
  if (a === null || b === null) return a === b
  if (typeof a === 'object' || typeof b === 'object') return a === b
  if (typeof a === typeof b) return a === b
  return toNumber(a) === toNumber(b)
}

function toNumber(value: Value): number {
  if (value === null) return 0
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'number') return value
  if (typeof value === 'string') return value.trim() === '' ? 0 : Number(value)
  return NaN
}

function truthy(value: Value): boolean {
  if (value === null || value === false || value === '' || value === 0) return false
  if (typeof value === 'number' && Number.isNaN(value)) return false
  return true
}

function asString(value: Value): string {
  if (value === null || value === UNKNOWN) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'boolean' || typeof value === 'number') return String(value)
  return JSON.stringify(value)
}
