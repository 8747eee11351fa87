// `npm run test:conformance`: the resolver, and the whole action, against the real Claude Code CLI.

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { existsSync } from 'node:fs'
import { canUseManagedSettings, removeManagedSettings } from './sandbox.js'
import { ACTION_ENTRY, counts, doctorSummaryLine, runSuite, selectedCases, suiteOptionsFromEnv, summaryLine, type SuiteReport } from './suite.js'
import { doctorSees } from './doctor-check.js'
import { pinnedVersion } from './install-cli.js'

const log = (line: string) => process.stdout.write(`${line}\n`)
const options = suiteOptionsFromEnv(log)
const { parallel, serial } = selectedCases(options.filter)
// Decided before the run so that every test below checks something.
const managedRunnable = serial.length > 0 && canUseManagedSettings()
const cases = [...parallel, ...(managedRunnable ? serial : [])]
const actionCases = existsSync(ACTION_ENTRY) && process.env.CONFORMANCE_SKIP_ACTION !== '1' ? cases.filter((c) => !c.actionSkip) : []
const MIN_CASES = 150

let report: SuiteReport

beforeAll(async () => {
  report = await runSuite(options)
  log(summaryLine(report))
  log(doctorSummaryLine(report))
}, 25 * 60 * 1000)

afterAll(() => removeManagedSettings())

describe('resolver vs CLI', () => {
  test.each(cases.map((c) => c.id))('%s', (id) => {
    const verdict = report.resolver.get(id)
    expect(verdict).toBeDefined()
    if (!verdict!.ok) throw new Error(`resolver and CLI disagree on ${id}:\n${verdict!.detail}`)
  })
})

describe('action vs CLI', () => {
  test.each(actionCases.map((c) => c.id))('%s', (id) => {
    const verdicts = report.action.get(id) ?? []
    expect(verdicts.map((v) => v.mode)).toEqual(['fail', 'unset', 'warn'])
    const wrong = verdicts.filter((v) => v.outcome === 'false-accept' || v.outcome === 'false-reject')
    if (wrong.length > 0) throw new Error(wrong.map((v) => `${v.outcome} [${v.mode}]\n${v.detail}`).join('\n\n'))
  })
})

describe('doctor vs CLI', () => {
  // Decided after the run (whether dist/cli.js exists and the CLI is the pinned one): an empty list is reported by 'the full table ran'.
  test.each(cases.filter(doctorSees).map((c) => c.id))('%s', (id) => {
    if (!report.doctorRan) return
    const verdict = report.doctor.get(id)
    expect(verdict).toBeDefined()
    if (!verdict!.ok) throw new Error(`the doctor and the CLI disagree on ${id}:\n${verdict!.detail}`)
  })
})

test('the full table ran', () => {
  if (options.filter) return expect(report.cases.length).toBe(cases.length)
  expect(report.cases.length).toBeGreaterThanOrEqual(MIN_CASES)
  expect(report.actionRan).toBe(true)
  // The doctor reads as the newest measured version: judged on the pinned CLI only (not on the drift run's `latest`).
  expect(report.doctorRan).toBe(report.cli.version === pinnedVersion)
  const c = counts(report)
  expect({ resolverMismatches: c.resolverMismatches, falseAccepts: c.falseAccepts, falseRejections: c.falseRejections, doctorMismatches: c.doctorMismatches }).toEqual({
    resolverMismatches: 0,
    falseAccepts: 0,
    falseRejections: 0,
    doctorMismatches: 0,
  })
})
