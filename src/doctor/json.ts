// The doctor's report as JSON, for scripts and CI. The shape is a contract
// (docs/doctor.md documents every field): add fields freely, but rename or
// remove one only with a new `version`. No credential value ever appears:
// fingerprints only.

import { isKeychainPlace } from '../common/paths.js'
import type { Problem } from '../common/problems.js'
import { PROVIDER_WORDS } from '../common/provider-words.js'
import type { SourceRow } from '../decide/rows.js'
import type { CredentialKind, Origin, ProviderName } from '../resolve/model.js'
import type { Host } from './environment.js'
import type { ModeView } from './judge.js'
import type { DoctorPlaces } from './messages.js'
import type { DoctorReport } from './report.js'

/** 2: \`wire\`/\`otherMode\` became \`sends\`/\`sendsInOtherMode\`, routes are named in the user's words (\`route\`, \`to\`), problems carry their \`rule\`. */
export const SCHEMA_VERSION = 2

/** Each route by a name from the user's words, never the resolver's internal one. */
export const ROUTE_IDS: Readonly<Record<'first-party' | ProviderName, string>> = {
  'first-party': 'anthropic-api',
  bedrock: 'amazon-bedrock',
  vertex: 'google-vertex-ai',
  foundry: 'microsoft-foundry',
  'anthropic-aws': 'claude-in-aws',
  'anthropic-google-cloud': 'claude-on-google-cloud',
  mantle: 'amazon-bedrock-mantle',
}

/** Where a value is defined. Paths are absolute; `line` is 1-based. */
export type JsonWhere =
  | { kind: 'environment'; setIn: { path: string; line: number; sameValue: boolean | null }[] }
  | { kind: 'settings-env'; layer: string; path: string; line: number | null }
  | { kind: 'settings-apiKeyHelper'; layer: string; path: string; line: number | null }
  | { kind: 'credentials-file'; path: string }
  /** macOS: the `/login` Keychain item (its presence only is checked). */
  | { kind: 'keychain'; service: string }
  | { kind: 'claude-json'; path: string; key: 'primaryApiKey' }

export interface JsonSent {
  /** The source's name: a variable, `apiKeyHelper`, `credentialsFile`, `primaryApiKey` or `ANTHROPIC_CUSTOM_HEADERS`. */
  name: string
  headers: string[]
  /** `oauth` (Bearer with the OAuth beta) or `bearer`, when it fills Authorization. */
  scheme: 'oauth' | 'bearer' | null
  fingerprint: string | null
  /** The CLI fills the header only some of the time. */
  sometimes: boolean
  where: JsonWhere
}

export interface JsonWire {
  bare: boolean
  /** Where every request goes: \`anthropic-api\`, or a provider (ROUTE_IDS). */
  route: string
  /** The same, as messages name it: "Anthropic API", "Amazon Bedrock". */
  to: string
  /** On a cloud provider's route: the first-party credentials forwarded there. */
  sent: JsonSent[]
  /** Claude Code's own error when it stops before any request (a provider setup it cannot use); `sent` is then empty. */
  stopsWith: string | null
  /** With --expect: the expected credential is sent alone in this mode; null without --expect. */
  expectMet: boolean | null
}

export interface DoctorJson {
  version: typeof SCHEMA_VERSION
  tool: { name: 'claude-code-auth'; version: string }
  ok: boolean
  exitCode: 0 | 1
  checked: {
    project: string
    home: string
    configDir: string | null
    managedSettings: string
    host: Host
    expect: CredentialKind | null
    bare: boolean
    bareFrom: 'flag' | 'CLAUDE_CODE_SIMPLE' | null
  }
  baseUrl: { value: string; where: JsonWhere | null }
  sends: JsonWire
  /** The other mode: with `--bare` when judged without, and the reverse. */
  sendsInOtherMode: JsonWire
  sources: { name: string; where: JsonWhere; state: SourceRow['state']; fingerprint: string | null; status: SourceRow['status']; note: string | null }[]
  /** `rule`: the finding's stable id (docs/rules.md), to filter or suppress by. */
  problems: { rule: string; severity: Problem['severity']; title: string; cause: string; where: string; fix: string; apply?: Problem['apply'] }[]
  files: { path: string; role: string; state: string }[]
  liveCheck: null | { credential: string; verdict: string; side: string; httpStatus: number | null; latencyMs: number; attempts: number; endpoint: string; route: string; title: string }
}

