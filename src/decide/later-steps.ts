// The later steps of the job, judged through the same resolver as this
// step: the world of a later step's `claude` is the job environment, plus
// this action's exports, plus GITHUB_ENV writes by the steps between, plus
// the step's own `env:` (it wins over all of those), plus what its script
// sets before the command, plus the command's own flags. Pure.

import type { Problem } from '../common/problems.js'
import { PROVIDER_WORDS } from '../common/provider-words.js'
import type { Inputs } from '../inputs/inputs.js'
import type { CliWorld, Origin, SettingsFile, StepRef, WireResult } from '../resolve/model.js'
import { RULES, isReadVariable } from '../resolve/rules.js'
import type { Scan } from '../scan/scan.js'
import type { Knowledge } from '../scan/workflow/expression.js'
import type { Assignment, StepModel, Unset, WorkflowModel, WorkflowValue } from '../scan/workflow/model.js'
import type { Conflict } from './decide.js'
import { evaluateWorlds } from './decide.js'
import { READINGS, sameSuspect, type Offender, type Reading } from './explain.js'
import type { Export, IntendedSetup } from './intended.js'
import { combinations, conditionOf, dependsOnProblem, ifText, notReadProblem, settingsUnreadProblem, sourcedProblem, wrappedUnreadProblem, type Choice, type Condition } from './certainty.js'
import { conflictProblem, unknownClaudeActionRefProblem } from './messages.js'
import { subject, type Places } from './places.js'
import { setupStops } from './providers.js'
import { ownValues, settingsValue } from './same-value.js'

/** A value only known once the step runs (`${{ secrets.X }}`, `$KEY`): present, never printed or fingerprinted. */
export const UNKNOWN_VALUE = '\u0000set when the step runs\u0000'

/** Names whose value decides something even when it is not a credential: treated as on when unknown. */
const SWITCHES = new Set<string>([...RULES.providers.map(([, flag]) => flag), RULES.bareFlag])

/** Variables whose presence in a step that does not run Claude Code is worth a line of information. */
const CREDENTIAL_NAMES = new Set<string>([
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR',
  'CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR',
  ...SWITCHES,
])

/** Variables of this step only, never seen by a later one. */
const STEP_ONLY = /^(INPUT_|GITHUB_ACTION$|GITHUB_ACTION_PATH$|GITHUB_ACTION_REF$|GITHUB_ACTION_REPOSITORY$|GITHUB_STEP_SUMMARY$|GITHUB_ENV$|GITHUB_OUTPUT$|GITHUB_STATE$|GITHUB_PATH$)/

export interface LaterStepLine {
  step: string
  line: number
  runsClaude: boolean
  /** `depends`: a finding holds only for some values this step cannot know (see certainty.ts). */
  verdict: 'ok' | 'conflict' | 'warned' | 'info' | 'depends'
  detail: string
  /** Its provider setup stops Claude Code (providers.ts setupStops): what the job lacks, the step does not set for itself. */
  setupStops?: true
}

export interface LaterSteps {
  lines: LaterStepLine[]
  conflicts: Conflict[]
  problems: Problem[]
}

export interface LaterContext {
  workflow: WorkflowModel
  /**
   * Settings files a later step passes with `claude --settings` (or a Claude
   * action's `settings` input), read by the scan stage, keyed by
   * `settingsKey(step, text)`; absent when the file could not be read.
   */
  settings: ReadonlyMap<string, SettingsFile>
  /** What this run can know of expressions (the event payload, a dispatch's inputs); absent: nothing. */
  known?: Knowledge
  /** Lines of the workflow file holding a broken expression (scan/workflow/broken.ts): their own findings, not conflicts as well. */
  brokenLines?: ReadonlySet<number>
}

export const settingsKey = (step: StepModel, text: string): string => `${step.index}\u0000${text}`

interface Definition {
  value: string | undefined
  origin: Origin
}

