// The opt-in live check: one cheap request proves the credential works before
// the expensive step runs. Loaded by main through `await import()` only when
// `live-check: true`, so runs without it never load node:http, node:tls or this
// code. Nothing else in src may import this module.
//
// The request, by credential kind (all GET <base>/v1/models?limit=1, which
// spends no tokens):
//   api-key      x-api-key + anthropic-version
//   auth-token   Authorization: Bearer + anthropic-version (the gateway's own check)
//   oauth-token  Authorization: Bearer + anthropic-version + anthropic-beta: oauth-2025-04-20
// For OAuth no endpoint is documented. /v1/models is chosen because clients
// that list models for Claude Code subscribers report it accepts the Bearer
// token with the oauth beta, and refuses tokens lacking user:inference, which
// is the scope a `claude setup-token` token carries and Claude Code needs.
// /api/oauth/profile and /api/oauth/usage need user:profile, which setup-tokens
// never have; POST /v1/messages spends subscription quota. Because the choice
// is not confirmed, only answers listed in classify.ts become a verdict for an
// OAuth token; anything else is 'inconclusive' (a warning, never a failure).

import { readFileSync } from 'node:fs'
import { rootCertificates } from 'node:tls'
import { classify } from './classify.js'
import type { Classification } from './classify.js'
import { describeOutcome } from './messages.js'
import type { MessageContext } from './messages.js'
import { chooseProxy, parseTarget } from './proxy.js'
import type { ProxyConfig, Target } from './proxy.js'
import { safeLine } from './scrub.js'
import { exchange } from './transport.js'
import type { LiveCheckAttempt, LiveCheckOptions, LiveCheckResult, LiveCheckVerdict } from './types.js'

export type {
  LiveCheckAttempt,
  LiveCheckOptions,
  LiveCheckReason,
  LiveCheckResult,
  LiveCheckVerdict,
} from './types.js'

const ANTHROPIC_VERSION = '2023-06-01'
const OAUTH_BETA = 'oauth-2025-04-20'
const PATH = '/v1/models'
const QUERY = '?limit=1'
/** 1 + 3 retries: enough to ride out a blip, few enough to stay polite. */
const MAX_ATTEMPTS = 4
const BACKOFF_BASE_MS = 250
const BACKOFF_CAP_MS = 4000
/** A retry is only worth starting if this much budget is left after the wait. */
const MIN_ATTEMPT_MS = 250

const AUTH_SIDE: ReadonlySet<LiveCheckVerdict> = new Set(['invalid', 'expired', 'forbidden', 'billing'])
const NETWORK_SIDE: ReadonlySet<LiveCheckVerdict> = new Set(['rate-limited', 'server-error', 'network-error', 'timeout'])

/**
 * Which side a verdict falls on. Rate limiting counts as network-side: the
 * credential got far enough to be counted, and the condition passes by itself.
 */
export function sideOf(verdict: LiveCheckVerdict): LiveCheckResult['side'] {
  if (AUTH_SIDE.has(verdict)) return 'auth'
  if (NETWORK_SIDE.has(verdict)) return 'network'
  return 'none'
}

function headersFor(kind: LiveCheckOptions['kind'], credential: string): Record<string, string> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-encoding': 'identity',
    'anthropic-version': ANTHROPIC_VERSION,
    'user-agent': 'claude-code-auth-action (live-check)',
    connection: 'close',
  }
  if (kind === 'api-key') {
    headers['x-api-key'] = credential
  } else {
    headers.authorization = `Bearer ${credential}`
    if (kind === 'oauth-token') headers['anthropic-beta'] = OAUTH_BETA
  }
  return headers
}

/** Full jitter between half and all of the exponential step, so parallel jobs do not retry in lockstep. */
export function backoffMs(attempt: number, random: () => number): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1))
  const r = Math.min(1, Math.max(0, random()))
  return Math.round(step * (0.5 + 0.5 * r))
}

/** NODE_EXTRA_CA_CERTS is read by Node only at process start; pass it explicitly so tunnelled TLS trusts it too. */
function extraCa(env: LiveCheckOptions['env']): { ca?: string[]; note?: string } {
  const path = env.NODE_EXTRA_CA_CERTS?.trim()
  if (!path) return {}
  try {
    const pem = readFileSync(path, 'utf8')
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      return { note: `NODE_EXTRA_CA_CERTS (${path}) holds no PEM certificate; the check used the default CAs only.` }
    }
    return { ca: [...rootCertificates, pem] }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable'
    return { note: `NODE_EXTRA_CA_CERTS (${path}) could not be read (${code}); the check used the default CAs only.` }
  }
}

