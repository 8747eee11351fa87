// The live check against real sockets on 127.0.0.1: every verdict, the retry
// count, the time bound, proxies and TLS, and that no secret ever comes back.

import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals'
import ts from 'typescript'
import { runLiveCheck } from '../src/live-check/index.js'
import type { LiveCheckOptions, LiveCheckResult } from '../src/live-check/index.js'
import type { LookupFunction } from '../src/live-check/transport.js'
import type { CredentialKind } from '../src/resolve/model.js'
import {
  MODEL_LIST,
  apiError,
  closedPort,
  fakeLookup,
  json,
  makeCertificate,
  startConnectProxy,
  startFaultServer,
  startSilentServer,
} from './live-check/fault-servers.js'
import type { ConnectProxy, FaultServer, TestCertificate } from './live-check/fault-servers.js'

jest.setTimeout(15_000)

const token = (prefix: string): string => `${prefix}${randomBytes(70).toString('base64url')}AA`
const API_KEY = token('sk-ant-api03-')
const OAUTH = token('sk-ant-oat01-')
const GATEWAY = `gw_${randomBytes(32).toString('hex')}`
const CREDENTIAL: Record<CredentialKind, string> = { 'api-key': API_KEY, 'oauth-token': OAUTH, 'auth-token': GATEWAY }

/** Forms of a secret whose presence in output would be a leak. */
function leakForms(secret: string): string[] {
  return [
    secret,
    Buffer.from(secret).toString('base64').replace(/=+$/, ''),
    encodeURIComponent(secret),
    secret.slice(13, 33), // a fragment from the random part
    secret.slice(-16),
  ]
}

function expectNoSecret(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    for (const form of leakForms(secret)) expect(text).not.toContain(form)
  }
}

interface Run {
  result: LiveCheckResult
  wallMs: number
  /** Everything written to stdout/stderr while the check ran. */
  output: string
}

async function check(
  kind: CredentialKind,
  baseUrl: string,
  extra: Partial<LiveCheckOptions> = {},
  moreSecrets: string[] = [],
): Promise<Run> {
  const credential = CREDENTIAL[kind]
  const writes: string[] = []
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    writes.push(String(chunk))
    return true
  })
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    writes.push(String(chunk))
    return true
  })
  const started = performance.now()
  try {
    const result = await runLiveCheck({
      kind,
      credential,
      baseUrl,
      timeoutMs: 2000,
      env: {},
      secrets: [credential],
      random: () => 0.5,
      ...extra,
    })
    const wallMs = performance.now() - started
    const output = writes.join('')
    // Every run, whatever it tests: nothing returned or printed carries a secret.
    expectNoSecret(JSON.stringify(result), [credential, ...moreSecrets])
    expectNoSecret(output, [credential, ...moreSecrets])
    for (const field of [result.title, result.message, result.fix, result.serverMessage ?? '', result.endpoint]) {
      expect(field).not.toMatch(/[\r\n\u0000-\u001f]/)
      expect(field.startsWith('::')).toBe(false)
    }
    // The action's own wording never quotes a secret, so scrubbing must never have had to touch it.
    for (const field of [result.title, result.message, result.fix, result.endpoint, result.route]) {
      expect(field).not.toContain('[redacted]')
    }
    return { result, wallMs, output }
  } finally {
    stdout.mockRestore()
    stderr.mockRestore()
  }
}

/** Sleep that records waits and returns at once, for retry-count tests. */
function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = []
  return { waits, sleep: async (ms) => void waits.push(ms) }
}

let server: FaultServer
beforeAll(async () => {
  server = await startFaultServer()
})
afterAll(async () => {
  await server.close()
})

describe('valid: the request each credential kind sends', () => {
  test('API key: GET /v1/models with x-api-key and anthropic-version, no Authorization', async () => {
    server.use((_req, res) => json(res, 200, MODEL_LIST))
    const { result } = await check('api-key', server.url)
    expect(result).toMatchObject({ verdict: 'valid', side: 'none', httpStatus: 200, attempts: 1, reason: 'models-listed' })
    expect(result.endpoint).toBe(`GET ${server.url}/v1/models`)
    expect(result.route).toBe('direct')
    const [request] = server.requests
    expect(request?.method).toBe('GET')
    expect(request?.url).toBe('/v1/models?limit=1')
    expect(request?.headers['x-api-key']).toBe(API_KEY)
    expect(request?.headers['anthropic-version']).toBe('2023-06-01')
    expect(request?.headers.authorization).toBeUndefined()
    expect(request?.headers['anthropic-beta']).toBeUndefined()
  })

  test('gateway auth token: Bearer against the base URL, path prefix kept, no x-api-key', async () => {
    server.use((_req, res) => json(res, 200, MODEL_LIST))
    const { result } = await check('auth-token', `${server.url}/gateway/anthropic/`)
    expect(result).toMatchObject({ verdict: 'valid', attempts: 1 })
    expect(result.endpoint).toBe(`GET ${server.url}/gateway/anthropic/v1/models`)
    const [request] = server.requests
    expect(request?.url).toBe('/gateway/anthropic/v1/models?limit=1')
    expect(request?.headers.authorization).toBe(`Bearer ${GATEWAY}`)
    expect(request?.headers['x-api-key']).toBeUndefined()
    expect(request?.headers['anthropic-beta']).toBeUndefined()
  })

  test('OAuth token: Bearer with anthropic-beta oauth-2025-04-20', async () => {
    server.use((_req, res) => json(res, 200, MODEL_LIST))
    const { result } = await check('oauth-token', server.url)
    expect(result).toMatchObject({ verdict: 'valid', side: 'none', attempts: 1 })
    const [request] = server.requests
    expect(request?.headers.authorization).toBe(`Bearer ${OAUTH}`)
    expect(String(request?.headers['anthropic-beta']).split(',')).toContain('oauth-2025-04-20')
    expect(request?.headers['x-api-key']).toBeUndefined()
  })
})