/** An environment built layer by layer, keeping where each value came from. */
class Env {
  readonly values = new Map<string, Definition>()
  set(name: string, value: string | undefined, origin: Origin) {
    this.values.set(name, { value, origin })
  }
  world(base: Omit<CliWorld, 'env' | 'origins' | 'exported' | 'whitespaceOnlyIsPresent' | 'cliVersion'>, reading: Reading): CliWorld {
    const env: Record<string, string | undefined> = {}
    const origins: Record<string, Origin> = {}
    const exported: string[] = []
    for (const [name, { value, origin }] of this.values) {
      if (value === undefined) continue
      env[name] = value
      if (origin.kind === 'action-export') exported.push(name)
      else if (origin.kind !== 'process-env') origins[name] = origin
    }
    return { ...base, env, origins, exported, whitespaceOnlyIsPresent: reading.whitespaceOnlyIsPresent, cliVersion: reading.version }
  }
  copy(): Env {
    const copy = new Env()
    for (const [name, definition] of this.values) copy.values.set(name, definition)
    return copy
  }
}

/** One `claude` a later step runs (or a Claude action it uses), and the world it sees under a reading. */
export interface LaterWorld {
  /** The `claude` command's line, or the step's for a Claude action. */
  line: number
  world(reading: Reading): CliWorld
}

export interface LaterStepWorlds {
  step: StepModel
  ref: StepRef
  /** Empty when the step does not run Claude Code. */
  worlds: LaterWorld[]
  /** Its worlds depend on how the unknown conditions are taken (here or in a GITHUB_ENV write before it): absent, they are the same in every way. */
  onChoice?: true
}

/**
 * The world of every `claude` in every later step: the job environment
 * (this step's own `env:` removed), this action's exports, GITHUB_ENV writes
 * by the steps between, the step's own `env:`, what its script sets before
 * the command, and the command's flags. Pure; the conformance suite runs the
 * real CLI in the same worlds.
 */
