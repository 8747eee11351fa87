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

import { backoffMs, defaultSleep, extraCa, MAX_ATTEMPTS, MIN_ATTEMPT_MS, originOf, sideOf } from './attempts.js'
import { classify } from './classify.js'
import type { Classification } from './classify.js'
import { describeOutcome } from './messages.js'
import { forReader, type MessageContext } from './messages.js'
import { chooseProxy, parseTarget } from './proxy.js'
import type { ProxyConfig } from './proxy.js'
import { safeLine } from './scrub.js'
import { exchange } from './transport.js'
import type { LiveCheckAttempt, LiveCheckOptions, LiveCheckResult } from './types.js'

export type {
  LiveCheckAttempt,
  LiveCheckOptions,
  LiveCheckReason,
  LiveCheckResult,
  LiveCheckVerdict,
} from './types.js'
export { backoffMs, sideOf } from './attempts.js'

const ANTHROPIC_VERSION = '2023-06-01'
const OAUTH_BETA = 'oauth-2025-04-20'
const PATH = '/v1/models'
const QUERY = '?limit=1'

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
    const wording = forReader(describeOutcome({ retry: false, ...classification }, ctx), ctx.kind, options.reader ?? 'action')
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
