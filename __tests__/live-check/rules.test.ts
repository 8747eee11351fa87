// The live check's pure rules, case by case: NO_PROXY matching, proxy choice,
// retry-after parsing, backoff bounds, and the line-scrubber. The socket-level
// behaviour is in __tests__/live-check.test.ts.

import { describe, expect, test } from '@jest/globals'
import { backoffMs, sideOf } from '../../src/live-check/index.js'
import { retryAfterMs } from '../../src/live-check/classify.js'
import { chooseProxy, noProxyMatch, parseTarget } from '../../src/live-check/proxy.js'
import type { Target } from '../../src/live-check/proxy.js'
import { safeLine } from '../../src/live-check/scrub.js'

describe('NO_PROXY matching', () => {
  test.each([
    // [NO_PROXY, host, port, bypass?]
    ['*', 'api.anthropic.com', 443, true],
    ['anthropic.com', 'api.anthropic.com', 443, true],
    ['anthropic.com', 'anthropic.com', 443, true],
    ['.anthropic.com', 'api.anthropic.com', 443, true],
    ['.anthropic.com', 'anthropic.com', 443, true],
    ['*.anthropic.com', 'api.anthropic.com', 443, true],
    ['ANTHROPIC.COM', 'Api.Anthropic.Com.', 443, true],
    ['thropic.com', 'api.anthropic.com', 443, false],
    ['api.anthropic.com:443', 'api.anthropic.com', 443, true],
    ['api.anthropic.com:8443', 'api.anthropic.com', 443, false],
    ['localhost, 127.0.0.1 ,.internal', 'gw.internal', 8080, true],
    ['localhost 127.0.0.1', '127.0.0.1', 8080, true],
    ['127.0.0.1', '127.0.0.2', 8080, false],
    ['0.1', '127.0.0.1', 80, false], // no suffix matching on IP addresses
    ['10.0.0.0/8', '10.20.30.40', 443, true],
    ['10.0.0.0/8', '11.0.0.1', 443, false],
    ['192.168.1.0/24', '192.168.1.255', 443, true],
    ['192.168.1.0/24', 'gw.192.168.1.0', 443, false],
    ['::1', '::1', 443, true],
    ['[::1]:8080', '::1', 8080, true],
    ['[::1]:8080', '::1', 443, false],
    ['', 'api.anthropic.com', 443, false],
    [' , ,', 'api.anthropic.com', 443, false],
  ])('NO_PROXY=%j, %s:%i → bypass %s', (noProxy, host, port, bypass) => {
    expect(noProxyMatch(noProxy, host, port) !== undefined).toBe(bypass)
  })
})

describe('proxy choice', () => {
  const https = parseTarget('https://api.anthropic.com') as Target
  const http = parseTarget('http://gw.internal:8080/prefix/') as Target

  test('targets parse with default ports and the base path kept', () => {
    expect(https).toEqual({ protocol: 'https:', hostname: 'api.anthropic.com', port: 443, basePath: '' })
    expect(http).toEqual({ protocol: 'http:', hostname: 'gw.internal', port: 8080, basePath: '/prefix' })
    expect(parseTarget('https://[::1]:9/')).toMatchObject({ hostname: '::1', port: 9 })
    expect(parseTarget('not a url')).toEqual({ error: 'is not a valid URL' })
  })

  test('https targets use https_proxy, then HTTPS_PROXY; an empty value is unset', () => {
    expect(chooseProxy({ HTTPS_PROXY: 'http://upper:3128', https_proxy: 'http://lower:3128' }, https)).toMatchObject({
      kind: 'proxy',
      proxy: { hostname: 'lower', port: 3128, variable: 'https_proxy' },
    })
    expect(chooseProxy({ https_proxy: '  ', HTTPS_PROXY: 'upper:3128' }, https)).toMatchObject({
      kind: 'proxy',
      proxy: { protocol: 'http:', hostname: 'upper', port: 3128, variable: 'HTTPS_PROXY' },
    })
    expect(chooseProxy({ HTTP_PROXY: 'http://p:1' }, https)).toEqual({ kind: 'direct' })
  })

  test('proxy credentials become Proxy-Authorization and are listed as secrets; display shows host:port only', () => {
    const choice = chooseProxy({ HTTPS_PROXY: 'http://u%40corp:p%3Ass@proxy.corp:8080' }, https)
    expect(choice.kind).toBe('proxy')
    if (choice.kind !== 'proxy') return
    const basic = Buffer.from('u@corp:p:ss').toString('base64')
    expect(choice.proxy.authorization).toBe(`Basic ${basic}`)
    expect(choice.proxy.display).toBe('proxy.corp:8080')
    expect(choice.secrets).toEqual(expect.arrayContaining([basic, 'p:ss', 'p%3Ass']))
  })

  test('an https:// proxy defaults to port 443; socks is refused as unsupported', () => {
    expect(chooseProxy({ HTTPS_PROXY: 'https://proxy.corp' }, https)).toMatchObject({
      kind: 'proxy',
      proxy: { protocol: 'https:', port: 443 },
    })
    expect(chooseProxy({ HTTPS_PROXY: 'socks5h://proxy.corp:1080' }, https)).toMatchObject({ kind: 'invalid', variable: 'HTTPS_PROXY' })
  })

  test('no_proxy is read before NO_PROXY, and the matching entry is named', () => {
    expect(chooseProxy({ HTTP_PROXY: 'http://p:1', no_proxy: 'gw.internal', NO_PROXY: 'other' }, http)).toEqual({
      kind: 'direct',
      bypassedBy: 'no_proxy entry "gw.internal"',
    })
  })
})

