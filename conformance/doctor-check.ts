// Assertion 3: the doctor's prediction vs the real CLI. The built doctor
// (`node dist/cli.js doctor --json`) runs in the case's sandbox (same HOME,
// the project as its folder, the case's environment, `--bare` when the case
// is bare) right after the resolver check's CLI run, and the sources it names
// in `wire` must put on the wire exactly what the CLI sent there: the value
// of each is read back from where the doctor says it is (the variable, the
// settings file and key, the credentials file), so a doctor that names the
// wrong place fails even when the header kind is right.

import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { ConformanceCase } from './case-model.js'
import { repoRoot } from './install-cli.js'
import { firstPartyValues } from './intent.js'
import { helperWireValue, type Sandbox } from './sandbox.js'
import { describeWire, sameWire, type Observation, type Wire } from './wire.js'

/** The built doctor; CONFORMANCE_DOCTOR_ENTRY points at a candidate build instead. */
export const DOCTOR_ENTRY = process.env.CONFORMANCE_DOCTOR_ENTRY ?? path.join(repoRoot, 'dist', 'cli.js')

/**
 * The cases the doctor can see: every case without a `--settings` file (the
 * doctor reads no argv of a later `claude`), the same set the end-to-end
 * check runs. On a cloud provider's route only the route and the first-party
 * values forwarded there are compared (the doctor names no provider
 * credential; `sameAsDoctor`).
 */
export const doctorSees = (testCase: ConformanceCase): boolean => !testCase.actionSkip && !testCase.settings?.flag

export interface DoctorVerdict {
  id: string
  ok: boolean
  detail: string
}

/** The part of the doctor's JSON this check reads (docs/doctor.md, schema version 2). */
interface DoctorSent {
  name: string
  headers: string[]
  scheme: 'oauth' | 'bearer' | null
  sometimes: boolean
  where: { kind: string; layer?: string; path?: string }
}
interface DoctorJson {
  version: number
  /** `stopsWith`: the CLI's error when it stops before any request. */
  sends: { route: string; sent: DoctorSent[]; stopsWith?: string | null }
}

/** The doctor names routes in the user's words (docs/doctor.md); the suite's Wire by the resolver's names. Written out by hand. */
const ROUTE_OF: Record<string, string> = {
  'anthropic-api': 'first-party',
  'amazon-bedrock': 'bedrock',
  'google-vertex-ai': 'vertex',
  'microsoft-foundry': 'foundry',
  'claude-in-aws': 'anthropic-aws',
  'claude-on-google-cloud': 'anthropic-google-cloud',
  'amazon-bedrock-mantle': 'mantle',
}

function runDoctor(sandbox: Sandbox, bare: boolean): Promise<{ json?: DoctorJson; error?: string }> {
  const args = [DOCTOR_ENTRY, 'doctor', '--json', ...(bare ? ['--bare'] : [])]
  return new Promise((resolveRun) => {
    execFile(process.execPath, args, { cwd: sandbox.project, env: sandbox.jobEnv, timeout: 30_000, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      // Exit 1 is a verdict (a problem found), not a failure of the tool.
      const exitCode = error && 'code' in error ? error.code : 0
      if (exitCode !== 0 && exitCode !== 1) return resolveRun({ error: `doctor exit ${String(exitCode)}: ${stderr.slice(0, 300)}` })
      try {
        resolveRun({ json: JSON.parse(stdout) as DoctorJson })
      } catch {
        resolveRun({ error: `doctor printed no JSON: ${stdout.slice(0, 200)} ${stderr.slice(0, 200)}` })
      }
    })
  })
}

const readJson = (file: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  } catch {
    return undefined
  }
}

/** The value a source the doctor names puts on the wire, read from where the doctor says it is. */
function valueAt(sent: DoctorSent, testCase: ConformanceCase, sandbox: Sandbox): string | undefined {
  const { where } = sent
  switch (where.kind) {
    case 'environment':
      if (sent.name === 'CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR' || sent.name === 'CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR') return testCase.fd?.[sent.name]?.trim()
      return sandbox.jobEnv[sent.name]?.trim()
    case 'settings-env': {
      const env = readJson(where.path ?? '')?.env as Record<string, string> | undefined
      return env?.[sent.name]?.trim()
    }
    case 'settings-apiKeyHelper': {
      // The helper of the case's settings file at that path (a helper's output is known only when it runs).
      const file = sandbox.settings.find((s) => s.path === where.path && s.apiKeyHelper !== undefined)
      return file ? helperWireValue(testCase.settings?.[file.layer]?.apiKeyHelper) : undefined
    }
    case 'credentials-file':
      return ((readJson(where.path ?? '')?.claudeAiOauth as { accessToken?: string } | undefined)?.accessToken ?? '').trim() || undefined
    case 'claude-json':
      return (readJson(where.path ?? '')?.primaryApiKey as string | undefined)?.trim()
    default:
      return undefined
  }
}

