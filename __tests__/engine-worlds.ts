// Generated worlds for the engine's property tests (issue 19, "Parity,
// proven" and "mechanical fixes re-judged"): one world, built into files and
// environments for BOTH front ends' builders, in process: the action's (an
// input env + the job env + files: src/action/world.ts) and the doctor's (the
// shell env + the same files: src/doctor/world.ts). Each world: the intended
// credential (right or wrong kind) in its slot, with whitespace, newlines,
// quotes, a prefix or cut short; other credentials in the environment and in
// the settings files of every layer (managed, user, project, local), the same
// value or another, whitespace only; an apiKeyHelper; a provider switch;
// bare mode by the variable or the flag.

import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'

import { actionSetup, actionWorld } from '../src/action/world.js'
import type { Problem } from '../src/common/problems.js'
import { withCertainty } from '../src/common/problems.js'
import { judge as engineJudge, type Judgement } from '../src/engine/judge.js'
import { judge as doctorJudge, type Diagnosis } from '../src/doctor/judge.js'
import { doctorSetup, doctorWorld } from '../src/doctor/world.js'
import type { ScanLocations } from '../src/scan/scan.js'

export type Kind = 'oauth-token' | 'api-key' | 'auth-token'
export const VARIABLE: Record<Kind, string> = { 'oauth-token': 'CLAUDE_CODE_OAUTH_TOKEN', 'api-key': 'ANTHROPIC_API_KEY', 'auth-token': 'ANTHROPIC_AUTH_TOKEN' }
const INPUT: Record<Kind, string> = { 'oauth-token': 'INPUT_CLAUDE-CODE-OAUTH-TOKEN', 'api-key': 'INPUT_ANTHROPIC-API-KEY', 'auth-token': 'INPUT_ANTHROPIC-AUTH-TOKEN' }

const PREFIX = { oauth: 'sk-ant-oat01-', api: 'sk-ant-api03-', admin: 'sk-ant-admin01-', refresh: 'sk-ant-ort01-', gateway: 'gw-' } as const
export type Token = keyof typeof PREFIX
export type Shape = 'as-is' | 'trailing-newline' | 'crlf' | 'surrounding-spaces' | 'inner-space' | 'inner-tab' | 'cut-short' | 'quoted' | 'bearer'
export type Layer = 'managed' | 'user' | 'project' | 'local'
export type Place = 'env' | Layer
const CREDENTIAL_VARIABLES = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN'] as const

export interface Other {
  name: (typeof CREDENTIAL_VARIABLES)[number]
  value: 'same' | 'another' | 'whitespace'
  place: Place
}

export interface GeneratedWorld {
  expect: Kind
  token: Token
  shape: Shape
  /** The action's job environment holds the variable too (as an `env:` block beside the input would). */
  jobCopy: boolean
  others: Other[]
  helper: 'none' | Layer
  provider: 'none' | 'env' | 'user'
  bare: 'none' | 'variable' | 'flag'
  label: number
}

export const worldArb: fc.Arbitrary<GeneratedWorld> = fc.record({
  expect: fc.constantFrom<Kind>('oauth-token', 'api-key', 'auth-token'),
  token: fc.constantFrom<Token>('oauth', 'api', 'admin', 'refresh', 'gateway'),
  shape: fc.constantFrom<Shape>('as-is', 'as-is', 'trailing-newline', 'crlf', 'surrounding-spaces', 'inner-space', 'inner-tab', 'cut-short', 'quoted', 'bearer'),
  jobCopy: fc.boolean(),
  others: fc.array(
    fc.record({
      name: fc.constantFrom(...CREDENTIAL_VARIABLES),
      value: fc.constantFrom<Other['value']>('same', 'another', 'another', 'whitespace'),
      place: fc.constantFrom<Place>('env', 'managed', 'user', 'project', 'local'),
    }),
    { maxLength: 3 },
  ),
  helper: fc.constantFrom<GeneratedWorld['helper']>('none', 'none', 'none', 'user', 'project'),
  provider: fc.constantFrom<GeneratedWorld['provider']>('none', 'none', 'none', 'env', 'user'),
  bare: fc.constantFrom<GeneratedWorld['bare']>('none', 'none', 'variable', 'flag'),
  label: fc.nat(1_000_000),
})

/** `prefix` + 95 characters of a token's alphabet, the same for the same label. */
function fakeToken(prefix: string, label: string): string {
  let body = ''
  for (let i = 0; body.length < 95; i++) body += createHash('sha256').update(`${prefix}|${label}|${i}`).digest('base64url')
  return prefix + body.slice(0, 95)
}

function shaped(token: string, shape: Shape): string {
  switch (shape) {
    case 'as-is':
      return token
    case 'trailing-newline':
      return `${token}\n`
    case 'crlf':
      return `${token}\r\n`
    case 'surrounding-spaces':
      return `  ${token} `
    case 'inner-space':
      return `${token.slice(0, 40)} ${token.slice(40)}`
    case 'inner-tab':
      return `${token.slice(0, 30)}\t${token.slice(30)}`
    case 'cut-short':
      return token.slice(0, 60)
    case 'quoted':
      return `"${token}"`
    case 'bearer':
      return `Bearer ${token}`
  }
}

/** The world written out: environments and files, the same for both front ends. */
export interface Materialised {
  value: string
  variable: string
  /** The shell's (doctor) and the job's (action) environment besides the intended credential. */
  env: Record<string, string>
  /** Settings files by layer, as JSON objects. */
  files: Partial<Record<Layer, { env?: Record<string, string>; apiKeyHelper?: string }>>
  bareFlag: boolean
  jobCopy: boolean
}