function originOf(target: Target): string {
  const host = target.hostname.includes(':') ? `[${target.hostname}]` : target.hostname
  const defaultPort = target.protocol === 'https:' ? 443 : 80
  return `${target.protocol}//${host}${target.port === defaultPort ? '' : `:${target.port}`}`
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export async function runLiveCheck(options: LiveCheckOptions): Promise<LiveCheckResult> {
  const started = performance.now()
  const elapsed = (): number => performance.now() - started
  const budget = Number.isFinite(options.timeoutMs) && options.timeoutMs > 0 ? options.timeoutMs : 1
  const sleep = options.sleep ?? defaultSleep
  const random = options.random ?? Math.random
  const notes: string[] = []
  let secrets: string[] = [...options.secrets, options.credential]

  const finish = (
    classification: Pick<Classification, 'verdict' | 'reason' | 'httpStatus' | 'serverText' | 'network' | 'timeoutPhase'>,
    ctx: MessageContext,
    history: LiveCheckAttempt[],
  ): LiveCheckResult => {
    const wording = describeOutcome({ retry: false, ...classification }, ctx)
    // Own wording: secrets only (defence in depth). Server text: every credential shape too.
    const line = (text: string, max: number): string => safeLine(text, secrets, max, false)
    const serverMessage = classification.serverText ? safeLine(classification.serverText, secrets, 300) : undefined
    return {
      verdict: classification.verdict,
      side: sideOf(classification.verdict),
      httpStatus: classification.httpStatus,
      attempts: history.length,
      latencyMs: Math.round(elapsed()),
      ...(serverMessage ? { serverMessage } : {}),
      title: line(wording.title, 120),
      message: line(wording.message, 600),
      fix: line(wording.fix, 600),
      endpoint: line(ctx.endpoint, 300),
      reason: classification.reason,
      history,
      route: line(ctx.route, 200),
      notes: notes.map((note) => line(note, 300)),
    }
  }

  const target = parseTarget(options.baseUrl)
  if ('error' in target) {
    const ctx: MessageContext = {
      kind: options.kind,
      origin: 'the base URL',
      endpoint: `GET ${PATH}`,
      timeoutMs: budget,
      attempts: 0,
      route: 'none',
      configProblem: target.error,
    }
    return finish({ verdict: 'network-error', reason: 'bad-base-url' }, ctx, [])
  }

  const origin = originOf(target)
  const endpoint = `GET ${origin}${target.basePath}${PATH}`
  const choice = chooseProxy(options.env, target)
  let proxy: ProxyConfig | undefined
  let route = 'direct'
  if (choice.kind === 'invalid') {
    const ctx: MessageContext = {
      kind: options.kind,
      origin,
      endpoint,
      timeoutMs: budget,
      attempts: 0,
      route: `proxy from ${choice.variable}`,
      configProblem: `${choice.variable} ${choice.reason}`,
    }
    return finish({ verdict: 'network-error', reason: 'bad-proxy-url' }, ctx, [])
  }
  if (choice.kind === 'proxy') {
    proxy = choice.proxy
    secrets = [...secrets, ...choice.secrets]
    route = `proxy ${proxy.display} (${proxy.variable})`
  } else if (choice.bypassedBy) {
    route = `direct (${choice.bypassedBy})`
  }

  const { ca, note } = extraCa(options.env)
  if (note) notes.push(note)

  const headers = headersFor(options.kind, options.credential)
  const history: LiveCheckAttempt[] = []
  const ctx: MessageContext = {
    kind: options.kind,
    origin,
    endpoint,
    timeoutMs: budget,
    attempts: 0,
    route,
    proxyDisplay: proxy?.display,
  }

  for (;;) {
    const attemptStarted = elapsed()
    const outcome = await exchange({
      target,
      proxy,
      path: `${PATH}${QUERY}`,
      headers,
      ca,
      lookup: options.lookup,
      timeoutMs: budget - attemptStarted,
    })
    const result = classify(options.kind, outcome)
    const attempt: LiveCheckAttempt = {
      verdict: result.verdict,
      reason: result.reason,
      latencyMs: Math.round(elapsed() - attemptStarted),
      ...(result.httpStatus !== undefined ? { httpStatus: result.httpStatus } : {}),
    }
    history.push(attempt)
    ctx.attempts = history.length

    if (!result.retry || history.length >= MAX_ATTEMPTS) return finish(result, ctx, history)
    const wait = result.retryAfterMs ?? backoffMs(history.length, random)
    if (elapsed() + wait + MIN_ATTEMPT_MS > budget) {
      if (result.retryAfterMs !== undefined) ctx.waitBeyondBudgetMs = result.retryAfterMs
      return finish(result, ctx, history)
    }
    attempt.waitMs = wait
    await sleep(wait)
  }
}
