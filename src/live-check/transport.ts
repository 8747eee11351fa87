// One HTTP exchange under a hard deadline, built from node built-ins only:
// TCP (optionally to a proxy), an optional CONNECT tunnel, optional TLS, then a
// single request (a GET, or a provider check's POST of a small JSON body).
// Every socket is opened here so the deadline can destroy all of them at once;
// a server that accepts and never answers, or trickles bytes, cannot hold the
// check past its budget.

import http from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import net from 'node:net'
import tls from 'node:tls'
import type { Duplex } from 'node:stream'
import type { ProxyConfig, Target } from './proxy.js'

/** Enough for a model list or any error body; a larger answer is cut, never buffered whole. */
const MAX_BODY_BYTES = 256 * 1024

export type Phase = 'dns' | 'connect' | 'proxy' | 'tls' | 'response' | 'body'

export type LookupFunction = NonNullable<net.TcpNetConnectOpts['lookup']>

export interface HttpAnswer {
  status: number
  headers: IncomingHttpHeaders
  body: string
  truncated: boolean
}

export type NetworkCause = 'dns' | 'refused' | 'reset' | 'unreachable' | 'tls' | 'proxy' | 'other'

export interface NetworkFailure {
  kind: 'network'
  cause: NetworkCause
  /** errno-style code when there is one (ECONNREFUSED, CERT_HAS_EXPIRED, …). */
  code?: string
  /** Node's own wording, e.g. "self-signed certificate"; scrubbed by the caller. */
  detail: string
  phase: Phase
  /** The status a proxy answered to CONNECT (403, 407, 502, …). */
  proxyStatus?: number
  /** True when the failure happened on the leg to the proxy rather than to the target. */
  atProxy: boolean
}

export interface TimeoutFailure {
  kind: 'timeout'
  phase: Phase
}

export type Exchange = { kind: 'answer'; answer: HttpAnswer } | NetworkFailure | TimeoutFailure

export interface ExchangeRequest {
  target: Target
  proxy?: ProxyConfig
  /** Path and query, appended to the target's base path. */
  path: string
  headers: Record<string, string>
  /** Default GET. */
  method?: 'GET' | 'POST'
  /** Sent whole, with its content-length. */
  body?: string
  /** Full trust list (system roots + NODE_EXTRA_CA_CERTS) or undefined for Node's default. */
  ca?: string[]
  lookup?: LookupFunction
  timeoutMs: number
}

class ProxyRefused extends Error {
  constructor(readonly status: number) {
    super(`proxy answered CONNECT with HTTP ${status}`)
  }
}

class BodyCutShort extends Error {
  readonly code = 'ECONNRESET'
  constructor() {
    super('connection closed before the response body was complete')
  }
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA', 'EAI_ADDRFAMILY'])
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'HPE_INVALID_CONSTANT'])
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL'])
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|EPROTO$|ERR_OSSL_|HOSTNAME_MISMATCH)/

function authority(hostname: string, port: number): string {
  return `${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`
}

function describe(error: unknown, phase: Phase, atProxy: boolean): NetworkFailure {
  if (error instanceof ProxyRefused) {
    return { kind: 'network', cause: 'proxy', detail: error.message, phase, proxyStatus: error.status, atProxy: true }
  }
  const err = error as NodeJS.ErrnoException
  const code = typeof err?.code === 'string' ? err.code : undefined
  const detail = typeof err?.message === 'string' ? err.message : String(error)
  const base = { kind: 'network' as const, code, detail, phase, atProxy }
  if (atProxy) return { ...base, cause: 'proxy' }
  if (code && DNS_CODES.has(code)) return { ...base, cause: 'dns' }
  if (code === 'ECONNREFUSED') return { ...base, cause: 'refused' }
  if (code && TLS_CODE.test(code)) return { ...base, cause: 'tls' }
  if (code && RESET_CODES.has(code)) return { ...base, cause: 'reset' }
  if (code && UNREACHABLE_CODES.has(code)) return { ...base, cause: 'unreachable' }
  if (phase === 'tls') return { ...base, cause: 'tls' }
  return { ...base, cause: 'other' }
}

