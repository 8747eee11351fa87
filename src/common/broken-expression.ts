// Expressions written wrong, so that GitHub passes the text as written (or
// refuses the workflow) instead of the secret: `$ secrets.X`, `$secrets.X`,
// `${ secrets.X }`, `{{ secrets.X }}` (the braces or the `$` missing),
// `secret.X` for `secrets.X`, and a `${{` never closed. The same reading for
// this action's own inputs (as the runner delivers them) and for values in the
// workflow file. Pure; the text it returns holds only a context and a name,
// never the value itself.

export type BrokenKind = 'missing-braces' | 'secret-singular' | 'unbalanced'

export interface BrokenExpression {
  kind: BrokenKind
  /** The stable rule id of the finding. */
  rule: `expression/${BrokenKind}`
  /** What to write instead, when it can be told: `${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}`. */
  suggestion?: string
  /** What is wrong, completing "… is …": "not an expression: its braces are missing". */
  what: string
  /**
   * The whole value is that broken expression and nothing else (a context and
   * a name, in identifier characters): it cannot hold a credential.
   */
  whole: boolean
}

const CONTEXT = '(secrets?|vars|env|inputs|steps|needs|matrix|github)'
const PATH = '[A-Za-z_][A-Za-z0-9_-]*(?:\\.[A-Za-z_][A-Za-z0-9_-]*)*'
/** `$ secrets.X`, `$secrets.X`, `${ secrets.X }`, `$( secrets.X )`, `{{ secrets.X }}`, `${{{ secrets.X }}}` aside. */
const MISSING_BRACES = [
  new RegExp(`^\\$\\s*${CONTEXT}\\.(${PATH})$`),
  new RegExp(`^\\$\\{\\s*${CONTEXT}\\.(${PATH})\\s*\\}$`),
  new RegExp(`^\\$\\(\\s*${CONTEXT}\\.(${PATH})\\s*\\)$`),
  new RegExp(`^\\{\\{\\s*${CONTEXT}\\.(${PATH})\\s*\\}\\}$`),
]
const SINGULAR = new RegExp(`\\$\\{\\{[^}]*(?<![A-Za-z0-9_.])secret\\.(${PATH})`)

const expressionFor = (context: string, path: string): string => `\${{ ${context === 'secret' ? 'secrets' : context}.${path} }}`

/** What is wrong with `text` as an expression, if anything this reader knows. */
export function brokenExpression(text: string): BrokenExpression | undefined {
  const value = text.trim()
  for (const pattern of MISSING_BRACES) {
    const match = pattern.exec(value)
    if (!match) continue
    const singular = match[1] === 'secret' ? ', and `secret.` is `secrets.`' : ''
    return {
      kind: 'missing-braces',
      rule: 'expression/missing-braces',
      suggestion: expressionFor(match[1]!, match[2]!),
      whole: true,
      what: `not an expression (an expression is written \`\${{ … }}\`${singular}), so GitHub passes this text as it is`,
    }
  }
  const open = value.indexOf('${{')
  if (open >= 0) {
    const singular = SINGULAR.exec(value)
    if (singular) {
      return {
        kind: 'secret-singular',
        rule: 'expression/secret-singular',
        suggestion: expressionFor('secret', singular[1]!),
        whole: new RegExp(`^\\$\\{\\{\\s*secret\\.${PATH}\\s*\\}\\}$`).test(value),
        what: 'an expression on `secret.`, a context GitHub does not have (it is `secrets.`), so GitHub refuses the workflow',
      }
    }
    if (!closes(value, open)) {
      const match = new RegExp(`^\\$\\{\\{\\s*${CONTEXT}\\.(${PATH})\\s*\\}?$`).exec(value)
      return {
        kind: 'unbalanced',
        rule: 'expression/unbalanced',
        ...(match ? { suggestion: expressionFor(match[1]!, match[2]!) } : {}),
        whole: match !== null,
        what: 'an expression opened with `${{` and never closed with `}}`, so GitHub refuses it or passes the text as it is',
      }
    }
  }
  return undefined
}

/** Whether every `${{` from `open` on is closed by a `}}` (quoted strings inside skipped). */
function closes(text: string, open: number): boolean {
  let i = open
  while (i >= 0) {
    let j = i + 3
    let closed = false
    while (j < text.length) {
      if (text[j] === "'") {
        const end = text.indexOf("'", j + 1)
        if (end < 0) return false
        j = end + 1
      } else if (text[j] === '}' && text[j + 1] === '}') {
        closed = true
        break
      } else j++
    }
    if (!closed) return false
    i = text.indexOf('${{', j + 2)
  }
  return true
}

/** A value that is only a broken expression: nothing in it to mask (its words are a context and a name). */
export const isOnlyBrokenExpression = (text: string): boolean => brokenExpression(text)?.whole === true