describe('auth-side verdicts always carry side "auth"', () => {
  test('401 that echoes the key (raw, base64, cut short): invalid, quoted without the secret', async () => {
    server.use((req, res) => {
      const key = String(req.headers['x-api-key'])
      const echo = `invalid x-api-key: ${key} (b64 ${Buffer.from(key).toString('base64')}, short ${key.slice(0, 30)}…)`
      json(res, 401, apiError('authentication_error', echo))
    })
    const { result } = await check('api-key', server.url)
    expect(result).toMatchObject({ verdict: 'invalid', side: 'auth', httpStatus: 401, attempts: 1, reason: 'rejected' })
    expect(result.title).toBe('API key rejected (401)')
    expect(result.message).toBe(`${server.url} does not accept this API key: it is wrong, revoked, or belongs to a different service.`)
    expect(result.serverMessage).toMatch(/^invalid x-api-key: \[redacted\]/)
    expect(result.fix).toMatch(/Console/)
  })

  test('401 from a gateway that echoes pieces of its token: every piece is redacted', async () => {
    server.use((req, res) => {
      const bearer = String(req.headers.authorization).replace(/^Bearer /, '')
      const echo = `unknown token ${bearer.slice(5, 40)} (ends ${bearer.slice(-20)}); url-encoded ${encodeURIComponent(bearer)}`
      json(res, 401, apiError('authentication_error', echo))
    })
    const { result } = await check('auth-token', server.url)
    expect(result).toMatchObject({ verdict: 'invalid', side: 'auth', reason: 'rejected' })
    expect(result.serverMessage).toBe('unknown token [redacted] (ends [redacted]); url-encoded [redacted]')
  })

  test('401 on an API key without a JSON body is still invalid (status is enough for API keys)', async () => {
    server.use((_req, res) => {
      res.writeHead(401, { 'content-type': 'text/html' })
      res.end('<html><body><h1>Unauthorized</h1>{"broken": </body></html>')
    })
    const { result } = await check('api-key', server.url)
    expect(result).toMatchObject({ verdict: 'invalid', side: 'auth', reason: 'rejected' })
    expect(result.serverMessage).toBe('Unauthorized {"broken":')
  })

  test('401 "Invalid bearer token" on an OAuth token: invalid', async () => {
    server.use((_req, res) => json(res, 401, apiError('authentication_error', 'Invalid bearer token')))
    const { result } = await check('oauth-token', server.url)
    expect(result).toMatchObject({ verdict: 'invalid', side: 'auth', reason: 'rejected' })
    expect(result.title).toBe('OAuth token rejected (401)')
    expect(result.fix).toMatch(/claude setup-token/)
  })

  test('401 on a gateway token: invalid; a revoked one says so', async () => {
    server.use((_req, res) => json(res, 401, apiError('authentication_error', 'This token has been revoked.')))
    const { result } = await check('auth-token', server.url)
    expect(result).toMatchObject({ verdict: 'invalid', side: 'auth', reason: 'revoked' })
    expect(result.title).toBe('Gateway auth token revoked (401)')
  })

  test('401 "OAuth token has expired": expired, not invalid', async () => {
    server.use((_req, res) =>
      json(res, 401, apiError('authentication_error', 'OAuth token has expired. Please obtain a new token or refresh your existing token.')),
    )
    const { result } = await check('oauth-token', server.url)
    expect(result).toMatchObject({ verdict: 'expired', side: 'auth', httpStatus: 401, reason: 'expired' })
    expect(result.title).toBe('OAuth token expired (401)')
    expect(result.serverMessage).toBe('OAuth token has expired. Please obtain a new token or refresh your existing token.')
  })

  test('403 permission_error on an API key: forbidden', async () => {
    server.use((_req, res) => json(res, 403, apiError('permission_error', 'Request not allowed')))
    const { result } = await check('api-key', server.url)
    expect(result).toMatchObject({ verdict: 'forbidden', side: 'auth', httpStatus: 403, reason: 'forbidden' })
  })

  test('403 "OAuth authentication is currently not allowed for this organization": forbidden (organisation)', async () => {
    server.use((_req, res) =>
      json(res, 403, apiError('permission_error', 'OAuth authentication is currently not allowed for this organization.')),
    )
    const { result } = await check('oauth-token', server.url)
    expect(result).toMatchObject({ verdict: 'forbidden', side: 'auth', reason: 'org-disabled' })
    expect(result.fix).toMatch(/admin/)
  })

  test('400 "This organization has been disabled.": forbidden (organisation)', async () => {
    server.use((_req, res) => json(res, 400, apiError('invalid_request_error', 'This organization has been disabled.')))
    const { result } = await check('api-key', server.url)
    expect(result).toMatchObject({ verdict: 'forbidden', side: 'auth', httpStatus: 400, reason: 'org-disabled' })
  })

  test('403 scope error naming user:inference: forbidden (token lacks the inference scope)', async () => {
    server.use((_req, res) =>
      json(
        res,
        403,
        apiError('permission_error', 'OAuth token does not meet scope requirement any_of(user:inference, workspace:inference)'),
      ),
    )
    const { result } = await check('oauth-token', server.url)
    expect(result).toMatchObject({ verdict: 'forbidden', side: 'auth', reason: 'scope-missing' })
  })

  test('400 "credit balance is too low": billing', async () => {
    server.use((_req, res) =>
      json(
        res,
        400,
        apiError(
          'invalid_request_error',
          'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
        ),
      ),
    )
    const { result } = await check('api-key', server.url)
    expect(result).toMatchObject({ verdict: 'billing', side: 'auth', httpStatus: 400, attempts: 1, reason: 'credit-too-low' })
    expect(result.fix).toMatch(/Plans & Billing/)
  })
})