export function laterStepWorlds(
  context: LaterContext,
  scan: Scan,
  inputs: Pick<Inputs, 'bare' | 'provider' | 'federation'>,
  intended: IntendedSetup,
  exports: readonly Export[],
  /** How each unknown condition is taken (absent: on), and where the conditions met are collected. */
  choice: Choice = { values: new Map(), seen: new Map() },
  /**
   * Only these steps (their indices in `workflow.later`) get worlds; the others come back with
   * none, their GITHUB_ENV writes still applied. Which conditions a step reads does not depend on
   * how they are taken, so a step without `onChoice` in one reading has none in any.
   */
  only?: ReadonlySet<number>,
): LaterStepWorlds[] {
  const { workflow } = context
  const file = workflow.path
  const own = ownValues(workflow.self, [...exports, ...federationValues(inputs)], ownSources(intended, inputs))
  // A variable a GITHUB_ENV write between this step and the one judged has set: `${{ env.X }}` reads that write.
  const rewritten = (name: string) => {
    const origin = job.values.get(name)?.origin
    return origin?.kind === 'github-env-write' && origin.sameAsIntended !== true
  }

  /**
   * The text the CLI would see for a value written in the workflow; `same`: it is this
   * action's own value (same-value.ts). An expression on what this action knows (its own
   * secrets) has a value; so has one this run can know (the event, a dispatch's inputs).
   * One that decides a switch (or a credential from `inputs`, `steps`, `needs`, `matrix`,
   * `vars`) is a condition, taken on or off as `choice` says.
   */
  const textOf = (name: string, value: WorkflowValue, where?: { step: StepModel; line: number; flag?: boolean; label?: string }): { text: string; same: boolean } => {
    const mine = own.same(name, value, rewritten)
    if (mine) return { text: mine.value, same: true }
    if (value.kind === 'literal') return { text: value.text, same: false }
    const decided = own.decided(value, rewritten)
    if (decided !== undefined) return textOf(name, { kind: 'literal', text: where?.flag ? flagValue(decided) : decided })
    const isSwitch = SWITCHES.has(name)
    const condition = conditionOf(value, isSwitch, context.known)
    if (condition.known !== undefined) return { text: where?.flag ? flagValue(condition.known) : condition.known, same: false }
    if (!condition.key) return { text: isSwitch ? '1' : UNKNOWN_VALUE, same: false }
    if (!choice.seen.has(condition.key) && where) choice.seen.set(condition.key, { key: condition.key, text: condition.text, name: where.label ?? name, step: where.step.label, line: where.line, isSwitch })
    taken++
    const on = choice.values.get(condition.key) ?? true
    return { text: on ? (isSwitch ? '1' : UNKNOWN_VALUE) : '', same: false }
  }

  /** A settings file of a later step, its `env` values read as the workflow writes them. */
  const ownSettings = (file: SettingsFile | undefined): SettingsFile | undefined => {
    if (!file) return undefined
    const env: Record<string, string> = {}
    const same: string[] = []
    for (const [name, raw] of Object.entries(file.env)) {
      const value = textOf(name, settingsValue(raw, file.inline === true))
      env[name] = value.text
      if (value.same) same.push(name)
    }
    return { ...file, env, ...(same.length > 0 ? { sameAsIntended: same } : {}) }
  }

  // How often a condition's choice was read: a step whose worlds read none is the same in every way.
  let taken = 0
  let jobOnChoice = false
  const job = new Env()
  // Only what the resolver reads: the runner's hundred other variables would be copied into every world.
  for (const [name, value] of Object.entries(scan.env)) {
    if (value !== undefined && isReadVariable(name) && !STEP_ONLY.test(name)) job.set(name, value, { kind: 'process-env' })
  }
  // This step's own `env:` is not the job's: later steps see the job's value (when the file says what it is).
  for (const name of Object.keys(workflow.self.env)) {
    const declared = workflow.job.env[name] ?? workflow.env[name]
    job.set(name, declared?.value.kind === 'literal' ? declared.value.text : undefined, { kind: 'process-env' })
  }
  for (const { name, value } of exports) job.set(name, value, { kind: 'action-export' })

  const result: LaterStepWorlds[] = []
  for (const [position, step] of workflow.later.entries()) {
    const ref: StepRef = { index: step.index, label: step.label }
    const takenBefore = taken
    const at = (line: number) => ({ file, line })
    if (only && !only.has(position)) {
      result.push({ step, ref, worlds: [] })
      applyGithubEnvWrites(step, ref)
      continue
    }
    const stepEnv = job.copy()
    for (const assignment of Object.values(step.env)) {
      const { text, same } = textOf(assignment.name, assignment.value, { step, line: assignment.line })
      stepEnv.set(assignment.name, text, stepEnvOrigin(ref, at(assignment.line), assignment, same))
    }
    const worlds: LaterWorld[] = []
    const add = (env: Env, bare: boolean, bareAt: Origin | undefined, settings: SettingsFile[], line: number) => {
      const base = { settings, credentialsFile: scan.credentialsFile, primaryApiKey: scan.primaryApiKey, bare: inputs.bare || bare, ...(bareAt ? { bareSource: bareAt } : {}) }
      worlds.push({ line, world: (reading) => env.world(base, reading) })
    }
    if (step.claudeAction) {
      const action = step.claudeAction
      const env = stepEnv.copy()
      for (const variable of action.env) {
        if (variable.value.kind === 'from-env') continue
        const { text, same } = textOf(variable.name, variable.value, { step, line: variable.line, ...(variable.flag ? { flag: true } : {}), ...(variable.input ? { label: `input \`${variable.input}\`` } : {}) })
        // `inputs.x || env.X`: an input that turns out empty leaves the step's own variable.
        if (variable.orEnv && text === '') continue
        env.set(variable.name, text, {
          kind: 'claude-action',
          step: ref,
          at: at(variable.line),
          ...(variable.input ? { input: variable.input } : {}),
          ...(same ? { sameAsIntended: true } : {}),
          ...(variable.blanked ? { blanked: true } : {}),
          release: action.release.name,
          envFallback: action.release.envFallback,
        })
      }
      // `claude_env` lines are spread over everything else when the action spawns the CLI.
      for (const line of action.claudeEnv ?? []) {
        const { text, same } = textOf(line.name, line.value, { step, line: line.line, label: '`claude_env`' })
        env.set(line.name, text, { kind: 'claude-action', step: ref, at: at(line.line), input: 'claude_env', ...(same ? { sameAsIntended: true } : {}), release: action.release.name, envFallback: action.release.envFallback })
      }
      const settings = [...scan.settings]
      const fromInput = ownSettings(action.settings ? context.settings.get(settingsKey(step, action.settings.value.text)) : undefined)
      if (fromInput) settings.push(fromInput)
      const flag = ownSettings(action.settingsFlag !== undefined ? context.settings.get(settingsKey(step, action.settingsFlag)) : undefined)
      if (flag) settings.push(flag)
      add(env, action.bare, action.bare ? argvOrigin(ref, at(step.line)) : undefined, settings, step.line)
    }
    for (const invocation of step.claude) {
      const env = invocation.clearsEnv ? clearedEnv(exports, argvOrigin(ref, at(invocation.line)), stepEnv, invocation.keeps ?? []) : stepEnv.copy()
      for (const change of [...invocation.scriptEnv, ...invocation.prefix]) applyScript(env, change, ref, file, (name, value) => textOf(name, value, { step, line: change.line }))
      const settings = [...scan.settings]
      const flag = ownSettings(invocation.settings !== undefined ? context.settings.get(settingsKey(step, invocation.settings)) : undefined)
      if (flag) settings.push(flag)
      add(env, invocation.bare, invocation.bare ? argvOrigin(ref, at(invocation.line)) : undefined, settings, invocation.line)
    }
    result.push({ step, ref, worlds, ...(jobOnChoice || taken > takenBefore ? { onChoice: true as const } : {}) })
    applyGithubEnvWrites(step, ref)
  }
  return result

  /** A GITHUB_ENV write reaches every step after this one. */
  function applyGithubEnvWrites(step: StepModel, ref: StepRef) {
    const takenBeforeWrites = taken
    for (const write of step.githubEnvWrites) {
      const { text, same } = textOf(write.name, write.value, { step, line: write.line })
      job.set(write.name, text, { kind: 'github-env-write', step: ref, at: { file, line: write.line }, ...(same ? { sameAsIntended: true } : {}) })
    }
    if (taken > takenBeforeWrites) jobOnChoice = true
  }
}

