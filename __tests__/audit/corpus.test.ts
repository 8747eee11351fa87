// The real-workflow corpus (conformance/corpus/, when it is in the checkout) through the audit:
// every labelled file is written at its real path into a fresh checkout of its repository
// (a `.git` naming the repository and the commit, and the local actions its steps use, from
// conformance/corpus/checkout/), audited without an internal error, and each labelled job's
// verdict compared with its label, written by hand before any run. A disagreement must be
// listed, with its reason, in conformance/corpus/audit-known-mismatches.json, and a listed one
// that no longer disagrees fails too (as __tests__/corpus/corpus.test.ts treats
// known-mismatches.json), so the list only shrinks. A false error (label pass or depends,
// audit fail) can never be listed.
//
// The findings too, by rule id: a job whose label has `auditRules` (every `fail` and `depends`
// job must have it; a `pass` job may) must get every listed rule from the audit, at the severity
// its verdict needs: `fail` → error, `depends` → warning or error, `pass` → any severity. The
// verdict that sets the severity is the label's `expected`, except for a job listed in
// audit-known-mismatches.json: there the audit is known to give the listed `actual`, and the
// label's `auditRules` say what a static read of the file certainly reports at that verdict's
// severity (neotoma's OAuth token in the key slot: audit/secret-name-slot as a warning; `[]` for a
// job the audit passes, which is then exempt). The rule ids were written by hand, from the
// label's `why`/`findings`, the workflow file and docs/rules.md, before the audit was run on it.
// A rule id that names no `## \`rule-id\`` section of docs/rules.md fails. A listed rule the audit
// does not report must be in conformance/corpus/audit-rule-mismatches.json (`{"file", "job",
// "rule", "reason"}`), and a listed one it reports, or that no label lists any more, fails too.

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

import { runAudit } from '../../src/audit/run.js'
import { REPO_ROOT } from '../process/dist-snapshot.js'

const CORPUS = join(REPO_ROOT, 'conformance', 'corpus')
const KNOWN_FILE = join(CORPUS, 'audit-known-mismatches.json')
const RULE_KNOWN_FILE = join(CORPUS, 'audit-rule-mismatches.json')
const present = existsSync(join(CORPUS, 'labels')) && readdirSync(join(CORPUS, 'labels')).length > 0

interface Label {
  file: string
  source: { repo: string; commit: string; path: string }
  jobs: { job: string; expected: 'pass' | 'fail' | 'depends'; auditRules?: string[] }[]
}
interface RuleKnown {
  file: string
  job: string
  rule: string
  reason: string
}
interface Reported {
  rule: string
  severity: string
}
interface Known {
  file: string
  job: string
  expected: string
  actual: string
  reason: string
}
interface Outcome {
  file: string
  job: string
  expected: string
  actual: string
  findings: string
  reported: Reported[]
}

const labels: Label[] = present
  ? readdirSync(join(CORPUS, 'labels'))
      .filter((n) => n.endsWith('.json'))
      .sort()
      .map((n) => JSON.parse(readFileSync(join(CORPUS, 'labels', n), 'utf8')) as Label)
  : []
const known: Known[] = existsSync(KNOWN_FILE) ? (JSON.parse(readFileSync(KNOWN_FILE, 'utf8')) as Known[]) : []
const ruleKnown: RuleKnown[] = existsSync(RULE_KNOWN_FILE) ? (JSON.parse(readFileSync(RULE_KNOWN_FILE, 'utf8')) as RuleKnown[]) : []
/** The rule ids docs/rules.md documents: one `## \`rule-id\`` section each. */
const documented = new Set([...readFileSync(join(REPO_ROOT, 'docs', 'rules.md'), 'utf8').matchAll(/^## `([^`]+)`\s*$/gm)].map((m) => m[1]!))
/** The severities a finding may have to count for a job whose verdict is `verdict`. */
const SEVERITIES: Record<string, string[]> = { fail: ['error'], depends: ['error', 'warning'], pass: ['error', 'warning', 'notice'] }

let scratch = ''
const outcomes: Outcome[] = []
const internal: string[] = []

/** A checkout of the label's repository at its commit, with the workflow file and the local actions kept in the corpus. */
function checkout(label: Label): string {
  const root = join(scratch, label.file)
  mkdirSync(join(root, '.git'), { recursive: true })
  writeFileSync(join(root, '.git', 'config'), `[remote "origin"]\n\turl = https://github.com/${label.source.repo}\n`)
  writeFileSync(join(root, '.git', 'HEAD'), `${label.source.commit}\n`)
  const actions = join(CORPUS, 'checkout', label.source.repo.replace('/', '__'))
  if (existsSync(actions)) cpSync(actions, root, { recursive: true })
  const file = join(root, label.source.path)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, readFileSync(join(CORPUS, 'workflows', label.file)))
  return file
}

const verdictOf = (v: string | undefined) => (v === undefined ? 'not-found' : v === 'warn' ? 'warned' : v)

beforeAll(async () => {
  if (!present) return
  scratch = mkdtempSync(join(tmpdir(), 'cca-audit-corpus-'))
  for (const label of labels) {
    const run = await runAudit(['--format', 'json', '--exit-zero', checkout(label)], { cwd: REPO_ROOT, version: 'test' })
    if (run.exitCode !== 0 || run.stderr) {
      internal.push(`${label.file}: exit ${run.exitCode} ${run.stderr}`)
      continue
    }
    const repository = (JSON.parse(run.stdout) as { repositories: { jobs: { job: string; file: string; verdict: string }[]; findings: { job?: string; file: string; rule: string; severity: string; dependsOn?: string; ignored?: unknown; line?: number; message?: string }[] }[] }).repositories[0]!
    for (const expected of label.jobs) {
      const got = repository.jobs.find((j) => j.job === expected.job && j.file === label.source.path)
      const own = repository.findings.filter((f) => f.job === expected.job && f.file === label.source.path && !f.ignored)
      if (process.env.CORPUS_VERBOSE) process.stdout.write(`${label.file}#${expected.job}\n${own.map((f) => `  ${f.severity}${f.dependsOn ? '(depends)' : ''} ${f.rule} :${(f as { line?: number }).line} ${(f as { message?: string }).message?.slice(0, 200)}`).join('\n')}\n`)
      const findings = own.map((f) => `${f.severity}${f.dependsOn ? '(depends)' : ''} ${f.rule}`)
      outcomes.push({ file: label.file, job: expected.job, expected: expected.expected, actual: verdictOf(got?.verdict), findings: findings.join(', '), reported: own.map((f) => ({ rule: f.rule, severity: f.severity })) })
    }
  }
}, 180_000)

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true })
})

