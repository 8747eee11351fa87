// Compares what the user intends with what the CLI will send, and decides
// what to export, what to report and whether the run may go on. Pure.
//
// The intended setup is correct only when, for every CLI version we support
// (READINGS), the intended credential is what the CLI sends and nothing else
// is. Each finding is derived by explain.ts from the resolver's answer with
// and without the source in question.

import { sentFingerprint } from '../common/fingerprint.js'
import { hasErrors, type Problem } from '../common/problems.js'
import { withFix } from '../engine/fixes.js'
import { SHORTEST_CREDENTIAL } from '../inputs/credential-shape.js'
import { providerProblems, SETUP_GAP_RULES } from './providers.js'
import type { Inputs } from '../inputs/inputs.js'
import type { CliWorld, Origin, StepRef, WireResult } from '../resolve/model.js'
import { effectiveEnv } from '../resolve/resolve.js'
import { ENV_CREDENTIALS, RULES, isReadVariable } from '../resolve/rules.js'
import type { Scan } from '../scan/scan.js'
import { READINGS, explain, isJobLevel, sameSuspect, type Offender, type Reading } from './explain.js'
import { intendedSetup, type Export, type IntendedSetup } from './intended.js'
import { bareInputProblem, conflictProblem, unexplainedProblem, whitespaceProblem, type Resolution } from './messages.js'
import { NO_PLACES, type Places } from './places.js'
import type { LaterSteps } from './later-steps.js'
import { sourceRows, type SourceRow } from './rows.js'

export type { Export } from './intended.js'
export type { Reason } from './explain.js'
export type { Resolution } from './messages.js'

export interface Conflict extends Offender {
  resolution: Resolution
  /** Versions whose reading makes it a conflict, when not every supported one. */
  onlyIn?: string[]
  /** The later step whose own settings make it a conflict. */
  step?: StepRef
}

export interface Decision {
  ok: boolean
  intended: IntendedSetup
  /** What to write to GITHUB_ENV: nothing when the run fails. */
  exports: Export[]
  /** What this action writes when the run goes on: later steps are judged with these. */
  planned: Export[]
  conflicts: Conflict[]
  problems: Problem[]
  rows: SourceRow[]
  bareCompatible: boolean
  /** What the CLI will send after the exports, under the newest version's reading. */
  wire: WireResult
  /** Where later steps' requests go, settings files included; undefined for the default. */
  baseUrl?: string
  /** The variables this action set to empty, by name. */
  cleared: string[]
  /** The later steps of the job, when they were judged. */
  laterSteps?: LaterSteps
}

/** Only a variable that lives in the job environment can be overridden through GITHUB_ENV. */
export const canNeutralise = (origin: Origin): boolean => origin.kind === 'process-env'

export function worldAfter(scan: Scan, exports: readonly Export[], bare: boolean, reading: Reading): CliWorld {
  const env: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(scan.env)) if (isReadVariable(name)) env[name] = value
  for (const { name, value } of exports) env[name] = value
  return {
    env,
    exported: exports.map(({ name }) => name),
    settings: scan.settings,
    credentialsFile: scan.credentialsFile,
    primaryApiKey: scan.primaryApiKey,
    ...(scan.awsFiles ? { awsFiles: scan.awsFiles } : {}),
    bare,
    whitespaceOnlyIsPresent: reading.whitespaceOnlyIsPresent,
    cliVersion: reading.version,
  }
}

const baseUrlOf = (world: CliWorld): string => effectiveEnv({ ...world, settings: [] }).get(RULES.baseUrl)?.value.trim() ?? ''

interface Evaluation {
  /** Offenders, each with the readings it appears in. */
  offenders: (Offender & { readings: string[] })[]
  correct: boolean
  /** The newest reading's wire. */
  wire: WireResult
  /** Every reading's wire, oldest first. */
  wires: WireResult[]
}

/** Reasons that say what a version does not do with a source; a version that sends it says more. */
const isWeak = (reason: Offender['reason']): boolean => reason === 'inert' || reason === 'versions-differ'

/** One world per reading, explained; offenders merged across readings. */
export function evaluateWorlds(worlds: readonly CliWorld[], intended: IntendedSetup, expectedBaseUrl: string): Evaluation {
  const offenders: Evaluation['offenders'] = []
  let correct = true
  const wires: WireResult[] = []
  worlds.forEach((world, i) => {
    const explained = explain(world, intended, expectedBaseUrl)
    wires.push(explained.wire)
    correct &&= explained.correct
    for (const offender of explained.offenders) {
      const known = offenders.find((o) => sameSuspect(o, offender))
      // The newest reading's reason wins (the version most users run), unless it only calls the
      // source unused (or ignored by that version) while another version sends it: then that
      // version is the one to name.
      if (known && isWeak(offender.reason) && !isWeak(known.reason)) continue
      if (known && isWeak(known.reason) && !isWeak(offender.reason)) Object.assign(known, { reason: offender.reason, readings: [READINGS[i].version] })
      else if (known) Object.assign(known, { reason: offender.reason, readings: [...known.readings, READINGS[i].version] })
      else offenders.push({ ...offender, readings: [READINGS[i].version] })
    }
  })
  return { offenders, correct, wire: wires[wires.length - 1], wires }
}