export function judgeLaterSteps(
  context: LaterContext,
  scan: Scan,
  inputs: Inputs,
  places: Places,
  intended: IntendedSetup,
  exports: readonly Export[],
  jobConflicts: readonly Conflict[],
  /** This step's own world is right: otherwise its findings (bare mode, a provider setup) already explain later steps. */
  jobCorrect = true,
): LaterSteps {
  const lines: LaterStepLine[] = []
  const conflicts: Conflict[] = []
  const expectedBaseUrl = (exports.find((e) => e.name === RULES.baseUrl)?.value ?? scan.env[RULES.baseUrl] ?? '').trim()
  const resolution = inputs.onConflict === 'warn' ? 'warned' : 'failed'
  const problems: Problem[] = []

  // Every later step judged once per way the conditions this run cannot know can go:
  // a conflict found in every way is certain; one found in only some depends on them.
  const first: Choice = { values: new Map(), seen: new Map() }
  const firstWorlds = laterStepWorlds(context, scan, inputs, intended, exports, first)
  const conditions = [...first.seen.values()]
  const ways = combinations(conditions.map((c) => c.key))
  // The first way takes every condition on, as the first reading did: its worlds are those. A step
  // whose worlds read no condition is the same in every way: judged once.
  const judge = (w: LaterStepWorlds) => judgeStep(w, context, intended, places, expectedBaseUrl, jobConflicts, jobCorrect, resolution, { intended: intended.provider, scan })
  const firstJudged = firstWorlds.map(judge)
  const onChoice = new Set(firstWorlds.flatMap((w, i) => (w.onChoice ? [i] : [])))
  const judgedWays = ways.map((values) => {
    if ([...values.values()].every(Boolean)) return firstJudged
    const worlds = laterStepWorlds(context, scan, inputs, intended, exports, { values, seen: new Map() }, onChoice)
    return worlds.map((w, i) => (onChoice.has(i) ? judge(w) : firstJudged[i]!))
  })

  // A broken expression is its own finding (scan/workflow/broken.ts): not a conflict as well.
  const brokenLines = context.brokenLines ?? new Set<number>()
  const isBroken = (c: Conflict) => 'at' in c.origin && c.origin.at !== undefined && c.origin.at.file === context.workflow.path && brokenLines.has(c.origin.at.line)

  firstWorlds.forEach(({ step, worlds }, index) => {
    const start = problems.length
    judgeOne(step, worlds, index)
    // Every finding of this step names it: its row is `ok` only when none does.
    for (let i = start; i < problems.length; i++) problems[i] = { ...problems[i]!, step: step.label }
  })
  function judgeOne(step: (typeof firstWorlds)[number]['step'], worlds: (typeof firstWorlds)[number]['worlds'], index: number): void {
    // A step whose `if:` is false in this run does not run: nothing about it matters.
    const runs = step.if === undefined ? true : context.known?.condition(step.if)
    if (runs === false) {
      if (worlds.length > 0 || step.notRead || step.unreadClaude) lines.push({ step: step.label, line: step.line, runsClaude: true, verdict: 'ok', detail: 'does not run in this run (its `if:` is false)' })
      return
    }
    const before = problems.length
    if (step.notRead) {
      problems.push(notReadProblem(step, context.workflow.path, intended))
      lines.push({ step: step.label, line: step.line, runsClaude: true, verdict: 'depends', detail: `not read: ${step.notRead.reason}` })
      return
    }
    const unread = step.unreadClaude ?? []
    problems.push(...unread.map((u) => wrappedUnreadProblem(step, u, context.workflow.path, intended)))
    for (const { text, line } of passedSettings(step)) {
      if (!context.settings.has(settingsKey(step, text))) problems.push(settingsUnreadProblem(step, text, line, context.workflow.path))
    }
    if (worlds.length === 0 && unread.length > 0) {
      lines.push({ step: step.label, line: step.line, runsClaude: true, verdict: 'depends', detail: `may run Claude Code through \`${unread[0]!.command}\`, which this check cannot read` })
      return
    }
    if (worlds.length === 0) {
      const info = informationOf(step)
      if (info) lines.push({ step: step.label, line: step.line, runsClaude: false, verdict: 'info', detail: info })
      return
    }
    const certain: Conflict[] = []
    const dependent: { conflict: Conflict; present: boolean[] }[] = []
    const broken = judgedWays.some((judged) => judged[index]!.found.some(isBroken))
    judgedWays.forEach((judged) => {
      for (const conflict of judged[index]!.found.filter((c) => !isBroken(c))) {
        const same = (c: Conflict) => sameSuspect(c, conflict) && c.reason === conflict.reason
        if (certain.some(same) || dependent.some((d) => same(d.conflict))) continue
        const present = judgedWays.map((other) => other[index]!.found.some(same))
        if (present.every(Boolean)) certain.push(conflict)
        else dependent.push({ conflict: { ...conflict, resolution: 'warned' }, present })
      }
    })
    // A step whose `if:` cannot be evaluated here may not run: nothing found in it is certain.
    if (runs === undefined) {
      const condition: Condition = { key: '\u0000if', text: ifText(step.if!), name: '`if:`', step: step.label, line: step.line, isSwitch: true }
      const base = (c: Conflict) => conflictProblem({ ...c, resolution: 'failed', fingerprint: undefined }, intended, places, intendedInputName(intended))
      for (const conflict of certain.splice(0, certain.length)) {
        conflicts.push({ ...conflict, resolution: 'warned' })
        problems.push(dependsOnProblem(base(conflict), [condition], [new Map([[condition.key, true]]), new Map([[condition.key, false]])], [true, false]))
      }
      for (const { conflict, present } of dependent) {
        conflicts.push(conflict)
        const p = dependsOnProblem(base(conflict), conditions, ways, present)
        problems.push({ ...p, dependsOn: `${p.dependsOn} and whether step "${step.label}" runs (\`if: ${condition.text}\`)` })
      }
    } else if (step.claude.some((c) => c.sourced)) {
      // A sourced script runs before Claude Code: what it sets is not read, so nothing found here is certain.
      const sourced = step.claude.find((c) => c.sourced)!.sourced!
      for (const conflict of certain.splice(0, certain.length)) {
        conflicts.push({ ...conflict, resolution: 'warned' })
        problems.push(sourcedProblem(conflictProblem({ ...conflict, resolution: 'failed', fingerprint: undefined }, intended, places, intendedInputName(intended)), sourced, step))
      }
      for (const { conflict, present } of dependent) {
        conflicts.push(conflict)
        problems.push(dependsOnProblem(conflictProblem({ ...conflict, resolution: 'failed', fingerprint: undefined }, intended, places, intendedInputName(intended)), conditions, ways, present))
      }
    } else {
      conflicts.push(...certain)
      problems.push(...certain.map((c) => conflictProblem({ ...c, fingerprint: undefined }, intended, places, intendedInputName(intended))))
      for (const { conflict, present } of dependent) {
        conflicts.push(conflict)
        problems.push(dependsOnProblem(conflictProblem({ ...conflict, resolution: 'failed', fingerprint: undefined }, intended, places, intendedInputName(intended)), conditions, ways, present))
      }
    }
    const uncertain = problems.length > before && certain.length === 0
    const sends = judgedWays[0]![index]!.sends
    // The job's own findings that reach this step, and a provider setup that stops Claude Code here, in every way.
    const reached = judgedWays[0]![index]!.reached
    const stops = judgedWays.every((judged) => judged[index]!.stops)
    lines.push({
      step: step.label,
      line: step.line,
      runsClaude: true,
      verdict: broken
        ? 'conflict'
        : certain.length > 0
          ? resolution === 'warned'
            ? 'warned'
            : 'conflict'
          : uncertain
            ? 'depends'
            : stops
              ? resolution === 'warned'
                ? 'warned'
                : 'conflict'
              : reachedVerdict(reached, resolution),
      detail: broken
        ? `would send the text of a broken expression (${sends})`
        : certain.length > 0 || (reached.length > 0 && !stops)
          ? `would send ${sends}`
          : uncertain
            ? `depends on what this step cannot know; it may send ${sends}`
            : stops
              ? `would stop before sending anything: ${intended.words} lacks a value or a credential that this step does not set either`
              : `sends ${intended.words}`,
      ...(stops ? { setupStops: true as const } : {}),
    })
  }
  for (const step of context.workflow.later) {
    const action = step.claudeAction
    if (action && !action.release.known) problems.push({ ...unknownClaudeActionRefProblem({ index: step.index, label: step.label }, action, { file: context.workflow.path, line: step.line }), step: step.label })
  }
  return { lines, conflicts, problems }
}