describe('the real-workflow corpus through the audit', () => {
  ;(present ? test : test.skip)('every labelled file audited without an internal error', () => {
    expect(internal).toEqual([])
    expect(outcomes.length).toBe(labels.reduce((n, l) => n + l.jobs.length, 0))
  })

  ;(present ? test : test.skip)('audit-known-mismatches.json is well formed, and lists no false error', () => {
    const problems = known.flatMap((k, i) => {
      const where = `audit-known-mismatches.json[${i}]`
      const out: string[] = []
      for (const key of ['file', 'job', 'expected', 'actual', 'reason'] as const) if (typeof k[key] !== 'string' || !k[key]) out.push(`${where}: ${key} must be a non-empty string`)
      if (k.actual === 'fail' && k.expected !== 'fail') out.push(`${where}: a false error (label ${k.expected}, audit fail) is fixed, never listed`)
      if (/\n/.test(k.reason ?? '')) out.push(`${where}: the reason is one line`)
      return out
    })
    expect(problems).toEqual([])
  })

  ;(present ? test : test.skip)('no false error: no job the label passes or makes depend is failed', () => {
    const falseErrors = outcomes.filter((o) => o.actual === 'fail' && o.expected !== 'fail').map((o) => `${o.file}#${o.job}: label ${o.expected}, audit fail [${o.findings}]`)
    expect(falseErrors).toEqual([])
  })

  ;(present ? test : test.skip)('every verdict agrees with its label, or is listed in audit-known-mismatches.json', () => {
    const same = (a: { file: string; job: string; expected: string; actual: string }, b: typeof a) => a.file === b.file && a.job === b.job && a.expected === b.expected && a.actual === b.actual
    const disagreements = outcomes.filter((o) => o.actual !== o.expected)
    const unlisted = disagreements.filter((o) => !known.some((k) => same(k, o)))
    const stale = known.filter((k) => !disagreements.some((o) => same(k, o)))
    const agree = outcomes.length - disagreements.length
    // One line for the record: how far the audit and the labels agree.
    process.stdout.write(`audit corpus: ${agree} of ${outcomes.length} labelled jobs agree, ${disagreements.length} listed as known, ${outcomes.filter((o) => o.actual === 'fail' && o.expected !== 'fail').length} false errors\n`)
    const entry = (o: Outcome) => `  ${JSON.stringify({ file: o.file, job: o.job, expected: o.expected, actual: o.actual, reason: '…' })}  [${o.findings}]`
    const problems = [
      ...(unlisted.length === 0 ? [] : [`${unlisted.length} disagreement(s) not in audit-known-mismatches.json. Fix the audit, or (after checking the label against the facts) add, with a one-line reason:`, ...unlisted.map(entry)]),
      ...(stale.length === 0 ? [] : [`${stale.length} entr(y/ies) of audit-known-mismatches.json no longer disagree this way; remove them:`, ...stale.map((k) => `  ${k.file}#${k.job} (${k.expected} → ${k.actual})`)]),
    ]
    expect(problems).toEqual([])
  })

  ;(present ? test : test.skip)('every fail and depends job has auditRules, each naming a section of docs/rules.md; audit-rule-mismatches.json is well formed', () => {
    const problems: string[] = []
    for (const label of labels) {
      for (const job of label.jobs) {
        const where = `${label.file}#${job.job}`
        if (job.auditRules === undefined) {
          if (job.expected !== 'pass') problems.push(`${where}: a ${job.expected} job needs auditRules (the rule ids the audit must report)`)
          continue
        }
        for (const rule of job.auditRules) if (!documented.has(rule)) problems.push(`${where}: ${rule} names no section of docs/rules.md`)
        if (new Set(job.auditRules).size !== job.auditRules.length) problems.push(`${where}: a rule listed twice`)
      }
    }
    ruleKnown.forEach((k, i) => {
      for (const key of ['file', 'job', 'rule', 'reason'] as const) if (typeof k[key] !== 'string' || !k[key]) problems.push(`audit-rule-mismatches.json[${i}]: ${key} must be a non-empty string`)
      if (/\n/.test(k.reason ?? '')) problems.push(`audit-rule-mismatches.json[${i}]: the reason is one line`)
    })
    expect(problems).toEqual([])
  })

  ;(present ? test : test.skip)("every job's auditRules are reported at the severity its verdict needs, or listed in audit-rule-mismatches.json", () => {
    const missing: (RuleKnown & { severities: string[]; reported: string })[] = []
    let checked = 0
    for (const label of labels) {
      for (const job of label.jobs) {
        if (!job.auditRules) continue
        const outcome = outcomes.find((o) => o.file === label.file && o.job === job.job)
        if (!outcome) continue // an internal error: the first test says so
        const listed = known.find((k) => k.file === label.file && k.job === job.job && k.expected === job.expected)
        const severities = SEVERITIES[listed ? listed.actual : job.expected] ?? SEVERITIES.pass!
        for (const rule of job.auditRules) {
          checked++
          if (!outcome.reported.some((f) => f.rule === rule && severities.includes(f.severity))) missing.push({ file: label.file, job: job.job, rule, reason: '…', severities, reported: outcome.findings })
        }
      }
    }
    const same = (a: { file: string; job: string; rule: string }, b: typeof a) => a.file === b.file && a.job === b.job && a.rule === b.rule
    const unlisted = missing.filter((m) => !ruleKnown.some((k) => same(k, m)))
    const stale = ruleKnown.filter((k) => !missing.some((m) => same(k, m)))
    process.stdout.write(`audit corpus rules: ${checked - missing.length} of ${checked} expected rule ids reported, ${missing.length - unlisted.length} of the others listed in audit-rule-mismatches.json\n`)
    const problems = [
      ...(unlisted.length === 0 ? [] : [`${unlisted.length} expected rule(s) the audit does not report at the needed severity. Fix the audit, or the label (with a reason), or add, with a one-line reason:`, ...unlisted.map((m) => `  ${JSON.stringify({ file: m.file, job: m.job, rule: m.rule, reason: '…' })}  [needs ${m.severities.join('/')}; reported: ${m.reported}]`)]),
      ...(stale.length === 0 ? [] : [`${stale.length} entr(y/ies) of audit-rule-mismatches.json are reported now, or no label lists them; remove them:`, ...stale.map((k) => `  ${k.file}#${k.job} ${k.rule}`)]),
    ]
    expect(problems).toEqual([])
  })
})

