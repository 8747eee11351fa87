// Certain or depends-on. A later step's world can hang on a value this step
// cannot know: an expression on `inputs`, `steps`, `needs`, `matrix`, `vars`
// (or a secret) that decides a switch, a credential that comes from one of
// those, a script it cannot read. Each such value is a condition, and the
// later steps are judged once per way the conditions can go (on / off): a
// finding true in every way is certain; one true in only some depends on
// them, is a warning that says which way does what, and never fails a job.
// Values the run can know (the event payload, a dispatch's inputs) are
// evaluated instead (scan/workflow/expression.ts). Pure.

import { problem, type Problem } from '../common/problems.js'
import type { Knowledge } from '../scan/workflow/expression.js'
import type { StepModel, WorkflowValue } from '../scan/workflow/model.js'
import type { IntendedSetup } from './intended.js'

/** One value this step cannot know, found where a later step sets it. */
export interface Condition {
  /** The value as written, without blanks: the same text is the same condition everywhere. */
  key: string
  /** How messages show it: the expression's body (`inputs.role != null`) or the shell text. */
  text: string
  /** The variable (or Claude action input) it sets. */
  name: string
  step: string
  line: number
  /** It decides a switch (provider flag, bare mode): on or off; else a credential: set or empty. */
  isSwitch: boolean
}

/** How each condition is taken in one judgement (absent: on), and the conditions met on the way. */
export interface Choice {
  values: ReadonlyMap<string, boolean>
  seen: Map<string, Condition>
}

/** Contexts no step can know before it runs. `secrets` is left out: a credential from a secret is taken as set. */
const UNKNOWABLE = new Set(['inputs', 'steps', 'needs', 'matrix', 'vars', 'strategy', 'jobs', 'job', 'runner', 'github'])

/**
 * Repository configuration, like a secret: a value the workflow reads from it
 * (`${{ vars.GCP_PROJECT }}` as a project id or a base URL) is taken as set,
 * the way the user wrote it to be; only a switch it decides is a condition.
 */
const CONFIGURED = new Set(['secrets', 'vars'])

/**
 * What a value written in the workflow is to this step: known (its text),
 * a condition (its key), or neither (a credential from a secret or a
 * script, taken as set, as it is in every run that has the secret).
 */
export function conditionOf(value: WorkflowValue, isSwitch: boolean, known: Knowledge | undefined): { known?: string; key?: string; text: string } {
  if (value.kind === 'literal') return { known: value.text, text: value.text }
  if (value.kind === 'expression') {
    const evaluated = known?.text(value.text)
    // A credential known to be set keeps the stand-in for a value set at run time: only its presence is known.
    const roots0 = value.refs.map((ref) => ref.split('.')[0]!)
    if (evaluated !== undefined && !(evaluated !== '' && !isSwitch && roots0.includes('secrets'))) return { known: evaluated, text: value.text }
    const single = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(value.text)
    const text = single && !single[1]!.includes('${{') ? single[1]!.trim() : value.text.trim()
    const roots = value.refs.map((ref) => ref.split('.')[0]!)
    // A value read from `inputs`, `steps`, `needs`, `matrix`… is a condition even next to a secret
    // (`steps.p.outputs.x != '' && secrets.KEY || ''` may well be empty); a secret or a variable alone is taken as set.
    const decides = isSwitch || roots.some((root) => UNKNOWABLE.has(root) && !CONFIGURED.has(root))
    return decides ? { key: value.text.replace(/\s+/g, ''), text } : { text }
  }
  // `$VAR` in a script: a switch set from the shell is as unknown as an input.
  return isSwitch ? { key: `$${value.text.replace(/\s+/g, '')}`, text: value.text } : { text: value.text }
}

/** Up to this many conditions every combination is judged (8 ways). */
const FULL_UP_TO = 3
/** Up to this many, all on, all off and each one off alone (at most 10 ways); beyond, all on and all off. */
const FLIPS_UP_TO = 8

/**
 * The ways the conditions are judged: every combination, or for many
 * conditions fewer ways (each way judges every later step again, so the count
 * is bounded). With fewer ways a finding that differs only in an unjudged
 * combination is taken as certain; with many conditions that is rare.
 */
export function combinations(keys: readonly string[]): Map<string, boolean>[] {
  if (keys.length === 0) return [new Map()]
  if (keys.length <= FULL_UP_TO) {
    return Array.from({ length: 2 ** keys.length }, (_, n) => new Map(keys.map((key, i) => [key, (n & (1 << i)) === 0])))
  }
  const all = (on: boolean) => new Map(keys.map((key) => [key, on]))
  if (keys.length > FLIPS_UP_TO) return [all(true), all(false)]
  return [all(true), all(false), ...keys.map((off) => new Map(keys.map((key) => [key, key !== off])))]
}

const stateWords = (condition: Condition, on: boolean): string => (condition.isSwitch ? (on ? 'true' : 'false') : on ? 'not empty' : 'empty')

const place = (c: Condition): string => `\`${c.text}\` (${c.name} of step "${c.step}", line ${c.line})`

