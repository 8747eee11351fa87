import { parseInputs, rawCredentials } from '../../src/inputs/inputs.js'
import { problem } from '../../src/common/problems.js'

const OAUTH = `sk-ant-oat01-${'a'.repeat(95)}`
const missing = () => problem('error', 'No credential given', 'none', 'inputs', 'pass one')
const parse = (env: Record<string, string>) => parseInputs(env, '/ws', missing)
const titles = (env: Record<string, string>) => parse(env).problems.map((p) => `${p.severity}: ${p.title}`)

describe('inputs', () => {
  test('defaults: on-conflict fail, bare false, workspace, live check off with 10 s', () => {
    expect(parse({ 'INPUT_CLAUDE-CODE-OAUTH-TOKEN': OAUTH }).inputs).toEqual({
      credential: { kind: 'oauth-token', value: OAUTH },
      baseUrl: undefined,
      bare: false,
      onConflict: 'fail',
      workingDirectory: '/ws',
      liveCheck: { enabled: false, timeoutMs: 10000, onNetworkFailure: 'fail' },
    })
  })

  test('YAML booleans in any of their core-schema spellings', () => {
    expect(parse({ 'INPUT_CLAUDE-CODE-OAUTH-TOKEN': OAUTH, INPUT_BARE: 'True' }).inputs?.bare).toBe(true)
    expect(parse({ 'INPUT_CLAUDE-CODE-OAUTH-TOKEN': OAUTH, INPUT_BARE: 'FALSE' }).inputs?.bare).toBe(false)
  })

  test('a whitespace-only credential input counts as not given', () => {
    expect(rawCredentials({ 'INPUT_ANTHROPIC-API-KEY': ' \n' })).toEqual([])
    expect(titles({ 'INPUT_ANTHROPIC-API-KEY': ' \n' })).toEqual(['error: No credential given'])
  })

  test('two credentials at once is one error naming both inputs', () => {
    const { problems } = parse({ 'INPUT_CLAUDE-CODE-OAUTH-TOKEN': OAUTH, 'INPUT_ANTHROPIC-API-KEY': `sk-ant-api03-${'b'.repeat(95)}` })
    expect(problems).toHaveLength(1)
    expect(problems[0].cause).toContain('`claude-code-oauth-token` and `anthropic-api-key`')
  })

  test.each([
    ['INPUT_ON-CONFLICT', 'ignore', 'error: Invalid input `on-conflict`'],
    ['INPUT_BARE', 'yes', 'error: Invalid input `bare`'],
    ['INPUT_LIVE-CHECK-TIMEOUT', '0', 'error: Invalid input `live-check-timeout`'],
    ['INPUT_LIVE-CHECK-TIMEOUT', 'ten', 'error: Invalid input `live-check-timeout`'],
    ['INPUT_ANTHROPIC-BASE-URL', 'ftp://gw.example', 'error: Invalid input `anthropic-base-url`'],
    ['INPUT_ANTHROPIC-BASE-URL', 'https://user:pw@gw.example', 'error: Invalid input `anthropic-base-url`'],
  ])('%s=%p is rejected without echoing the value', (name, value, expected) => {
    const { problems } = parse({ 'INPUT_CLAUDE-CODE-OAUTH-TOKEN': OAUTH, [name]: value })
    expect(problems.map((p) => `${p.severity}: ${p.title}`)).toContain(expected)
    if (value.length > 3) expect(JSON.stringify(problems)).not.toContain(value)
  })

  test('a gateway token without any base URL is a warning', () => {
    expect(titles({ 'INPUT_ANTHROPIC-AUTH-TOKEN': 'gateway-token-0123456789' })).toEqual(['warning: Gateway token without a gateway URL'])
    expect(titles({ 'INPUT_ANTHROPIC-AUTH-TOKEN': 'gateway-token-0123456789', ANTHROPIC_BASE_URL: 'https://gw.example' })).toEqual([])
  })
})