export function exchange(request: ExchangeRequest): Promise<Exchange> {
  return new Promise((resolve) => {
    const sockets = new Set<Duplex>()
    let phase: Phase = 'dns'
    let atProxy = request.proxy !== undefined
    let settled = false

    const finish = (result: Exchange): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      for (const socket of sockets) socket.destroy()
      resolve(result)
    }
    const timer = setTimeout(() => finish({ kind: 'timeout', phase }), Math.max(0, request.timeoutMs))

    /** Every socket gets a sink for late errors: after `finish` nobody listens, and an unheard 'error' would crash the action. */
    const track = <S extends Duplex>(socket: S): S => {
      sockets.add(socket)
      socket.on('error', () => {})
      if (settled) socket.destroy()
      return socket
    }

    const connectTcp = (hostname: string, port: number): Promise<net.Socket> =>
      new Promise((ok, fail) => {
        phase = 'dns'
        const options: net.TcpNetConnectOpts = { host: hostname, port }
        if (request.lookup) options.lookup = request.lookup
        const socket = track(net.connect(options))
        socket.once('lookup', () => {
          if (phase === 'dns') phase = 'connect'
        })
        socket.once('connect', () => {
          socket.off('error', fail)
          ok(socket)
        })
        socket.once('error', fail)
      })

    const startTls = (socket: Duplex, hostname: string): Promise<tls.TLSSocket> =>
      new Promise((ok, fail) => {
        phase = 'tls'
        const options: tls.ConnectionOptions = { socket, host: hostname, ALPNProtocols: ['http/1.1'] }
        // SNI must not carry an IP address (RFC 6066); identity is then checked against the IP SANs.
        if (net.isIP(hostname) === 0) options.servername = hostname
        if (request.ca) options.ca = request.ca
        const secure = track(tls.connect(options))
        secure.once('secureConnect', () => {
          secure.off('error', fail)
          ok(secure)
        })
        secure.once('error', fail)
      })

    const openTunnel = (proxySocket: Duplex, proxy: ProxyConfig): Promise<Duplex> =>
      new Promise((ok, fail) => {
        phase = 'proxy'
        const hostPort = authority(request.target.hostname, request.target.port)
        const headers: Record<string, string> = { host: hostPort }
        if (proxy.authorization) headers['proxy-authorization'] = proxy.authorization
        const connect = http.request({
          method: 'CONNECT',
          path: hostPort,
          headers,
          createConnection: () => proxySocket as net.Socket,
        })
        connect.on('error', fail)
        // Node reports every answer to CONNECT, whatever its status, as 'connect'.
        connect.on('connect', (res: http.IncomingMessage, socket: Duplex, head: Buffer) => {
          res.resume()
          const status = res.statusCode ?? 0
          if (status < 200 || status > 299) {
            fail(new ProxyRefused(status))
            return
          }
          track(socket)
          if (head.length > 0) socket.unshift(head)
          ok(socket)
        })
        connect.end()
      })

    const send = (socket: Duplex, path: string, headers: Record<string, string>): Promise<HttpAnswer> =>
      new Promise((ok, fail) => {
        phase = 'response'
        const req = http.request({
          method: request.method ?? 'GET',
          path,
          headers: request.body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(request.body)) },
          setHost: false,
          createConnection: () => socket as net.Socket,
        })
        req.on('error', fail)
        req.on('response', (res) => {
          phase = 'body'
          const chunks: Buffer[] = []
          let size = 0
          const done = (truncated: boolean): void =>
            ok({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
              truncated,
            })
          res.on('data', (chunk: Buffer) => {
            if (size >= MAX_BODY_BYTES) return
            chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size))
            size += chunk.length
            if (size >= MAX_BODY_BYTES) done(true)
          })
          res.on('end', () => done(false))
          res.on('error', fail)
          res.on('close', () => {
            if (!res.complete) fail(new BodyCutShort())
          })
        })
        req.end(request.body)
      })

    const run = async (): Promise<HttpAnswer> => {
      const { target, proxy } = request
      const defaultPort = target.protocol === 'https:' ? 443 : 80
      const hostHeader =
        target.port === defaultPort ? authority(target.hostname, target.port).replace(/:\d+$/, '') : authority(target.hostname, target.port)
      const fullPath = `${target.basePath}${request.path}`
      const headers: Record<string, string> = { host: hostHeader, ...request.headers }
      if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body))

      if (!proxy) {
        atProxy = false
        const tcp = await connectTcp(target.hostname, target.port)
        const socket = target.protocol === 'https:' ? await startTls(tcp, target.hostname) : tcp
        return send(socket, fullPath, headers)
      }

      const proxyTcp = await connectTcp(proxy.hostname, proxy.port)
      const proxySocket = proxy.protocol === 'https:' ? await startTls(proxyTcp, proxy.hostname) : proxyTcp
      // Always a CONNECT tunnel, for http targets too: whatever answers
      // afterwards is the target, never the proxy, so a proxy's own 403 cannot
      // be mistaken for a rejected credential.
      const tunnel = await openTunnel(proxySocket, proxy)
      atProxy = false
      const socket = target.protocol === 'https:' ? await startTls(tunnel, target.hostname) : tunnel
      return send(socket, fullPath, headers)
    }

    run().then(
      (answer) => finish({ kind: 'answer', answer }),
      (error: unknown) => finish(describe(error, phase, atProxy)),
    )
  })
}
