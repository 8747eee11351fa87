// The end-to-end check's provider intent (conformance/intent.ts), without the
// CLI: which inputs a case gives the action, what the best exports are, and
// how recorded requests are judged.

import { afterEach, describe, expect, test } from '@jest/globals'
import { allCases } from '../../conformance/cases.js'
import { P } from '../../conformance/cases-providers.js'
import { intendedMethod, intentFor, isExactlyIntended } from '../../conformance/intent.js'
import type { RecordedRequest } from '../../conformance/mock-api.js'
import { createSandbox, type Sandbox } from '../../conformance/sandbox.js'
import { INTENDED, V } from '../../conformance/values.js'

const MOCK = 'http://127.0.0.1:9'
const sandboxes: Sandbox[] = []
afterEach(() => sandboxes.splice(0).forEach((s) => s.cleanup()))

function intentOf(id: string) {
  const testCase = allCases.find((c) => c.id === id)
  if (!testCase) throw new Error(`no case ${id}`)
  const sandbox = createSandbox(testCase, MOCK)
  sandboxes.push(sandbox)
  return { intent: intentFor(testCase, sandbox, MOCK, '2.1.330', false, new Map()), sandbox }
}

const foundryRequest = (headers: Partial<RecordedRequest>, path = '/provider-foundry/anthropic/v1/messages?beta=true'): RecordedRequest => ({ method: 'POST', path, ...headers })

describe('provider intent: inputs from the case', () => {
  test('the provider inputs leave the job environment and become inputs; what beats the key is blanked by unset only', () => {
    const { intent } = intentOf('provider:foundry:auth-token-beats-api-key')
    expect(intent.inputs).toEqual({ method: 'foundry', 'foundry-base-url': `${MOCK}/provider-foundry/anthropic`, 'foundry-api-key': P.foundryKey })
    expect(intent.jobEnv.CLAUDE_CODE_USE_FOUNDRY).toBeUndefined()
    expect(intent.jobEnv.ANTHROPIC_FOUNDRY_API_KEY).toBeUndefined()
    expect(intent.jobEnv.ANTHROPIC_FOUNDRY_AUTH_TOKEN).toBe(P.foundryToken)
    const exported = { CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_BASE_URL: `${MOCK}/provider-foundry/anthropic`, ANTHROPIC_FOUNDRY_API_KEY: P.foundryKey }
    expect(intent.bestExports('fail')).toEqual(exported)
    expect(intent.bestExports('unset')).toEqual({ ...exported, ANTHROPIC_FOUNDRY_AUTH_TOKEN: '' })
  })

  test('unset also blanks the first-party credentials and the other providers’ flags that are on', () => {
    const { intent } = intentOf('provider:several:all-three-with-credentials')
    expect(intent.inputs).toEqual({ method: 'bedrock' })
    expect(intent.bestExports('unset')).toEqual({
      CLAUDE_CODE_USE_BEDROCK: '1',
      ANTHROPIC_API_KEY: '',
      ANTHROPIC_AUTH_TOKEN: '',
      CLAUDE_CODE_USE_VERTEX: '',
      CLAUDE_CODE_USE_FOUNDRY: '',
    })
  })

  test('a blank value is not an input: it stays in the job environment', () => {
    const { intent } = intentOf('provider:bedrock:api-key-blank-falls-back-to-keys')
    expect(intent.inputs).toEqual({ method: 'bedrock' })
    expect(intent.jobEnv.AWS_BEARER_TOKEN_BEDROCK).toBe('  ')
  })
})

describe('provider intent: judging what was sent', () => {
  test('the Foundry key as x-api-key alone is exactly intended', () => {
    const { intent } = intentOf('provider:foundry:api-key')
    expect(intent.judge([foundryRequest({ xApiKey: P.foundryKey })]).exact).toBe(true)
  })

  test('a first-party value of the case on any request, even one that is not a model request, is not', () => {
    const { intent } = intentOf('provider:foundry:api-key+first-party')
    const model = foundryRequest({ xApiKey: P.foundryKey })
    const probe: RecordedRequest = { method: 'GET', path: '/provider-foundry/anthropic/v1/models', authorization: `Bearer ${V.authToken('proc')}` }
    expect(intent.judge([model]).exact).toBe(true)
    expect(intent.judge([model, probe]).exact).toBe(false)
  })

  test('an Authorization next to the Foundry key, or no model request at all, is not', () => {
    const { intent } = intentOf('provider:foundry:api-key')
    expect(intent.judge([foundryRequest({ xApiKey: P.foundryKey, authorization: 'Bearer x' })]).exact).toBe(false)
    expect(intent.judge([]).exact).toBe(false)
  })

  test('a request to another provider is not', () => {
    const { intent } = intentOf('provider:foundry:api-key')
    expect(intent.judge([{ method: 'POST', path: '/provider-bedrock/model/us.anthropic.claude/invoke' }]).exact).toBe(false)
  })

  test('a Foundry endpoint without /anthropic is never intended, though the mock answers it', () => {
    const { intent } = intentOf('provider:foundry:base-url-without-anthropic')
    expect(intent.judge([foundryRequest({ xApiKey: P.foundryKey }, '/provider-foundry/v1/messages?beta=true')]).exact).toBe(false)
  })

  test('Bedrock: the signing region must be the aws-region input', () => {
    const { intent } = intentOf('provider:bedrock:keys')
    const signed = (region: string): RecordedRequest => ({
      method: 'POST',
      path: '/provider-bedrock/model/us.anthropic.claude-sonnet-4-5-20250929-v1:0/invoke-with-response-stream',
      sigv4: { accessKeyId: P.awsKeyId, date: '20260101', region, service: 'bedrock', signedHeaders: ['host'] },
    })
    expect(intent.judge([signed('us-west-2')]).exact).toBe(true)
    expect(intent.judge([signed('us-east-1')]).exact).toBe(false)
  })
})

