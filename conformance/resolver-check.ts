// Assertion 1: the resolver's predicted header slots equal what the CLI sent.

import { resolve } from '../src/resolve/resolve.js'
import type { WireResult } from '../src/resolve/model.js'
import type { ConformanceCase } from './case-model.js'
import type { InstalledCli } from './install-cli.js'
import { startMockApi, type MockApi, type RecordedRequest } from './mock-api.js'
import { runCli, type CliRun } from './run-cli.js'
import { createSandbox, removeManagedSettings, worldOf, helperWireValue, type Sandbox } from './sandbox.js'
import { takeManagedSettings, withoutManagedSettings } from './machine.js'
import { describeWire, observe, predictedWire, sameWire, type Observation, type Wire } from './wire.js'
import { INTENDED } from './values.js'
import { mockTls } from './mock-tls.js'
import { AWS_CHAIN_KEYS, AZURE_TOKENS, GOOGLE_TOKENS } from './mock-providers.js'
import { CLOUD } from '../src/resolve/rules.js'

const FOUNDRY_SKIP_PLACEHOLDER = CLOUD.foundry.skipPlaceholder.flatMap((entry) => ('placeholder' in entry.rule ? [entry.rule.placeholder] : []))[0]

export interface ResolverVerdict {
  id: string
  ok: boolean
  predicted: Wire
  observed: Observation
  resolved: WireResult
  cli: Pick<CliRun, 'exitCode' | 'timedOut' | 'durationMs'> & { stderr: string; stdout: string }
  detail: string
}

/** Labels for every value a case defines, so a report names sources rather than printing tokens. */
export function valueNames(testCase: ConformanceCase): Map<string, string> {
  const names = new Map<string, string>()
  const add = (value: string | undefined, label: string) => {
    if (value !== undefined && value.trim() !== '') names.set(value.trim(), label)
  }
  for (const [name, value] of Object.entries(testCase.env ?? {})) add(value, `${name}@process`)
  for (const [name, value] of Object.entries(testCase.fd ?? {})) add(value, `${name}@fd`)
  for (const [layer, spec] of Object.entries(testCase.settings ?? {})) {
    for (const [name, value] of Object.entries(spec.env ?? {})) add(value, `${name}@${layer}`)
    add(helperWireValue(spec.apiKeyHelper), `apiKeyHelper@${layer}`)
  }
  add(testCase.credentialsFile?.accessToken, 'credentialsFile')
  add(testCase.primaryApiKey, 'primaryApiKey')
  for (const [kind, value] of Object.entries(INTENDED)) add(value, `intended ${kind}`)
  for (const [profile, keys] of Object.entries({ ...testCase.awsFiles?.config, ...testCase.awsFiles?.credentials })) {
    add(keys.aws_access_key_id, `aws_access_key_id@profile ${profile}`)
    add(keys.aws_session_token, `aws_session_token@profile ${profile}`)
  }
  for (const [member, keys] of Object.entries(AWS_CHAIN_KEYS)) {
    add(keys.accessKeyId, `aws-chain ${member} key id`)
    add(keys.sessionToken, `aws-chain ${member} session token`)
  }
  for (const [step, token] of Object.entries({ ...GOOGLE_TOKENS, ...AZURE_TOKENS })) add(token, `${step} token (mock)`)
  add(FOUNDRY_SKIP_PLACEHOLDER, 'the skip-auth placeholder')
  return names
}

/** Versions before this one treat a whitespace-only value as present (facts §2). */
const WHITESPACE_TRIMMED_SINCE = [2, 1, 330]
export function whitespaceOnlyIsPresent(version: string): boolean {
  const parts = version.split('.').map(Number)
  for (let i = 0; i < 3; i++) {
    if (parts[i] !== WHITESPACE_TRIMMED_SINCE[i]) return parts[i] < WHITESPACE_TRIMMED_SINCE[i]
  }
  return false
}

/** The CLI run of a resolver check, for checks that reuse it instead of running the CLI again. */
export interface ResolverRun {
  sandbox: Sandbox
  mock: MockApi
  requests: readonly RecordedRequest[]
  observed: Observation
  /** Killed at its limit (run-cli.ts CLI_TIMEOUT_MS). */
  timedOut: boolean
}

/**
 * `afterRun` runs in the same sandbox right after the CLI, before it is
 * removed (managed settings still in place): the doctor check and the
 * end-to-end check reuse the run.
 */
export async function checkResolver(testCase: ConformanceCase, cli: InstalledCli, afterRun?: (run: ResolverRun) => Promise<void>): Promise<ResolverVerdict> {
  const mock = await startMockApi(testCase.mockTls ? { tls: mockTls() } : {})
  const sandbox = createSandbox(testCase, mock.url)
  try {
    await takeManagedSettings(sandbox)
    const run = await withoutManagedSettings(() => {
      mock.requests.length = 0
      return runCli({ executable: cli.executable, cwd: sandbox.project, env: sandbox.jobEnv, args: sandbox.args, fds: sandbox.fds, label: `${testCase.id} (resolver check, ${cli.version})` })
    })
    const observed = observe(mock.requests)
    if (afterRun) await afterRun({ sandbox, mock, requests: [...mock.requests], observed, timedOut: run.timedOut })
    const resolved = resolve(worldOf(sandbox, testCase, sandbox.jobEnv, cli.version, whitespaceOnlyIsPresent(cli.version)))
    const predicted = predictedWire(resolved, testCase, mock.url)
    // Requests the CLI tried to send elsewhere (through the recording proxy) are
    // reported, not judged: only the model requests carry the header slots.
    // A run that timed out proves nothing, least of all "sent nothing".
    const ok = sameWire(predicted, observed.wire) && !observed.inconsistent && !run.timedOut
    const names = valueNames(testCase)
    const detail = [
      `predicted ${describeWire(predicted, names)}`,
      `observed  ${describeWire(observed.wire, names)}${observed.inconsistent ? ' (requests disagree)' : ''}`,
      ...(run.timedOut ? ['the CLI run timed out'] : []),
      ...(observed.escapes.length ? [`tried to reach (refused by the proxy): ${observed.escapes.join(', ')}`] : []),
    ].join('\n')
    return {
      id: testCase.id,
      ok,
      predicted,
      observed,
      resolved,
      cli: { exitCode: run.exitCode, timedOut: run.timedOut, durationMs: run.durationMs, stderr: run.stderr.slice(0, 2000), stdout: run.stdout.slice(0, 2000) },
      detail,
    }
  } finally {
    if (sandbox.usesManagedSettings) removeManagedSettings()
    sandbox.cleanup()
    await mock.close()
  }
}
