// How a workflow value reads before the run evaluates it: plain text, or
// text with `${{ … }}` expressions and the contexts they read.

import type { WorkflowValue } from './model.js'
import type { YamlScalar } from './yaml-tree.js'

/** The contexts a GitHub Actions expression can read. */
const CONTEXTS = new Set(['github', 'env', 'vars', 'secrets', 'inputs', 'steps', 'job', 'jobs', 'runner', 'matrix', 'strategy', 'needs'])

export function workflowValue(text: string): WorkflowValue {
  return text.includes('${{') ? { kind: 'expression', text, refs: expressionRefs(text) } : { kind: 'literal', text }
}

/**
 * The context paths read by the `${{ … }}` expressions in `text`, in order,
 * without repeats: `secrets.KEY`, `secrets['KEY']` → `secrets.KEY`,
 * `steps.auth.outputs.token`. A computed index (`env[format(…)]`) ends the
 * path before it. Function names and literals are not contexts.
 */
export function expressionRefs(text: string): string[] {
  const refs: string[] = []
  for (const body of expressionBodies(text)) {
    for (const ref of contextPaths(body)) if (!refs.includes(ref)) refs.push(ref)
  }
  return refs
}

/** The text between each `${{` and its `}}`; a `}}` inside a quoted string does not close it. */
function expressionBodies(text: string): string[] {
  const bodies: string[] = []
  let i = text.indexOf('${{')
  while (i >= 0) {
    let j = i + 3
    let end = -1
    while (j < text.length) {
      if (text[j] === "'") {
        j = skipString(text, j)
        continue
      }
      if (text[j] === '}' && text[j + 1] === '}') {
        end = j
        break
      }
      j++
    }
    bodies.push(text.slice(i + 3, end < 0 ? text.length : end))
    if (end < 0) break
    i = text.indexOf('${{', end + 2)
  }
  return bodies
}

/** Index just past a `'…'` string literal starting at `start` (`''` is an escaped quote). */
function skipString(text: string, start: number): number {
  let j = start + 1
  while (j < text.length) {
    if (text[j] === "'") {
      if (text[j + 1] === "'") j += 2
      else return j + 1
    } else j++
  }
  return j
}

const isIdentStart = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_')
const isIdentChar = (c: string | undefined) => isIdentStart(c) || (c !== undefined && ((c >= '0' && c <= '9') || c === '-'))

function contextPaths(body: string): string[] {
  const paths: string[] = []
  let i = 0
  while (i < body.length) {
    const c = body[i]!
    if (c === "'") {
      i = skipString(body, i)
      continue
    }
    if (!isIdentStart(c) || isIdentChar(body[i - 1]) || body[i - 1] === '.') {
      i++
      continue
    }
    let j = i
    while (isIdentChar(body[j])) j++
    const root = body.slice(i, j)
    const segments = [root.toLowerCase()]
    // Member chain: `.name` or `['name']`; anything else ends it.
    while (j < body.length) {
      if (body[j] === '.' && isIdentStart(body[j + 1])) {
        let k = j + 1
        while (isIdentChar(body[k])) k++
        segments.push(body.slice(j + 1, k))
        j = k
      } else if (body[j] === '[' && body[j + 1] === "'") {
        const close = skipString(body, j + 1)
        if (body[close] !== ']') break
        segments.push(body.slice(j + 2, close - 1).replace(/''/g, "'"))
        j = close + 1
      } else break
    }
    let next = j
    while (body[next] === ' ') next++
    const isCall = body[next] === '(' && segments.length === 1
    if (!isCall && CONTEXTS.has(segments[0]!)) paths.push(segments.join('.'))
    i = j
  }
  return paths
}

/**
 * The text GitHub gives a YAML scalar where a string is expected. A plain
 * scalar is first read with the YAML 1.2 core schema and then turned back
 * into text: `~`/`null`/empty → `''`, `True` → `true`, `0x10` → `16`,
 * `1.50` → `1.5` (actions/runner @258d6c8: YamlObjectReader.cs Match*,
 * TemplateReader.cs Validate, NumberToken.ToString "G15").
 */
export function githubText(node: YamlScalar): string {
  if (node.style !== 'plain' || node.tag === '!!str' || node.tag === '!') return node.value
  const s = node.value
  switch (s) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return ''
    case 'true':
    case 'True':
    case 'TRUE':
      return 'true'
    case 'false':
    case 'False':
    case 'FALSE':
      return 'false'
    case '.inf':
    case '.Inf':
    case '.INF':
    case '+.inf':
    case '+.Inf':
    case '+.INF':
      return 'Infinity'
    case '-.inf':
    case '-.Inf':
    case '-.INF':
      return '-Infinity'
    case '.nan':
    case '.NaN':
    case '.NAN':
      return 'NaN'
  }
  const number = coreNumber(s)
  return number === undefined ? s : formatG15(number)
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9'
const isHex = (c: string) => isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')

function coreNumber(s: string): number | undefined {
  if (s.length > 2 && s[0] === '0' && s[1] === 'x' && [...s.slice(2)].every(isHex)) return parseInt(s.slice(2), 16)
  if (s.length > 2 && s[0] === '0' && s[1] === 'o' && [...s.slice(2)].every((c) => c >= '0' && c <= '7')) return parseInt(s.slice(2), 8)
  // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
  let i = s[0] === '-' || s[0] === '+' ? 1 : 0
  const intStart = i
  while (isDigit(s[i])) i++
  const hasInteger = i > intStart
  let hasDecimal = false
  if (s[i] === '.') {
    i++
    const decStart = i
    while (isDigit(s[i])) i++
    hasDecimal = i > decStart
  }
  if (!hasInteger && !hasDecimal) return undefined
  if (s[i] === 'e' || s[i] === 'E') {
    i++
    if (s[i] === '-' || s[i] === '+') i++
    const expStart = i
    while (isDigit(s[i])) i++
    if (i === expStart) return undefined
  }
  return i === s.length ? Number(s) : undefined
}

/** .NET's `double.ToString("G15", InvariantCulture)`. */
export function formatG15(n: number): string {
  if (Number.isNaN(n)) return 'NaN'
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity'
  if (n === 0) return Object.is(n, -0) ? '-0' : '0'
  const [mantissa, exponentText] = n.toExponential(14).split('e') as [string, string]
  const exponent = Number(exponentText)
  const sign = n < 0 ? '-' : ''
  let digits = mantissa.replace('-', '').replace('.', '')
  while (digits.length > 1 && digits.endsWith('0')) digits = digits.slice(0, -1)
  // Fixed-point only when -5 < exponent < 15 (the precision), as .NET documents for "G".
  if (exponent >= 15 || exponent <= -5) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : ''
    const e = String(Math.abs(exponent)).padStart(2, '0')
    return `${sign}${digits[0]}${fraction}E${exponent < 0 ? '-' : '+'}${e}`
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0')
  const fraction = digits.slice(exponent + 1)
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`
}
