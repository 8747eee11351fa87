// Later steps against the real Claude Code CLI: for each workflow, the
// resolver on the world laterStepWorlds() builds, and the built action end to
// end, against what the CLI sends when the runner runs that later step.

import { beforeAll, describe, expect, test } from '@jest/globals'
import { isExactlyIntended } from './action-check.js'
import { pinnedVersion } from './install-cli.js'
import { suiteOptionsFromEnv } from './suite.js'
import { actionRuns, laterCounts, laterSummaryLine, runLaterSuite, selectedLaterCases, type LaterSuiteReport } from './later-steps/suite.js'

const log = (line: string) => process.stdout.write(`${line}\n`)
const options = suiteOptionsFromEnv(log)
// Decided before the run so that every test below checks something.
const cases = selectedLaterCases(options.filter)
const ids = cases.map((c) => c.id)
const actionIds = actionRuns() ? ids : []
// `cliSends` records the pinned version's behaviour; another version may differ (the resolver check covers it).
const onPinned = (process.env.CLAUDE_CODE_VERSION?.trim() || pinnedVersion) === pinnedVersion
const MIN_CASES = 20

let report: LaterSuiteReport

beforeAll(async () => {
  report = await runLaterSuite(options)
  log(laterSummaryLine(report))
}, 10 * 60 * 1000)

const each = (list: string[]) => (list.length > 0 ? test.each(list) : test.skip.each(['(no case selected)']))

describe('later steps: resolver vs CLI', () => {
  each(ids)('%s', (id) => {
    const verdicts = report.resolver.get(id) ?? []
    expect(verdicts.length).toBeGreaterThan(0)
    const wrong = verdicts.filter((v) => !v.ok)
    if (wrong.length > 0) throw new Error(wrong.map((v) => `resolver and CLI disagree on ${id} [${v.modes.join(', ')}]:\n${v.detail}`).join('\n\n'))
  })
})

describe('later steps: each case shows what it says (facts sheet, written by hand)', () => {
  each(onPinned ? ids : [])('%s', (id) => {
    const testCase = cases.find((c) => c.id === id)!
    // The world of the plain `fail` exports: the first verdict.
    const observed = report.resolver.get(id)?.[0]?.observed
    if (!observed) throw new Error(`${id} did not run: ${report.resolver.get(id)?.[0]?.detail ?? 'no verdict'}`)
    expect({ id, sends: isExactlyIntended(observed.wire, testCase.intended) ? 'intended-alone' : 'something-else' }).toEqual({ id, sends: testCase.cliSends })
  })
})

describe('later steps: action vs CLI', () => {
  each(actionIds)('%s', (id) => {
    const verdicts = report.action.get(id) ?? []
    expect(verdicts.map((v) => v.mode)).toEqual(['fail', 'unset', 'warn'])
    const wrong = verdicts.filter((v) => v.outcome === 'false-accept' || v.outcome === 'false-reject')
    if (wrong.length > 0) throw new Error(wrong.map((v) => `${v.outcome} [${v.mode}]\n${v.detail}`).join('\n\n'))
  })
})

test('the later-step table ran', () => {
  const c = laterCounts(report)
  if (options.filter) expect(c.cases).toBe(cases.length)
  else {
    expect(c.cases).toBeGreaterThanOrEqual(MIN_CASES)
    expect(report.actionRan).toBe(true)
    // Both verdicts occur: a table of only rejections (or only accepts) would not test the action's judgement.
    expect(c.accepts).toBeGreaterThan(0)
    expect(c.rejects).toBeGreaterThan(0)
  }
  expect({ resolverMismatches: c.resolverMismatches, falseAccepts: c.falseAccepts, falseRejections: c.falseRejections }).toEqual({
    resolverMismatches: 0,
    falseAccepts: 0,
    falseRejections: 0,
  })
})
