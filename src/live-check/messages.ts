// Words for each outcome: a title for the annotation, the cause, the fix.
// Nothing here quotes the server (the caller shows the scrubbed server message
// separately) or the credential.

import type { CredentialKind } from '../resolve/model.js'
import type { Classification } from './classify.js'
import type { NetworkFailure, Phase } from './transport.js'

export interface MessageContext {
  kind: CredentialKind
  /** scheme://host[:port] of the endpoint, no credentials. */
  origin: string
  endpoint: string
  timeoutMs: number
  attempts: number
  /** 'direct' or 'proxy host:port (HTTPS_PROXY)'. */
  route: string
  proxyDisplay?: string
  /** Set when the check stopped retrying because the server's wait did not fit in the budget. */
  waitBeyondBudgetMs?: number
  /** Problems with the inputs themselves (bad base URL, bad proxy URL). */
  configProblem?: string
}

export interface Wording {
  title: string
  message: string
  fix: string
}

const LABEL: Record<CredentialKind, string> = {
  'api-key': 'API key',
  'auth-token': 'Gateway auth token',
  'oauth-token': 'OAuth token',
}

/** The same, mid-sentence. */
const NOUN: Record<CredentialKind, string> = {
  'api-key': 'API key',
  'auth-token': 'gateway auth token',
  'oauth-token': 'OAuth token',
}

const NEW_CREDENTIAL: Record<CredentialKind, string> = {
  'api-key':
    'Create a new key in the Anthropic Console (Settings > API keys) and store it in the secret. If the secret holds an OAuth token (sk-ant-oat01-…), pass it in `claude-code-oauth-token` instead of `anthropic-api-key`.',
  'auth-token':
    'Ask the gateway operator for a valid token and store it in the secret; check that the base URL points at the gateway that issued it.',
  'oauth-token':
    'Run `claude setup-token` on a machine where you are logged in to the subscription, and store the new token in the secret.',
}

const WARN_HINT = 'If the job should go on when the check itself cannot complete, set live-check-failure: warn.'