describe('retry-after', () => {
  const now = Date.parse('2026-11-24T03:00:00Z')
  test.each([
    [{ 'retry-after': '2' }, 2000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after': '0' }, 0],
    [{ 'retry-after-ms': '1500', 'retry-after': '9' }, 1500],
    [{ 'retry-after': 'Tue, 24 Nov 2026 03:00:07 GMT' }, 7000],
    [{ 'retry-after': 'Tue, 24 Nov 2026 02:59:00 GMT' }, 0],
    [{ 'retry-after': 'soon' }, undefined],
    [{ 'retry-after': '-3' }, undefined],
    [{}, undefined],
  ])('%j → %s ms', (headers, expected) => {
    expect(retryAfterMs(headers, now)).toBe(expected)
  })
})

describe('backoff', () => {
  test('between half and all of 250 ms × 2^(n-1), capped at 4 s', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, () => 0))).toEqual([125, 250, 500, 1000, 2000, 2000])
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, () => 1))).toEqual([250, 500, 1000, 2000, 4000, 4000])
    expect(backoffMs(1, () => 7)).toBe(250)
  })
})

describe('sides', () => {
  test.each([
    ['valid', 'none'],
    ['inconclusive', 'none'],
    ['invalid', 'auth'],
    ['expired', 'auth'],
    ['forbidden', 'auth'],
    ['billing', 'auth'],
    ['rate-limited', 'network'],
    ['server-error', 'network'],
    ['network-error', 'network'],
    ['timeout', 'network'],
  ] as const)('%s is %s-side', (verdict, side) => {
    expect(sideOf(verdict)).toBe(side)
  })
})

describe('safeLine', () => {
  const secret = 'gw_0123456789abcdefXYZ'
  test('removes line breaks, control and invisible characters, and breaks every ::', () => {
    expect(safeLine('a\r\n::warning::b\u0007c\u2028d\u202ee', [])).toBe('a : :warning: :b c d' + 'e')
  })
  test('redacts the secret, its encodings, a fragment, and Bearer/x-api-key values', () => {
    const text = [
      secret,
      Buffer.from(secret).toString('base64'),
      encodeURIComponent(`${secret}/`),
      `…${secret.slice(4, 14)}…`,
      'Bearer abc.def9ghij',
      'x-api-key: zzzzzzzzzzzzzzzzzzzzzzzz',
      'sk-ant-api03-SomethingElse_123',
    ].join(' | ')
    const line = safeLine(text, [secret])
    expect(line).toBe(
      '[redacted] | [redacted] | [redacted]%2F | …[redacted]… | Bearer [redacted] | x-api-key: [redacted] | [redacted]',
    )
  })
  test('keeps ordinary words, and cuts long text to the limit with an ellipsis', () => {
    expect(safeLine('Invalid authentication credentials', [secret])).toBe('Invalid authentication credentials')
    expect(safeLine('this API key: it is wrong; token: expired', [secret])).toBe('this API key: it is wrong; token: expired')
    expect(safeLine('Bearer authentication failed', [secret])).toBe('Bearer authentication failed')
    // The action's own wording keeps credential-shaped phrases, and still loses the secret itself.
    expect(safeLine(`x-api-key: abcdefghijkl ${secret}`, [secret], 300, false)).toBe('x-api-key: abcdefghijkl [redacted]')
    const long = safeLine('x '.repeat(500), [], 50)
    expect(long).toHaveLength(50)
    expect(long.endsWith('…')).toBe(true)
  })
})

describe('scrubbing encodings the list does not know', () => {
  test('a hex echo of the key is removed from server text', async () => {
    const { safeLine } = await import('../../src/live-check/scrub.js')
    const key = 'sk-ant-api03-QQQQ1234abcdEFGH5678ijklMNOP'
    const hex = Buffer.from(key, 'utf8').toString('hex')
    const line = safeLine(`invalid key ${hex} for org`, [key])
    expect(line).toBe('invalid key [redacted] for org')
  })
})