describe('rate limiting: retry-after honoured only inside the budget', () => {
  test('retry-after: 1 then 200: waits about a second for real, then valid after 2 attempts', async () => {
    server.use((_req, res, n) =>
      n === 1 ? json(res, 429, apiError('rate_limit_error', 'Too many requests'), { 'retry-after': '1' }) : json(res, 200, MODEL_LIST),
    )
    const { result, wallMs } = await check('api-key', server.url, { timeoutMs: 3000 })
    expect(result).toMatchObject({ verdict: 'valid', attempts: 2 })
    expect(result.history.map((a) => a.httpStatus)).toEqual([429, 200])
    expect(result.history[0]?.waitMs).toBe(1000)
    expect(wallMs).toBeGreaterThanOrEqual(990)
    expect(wallMs).toBeLessThan(3000)
  })

  test('retry-after beyond the budget: stops at once with rate-limited, side network', async () => {
    server.use((_req, res) => json(res, 429, apiError('rate_limit_error', 'Too many requests'), { 'retry-after': '30' }))
    const { result, wallMs } = await check('api-key', server.url, { timeoutMs: 2000 })
    expect(result).toMatchObject({ verdict: 'rate-limited', side: 'network', httpStatus: 429, attempts: 1, reason: 'rate-limited' })
    expect(result.message).toMatch(/wait 30 s/)
    expect(wallMs).toBeLessThan(1000)
  })

  test('retry-after as an HTTP date beyond the budget: rate-limited after one attempt', async () => {
    const later = new Date(Date.now() + 120_000).toUTCString()
    server.use((_req, res) => json(res, 429, apiError('rate_limit_error', 'Too many requests'), { 'retry-after': later }))
    const { result } = await check('oauth-token', server.url, { timeoutMs: 2000 })
    expect(result).toMatchObject({ verdict: 'rate-limited', attempts: 1 })
  })

  test('retry-after as an HTTP date inside the budget is waited for', async () => {
    const { sleep, waits } = recordingSleep()
    const soon = new Date(Date.now() + 2000).toUTCString()
    server.use((_req, res, n) => (n === 1 ? json(res, 429, '{}', { 'retry-after': soon }) : json(res, 200, MODEL_LIST)))
    const { result } = await check('api-key', server.url, { timeoutMs: 5000, sleep })
    expect(result).toMatchObject({ verdict: 'valid', attempts: 2 })
    expect(waits).toHaveLength(1)
    // HTTP dates have one-second resolution.
    expect(waits[0]).toBeGreaterThan(500)
    expect(waits[0]).toBeLessThanOrEqual(2000)
  })

  test('429 without retry-after: jittered backoff, at most 4 attempts, then rate-limited', async () => {
    const { sleep, waits } = recordingSleep()
    server.use((_req, res) => json(res, 429, apiError('rate_limit_error', 'Too many requests')))
    const { result } = await check('api-key', server.url, { timeoutMs: 10_000, sleep, random: () => 1 })
    expect(result).toMatchObject({ verdict: 'rate-limited', side: 'network', attempts: 4 })
    expect(server.requests).toHaveLength(4)
    expect(waits).toEqual([250, 500, 1000])
  })
})

