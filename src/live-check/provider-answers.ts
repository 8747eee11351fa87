// What a cloud provider's answer means, where all three agree: the error
// body's shapes (AWS, Google, Azure and the Anthropic envelope a model behind
// them may send), and the statuses that say nothing about the credential
// (redirects, 404, rate limits, server errors), the network failures and the
// timeouts. Each provider module judges its own 2xx, 401 and 403.

import { PROVIDER_WORDS } from '../common/provider-words.js'
import type { CloudProvider } from '../resolve/model.js'
import { retryAfterMs } from './classify.js'
import type { HttpAnswer, NetworkFailure, Phase } from './transport.js'
import type { LiveCheckReason, LiveCheckVerdict } from './types.js'

export interface Wording {
  title: string
  message: string
  fix: string
}

/** Where the check stood when it judged: for the words. */
export interface AnswerContext {
  provider: CloudProvider
  /** METHOD URL, without query. */
  endpoint: string
  /** scheme://host[:port]. */
  origin: string
  attempts: number
  timeoutMs: number
  /** The setting that decides the endpoint, for fixes: "ANTHROPIC_BEDROCK_BASE_URL", "`aws-region` (AWS_REGION)". */
  endpointSetting: string
  proxyDisplay?: string
  /** Set when the check stopped retrying because the server's wait did not fit in the budget. */
  waitBeyondBudgetMs?: number
}

export interface Judgement {
  verdict: LiveCheckVerdict
  reason: LiveCheckReason
  httpStatus?: number
  /** The server's own message, raw: scrubbed before it goes anywhere. */
  serverText?: string
  retry?: boolean
  retryAfterMs?: number
  /** Words are chosen once the last attempt is known. */
  words: (ctx: AnswerContext) => Wording
}

/** The provider accepted the credential: `proof` says what the endpoint answered and what that shows. */
export function providerAccepted(provider: CloudProvider, httpStatus: number, proof: (ctx: AnswerContext) => string): Judgement {
  return {
    httpStatus,
    verdict: 'valid',
    reason: 'provider-accepted',
    words: (ctx) => ({ title: `${PROVIDER_WORDS[provider]} accepted the credential`, message: proof(ctx), fix: 'Nothing to do.' }),
  }
}

export const WARN_HINT = 'If the job should go on when the check itself cannot complete, set live-check-failure: warn.'

export interface ErrorBody {
  json?: unknown
  /** The error's own message. */
  message?: string
  /** An error type or code: AWS `AccessDeniedException`, Google `PERMISSION_DENIED`, Azure `401`, Anthropic `not_found_error`. */
  type?: string
  /** Everything matchable, lower-cased: message, type, and Google's `details[].reason`s. */
  text: string
}

const headerValue = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value)

/**
 * The error in a provider's answer. AWS names it in `x-amzn-errortype`
 * (`AccessDeniedException:http://…`) or `__type` (`…#UnrecognizedClientException`),
 * with `message` or `Message`; Google and Azure nest `{error:{code,message,status,details}}`;
 * the Anthropic envelope is `{type:'error',error:{type,message}}`.
 */
export function errorBody(answer: Pick<HttpAnswer, 'body' | 'headers'>): ErrorBody {
  const amazonType = headerValue(answer.headers['x-amzn-errortype'])?.split(':')[0]
  const text = answer.body.trim()
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    const plain = text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ').trim()
    return { message: plain || undefined, type: amazonType, text: `${plain} ${amazonType ?? ''}`.toLowerCase() }
  }
  const record = json && typeof json === 'object' ? (json as Record<string, unknown>) : {}
  const inner = record.error && typeof record.error === 'object' ? (record.error as Record<string, unknown>) : undefined
  const string = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined)
  const message = string(inner?.message) ?? string(record.error) ?? string(record.message) ?? string(record.Message)
  const type =
    amazonType ??
    string(record.__type)?.split('#').pop() ??
    string(inner?.status) ??
    string(inner?.type) ??
    (inner?.code !== undefined ? String(inner.code) : undefined) ??
    string(record.code)
  const reasons = Array.isArray(inner?.details)
    ? inner.details.map((d) => (d && typeof d === 'object' ? string((d as Record<string, unknown>).reason) : undefined)).filter(Boolean)
    : []
  return { json, message, type, text: [message, type, ...reasons].filter(Boolean).join(' ').toLowerCase() }
}

