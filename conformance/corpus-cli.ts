// The real Claude Code CLI on the corpus (conformance/corpus/): for every labelled job whose
// Claude steps (from the label's insertion point on) include `run:` scripts that call
// `claude`, each such call is reproduced with the environment that step would have, and what
// reaches the mock is compared with the label (issue 18: "where a `run:` step calls
// `claude`, let the real CLI confirm the expectation").
//
// The environment of a step, in the runner's order (facts §8): the job's (the corpus test's
// evaluation, conformance/corpus.ts planJob), this action's GITHUB_ENV exports for the label's
// inputs (the intended credential in its variable, the base URL), the step's own `env:`
// evaluated the same way (it wins), then what the script itself does before the call where
// that is plain: literal or expression assignments, `export`, `unset`, `[ -n "$X" ]` tests
// and the call's own `NAME=value` prefixes, run by bash. The repository's script is never run
// as a whole (it needs their checkout): the call becomes a minimal `claude -p hi` with the
// command line's auth-relevant flags (`--bare`, a literal `--settings` JSON,
// `--setting-sources`). What is not reproduced is said for every step.
//
// The CLI reaches only the mock: HTTPS_PROXY points at it, and its TLS side answers for
// api.anthropic.com and every base URL host of the runs (a certificate made for them, trusted
// through NODE_EXTRA_CA_CERTS), so the route the CLI picks is recorded as it would go.

import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { load } from 'js-yaml'
import { fakeValue, loadCorpus, planJob, valueShapes, type JobLabel, type JobPlan, type LabelFile, type Verdict } from './corpus.js'
import { startMockApi, type MockApi, type RecordedRequest } from './mock-api.js'
import { withoutManagedSettings } from './machine.js'
import { mapPool } from './pool.js'
import { PROMPT_ARGS, settle } from './run-cli.js'
import { claudeCalls, statements, words, type ClaudeCall, type Statement } from './corpus-cli/shell.js'

// ---------------------------------------------------------------------------------------------
// Which jobs and steps

/** This action's credential inputs: the variable it exports each to, and the header it must arrive in. */
const CREDENTIAL_INPUTS = {
  'claude-code-oauth-token': { variable: 'CLAUDE_CODE_OAUTH_TOKEN', slot: 'authorization' },
  'anthropic-api-key': { variable: 'ANTHROPIC_API_KEY', slot: 'x-api-key' },
  'anthropic-auth-token': { variable: 'ANTHROPIC_AUTH_TOKEN', slot: 'authorization' },
} as const
type CredentialInput = keyof typeof CREDENTIAL_INPUTS

/** Variables whose value can change what Claude Code sends or where (credentials, providers, config locations). */
export const AUTH_RELEVANT = /^(ANTHROPIC_|CLAUDE_CODE_|CLAUDE_CONFIG_DIR$|AWS_|GOOGLE_|GCLOUD_|CLOUDSDK_|CLOUD_ML_REGION$|VERTEX_|AZURE_|HOME$|XDG_CONFIG_HOME$)/

/** A `uses:` step that runs Claude Code (not reproduced here: only `run:` scripts are). */
const CLAUDE_ACTION = /^anthropics\/claude-code-(base-)?action@/i
/** Steps whose effects on later steps' environment are none (for the not-reproduced notes). */
const INERT_ACTION = /^actions\/(checkout|setup-[a-z]+|cache|upload-artifact|download-artifact|github-script|create-github-app-token)@/i

export interface StepPlan {
  index: number
  name: string
  /** Why this call cannot be reproduced; undefined when it can. */
  skip?: string
  /** The bash script that stands for the step: the kept statements, then the minimal call. */
  script?: string
  /** The step's environment before the script runs (job env, this action's exports, the step's `env:`). */
  env?: Record<string, string>
  /** The host (and path) the CLI's requests should go to when the label gives a base URL. */
  intendedBase?: string
  /** Base URL hosts the runs may reach (for the mock's certificate). */
  hosts: string[]
  /** What of the step was left out or changed. */
  notReproduced: string[]
}