function seconds(ms: number): string {
  const s = ms / 1000
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`
}

function phaseWords(phase: Phase): string {
  switch (phase) {
    case 'dns':
      return 'resolving the host name'
    case 'connect':
      return 'connecting'
    case 'proxy':
      return 'waiting for the proxy to open a tunnel'
    case 'tls':
      return 'during the TLS handshake'
    case 'response':
      return 'waiting for the response'
    case 'body':
      return 'while the response body was arriving'
  }
}

/** Where a timed-out check was stuck: tells a DNS or proxy problem from a slow server. */
function stillDoing(phase: Phase): string {
  switch (phase) {
    case 'dns':
      return 'still resolving the host name'
    case 'connect':
      return 'still connecting'
    case 'proxy':
      return 'still waiting for the proxy to open the tunnel'
    case 'tls':
      return 'still in the TLS handshake'
    case 'response':
      return 'still waiting for the response headers'
    case 'body':
      return 'still receiving the response body'
  }
}

function network(failure: NetworkFailure, ctx: MessageContext): Wording {
  const code = failure.code ? ` (${failure.code})` : ''
  switch (failure.cause) {
    case 'dns':
      return {
        title: `Cannot resolve the API host${code}`,
        message: `The host name of ${ctx.origin} did not resolve on this runner.`,
        fix: `Check the base URL (anthropic-base-url input or ANTHROPIC_BASE_URL) for a typo, and the runner's DNS. ${WARN_HINT}`,
      }
    case 'refused':
      return {
        title: `Connection refused${code}`,
        message: `Nothing accepted a connection at ${ctx.origin}.`,
        fix: `Check the base URL and port, and that the gateway is running and reachable from the runner. ${WARN_HINT}`,
      }
    case 'reset':
      return {
        title: `Connection reset${code}`,
        message: `The connection to ${ctx.origin} was closed abruptly ${phaseWords(failure.phase)}, after ${ctx.attempts} attempt(s).`,
        fix: `A firewall, proxy or load balancer may be cutting the connection: check HTTPS_PROXY/NO_PROXY and egress rules. ${WARN_HINT}`,
      }
    case 'unreachable':
      return {
        title: `Network unreachable${code}`,
        message: `The runner has no route to ${ctx.origin}.`,
        fix: `Check the runner's network and egress rules, or configure HTTPS_PROXY. ${WARN_HINT}`,
      }
    case 'tls':
      return {
        title: `TLS failure${code}`,
        message: `The TLS connection to ${ctx.origin} failed: ${failure.detail}.`,
        fix: `If a TLS-inspecting proxy or a private CA sits in front of the API, point NODE_EXTRA_CA_CERTS at a PEM file with its CA certificate (job-level env, so the CLI sees it too). Otherwise check the base URL's host name. ${WARN_HINT}`,
      }
    case 'proxy': {
      const proxy = ctx.proxyDisplay ?? 'the proxy'
      if (failure.proxyStatus === 407) {
        return {
          title: 'Proxy requires authentication (407)',
          message: `The proxy ${proxy} refused to open a tunnel to ${ctx.origin} without valid proxy credentials.`,
          fix: `Put the proxy user and password in the proxy URL (http://user:password@host:port) in HTTPS_PROXY, or exempt the host in NO_PROXY. ${WARN_HINT}`,
        }
      }
      if (failure.proxyStatus !== undefined) {
        return {
          title: `Proxy refused the tunnel (${failure.proxyStatus})`,
          message: `The proxy ${proxy} answered HTTP ${failure.proxyStatus} when asked to open a tunnel to ${ctx.origin}.`,
          fix: `Allow the API host on the proxy, or exempt it in NO_PROXY. ${WARN_HINT}`,
        }
      }
      return {
        title: `Cannot reach the proxy${code}`,
        message: `The check could not talk to the proxy ${proxy}: ${failure.detail}.`,
        fix: `Check HTTPS_PROXY/HTTP_PROXY (and their lower-case forms) on this runner, or exempt the API host in NO_PROXY. ${WARN_HINT}`,
      }
    }
    case 'other':
      return {
        title: `Network error${code}`,
        message: `The request to ${ctx.origin} failed ${phaseWords(failure.phase)}: ${failure.detail}.`,
        fix: `Check the base URL, proxy settings and the runner's network. ${WARN_HINT}`,
      }
  }
}