/** A step with no finding of its own is still not `ok` when a finding of the job's own environment reaches it (an unused credential next to a provider only warns). */
function reachedVerdict(reached: readonly Offender[], resolution: 'warned' | 'failed'): LaterStepLine['verdict'] {
  if (reached.length === 0) return 'ok'
  return resolution === 'failed' && reached.some((o) => o.reason !== 'inert') ? 'conflict' : 'warned'
}

/** One step's conflicts in one way the unknown conditions can go. */
function judgeStep(
  { step, ref, worlds }: LaterStepWorlds,
  context: LaterContext,
  intended: IntendedSetup,
  places: Places,
  expectedBaseUrl: string,
  jobConflicts: readonly Conflict[],
  jobCorrect: boolean,
  resolution: 'warned' | 'failed',
  provider: { intended: IntendedSetup['provider']; scan: Scan },
): { found: Conflict[]; sends: string; reached: Offender[]; stops: boolean } {
  const found: Conflict[] = []
  // A finding of the job's own environment that reaches this later step too: its row is not `ok`.
  const reached: Offender[] = []
  let sends = ''
  let stops = false
  if (step.notRead) return { found, sends, reached, stops }
  for (const w of worlds) {
    const evaluation = evaluateWorlds(READINGS.map((reading) => w.world(reading)), intended, expectedBaseUrl)
    sends ||= describeWire(evaluation.wire, intended, places)
    // Its provider setup stops Claude Code (a value or a credential that neither the job nor the step sets).
    stops ||= provider.intended !== undefined && evaluation.wires.some((wire) => setupStops(wire, provider.intended!, provider.scan))
    const before = found.length
    for (const offender of evaluation.offenders) {
      if (jobConflicts.some((c) => sameSuspect(c, offender))) reached.push(offender)
      if (jobConflicts.some((c) => sameSuspect(c, offender)) || found.some((c) => sameSuspect(c, offender))) continue
      found.push({ ...offender, resolution, step: ref, ...(offender.readings.length < READINGS.length ? { onlyIn: offender.readings } : {}) })
    }
    // Never a step judged fine whose CLI would not send the intended credential alone: if no
    // single source explains it (and the job's own findings do not), name the command itself.
    const explainedByJob = evaluation.offenders.some((o) => jobConflicts.some((c) => sameSuspect(c, o)))
    if (jobCorrect && !evaluation.correct && found.length === before && !explainedByJob) {
      found.push({ name: intended.variable, origin: argvOrigin(ref, { file: context.workflow.path, line: w.line }), reason: 'not-at-all', resolution, step: ref })
    }
  }
  return { found, sends, reached, stops }
}