function seconds(ms: number): string {
  const s = ms / 1000
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`
}

/** The answers whose meaning does not depend on the provider: anything but 2xx, 401 and 403. */
export function commonJudgement(answer: HttpAnswer, error: ErrorBody): Judgement {
  const { status } = answer
  const base = { httpStatus: status, serverText: error.message }
  if (status >= 300 && status <= 399) {
    return {
      ...base,
      verdict: 'inconclusive',
      reason: 'redirect',
      words: (ctx) => ({
        title: `Live check inconclusive (${status})`,
        message: `${ctx.endpoint} answered with a redirect (${status}); the check does not follow redirects, and neither does Claude Code.`,
        fix: `Check ${ctx.endpointSetting}: it should name the ${PROVIDER_WORDS[ctx.provider]} endpoint itself.`,
      }),
    }
  }
  if (status === 429) {
    return {
      ...base,
      verdict: 'rate-limited',
      reason: 'rate-limited',
      retry: true,
      retryAfterMs: retryAfterMs(answer.headers),
      words: (ctx) => ({
        title: `Rate limited (${status})`,
        message:
          ctx.waitBeyondBudgetMs !== undefined
            ? `${ctx.origin} asked to wait ${seconds(ctx.waitBeyondBudgetMs)}, more than is left of the ${seconds(ctx.timeoutMs)} budget. The credential got far enough to be counted.`
            : `${ctx.origin} kept answering 429 Too Many Requests (${ctx.attempts} attempt${ctx.attempts === 1 ? '' : 's'}) within the ${seconds(ctx.timeoutMs)} budget.`,
        fix: `Re-run later, or raise the ${PROVIDER_WORDS[ctx.provider]} quota; raise live-check-timeout to wait longer. ${WARN_HINT}`,
      }),
    }
  }
  if (status >= 500) {
    return {
      ...base,
      verdict: 'server-error',
      reason: 'server-error',
      retry: true,
      retryAfterMs: retryAfterMs(answer.headers),
      words: (ctx) => ({
        title: `Server error (${status})`,
        message: `${ctx.origin} answered ${status} (${ctx.attempts} attempt${ctx.attempts === 1 ? '' : 's'}); the credential could not be checked.`,
        fix: `Re-run later and check the ${PROVIDER_WORDS[ctx.provider]} service health (or the gateway's). ${WARN_HINT}`,
      }),
    }
  }
  if (status === 404 || status === 405) {
    return {
      ...base,
      verdict: 'inconclusive',
      reason: 'no-endpoint',
      words: (ctx) => ({
        title: `Live check inconclusive (${status})`,
        message: `${ctx.endpoint} was not found (${status}); the credential was neither proven good nor bad.`,
        fix: `Nothing to do unless the later step fails; then check ${ctx.endpointSetting}.`,
      }),
    }
  }
  return {
    ...base,
    verdict: 'inconclusive',
    reason: status >= 200 && status <= 299 ? 'unexpected-success-body' : 'unexpected-status',
    words: (ctx) => ({
      title: `Live check inconclusive (${status})`,
      message: `${ctx.endpoint} answered ${status}${status <= 299 ? ' without the answer the check looks for (a gateway that does not serve this endpoint can do this)' : ', which the action does not map to a verdict'}.`,
      fix: `Read the server message; nothing to do unless the later step fails, then check ${ctx.endpointSetting}.`,
    }),
  }
}

function phaseWords(phase: Phase): string {
  const words: Record<Phase, string> = {
    dns: 'resolving the host name',
    connect: 'connecting',
    proxy: 'waiting for the proxy to open a tunnel',
    tls: 'in the TLS handshake',
    response: 'waiting for the response',
    body: 'receiving the response body',
  }
  return words[phase]
}

export function networkWording(failure: NetworkFailure, ctx: AnswerContext): Wording {
  const code = failure.code ? ` (${failure.code})` : ''
  const proxy = ctx.proxyDisplay ?? 'the proxy'
  switch (failure.cause) {
    case 'dns':
      return {
        title: `Cannot resolve the ${PROVIDER_WORDS[ctx.provider]} host${code}`,
        message: `The host name of ${ctx.origin} did not resolve on this runner.`,
        fix: `Check ${ctx.endpointSetting} for a typo, and the runner's DNS. ${WARN_HINT}`,
      }
    case 'refused':
      return {
        title: `Connection refused${code}`,
        message: `Nothing accepted a connection at ${ctx.origin}.`,
        fix: `Check ${ctx.endpointSetting}, and that the endpoint or gateway is reachable from the runner. ${WARN_HINT}`,
      }
    case 'tls':
      return {
        title: `TLS failure${code}`,
        message: `The TLS connection to ${ctx.origin} failed: ${failure.detail}.`,
        fix: `If a TLS-inspecting proxy or a private CA sits in front of the endpoint, point NODE_EXTRA_CA_CERTS at a PEM file with its CA certificate (job-level env, so Claude Code sees it too). ${WARN_HINT}`,
      }
    case 'proxy':
      return {
        title: failure.proxyStatus !== undefined ? `Proxy refused the tunnel (${failure.proxyStatus})` : `Cannot reach the proxy${code}`,
        message:
          failure.proxyStatus !== undefined
            ? `The proxy ${proxy} answered HTTP ${failure.proxyStatus} when asked to open a tunnel to ${ctx.origin}.`
            : `The check could not talk to the proxy ${proxy}: ${failure.detail}.`,
        fix: `Check HTTPS_PROXY/HTTP_PROXY and NO_PROXY on this runner, or allow ${ctx.origin} on the proxy. ${WARN_HINT}`,
      }
    default:
      return {
        title: `Network error${code}`,
        message: `The request to ${ctx.origin} failed while ${phaseWords(failure.phase)}: ${failure.detail}.`,
        fix: `Check ${ctx.endpointSetting}, the proxy settings and the runner's network. ${WARN_HINT}`,
      }
  }
}

export function timeoutWording(phase: Phase | 'credential', ctx: AnswerContext, credentialWhat?: string): Wording {
  return {
    title: `Live check timed out (${seconds(ctx.timeoutMs)})`,
    message:
      phase === 'credential'
        ? `${credentialWhat ?? 'The credential'} did not arrive within ${seconds(ctx.timeoutMs)}: the check stopped before asking ${PROVIDER_WORDS[ctx.provider]}.`
        : `No complete answer from ${ctx.origin} within ${seconds(ctx.timeoutMs)}: the check was still ${phaseWords(phase)} when time ran out.`,
    fix: `Raise live-check-timeout, and check ${phase === 'credential' ? "that the runner can reach the credential's token service" : ctx.endpointSetting}, HTTPS_PROXY/NO_PROXY and the runner's network. ${WARN_HINT}`,
  }
}
