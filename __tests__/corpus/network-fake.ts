// The network a federation job's step reaches, faked on 127.0.0.1: GitHub's OIDC token
// endpoint (the runner's ACTIONS_ID_TOKEN_REQUEST_URL for a job with `id-token: write`), and
// Anthropic's token exchange at https://api.anthropic.com/v1/oauth/token, reached through
// HTTPS_PROXY (a CONNECT tunnel into a TLS server whose self-signed certificate the step
// trusts through NODE_EXTRA_CA_CERTS). Every other host is refused. The fake answers as the
// facts page measured the real endpoints answer a valid request (200, a token for an hour).

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createServer as createTlsServer, type Server as HttpsServer } from 'node:https'
import { connect, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const EXCHANGE_HOST = 'api.anthropic.com'

export interface NetworkFake {
  /** ACTIONS_ID_TOKEN_REQUEST_URL. */
  oidcUrl: string
  /** HTTPS_PROXY and NODE_EXTRA_CA_CERTS for a step that exchanges a federation token. */
  env: Record<string, string>
  /** Every request: `GET /_apis/idtoken…`, `POST api.anthropic.com/v1/oauth/token`, `CONNECT host` refused. */
  seen: string[]
  close(): Promise<void>
}

/** The answers: the GitHub OIDC token, and the exchanged Anthropic token. */
export interface NetworkAnswers {
  assertion: string
  exchanged: string
}

const listen = (server: Server | HttpsServer) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)))

/** Undefined when openssl cannot make the certificate (the federation jobs then cannot reach the exchange). */
export async function startNetworkFake(answers: NetworkAnswers): Promise<NetworkFake | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'claude-auth-corpus-net-'))
  const keyFile = join(dir, 'key.pem')
  const certFile = join(dir, 'cert.pem')
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=claude-code-auth corpus fake', '-addext', `subjectAltName=DNS:${EXCHANGE_HOST}`],
      { stdio: 'ignore', timeout: 60_000 },
    )
  } catch {
    rmSync(dir, { recursive: true, force: true })
    return undefined
  }
  const seen: string[] = []
  const json = (response: import('node:http').ServerResponse, status: number, value: unknown) => {
    // One request per connection, as the action makes them: nothing keeps its process alive.
    response.writeHead(status, { 'content-type': 'application/json', connection: 'close' })
    response.end(JSON.stringify(value))
  }
  const tls = createTlsServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    request.on('end', () => {
      seen.push(`${request.method} ${EXCHANGE_HOST}${request.url}`)
      if (request.method === 'POST' && request.url === '/v1/oauth/token') {
        const sent = JSON.parse(body || '{}') as { assertion?: string }
        if (sent.assertion !== answers.assertion) return json(response, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'bad assertion' } })
        return json(response, 200, { access_token: answers.exchanged, token_type: 'Bearer', expires_in: 3600, scope: 'user:inference' })
      }
      json(response, 404, { type: 'error', error: { type: 'not_found_error', message: 'not found' } })
    })
  })
  const tlsPort = await listen(tls)
  const http = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`)
    if (request.method === 'GET' && request.url?.startsWith('/_apis/idtoken') && /^Bearer \S+$/.test(request.headers.authorization ?? '')) {
      return json(response, 200, { count: 1, value: answers.assertion })
    }
    json(response, 404, { message: 'not found' })
  })
  const tunnels = new Set<import('node:stream').Duplex>()
  http.on('connect', (request, socket) => {
    tunnels.add(socket)
    socket.on('close', () => tunnels.delete(socket))
    if (request.url !== `${EXCHANGE_HOST}:443`) {
      seen.push(`CONNECT ${request.url} refused`)
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    const upstream = connect(tlsPort, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.pipe(socket)
      socket.pipe(upstream)
    })
    upstream.on('error', () => socket.destroy())
    socket.on('error', () => upstream.destroy())
  })
  const port = await listen(http)
  return {
    oidcUrl: `http://127.0.0.1:${port}/_apis/idtoken`,
    env: { HTTPS_PROXY: `http://127.0.0.1:${port}`, NODE_EXTRA_CA_CERTS: certFile },
    seen,
    close: async () => {
      for (const socket of tunnels) socket.destroy()
      http.closeAllConnections()
      tls.closeAllConnections()
      await Promise.all([new Promise((r) => http.close(r)), new Promise((r) => tls.close(r))])
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
