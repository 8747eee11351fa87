// The live check's public vocabulary, re-exported by src/live-check.ts.

import type { CredentialKind } from '../resolve/model.js'
import type { LookupFunction } from './transport.js'

export type LiveCheckVerdict =
  | 'valid'
  | 'invalid'
  | 'expired'
  | 'forbidden'
  | 'billing'
  | 'rate-limited'
  | 'server-error'
  | 'network-error'
  | 'timeout'
  | 'inconclusive'

/**
 * Why, one level below the verdict. Stable strings: tests and the job summary
 * may key on them.
 */
export type LiveCheckReason =
  // valid
  | 'models-listed'
  /** A cloud provider answered the check's request with success. */
  | 'provider-accepted'
  // invalid / forbidden / expired, before any request: the provider's own credential chain
  /** The SDK's credential chain found nothing (no keys, no profile, no ADC, no Azure login). */
  | 'no-credentials'
  /** A token service (AWS STS, Google STS or IAM, Entra ID) refused to hand out a token. */
  | 'token-exchange-refused'
  /** The credential chain failed some other way (unreadable file, bad profile). */
  | 'credential-error'
  // invalid / expired
  | 'rejected'
  | 'revoked'
  | 'expired'
  // forbidden
  | 'org-disabled'
  | 'scope-missing'
  | 'forbidden'
  // billing, rate-limited, server-error
  | 'credit-too-low'
  | 'rate-limited'
  | 'server-error'
  // network-error
  | 'dns'
  | 'refused'
  | 'reset'
  | 'unreachable'
  | 'tls'
  | 'proxy'
  | 'bad-base-url'
  | 'bad-proxy-url'
  | 'network-other'
  // timeout
  | 'timeout'
  // inconclusive
  | 'unexpected-success-body'
  | 'redirect'
  | 'no-endpoint'
  | 'oauth-not-supported'
  | 'endpoint-scope'
  | 'unrecognised-auth-answer'
  | 'unexpected-status'

export interface LiveCheckOptions {
  kind: CredentialKind
  /** Already trimmed and validated; already registered with setSecret by the caller. */
  credential: string
  /** anthropic-base-url input, else ANTHROPIC_BASE_URL, else https://api.anthropic.com */
  baseUrl: string
  /** The whole check, retries included. */
  timeoutMs: number
  /** For HTTPS_PROXY/HTTP_PROXY/NO_PROXY (+ lower-case) and NODE_EXTRA_CA_CERTS. */
  env: Record<string, string | undefined>
  /** Every value to scrub from anything returned (the credential and its derived forms). */
  secrets: readonly string[]
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>
  /** Jitter source, injectable for tests. */
  random?: () => number
  /** DNS resolution, injectable for tests (same contract as net.connect's `lookup`). */
  lookup?: LookupFunction
  /** Who reads the words: the action's step (default) or the doctor on a machine, which has no inputs and no runner. */
  reader?: 'action' | 'doctor'
}

/** One request on the wire, for the summary and for tests that count retries. */
export interface LiveCheckAttempt {
  /** HTTP status, when an answer came back. */
  httpStatus?: number
  /** What this attempt alone would have concluded. */
  verdict: LiveCheckVerdict
  reason: LiveCheckReason
  latencyMs: number
  /** How long the check waited before the next attempt, if there was one. */
  waitMs?: number
}

export interface LiveCheckResult {
  verdict: LiveCheckVerdict
  /** Auth-side outcomes always fail; network-side obey live-check-failure; 'none' for valid/inconclusive. */
  side: 'auth' | 'network' | 'none'
  httpStatus?: number
  attempts: number
  /** Wall time of the whole check. */
  latencyMs: number
  /** The server's own error message, scrubbed, single line, control characters removed, at most 300 characters. */
  serverMessage?: string
  /** Short annotation title, e.g. 'API key rejected (401)'. */
  title: string
  /** Cause, in a sentence or two; never contains a secret or a raw header. */
  message: string
  /** What the user should do. */
  fix: string
  /** Method and URL checked, without credentials or query. */
  endpoint: string
  /** Finer-grained cause below the verdict. */
  reason: LiveCheckReason
  /** Every request made, in order. */
  history: LiveCheckAttempt[]
  /** How the check reached the endpoint: direct, or through which proxy (host:port only). */
  route: string
  /** Side remarks worth a notice (e.g. NODE_EXTRA_CA_CERTS unreadable); already scrubbed. */
  notes: string[]
}