// More real workflow files from the same repositories (any workflow, Claude or not), for the
// benchmark against actionlint: each is listed with its source and licence, and audited without
// an internal error.
const EXTRA = join(CORPUS, 'bench-extra')
const extraPresent = existsSync(join(EXTRA, 'workflows'))

describe('conformance/corpus/bench-extra', () => {
  ;(extraPresent ? test : test.skip)('every file listed in sources.json with its source and a kept licence, and audited without an internal error', async () => {
    const sources = JSON.parse(readFileSync(join(EXTRA, 'sources.json'), 'utf8')) as { file: string; repo: string; commit: string; path: string; licence: string }[]
    const files = readdirSync(join(EXTRA, 'workflows')).sort()
    expect(sources.map((s) => s.file).sort()).toEqual(files)
    expect(files.length + readdirSync(join(CORPUS, 'workflows')).length).toBeGreaterThanOrEqual(300)
    const problems: string[] = []
    for (const s of sources) {
      if (!/^[0-9a-f]{40}$/.test(s.commit) || !s.path.startsWith('.github/workflows/') || !s.licence) problems.push(`${s.file}: source incomplete`)
      if (!existsSync(join(CORPUS, 'licences', `${s.repo.replace('/', '__')}.txt`))) problems.push(`${s.file}: no licence kept for ${s.repo}`)
    }
    // All at once, as the benchmark runs them: one process, one report.
    const run = await runAudit(['--format', 'json', '--exit-zero', ...files.map((f) => join(EXTRA, 'workflows', f))], { cwd: REPO_ROOT, version: 'test' })
    if (run.exitCode !== 0 || run.stderr) problems.push(`exit ${run.exitCode}: ${run.stderr}`)
    else {
      const report = JSON.parse(run.stdout) as { repositories: { files: string[]; findings: { message: string }[] }[] }
      expect(report.repositories.reduce((n, r) => n + r.files.length, 0)).toBe(files.length)
      for (const f of report.repositories.flatMap((r) => r.findings)) if (/internal error|stack|TypeError|RangeError/i.test(f.message)) problems.push(f.message)
    }
    expect(problems).toEqual([])
  }, 120_000)
})