function stepEnvOrigin(step: StepRef, at: { file: string; line: number }, assignment: Assignment, same: boolean): Origin {
  return {
    kind: 'step-env',
    step,
    at,
    ...(assignment.value.kind === 'expression' ? { expression: assignment.value.text } : {}),
    ...(same ? { sameAsIntended: true } : {}),
  }
}

const argvOrigin = (step: StepRef, at: { file: string; line: number }): Origin => ({ kind: 'claude-argv', step, at })

/** `env -i claude …`: nothing of the job reaches the CLI, this action's exports included. */
function clearedEnv(exports: readonly Export[], origin: Origin, from: Env, keeps: readonly string[]): Env {
  const env = new Env()
  for (const { name } of exports) env.set(name, '', origin)
  // `sudo --preserve-env=A,B`: those pass on as the step has them.
  for (const name of keeps) {
    const kept = from.values.get(name)
    if (kept) env.values.set(name, kept)
  }
  return env
}

function applyScript(
  env: Env,
  change: Assignment | Unset,
  step: StepRef,
  file: string,
  textOf: (name: string, value: WorkflowValue) => { text: string; same: boolean },
): void {
  if ('unset' in change) {
    // Empty is what the CLI treats as unset; the definition keeps the line that did it.
    if (env.values.get(change.name)?.value !== undefined) env.set(change.name, '', { kind: 'step-script', step, at: { file, line: change.line }, how: 'unset' })
    return
  }
  const form = 'form' in change ? (change as Assignment & { form: string }).form : 'export'
  // `NAME=v` alone changes what commands see only if NAME is already exported.
  if (form === 'plain' && env.values.get(change.name)?.value === undefined) return
  const { text, same } = textOf(change.name, change.value)
  env.set(change.name, text, { kind: 'step-script', step, at: { file, line: change.line }, how: form === 'prefix' ? 'prefix' : 'export', ...(same ? { sameAsIntended: true } : {}) })
}