export function whereOf(name: string, origin: Origin, places: DoctorPlaces): JsonWhere {
  switch (origin.kind) {
    case 'settings-env':
      return { kind: 'settings-env', layer: origin.layer, path: origin.path, line: origin.at?.line ?? null }
    case 'settings-file':
      return { kind: 'settings-apiKeyHelper', layer: origin.layer, path: origin.path, line: origin.at?.line ?? null }
    case 'credentials-file':
      return isKeychainPlace(origin.path) ? { kind: 'keychain', service: /"(.*)"\)$/.exec(origin.path)?.[1] ?? '' } : { kind: 'credentials-file', path: origin.path }
    case 'claude-json':
      return { kind: 'claude-json', path: origin.path, key: 'primaryApiKey' }
    default: {
      const setIn = places.env.setIn.get(name === 'federation' ? 'ANTHROPIC_FEDERATION_RULE_ID' : name) ?? []
      return { kind: 'environment', setIn: setIn.map((a) => ({ path: a.path, line: a.line, sameValue: a.sameValue ?? null })) }
    }
  }
}

function wireJson(view: ModeView, places: DoctorPlaces): JsonWire {
  return {
    bare: view.bare,
    route: ROUTE_IDS[view.wire.route],
    to: view.wire.route === 'first-party' ? 'Anthropic API' : PROVIDER_WORDS[view.wire.route],
    sent: view.sent.map((s) => ({
      name: s.name,
      headers: s.headers,
      scheme: s.scheme ?? null,
      fingerprint: s.fingerprint ?? null,
      sometimes: s.sometimes,
      where: whereOf(s.name, s.origin, places),
    })),
    stopsWith: view.wire.provider?.fails?.message ?? null,
    expectMet: view.expectMet ?? null,
  }
}

export function toJson(report: DoctorReport): DoctorJson {
  const { diagnosis, places } = report
  return {
    version: SCHEMA_VERSION,
    tool: { name: 'claude-code-auth', version: report.toolVersion },
    ok: report.exitCode === 0,
    exitCode: report.exitCode,
    checked: {
      project: report.project,
      home: report.home,
      configDir: report.configDir ?? null,
      managedSettings: report.managedSettings,
      host: report.host,
      expect: diagnosis.expect ?? null,
      bare: diagnosis.bareFrom !== undefined,
      bareFrom: diagnosis.bareFrom ?? null,
    },
    baseUrl: { value: diagnosis.baseUrl.value, where: diagnosis.baseUrl.origin ? whereOf('ANTHROPIC_BASE_URL', diagnosis.baseUrl.origin, places) : null },
    sends: wireJson(diagnosis.judged, places),
    sendsInOtherMode: wireJson(diagnosis.other, places),
    sources: diagnosis.rows.map((row) => ({
      name: row.name,
      where: whereOf(row.name, row.origin, places),
      state: row.state,
      fingerprint: row.fingerprint ?? null,
      status: row.status,
      note: row.note ?? null,
    })),
    problems: report.problems.map((p) => ({ rule: p.rule ?? 'unnamed', severity: p.severity, title: p.title, cause: p.cause, where: p.where, fix: p.fix, ...(p.apply ? { apply: p.apply } : {}) })),
    files: report.files.map((f) => ({ path: f.path, role: f.role, state: f.state })),
    liveCheck: report.liveCheck
      ? {
          credential: report.liveCheck.credential,
          verdict: report.liveCheck.verdict,
          side: report.liveCheck.side,
          httpStatus: report.liveCheck.httpStatus ?? null,
          latencyMs: report.liveCheck.latencyMs,
          attempts: report.liveCheck.attempts,
          endpoint: report.liveCheck.endpoint,
          route: report.liveCheck.route,
          title: report.liveCheck.title,
        }
      : null,
  }
}

export function renderJson(report: DoctorReport): string {
  return `${JSON.stringify(toJson(report), null, 2)}\n`
}
