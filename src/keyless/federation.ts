// Workload identity federation, done once for the whole job: this action
// asks GitHub for an OIDC token with the rule's audience, exchanges it at
// Anthropic's token endpoint (RFC 7523 jwt-bearer, as Claude Code itself
// does), and later steps get the short-lived token it returns as
// CLAUDE_CODE_OAUTH_TOKEN. Why this design, with the measurements behind it:
// docs/federation.md. Loaded only for `method: federation` (dist/federation.js).

import { readFileSync } from 'node:fs'
import { rootCertificates } from 'node:tls'
import type { FederationInputs, Env } from '../inputs/inputs.js'
import { chooseProxy, parseTarget } from '../live-check/proxy.js'
import { exchange, type Exchange } from '../live-check/transport.js'

/** Claude Code's own headers for the exchange (measured, 2.1.330). */
const FEDERATION_BETA = 'oauth-2025-04-20,oidc-federation-2026-04-01'
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'

export type FederationFailure =
  | { step: 'oidc-permission' }
  | { step: 'oidc'; status?: number; detail: string }
  | { step: 'exchange'; status?: number; serverMessage?: string; detail: string }

export interface FederationToken {
  token: string
  /** Milliseconds since the epoch, when the endpoint says. */
  expiresAt?: number
  scope?: string
  /** The GitHub OIDC token: to be masked, never exported. */
  assertion: string
}

export interface FederationOptions {
  env: Env
  federation: FederationInputs
  /** Where Claude Code sends the exchange: ANTHROPIC_BASE_URL, else the API. */
  baseUrl: string
  timeoutMs: number
  /** Called with every secret the moment it is known, before anything can print it. */
  mask(secret: string): void
}

function trust(env: Env): string[] | undefined {
  const extra = env.NODE_EXTRA_CA_CERTS
  if (!extra) return undefined
  try {
    return [...rootCertificates, readFileSync(extra, 'utf8')]
  } catch {
    return undefined
  }
}

async function request(env: Env, url: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string; timeoutMs: number }): Promise<Exchange | { kind: 'bad-url' }> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { kind: 'bad-url' }
  }
  const target = parseTarget(parsed.origin)
  if ('error' in target) return { kind: 'bad-url' }
  const choice = chooseProxy(env, target)
  const ca = trust(env)
  return exchange({
    target,
    ...(choice.kind === 'proxy' ? { proxy: choice.proxy } : {}),
    path: `${parsed.pathname}${parsed.search}`,
    headers: init.headers,
    method: init.method,
    ...(init.body !== undefined ? { body: init.body } : {}),
    ...(ca ? { ca } : {}),
    timeoutMs: init.timeoutMs,
  })
}

const describe = (result: Exchange | { kind: 'bad-url' }): string =>
  result.kind === 'bad-url' ? 'the URL is not valid' : result.kind === 'timeout' ? `no answer in time (${result.phase})` : result.kind === 'answer' ? `HTTP ${result.answer.status}` : `${result.cause} (${result.phase})`

/** The GitHub OIDC token for `audience`, then the exchanged Anthropic token. */
export async function federate(options: FederationOptions): Promise<FederationToken | FederationFailure> {
  const { env, federation } = options
  const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
  if (!requestUrl || !requestToken) return { step: 'oidc-permission' }
  // The runner masks it too; a token of the job is masked here whatever the runner does.
  options.mask(requestToken)
  const started = Date.now()
  const left = () => Math.max(1000, options.timeoutMs - (Date.now() - started))

  const oidcUrl = `${requestUrl}${requestUrl.includes('?') ? '&' : '?'}audience=${encodeURIComponent(federation.audience)}`
  const oidc = await request(env, oidcUrl, { method: 'GET', headers: { authorization: `Bearer ${requestToken}`, accept: 'application/json; api-version=2.0' }, timeoutMs: left() })
  if (oidc.kind !== 'answer' || oidc.answer.status !== 200) return { step: 'oidc', ...(oidc.kind === 'answer' ? { status: oidc.answer.status } : {}), detail: describe(oidc) }
  let assertion: unknown
  try {
    assertion = (JSON.parse(oidc.answer.body) as { value?: unknown }).value
  } catch {
    assertion = undefined
  }
  if (typeof assertion !== 'string' || assertion.split('.').length !== 3) return { step: 'oidc', status: 200, detail: 'the answer held no token' }
  options.mask(assertion)

  const body = JSON.stringify({
    grant_type: JWT_BEARER,
    assertion,
    federation_rule_id: federation.ruleId,
    organization_id: federation.organizationId,
    ...(federation.serviceAccountId ? { service_account_id: federation.serviceAccountId } : {}),
    ...(federation.workspaceId ? { workspace_id: federation.workspaceId } : {}),
  })
  const tokenUrl = `${options.baseUrl.replace(/\/+$/, '')}/v1/oauth/token`
  const answer = await request(env, tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-beta': FEDERATION_BETA, accept: 'application/json' },
    body,
    timeoutMs: left(),
  })
  if (answer.kind !== 'answer') return { step: 'exchange', detail: describe(answer) }
  let parsed: { access_token?: unknown; expires_in?: unknown; scope?: unknown; error?: { message?: unknown } | unknown } = {}
  try {
    parsed = JSON.parse(answer.answer.body) as typeof parsed
  } catch {
    parsed = {}
  }
  if (answer.answer.status !== 200 || typeof parsed.access_token !== 'string') {
    const error = parsed.error as { message?: unknown } | undefined
    const serverMessage = typeof error === 'object' && error !== null && typeof error.message === 'string' ? error.message : undefined
    return { step: 'exchange', status: answer.answer.status, ...(serverMessage ? { serverMessage } : {}), detail: describe(answer) }
  }
  options.mask(parsed.access_token)
  return {
    token: parsed.access_token,
    assertion,
    ...(typeof parsed.expires_in === 'number' ? { expiresAt: Date.now() + parsed.expires_in * 1000 } : {}),
    ...(typeof parsed.scope === 'string' ? { scope: parsed.scope } : {}),
  }
}
