// Which proxy, if any, carries the check: the same environment variables the
// CLI's HTTP stack honours, read from the environment the caller hands in.

import { isIP } from 'node:net'

export interface Target {
  protocol: 'http:' | 'https:'
  /** Without IPv6 brackets. */
  hostname: string
  port: number
  /** Base path of the endpoint (a gateway may live under a prefix), no trailing slash. */
  basePath: string
}

export interface ProxyConfig {
  protocol: 'http:' | 'https:'
  hostname: string
  port: number
  /** `Basic …` when the proxy URL carries credentials. */
  authorization?: string
  /** host:port only; the proxy URL may hold a password and is never shown. */
  display: string
  /** Which variable named it, for messages. */
  variable: string
}

export type ProxyChoice =
  | { kind: 'direct'; bypassedBy?: string }
  | { kind: 'proxy'; proxy: ProxyConfig; secrets: string[] }
  | { kind: 'invalid'; variable: string; reason: string }

type Env = Record<string, string | undefined>

/** Lower-case first, as curl and most HTTP stacks do; an empty value counts as unset. */
function firstSet(env: Env, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim()
    if (value) return { name, value }
  }
  return undefined
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
}

function normaliseHost(host: string): string {
  return stripBrackets(host.trim().toLowerCase()).replace(/\.$/, '')
}

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0)
}

function inIpv4Cidr(hostname: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/')
  const bits = Number(bitsText)
  if (isIP(hostname) !== 4 || isIP(base ?? '') !== 4 || !Number.isInteger(bits) || bits < 0 || bits > 32) return false
  // Plain arithmetic: JavaScript's bitwise operators are signed 32-bit.
  const block = 2 ** (32 - bits)
  const masked = (n: number): number => Math.floor(n / block)
  return masked(ipv4ToNumber(hostname)) === masked(ipv4ToNumber(base as string))
}

/** Split one NO_PROXY entry into host and optional port, IPv6-aware. */
function parseEntry(entry: string): { host: string; port?: number } {
  if (entry.startsWith('[')) {
    const close = entry.indexOf(']')
    const host = entry.slice(1, close === -1 ? undefined : close)
    const rest = close === -1 ? '' : entry.slice(close + 1)
    const port = rest.startsWith(':') ? Number(rest.slice(1)) : undefined
    return { host, port: Number.isInteger(port) ? port : undefined }
  }
  const colons = entry.split(':').length - 1
  if (colons === 1) {
    const [host, portText] = entry.split(':') as [string, string]
    const port = Number(portText)
    return { host, port: portText !== '' && Number.isInteger(port) ? port : undefined }
  }
  return { host: entry }
}

/**
 * NO_PROXY semantics (curl-compatible, slightly permissive): `*` bypasses
 * everything; `example.com`, `.example.com` and `*.example.com` all match the
 * domain and its subdomains; `host:port` matches only that port; IPs match
 * exactly; IPv4 CIDR (`10.0.0.0/8`) matches literal addresses in the range.
 * Entries are separated by commas or whitespace.
 */
export function noProxyMatch(noProxy: string, hostname: string, port: number): string | undefined {
  const host = normaliseHost(hostname)
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase()
    if (!entry) continue
    if (entry === '*') return raw
    if (entry.includes('/')) {
      if (inIpv4Cidr(host, entry)) return raw
      continue
    }
    const parsed = parseEntry(entry)
    if (parsed.port !== undefined && parsed.port !== port) continue
    const pattern = normaliseHost(parsed.host).replace(/^\*/, '').replace(/^\./, '')
    if (!pattern) continue
    if (host === pattern) return raw
    if (isIP(host) === 0 && host.endsWith(`.${pattern}`)) return raw
  }
  return undefined
}

function defaultPort(protocol: string): number {
  return protocol === 'https:' ? 443 : 80
}

/** Where the check goes: protocol, host, port and the base path under which `/v1/…` lives. */
export function parseTarget(baseUrl: string): Target | { error: string } {
  let url: URL
  try {
    url = new URL(baseUrl.trim())
  } catch {
    return { error: 'is not a valid URL' }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { error: `uses the unsupported scheme "${url.protocol.replace(/[^a-z0-9+.-]/gi, '')}" (only http and https work)` }
  }
  return {
    protocol: url.protocol,
    hostname: stripBrackets(url.hostname),
    port: url.port ? Number(url.port) : defaultPort(url.protocol),
    basePath: url.pathname.replace(/\/+$/, ''),
  }
}

function parseProxy(variable: string, value: string): ProxyChoice {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    return { kind: 'invalid', variable, reason: 'is not a valid proxy URL' }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      kind: 'invalid',
      variable,
      reason: `uses the proxy scheme "${url.protocol.replace(/[^a-z0-9+.-]/gi, '')}", which the check does not support (http and https proxies only)`,
    }
  }
  const hostname = stripBrackets(url.hostname)
  const port = url.port ? Number(url.port) : defaultPort(url.protocol)
  const secrets: string[] = []
  let authorization: string | undefined
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username)
    const password = decodeURIComponent(url.password)
    const token = Buffer.from(`${user}:${password}`, 'utf8').toString('base64')
    authorization = `Basic ${token}`
    secrets.push(token, password, url.password)
  }
  const display = `${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`
  return {
    kind: 'proxy',
    proxy: { protocol: url.protocol, hostname, port, authorization, display, variable },
    secrets: secrets.filter(Boolean),
  }
}

/** HTTPS targets use https_proxy/HTTPS_PROXY, HTTP targets http_proxy/HTTP_PROXY; no_proxy/NO_PROXY can exempt either. */
export function chooseProxy(env: Env, target: Target): ProxyChoice {
  const names = target.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY']
  const configured = firstSet(env, names)
  if (!configured) return { kind: 'direct' }
  const noProxy = firstSet(env, ['no_proxy', 'NO_PROXY'])
  if (noProxy) {
    const entry = noProxyMatch(noProxy.value, target.hostname, target.port)
    if (entry !== undefined) return { kind: 'direct', bypassedBy: `${noProxy.name} entry "${entry}"` }
  }
  return parseProxy(configured.name, configured.value)
}
