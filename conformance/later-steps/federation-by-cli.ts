// A measurement, not a verdict: the other way to do federation, where this
// action only writes the identity token and every `claude` exchanges it
// itself (ANTHROPIC_FEDERATION_RULE_ID + ANTHROPIC_ORGANIZATION_ID +
// ANTHROPIC_IDENTITY_TOKEN_FILE in the job env). One step starts two `claude`
// processes one after the other; the mock counts the exchanges, and the
// sandbox HOME shows the token cache the CLI leaves. The figures are why this
// action exchanges once itself (docs/conformance.md).

import type { InstalledCli } from '../install-cli.js'
import { startMockApi } from '../mock-api.js'
import { GITHUB_OIDC_JWT, type ExchangeRecord } from '../mock-keyless.js'
import { createSandbox } from '../sandbox.js'
import { describeWire, type Wire } from '../wire.js'
import { FEDERATION_RULE, ORGANIZATION_ID, keylessValueNames } from './keyless.js'
import { withoutManagedSettings } from '../machine.js'
import { runLaterSteps } from './run-steps.js'

export const CLI_FEDERATION_ID = 'later:federation-by-cli'

export interface CliFederationMeasure {
  version: string
  claudeRuns: number
  exchanges: ExchangeRecord[]
  /** Files the CLI left under `~/.config/anthropic`. */
  cachesWritten: string[]
  /** The Bearer tokens the model requests carried, by name, in order of first use. */
  bearers: string[]
  wire: Wire
  /** Why the measurement is void (a timeout, a failed step), when it is. */
  failure?: string
}

export async function measureCliFederation(cli: InstalledCli): Promise<CliFederationMeasure> {
  const mock = await startMockApi()
  const sandbox = createSandbox(
    {
      id: 'federation-by-cli',
      env: { ANTHROPIC_FEDERATION_RULE_ID: FEDERATION_RULE, ANTHROPIC_ORGANIZATION_ID: ORGANIZATION_ID, ANTHROPIC_IDENTITY_TOKEN_FILE: '{root}/identity-token.jwt' },
      // What an action that leaves the exchange to the CLI writes: the job's GitHub OIDC token.
      files: { 'identity-token.jwt': GITHUB_OIDC_JWT },
    },
    mock.url,
  )
  try {
    const steps = [{ label: 'Two claudes', env: {}, run: 'claude -p "one"\nclaude -p "two"\n' }]
    const run = await withoutManagedSettings(() => runLaterSteps({ parent: sandbox.root, cwd: sandbox.project, env: sandbox.jobEnv, steps, executable: cli.executable, mock, label: `${CLI_FEDERATION_ID} (${cli.version})` }))
    const names = keylessValueNames()
    const bearers = [
      ...new Set(
        mock.requests
          .filter((r) => r.method === 'POST' && /\/v1\/messages(\?|$)/.test(r.path) && r.authorization)
          .map((r) => r.authorization!.replace(/^Bearer\s+/i, ''))
          .map((value) => names.get(value) ?? `<unknown ${value.slice(0, 16)}…>`),
      ),
    ]
    const failure = run.timedOut ? `step timed out` : run.failedStep !== undefined ? `step exited ${run.failedExit}: ${run.stderr.split('\n').filter(Boolean).slice(-1)[0] ?? ''}` : undefined
    return { version: cli.version, claudeRuns: run.claudeRuns, exchanges: run.exchanges, cachesWritten: run.cachesWritten, bearers, wire: run.wire, ...(failure ? { failure } : {}) }
  } finally {
    sandbox.cleanup()
    await mock.close()
  }
}

export function cliFederationLine(measures: readonly CliFederationMeasure[]): string {
  const names = keylessValueNames()
  const one = (m: CliFederationMeasure) =>
    `${m.version}: ${m.exchanges.length} exchange${m.exchanges.length === 1 ? '' : 's'} for ${m.claudeRuns} claude processes, ` +
    `cache left: ${m.cachesWritten.join(' ') || 'none'}, sent ${m.bearers.join(' then ') || describeWire(m.wire, names)}${m.failure ? ` (${m.failure})` : ''}`
  return `federation done by the CLI itself (measured): ${measures.map(one).join('; ')}`
}
