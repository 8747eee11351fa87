// Real servers on 127.0.0.1 (random ports) that misbehave on purpose: the live
// check is tested against sockets, not mocks.

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface RecordedRequest {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, count: number) => void

export interface FaultServer {
  url: string
  port: number
  requests: RecordedRequest[]
  /** What the next requests get; `count` starts at 1 for each new handler. */
  use(handler: Handler): void
  close(): Promise<void>
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port))
  })
}

/** Close a server and every socket still open on it, so no test leaves a handle behind. */
function closer(server: net.Server, sockets: Set<net.Socket>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resolve())
    })
}

function trackSockets(server: net.Server): Set<net.Socket> {
  const sockets = new Set<net.Socket>()
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  // TLS servers hand over the raw socket on 'connection' too; 'secureConnection' sockets wrap those.
  return sockets
}

export async function startFaultServer(tlsOptions?: { key: string; cert: string }): Promise<FaultServer> {
  let handler: Handler = (_req, res) => res.writeHead(500).end()
  let count = 0
  const requests: RecordedRequest[] = []
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    count += 1
    req.resume()
    handler(req, res, count)
  }
  const server = tlsOptions ? https.createServer(tlsOptions, onRequest) : http.createServer(onRequest)
  const sockets = trackSockets(server)
  const port = await listen(server)
  return {
    url: `${tlsOptions ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    use(next) {
      handler = next
      count = 0
      requests.length = 0
    },
    close: closer(server, sockets),
  }
}

/** Accepts TCP connections and never says a word: no TLS handshake, no HTTP. */
export async function startSilentServer(): Promise<{ port: number; accepted: () => number; close(): Promise<void> }> {
  let accepted = 0
  const server = net.createServer(() => {
    accepted += 1
  })
  const sockets = trackSockets(server)
  const port = await listen(server)
  return { port, accepted: () => accepted, close: closer(server, sockets) }
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer()
  const port = await listen(server)
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

export type ProxyMode = 'tunnel' | 'refuse-403' | 'require-auth-407' | 'silent'

export interface ConnectProxy {
  url: string
  port: number
  /** CONNECT targets asked for, in order. */
  connects: string[]
  /** Proxy-Authorization headers received. */
  authorizations: (string | undefined)[]
  /** Every byte a client sent through this proxy, tunnelled payload included. */
  seen(): string
  close(): Promise<void>
}

/** An HTTP CONNECT proxy that tunnels, refuses, demands credentials, or never answers. */
export async function startConnectProxy(mode: ProxyMode, tlsOptions?: { key: string; cert: string }): Promise<ConnectProxy> {
  const connects: string[] = []
  const authorizations: (string | undefined)[] = []
  const chunks: Buffer[] = []
  const refuse = (_req: http.IncomingMessage, res: http.ServerResponse): void => void res.writeHead(405).end()
  const server = tlsOptions ? https.createServer(tlsOptions, refuse) : http.createServer(refuse)
  const sockets = trackSockets(server)
  // Over TLS only ciphertext would be seen on 'connection'; record what the proxy itself decrypts.
  server.on(tlsOptions ? 'secureConnection' : 'connection', (socket: net.Socket) =>
    socket.on('data', (chunk: Buffer) => chunks.push(chunk)),
  )
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    connects.push(req.url ?? '')
    authorizations.push(req.headers['proxy-authorization'])
    client.on('error', () => {})
    if (mode === 'silent') return
    if (mode === 'refuse-403') {
      client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n')
      return
    }
    if (mode === 'require-auth-407') {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nproxy-authenticate: Basic realm="test"\r\ncontent-length: 0\r\n\r\n')
      return
    }
    const [host, port] = splitHostPort(req.url ?? '')
    const upstream = net.connect({ host, port }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
    client.on('close', () => upstream.destroy())
    sockets.add(upstream)
  })
  const port = await listen(server)
  return {
    url: `${tlsOptions ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    connects,
    authorizations,
    seen: () => Buffer.concat(chunks).toString('latin1'),
    close: closer(server, sockets),
  }
}

function splitHostPort(authority: string): [string, number] {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(authority)
  if (!match) return [authority, 443]
  return [match[1] as string, Number(match[2])]
}

export interface TestCertificate {
  key: string
  cert: string
  /** Path of the certificate, for NODE_EXTRA_CA_CERTS. */
  certPath: string
  cleanup(): void
}

/** A self-signed certificate for 127.0.0.1 and api.test.internal, made by openssl; undefined when openssl is missing. */
export function makeCertificate(): TestCertificate | undefined {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' })
  } catch {
    return undefined
  }
  const dir = mkdtempSync(join(tmpdir(), 'live-check-cert-'))
  const keyPath = join(dir, 'key.pem')
  const certPath = join(dir, 'cert.pem')
  const configPath = join(dir, 'openssl.cnf')
  writeFileSync(
    configPath,
    [
      '[req]',
      'distinguished_name = dn',
      'x509_extensions = ext',
      'prompt = no',
      '[dn]',
      'CN = live-check test CA',
      '[ext]',
      'basicConstraints = critical, CA:TRUE',
      'keyUsage = critical, digitalSignature, keyCertSign',
      'subjectAltName = IP:127.0.0.1, DNS:api.test.internal',
      '',
    ].join('\n'),
  )
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '2', '-config', configPath],
    { stdio: 'ignore' },
  )
  return {
    key: readFileSync(keyPath, 'utf8'),
    cert: readFileSync(certPath, 'utf8'),
    certPath,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** A DNS stand-in: the named hosts resolve to 127.0.0.1, everything else fails like a missing domain. */
export function fakeLookup(known: readonly string[]) {
  return (
    hostname: string,
    options: unknown,
    callback: (err: NodeJS.ErrnoException | null, address: string | { address: string; family: number }[], family?: number) => void,
  ): void => {
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all === true
    setImmediate(() => {
      if (!known.includes(hostname)) {
        const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`)
        error.code = 'ENOTFOUND'
        error.syscall = 'getaddrinfo'
        callback(error, all ? [] : '', undefined)
        return
      }
      if (all) callback(null, [{ address: '127.0.0.1', family: 4 }])
      else callback(null, '127.0.0.1', 4)
    })
  }
}

export const MODEL_LIST = JSON.stringify({
  data: [{ type: 'model', id: 'claude-test-1', display_name: 'Test', created_at: '2026-01-01T00:00:00Z' }],
  has_more: true,
  first_id: 'claude-test-1',
  last_id: 'claude-test-1',
})

export function apiError(type: string, message: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: 'error', error: { type, message, ...extra }, request_id: 'req_test' })
}

export function json(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(body)
}
