import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DECLARED_INPUTS, parseInputs, rawCredentials } from '../../src/inputs/inputs.js'
import { problem } from '../../src/common/problems.js'

const OAUTH = `sk-ant-oat01-${'a'.repeat(95)}`
const missing = () => problem('error', 'No credential given', 'none', 'inputs', 'pass one')
const parse = (env: Record<string, string>) => parseInputs(env, '/ws', missing)
const titles = (env: Record<string, string>) => parse(env).problems.map((p) => `${p.severity}: ${p.title}`)

describe('inputs', () => {
  test('defaults: on-conflict fail, bare false, workspace, live check off with 10 s', () => {
    expect(parse({ 'INPUT_CLAUDE-CODE-OAUTH-TOKEN': OAUTH }).inputs).toEqual({
      method: 'oauth-token',
      credential: { kind: 'oauth-token', value: OAUTH },
      baseUrl: undefined,
      bare: false,
      onConflict: 'fail',
      workingDirectory: '/ws',
      checkWorkflow: true,
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
    ['INPUT_ON-CONFLICT', 'unsett', '`on-conflict` is "unsett", which is not `fail`, `unset` or `warn`. Did you mean `unset`?'],
    ['INPUT_ON-CONFLICT', 'ignore', '`on-conflict` is "ignore", which is not `fail`, `unset` or `warn`.'],
    ['INPUT_BARE', 'yes', '`bare` is "yes", which is not `true` or `false`.'],
    ['INPUT_BARE', 'ture', '`bare` is "ture", which is not `true` or `false`. Did you mean `true`?'],
    ['INPUT_METHOD', 'oauth', '`method` is "oauth", which is not `oauth-token`, `api-key`, `auth-token`, `bedrock`, `vertex`, `foundry`, `federation`, `api-key-helper` or `login`.'],
    ['INPUT_METHOD', 'api_key', '`method` is "api_key", which is not `oauth-token`, `api-key`, `auth-token`, `bedrock`, `vertex`, `foundry`, `federation`, `api-key-helper` or `login`. Did you mean `api-key`?'],
    ['INPUT_LIVE-CHECK-TIMEOUT', '0', '`live-check-timeout` is "0", but it must be more than 0 and at most 300 seconds.'],
    ['INPUT_LIVE-CHECK-TIMEOUT', 'ten', '`live-check-timeout` is "ten", but it must be more than 0 and at most 300 seconds.'],
  ])('%s=%p is rejected, the value echoed with a suggestion when one is close', (name, value, cause) => {
    const { problems } = parse({ 'INPUT_CLAUDE-CODE-OAUTH-TOKEN': OAUTH, [name]: value })
    expect(problems.filter((p) => p.severity === 'error').map((p) => p.cause)).toEqual([cause])
  })

  test.each([
    ['INPUT_ANTHROPIC-BASE-URL', 'ftp://gw.example', 'error: Invalid input `anthropic-base-url`'],
    ['INPUT_ANTHROPIC-BASE-URL', 'https://user:pw@gw.example', 'error: Invalid input `anthropic-base-url`'],
  ])('%s=%p is rejected without echoing the URL (it may carry a password)', (name, value, expected) => {
    const { problems } = parse({ 'INPUT_CLAUDE-CODE-OAUTH-TOKEN': OAUTH, [name]: value })
    expect(problems.map((p) => `${p.severity}: ${p.title}`)).toContain(expected)
    expect(JSON.stringify(problems)).not.toContain(value)
  })

  test('a value that looks like a credential, or carries workflow-command syntax, is never echoed', () => {
    const key = `sk-ant-api03-${'k'.repeat(95)}`
    for (const value of [key, 'fail::set-env', 'warn ##[x]']) {
      const { problems } = parse({ 'INPUT_CLAUDE-CODE-OAUTH-TOKEN': OAUTH, 'INPUT_ON-CONFLICT': value })
      expect(problems.map((p) => p.cause)).toEqual(['`on-conflict` is set to a value that is not `fail`, `unset` or `warn`.'])
    }
  })

  test('an input this action does not have gets a did-you-mean warning; its value is not echoed', () => {
    const { problems } = parse({ 'INPUT_CLAUDE-CODE-OAUTH-TOKEN': OAUTH, 'INPUT_ON-CONFLCT': 'unset', INPUT_CLAUDE_CODE_OAUTH_TOKEN: OAUTH })
    expect(problems.map((p) => `${p.severity}: ${p.title}: ${p.cause}`).sort()).toEqual([
      'warning: Unknown input `claude_code_oauth_token`: This action has no input `claude_code_oauth_token`, so its value is ignored. Did you mean `claude-code-oauth-token`?',
      'warning: Unknown input `on-conflct`: This action has no input `on-conflct`, so its value is ignored. Did you mean `on-conflict`?',
    ])
    expect(JSON.stringify(problems)).not.toContain(OAUTH)
  })

  test('the action pinned to a branch is a warning; a tag or SHA is not', () => {
    const base = { 'INPUT_CLAUDE-CODE-OAUTH-TOKEN': OAUTH, GITHUB_ACTION_REPOSITORY: 'claude-code-auth/claude-code-auth' }
    expect(titles({ ...base, GITHUB_ACTION_REF: 'main' })).toEqual(['warning: Action pinned to a branch'])
    expect(titles({ ...base, GITHUB_ACTION_REF: 'v1' })).toEqual([])
    expect(titles({ ...base, GITHUB_ACTION_REF: 'a'.repeat(40) })).toEqual([])
  })

  test('a method that does not match the credential input is an error naming both', () => {
    const { problems } = parse({ 'INPUT_CLAUDE-CODE-OAUTH-TOKEN': OAUTH, INPUT_METHOD: 'api-key' })
    expect(problems.map((p) => p.cause)).toEqual(['`method` is `api-key`, but the credential was given as `claude-code-oauth-token`.'])
  })

  test('action.yml declares exactly the inputs this action reads', () => {
    const yml = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'action.yml'), 'utf8')
    const declared = [...yml.slice(yml.indexOf('\ninputs:'), yml.indexOf('\noutputs:')).matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1])
    expect(declared.sort()).toEqual([...DECLARED_INPUTS].sort())
  })

  test('a gateway token without any base URL is a warning', () => {
    expect(titles({ 'INPUT_ANTHROPIC-AUTH-TOKEN': 'gateway-token-0123456789' })).toEqual(['warning: Gateway token without a gateway URL'])
    expect(titles({ 'INPUT_ANTHROPIC-AUTH-TOKEN': 'gateway-token-0123456789', ANTHROPIC_BASE_URL: 'https://gw.example' })).toEqual([])
  })
})
