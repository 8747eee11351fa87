// The real-workflow corpus (conformance/corpus/, when it is in the checkout):
// every file audited without an internal error, and no job failed that its
// label, written by hand before any run, expects to pass or to depend.
// Expected failures the audit does not find are listed, not failed on: the
// labels judge the action at run time, and some jobs start Claude Code in
// ways a static read cannot see (local composite actions).

import { describe, expect, test } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { runAudit } from '../../src/audit/run.js'
import { REPO_ROOT } from '../process/dist-snapshot.js'

const CORPUS = join(REPO_ROOT, 'conformance', 'corpus')
const present = existsSync(join(CORPUS, 'labels')) && readdirSync(join(CORPUS, 'labels')).length > 0

interface Label {
  file: string
  jobs: { job: string; expected: 'pass' | 'fail' | 'depends' }[]
}

describe('the real-workflow corpus', () => {
  ;(present ? test : test.skip)('every labelled file audited without an internal error; no false error', async () => {
    const falseErrors: string[] = []
    const internal: string[] = []
    for (const name of readdirSync(join(CORPUS, 'labels')).filter((n) => n.endsWith('.json')).sort()) {
      const label = JSON.parse(readFileSync(join(CORPUS, 'labels', name), 'utf8')) as Label
      const run = await runAudit(['--format', 'json', '--exit-zero', join(CORPUS, 'workflows', label.file)], { cwd: REPO_ROOT, version: 'test' })
      if (run.exitCode !== 0 || run.stderr) {
        internal.push(`${label.file}: exit ${run.exitCode} ${run.stderr}`)
        continue
      }
      const jobs = (JSON.parse(run.stdout) as { repositories: { jobs: { job: string; verdict: string }[] }[] }).repositories[0]!.jobs
      for (const expected of label.jobs) {
        const got = jobs.find((j) => j.job === expected.job)?.verdict
        if (got === 'fail' && expected.expected !== 'fail') falseErrors.push(`${label.file} job ${expected.job}: expected ${expected.expected}, audit fails it`)
      }
    }
    expect(internal).toEqual([])
    expect(falseErrors).toEqual([])
  }, 120_000)
})