export interface JobCheck {
  key: string
  file: string
  job: string
  expected: Verdict
  /** Why the whole job is skipped (depends label, provider method, no intended value). */
  skip?: string
  intended?: { input: CredentialInput; variable: string; slot: 'authorization' | 'x-api-key'; value: string; name: string }
  steps: StepPlan[]
  /** Claude steps after the insertion point that are not `run:` scripts (`uses:` actions). */
  otherClaudeSteps: string[]
  plan?: JobPlan
  /** Fake value → what it stands for (`secrets.ANTHROPIC_API_KEY`), for reports that never print a value. */
  names: Map<string, string>
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const stepName = (step: Record<string, unknown>, index: number) => (typeof step.name === 'string' ? step.name : typeof step.id === 'string' ? step.id : `step ${index}`)
const firstSentence = (text: string) => (/^[\s\S]*?[.:](\s|$)/.exec(text)?.[0] ?? text).trim()

/** The labelled jobs this check is about: a `run:` step from `insertBefore` on that calls Claude Code. */
export function selectJobs(corpusDir: string): { jobs: { label: LabelFile; job: JobLabel; runSteps: number[] }[]; problems: string[] } {
  const corpus = loadCorpus(corpusDir)
  const jobs: { label: LabelFile; job: JobLabel; runSteps: number[] }[] = []
  for (const label of corpus.labels) {
    const doc = load(label.text) as Record<string, unknown>
    for (const job of label.jobs) {
      const jobDoc = (doc.jobs as Record<string, Record<string, unknown>>)[job.job]!
      const steps = Array.isArray(jobDoc.steps) ? (jobDoc.steps as unknown[]) : []
      const runSteps: number[] = []
      steps.forEach((step, index) => {
        if (index < job.insertBefore || !isRecord(step) || typeof step.run !== 'string') return
        // The label's own Claude step is a Claude step even when the call is out of sight (a script file, a container).
        if (index === job.insertBefore || claudeCalls(statements(step.run)).length > 0) runSteps.push(index)
      })
      if (runSteps.length > 0) jobs.push({ label, job, runSteps })
    }
  }
  return { jobs, problems: corpus.problems }
}

// ---------------------------------------------------------------------------------------------
// A step's environment and its script

/** Names of every `secrets.X` / `vars.X` of the file, with their fake values. */
function valueNames(label: LabelFile, job: JobLabel): Map<string, string> {
  const shapes = valueShapes(label.text, job)
  const names = new Map<string, string>()
  for (const m of label.text.matchAll(/\b(secrets|vars)\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const context = m[1] as 'secrets' | 'vars'
    const name = (m[2] as string).toUpperCase()
    const value = fakeValue(context, name, shapes.get(`${context}.${name}`) ?? 'text')
    if (!names.has(value)) names.set(value, `${context}.${name}`)
  }
  return names
}

const VALUE_REF = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::?[-=+?][^}$`]*)?\}?$/
/** A word bash can evaluate here: a literal, or `$X`/`${X:-…}` references to variables the reduction keeps. */
function reproducible(raw: string, dropped: Set<string>): boolean {
  if (/`|\$\(/.test(raw)) return false
  for (const m of raw.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) if (dropped.has(m[1] as string)) return false
  return true
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)(\+?=)(.*)$/s
/** A `[ … ]` / `[[ … ]]` / `test …` condition on variables and literals only. */
function plainCondition(text: string, dropped: Set<string>): boolean {
  const parts = text.split(/\s*(?:&&|\|\|)\s*/)
  return parts.every((part) => {
    const m = /^!?\s*(?:\[\[?\s+([\s\S]*?)\s+\]\]?|test\s+([\s\S]*))$/.exec(part.trim())
    if (!m) return false
    const inner = (m[1] ?? m[2]) as string
    return words(inner).every(({ word, literal }) => literal || (VALUE_REF.test(word) && reproducible(word, dropped)) || /^(-[nz]|=|==|!=|!)$/.test(word)) && reproducible(inner, dropped)
  })
}

interface Reduction {
  kept: string[]
  notReproduced: string[]
  skip?: string
}

/**
 * The statements before the call that shape its environment, as bash will run them: plain
 * assignments, `export`, `unset`, `if` on plain conditions (with `exit`), `[ … ] && …`.
 * Other commands are dropped; one that could set an auth-relevant variable unseen (`source`,
 * `eval`, a command substitution into one, a loop that assigns one) makes the call
 * impossible to reproduce.
 */
function reduce(list: readonly Statement[], call: ClaudeCall): Reduction {
  const kept: string[] = []
  const dropped = new Set<string>()
  const notes = new Set<string>()
  let droppedCommands = 0
  /**
   * Open `if` blocks: kept (their structure is in `kept`), opaque (dropped whole), or tail: a
   * kept `if` from an `elif` with a condition that is not plain on, written as `else` and
   * dropped from there.
   */
  const ifs: IfState[] = []
  let opaqueLoops = 0
  const inOpaque = () => ifs.includes('opaque') || ifs.includes('tail') || opaqueLoops > 0
  const skip = (why: string): Reduction => ({ kept, notReproduced: [...notes], skip: why })
  const touchesRelevant = (text: string): string | undefined => {
    for (const m of text.matchAll(/(?:^|[\s;&|(])(?:export\s+|unset\s+(?:-v\s+)?|declare\s+-\w+\s+|read\s+(?:-\S+\s+)*|printf\s+-v\s+)?([A-Za-z_][A-Za-z0-9_]*)(?==|\s|$)/g)) {
      const name = m[1] as string
      const full = m[0]
      const isWrite = /=$/.test(text.slice((m.index ?? 0) + full.length, (m.index ?? 0) + full.length + 1)) || /export|unset|declare|read|printf/.test(full)
      if (isWrite && AUTH_RELEVANT.test(name)) return name
    }
    return undefined
  }
  const assignedNames = (text: string) => [...text.matchAll(/(?:^|[\s;&|(])(?:export\s+|declare\s+-\w+\s+|local\s+)?([A-Za-z_][A-Za-z0-9_]*)\+?=/g)].map((m) => m[1] as string)
  const keepSimple = (text: string): 'kept' | 'dropped' | string => {
    // One simple statement: returns 'kept', 'dropped', or why it makes the call unreproducible.
    if (/^(source|\.)\s/.test(text)) return `it sources a file before the call (\`${text.slice(0, 60)}\`): what that file sets is not known`
    if (/^eval\s/.test(text)) return `it runs \`eval\` before the call (\`${text.slice(0, 60)}\`)`
    if (/^set\s+(-\w*a|-o\s+allexport)/.test(text)) return 'it exports every assignment (`set -a`) before the call'
    if (/^unset\s/.test(text)) {
      kept.push(text)
      return 'kept'
    }
    if (/^exit(\s|$)/.test(text)) {
      kept.push(text)
      return 'kept'
    }
    const exported = /^(export|declare\s+-x|typeset\s+-x)\s+(.*)$/s.exec(text)
    const body = exported ? (exported[2] as string) : text
    const items = words(body)
    const rawItems = splitRaw(body)
    const allAssignments = rawItems.length > 0 && rawItems.every((raw) => ASSIGNMENT.test(raw) || (exported && /^[A-Za-z_][A-Za-z0-9_]*$/.test(raw)))
    if (allAssignments && items.length === rawItems.length) {
      const bad = rawItems.filter((raw) => !reproducible(raw.replace(ASSIGNMENT, '$3'), dropped)).map((raw) => (ASSIGNMENT.exec(raw)?.[1] ?? raw) as string)
      const relevantBad = bad.find((name) => AUTH_RELEVANT.test(name))
      if (relevantBad) return `it sets ${relevantBad} from a command or a value the test cannot know before the call`
      if (bad.length === 0) {
        kept.push(text)
        return 'kept'
      }
      for (const name of bad) dropped.add(name)
      return 'dropped'
    }
    const relevant = touchesRelevant(text)
    if (relevant) return `a command before the call sets ${relevant} in a way the test does not reproduce (\`${text.slice(0, 60)}\`)`
    for (const name of assignedNames(text)) dropped.add(name)
    if (/^(read|mapfile|readarray|printf\s+-v)\b/.test(text)) for (const w of words(text).slice(1)) if (/^[A-Za-z_]\w*$/.test(w.word)) dropped.add(w.word)
    if (/^cd\s/.test(text)) notes.add('`cd`: the checkout is not there, so its `.claude/` settings files are not read')
    droppedCommands++
    return 'dropped'
  }
  for (let i = 0; i < call.index; i++) {
    let text = list[i]!.text
    // A keyword that opens a body shares its statement with the body's first command.
    const lead = /^(then|else|do)\s+([\s\S]+)$/.exec(text)
    const keyword = lead ? (lead[1] as string) : /^(then|else|do|fi|done|esac|\{|\})$/.test(text) ? text : undefined
    if (lead) text = lead[2] as string
    if (keyword === 'then' || keyword === 'else') {
      // `:` keeps a body valid when every command of it is dropped.
      if (ifs.at(-1) === 'kept' && !inOpaqueBelowTop(ifs, opaqueLoops)) kept.push(keyword, ':')
      if (!lead) continue
    } else if (keyword === 'do' && !lead) continue
    if (text === 'fi') {
      const top = ifs.pop()
      if ((top === 'kept' || top === 'tail') && !inOpaque()) kept.push('fi')
      continue
    }
    if (text === 'done' || text === 'esac' || text === '}') {
      if (opaqueLoops > 0) opaqueLoops--
      continue
    }
    const ifHead = /^(if|elif)\s+([\s\S]+)$/.exec(text)
    if (ifHead) {
      const plain = plainCondition(ifHead[2] as string, dropped)
      if (ifHead[1] === 'elif') {
        // An elif of a kept if needs a plain condition too; otherwise the whole if is opaque from here.
        if (ifs.at(-1) === 'kept' && !inOpaqueBelowTop(ifs, opaqueLoops)) {
          if (plain) kept.push(text)
          else {
            kept.push('else', ':')
            ifs[ifs.length - 1] = 'tail'
            notes.add(`an \`elif\` whose condition is not plain (\`${(ifHead[2] as string).slice(0, 50)}\`): taken as the \`else\``)
          }
        }
        continue
      }
      if (plain && !inOpaque()) {
        ifs.push('kept')
        kept.push(text)
      } else ifs.push('opaque')
      if (!plain) notes.add(`an \`if\` whose condition is not plain (\`${(ifHead[2] as string).slice(0, 50)}\`): its body is not run, and the call is assumed reached`)
      continue
    }
    if (/^(for|while|until|select)\s/.test(text) || /^case\s/.test(text) || /^(function\s+\w+|\w+\s*\(\s*\))\s*\{?$/.test(text)) {
      opaqueLoops++
      notes.add('a loop, `case` or function before the call: not run')
      continue
    }
    const guarded = /^(!?\s*(?:\[\[?\s[\s\S]*?\s\]\]?|test\s[^&|]*)(?:\s*(?:&&|\|\|)\s*!?\s*(?:\[\[?\s[\s\S]*?\s\]\]?))*)\s*(&&|\|\|)\s*([\s\S]+)$/.exec(text)
    if (guarded && plainCondition(guarded[1] as string, dropped)) {
      const before = kept.length
      const result = keepSimple((guarded[3] as string).trim())
      if (result !== 'kept' && result !== 'dropped') return skip(result)
      if (result === 'kept') {
        const action = kept.splice(before).join('; ')
        if (!inOpaque()) kept.push(`${guarded[1]} ${guarded[2]} ${action}`)
      }
      continue
    }
    if (inOpaque()) {
      const relevant = touchesRelevant(text)
      if (relevant) return skip(`it sets ${relevant} inside a block the test does not run (a loop, \`case\`, or an \`if\` on a command) before the call`)
      for (const name of assignedNames(text)) dropped.add(name)
      continue
    }
    const result = keepSimple(text)
    if (result !== 'kept' && result !== 'dropped') return skip(result)
  }
  if (droppedCommands > 0) notes.add(`${droppedCommands} other command(s) before the call: not run (they set no auth-relevant variable)`)
  // Close the kept blocks the call sits in, after it.
  return { kept: [...kept, '__CALL__', ...ifs.filter((b) => b !== 'opaque').map(() => 'fi')], notReproduced: [...notes] }
}

/** A kept `if` directly inside an opaque one is not written either. */
type IfState = 'kept' | 'opaque' | 'tail'

function inOpaqueBelowTop(ifs: readonly IfState[], loops: number): boolean {
  return ifs.slice(0, -1).some((b) => b !== 'kept') || loops > 0
}

/** The raw (still quoted) words of a statement, for assignments kept as written. */
function splitRaw(text: string): string[] {
  const out: string[] = []
  let word = ''
  let quote: string | undefined
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quote) {
      word += c
      if (c === '\\' && quote === '"') word += text[++i] ?? ''
      else if (c === quote) quote = undefined
      continue
    }
    if (c === "'" || c === '"') {
      quote = c
      word += c
    } else if (c === '\\') {
      word += c + (text[++i] ?? '')
    } else if (/\s/.test(c)) {
      if (word) out.push(word)
      word = ''
    } else word += c
  }
  if (word) out.push(word)
  return out
}

const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`

/** The call as a minimal `claude -p hi`: its plain prefix assignments, its auth-relevant flags. */
function minimalCall(call: ClaudeCall, cli: string, notes: string[]): { line: string } | { skip: string } {
  const assignments: string[] = []
  const prefix = splitRaw(call.prefix)
  for (let i = 0; i < prefix.length; i++) {
    const raw = prefix[i]!
    if (ASSIGNMENT.test(raw)) {
      if (!reproducible(raw, new Set())) {
        const name = ASSIGNMENT.exec(raw)![1] as string
        if (AUTH_RELEVANT.test(name)) return { skip: `the call's prefix sets ${name} from a command` }
        notes.push(`the call's prefix ${name}=…: not reproduced (not auth-relevant)`)
        continue
      }
      assignments.push(raw)
    } else if (raw === 'sudo') return { skip: 'it runs claude through sudo, whose environment rules (env_reset, another user) are not reproduced' }
    else if (raw === 'env') {
      if (prefix[i + 1]?.startsWith('-')) return { skip: `it runs claude through \`env ${prefix[i + 1]}\`, which changes the environment in a way not reproduced` }
    } else if (raw === 'timeout') i++
    else if (!/^(exec|time|nohup|command|stdbuf|-\S+)$/.test(raw)) notes.push(`prefix \`${raw}\`: not reproduced`)
  }
  if (call.command !== 'claude') notes.push(`\`${call.command}\`: the pinned CLI ran instead of what the package runner would fetch`)
  const flags: string[] = []
  const args = call.args
  for (let i = 0; i < args.length; i++) {
    const { word, literal } = args[i]!
    const [flag, inline] = word.startsWith('--') && word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined]
    if (flag === '--bare') flags.push('--bare')
    else if (flag === '--settings' || flag === '--setting-sources') {
      const value = inline ?? args[++i]?.word
      const valueLiteral = inline !== undefined ? literal : (args[i]?.literal ?? false)
      if (value === undefined || !valueLiteral) return { skip: `its \`${flag}\` value is not a literal (${value ?? 'missing'})` }
      if (flag === '--settings' && !value.trim().startsWith('{')) return { skip: `its \`--settings ${value}\` names a file (of the checkout, or written by an earlier step) that the test does not have` }
      flags.push(flag, value)
    } else if (!literal && !word.startsWith('-') && /^\$\{?[A-Za-z_]/.test(word) && !/^"/.test(word)) {
      notes.push(`argument \`${word}\`: a variable that may hold more flags, not reproduced`)
    }
  }
  const line = [...assignments, 'exec', shellQuote(cli), ...flags.map(shellQuote), ...PROMPT_ARGS.map(shellQuote)].join(' ')
  return { line }
}

