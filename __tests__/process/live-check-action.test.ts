// The live check through the built action: dist/index.js must load
// dist/live-check.js on demand, report the verdict as an output and in the
// summary, fail only when it should, and never leak the credential, even
// when the server echoes it back.

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { findUnmaskedSecrets, withRun } from '../../harness/runner.js'
import { apiKey, builtAction } from './fixtures.js'

const GOOD = apiKey('live-good')
const REVOKED = apiKey('live-revoked')
let server: Server
let baseUrl: string
const seen: { path: string; key: string | undefined }[] = []

beforeAll(async () => {
  server = createServer((request, response) => {
    const key = request.headers['x-api-key'] as string | undefined
    seen.push({ path: request.url ?? '', key })
    if (key === GOOD) {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{"data":[{"id":"claude-sonnet-4-5"}],"has_more":false}')
    } else if (key === REVOKED) {
      response.writeHead(401, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${key}` } }))
    } else {
      response.writeHead(503, { 'content-type': 'application/json' })
      response.end('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const run = (key: string, extra: Record<string, string> = {}) =>
  withRun({ ...builtAction(), inputs: { 'anthropic-api-key': key, 'anthropic-base-url': baseUrl, 'live-check': 'true', 'live-check-timeout': '3', ...extra } }, (r) => r)

test('a valid key: live-check output valid, exported, one request to /v1/models with the key', async () => {
  const result = await run(GOOD)
  expect(result.exitCode).toBe(0)
  expect(result.outputs['live-check']).toBe('valid')
  expect(result.exportedEnv).toEqual({ ANTHROPIC_API_KEY: GOOD, ANTHROPIC_BASE_URL: baseUrl })
  expect(result.summary).toMatch(/Live check:\*\* <code>valid<\/code> in \d+ ms/)
  expect(seen.filter((s) => s.key === GOOD).map((s) => s.path.split('?')[0])).toEqual(['/v1/models'])
  expect(findUnmaskedSecrets(result, [GOOD])).toEqual([])
})

test('a revoked key fails the step, exports nothing, and the echoed key is not in the log', async () => {
  const result = await run(REVOKED)
  expect(result.exitCode).toBe(1)
  expect(result.outputs['live-check']).toBe('invalid')
  expect(result.exportedEnv).toEqual({})
  expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.title)).toEqual(['API key rejected (401)'])
  expect(findUnmaskedSecrets(result, [REVOKED])).toEqual([])
  // Not even unmasked on the raw stream: the server's echo is scrubbed before it is printed.
  const printed = result.rawStdout.split('\n').filter((line) => !line.startsWith('::add-mask::'))
  expect(printed.filter((line) => line.includes(REVOKED.slice(20)))).toEqual([])
})

test('a server error with live-check-failure: warn is a warning, and the run goes on', async () => {
  const key = apiKey('live-overloaded')
  const result = await run(key, { 'live-check-failure': 'warn', 'live-check-timeout': '1' })
  expect(result.exitCode).toBe(0)
  expect(result.outputs['live-check']).toBe('server-error')
  expect(result.annotations.filter((a) => a.level === 'error')).toEqual([])
  expect(result.annotations.some((a) => a.level === 'warning')).toBe(true)
  expect(result.exportedEnv.ANTHROPIC_API_KEY).toBe(key)
})

test('without live-check: no request is made and the output is skipped', async () => {
  const before = seen.length
  const result = await withRun({ ...builtAction(), inputs: { 'anthropic-api-key': GOOD, 'anthropic-base-url': baseUrl } }, (r) => r)
  expect(result.exitCode).toBe(0)
  expect(result.outputs['live-check']).toBe('skipped')
  expect(seen.length).toBe(before)
})