export function describeOutcome(result: Classification, ctx: MessageContext): Wording {
  const label = LABEL[ctx.kind]
  const status = result.httpStatus
  const tried = ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : ''

  switch (result.reason) {
    case 'models-listed':
      return {
        title: `${label} accepted`,
        message: `${ctx.endpoint} answered 200 with a model list: the ${NOUN[ctx.kind]} is accepted.`,
        fix: 'Nothing to do.',
      }
    case 'rejected':
      return {
        title: `${label} rejected (${status})`,
        message: `${ctx.origin} does not accept this ${NOUN[ctx.kind]}: it is wrong, revoked, or belongs to a different service.`,
        fix: NEW_CREDENTIAL[ctx.kind],
      }
    case 'revoked':
      return {
        title: `${label} revoked (${status})`,
        message: `${ctx.origin} reports that this ${NOUN[ctx.kind]} has been revoked.`,
        fix: NEW_CREDENTIAL[ctx.kind],
      }
    case 'expired':
      return {
        title: `${label} expired (${status})`,
        message:
          ctx.kind === 'oauth-token'
            ? 'The OAuth token has expired. Tokens from `claude setup-token` last about a year; access tokens copied from ~/.claude/.credentials.json last only hours.'
            : `${ctx.origin} reports that this ${NOUN[ctx.kind]} has expired.`,
        fix: NEW_CREDENTIAL[ctx.kind],
      }
    case 'org-disabled':
      return {
        title: `Organisation access disabled (${status})`,
        message:
          ctx.kind === 'oauth-token'
            ? 'The organisation behind this token is disabled, or has turned off Claude subscription access for Claude Code.'
            : 'The organisation that owns this credential has been disabled.',
        fix:
          ctx.kind === 'oauth-token'
            ? 'Ask an organisation admin to enable Claude subscription access for Claude Code, or use a Console API key instead.'
            : 'Contact the organisation admin or Anthropic support; a key from another organisation will work meanwhile.',
      }
    case 'scope-missing':
      return {
        title: `${label} lacks the inference scope (${status})`,
        message: 'The token was accepted but does not carry the inference scope Claude Code needs to run.',
        fix: 'Mint a token with `claude setup-token` (it carries user:inference); tokens made for other apps or scopes do not work.',
      }
    case 'forbidden':
      return {
        title: `${label} not permitted (${status})`,
        message: `${ctx.origin} recognised the ${NOUN[ctx.kind]} but refused access: the organisation or workspace may be disabled, restricted, or the request came from an unsupported region.`,
        fix:
          ctx.kind === 'auth-token'
            ? 'Ask the gateway operator which permissions the token needs.'
            : 'Check the organisation and workspace in the Anthropic Console, or use a key from a workspace that may call the API.',
      }
    case 'credit-too-low':
      return {
        title: `Credit balance too low (${status})`,
        message: 'The API refuses requests from this organisation because its credit balance is too low.',
        fix: 'Add credits or raise the limit in the Anthropic Console (Plans & Billing), or use a key from an organisation with credit.',
      }
    case 'rate-limited':
      return {
        title: `Rate limited (${status})`,
        message:
          ctx.waitBeyondBudgetMs !== undefined
            ? `${ctx.origin} asked to wait ${seconds(ctx.waitBeyondBudgetMs)} before retrying, more than is left of the ${seconds(ctx.timeoutMs)} budget${tried}. The credential itself was accepted far enough to be rate limited.`
            : `${ctx.origin} kept answering 429 Too Many Requests${tried} within the ${seconds(ctx.timeoutMs)} budget.`,
        fix: `Re-run later or raise the organisation's rate limits; raise live-check-timeout to wait longer. ${WARN_HINT}`,
      }
    case 'server-error':
      return {
        title: `Server error (${status})`,
        message: `${ctx.origin} answered ${status}${tried}; the credential could not be checked.`,
        fix: `Re-run later and check status.anthropic.com (or the gateway's health). ${WARN_HINT}`,
      }
    case 'timeout':
      return {
        title: `Live check timed out (${seconds(ctx.timeoutMs)})`,
        message: `No complete answer from ${ctx.origin} within ${seconds(ctx.timeoutMs)}${tried}: the check was ${stillDoing(result.timeoutPhase ?? 'response')} when time ran out.`,
        fix: `Raise live-check-timeout, and check the base URL, HTTPS_PROXY/NO_PROXY and the runner's network. ${WARN_HINT}`,
      }
    case 'bad-base-url':
      return {
        title: 'Base URL is not usable',
        message: `The API base URL ${ctx.configProblem ?? 'is not valid'}.`,
        fix: 'Set anthropic-base-url (or ANTHROPIC_BASE_URL) to an http(s) URL such as https://api.anthropic.com.',
      }
    case 'bad-proxy-url':
      return {
        title: 'Proxy setting is not usable',
        message: `The proxy variable ${ctx.configProblem ?? 'is not valid'}.`,
        fix: `Set HTTPS_PROXY (or https_proxy) to http://host:port or https://host:port, or exempt the API host in NO_PROXY. ${WARN_HINT}`,
      }
    case 'unexpected-success-body':
      return {
        title: `Live check inconclusive (${status})`,
        message: `${ctx.endpoint} answered ${status} but not with a model list, so the answer does not prove the credential works (a login page or a gateway that does not implement this endpoint can do this).`,
        fix: 'Nothing to do unless the later step fails; then check the base URL.',
      }
    case 'redirect':
      return {
        title: `Live check inconclusive (${status})`,
        message: `${ctx.endpoint} answered with a redirect (${status}); the check does not follow redirects, and neither should the API.`,
        fix: 'Check that the base URL points at the API itself (no trailing path the gateway does not serve, https not http).',
      }
    case 'no-endpoint':
      return {
        title: `Live check inconclusive (${status})`,
        message: `${ctx.endpoint} does not exist on ${ctx.origin} (${status}); gateways often serve only /v1/messages. The credential was neither proven good nor bad.`,
        fix: 'Nothing to do unless the later step fails; then check the base URL.',
      }
    case 'oauth-not-supported':
      return {
        title: `Live check inconclusive (${status})`,
        message: `${ctx.endpoint} does not accept OAuth tokens at all, so its answer says nothing about this token.`,
        fix: 'Nothing to do unless the later step fails. Please report this answer to the action, so the check can be updated.',
      }
    case 'endpoint-scope':
      return {
        title: `Live check inconclusive (${status})`,
        message: `${ctx.endpoint} requires a scope that setup-tokens never carry, so its answer says nothing about whether this token can run Claude Code.`,
        fix: 'Nothing to do unless the later step fails. Please report this answer to the action, so the check can be updated.',
      }
    case 'unrecognised-auth-answer':
      return {
        title: `Live check inconclusive (${status})`,
        message: `${ctx.origin} answered ${status} with a message the action does not recognise for an OAuth token; it is reported, not treated as a failure.`,
        fix: 'Read the server message below; if the later step fails with the same message, mint a new token with `claude setup-token`.',
      }
    case 'unexpected-status':
      return {
        title: `Live check inconclusive (${status})`,
        message: `${ctx.endpoint} answered ${status}, which the action does not map to a verdict.`,
        fix: 'Read the server message below; nothing to do unless the later step fails.',
      }
    case 'dns':
    case 'refused':
    case 'reset':
    case 'unreachable':
    case 'tls':
    case 'proxy':
    case 'network-other':
      return network(result.network as NetworkFailure, ctx)
    // A cloud provider's check words these itself (bedrock.ts, vertex.ts, foundry.ts); a first-party check never gives them.
    case 'provider-accepted':
    case 'no-credentials':
    case 'token-exchange-refused':
    case 'credential-error':
      return { title: `Live check: ${result.reason}`, message: `${ctx.endpoint}: ${result.reason}.`, fix: 'Nothing to do unless the later step fails.' }
  }
}

