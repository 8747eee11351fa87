// The running job is all the later-steps check reads of `jobs:`, and parsing
// YAML cold is the largest part of its start-up cost (about 6,000 CPU
// instructions a character). So before the YAML parser sees the file, the
// other jobs' lines are emptied: what is left keeps every line where it was
// (line numbers in messages do not move) and is the same YAML minus those
// jobs.
//
// Only the plainest layout is narrowed, found by lines, not by parsing:
// `jobs:` alone at column 0, job keys that are plain ids at one indentation
// of spaces, and nothing else at or left of that indentation until the next
// top-level key. Anything else (flow style, quoted or odd keys, tabs,
// document markers) returns undefined and the whole file is parsed. The
// caller parses the whole file too when the narrowed text fails to parse (an
// alias to an anchor in an emptied job) or lacks the job.

const JOBS_LINE = /^jobs[ \t]*:[ \t]*(#.*)?$/
/** A GitHub job id (letters, digits, `_`, `-`; not starting with a digit or `-`) as a plain key. */
const JOB_KEY = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]|$)/

export function focusOnJob(text: string, job: string): string | undefined {
  if (!job || text.includes('\r')) return undefined
  const lines = text.split('\n')
  const jobsAt = lines.findIndex((line) => JOBS_LINE.test(line))
  if (jobsAt < 0) return undefined
  // The block of `jobs:` ends at the next line that starts in column 0 and is not a comment.
  let end = jobsAt + 1
  while (end < lines.length && !startsTopLevel(lines[end]!)) end++
  if (lines.slice(end).some((line) => JOBS_LINE.test(line) || line.startsWith('---') || line.startsWith('...'))) return undefined
  if (lines.slice(0, jobsAt).some((line) => line.startsWith('---') || line.startsWith('...') || line.startsWith('%'))) return undefined

  let indent = -1
  const starts: { line: number; key: string }[] = []
  for (let i = jobsAt + 1; i < end; i++) {
    const line = lines[i]!
    const content = line.trimStart()
    if (content === '' || content.startsWith('#')) continue
    const spaces = line.length - content.length
    if (line.slice(0, spaces).includes('\t')) return undefined
    if (indent < 0) indent = spaces
    if (spaces > indent) continue
    if (spaces < indent) return undefined
    const key = JOB_KEY.exec(content)?.[1]
    if (key === undefined) return undefined
    starts.push({ line: i, key })
  }
  const mine = starts.filter((s) => s.key === job)
  if (mine.length !== 1 || indent <= 0) return undefined
  const from = mine[0]!.line
  const next = starts.find((s) => s.line > from)
  const to = next ? next.line : end
  if (starts.length === 1) return text
  return lines.map((line, i) => (i > jobsAt && i < end && (i < from || i >= to) ? '' : line)).join('\n')
}

const startsTopLevel = (line: string): boolean => line !== '' && line[0] !== ' ' && line[0] !== '\t' && line[0] !== '#'
