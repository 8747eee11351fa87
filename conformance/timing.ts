// Every child process the suite waits for with a time limit (a CLI run, a
// later step's script, the action, the doctor), with how long it took and
// its limit, so a run that came near its limit, or reached it, shows in the
// log of every run instead of turning a verdict over unseen.

export type TimedKind = 'cli' | 'step' | 'action' | 'doctor'

export interface TimedRun {
  kind: TimedKind
  /** Case, mode and CLI version, as the report names them. */
  what: string
  durationMs: number
  limitMs: number
  timedOut: boolean
}

const runs: TimedRun[] = []

export function recordTimed(run: TimedRun): void {
  runs.push(run)
}

export const timedRuns = (): readonly TimedRun[] => runs

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/**
 * One line per kind: how many ran, the slowest few (duration of limit, and
 * what), and every run that timed out. `slowest` runs are listed per kind.
 */
export function timingLines(all: readonly TimedRun[] = runs, slowest = 5): string[] {
  const lines: string[] = []
  for (const kind of ['cli', 'step', 'action', 'doctor'] as const) {
    const of = all.filter((r) => r.kind === kind)
    if (of.length === 0) continue
    const finished = of.filter((r) => !r.timedOut).sort((a, b) => b.durationMs - a.durationMs)
    const worst = finished[0]
    const share = worst ? ` (slowest finished run ${Math.round((100 * worst.durationMs) / worst.limitMs)}% of its limit)` : ''
    const top = finished.slice(0, slowest).map((r) => `${seconds(r.durationMs)} of ${seconds(r.limitMs)} ${r.what}`)
    lines.push(`timing: ${of.length} ${kind} runs${share}; slowest: ${top.join('; ') || '-'}`)
    const out = of.filter((r) => r.timedOut)
    lines.push(`timing: ${out.length} ${kind} runs timed out${out.length ? `: ${out.map((r) => `${r.what} (killed at ${seconds(r.limitMs)})`).join('; ')}` : ''}`)
  }
  return lines
}

/** Times `job`, whose result says whether it was killed at `limitMs`. */
export async function timed<T extends { timedOut: boolean }>(kind: TimedKind, what: string, limitMs: number, job: () => Promise<T>): Promise<T> {
  const started = Date.now()
  const result = await job()
  recordTimed({ kind, what, durationMs: Date.now() - started, limitMs, timedOut: result.timedOut })
  return result
}
