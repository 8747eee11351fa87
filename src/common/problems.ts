// A problem is everything the user needs to act on one finding: an error
// becomes exactly one `::error` annotation, a warning one `::warning`.
//
// The wording rule, for every stage: `cause` is one sentence a user acts on
// in ten seconds (what happens, naming the variable or input), `where` says
// where it is set, `fix` what to change there. Plain verbs: "would be sent
// instead of", "would be sent as well as", "would not be sent at all".

export type Severity = 'error' | 'warning' | 'notice'

/** A line in a file of the repository, for the annotation's `file=`/`line=` properties. */
export interface FileLine {
  /** Relative to the repository root. */
  file: string
  line: number
}

export interface Problem {
  severity: Severity
  /** Short annotation title. */
  title: string
  /** What is wrong, in one sentence (about 200 characters at most). Never a secret or raw input. */
  cause: string
  /** Where it comes from: an input, a variable and where it is set, a file. */
  where: string
  /** What to do about it. */
  fix: string
  /** The line the annotation points at, when the finding lives in a repository file. */
  at?: FileLine
  /** One documentation page, where a one-line fix cannot cover it. */
  url?: string
  /**
   * Stable rule id (`area/what`, lower case, e.g. `later-step/other-credential`).
   * Every id has one entry in docs/rules.md (cause, example, fix); users filter
   * and suppress findings by it, so an id never changes meaning.
   */
  rule?: string
  /**
   * Set when the finding is not certain at this step: what it depends on
   * (e.g. "the caller's `inputs.use_bedrock`"). A depends-on finding is a
   * warning that says what happens in each case, and never fails a job.
   */
  dependsOn?: string
  /**
   * The fix, when it is mechanical: what a tool (or a test) can apply to the
   * world as it is, after which the finding is gone (src/engine/fixes.ts).
   */
  apply?: FixApply
  /** The later step the finding concerns (its name as the summary's rows show it); none for this step's own. */
  step?: string
}

/**
 * A mechanical fix: unset a variable of the environment; delete a key of a
 * settings file (`env.NAME`, `apiKeyHelper`, `.claude.json`'s
 * `primaryApiKey`; `path` is the file as read); delete a line of the
 * workflow (a later step's `env:` entry, its script's `export`, a
 * `GITHUB_ENV` write; `file` relative to the repository, `line` from 1).
 */
export type FixApply = { kind: 'unset-env'; name: string } | { kind: 'delete-settings-key'; path: string; key: string } | { kind: 'delete-line'; file: string; line: number }

export const problem = (
  severity: Severity,
  title: string,
  cause: string,
  where: string,
  fix: string,
  extra: Pick<Problem, 'at' | 'url' | 'rule' | 'dependsOn'> = {},
): Problem => ({
  severity,
  title,
  cause,
  where,
  fix,
  ...(extra.at ? { at: extra.at } : {}),
  ...(extra.url ? { url: extra.url } : {}),
  ...(extra.rule ? { rule: extra.rule } : {}),
  ...(extra.dependsOn ? { dependsOn: extra.dependsOn } : {}),
})

const sentence = (text: string): string => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`)

/** Cause first, then where, then the fix: the order a user reads an annotation in. */
export function annotationText(p: Problem): string {
  return `${sentence(p.cause)}${dependsOnText(p)} Where: ${sentence(p.where)} Fix: ${sentence(p.fix)}${p.url ? ` See ${p.url}` : ''}${p.rule ? ` Rule: ${p.rule}.` : ''}`
}

/** ` Depends on: <condition>.` for a finding that is not certain: the exact marker readers (and the corpus test) look for. */
export const dependsOnText = (p: Problem): string => (p.dependsOn ? ` Depends on: ${sentence(p.dependsOn)}` : '')

/**
 * A finding that depends on something this step cannot know is a warning,
 * whatever severity its certain form would have: it never fails a job.
 */
export const withCertainty = (p: Problem): Problem => (p.dependsOn && p.severity === 'error' ? { ...p, severity: 'warning' } : p)

/** The one line a user reads first: the cause and the fix. */
export function causeAndFix(p: Problem): string {
  return `${sentence(p.cause)} Fix: ${sentence(p.fix)}`
}

export const hasErrors = (problems: readonly Problem[]): boolean => problems.some((p) => p.severity === 'error' && !p.dependsOn)

const RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 }

/** Errors first, then warnings, then notices; otherwise in the order found. */
export const bySeverity = (problems: readonly Problem[]): Problem[] =>
  problems.map((p, i) => ({ p, i })).sort((a, b) => RANK[a.p.severity] - RANK[b.p.severity] || a.i - b.i).map(({ p }) => p)