/**
 * A step's script (expressions already evaluated) as the bash script that stands for it: the
 * statements before the first call that shape its environment, then the call as a minimal
 * `claude -p hi`; or why that cannot be done. `notReproduced` says what was left out.
 */
export function reduceScript(script: string, cli: string): { script?: string; skip?: string; notReproduced: string[] } {
  const notes: string[] = []
  const list = statements(script)
  const calls = claudeCalls(list)
  if (calls.length === 0) {
    const skip = /\bdocker\s+(run|compose|exec)\b|\bpodman\s+run\b|(^|\s)awf\s/m.test(script)
      ? 'it runs Claude Code inside a container (`docker run`, the `awf` sandbox), whose environment is not reproduced'
      : 'its script calls no `claude` the test can see (a script file of the checkout, or a wrapper): not reproduced'
    return { skip, notReproduced: notes }
  }
  const call = calls[0]!
  if (/\b(awf|docker|podman)\b/.test(call.before + call.prefix) || /\bawf\b/.test(call.statement.text.slice(0, call.statement.text.indexOf(call.command)))) {
    return { skip: 'it runs claude inside a sandbox container (`awf` / `docker`), whose environment is not reproduced', notReproduced: notes }
  }
  if (calls.length > 1) notes.push(`${calls.length - 1} later call(s) in the same script: only the first is reproduced`)
  const reduction = reduce(list, call)
  notes.push(...reduction.notReproduced)
  if (reduction.skip) return { skip: reduction.skip, notReproduced: notes }
  const minimal = minimalCall(call, cli, notes)
  if ('skip' in minimal) return { skip: minimal.skip, notReproduced: notes }
  const body = reduction.kept.map((line) => (line === '__CALL__' ? minimal.line : line))
  // Reached only when the script's own conditions skip the call (or it exits first).
  body.push('echo "claude was not reached" >&2', 'exit 3')
  return { script: `${body.join('\n')}\n`, notReproduced: notes }
}

