// What one exchange means. A verdict other than 'inconclusive' is only given
// for answers whose meaning is known; for an OAuth token (whose endpoint is not
// confirmed, see docs/live-check.md) that bar is higher: an auth-side verdict
// needs the status AND a recognised message.
//
// Messages matched (lower-cased, from the Anthropic API's error envelope
// `{"type":"error","error":{"type":…,"message":…}}`, or a top-level `message`):
//   expired       "OAuth token has expired. Please obtain a new token …" (401)
//   billing       "Your credit balance is too low to access the Anthropic API …" (400, any status)
//   org disabled  "This organization has been disabled." (400)
//                 "OAuth authentication is currently not allowed for this organization." (403)
//   scope         "OAuth token does not meet scope requirement …" (403); a failure only
//                 when the scopes listed include an inference scope
//   not supported "OAuth authentication is currently not supported." (401): the endpoint
//                 refuses OAuth altogether, which says nothing about the token

import type { CredentialKind } from '../resolve/model.js'
import type { Exchange, NetworkFailure, Phase } from './transport.js'
import type { LiveCheckReason, LiveCheckVerdict } from './types.js'

export interface Classification {
  verdict: LiveCheckVerdict
  reason: LiveCheckReason
  /** Worth another attempt if the budget allows (429, 5xx, connection reset). */
  retry: boolean
  /** The server's own wait (retry-after / retry-after-ms), in ms. */
  retryAfterMs?: number
  httpStatus?: number
  /** The server's message, raw: the caller scrubs it before it goes anywhere. */
  serverText?: string
  network?: NetworkFailure
  timeoutPhase?: Phase
}

const EXPIRED = /\bexpired?\b/
const BILLING = /credit balance is too low/
const ORG_DISABLED = /organi[sz]ation (has been|is) disabled|disabled .{0,40}organi[sz]ation|not allowed for this organi[sz]ation/
const SCOPE = /scope requirement|oauth_scope_insufficient|insufficient[_ ]scope/
const INFERENCE_SCOPE = /inference/
const OAUTH_NOT_SUPPORTED = /oauth authentication is (currently )?not supported|oauth .{0,30}not supported/
const REVOKED = /revoked/
const INVALID_CREDENTIAL =
  /invalid (x-api-key|api[ -]?key|bearer token|oauth token|access token|token|authentication credentials|credentials)|(token|credential|api key) (is )?(invalid|not valid|not recognized|unknown)/

interface ParsedBody {
  json?: unknown
  message?: string
  /** Scopes and codes an error may carry in `details`, flattened for matching. */
  detailText?: string
}

function parseBody(body: string): ParsedBody {
  const text = body.trim()
  if (!text) return {}
  try {
    const json: unknown = JSON.parse(text)
    if (json && typeof json === 'object') {
      const record = json as Record<string, unknown>
      const error = record.error
      if (error && typeof error === 'object') {
        const inner = error as Record<string, unknown>
        const message = typeof inner.message === 'string' ? inner.message : undefined
        const detailText = inner.details !== undefined ? JSON.stringify(inner.details) : undefined
        return { json, message, detailText }
      }
      if (typeof error === 'string') return { json, message: error }
      if (typeof record.message === 'string') return { json, message: record.message }
    }
    return { json }
  } catch {
    // Not JSON (an HTML error page, a proxy's text): quote its text, tags dropped.
    return { message: text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ') }
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** `retry-after-ms` (the Anthropic SDKs' header), then `retry-after` as seconds or an HTTP date. */
export function retryAfterMs(
  headers: Record<string, string | string[] | undefined>,
  now: number = Date.now(),
): number | undefined {
  const ms = headerValue(headers['retry-after-ms'])?.trim()
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms))
  const value = headerValue(headers['retry-after'])?.trim()
  if (!value) return undefined
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000)
  // An HTTP date names a weekday and month; without letters Date.parse would
  // read "-3" as a year.
  if (!/[a-z]/i.test(value)) return undefined
  const date = Date.parse(value)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

export function classify(kind: CredentialKind, outcome: Exchange): Classification {
  if (outcome.kind === 'timeout') {
    return { verdict: 'timeout', reason: 'timeout', retry: false, timeoutPhase: outcome.phase }
  }
  if (outcome.kind === 'network') {
    const reason: LiveCheckReason = outcome.cause === 'other' ? 'network-other' : outcome.cause
    // A reset is often a transient blip; a refusal, a DNS miss or a TLS
    // mismatch will fail the same way on the next try.
    return { verdict: 'network-error', reason, retry: outcome.cause === 'reset', network: outcome }
  }

  const { status, headers, body } = outcome.answer
  const parsed = parseBody(body)
  const serverText = parsed.message
  const text = `${serverText ?? ''} ${parsed.detailText ?? ''}`.toLowerCase()
  const base = { httpStatus: status, serverText, retry: false }
  const oauth = kind === 'oauth-token'

  if (status >= 200 && status <= 299) {
    const data = (parsed.json as { data?: unknown } | undefined)?.data
    if (status === 200 && Array.isArray(data)) return { ...base, serverText: undefined, verdict: 'valid', reason: 'models-listed' }
    return { ...base, verdict: 'inconclusive', reason: 'unexpected-success-body' }
  }
  if (status >= 300 && status <= 399) return { ...base, verdict: 'inconclusive', reason: 'redirect' }

  if (BILLING.test(text)) return { ...base, verdict: 'billing', reason: 'credit-too-low' }
  if (status === 429) {
    return { ...base, verdict: 'rate-limited', reason: 'rate-limited', retry: true, retryAfterMs: retryAfterMs(headers) }
  }
  if (status >= 500) {
    return { ...base, verdict: 'server-error', reason: 'server-error', retry: true, retryAfterMs: retryAfterMs(headers) }
  }
  if (ORG_DISABLED.test(text)) return { ...base, verdict: 'forbidden', reason: 'org-disabled' }

  if (status === 401) {
    if (EXPIRED.test(text)) return { ...base, verdict: 'expired', reason: 'expired' }
    if (oauth) {
      if (OAUTH_NOT_SUPPORTED.test(text)) return { ...base, verdict: 'inconclusive', reason: 'oauth-not-supported' }
      if (REVOKED.test(text)) return { ...base, verdict: 'invalid', reason: 'revoked' }
      if (INVALID_CREDENTIAL.test(text)) return { ...base, verdict: 'invalid', reason: 'rejected' }
      return { ...base, verdict: 'inconclusive', reason: 'unrecognised-auth-answer' }
    }
    return { ...base, verdict: 'invalid', reason: REVOKED.test(text) ? 'revoked' : 'rejected' }
  }

  if (status === 403) {
    if (SCOPE.test(text)) {
      // A scope the token should have (inference) is missing: the later step
      // will fail too. A scope setup-tokens never carry (user:profile) only
      // means this endpoint was the wrong probe.
      return INFERENCE_SCOPE.test(text)
        ? { ...base, verdict: 'forbidden', reason: 'scope-missing' }
        : { ...base, verdict: 'inconclusive', reason: 'endpoint-scope' }
    }
    if (EXPIRED.test(text)) return { ...base, verdict: 'expired', reason: 'expired' }
    if (oauth) return { ...base, verdict: 'inconclusive', reason: 'unrecognised-auth-answer' }
    return { ...base, verdict: 'forbidden', reason: 'forbidden' }
  }

  if (status === 404 || status === 405) return { ...base, verdict: 'inconclusive', reason: 'no-endpoint' }
  return { ...base, verdict: 'inconclusive', reason: 'unexpected-status' }
}
