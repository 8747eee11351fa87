// A local stand-in for the Anthropic API (and the provider endpoints the CLI
// can be routed to) that answers just enough for `claude -p` to finish, and
// records the credentials every request carried.

import http from 'node:http'
import https from 'node:https'
import type { TLSSocket } from 'node:tls'
import type { AddressInfo, Socket } from 'node:net'
import { answerProviderRequest, providerHeaders, type ProviderHeaders } from './mock-providers.js'
import { keylessEndpoints, type KeylessEndpoints } from './mock-keyless.js'

export interface RecordedRequest extends ProviderHeaders {
  method: string
  path: string
  authorization?: string
  xApiKey?: string
  anthropicBeta?: string
  /** The host a request over the mock's https side was meant for (tunnelled through the proxy, or sent to it directly). */
  tlsHost?: string
}

export interface MockApi {
  url: string
  /** The same mock over https, when started with `tls`. */
  httpsUrl?: string
  requests: RecordedRequest[]
  /** GitHub's OIDC endpoint and the federation token exchange (mock-keyless.ts), with what they were asked. */
  keyless: KeylessEndpoints
  close(): Promise<void>
}

const header = (req: http.IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

function message(model: string) {
  return {
    id: 'msg_conformance',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: 'ok' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 1, output_tokens: 1 },
  }
}

function answerMessages(body: string, res: http.ServerResponse): void {
  let request: { model?: string; stream?: boolean } = {}
  try {
    request = JSON.parse(body) as typeof request
  } catch {
    // A body we cannot parse still gets an answer; the headers are what we record.
  }
  const reply = message(request.model ?? 'claude-conformance')
  if (!request.stream) {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(reply))
    return
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  const send = (type: string, data: object) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`)
  send('message_start', { message: { ...reply, content: [], stop_reason: null, usage: { input_tokens: 1, output_tokens: 0 } } })
  send('content_block_start', { index: 0, content_block: { type: 'text', text: '' } })
  send('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'ok' } })
  send('content_block_stop', { index: 0 })
  send('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 1 } })
  send('message_stop', {})
  res.end()
}

/** Vertex speaks the Messages format on `…:streamRawPredict` / `…:rawPredict`. */
const isMessagesCall = (pathname: string): boolean => pathname.endsWith('/v1/messages') || /:(stream)?rawPredict$/i.test(pathname)

/** A key and certificate for the mock's HTTPS listener (see mock-tls.ts); the CLI trusts them through NODE_EXTRA_CA_CERTS. */
export interface MockTls {
  key: string
  cert: string
  /** Hosts the mock answers for when the CLI tunnels to them through the proxy (the certificate names them). */
  hosts: readonly string[]
}

export async function startMockApi(options: { tls?: MockTls } = {}): Promise<MockApi> {
  const requests: RecordedRequest[] = []
  const urls = { http: '', https: '' }
  const keyless = keylessEndpoints()
  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '' }
      const authorization = header(req, 'authorization')
      const xApiKey = header(req, 'x-api-key')
      const anthropicBeta = header(req, 'anthropic-beta')
      if (authorization !== undefined) recorded.authorization = authorization
      if (xApiKey !== undefined) recorded.xApiKey = xApiKey
      if (anthropicBeta !== undefined) recorded.anthropicBeta = anthropicBeta
      if ((req.socket as TLSSocket).encrypted && req.headers.host) recorded.tlsHost = req.headers.host
      Object.assign(recorded, providerHeaders(req))
      requests.push(recorded)
      const target = new URL(req.url ?? '/', 'http://mock')
      const pathname = target.pathname
      const proxied = !(req.url ?? '/').startsWith('/')
      if (req.method === 'POST' && !proxied && isMessagesCall(pathname)) {
        answerMessages(Buffer.concat(chunks).toString('utf8'), res)
        return
      }
      if (!proxied && keyless.answer(req, target, Buffer.concat(chunks).toString('utf8'), res)) return
      const selfUrl = (req.socket as TLSSocket).encrypted ? `https://${req.headers.host ?? urls.https.slice('https://'.length)}` : urls.http
      if (answerProviderRequest({ method: req.method ?? '', target, proxied, selfUrl, message, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }, res)) return
      // Model lists and the like: not needed for the verdict, so a clean 404
      // lets the CLI move on (or give up) quickly.
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: `mock: no ${req.method} ${pathname}` } }))
    })
  }
  const server = http.createServer(handle)
  // Only for endpoints that insist on https (Entra ID's authority host).
  const secure = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handle) : undefined
  // As HTTPS proxy for everything else: record where the CLI tried to go, then
  // refuse, except for the hosts the mock stands in for over TLS.
  server.on('connect', (req: http.IncomingMessage, socket: Socket) => {
    requests.push({ method: 'CONNECT', path: req.url ?? '' })
    socket.on('error', () => {})
    const host = (req.url ?? '').replace(/:443$/, '')
    if (secure && options.tls?.hosts.includes(host)) {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      secure.emit('connection', socket)
      return
    }
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
  })
  const servers: http.Server[] = [server]
  urls.http = `http://127.0.0.1:${await listen(server)}`
  if (secure) {
    servers.push(secure)
    urls.https = `https://127.0.0.1:${await listen(secure)}`
  }
  const mock: MockApi = {
    url: urls.http,
    requests,
    keyless,
    close: () =>
      Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolveClose) => {
              s.closeAllConnections()
              s.close(() => resolveClose())
            }),
        ),
      ).then(() => undefined),
  }
  if (urls.https) mock.httpsUrl = urls.https
  return mock
}

async function listen(server: http.Server): Promise<number> {
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolveListen())
  })
  return (server.address() as AddressInfo).port
}