/**
 * A conflict found in only some of the ways: a warning, with the condition and what each way does.
 * `base` is the problem the certain conflict would be.
 */
export function dependsOnProblem(base: Problem, conditions: readonly Condition[], ways: readonly ReadonlyMap<string, boolean>[], present: readonly boolean[]): Problem {
  const cause = base.cause.replace(/\.$/, '')
  // One condition that alone decides it: say which value does what.
  for (const condition of conditions) {
    for (const on of [true, false]) {
      if (!ways.every((way, w) => present[w] === ((way.get(condition.key) ?? true) === on))) continue
      return problem(
        'warning',
        base.title,
        `${cause} if \`${condition.text}\` is ${stateWords(condition, on)}; if it is ${stateWords(condition, !on)}, this does not happen. This step cannot know which, so the job goes on.`,
        base.where,
        `${base.fix.replace(/\.$/, '')} (needed only when \`${condition.text}\` is ${stateWords(condition, on)})`,
        { ...(base.at ? { at: base.at } : {}), rule: base.rule ?? 'later-step/depends-on', dependsOn: place(condition) },
      )
    }
  }
  const involved = conditions.filter((condition) => ways.some((way, w) => present[w] && ways.some((other, o) => !present[o] && other.get(condition.key) !== way.get(condition.key))))
  const named = (involved.length > 0 ? involved : conditions).slice(0, 3)
  return problem(
    'warning',
    base.title,
    `${cause} for some values of ${named.map((c) => `\`${c.text}\``).join(' and ')}, and not for others. This step cannot know which, so the job goes on.`,
    base.where,
    `${base.fix.replace(/\.$/, '')} (needed only for the values that cause it)`,
    { ...(base.at ? { at: base.at } : {}), rule: base.rule ?? 'later-step/depends-on', dependsOn: named.map(place).join(' and ') },
  )
}

/** A later step whose script this reader could not follow: what it sends is not known. */
export function notReadProblem(step: StepModel, file: string, intended: IntendedSetup): Problem {
  const { line, reason } = step.notRead!
  return problem(
    'warning',
    `Step "${step.label}" not read`,
    `Step "${step.label}" was not read (${reason}), so whether Claude Code there sends ${intended.words} alone is not known; this check does not fail the job for it.`,
    `${file} line ${line}`,
    'check that step by hand, or write it with fewer nested levels (`$( … )`, `( … )`, `{ …; }`, `bash -c`) so that this check can read it',
    { at: { file, line }, rule: 'later-step/not-read', dependsOn: `what the script of step "${step.label}" does` },
  )
}

/** A command that may start Claude Code through something the shell reader cannot see into. */
export function wrappedUnreadProblem(step: StepModel, unread: { line: number; command: string }, file: string, intended: IntendedSetup): Problem {
  return problem(
    'warning',
    `Step "${step.label}" not read`,
    `Step "${step.label}" may start Claude Code through \`${unread.command}\`, whose command this check cannot read, so whether it sends ${intended.words} alone is not known; this check does not fail the job for it.`,
    `${file} line ${unread.line}`,
    'write the command out in the step (`bash -c \'claude …\'`, not `bash -c "$CMD"`) so that this check can read it, or check that step by hand',
    { at: { file, line: unread.line }, rule: 'later-step/wrapped-unread', dependsOn: `what \`${unread.command}\` in step "${step.label}" runs` },
  )
}

/** A settings file or JSON a later step passes that this check cannot read: what it sets is not known. */
export function settingsUnreadProblem(step: StepModel, text: string, line: number, file: string): Problem {
  const shown = text.trim().startsWith('{') ? 'inline settings JSON' : `the settings file \`${text.trim().length > 60 ? `${text.trim().slice(0, 59)}…` : text.trim()}\``
  return problem(
    'warning',
    `Step "${step.label}": settings not read`,
    `Step "${step.label}" gives Claude Code ${shown}, which this check cannot read (a file not in the repository, made by an earlier step, or not valid JSON), so what its \`env\` and \`apiKeyHelper\` change there is not known; this check does not fail the job for it.`,
    `${file} line ${line}`,
    'keep the settings file in the repository (or write it inline as valid JSON) so that this check can read it, or check that step by hand',
    { at: { file, line }, rule: 'later-step/settings-not-read', dependsOn: `what ${shown} of step "${step.label}" sets` },
  )
}

/** A step's `if:` as messages show it: the expression's body. */
export const ifText = (text: string): string => text.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1').trim()

/** A conflict in a step that sources a script before Claude Code: the script may undo it (or not). */
export function sourcedProblem(base: Problem, sourced: { command: string; line: number }, step: StepModel): Problem {
  return problem(
    'warning',
    base.title,
    `${base.cause.replace(/\.$/, '')}, unless \`${sourced.command}\` (line ${sourced.line}) changes it first: this check cannot read that script, so the job goes on.`,
    base.where,
    base.fix,
    { ...(base.at ? { at: base.at } : {}), rule: base.rule ?? 'later-step/depends-on', dependsOn: `what \`${sourced.command}\` in step "${step.label}" sets` },
  )
}