describe('server errors: retried with jittered backoff inside the budget', () => {
  test('503 every time: 4 attempts, waits follow the jittered exponential steps, server-error', async () => {
    const { sleep, waits } = recordingSleep()
    server.use((_req, res) => json(res, 503, apiError('api_error', 'Service unavailable')))
    const { result } = await check('api-key', server.url, { timeoutMs: 10_000, sleep, random: () => 0 })
    expect(result).toMatchObject({ verdict: 'server-error', side: 'network', httpStatus: 503, attempts: 4, reason: 'server-error' })
    expect(server.requests).toHaveLength(4)
    expect(waits).toEqual([125, 250, 500])
    expect(result.title).toBe('Server error (503)')
  })

  test('529 overloaded, then 200: valid after 2 attempts', async () => {
    const { sleep, waits } = recordingSleep()
    server.use((_req, res, n) => (n === 1 ? json(res, 529, apiError('overloaded_error', 'Overloaded')) : json(res, 200, MODEL_LIST)))
    const { result } = await check('oauth-token', server.url, { sleep, random: () => 0.5 })
    expect(result).toMatchObject({ verdict: 'valid', attempts: 2 })
    expect(waits).toEqual([188])
  })

  test('real clock: retries stop when the next wait would not fit in the budget', async () => {
    server.use((_req, res) => json(res, 500, apiError('api_error', 'Internal server error')))
    // random 0.5: waits 188, 375, then 750 would end past 1.5 s.
    const { result, wallMs } = await check('api-key', server.url, { timeoutMs: 1500, random: () => 0.5 })
    expect(result).toMatchObject({ verdict: 'server-error', attempts: 3 })
    expect(result.history.map((a) => a.waitMs)).toEqual([188, 375, undefined])
    expect(wallMs).toBeLessThan(1500)
  })
})