/** The doctor's `sends` as the suite's Wire: what the sources it names would put in each header. */
function doctorWire(json: DoctorJson, testCase: ConformanceCase, sandbox: Sandbox): Wire {
  const { sent, stopsWith } = json.sends
  const route = ROUTE_OF[json.sends.route] ?? `<unknown route ${json.sends.route}>`
  if ((route === 'first-party' && sent.length === 0) || stopsWith) return { route: 'none' }
  const wire: Wire = { route: route as Wire['route'] }
  const uncertain: NonNullable<Wire['uncertain']> = []
  for (const source of sent) {
    const value = valueAt(source, testCase, sandbox) ?? `<nothing at ${source.name} ${source.where.kind} ${source.where.path ?? ''}>`
    for (const header of source.headers) {
      if (header === 'authorization') wire.authorization = { value, oauth: source.scheme === 'oauth' }
      if (header === 'x-api-key') wire.xApiKey = value
      if (source.sometimes && (header === 'authorization' || header === 'x-api-key')) uncertain.push(header)
    }
  }
  if (uncertain.length > 0) wire.uncertain = uncertain
  // As predictedWire: a whitespace-only ANTHROPIC_API_KEY (present only under 2.1.197's reading) stops the CLI before any request.
  if (wire.xApiKey === '' && sent.some((s) => s.name === 'ANTHROPIC_API_KEY' && s.headers.includes('x-api-key'))) return { route: 'none' }
  return wire
}

/**
 * On a cloud provider's route the doctor names no provider credential (its
 * `sent` lists first-party sources only): there the comparable part is the
 * route and the first-party values the CLI put on the request (forwarded
 * under a skip-auth flag), which must be the ones the doctor names.
 */
function forwardedPart(wire: Wire, firstParty: ReadonlySet<string>): Wire {
  const view = wire.provider
  const part: Wire = { route: wire.route }
  if (!view) return part
  const bearer = view.authorization && 'bearer' in view.authorization ? view.authorization.bearer : undefined
  if (bearer !== undefined && firstParty.has(bearer)) part.authorization = { value: bearer, oauth: false }
  if (view.xApiKey !== undefined && firstParty.has(view.xApiKey)) part.xApiKey = view.xApiKey
  return part
}

function sameAsDoctor(predicted: Wire, observed: Wire, firstParty: ReadonlySet<string>): boolean {
  if (!observed.provider) return sameWire(predicted, observed)
  const cli = forwardedPart(observed, firstParty)
  const doctor: Wire = { ...predicted, ...(predicted.authorization ? { authorization: { ...predicted.authorization, oauth: false } } : {}) }
  return cli.route === doctor.route && cli.authorization?.value === doctor.authorization?.value && cli.xApiKey === doctor.xApiKey
}

export async function checkDoctor(testCase: ConformanceCase, sandbox: Sandbox, observed: Observation, names: ReadonlyMap<string, string>): Promise<DoctorVerdict> {
  const run = await runDoctor(sandbox, testCase.bare ?? false)
  if (!run.json) return { id: testCase.id, ok: false, detail: run.error ?? 'no answer' }
  const predicted = doctorWire(run.json, testCase, sandbox)
  const firstParty = firstPartyValues(testCase, sandbox)
  const ok = sameAsDoctor(predicted, observed.wire, firstParty)
  const sources = run.json.sends.sent.map((s) => `${s.name} (${s.where.kind}${s.where.layer ? ` ${s.where.layer}` : ''}: ${s.headers.join('+')})`).join(', ') || 'nothing'
  return {
    id: testCase.id,
    ok,
    detail: [
      `doctor    ${describeWire(predicted, names)}  [names ${sources}]`,
      `CLI sent  ${describeWire(observed.wire, names)}`,
      ...(observed.wire.provider ? [`first-party values on that request: ${describeFirstParty(forwardedPart(observed.wire, firstParty), names)}`] : []),
    ].join('\n'),
  }
}

function describeFirstParty(part: Wire, names: ReadonlyMap<string, string>): string {
  const label = (value: string) => names.get(value) ?? '<unknown>'
  return `authorization=${part.authorization ? label(part.authorization.value) : '-'} x-api-key=${part.xApiKey !== undefined ? label(part.xApiKey) : '-'}`
}
