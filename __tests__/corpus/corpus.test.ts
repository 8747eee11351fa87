// The built action over the real-workflow corpus (conformance/corpus/): for every labelled
// job, this action's step is inserted before the job's first Claude Code step, the file is
// written into a fresh checkout at its real path, and dist/index.js runs as the runner would
// run that step (conformance/corpus.ts builds the step's environment and inputs). Each run is
// classified as pass / depends / fail and compared with the label written by hand before the
// action ran; disagreements must be listed in known-mismatches.json, and a listed one that no
// longer disagrees fails too, so the list only shrinks as the product is fixed.
//
// CORPUS_DIR=<dir> runs another corpus folder (labels/, workflows/, known-mismatches.json),
// for example a merge of the collectors' work in progress; CORPUS_VERBOSE=1 prints every run's
// annotations.

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'

import { loadCorpus, planJob, VERDICTS, type JobPlan, type Verdict } from '../../conformance/corpus.js'
import { runAction, type RunResult } from '../../harness/runner.js'
import { REPO_ROOT } from '../process/dist-snapshot.js'
import { builtAction, expectCleanRun, fakeToken, oauthToken, type ScenarioRun } from '../process/fixtures.js'
import { startNetworkFake, type NetworkFake } from './network-fake.js'

const CORPUS_DIR = process.env.CORPUS_DIR ? resolve(process.env.CORPUS_DIR) : join(REPO_ROOT, 'conformance', 'corpus')
const KNOWN_FILE = join(CORPUS_DIR, 'known-mismatches.json')
const shownDir = relative(REPO_ROOT, CORPUS_DIR) || '.'
/** The machine has two cores: two runs at a time. */
const CONCURRENCY = 2

const corpus = loadCorpus(CORPUS_DIR)
const labelled = corpus.labels.flatMap((label) => label.jobs.map((job) => ({ label, job, key: `${label.file}#${job.job}` })))

// ---------------------------------------------------------------------------------------------
// What a run shows

export type Actual = Verdict | 'warned' | 'error'

/** The marker a finding the action is not sure of ends with: `… Depends on: <condition>.` */
const DEPENDS_MARKER = 'Depends on:'
/** A conflict the action lets through because the user chose `on-conflict: warn` (decide/messages.ts wording). */
const WARNED_MARKER = 'continuing because on-conflict is `warn`'

interface Outcome {
  key: string
  file: string
  job: string
  expected: Verdict
  actual: Actual
  /** The action's first error line, else its first depends-on or conflict warning, else its first warning. */
  first: string
  plan?: JobPlan
  result?: RunResult
  /** Why the run could not be made or classified ('error'). */
  error?: string
}