/** What a step that does not run Claude Code does with credential variables, if anything. */
function informationOf(step: StepModel): string | undefined {
  const inEnv = Object.keys(step.env).filter((name) => CREDENTIAL_NAMES.has(name))
  const inScript = step.scriptAssignments.filter((a) => CREDENTIAL_NAMES.has(a.name)).map((a) => a.name)
  const written = step.githubEnvWrites.filter((w) => CREDENTIAL_NAMES.has(w.name)).map((w) => w.name)
  const parts: string[] = []
  const own = [...new Set([...inEnv, ...inScript])]
  if (own.length > 0) parts.push(`sets ${own.join(', ')} for its own commands, which do not run Claude Code`)
  if (written.length > 0) parts.push(`writes ${[...new Set(written)].join(', ')} to GITHUB_ENV for the steps after it`)
  return parts.length > 0 ? parts.join('; ') : undefined
}

/** The settings a later step passes to Claude Code: `--settings`, a Claude action's `settings` input or `--settings` in `claude_args`. */
function passedSettings(step: StepModel): { text: string; line: number }[] {
  const passed = step.claude.flatMap((c) => (c.settings !== undefined ? [{ text: c.settings, line: c.line }] : []))
  const action = step.claudeAction
  if (action?.settings) passed.push({ text: action.settings.value.text, line: action.settings.line })
  if (action?.settingsFlag !== undefined) passed.push({ text: action.settingsFlag, line: step.line })
  return passed
}