describe('timeouts: the budget holds within one second, whatever the server does', () => {
  const BUDGET = 1000

  test('a server that accepts and never answers', async () => {
    const silent = await startSilentServer()
    try {
      const { result, wallMs } = await check('api-key', `http://127.0.0.1:${silent.port}`, { timeoutMs: BUDGET })
      expect(result).toMatchObject({ verdict: 'timeout', side: 'network', attempts: 1, reason: 'timeout' })
      expect(silent.accepted()).toBe(1)
      expect(wallMs).toBeGreaterThanOrEqual(BUDGET - 50)
      expect(result.latencyMs).toBeGreaterThanOrEqual(BUDGET - 50)
      expect(result.latencyMs).toBeLessThanOrEqual(wallMs + 5)
      expect(wallMs).toBeLessThan(BUDGET + 1000)
      expect(result.title).toBe('Live check timed out (1 s)')
      expect(result.message).toMatch(/still waiting for the response headers/)
    } finally {
      await silent.close()
    }
  })

  test('a TLS endpoint that accepts TCP and never handshakes', async () => {
    const silent = await startSilentServer()
    try {
      const { result, wallMs } = await check('oauth-token', `https://127.0.0.1:${silent.port}`, { timeoutMs: BUDGET })
      expect(result).toMatchObject({ verdict: 'timeout', attempts: 1 })
      expect(result.message).toMatch(/still in the TLS handshake/)
      expect(wallMs).toBeLessThan(BUDGET + 1000)
    } finally {
      await silent.close()
    }
  })

  test('a DNS lookup that never returns', async () => {
    const hang = (() => undefined) as unknown as LookupFunction
    const { result, wallMs } = await check('api-key', 'https://api.hangs.test', { timeoutMs: BUDGET, lookup: hang })
    expect(result).toMatchObject({ verdict: 'timeout', attempts: 1 })
    expect(result.message).toMatch(/still resolving the host name/)
    expect(wallMs).toBeLessThan(BUDGET + 1000)
  })

  test('a response slower than the budget', async () => {
    server.use((_req, res) => {
      const timer = setTimeout(() => json(res, 200, MODEL_LIST), 3000)
      res.on('close', () => clearTimeout(timer))
    })
    const { result, wallMs } = await check('api-key', server.url, { timeoutMs: BUDGET })
    expect(result).toMatchObject({ verdict: 'timeout', attempts: 1 })
    expect(wallMs).toBeLessThan(BUDGET + 1000)
  })

  test('a body that trickles one byte at a time', async () => {
    server.use((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{')
      const timer = setInterval(() => res.write(' '), 50)
      res.on('close', () => clearInterval(timer))
    })
    const { result, wallMs } = await check('api-key', server.url, { timeoutMs: BUDGET })
    expect(result).toMatchObject({ verdict: 'timeout', attempts: 1 })
    expect(result.message).toMatch(/within 1 s: the check was still receiving the response body/)
    expect(wallMs).toBeLessThan(BUDGET + 1000)
  })

  test('a proxy that accepts CONNECT and never answers', async () => {
    const proxy = await startConnectProxy('silent')
    try {
      server.use((_req, res) => json(res, 200, MODEL_LIST))
      const { result, wallMs } = await check('api-key', server.url, { timeoutMs: BUDGET, env: { HTTP_PROXY: proxy.url } })
      expect(result).toMatchObject({ verdict: 'timeout', attempts: 1 })
      expect(proxy.connects).toHaveLength(1)
      expect(result.message).toMatch(/still waiting for the proxy to open the tunnel/)
      expect(wallMs).toBeLessThan(BUDGET + 1000)
    } finally {
      await proxy.close()
    }
  })
})

describe('network errors', () => {
  test('connection refused: network-error, one attempt (not retried)', async () => {
    const port = await closedPort()
    const { result } = await check('api-key', `http://127.0.0.1:${port}`)
    expect(result).toMatchObject({ verdict: 'network-error', side: 'network', attempts: 1, reason: 'refused' })
    expect(result.httpStatus).toBeUndefined()
    expect(result.title).toBe('Connection refused (ECONNREFUSED)')
  })

  test('DNS failure: network-error (dns), one attempt', async () => {
    const lookup = fakeLookup([]) as unknown as LookupFunction
    const { result } = await check('api-key', 'https://api.does-not-exist.test', { lookup })
    expect(result).toMatchObject({ verdict: 'network-error', attempts: 1, reason: 'dns' })
    expect(result.message).toMatch(/did not resolve/)
  })

  test('connection reset mid-body: network-error (reset), retried up to 4 attempts', async () => {
    const { sleep, waits } = recordingSleep()
    server.use((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' })
      res.write('{"data":[{"id":"claude')
      setTimeout(() => res.socket?.resetAndDestroy(), 20)
    })
    const { result } = await check('api-key', server.url, { sleep, random: () => 0 })
    expect(result).toMatchObject({ verdict: 'network-error', side: 'network', attempts: 4, reason: 'reset' })
    expect(server.requests).toHaveLength(4)
    expect(waits).toEqual([125, 250, 500])
  })

  test('a base URL that is not http(s): network-error before any request', async () => {
    const { result } = await check('api-key', 'ftp://example.test')
    expect(result).toMatchObject({ verdict: 'network-error', attempts: 0, reason: 'bad-base-url' })
  })
})

describe('inconclusive: answers the action does not positively understand', () => {
  test('200 with a malformed JSON body', async () => {
    server.use((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"data": [ {"id": "claude-')
    })
    const { result } = await check('api-key', server.url)
    expect(result).toMatchObject({ verdict: 'inconclusive', side: 'none', httpStatus: 200, reason: 'unexpected-success-body' })
  })

  test('200 with an HTML page (a login portal)', async () => {
    server.use((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<html><body>Sign in to continue</body></html>')
    })
    const { result } = await check('auth-token', server.url)
    expect(result).toMatchObject({ verdict: 'inconclusive', reason: 'unexpected-success-body' })
  })

  test('OAuth 401 "OAuth authentication is currently not supported": inconclusive, not invalid', async () => {
    server.use((_req, res) => json(res, 401, apiError('authentication_error', 'OAuth authentication is currently not supported.')))
    const { result } = await check('oauth-token', server.url)
    expect(result).toMatchObject({ verdict: 'inconclusive', side: 'none', httpStatus: 401, reason: 'oauth-not-supported' })
  })

  test('OAuth 401 with a message the action does not know: inconclusive', async () => {
    server.use((_req, res) => json(res, 401, apiError('authentication_error', 'Something new happened')))
    const { result } = await check('oauth-token', server.url)
    expect(result).toMatchObject({ verdict: 'inconclusive', reason: 'unrecognised-auth-answer' })
    expect(result.serverMessage).toBe('Something new happened')
  })

  test('OAuth 403 scope error for user:profile (a scope setup-tokens never have): inconclusive', async () => {
    server.use((_req, res) =>
      json(
        res,
        403,
        apiError('permission_error', 'OAuth token does not meet scope requirement user:profile', {
          details: { required_scopes: ['user:profile'], error_code: 'oauth_scope_insufficient' },
        }),
      ),
    )
    const { result } = await check('oauth-token', server.url)
    expect(result).toMatchObject({ verdict: 'inconclusive', reason: 'endpoint-scope' })
  })

  test('OAuth 403 with an unknown message: inconclusive (an API key would be forbidden)', async () => {
    server.use((_req, res) => json(res, 403, apiError('permission_error', 'Nope')))
    const oauth = await check('oauth-token', server.url)
    expect(oauth.result).toMatchObject({ verdict: 'inconclusive', reason: 'unrecognised-auth-answer' })
    const key = await check('api-key', server.url)
    expect(key.result).toMatchObject({ verdict: 'forbidden', reason: 'forbidden' })
  })

  test('404 from a gateway without /v1/models', async () => {
    server.use((_req, res) => json(res, 404, apiError('not_found_error', 'Not found')))
    const { result } = await check('auth-token', server.url)
    expect(result).toMatchObject({ verdict: 'inconclusive', reason: 'no-endpoint', attempts: 1 })
  })

  test('a redirect is not followed', async () => {
    server.use((_req, res) => {
      res.writeHead(302, { location: `https://elsewhere.test/login?token=${OAUTH}` })
      res.end()
    })
    const { result } = await check('oauth-token', server.url)
    expect(result).toMatchObject({ verdict: 'inconclusive', reason: 'redirect', attempts: 1 })
    expect(server.requests).toHaveLength(1)
  })

  test('an unmapped 4xx (418)', async () => {
    server.use((_req, res) => json(res, 418, apiError('invalid_request_error', 'I am a teapot')))
    const { result } = await check('api-key', server.url)
    expect(result).toMatchObject({ verdict: 'inconclusive', reason: 'unexpected-status', httpStatus: 418 })
  })
})

describe('what is quoted from the server is made safe', () => {
  test('line breaks, workflow commands, escape codes and zero-width splits never pass', async () => {
    server.use((req, res) => {
      const key = String(req.headers['x-api-key'])
      const half = Math.floor(key.length / 2)
      const nasty = [
        'bad key',
        '::error title=pwned::injected',
        '::add-mask::x',
        '\u001b[31mred\u001b[0m',
        `split ${key.slice(0, half)}\u200b${key.slice(half)}`,
        'Authorization: Bearer some-other-token-value',
      ].join('\r\n')
      json(res, 401, apiError('authentication_error', nasty))
    })
    const { result } = await check('api-key', server.url)
    expect(result.verdict).toBe('invalid')
    const quoted = result.serverMessage ?? ''
    expect(quoted).not.toMatch(/[\r\n\u001b\u200b]/)
    expect(quoted).not.toContain('::')
    expect(quoted).not.toContain('some-other-token-value')
    expect(quoted).toMatch(/^bad key : :error title=pwned: :injected : :add-mask: :x /)
    expect(quoted).toContain('split [redacted]')
  })

  test('a huge error message is cut to 300 characters', async () => {
    server.use((_req, res) => json(res, 400, apiError('invalid_request_error', `${'word '.repeat(2000)}end`)))
    const { result } = await check('api-key', server.url)
    expect(result.verdict).toBe('inconclusive')
    expect(result.serverMessage?.length).toBeLessThanOrEqual(300)
    expect(result.serverMessage?.endsWith('…')).toBe(true)
  })
})

describe('proxies: HTTPS_PROXY / HTTP_PROXY via CONNECT, NO_PROXY honoured', () => {
  let refusing: ConnectProxy
  let tunnel: ConnectProxy
  beforeAll(async () => {
    refusing = await startConnectProxy('refuse-403')
    tunnel = await startConnectProxy('tunnel')
  })
  afterAll(async () => {
    await refusing.close()
    await tunnel.close()
  })

  test('a working proxy tunnels the request (http target, upper-case HTTP_PROXY)', async () => {
    server.use((_req, res) => json(res, 200, MODEL_LIST))
    const before = tunnel.connects.length
    const { result } = await check('api-key', server.url, { env: { HTTP_PROXY: tunnel.url } })
    expect(result).toMatchObject({ verdict: 'valid', attempts: 1 })
    expect(result.route).toBe(`proxy 127.0.0.1:${tunnel.port} (HTTP_PROXY)`)
    expect(tunnel.connects.slice(before)).toEqual([`127.0.0.1:${server.port}`])
  })

  test('lower-case http_proxy wins over upper-case', async () => {
    server.use((_req, res) => json(res, 200, MODEL_LIST))
    const { result } = await check('api-key', server.url, { env: { http_proxy: tunnel.url, HTTP_PROXY: refusing.url } })
    expect(result).toMatchObject({ verdict: 'valid' })
    expect(result.route).toContain('(http_proxy)')
  })

  test('a proxy that refuses CONNECT (403): network-error (proxy), not a credential failure', async () => {
    server.use((_req, res) => json(res, 200, MODEL_LIST))
    const { result } = await check('api-key', server.url, { env: { HTTP_PROXY: refusing.url } })
    expect(result).toMatchObject({ verdict: 'network-error', side: 'network', attempts: 1, reason: 'proxy' })
    expect(result.httpStatus).toBeUndefined()
    expect(result.title).toBe('Proxy refused the tunnel (403)')
    expect(server.requests).toHaveLength(0)
  })

  test('a proxy that wants credentials (407); the proxy password never shows', async () => {
    const proxy = await startConnectProxy('require-auth-407')
    const password = 'Pr0xy-pa55word-xyz'
    try {
      const url = `http://alice:${encodeURIComponent(password)}@127.0.0.1:${proxy.port}`
      const { result } = await check('api-key', server.url, { env: { HTTP_PROXY: url } }, [password])
      expect(result).toMatchObject({ verdict: 'network-error', reason: 'proxy' })
      expect(result.title).toBe('Proxy requires authentication (407)')
      expect(proxy.authorizations).toEqual([`Basic ${Buffer.from(`alice:${password}`).toString('base64')}`])
      expect(result.route).toBe(`proxy 127.0.0.1:${proxy.port} (HTTP_PROXY)`)
    } finally {
      await proxy.close()
    }
  })

  test('a proxy that is down: network-error (proxy)', async () => {
    const port = await closedPort()
    const { result } = await check('api-key', server.url, { env: { HTTP_PROXY: `http://127.0.0.1:${port}` } })
    expect(result).toMatchObject({ verdict: 'network-error', reason: 'proxy', attempts: 1 })
    expect(result.title).toBe('Cannot reach the proxy (ECONNREFUSED)')
  })

  test('an unsupported proxy scheme (socks5): network-error before any request', async () => {
    const { result } = await check('api-key', server.url, { env: { HTTP_PROXY: 'socks5://127.0.0.1:1080' } })
    expect(result).toMatchObject({ verdict: 'network-error', reason: 'bad-proxy-url', attempts: 0 })
  })

  const lookup = fakeLookup(['api.test.internal']) as unknown as LookupFunction
  test.each([
    ['*', 'valid'],
    ['test.internal', 'valid'],
    ['.test.internal', 'valid'],
    ['*.test.internal', 'valid'],
    ['example.com, api.test.internal:PORT', 'valid'],
    ['api.test.internal:1', 'network-error'],
    ['other.internal', 'network-error'],
    ['st.internal', 'network-error'],
  ])('NO_PROXY=%s with a refusing proxy: %s', async (entry, verdict) => {
    server.use((_req, res) => json(res, 200, MODEL_LIST))
    const noProxy = entry.replace('PORT', String(server.port))
    const { result } = await check('api-key', `http://api.test.internal:${server.port}`, {
      lookup,
      env: { HTTP_PROXY: refusing.url, NO_PROXY: noProxy },
    })
    expect(result.verdict).toBe(verdict)
    if (verdict === 'valid') expect(result.route).toMatch(/^direct \(NO_PROXY entry/)
  })

  test('lower-case no_proxy is honoured', async () => {
    server.use((_req, res) => json(res, 200, MODEL_LIST))
    const { result } = await check('api-key', server.url, { env: { http_proxy: refusing.url, no_proxy: '127.0.0.1' } })
    expect(result.verdict).toBe('valid')
  })

  test('HTTPS_PROXY is not used for an http target, HTTP_PROXY not for https', async () => {
    server.use((_req, res) => json(res, 200, MODEL_LIST))
    const { result } = await check('api-key', server.url, { env: { HTTPS_PROXY: refusing.url } })
    expect(result).toMatchObject({ verdict: 'valid', route: 'direct' })
  })
})

describe('TLS: custom CA via NODE_EXTRA_CA_CERTS, direct and through the tunnel', () => {
  const cert: TestCertificate | undefined = makeCertificate()
  const tlsTest = cert ? test : test.skip
  let secure: FaultServer
  let tunnel: ConnectProxy
  beforeAll(async () => {
    if (!cert) return
    secure = await startFaultServer({ key: cert.key, cert: cert.cert })
    secure.use((_req, res) => json(res, 200, MODEL_LIST))
    tunnel = await startConnectProxy('tunnel')
  })
  afterAll(async () => {
    if (!cert) return
    await secure.close()
    await tunnel.close()
    cert.cleanup()
  })

  tlsTest('an untrusted certificate: network-error (tls), one attempt, fix names NODE_EXTRA_CA_CERTS', async () => {
    const { result } = await check('api-key', secure.url)
    expect(result).toMatchObject({ verdict: 'network-error', side: 'network', attempts: 1, reason: 'tls' })
    expect(result.fix).toMatch(/NODE_EXTRA_CA_CERTS/)
    expect(secure.requests).toHaveLength(0)
  })

  tlsTest('NODE_EXTRA_CA_CERTS makes it trusted: valid', async () => {
    const { result } = await check('api-key', secure.url, { env: { NODE_EXTRA_CA_CERTS: cert?.certPath } })
    expect(result).toMatchObject({ verdict: 'valid', attempts: 1 })
    expect(result.notes).toEqual([])
  })

  tlsTest('through a CONNECT tunnel (HTTPS_PROXY) with the extra CA: valid, the proxy never sees the credential', async () => {
    secure.use((_req, res) => json(res, 200, MODEL_LIST))
    const { result } = await check('oauth-token', secure.url, {
      env: { HTTPS_PROXY: tunnel.url, NODE_EXTRA_CA_CERTS: cert?.certPath },
    })
    expect(result).toMatchObject({ verdict: 'valid', attempts: 1 })
    expect(tunnel.connects).toEqual([`127.0.0.1:${secure.port}`])
    expect(tunnel.seen()).toContain(`CONNECT 127.0.0.1:${secure.port}`)
    expect(tunnel.seen()).not.toContain(OAUTH)
    expect(secure.requests[0]?.headers.authorization).toBe(`Bearer ${OAUTH}`)
  })

  tlsTest('an https:// proxy: TLS to the proxy, then TLS to the API inside the tunnel, both trusting the extra CA', async () => {
    const tlsProxy = await startConnectProxy('tunnel', { key: cert?.key ?? '', cert: cert?.cert ?? '' })
    try {
      secure.use((_req, res) => json(res, 200, MODEL_LIST))
      const { result } = await check('api-key', secure.url, {
        env: { HTTPS_PROXY: tlsProxy.url, NODE_EXTRA_CA_CERTS: cert?.certPath },
      })
      expect(result).toMatchObject({ verdict: 'valid', attempts: 1 })
      expect(tlsProxy.connects).toEqual([`127.0.0.1:${secure.port}`])
      // The proxy decrypts its own TLS layer, and sees only the inner handshake: never the key.
      expect(tlsProxy.seen()).toContain('CONNECT ')
      expect(tlsProxy.seen()).not.toContain(API_KEY)
      expect(secure.requests[0]?.headers['x-api-key']).toBe(API_KEY)
    } finally {
      await tlsProxy.close()
    }
  })

  tlsTest('a base URL with a host name: SNI and certificate check use that name', async () => {
    const lookup = fakeLookup(['api.test.internal']) as unknown as LookupFunction
    const { result } = await check('api-key', `https://api.test.internal:${secure.port}`, {
      lookup,
      env: { NODE_EXTRA_CA_CERTS: cert?.certPath },
    })
    expect(result).toMatchObject({ verdict: 'valid' })
  })

  tlsTest('an unreadable NODE_EXTRA_CA_CERTS is a note, and the certificate stays untrusted', async () => {
    const { result } = await check('api-key', secure.url, { env: { NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem' } })
    expect(result).toMatchObject({ verdict: 'network-error', reason: 'tls' })
    expect(result.notes).toEqual([expect.stringMatching(/could not be read \(ENOENT\)/)])
  })
})

describe('start-up cost', () => {
  // Chunks main loads with await import: the live check, the federation exchange (which uses the
  // live check's transport, so it may import it: it is itself loaded only when needed) and the
  // apiKeyHelper runner (node:child_process brings net, streams and dgram).
  test('nothing in src imports a lazy chunk at run time (main loads them with await import)', () => {
    const srcDir = join(process.cwd(), 'src')
    const lazy = [join(srcDir, 'live-check'), join(srcDir, 'keyless', 'federation.ts'), join(srcDir, 'keyless', 'helper.ts')]
    // The live check's stage in the action (which check, once the judgement passed) is loaded at start-up
    // and loads the checks with await import: it is read like any other file, and may be imported.
    const stage = join(srcDir, 'live-check', 'dispatch.ts')
    const offenders: string[] = []
    let importsSeen = 0
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) {
          if (!lazy.includes(path)) walk(path)
          else if (path === dirname(stage)) read(stage)
          continue
        }
        read(path)
      }
    }
    const read = (path: string): void => {
      {
        if (!/\.[cm]?ts$/.test(path) || lazy.includes(path)) return
        const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022)
        for (const statement of source.statements) {
          importsSeen += 1
          const specifier =
            (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier
              ? (statement.moduleSpecifier as ts.StringLiteral).text
              : undefined
          if (!specifier || !/(^|\/)(live-check|federation|helper)(\/|\.js$|$)/.test(specifier) || /(^|\/)live-check\/dispatch\.js$/.test(specifier)) continue
          // `import type` is erased at compile time and costs nothing.
          const typeOnly = ts.isImportDeclaration(statement)
            ? statement.importClause?.isTypeOnly === true
            : ts.isExportDeclaration(statement) && statement.isTypeOnly
          if (!typeOnly) offenders.push(`${path}: ${specifier}`)
        }
      }
    }
    walk(srcDir)
    expect(importsSeen).toBeGreaterThan(0)
    expect(offenders).toEqual([])
  })
})