function evaluate(scan: Scan, intended: IntendedSetup, exports: readonly Export[], bare: boolean): Evaluation {
  const worlds = READINGS.map((reading) => worldAfter(scan, exports, bare, reading))
  return evaluateWorlds(worlds, intended, baseUrlOf(worlds[worlds.length - 1]))
}

const onlyIn = (readings: string[]): string[] | undefined => (readings.length < READINGS.length ? readings : undefined)

/** Judges the later steps once this step's exports are known (see later-steps.ts). */
export type LaterJudge = (intended: IntendedSetup, planned: readonly Export[], jobConflicts: readonly Conflict[], jobCorrect: boolean) => LaterSteps

export interface DecideOptions {
  /** The later steps of the job, when the workflow was read. */
  later?: LaterJudge
  /** Something outside this stage fails the run (a failed live check): nothing is exported, nothing cleared. */
  failed?: boolean
  /** `false`: no source rows (the static audit has no table of sources to show). */
  rows?: boolean
}

export function decide(inputs: Inputs, scan: Scan, places: Places = NO_PLACES, options: DecideOptions = {}): Decision {
  const intended = intendedSetup(inputs, scan.settings, scan.env)
  const inputName = intended.input ?? 'method'
  const exports: Export[] = [...intended.exports]

  // Clearing one variable can uncover the next source in line (an API key
  // hiding primaryApiKey, say), so clear until nothing new appears. Each
  // cleared variable keeps the reason it had when it was found.
  const first = evaluate(scan, intended, exports, inputs.bare)
  let evaluation = first
  const cleared: Conflict[] = []
  while (inputs.onConflict === 'unset') {
    // A credential only some versions read is the user's own: clearing it would not make them agree on it.
    const fresh = evaluation.offenders.filter((o) => canNeutralise(o.origin) && o.reason !== 'versions-differ' && !exports.some((e) => e.name === o.name))
    if (fresh.length === 0) break
    for (const offender of fresh) {
      exports.push({ name: offender.name, value: '', why: 'neutralise' })
      cleared.push({ ...offender, resolution: 'unset', onlyIn: onlyIn(offender.readings) })
    }
    evaluation = evaluate(scan, intended, exports, inputs.bare)
  }

  const oauthKind = intended.method === 'oauth-token' || intended.method === 'federation' || intended.method === 'login'
  const bareProblem = inputs.bare && oauthKind && !evaluation.correct ? bareInputProblem(intended.words) : undefined
  let setupProblems = intended.provider
    ? providerProblems(intended, evaluation.wires.map((wire, i) => ({ version: READINGS[i].version, wire })), scan, places)
    : []
  const blocking = evaluation.offenders.filter((o) => o.reason !== 'inert')
  const jobConflicts = evaluation.offenders.map((o) => ({ ...o, resolution: 'failed' as const }))
  let laterSteps = options.later?.(intended, exports, jobConflicts, evaluation.correct)
  // A step's own setup counts: when every later Claude step sets for itself what the job's
  // provider setup lacks (a project, a region, a credential), the job's gaps do not apply, and
  // the steps are judged as if the job's setup were whole.
  const claudeSteps = laterSteps?.lines.filter((l) => l.runsClaude) ?? []
  const stepsSupply =
    intended.provider !== undefined && blocking.length === 0 && claudeSteps.length > 0 && claudeSteps.every((l) => !l.setupStops) && setupProblems.some((p) => p.severity === 'error' && isSetupGap(p))
  if (stepsSupply) {
    setupProblems = setupProblems.filter((p) => !isSetupGap(p))
    laterSteps = options.later?.(intended, exports, jobConflicts, true)
  }
  const jobCorrect = evaluation.correct || stepsSupply
  const explainedBySetup = hasErrors(setupProblems)
  const unexplained = !jobCorrect && blocking.length === 0 && !bareProblem && !explainedBySetup ? unexplainedProblem(intended, inputName) : undefined
  const jobOk = !bareProblem && !unexplained && !explainedBySetup && (jobCorrect || inputs.onConflict === 'warn')
  const laterFails = (laterSteps?.conflicts ?? []).some((c) => c.resolution === 'failed')
  const ok = jobOk && !laterFails && !options.failed

  // When the run fails nothing is exported, so the world later steps see is
  // the first one: report its offenders, all failed.
  const conflicts: Conflict[] = ok
    ? [
        ...cleared,
        ...evaluation.offenders.map((o) => ({ ...o, resolution: remainingResolution(o, inputs), onlyIn: onlyIn(o.readings) })),
      ]
    : jobOk
      ? // Failed for another reason: nothing is exported, so nothing was cleared.
        [...cleared.map((c) => ({ ...c, resolution: failedResolution(c) })), ...evaluation.offenders.map((o) => ({ ...o, resolution: failedResolution(o), onlyIn: onlyIn(o.readings) }))]
      : mergeFailed(first.offenders, evaluation.offenders)

  const finalExports = ok ? exports : []
  const problems: Problem[] = conflicts.map((c) =>
    conflictProblem({ ...c, fingerprint: printOf(c.value), exposed: isExposed(scan, c) }, intended, places, inputName),
  )
  for (const extra of [bareProblem, unexplained]) if (extra) problems.push(extra)
  problems.push(...setupProblems)
  if (laterSteps) problems.push(...laterSteps.problems)
  problems.push(...whitespaceWarnings(scan, conflicts, places))

  const rowExports = ok ? exports : intended.exports
  const newest = READINGS[READINGS.length - 1]
  return {
    ok,
    intended,
    exports: finalExports,
    planned: exports,
    conflicts: [...conflicts, ...(laterSteps?.conflicts ?? [])],
    ...(laterSteps ? { laterSteps } : {}),
    problems,
    rows: options.rows === false ? [] : sourceRows({
      scan,
      intended,
      exports: rowExports,
      before: worldAfter(scan, intended.exports, inputs.bare, newest),
      after: worldAfter(scan, rowExports, inputs.bare, newest),
      conflicts,
      cleared: ok ? cleared.map((c) => c.name) : [],
    }),
    bareCompatible: evaluate(scan, intended, exports, true).correct,
    wire: evaluation.wire,
    baseUrl: effectiveEnv(worldAfter(scan, exports, inputs.bare, newest)).get(RULES.baseUrl)?.value.trim() || undefined,
    cleared: ok ? cleared.map((c) => c.name) : [],
  }
}

