// The real Claude Code CLI confirms the corpus labels where a job runs `claude` in a `run:`
// script (issue 18; conformance/corpus-cli.ts says how a step is reproduced). Each labelled
// job is confirmed, contradicted or skipped (with the reason); a contradiction is a finding
// about the label or the facts, and must be listed in conformance/corpus/cli-contradictions.json
// with a reason. A listed one that no longer contradicts fails too, so the list stays true.
//
// CORPUS_CLI_VERBOSE=1 prints every reproduced script.

import { beforeAll, describe, expect, test } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { runCorpusCli, type CorpusCliReport, type JobResult } from './corpus-cli.js'
import { ensureCli, pinnedVersion, repoRoot } from './install-cli.js'

const CORPUS_DIR = path.join(repoRoot, 'conformance', 'corpus')
const LIST_FILE = path.join(CORPUS_DIR, 'cli-contradictions.json')
/** Two CLI runs at a time (a 2-core machine); a run that has not finished in 90 s is reported, never retried. */
const CONCURRENCY = 2
const TIMEOUT_MS = 90_000
/** Fewer confirmations than this means the check stopped seeing the corpus's `claude` calls. */
const MIN_CONFIRMED = 10

const log = (line: string) => process.stdout.write(`${line}\n`)

interface Listed {
  file: string
  job: string
  expected: string
  observed: string
  reason: string
}

function readList(): { list: Listed[]; problems: string[] } {
  if (!existsSync(LIST_FILE)) return { list: [], problems: ['conformance/corpus/cli-contradictions.json is missing (an empty list is [])'] }
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(LIST_FILE, 'utf8'))
  } catch (error) {
    return { list: [], problems: [`cli-contradictions.json is not valid JSON (${(error as Error).message})`] }
  }
  if (!Array.isArray(raw)) return { list: [], problems: ['cli-contradictions.json must be an array'] }
  const problems: string[] = []
  const list: Listed[] = []
  raw.forEach((entry: Record<string, unknown>, i) => {
    const where = `cli-contradictions.json[${i}]`
    const wrong =
      typeof entry !== 'object' || entry === null ? `${where} is not an object`
      : typeof entry.file !== 'string' || typeof entry.job !== 'string' ? `${where} needs file and job`
      : !['pass', 'fail'].includes(entry.expected as string) ? `${where}.expected must be pass or fail`
      : !['intended-alone', 'something-else'].includes(entry.observed as string) ? `${where}.observed must be intended-alone or something-else`
      : typeof entry.reason !== 'string' || entry.reason.trim() === '' || /[\r\n]/.test(entry.reason) ? `${where}.reason must be one line`
      : list.some((k) => k.file === entry.file && k.job === entry.job) ? `${where}: ${entry.file}#${entry.job} is listed twice`
      : undefined
    if (wrong) problems.push(wrong)
    else list.push(entry as unknown as Listed)
  })
  return { list, problems }
}

const listed = readList()
let report: CorpusCliReport

function summary(results: JobResult[]): string {
  const count = (o: JobResult['outcome']) => results.filter((r) => r.outcome === o).length
  const lines = [
    `Corpus CLI check (Claude Code ${pinnedVersion}): ${results.length} labelled jobs call claude in a run: step; ${report.stepsRun} calls reproduced.`,
    `  confirmed: ${count('confirmed')}; contradicted: ${count('contradicted')}; skipped: ${count('skipped')}`,
  ]
  for (const r of results) {
    lines.push(`  ${r.outcome.padEnd(12)} ${r.check.key} [label ${r.check.expected}]${r.reason ? `: ${r.reason}` : ''}`)
    for (const line of r.lines) lines.push(`      ${line}`)
  }
  return lines.join('\n')
}

beforeAll(async () => {
  const cli = await ensureCli(log, pinnedVersion)
  report = await runCorpusCli({ corpusDir: CORPUS_DIR, cli: cli.executable, concurrency: CONCURRENCY, timeoutMs: TIMEOUT_MS })
  log(summary(report.results))
  if (process.env.CORPUS_CLI_VERBOSE) {
    for (const r of report.results) for (const s of r.check.steps) if (s.script) log(`--- ${r.check.key} step ${s.index}\n${s.script.replace(/'\/[^']*claude[^']*'/, 'claude')}`)
  }
}, 20 * 60 * 1000)

describe('the real CLI on the corpus jobs that call claude in a run: step', () => {
  test('the corpus and cli-contradictions.json can be read', () => {
    expect(report.problems).toEqual([])
    expect(listed.problems).toEqual([])
  })

  test('every contradiction is listed in cli-contradictions.json, and every listed one still contradicts', () => {
    const contradicted = report.results.filter((r) => r.outcome === 'contradicted')
    const isListed = (r: JobResult) => listed.list.some((k) => k.file === r.check.file && k.job === r.check.job && k.expected === r.check.expected && k.observed === r.observed)
    const unlisted = contradicted.filter((r) => !isListed(r))
    const stale = listed.list.filter((k) => !contradicted.some((r) => r.check.file === k.file && r.check.job === k.job && r.check.expected === k.expected && r.observed === k.observed))
    const message: string[] = []
    if (unlisted.length > 0) {
      message.push(
        `${unlisted.length} contradiction(s) not in cli-contradictions.json. Check the label against the file and the facts; fix the label, or list it with a one-line reason:`,
        JSON.stringify(unlisted.map((r) => ({ file: r.check.file, job: r.check.job, expected: r.check.expected, observed: r.observed, reason: `the CLI: ${r.reason}` })), null, 2),
      )
    }
    if (stale.length > 0) {
      message.push(
        `${stale.length} entr(y/ies) of cli-contradictions.json no longer contradict that way; remove them:`,
        ...stale.map((k) => {
          const now = report.results.find((r) => r.check.file === k.file && r.check.job === k.job)
          return `  ${k.file}#${k.job}: now ${now ? `${now.outcome}${now.reason ? ` (${now.reason})` : ''}` : 'not selected'}`
        }),
      )
    }
    if (message.length > 0) throw new Error(message.join('\n'))
  })

  test('the check saw the corpus: enough confirmations, and every skip says why', () => {
    expect(report.results.filter((r) => r.outcome === 'confirmed').length).toBeGreaterThanOrEqual(MIN_CONFIRMED)
    expect(report.results.filter((r) => r.outcome === 'skipped' && r.reason.trim() === '').map((r) => r.check.key)).toEqual([])
  })
})
