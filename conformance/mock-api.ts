// A local stand-in for the Anthropic API (and the provider endpoints the CLI
// can be routed to) that answers just enough for `claude -p` to finish, and
// records the credentials every request carried.

import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface RecordedRequest {
  method: string
  path: string
  authorization?: string
  xApiKey?: string
  anthropicBeta?: string
}

export interface MockApi {
  url: string
  requests: RecordedRequest[]
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

export async function startMockApi(): Promise<MockApi> {
  const requests: RecordedRequest[] = []
  const server = http.createServer((req, res) => {
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
      requests.push(recorded)
      const pathname = new URL(req.url ?? '/', 'http://mock').pathname
      const proxied = !(req.url ?? '/').startsWith('/')
      if (req.method === 'POST' && !proxied && isMessagesCall(pathname)) {
        answerMessages(Buffer.concat(chunks).toString('utf8'), res)
        return
      }
      // Model lists, profiles, Bedrock's binary event stream: not needed for
      // the verdict, so a clean 404 lets the CLI move on (or give up) quickly.
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: `mock: no ${req.method} ${pathname}` } }))
    })
  })
  // As HTTPS proxy for everything else: record where the CLI tried to go, then refuse.
  server.on('connect', (req: http.IncomingMessage, socket: Socket) => {
    requests.push({ method: 'CONNECT', path: req.url ?? '' })
    socket.on('error', () => {})
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
  })
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolveListen())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections()
        server.close(() => resolveClose())
      }),
  }
}
