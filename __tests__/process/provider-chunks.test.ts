// Each live check loads only its own chunk: a first-party check none of the providers' (and
// so none of their SDKs), a Bedrock check neither Google's nor Azure's. Proved on copies of
// dist/ where the chunks a run must not load are directories: loading one would fail the run
// (the last test shows that it does).

import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { mkdir, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'

import { withRun, type RunResult } from '../../harness/runner.js'
import { snapshotDist, REPO_ROOT } from './dist-snapshot.js'
import { apiKey, NODE_BINARY } from './fixtures.js'

const KEY = apiKey('provider-chunks')
const AWS = { AWS_ACCESS_KEY_ID: 'AKIAVALIDEXAMPLE0001', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
let server: Server
let url: string
const copies: string[] = []

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0]
    response.writeHead(200, { 'content-type': 'application/json' })
    if (path === '/v1/models' && request.headers['x-api-key'] === KEY) return void response.end('{"data":[{"id":"claude-test"}],"has_more":false}')
    if (path === '/bedrock/inference-profiles' && request.headers.authorization?.includes(AWS.AWS_ACCESS_KEY_ID)) return void response.end('{"inferenceProfileSummaries":[]}')
    response.writeHead(500).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  for (const copy of copies) await rm(copy, { recursive: true, force: true })
})

/** A copy of dist/ in which `blocked` chunks cannot be loaded (each is a directory: EISDIR, even for root). */
async function distWithout(blocked: string[]): Promise<string> {
  const copy = await snapshotDist()
  copies.push(copy)
  for (const chunk of blocked) {
    await rm(join(copy, chunk))
    await mkdir(join(copy, chunk))
  }
  return join(copy, 'index.js')
}

const run = (entry: string, inputs: Record<string, string>, env: Record<string, string> = {}) =>
  withRun({ entry, nodeBinary: NODE_BINARY, actionYml: join(REPO_ROOT, 'action.yml'), inputs: { 'live-check': 'true', 'live-check-timeout': '5', ...inputs }, env }, (r: RunResult) => r)

const PROVIDER_CHUNKS = ['live-check-bedrock.js', 'live-check-vertex.js', 'live-check-foundry.js']

test('a first-party live check loads no provider chunk', async () => {
  const result = await run(await distWithout(PROVIDER_CHUNKS), { 'anthropic-api-key': KEY, 'anthropic-base-url': url })
  expect(result.rawStderr).toBe('')
  expect(result.exitCode).toBe(0)
  expect(result.outputs['live-check']).toBe('valid')
})

test('a Bedrock live check loads neither the Vertex (Google) nor the Foundry (Azure) chunk, nor the first-party one', async () => {
  const result = await run(await distWithout(['live-check-vertex.js', 'live-check-foundry.js', 'live-check.js']), { method: 'bedrock', 'aws-region': 'us-east-1' }, { ...AWS, ANTHROPIC_BEDROCK_BASE_URL: `${url}/bedrock` })
  expect(result.rawStderr).toBe('')
  expect(result.exitCode).toBe(0)
  expect(result.outputs['live-check']).toBe('valid')
})

test('the blocking works: without its own chunk the Bedrock check cannot run', async () => {
  const result = await run(await distWithout(['live-check-bedrock.js']), { method: 'bedrock', 'aws-region': 'us-east-1' }, { ...AWS, ANTHROPIC_BEDROCK_BASE_URL: `${url}/bedrock` })
  expect(result.exitCode).toBe(1)
  expect(result.annotations.map((a) => a.title)).toContain('Internal error')
  expect(result.outputs['live-check']).toBeUndefined()
})