const vertexRequest = (region: string, headers: Partial<RecordedRequest> = {}): RecordedRequest => ({
  method: 'POST',
  path: `/provider-vertex/projects/conformance-project/locations/${region}/publishers/anthropic/models/claude-sonnet-4-5:rawPredict`,
  ...headers,
})

describe('provider intent: the inputs are what the CLI must use', () => {
  test('Vertex: the region on the path is the vertex-region input, not the one a settings file sets', () => {
    const { intent } = intentOf('provider:vertex:region:settings-env-over-input')
    expect(intent.inputs).toEqual({ method: 'vertex', 'vertex-project-id': 'conformance-project', 'vertex-region': 'europe-west1' })
    expect(intent.judge([vertexRequest('europe-west1')]).exact).toBe(true)
    expect(intent.judge([vertexRequest('us-central1')]).exact).toBe(false)
  })

  test('Vertex: any x-api-key is refused, even a value the case does not know', () => {
    const { intent } = intentOf('provider:vertex:skip')
    expect(intent.judge([vertexRequest('europe-west1')]).exact).toBe(true)
    expect(intent.judge([vertexRequest('europe-west1', { xApiKey: 'some-gateway-key' })]).exact).toBe(false)
  })

  test('Bedrock: the Bearer is the bedrock-api-key input', () => {
    const { intent } = intentOf('provider:bedrock:api-key')
    expect(intent.inputs).toEqual({ method: 'bedrock', 'aws-region': 'eu-west-1', 'bedrock-api-key': P.bedrockKey })
    const invoke = (authorization: string): RecordedRequest => ({ method: 'POST', path: '/provider-bedrock/model/eu.anthropic.claude-sonnet-4-5-20250929-v1:0/invoke', authorization })
    expect(intent.judge([invoke(`Bearer ${P.bedrockKey}`)]).exact).toBe(true)
    expect(intent.judge([invoke(`Bearer ${P.bedrockKeySettings}`)]).exact).toBe(false)
  })
})

describe('first-party intent', () => {
  test('a case without `intended` gets a credential kind, the same on every call', () => {
    const testCase = allCases.find((c) => c.id === 'subset:auth+helper')!
    const method = intendedMethod(testCase)
    expect(['oauth-token', 'api-key', 'auth-token']).toContain(method)
    expect(intendedMethod({ ...testCase })).toBe(method)
  })

  test('exactly the intended credential, in its header, alone', () => {
    const first = { route: 'first-party' as const }
    expect(isExactlyIntended({ ...first, authorization: { value: INTENDED['oauth-token'], oauth: true } }, 'oauth-token')).toBe(true)
    // The same value as a gateway Bearer (no OAuth beta) is not an OAuth login.
    expect(isExactlyIntended({ ...first, authorization: { value: INTENDED['oauth-token'], oauth: false } }, 'oauth-token')).toBe(false)
    expect(isExactlyIntended({ ...first, xApiKey: INTENDED['api-key'] }, 'api-key')).toBe(true)
    expect(isExactlyIntended({ ...first, xApiKey: INTENDED['api-key'], authorization: { value: V.authToken('proc'), oauth: false } }, 'api-key')).toBe(false)
    expect(isExactlyIntended({ route: 'vertex', xApiKey: INTENDED['api-key'] }, 'api-key')).toBe(false)
  })

  test('every model request must carry it, whichever arrives first', () => {
    const { intent } = intentOf('credentials-file+oauth-env')
    const kind = intent.method as keyof typeof INTENDED
    const path = '/v1/messages?beta=true'
    const intended: RecordedRequest =
      kind === 'api-key'
        ? { method: 'POST', path, xApiKey: INTENDED['api-key'] }
        : { method: 'POST', path, authorization: `Bearer ${INTENDED[kind]}`, ...(kind === 'oauth-token' ? { anthropicBeta: 'oauth-2025-04-20' } : {}) }
    const other: RecordedRequest = { method: 'POST', path, xApiKey: V.apiKey('proc') }
    expect(intent.judge([intended, intended]).exact).toBe(true)
    expect(intent.judge([intended, other]).exact).toBe(false)
    expect(intent.judge([other, intended]).exact).toBe(false)
  })
})