export function materialise(w: GeneratedWorld): Materialised {
  const value = shaped(fakeToken(PREFIX[w.token], `engine/${w.label}`), w.shape)
  const variable = VARIABLE[w.expect]
  const env: Record<string, string> = {}
  const files: Materialised['files'] = {}
  w.others.forEach((o, i) => {
    // The intended variable in the environment is the intended credential itself.
    if (o.place === 'env' && o.name === variable) return
    const text =
      o.value === 'same' ? value : o.value === 'whitespace' ? '  ' : fakeToken(o.name === 'ANTHROPIC_API_KEY' ? PREFIX.api : o.name === 'CLAUDE_CODE_OAUTH_TOKEN' ? PREFIX.oauth : PREFIX.gateway, `engine/${w.label}/other/${i}`)
    if (o.place === 'env') env[o.name] = text
    else (files[o.place] ??= {}).env = { ...(files[o.place]?.env ?? {}), [o.name]: text }
  })
  if (w.helper !== 'none') (files[w.helper] ??= {}).apiKeyHelper = 'echo helper-key'
  if (w.provider === 'env') env.CLAUDE_CODE_USE_BEDROCK = '1'
  if (w.provider === 'user') (files.user ??= {}).env = { ...(files.user?.env ?? {}), CLAUDE_CODE_USE_BEDROCK: '1' }
  if (w.bare === 'variable') env.CLAUDE_CODE_SIMPLE = '1'
  return { value, variable, env, files, bareFlag: w.bare === 'flag', jobCopy: w.jobCopy }
}

/** A settings layer sets the intended variable: the shell's value is then the job's too, in both front ends. */
const settingsSet = (m: Materialised): boolean => Object.values(m.files).some((f) => f?.env?.[m.variable] !== undefined)

interface Dirs {
  root: string
  home: string
  project: string
  locations: ScanLocations
}

function writeWorld(m: Materialised): Dirs {
  const root = mkdtempSync(join(tmpdir(), 'cca-engine-'))
  const home = join(root, 'home')
  const project = join(root, 'project')
  mkdirSync(join(home, '.claude'), { recursive: true })
  mkdirSync(join(project, '.claude'), { recursive: true })
  const managed = join(root, 'managed', 'managed-settings.json')
  mkdirSync(join(root, 'managed'))
  const pathOf: Record<Layer, string> = {
    managed,
    user: join(home, '.claude', 'settings.json'),
    project: join(project, '.claude', 'settings.json'),
    local: join(project, '.claude', 'settings.local.json'),
  }
  for (const [layer, content] of Object.entries(m.files)) writeFileSync(pathOf[layer as Layer], JSON.stringify(content, null, 2))
  return { root, home, project, locations: { home, projectDir: project, repoRoot: project, managedSettings: managed } }
}

export interface Verdict {
  ok: boolean
  errors: string[]
  warnings: string[]
}

const verdictOf = (ok: boolean, problems: readonly Problem[], leaveOut: ReadonlySet<string>): Verdict => {
  const rules = (severity: string) => [...new Set(problems.map(withCertainty).filter((p) => p.severity === severity && !leaveOut.has(p.rule ?? '')).map((p) => p.rule ?? '(none)'))].sort()
  return { ok, errors: rules('error'), warnings: rules('warning') }
}

/** The action's builders and the engine, in process: input K holds the value. */
export function judgeAsAction(m: Materialised): { judgement: Judgement; findings: Problem[] } {
  const dirs = writeWorld(m)
  try {
    const env: Record<string, string> = { HOME: dirs.home, GITHUB_WORKSPACE: dirs.project, ...m.env, [INPUT[kindOf(m.variable)]]: m.value }
    if (m.bareFlag) env.INPUT_BARE = 'true'
    if (m.jobCopy || settingsSet(m)) env[m.variable] = m.value
    const reading = { ok: false as const, reason: 'the test gives no workflow file' }
    const setup = actionSetup(env, dirs.project, reading)
    if (!setup.inputs || engineJudge(setup, {}).stopped) {
      const judgement = engineJudge(setup, {})
      return { judgement, findings: judgement.findings }
    }
    const world = actionWorld(env, setup.inputs, dirs.project, reading, undefined, dirs.locations)
    const judgement = engineJudge(setup, world)
    return { judgement, findings: judgement.findings }
  } finally {
    rmSync(dirs.root, { recursive: true, force: true })
  }
}

/** The doctor's builders and its judgement, in process: `--expect K` with the value in K's variable. */
export function judgeAsDoctor(m: Materialised): Diagnosis {
  const dirs = writeWorld(m)
  try {
    const env: Record<string, string> = { HOME: dirs.home, ...m.env, [m.variable]: m.value }
    const world = doctorWorld(env, dirs.project, 'linux', dirs.locations)
    return doctorJudge(world.found, doctorSetup({ expect: kindOf(m.variable), bare: m.bareFlag }, world.keychain), world.places)
  } finally {
    rmSync(dirs.root, { recursive: true, force: true })
  }
}

const kindOf = (variable: string): Kind => (Object.entries(VARIABLE) as [Kind, string][]).find(([, v]) => v === variable)![0]

export const actionVerdict = (m: Materialised, leaveOut: ReadonlySet<string>): Verdict => {
  const { judgement } = judgeAsAction(m)
  return verdictOf(judgement.ok, judgement.findings, leaveOut)
}

export const doctorVerdict = (m: Materialised, leaveOut: ReadonlySet<string>): Verdict => {
  const d = judgeAsDoctor(m)
  return verdictOf(d.ok, d.problems, leaveOut)
}
