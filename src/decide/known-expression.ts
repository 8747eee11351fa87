// A GitHub Actions expression whose value this action can know: one that reads
// only contexts whose values it has (the very secrets its own inputs are
// written with, so their values are what it exports) and literals. Real
// workflows choose a credential this way:
//   anthropic_api_key: ${{ secrets.CLAUDE_CODE_OAUTH_TOKEN == '' && secrets.ANTHROPIC_API_KEY || '' }}
// With this action's token known to be set, that is '' whatever the API key
// secret holds. Anything the evaluation cannot decide (a context it does not
// know whose value matters, a function call, an operator it does not model)
// is undecided, and the caller keeps treating the value as unknown.
// Semantics as GitHub documents them: `a && b` is `a` when `a` is falsy, else
// `b`; `a || b` is `a` when `a` is truthy, else `b`; falsy are `false`, `0`,
// `''` and `null`; `==` between strings ignores case. Pure, bounded by the
// text's length.

type Value = string | number | boolean | null
/** `undefined`: undecided. */
type Result = { value: Value } | undefined

const UNDECIDED: Result = undefined

/** Context path (`secrets.X`, as values.ts spells them) → its value, for the contexts this action knows. */
export type KnownRefs = ReadonlyMap<string, string>

/** The text `text` evaluates to (expressions substituted into it), or undefined when it cannot be decided. */
export function knownText(text: string, knownRefs: KnownRefs): string | undefined {
  // Context property names ignore case (`secrets.token` is `secrets.TOKEN`).
  const known = new Map([...knownRefs].map(([path, value]) => [path.toLowerCase(), value]))
  let out = ''
  let i = 0
  while (i < text.length) {
    const start = text.indexOf('${{', i)
    if (start < 0) {
      out += text.slice(i)
      break
    }
    out += text.slice(i, start)
    const end = closing(text, start + 3)
    if (end < 0) return undefined
    const result = evaluate(text.slice(start + 3, end), known)
    if (!result) return undefined
    out += asText(result.value)
    i = end + 2
  }
  return out
}

/** Index of the `}}` that closes an expression body starting at `from`, skipping `'…'` strings. */
function closing(text: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] === "'") {
      j++
      while (j < text.length && !(text[j] === "'" && text[j + 1] !== "'")) j += text[j] === "'" ? 2 : 1
    } else if (text[j] === '}' && text[j + 1] === '}') return j
  }
  return -1
}

const asText = (value: Value): string => (value === null ? '' : typeof value === 'boolean' ? String(value) : String(value))
const truthy = (value: Value): boolean => !(value === false || value === null || value === '' || value === 0 || (typeof value === 'number' && Number.isNaN(value)))

type Token = { kind: 'op'; text: string } | { kind: 'value'; value: Value } | { kind: 'ref'; path: string } | { kind: 'call' }

function tokens(body: string): Token[] | undefined {
  const found: Token[] = []
  let i = 0
  while (i < body.length) {
    const c = body[i]!
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++
    } else if (c === "'") {
      let j = i + 1
      let text = ''
      for (;;) {
        if (j >= body.length) return undefined
        if (body[j] === "'") {
          if (body[j + 1] === "'") {
            text += "'"
            j += 2
            continue
          }
          break
        }
        text += body[j]
        j++
      }
      found.push({ kind: 'value', value: text })
      i = j + 1
    } else if (body.startsWith('==', i) || body.startsWith('!=', i) || body.startsWith('&&', i) || body.startsWith('||', i)) {
      found.push({ kind: 'op', text: body.slice(i, i + 2) })
      i += 2
    } else if (c === '!' || c === '(' || c === ')') {
      found.push({ kind: 'op', text: c })
      i++
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i
      // A member chain: names, `.name`, `['name']`, `.*`.
      while (j < body.length && /[A-Za-z0-9_.\-*]/.test(body[j]!)) j++
      let path = body.slice(i, j)
      while (body[j] === '[' && body[j + 1] === "'") {
        const close = body.indexOf("']", j + 2)
        if (close < 0) return undefined
        path += `.${body.slice(j + 2, close)}`
        j = close + 2
      }
      let k = j
      while (body[k] === ' ') k++
      if (body[k] === '(') return [{ kind: 'call' }]
      const lower = path.toLowerCase()
      if (lower === 'true' || lower === 'false') found.push({ kind: 'value', value: lower === 'true' })
      else if (lower === 'null') found.push({ kind: 'value', value: null })
      else {
        found.push({ kind: 'ref', path: lower })
      }
      i = j
    } else if (/[0-9-]/.test(c)) {
      let j = i + 1
      while (j < body.length && /[0-9.eExa-fA-F+]/.test(body[j]!)) j++
      const n = Number(body.slice(i, j))
      if (Number.isNaN(n)) return undefined
      found.push({ kind: 'value', value: n })
      i = j
    } else return undefined
  }
  return found
}

/** The body of one `${{ … }}`, or undecided; `known` keyed by lower-case paths. */
function evaluate(body: string, known: KnownRefs): Result {
  const list = tokens(body)
  if (!list || list.some((t) => t.kind === 'call') || list.length === 0 || list.length > 200) return UNDECIDED
  let at = 0
  const peek = () => list[at]
  const isOp = (text: string) => {
    const t = peek()
    return t?.kind === 'op' && t.text === text
  }
  // Each level returns undecided as `undefined`; `null` in a Result is the expression null.
  const or = (): Result | 'error' => {
    let left = and()
    while (isOp('||')) {
      at++
      const right = and()
      if (left === 'error' || right === 'error') return 'error'
      left = left === undefined ? UNDECIDED : truthy(left.value) ? left : right
    }
    return left
  }
  const and = (): Result | 'error' => {
    let left = equality()
    while (isOp('&&')) {
      at++
      const right = equality()
      if (left === 'error' || right === 'error') return 'error'
      left = left === undefined ? UNDECIDED : !truthy(left.value) ? left : right
    }
    return left
  }
  const equality = (): Result | 'error' => {
    let left = unary()
    while (isOp('==') || isOp('!=')) {
      const negate = (peek() as { text: string }).text === '!='
      at++
      const right = unary()
      if (left === 'error' || right === 'error') return 'error'
      if (left === undefined || right === undefined) {
        left = UNDECIDED
        continue
      }
      const equal = equals(left.value, right.value)
      left = equal === undefined ? UNDECIDED : { value: negate ? !equal : equal }
    }
    return left
  }
  const unary = (): Result | 'error' => {
    if (isOp('!')) {
      at++
      const inner = unary()
      if (inner === 'error') return 'error'
      return inner === undefined ? UNDECIDED : { value: !truthy(inner.value) }
    }
    return primary()
  }
  const primary = (): Result | 'error' => {
    const t = peek()
    if (!t) return 'error'
    at++
    if (t.kind === 'value') return { value: t.value }
    if (t.kind === 'ref') {
      const value = known.get(t.path)
      return value === undefined ? UNDECIDED : { value }
    }
    if (t.kind === 'op' && t.text === '(') {
      const inner = or()
      if (!isOp(')')) return 'error'
      at++
      return inner
    }
    return 'error'
  }
  const result = or()
  return result === 'error' || at !== list.length ? UNDECIDED : result
}

/** `==` as GitHub compares: strings ignoring case, like types directly; other mixes are undecided here. */
function equals(a: Value, b: Value): boolean | undefined {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase()
  if (typeof a === typeof b) return a === b
  return undefined
}
