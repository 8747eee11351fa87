// The engine: one pure function from a setup (what is intended) and a world
// (environment, files, the running workflow's later steps, what the live
// check found) to the judgement: every finding, what the CLI will send, the
// later steps' rows and the verdict. The action's front end (src/action/,
// wired by src/main.ts) builds setup and world from its inputs and the
// runner, then renders (src/report/); the doctor's (src/doctor/) builds them
// from the shell. Nothing here reads a file, the clock or the network.
//
// Every finding is a Problem (src/common/problems.ts): rule id, severity,
// certainty (`dependsOn`), place (`where`, `at`), fix, and `apply` when the
// fix is mechanical (src/engine/fixes.ts). The summary and `later-steps`
// rows are the decision's, computed from the same findings: a step is `ok`
// only when no finding concerns it.

import { sentFingerprint } from '../common/fingerprint.js'
import { hasErrors, type Problem } from '../common/problems.js'
import { decide, type Decision, type LaterJudge } from '../decide/decide.js'
import type { Places } from '../decide/places.js'
import type { Inputs } from '../inputs/inputs.js'
import type { Scan } from '../scan/scan.js'

/** What is intended: the action's inputs as read, and what a keyless method brought. */
export interface Setup {
  /** Undefined when the inputs could not be read (their problems say why). */
  inputs?: Inputs
  /** What reading the inputs found: a misspelt input, a credential of the wrong shape, a missing one. */
  inputProblems: Problem[]
  /** What a keyless method brought (an exchange, a helper run, a login file): its findings and its credential. */
  keyless?: { problems: Problem[]; secret?: string }
}

/** What Claude Code will find. Parts not read yet are absent: the engine judges what it is given. */
export interface World {
  /** `working-directory` names no folder: nothing else can be read. */
  missingDirectory?: Problem
  /** The environment and every file the CLI reads. */
  scan?: Scan
  /** How findings name places. */
  places?: Places
  /** The runner's state: no checkout yet. */
  checkout?: Problem[]
  /** The running workflow: not read (and why), or its broken expressions. */
  workflow?: Problem[]
  /** The later steps of the job, when the workflow was read. */
  later?: LaterJudge
  /** What the live check found, once it ran. */
  checks?: Problem[]
}

export interface Judgement {
  ok: boolean
  /** Every finding, in the order a reader meets them. */
  findings: Problem[]
  /** The decision (exports, conflicts, rows, what is sent, later steps), once the world was read. */
  decision?: Decision
  /** Fingerprint of what the CLI sends (the value trimmed); empty without a credential value. */
  fingerprint: string
  /** The judgement is final before the rest of the world is read (bad inputs, no directory, a keyless method that failed). */
  stopped: boolean
}

const stop = (findings: Problem[]): Judgement => ({ ok: false, findings, fingerprint: '', stopped: true })

export function judge(setup: Setup, world: World): Judgement {
  const { inputs, inputProblems } = setup
  // An input that cannot be right is the finding to fix first: the rest is judged once it is.
  if (!inputs || hasErrors(inputProblems)) return stop(inputProblems)
  if (world.missingDirectory) return stop([...inputProblems, world.missingDirectory])
  const found = world.scan
  if (!found) return { ok: false, findings: inputProblems, fingerprint: '', stopped: false }
  const keyless = setup.keyless ?? { problems: [] }
  if (hasErrors(keyless.problems)) return stop([...inputProblems, ...found.problems, ...keyless.problems])

  let decision = decide(inputs, found, world.places, { later: world.later })
  const before = [...inputProblems, ...found.problems, ...(world.checkout ?? []), ...keyless.problems, ...(world.workflow ?? [])]
  const checks = world.checks ?? []
  const ok = decision.ok && !hasErrors([...before, ...checks])
  // Failed after all: nothing is exported, so nothing may be reported as cleared.
  if (!ok && decision.ok) decision = decide(inputs, found, world.places, { later: world.later, failed: true })
  const secret = inputs.credential?.value ?? keyless.secret ?? inputs.provider?.exports.find((e) => e.secret)?.value
  return { ok, findings: [...before, ...decision.problems, ...checks], decision, fingerprint: secret ? sentFingerprint(secret) : '', stopped: false }
}