/** The host and path prefix of a base URL (`api.z.ai/api/anthropic`), or undefined for an invalid one. */
function baseOf(url: string): { host: string; prefix: string; https: boolean } | undefined {
  try {
    const u = new URL(url.trim())
    return { host: u.hostname, prefix: u.pathname.replace(/\/+$/, ''), https: u.protocol === 'https:' }
  } catch {
    return undefined
  }
}

/** Plans every step of one job: its environment, its reduced script, or why it cannot be reproduced. */
export function planCheck(label: LabelFile, job: JobLabel, runSteps: number[], workspace: string, cli: string): JobCheck {
  const key = `${label.file}#${job.job}`
  const base: JobCheck = { key, file: label.file, job: job.job, expected: job.expected, steps: [], otherClaudeSteps: [], names: valueNames(label, job) }
  const doc = load(label.text) as Record<string, unknown>
  const jobDoc = (doc.jobs as Record<string, Record<string, unknown>>)[job.job]!
  const steps = (jobDoc.steps as unknown[]).map((s) => (isRecord(s) ? s : {}))
  base.otherClaudeSteps = steps.flatMap((s, i) => (i >= job.insertBefore && typeof s.uses === 'string' && CLAUDE_ACTION.test(s.uses) ? [`${stepName(s, i)} (${s.uses})`] : []))
  if (job.expected === 'depends') return { ...base, skip: `label depends: ${firstSentence(job.why)}` }
  if (jobDoc.container !== undefined) return { ...base, skip: 'the job runs in a container (`container:`), which is not reproduced' }
  const given = (Object.keys(CREDENTIAL_INPUTS) as CredentialInput[]).filter((name) => job.inputs[name] !== undefined)
  const method = job.inputs.method?.trim()
  if (method && !(method in { 'oauth-token': 1, 'api-key': 1, 'auth-token': 1 })) {
    return { ...base, skip: `method ${method}: its credential is not one header value this check compares (only the three first-party credentials are)` }
  }
  if (given.length !== 1) return { ...base, skip: `the label gives ${given.length} credential inputs; this check compares one` }
  const plan = planJob(label, job, workspace)
  const input = given[0]!
  const { variable, slot } = CREDENTIAL_INPUTS[input]
  const value = (plan.inputs[input] ?? '').trim()
  if (value === '') return { ...base, plan, skip: `the label's ${input} evaluates to '' here (${plan.unknown.join(', ') || 'an empty value'}): no intended credential to look for` }
  const intended = { input, variable, slot, value, name: base.names.get(value) ?? input }
  // This action's GITHUB_ENV writes for the label's inputs: the intended credential in its variable, and the base URL.
  const exports: Record<string, string> = { [variable]: value }
  const baseUrl = plan.inputs['anthropic-base-url']?.trim()
  if (baseUrl) exports.ANTHROPIC_BASE_URL = baseUrl
  const afterAction = { ...plan.env, ...exports }
  const check: JobCheck = { ...base, plan, intended }
  for (const index of runSteps) {
    const step = steps[index]!
    const name = stepName(step, index)
    const notes: string[] = []
    const out: StepPlan = { index, name, hosts: [], notReproduced: notes }
    check.steps.push(out)
    const between = steps.slice(job.insertBefore, index)
    const writer = between.find((s) => typeof s.run === 'string' && /GITHUB_ENV/.test(s.run) && [...s.run.matchAll(/\b([A-Z][A-Z0-9_]*)=/g)].some((m) => AUTH_RELEVANT.test(m[1] as string)))
    if (writer) {
      out.skip = `an earlier step (${stepName(writer, steps.indexOf(writer))}) writes an auth-relevant variable to GITHUB_ENV, which is not reproduced`
      continue
    }
    for (const s of between) if (typeof s.uses === 'string' && !INERT_ACTION.test(s.uses) && !CLAUDE_ACTION.test(s.uses)) notes.push(`step ${stepName(s, steps.indexOf(s))} (${s.uses.split('@')[0]}): its effects are not simulated`)
    const defaultShell = (owner: Record<string, unknown>) => (isRecord(owner.defaults) && isRecord(owner.defaults.run) && typeof owner.defaults.run.shell === 'string' ? owner.defaults.run.shell : undefined)
    const shell = (typeof step.shell === 'string' ? step.shell : (defaultShell(jobDoc) ?? defaultShell(doc) ?? 'bash')).trim()
    if (!/^(bash|sh)\b/.test(shell)) {
      out.skip = `the step runs with \`shell: ${shell}\`, not bash`
      continue
    }
    if (step.if !== undefined) notes.push('its `if:` is not evaluated (the step is assumed to run)')
    // The step's `env:` sees the job's variables and the GITHUB_ENV writes so far; it wins over both.
    const stepEnv: Record<string, string> = {}
    if (isRecord(step.env)) for (const [k, v] of Object.entries(step.env)) stepEnv[k] = plan.evaluate(v, afterAction)
    const env = { ...afterAction, ...stepEnv }
    const script = plan.evaluate(step.run, env)
    const reduced = reduceScript(script, cli)
    notes.push(...reduced.notReproduced)
    if (reduced.skip !== undefined) {
      out.skip = reduced.skip
      continue
    }
    out.script = reduced.script
    out.env = env
    const urls = [env.ANTHROPIC_BASE_URL ?? '', ...[...script.matchAll(/ANTHROPIC_BASE_URL=["']?(https?:\/\/[^\s"';]+)/g)].map((m) => m[1] as string)]
    for (const url of urls) {
      const b = baseOf(url)
      if (!b) continue
      if (/^(localhost|127\.|0\.0\.0\.0|\[?::1)/.test(b.host)) {
        out.skip = `its base URL ${url} is a gateway on the runner itself (started by the job), which is not reproduced`
        break
      }
      if (b.https) out.hosts.push(b.host)
    }
    if (baseUrl) {
      const b = baseOf(baseUrl)
      if (b) out.intendedBase = `${b.host}${b.prefix}`
    }
    notes.push("the checkout's files (`.claude/` settings, CLAUDE.md) are not there")
  }
  return check
}

// ---------------------------------------------------------------------------------------------
// Running one step and judging what the mock saw

export interface Seen {
  /** `host/path` of each model request (POST …/v1/messages). */
  routes: string[]
  /** Every credential any request carried, by header, named (never the value). */
  authorization: string[]
  xApiKey: string[]
  modelRequests: number
  exitCode: number | null
  timedOut: boolean
  /** The CLI was not started: the script's own conditions skipped the call. */
  notReached: boolean
  stderr: string
}

export type StepVerdict = 'intended-alone' | 'something-else'

const named = (value: string, names: Map<string, string>) => names.get(value) ?? (value === '' ? '<empty>' : `<an unknown value of ${value.length} characters>`)

export function describeSeen(seen: Seen): string {
  if (seen.notReached) return 'claude was not reached (the script skipped or exited before it)'
  if (seen.timedOut) return 'the CLI timed out'
  const list = (values: string[]) => (values.length === 0 ? '-' : [...new Set(values)].join(', '))
  return `${seen.modelRequests} model request(s) to ${list([...new Set(seen.routes)])}; Authorization: ${list(seen.authorization)}; x-api-key: ${list(seen.xApiKey)}; exit ${seen.exitCode}`
}

/** Exactly the intended credential, in its header, on every request, and at least one model request (to the label's base URL when it gives one). */
export function judge(requests: readonly RecordedRequest[], check: JobCheck, step: StepPlan): { verdict: StepVerdict; why: string } {
  const intended = check.intended!
  const model = requests.filter((r) => r.method === 'POST' && /\/v1\/messages(\?|$)/.test(r.path))
  const withCredentials = requests.filter((r) => r.authorization !== undefined || r.xApiKey !== undefined)
  const bearer = (r: RecordedRequest) => r.authorization?.replace(/^Bearer\s+/i, '')
  if (model.length === 0) return { verdict: 'something-else', why: 'no model request reached the mock' }
  for (const r of withCredentials) {
    const a = bearer(r)
    const k = r.xApiKey
    const [inSlot, other] = intended.slot === 'authorization' ? [a, k] : [k, a]
    if (other !== undefined) return { verdict: 'something-else', why: `a request carried ${intended.slot === 'authorization' ? 'x-api-key' : 'Authorization'}: ${named(other, check.names)}` }
    if (inSlot !== intended.value) return { verdict: 'something-else', why: `${intended.slot} carried ${named(inSlot ?? '', check.names)} instead of ${intended.name}` }
  }
  const missing = model.find((r) => (intended.slot === 'authorization' ? bearer(r) : r.xApiKey) !== intended.value)
  if (missing) return { verdict: 'something-else', why: `a model request carried no ${intended.slot}` }
  if (step.intendedBase) {
    const off = model.find((r) => !`${r.tlsHost ?? 'mock'}${r.path}`.startsWith(step.intendedBase!))
    if (off) return { verdict: 'something-else', why: `a model request went to ${off.tlsHost ?? 'mock'}${off.path}, not the label's base URL ${step.intendedBase}` }
  }
  return { verdict: 'intended-alone', why: `only ${intended.name} reached the mock, in ${intended.slot}` }
}

/** Variables every run gets so that it stays on this machine: the mock as proxy, its certificate trusted, a fresh HOME. */
function sandboxEnv(root: string, mock: MockApi, certFile: string): { first: Record<string, string>; last: Record<string, string> } {
  return {
    // What a runner has, and what keeps the CLI quiet; the job may override these.
    first: {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      RUNNER_OS: 'Linux',
      RUNNER_TEMP: path.join(root, 'runner-temp'),
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_BUG_COMMAND: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    },
    // Never the job's: the run must not leave the machine, nor read this machine's files.
    last: {
      HOME: path.join(root, 'home'),
      TMPDIR: path.join(root, 'tmp'),
      GITHUB_WORKSPACE: path.join(root, 'workspace'),
      HTTPS_PROXY: mock.url,
      HTTP_PROXY: mock.url,
      https_proxy: mock.url,
      http_proxy: mock.url,
      NO_PROXY: '127.0.0.1',
      no_proxy: '127.0.0.1',
      NODE_EXTRA_CA_CERTS: certFile,
    },
  }
}

export interface StepRun {
  seen: Seen
  verdict: StepVerdict
  why: string
}

export async function runStep(check: JobCheck, step: StepPlan, tls: CertFiles, timeoutMs: number): Promise<StepRun> {
  const mock = await startMockApi({ tls: { key: tls.key, cert: tls.cert, hosts: tls.hosts } })
  const root = mkdtempSync(path.join(os.tmpdir(), 'cc-corpus-cli-'))
  try {
    for (const dir of ['home', 'tmp', 'workspace', 'runner-temp']) mkdirSync(path.join(root, dir), { recursive: true })
    const { first, last } = sandboxEnv(root, mock, tls.certFile)
    // The job's own GITHUB_* / RUNNER_* from planJob stay; the path-like ones point into this run.
    const env = { ...first, ...step.env!, ...last }
    const scriptFile = path.join(root, 'step.sh')
    writeFileSync(scriptFile, step.script!)
    const child = spawn('bash', ['--noprofile', '--norc', '-e', scriptFile], { cwd: path.join(root, 'workspace'), env, stdio: ['ignore', 'ignore', 'pipe'], detached: true })
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)))
    const { exitCode, timedOut } = await settle(child, timeoutMs, (error) => (stderr += String(error)))
    const requests = [...mock.requests]
    const model = requests.filter((r) => r.method === 'POST' && /\/v1\/messages(\?|$)/.test(r.path))
    const notReached = exitCode === 3 && /claude was not reached/.test(stderr)
    const seen: Seen = {
      routes: model.map((r) => `${r.tlsHost ?? 'mock'}${r.path.replace(/\?.*$/, '')}`),
      authorization: requests.flatMap((r) => (r.authorization !== undefined ? [named(r.authorization.replace(/^Bearer\s+/i, ''), check.names)] : [])),
      xApiKey: requests.flatMap((r) => (r.xApiKey !== undefined ? [named(r.xApiKey, check.names)] : [])),
      modelRequests: model.length,
      exitCode,
      timedOut,
      notReached,
      // Only the tail, scrubbed of every fake value by name.
      stderr: [...check.names.entries()].reduce((text, [value, name]) => (value.length >= 8 ? text.replaceAll(value, name) : text), stderr).split('\n').slice(-4).join(' | '),
    }
    if (timedOut) return { seen, verdict: 'something-else', why: 'the CLI did not finish in time' }
    if (notReached) return { seen, verdict: 'something-else', why: 'the script skips or exits before claude' }
    return { seen, ...judge(requests, check, step) }
  } finally {
    await mock.close()
    rmSync(root, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------------------------------------
// The certificate for api.anthropic.com and the base URL hosts

export interface CertFiles {
  key: string
  cert: string
  certFile: string
  hosts: string[]
}

/** One self-signed certificate naming every host the runs may reach; removed with its folder at exit. */
export function makeCertificate(hosts: readonly string[]): CertFiles {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-corpus-cli-tls-'))
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
  const keyFile = path.join(dir, 'key.pem')
  const certFile = path.join(dir, 'cert.pem')
  const all = [...new Set(['api.anthropic.com', ...hosts])].sort()
  const san = ['IP:127.0.0.1', ...all.map((host) => `DNS:${host}`)].join(',')
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=claude-code-auth corpus mock', '-addext', `subjectAltName=${san}`], {
    stdio: 'ignore',
    timeout: 30_000,
  })
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile, hosts: all }
}

// ---------------------------------------------------------------------------------------------
// The job's outcome

export type JobOutcome = 'confirmed' | 'contradicted' | 'skipped'

export interface JobResult {
  check: JobCheck
  outcome: JobOutcome
  /** What the CLI did, one line per step (ran or skipped). */
  lines: string[]
  /** For a contradiction: what the CLI showed against the label; for a skip: why. */
  reason: string
  /** pass: `something-else` on a contradiction; fail: `intended-alone`. */
  observed?: StepVerdict
}

/**
 * pass: every reproduced call sends the intended credential alone (contradicted when one does
 * not). fail: some reproduced call sends something else (or nothing); when all send the
 * intended alone, a contradiction only if every Claude step of the job was reproduced,
 * otherwise a skip (the mistake may sit in a step not reproduced).
 */
export function outcomeOf(check: JobCheck, runs: Map<number, StepRun>): JobResult {
  const lines: string[] = []
  for (const step of check.steps) {
    const run = runs.get(step.index)
    const head = `step ${step.index} "${step.name}"`
    if (step.skip) lines.push(`${head}: not reproduced: ${step.skip}`)
    else if (run) lines.push(`${head}: ${run.verdict} (${run.why}); mock saw ${describeSeen(run.seen)}${run.seen.stderr && run.verdict !== 'intended-alone' ? `; stderr: ${run.seen.stderr}` : ''}`)
    if (!step.skip && step.notReproduced.length > 0) lines.push(`    not reproduced: ${step.notReproduced.join('; ')}`)
  }
  if (check.skip) return { check, outcome: 'skipped', lines, reason: check.skip }
  const ran = check.steps.filter((s) => runs.has(s.index))
  if (ran.length === 0) return { check, outcome: 'skipped', lines, reason: `no call reproduced: ${check.steps.map((s) => s.skip).join('; ')}` }
  const other = ran.filter((s) => runs.get(s.index)!.verdict === 'something-else')
  const unreproduced = [...check.steps.filter((s) => s.skip).map((s) => `step ${s.index}`), ...check.otherClaudeSteps]
  if (check.expected === 'pass') {
    if (other.length > 0) {
      const s = other[0]!
      return { check, outcome: 'contradicted', lines, reason: `step ${s.index}: ${runs.get(s.index)!.why}`, observed: 'something-else' }
    }
    return { check, outcome: 'confirmed', lines, reason: unreproduced.length > 0 ? `reproduced calls send the intended credential alone (not reproduced: ${unreproduced.join(', ')})` : '' }
  }
  if (other.length > 0) return { check, outcome: 'confirmed', lines, reason: '' }
  if (unreproduced.length > 0) return { check, outcome: 'skipped', lines, reason: `every reproduced call sends the intended credential alone; the label's mistake may be in what was not reproduced (${unreproduced.join(', ')})` }
  return { check, outcome: 'contradicted', lines, reason: 'every Claude step was reproduced and each sends the intended credential alone', observed: 'intended-alone' }
}

export interface CorpusCliReport {
  results: JobResult[]
  problems: string[]
  stepsRun: number
}

/** The whole check: plan every selected job, make the certificate, run the calls two at a time. */
export async function runCorpusCli(options: { corpusDir: string; cli: string; concurrency: number; timeoutMs: number }): Promise<CorpusCliReport> {
  const { jobs, problems } = selectJobs(options.corpusDir)
  const workspace = path.join(os.tmpdir(), 'cc-corpus-cli-workspace')
  const checks = jobs.map(({ label, job, runSteps }) => planCheck(label, job, runSteps, workspace, options.cli))
  const runnable = checks.flatMap((check) => (check.skip ? [] : check.steps.filter((s) => !s.skip).map((step) => ({ check, step }))))
  const tls = makeCertificate(runnable.flatMap(({ step }) => step.hosts))
  // Managed settings are machine-wide, and another conformance run on this machine may hold
  // them for a few seconds: every CLI run waits until they are gone, and is made again if they
  // came and went meanwhile (machine.ts). The only repetition: a run is never retried for its result.
  const done = await mapPool(runnable, options.concurrency, ({ check, step }) => withoutManagedSettings(() => runStep(check, step, tls, options.timeoutMs)))
  const byCheck = new Map<JobCheck, Map<number, StepRun>>()
  runnable.forEach(({ check, step }, i) => {
    if (!byCheck.has(check)) byCheck.set(check, new Map())
    byCheck.get(check)!.set(step.index, done[i]!)
  })
  return { results: checks.map((check) => outcomeOf(check, byCheck.get(check) ?? new Map())), problems, stepsRun: runnable.length }
}
