// A problem is everything the user needs to act on one finding: an error
// becomes exactly one `::error` annotation, a warning one `::warning`.

export type Severity = 'error' | 'warning' | 'notice'

export interface Problem {
  severity: Severity
  /** Short annotation title. */
  title: string
  /** What is wrong, in a sentence. Never contains a secret or raw input. */
  cause: string
  /** Where it came from: an input name, a variable, a file path. */
  origin: string
  /** What to do about it. */
  fix: string
}

export const problem = (severity: Severity, title: string, cause: string, origin: string, fix: string): Problem => ({
  severity,
  title,
  cause,
  origin,
  fix,
})

export function annotationText(p: Problem): string {
  return `${p.cause} Source: ${p.origin}. Fix: ${p.fix}`
}

export const hasErrors = (problems: readonly Problem[]): boolean => problems.some((p) => p.severity === 'error')
