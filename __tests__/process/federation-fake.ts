// Fake endpoints on 127.0.0.1 for the keyless and README process tests:
// GitHub's OIDC token endpoint (`/oidc…`, which wants the runner's request
// token) and Anthropic's token exchange (`POST /v1/oauth/token`), answering
// as the facts page measured the real ones; optionally the models list the
// live check asks for. Every request is recorded in `seen`.

import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Seen {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: string
}

export interface FederationFakeOptions {
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN: the OIDC endpoint answers only to it. */
  requestToken: string
  /** The OIDC token handed out, and the only assertion the exchange accepts. */
  assertion: string
  /** The access token the exchange answers with. */
  exchanged: string
  /** A federation rule the exchange refuses (401, as Anthropic answers a rule that does not match). */
  deniedRule?: string
  /** A federation rule whose token expires in 10 minutes instead of an hour. */
  shortRule?: string
  /** Also answer `GET /v1/models` (the live check) with one model. */
  models?: boolean
}

export interface FederationFake {
  url: string
  seen: Seen[]
  close(): Promise<void>
}

export async function startFederationFake(options: FederationFakeOptions): Promise<FederationFake> {
  const seen: Seen[] = []
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    request.on('end', () => {
      seen.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body })
      const json = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' })
        response.end(JSON.stringify(value))
      }
      if (request.url?.startsWith('/oidc')) {
        if (request.headers.authorization !== `Bearer ${options.requestToken}`) return json(401, { message: 'bad request token' })
        return json(200, { count: 1, value: options.assertion })
      }
      if (request.method === 'POST' && request.url === '/v1/oauth/token') {
        const sent = JSON.parse(body) as { federation_rule_id?: string; assertion?: string }
        if (sent.assertion !== options.assertion) return json(400, { type: 'error', error: { type: 'invalid_request_error', message: 'bad assertion' } })
        if (options.deniedRule && sent.federation_rule_id === options.deniedRule) {
          return json(401, { type: 'error', error: { type: 'authentication_error', message: 'Authentication failed' } })
        }
        const expiresIn = options.shortRule && sent.federation_rule_id === options.shortRule ? 600 : 3600
        return json(200, { access_token: options.exchanged, token_type: 'Bearer', expires_in: expiresIn, scope: 'user:inference' })
      }
      if (options.models && request.method === 'GET' && request.url?.startsWith('/v1/models')) {
        return json(200, { data: [{ type: 'model', id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5' }], has_more: true, first_id: 'claude-sonnet-4-5', last_id: 'claude-sonnet-4-5' })
      }
      json(404, { type: 'error', error: { type: 'not_found_error', message: 'not found' } })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