const isSetupGap = (p: Problem): boolean => p.rule !== undefined && SETUP_GAP_RULES.includes(p.rule)

/** A credential in a settings file that git tracks: anyone who can read the repository has it. */
const isExposed = (scan: Scan, c: Conflict): boolean =>
  c.origin.kind === 'settings-env' && scan.exposedFiles.includes(c.origin.path) && (ENV_CREDENTIALS as readonly string[]).includes(c.name)

/** A failed run: everything found before and after clearing, once, all failed (an unused credential only warned). */
function mergeFailed(...lists: Evaluation['offenders'][]): Conflict[] {
  const merged: Conflict[] = []
  for (const offender of lists.flat()) {
    if (!merged.some((m) => sameSuspect(m, offender))) merged.push({ ...offender, resolution: failedResolution(offender), onlyIn: onlyIn(offender.readings) })
  }
  return merged
}

/** An unused first-party credential next to a provider never fails the run: it is only worth removing. */
const failedResolution = (o: Offender): Resolution => (o.reason === 'inert' ? 'warned' : 'failed')
const remainingResolution = (o: Offender, inputs: Inputs): Resolution => (o.reason === 'inert' || inputs.onConflict === 'warn' ? 'warned' : 'failed')

function whitespaceWarnings(scan: Scan, conflicts: readonly Conflict[], places: Places): Problem[] {
  return whitespaceOnlyCredentials(scan, conflicts).map((v) => withFix(whitespaceProblem(v.name, v.origin, places), v.name, v.origin))
}

/**
 * First-party credentials set to whitespace only, that are not already a
 * conflict: the oldest supported version sends them, newer ones ignore them.
 * The action and the doctor each word them for their own reader.
 */
export function whitespaceOnlyCredentials(scan: Scan, conflicts: readonly Conflict[]): { name: string; origin: Origin }[] {
  const env = effectiveEnv(worldAfter(scan, [], false, READINGS[0]))
  return ENV_CREDENTIALS.flatMap((name) => {
    const variable = env.get(name)
    if (!variable || variable.value === '' || variable.value.trim() !== '') return []
    return conflicts.some((c) => sameSuspect(c, variable)) ? [] : [{ name, origin: variable.origin }]
  })
}

/** The fingerprint of what the CLI sends (the value trimmed); none for a value short enough to be guessed back from it. */
export const printOf = (value: string | undefined): string | undefined =>
  value === undefined || value.trim().length < SHORTEST_CREDENTIAL || value.includes('\u0000') ? undefined : sentFingerprint(value)

export { isJobLevel }