/** The doctor's words for the same outcome: a machine, its environment, its own options; no input, runner or job. */
const DOCTOR_PHRASES: readonly [string, string][] = [
  [` ${WARN_HINT}`, ''],
  [WARN_HINT, ''],
  ['(anthropic-base-url input or ANTHROPIC_BASE_URL)', '(ANTHROPIC_BASE_URL)'],
  [' on this runner', ' on this machine'],
  ["the runner's DNS", "this machine's DNS"],
  ["the runner's network", "this machine's network"],
  ['reachable from the runner', 'reachable from this machine'],
  ['The runner has no route', 'This machine has no route'],
  ['(job-level env, so the CLI sees it too)', '(exported where `claude` runs, so the CLI sees it too)'],
  ['raise live-check-timeout', 'raise `--live-check-timeout`'],
  ['Raise live-check-timeout', 'Raise `--live-check-timeout`'],
]

const NEW_CREDENTIAL_DOCTOR: Record<CredentialKind, string> = {
  'api-key': 'Create a new key in the Anthropic Console (Settings > API keys) and set ANTHROPIC_API_KEY to it.',
  'auth-token': 'Ask the gateway operator for a valid token and set ANTHROPIC_AUTH_TOKEN to it; check that ANTHROPIC_BASE_URL points at the gateway that issued it.',
  'oauth-token': 'Run `claude setup-token` on a machine where you are logged in to the subscription and set CLAUDE_CODE_OAUTH_TOKEN to the new token, or run `claude`, then `/login`.',
}

export function forReader(wording: Wording, kind: CredentialKind, reader: 'action' | 'doctor'): Wording {
  if (reader === 'action') return wording
  const reword = (text: string) => DOCTOR_PHRASES.reduce((t, [from, to]) => t.split(from).join(to), text === NEW_CREDENTIAL[kind] ? NEW_CREDENTIAL_DOCTOR[kind] : text).trim()
  return { title: reword(wording.title), message: reword(wording.message), fix: reword(wording.fix) }
}
