// Identity of values: when a later step (its `env:`, its script, a GITHUB_ENV
// write, a Claude action's input or `settings`) gives a variable the value
// this action gives it too. One rule for every variable this action exports:
// the intended credential, the base URL, and a provider's project, region,
// resource and key. Pure.
//
// A value is this action's own when
// - it is written with the very expression this action's input is written
//   with (`${{ secrets.ANTHROPIC_BASE_URL }}` on both steps): the run
//   evaluates both the same, as long as the expression reads no `env.*`
//   variable that a step in between rewrote through GITHUB_ENV;
// - it is `${{ env.NAME }}` of its own name, and no step in between rewrote
//   NAME: it reads this action's export;
// - it is plain text equal (trimmed) to what this action exports: the same
//   literal given to both steps (a dummy key for a local router), or the
//   value an expression of this step turned out to have.

import type { StepModel, WorkflowValue } from '../scan/workflow/model.js'
import type { Export } from './intended.js'
import { knownText } from './known-expression.js'

/** One variable this action gives later steps: the value it exports, and how its input is written in this step's `with:`. */
export interface OwnValue {
  name: string
  value: string
  /** The input it comes from (`anthropic-base-url`), when one does. */
  input?: string
  /** That input as this step's `with:` writes it, when the file says. */
  written?: WorkflowValue
}

export interface OwnValues {
  /** This action's value for `name`, when `value` (as a later step writes it) is that very value. */
  same(name: string, value: WorkflowValue, rewritten: (name: string) => boolean): OwnValue | undefined
  /** The input of this action that gives `name`, when one does. */
  inputOf(name: string): string | undefined
  /**
   * The text an expression evaluates to when it reads only what this action knows (the
   * secrets and variables its own inputs are written with, `env.*` of what it exports) and
   * literals, e.g. `secrets.CLAUDE_CODE_OAUTH_TOKEN == '' && secrets.ANTHROPIC_API_KEY || ''`
   * → `''` (known-expression.ts); undefined when that cannot be decided.
   */
  decided(value: WorkflowValue, rewritten: (name: string) => boolean): string | undefined
}

const normalise = (expression: string) => expression.replace(/\s+/g, '')

/**
 * `sources` pairs each exported variable with the input it comes from; an
 * export with no input (one this action derives) is matched by value only.
 * Exports that clear a variable (`neutralise`) are nobody's value.
 */
export function ownValues(self: Pick<StepModel, 'with'>, exports: readonly Export[], sources: readonly (readonly [variable: string, input: string | undefined])[]): OwnValues {
  const values = new Map<string, OwnValue>()
  const given = (input: string) => Object.entries(self.with).find(([key]) => key.toLowerCase() === input.toLowerCase())?.[1]?.value
  for (const { name, value, why } of exports) {
    if (why === 'neutralise' || values.has(name)) continue
    const input = sources.find(([variable]) => variable === name)?.[1]
    const written = input ? given(input) : undefined
    values.set(name, { name, value, ...(input ? { input } : {}), ...(written ? { written } : {}) })
  }
  // Contexts whose values this action knows: what an input written as `${{ <path> }}` alone holds.
  const knownRefs = new Map<string, string>()
  for (const own of values.values()) {
    if (own.written?.kind === 'expression' && own.written.refs.length === 1 && normalise(own.written.text) === `\${{${own.written.refs[0]}}}`) knownRefs.set(own.written.refs[0]!, own.value)
  }
  return {
    decided(value, rewritten) {
      if (value.kind !== 'expression') return undefined
      const known = new Map(knownRefs)
      for (const own of values.values()) if (!rewritten(own.name)) known.set(`env.${own.name}`, own.value)
      return knownText(value.text, known)
    },
    inputOf: (name) => values.get(name)?.input ?? sources.find(([variable]) => variable === name)?.[1],
    same(name, value, rewritten) {
      const own = values.get(name)
      if (!own) return undefined
      if (value.kind === 'literal') return value.text.trim() !== '' && value.text.trim() === own.value.trim() ? own : undefined
      if (value.kind !== 'expression') return undefined
      const text = normalise(value.text)
      if (text === `\${{env.${name}}}`) return rewritten(name) ? undefined : own
      if (own.written?.kind !== 'expression' || text !== normalise(own.written.text)) return undefined
      const readsRewritten = value.refs.some((ref) => ref.startsWith('env.') && rewritten(ref.slice(4)))
      return readsRewritten ? undefined : own
    },
  }
}

/**
 * A value of a settings file a later step passes: written in the workflow file (inline JSON),
 * `${{ … }}` in it is an expression the run evaluates; in a file, it is plain text. Only the
 * `env.*` names an expression reads matter here (the workflow reader is not loaded for this).
 */
export function settingsValue(raw: string, inline: boolean): WorkflowValue {
  if (!inline || !raw.includes('${{')) return { kind: 'literal', text: raw }
  return { kind: 'expression', text: raw, refs: [...raw.matchAll(/\benv\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => `env.${m[1]}`) }
}