/** What the CLI gets for a Claude action flag input whose value is known: `1` for `true` (any case), else empty. */
const flagValue = (text: string): string => (text.trim().toLowerCase() === 'true' ? '1' : '')

function intendedInputName(intended: IntendedSetup): string {
  return intended.input ?? 'method'
}

/** Which input of this action gives each variable it exports: the credential's, the base URL's, a provider's. */
/**
 * The rule and organization this action federates under (not exported: a later step that
 * sets the same values federates under the same identity; intended.ts `sameFederation`).
 */
function federationValues(inputs: Pick<Inputs, 'federation'>): Export[] {
  const f = inputs.federation
  if (!f) return []
  return [
    { name: 'ANTHROPIC_FEDERATION_RULE_ID', value: f.ruleId, why: 'configuration' },
    { name: 'ANTHROPIC_ORGANIZATION_ID', value: f.organizationId, why: 'configuration' },
  ]
}

function ownSources(intended: IntendedSetup, inputs: Pick<Inputs, 'provider' | 'federation'>): [string, string | undefined][] {
  const sources: [string, string | undefined][] = [[RULES.baseUrl, 'anthropic-base-url']]
  if (inputs.federation) sources.push(['ANTHROPIC_FEDERATION_RULE_ID', 'anthropic-federation-rule-id'], ['ANTHROPIC_ORGANIZATION_ID', 'anthropic-organization-id'])
  if (!intended.provider && intended.input) sources.push([intended.variable, intended.input])
  for (const e of inputs.provider?.exports ?? []) sources.push([e.name, e.input])
  return sources
}

function describeWire(wire: { route: WireResult['route']; authorization?: { name: string; origin: Origin }; xApiKey?: { name: string; origin: Origin } }, intended: IntendedSetup, places: Places): string {
  if (wire.route !== 'first-party') return `every request to ${PROVIDER_WORDS[wire.route]}`
  const slots = [wire.authorization, wire.xApiKey].filter((s): s is { name: string; origin: Origin } => s !== undefined)
  const named = slots.map((s) => (s.origin.kind === 'action-export' && s.name === intended.variable ? intended.words : subject(s.name, s.origin, places)))
  return named.length === 0 ? 'no credential at all' : [...new Set(named)].join(' and ')
}