const oneLine = (text: string, max = 300) => {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

function classify(result: RunResult): { actual: Actual; first: string; error?: string } {
  const line = (a: RunResult['annotations'][number]) => oneLine(`${a.level}: ${a.title ? `${a.title}: ` : ''}${a.message}`)
  const errors = result.annotations.filter((a) => a.level === 'error')
  const warnings = result.annotations.filter((a) => a.level === 'warning')
  const depends = warnings.filter((a) => a.message.includes(DEPENDS_MARKER))
  const warned = warnings.filter((a) => a.message.includes(WARNED_MARKER))
  const first = [errors[0], depends[0], warned[0], warnings[0]].find((a) => a !== undefined)
  const shown = first ? line(first) : ''
  if (result.timedOut) return { actual: 'error', first: shown, error: 'the action did not finish (timed out)' }
  if (result.exitCode === 1) {
    return errors.length > 0 ? { actual: 'fail', first: shown } : { actual: 'error', first: shown, error: 'exit code 1 without an error annotation' }
  }
  if (result.exitCode !== 0) return { actual: 'error', first: shown, error: `exit code ${result.exitCode}` }
  if (errors.length > 0) return { actual: 'error', first: shown, error: 'exit code 0 with an error annotation' }
  if (depends.length > 0) return { actual: 'depends', first: shown }
  if (warned.length > 0) return { actual: 'warned', first: shown }
  return { actual: 'pass', first: shown }
}

type Agreement = 'agree' | 'false-reject' | 'false-accept' | 'soft' | 'other'

/**
 * false reject: labelled pass/depends, the action fails the job; false accept: labelled fail,
 * the action does not fail it (pass, or only a depends-on warning); soft: pass vs depends.
 * A conflict let through by `on-conflict: warn` agrees with `fail` when the label asks for warn.
 */
function agreement(expected: Verdict, actual: Actual, inputs: Record<string, string>): Agreement {
  if (actual === expected) return 'agree'
  if (actual === 'error') return 'other'
  if (actual === 'warned') return expected === 'fail' && inputs['on-conflict']?.trim() === 'warn' ? 'agree' : 'other'
  if (actual === 'fail') return 'false-reject'
  if (expected === 'fail') return 'false-accept'
  return 'soft'
}

// ---------------------------------------------------------------------------------------------
// Running one labelled job

/** Inputs that carry a credential: masked by the action before it prints anything. */
const CREDENTIAL_INPUTS = ['claude-code-oauth-token', 'anthropic-api-key', 'anthropic-auth-token', 'bedrock-api-key', 'foundry-api-key']
/** Job variables that hold a credential the action reads and masks itself. */
const CREDENTIAL_VARIABLES = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN']

interface Secrets {
  /** Must not be readable anywhere the runner publishes text. */
  all: string[]
  /** Must be registered with ::add-mask:: before the first other line. */
  maskedFirst: string[]
  /** Secrets that are not Claude credentials: the runner masks them itself (secrets.* the job uses). */
  runnerMasked: string[]
}

/** What the faked network hands out to a federation job: GitHub's OIDC token and the exchanged Anthropic token. */
const NETWORK = {
  assertion: `eyJhbGciOiJSUzI1NiJ9.${fakeToken('', 'corpus/oidc-body', 120)}.${fakeToken('', 'corpus/oidc-sig', 86)}`,
  exchanged: oauthToken('corpus/federation-exchanged'),
}
let network: NetworkFake | undefined

function secretsOf(plan: JobPlan): Secrets {
  const credentials = [
    ...CREDENTIAL_INPUTS.map((name) => plan.inputs[name] ?? ''),
    ...CREDENTIAL_VARIABLES.map((name) => plan.env[name] ?? ''),
  ].filter((value) => value.trim() !== '')
  const claude = plan.secrets.filter((s) => s.kind !== 'other').map((s) => s.value)
  return {
    all: [...new Set([...credentials, ...claude, ...(plan.inputs.method === 'federation' ? [NETWORK.assertion, NETWORK.exchanged] : [])])],
    maskedFirst: [...new Set(credentials)],
    runnerMasked: plan.secrets.filter((s) => s.kind === 'other').map((s) => s.value),
  }
}

async function runJob({ label, job, key }: (typeof labelled)[number]): Promise<Outcome> {
  const base = { key, file: label.file, job: job.job, expected: job.expected }
  const root = await mkdtemp(join(tmpdir(), 'claude-auth-corpus-'))
  try {
    const workspace = join(root, 'workspace')
    const home = join(root, 'home')
    const plan = planJob(label, job, workspace, network ? { oidcUrl: network.oidcUrl } : {})
    // A federation step exchanges GitHub's OIDC token at Anthropic's endpoint: the faked network.
    if (plan.inputs.method?.trim() === 'federation' && network) Object.assign(plan.env, network.env)
    const workflowPath = join(workspace, label.source.path)
    await mkdir(dirname(workflowPath), { recursive: true })
    await mkdir(join(workspace, '.git'), { recursive: true })
    await mkdir(home, { recursive: true })
    await writeFile(join(workspace, '.git', 'HEAD'), 'ref: refs/heads/main\n')
    await writeFile(workflowPath, plan.workflowText)
    for (const [relativePath, content] of Object.entries(plan.files)) await writeFile(join(workspace, relativePath), content)
    const eventPath = join(root, 'event.json')
    await writeFile(eventPath, JSON.stringify(plan.event))
    const { entry, nodeBinary, actionYml } = builtAction()
    const started = Date.now()
    const result = await runAction({
      inputs: plan.inputs,
      env: { ...plan.env, GITHUB_EVENT_PATH: eventPath },
      home,
      workspace,
      entry,
      nodeBinary,
      actionYml,
      jobSecrets: secretsOf(plan).runnerMasked,
      previouslyMasked: plan.previouslyMasked,
      // Not a timed assertion: only a bound, so that a hung run is reported instead of hanging the suite.
      timeoutMs: 120_000,
    })
    await result.cleanup()
    if (process.env.CORPUS_VERBOSE) console.log(`${key}: ${Date.now() - started} ms`)
    return { ...base, ...classify(result), plan, result }
  } catch (error) {
    return { ...base, actual: 'error', first: '', error: oneLine((error as Error).message) }
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await fn(items[index] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

// ---------------------------------------------------------------------------------------------
// Known mismatches

interface KnownMismatch {
  file: string
  job: string
  expected: Verdict
  actual: Actual
  reason: string
}

const ACTUALS: readonly Actual[] = [...VERDICTS, 'warned']

function readKnown(): { list: KnownMismatch[]; problems: string[] } {
  if (!existsSync(KNOWN_FILE)) return { list: [], problems: process.env.CORPUS_DIR ? [] : [`${shownDir}/known-mismatches.json is missing (an empty list is [])`] }
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(KNOWN_FILE, 'utf8'))
  } catch (error) {
    return { list: [], problems: [`known-mismatches.json is not valid JSON (${(error as Error).message})`] }
  }
  if (!Array.isArray(raw)) return { list: [], problems: ['known-mismatches.json must be an array'] }
  const problems: string[] = []
  const list: KnownMismatch[] = []
  raw.forEach((entry: Record<string, unknown>, i) => {
    const where = `known-mismatches.json[${i}]`
    const wrong =
      typeof entry !== 'object' || entry === null ? `${where} is not an object`
      : typeof entry.file !== 'string' || typeof entry.job !== 'string' ? `${where} needs file and job`
      : !VERDICTS.includes(entry.expected as Verdict) ? `${where}.expected must be one of ${VERDICTS.join(', ')}`
      : !ACTUALS.includes(entry.actual as Actual) ? `${where}.actual must be one of ${ACTUALS.join(', ')}`
      : entry.expected === entry.actual ? `${where}: expected and actual are the same`
      : typeof entry.reason !== 'string' || entry.reason.trim() === '' || /[\r\n]/.test(entry.reason) ? `${where}.reason must be one line`
      : list.some((k) => k.file === entry.file && k.job === entry.job) ? `${where}: ${entry.file}#${entry.job} is listed twice`
      : undefined
    if (wrong) problems.push(wrong)
    else list.push(entry as unknown as KnownMismatch)
  })
  return { list, problems }
}

const known = readKnown()

// ---------------------------------------------------------------------------------------------
// The summary printed once per run

function summaryTable(outcomes: Outcome[]): string {
  const columns: Actual[] = ['pass', 'depends', 'fail', 'warned', 'error']
  const count = (expected: Verdict, actual: Actual) => outcomes.filter((o) => o.expected === expected && o.actual === actual).length
  const pad = (text: string | number, width: number) => String(text).padStart(width)
  const lines = [
    `Corpus (${shownDir}): ${outcomes.length} labelled jobs in ${corpus.labels.length} files, run through the built action.`,
    `  label \\ action ${columns.map((c) => pad(c, 8)).join('')}   total`,
    ...VERDICTS.map((v) => `  ${v.padEnd(14)} ${columns.map((c) => pad(count(v, c), 8)).join('')} ${pad(outcomes.filter((o) => o.expected === v).length, 7)}`),
  ]
  const by = (kind: Agreement) => outcomes.filter((o) => agreement(o.expected, o.actual, o.plan?.job.inputs ?? {}) === kind)
  lines.push(
    `  agree: ${by('agree').length}; false rejects (label pass/depends, action fails): ${by('false-reject').length}; false accepts (label fail, action does not fail): ${by('false-accept').length}; soft (pass vs depends): ${by('soft').length}; other: ${by('other').length}`,
  )
  const disagreeing = outcomes.filter((o) => agreement(o.expected, o.actual, o.plan?.job.inputs ?? {}) !== 'agree')
  for (const o of disagreeing) {
    const listed = known.list.some((k) => k.file === o.file && k.job === o.job && k.expected === o.expected && k.actual === o.actual)
    lines.push(`  ${listed ? 'known' : 'NEW  '} ${o.key}: label ${o.expected}, action ${o.actual}${o.error ? ` (${o.error})` : ''}${o.first ? ` | ${o.first}` : ''}`)
    for (const step of o.plan?.earlierSteps ?? []) lines.push(`        earlier step ${step}`)
  }
  if (process.env.CORPUS_VERBOSE) {
    for (const o of outcomes) lines.push(`  ${o.key}: label ${o.expected}, action ${o.actual}: ${o.result?.annotations.map((a) => oneLine(`${a.level}: ${a.title}: ${a.message}`, 200)).join(' || ') ?? o.error}`)
  }
  const unknownExpressions = disagreeing.filter((o) => (o.plan?.unknown.length ?? 0) > 0)
  if (unknownExpressions.length > 0) {
    lines.push('  In disagreeing jobs, evaluated to "" (not known to the test; a label can give a value in `context`):')
    for (const o of unknownExpressions) lines.push(`    ${o.key}: ${o.plan!.unknown.join(', ')}`)
  }
  return lines.join('\n')
}

// ---------------------------------------------------------------------------------------------

let outcomes: Outcome[] = []

beforeAll(async () => {
  if (labelled.length > 0) network = await startNetworkFake(NETWORK)
  outcomes = await pool(labelled, CONCURRENCY, runJob)
  if (outcomes.length > 0) console.log(summaryTable(outcomes))
}, 30 * 60 * 1000)

afterAll(async () => {
  await network?.close()
})

describe('the real-workflow corpus through the built action', () => {
  test('every label file can be run (schema of conformance/corpus/README.md, job and step found)', () => {
    expect(corpus.problems).toEqual([])
  })

  test('known-mismatches.json is well formed', () => {
    expect(known.problems).toEqual([])
  })

  if (labelled.length === 0 && known.list.length === 0) {
    console.log(`Corpus (${shownDir}): no label files in ${shownDir}/labels, so no workflow of the corpus was run. Nothing is checked until labels are added.`)
    test.skip(`NO CORPUS: ${shownDir}/labels holds no label file; the corpus checks ran on nothing`, () => {})
    return
  }

  test.each(labelled.map((l) => l.key))('%s: a clean run (masked first, nothing unmasked, no stack trace, no internal error)', (key) => {
    const outcome = outcomes.find((o) => o.key === key)!
    if (!outcome.result || !outcome.plan) throw new Error(`${key} did not run: ${outcome.error}`)
    const secrets = secretsOf(outcome.plan)
    expectCleanRun({ result: outcome.result } as ScenarioRun, { secrets: secrets.all, maskedFirst: secrets.maskedFirst })
    const texts = [...outcome.result.log, outcome.result.summary, ...outcome.result.annotations.map((a) => `${a.title ?? ''} ${a.message}`)]
    expect(texts.filter((text) => /internal error/i.test(text))).toEqual([])
    expect(outcome.error).toBeUndefined()
    // The run judged the workflow it was given: the action found its own step in the file.
    expect(outcome.result.annotations.filter((a) => a.title === 'Later steps not checked').map((a) => a.message)).toEqual([])
    if (outcome.result.exitCode === 0) expect(outcome.result.outputs['later-steps']).toMatch(/^\[/)
  })

  test('every verdict agrees with its label, or is listed in known-mismatches.json', () => {
    const disagreements = outcomes.filter((o) => agreement(o.expected, o.actual, o.plan?.job.inputs ?? {}) !== 'agree')
    const isListed = (o: Outcome) => known.list.some((k) => k.file === o.file && k.job === o.job && k.expected === o.expected && k.actual === o.actual)
    const unlisted = disagreements.filter((o) => !isListed(o))
    const stale = known.list.filter((k) => !disagreements.some((o) => o.file === k.file && o.job === k.job && o.expected === k.expected && o.actual === k.actual))
    const message: string[] = []
    if (unlisted.length > 0) {
      message.push(
        `${unlisted.length} disagreement(s) not in known-mismatches.json. Fix the action, or (after checking the label against the facts) add, with a one-line reason:`,
        JSON.stringify(
          unlisted.map((o) => ({ file: o.file, job: o.job, expected: o.expected, actual: o.actual, reason: `action says: ${o.error ?? o.first}` })),
          null,
          2,
        ),
      )
    }
    if (stale.length > 0) {
      message.push(
        `${stale.length} entr(y/ies) of known-mismatches.json no longer disagree this way; remove them:`,
        ...stale.map((k) => {
          const now = outcomes.find((o) => o.file === k.file && o.job === k.job)
          return `  ${k.file}#${k.job}: listed ${k.expected} vs ${k.actual}, now ${now ? `label ${now.expected}, action ${now.actual}` : 'not labelled'}`
        }),
      )
    }
    if (message.length > 0) throw new Error(message.join('\n'))
  })
})
