// The mock's endpoints for the keyless ways in. Workload identity federation:
// GitHub's OIDC token endpoint (what ACTIONS_ID_TOKEN_REQUEST_URL points at)
// and Anthropic's token exchange, `POST /v1/oauth/token`, both as the facts
// sheet measured the real ones (claude-provider-facts.md §5); every exchange
// is recorded, whoever makes it (this action, or a CLI that exchanges
// itself). A /login's refresh: the CLI posts `grant_type: refresh_token` to
// https://platform.claude.com/v1/oauth/token (measured, see
// docs/conformance.md), which the mock serves over its https side.

import type http from 'node:http'

const pad = (prefix: string, label: string): string => {
  const body = `${prefix}${label.toUpperCase().replace(/[^A-Z0-9]/g, '-')}-`
  return body + 'x'.repeat(Math.max(8, 106 - body.length)) + 'AA'
}

/** The bearer token the runner gives a job with `id-token: write` (ACTIONS_ID_TOKEN_REQUEST_TOKEN). */
export const OIDC_REQUEST_TOKEN = 'ghs_conformanceOidcRequestToken0000000001'

/** A JWT-shaped fake: three base64url parts, RS256 with a `kid` in the header as GitHub issues them. */
const jwt = (subject: string): string => {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'conformance' })}.${part({ sub: subject, aud: 'https://api.anthropic.com', iss: 'https://token.actions.githubusercontent.com' })}.${'c2ln'.repeat(64)}`
}

/** What GitHub's OIDC endpoint hands out: the assertion this action exchanges. */
export const GITHUB_OIDC_JWT = jwt('repo:owner/project:pull_request')
/** Another identity token, the user's own (an ANTHROPIC_IDENTITY_TOKEN_FILE written by an earlier step). */
export const USER_IDENTITY_JWT = jwt('repo:owner/project:ref:refs/heads/main')

/** A federation rule the mock refuses, with the opaque 401 the real endpoint gives for every denial. */
export const DENIED_RULE = 'fdrl_01conformanceDENIED'

/** The token the n-th exchange a mock answers returns (1 = the first): each distinct, so the wire names the exchange. */
export const exchangedToken = (n: number): string => pad('sk-ant-oat01-', `exchanged-${n}`)

/** A /login refresh token the mock's refresh endpoint honours; any other is refused (used, revoked). */
export const LIVE_REFRESH_TOKEN = pad('sk-ant-ort01-', 'live-refresh')
/** The access token the n-th refresh a mock answers returns. */
export const refreshedToken = (n: number): string => pad('sk-ant-oat01-', `refreshed-${n}`)

export interface ExchangeRecord {
  /** The `anthropic-beta` header. */
  beta?: string
  contentType?: string
  /** The body's field names, sorted. */
  fields: string[]
  grantType?: string
  ruleId?: string
  organizationId?: string
  serviceAccountId?: string
  workspaceId?: string
  /** Which identity token was exchanged: the one the mock's OIDC endpoint issued, the user's own, or another. */
  assertion: 'github-oidc' | 'user-file' | 'other'
  status: number
  /** The token handed out (absent when refused). */
  issued?: string
}

export interface RefreshRecord {
  /** The host it was sent to (over the mock's https side). */
  host?: string
  fields: string[]
  /** The refresh token was LIVE_REFRESH_TOKEN. */
  live: boolean
  status: number
  issued?: string
}

export interface OidcRecord {
  audience?: string
  /** It carried `Authorization: Bearer <OIDC_REQUEST_TOKEN>`. */
  authorized: boolean
}

export interface KeylessEndpoints {
  exchanges: ExchangeRecord[]
  refreshes: RefreshRecord[]
  oidcRequests: OidcRecord[]
  /** Answers the request when it is one of these endpoints; false leaves it to the rest of the mock. */
  answer(req: http.IncomingMessage, target: URL, body: string, res: http.ServerResponse): boolean
}

const json = (res: http.ServerResponse, status: number, value: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_mock' })
  res.end(JSON.stringify(value))
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

export function keylessEndpoints(): KeylessEndpoints {
  const exchanges: ExchangeRecord[] = []
  const refreshes: RefreshRecord[] = []
  const oidcRequests: OidcRecord[] = []
  const answer = (req: http.IncomingMessage, target: URL, body: string, res: http.ServerResponse): boolean => {
    if (req.method === 'GET' && target.pathname.startsWith('/oidc')) {
      const authorized = req.headers.authorization === `Bearer ${OIDC_REQUEST_TOKEN}`
      const audience = target.searchParams.get('audience')
      oidcRequests.push({ authorized, ...(audience !== null ? { audience } : {}) })
      if (!authorized) json(res, 401, { message: 'Bad credentials' })
      else json(res, 200, { count: GITHUB_OIDC_JWT.length, value: GITHUB_OIDC_JWT })
      return true
    }
    if (req.method !== 'POST' || target.pathname !== '/v1/oauth/token') return false
    let sent: Record<string, unknown> = {}
    try {
      sent = JSON.parse(body) as Record<string, unknown>
    } catch {
      // Recorded with no fields; refused below.
    }
    if (sent.grant_type === 'refresh_token') {
      const live = sent.refresh_token === LIVE_REFRESH_TOKEN
      const record: RefreshRecord = { fields: Object.keys(sent).sort(), live, status: live ? 200 : 400, ...(req.headers.host ? { host: req.headers.host } : {}) }
      refreshes.push(record)
      if (!live) {
        json(res, 400, { error: 'invalid_grant', error_description: 'Invalid refresh token' })
        return true
      }
      record.issued = refreshedToken(refreshes.length)
      json(res, 200, { access_token: record.issued, refresh_token: pad('sk-ant-ort01-', `refreshed-${refreshes.length}`), token_type: 'Bearer', expires_in: 28800, scope: 'user:inference user:profile' })
      return true
    }
    const assertion = text(sent.assertion)
    const record: ExchangeRecord = {
      fields: Object.keys(sent).sort(),
      assertion: assertion === GITHUB_OIDC_JWT ? 'github-oidc' : assertion === USER_IDENTITY_JWT ? 'user-file' : 'other',
      status: 200,
    }
    const fields: [keyof ExchangeRecord, unknown][] = [
      ['beta', req.headers['anthropic-beta']],
      ['contentType', req.headers['content-type']],
      ['grantType', sent.grant_type],
      ['ruleId', sent.federation_rule_id],
      ['organizationId', sent.organization_id],
      ['serviceAccountId', sent.service_account_id],
      ['workspaceId', sent.workspace_id],
    ]
    for (const [key, value] of fields) if (typeof value === 'string') Object.assign(record, { [key]: value })
    exchanges.push(record)
    if (record.assertion === 'other' || record.ruleId === DENIED_RULE) {
      record.status = 401
      json(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'Authentication failed' } })
      return true
    }
    record.issued = exchangedToken(exchanges.length)
    json(res, 200, { access_token: record.issued, token_type: 'Bearer', expires_in: 3600, scope: 'user:inference' })
    return true
  }
  return { exchanges, refreshes, oidcRequests, answer }
}
