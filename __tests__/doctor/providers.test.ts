// The doctor on a cloud provider's route: the first-party credentials Claude Code forwards there
// under a skip-auth flag (a gateway setup), and the setups it stops on before any request.
// Expected values are written by hand from docs/providers-measured.md (what 2.1.330 sent to the
// mock provider) and the action's documented wording for the same findings.

import { describe, expect, test } from '@jest/globals'

import { apiKey, expectNoSecrets, fingerprintOf, gatewayToken, json, runDoctor } from './fixtures.js'

const VERTEX_GATEWAY = { CLAUDE_CODE_USE_VERTEX: '1', CLAUDE_CODE_SKIP_VERTEX_AUTH: '1', ANTHROPIC_VERTEX_PROJECT_ID: 'my-project', ANTHROPIC_VERTEX_BASE_URL: 'https://gateway.example.com/vertex' }
const BEDROCK_GATEWAY = { CLAUDE_CODE_USE_BEDROCK: '1', CLAUDE_CODE_SKIP_BEDROCK_AUTH: '1', AWS_REGION: 'us-east-1', ANTHROPIC_BEDROCK_BASE_URL: 'https://gateway.example.com/bedrock' }
const FOUNDRY_BASE = 'https://my-resource.services.ai.azure.com/anthropic'

describe('first-party credentials forwarded under a skip-auth flag', () => {
  test('Vertex: the gateway token as the Bearer and the API key as x-api-key are reported as sent to Vertex AI, exit 0', async () => {
    const key = apiKey('vertex-gateway/key')
    const token = gatewayToken('vertex-gateway/token')
    const setup = { env: { ...VERTEX_GATEWAY, ANTHROPIC_API_KEY: key, ANTHROPIC_AUTH_TOKEN: token } }
    const run = await runDoctor(setup)
    expect(run.exitCode).toBe(0)
    expect(run.first).toBe(
      'Claude Code will send every request to Google Vertex AI, with ANTHROPIC_AUTH_TOKEN from your environment (Authorization) and ANTHROPIC_API_KEY from your environment (x-api-key). 2 warnings below.',
    )
    expect(run.stdout).not.toContain('no Anthropic credential is used')
    expect(run.stdout).toContain('  every request goes to Google Vertex AI, with:\n')
    expect(run.stdout).toMatch(new RegExp(`\\n  Authorization +ANTHROPIC_AUTH_TOKEN +environment {2}fingerprint ${fingerprintOf(token)}\\n`))
    expect(run.stdout).toMatch(new RegExp(`\\n  x-api-key +ANTHROPIC_API_KEY +environment {2}fingerprint ${fingerprintOf(key)}\\n`))
    expect(run.stdout).toContain(`  warning: ANTHROPIC_API_KEY would also be sent to Google Vertex AI\n    ANTHROPIC_API_KEY from your environment (fingerprint ${fingerprintOf(key)}) would also be sent to Google Vertex AI, in the x-api-key header of every request.`)
    expect(run.stdout).toContain('Fix: nothing to do if the gateway in front of Google Vertex AI expects it; otherwise run `unset ANTHROPIC_API_KEY` in this shell')
    expect(run.stdout).not.toMatch(/not used/)
    expectNoSecrets(run, [key, token])

    const report = json(await runDoctor({ ...setup, args: ['--json'] }))
    expect(report.exitCode).toBe(0)
    expect(report.sends).toEqual({
      bare: false,
      route: 'google-vertex-ai',
      to: 'Google Vertex AI',
      sent: [
        { name: 'ANTHROPIC_AUTH_TOKEN', headers: ['authorization'], scheme: 'bearer', fingerprint: fingerprintOf(token), sometimes: false, where: { kind: 'environment', setIn: [] } },
        { name: 'ANTHROPIC_API_KEY', headers: ['x-api-key'], scheme: null, fingerprint: fingerprintOf(key), sometimes: false, where: { kind: 'environment', setIn: [] } },
      ],
      stopsWith: null,
      expectMet: null,
    })
    const rows = report.sources.filter((s) => s.name.startsWith('ANTHROPIC_'))
    expect(rows.map((s) => [s.name, s.status, s.note])).toEqual([
      ['ANTHROPIC_AUTH_TOKEN', 'sent', 'to Google Vertex AI'],
      ['ANTHROPIC_API_KEY', 'sent', 'to Google Vertex AI'],
    ])
    expect(report.problems.map((p) => [p.severity, p.title])).toEqual([
      ['warning', 'ANTHROPIC_AUTH_TOKEN would also be sent to Google Vertex AI'],
      ['warning', 'ANTHROPIC_API_KEY would also be sent to Google Vertex AI'],
    ])
  })

  test('Bedrock: the apiKeyHelper of the user settings as the Bearer, with the API key; named where they are set', async () => {
    const key = apiKey('bedrock-gateway/key')
    const run = await runDoctor({ env: { ...BEDROCK_GATEWAY, ANTHROPIC_API_KEY: key }, files: { user: { apiKeyHelper: 'echo gateway-credential' } }, args: ['--json'] })
    const report = json(run)
    expect(report.exitCode).toBe(0)
    expect([report.sends.route, report.sends.to]).toEqual(['amazon-bedrock', 'Amazon Bedrock'])
    expect(report.sends.sent).toEqual([
      { name: 'apiKeyHelper', headers: ['authorization'], scheme: 'bearer', fingerprint: null, sometimes: false, where: { kind: 'settings-apiKeyHelper', layer: 'user', path: run.path('user'), line: 2 } },
      { name: 'ANTHROPIC_API_KEY', headers: ['x-api-key'], scheme: null, fingerprint: fingerprintOf(key), sometimes: false, where: { kind: 'environment', setIn: [] } },
    ])
    expect(report.problems.map((p) => p.title)).toEqual(['apiKeyHelper would also be sent to Amazon Bedrock', 'ANTHROPIC_API_KEY would also be sent to Amazon Bedrock'])
    expectNoSecrets(run, [key])
  })

  test('--expect oauth-token: the provider route is what stands in the way; the forwarded key is not offered as the fix', async () => {
    const key = apiKey('vertex-gateway/expect')
    const run = await runDoctor({ env: { ...VERTEX_GATEWAY, ANTHROPIC_API_KEY: key }, args: ['--expect', 'oauth-token'] })
    expect(run.exitCode).toBe(1)
    expect(run.first).toBe(
      'Neither CLAUDE_CODE_OAUTH_TOKEN nor a `/login` subscription is there, so Claude Code would send every request to Google Vertex AI instead. ' +
        'Fix: run `claude`, then `/login` with your Claude subscription; or export CLAUDE_CODE_OAUTH_TOKEN with a token from `claude setup-token`.',
    )
    expectNoSecrets(run, [key])
  })

  test('--live-check on a provider route: says it does not cover the provider, named by its name', async () => {
    const run = await runDoctor({ env: BEDROCK_GATEWAY, args: ['--live-check'] })
    expect(run.stdout).toContain('The live check did not run: every request goes to Amazon Bedrock, which the live check does not cover.')
  })

  test('Bedrock: an API key alone is not forwarded by 2.1.330, so it stays "not sent"', async () => {
    const key = apiKey('bedrock-gateway/key-alone')
    const run = await runDoctor({ env: { ...BEDROCK_GATEWAY, ANTHROPIC_API_KEY: key } })
    expect(run.exitCode).toBe(0)
    expect(run.first).toBe('Claude Code will send every request to Amazon Bedrock: no Anthropic credential is used.')
    expect(run.stdout).toMatch(/ANTHROPIC_API_KEY +not sent: every request goes to Amazon Bedrock/)
  })
})

describe('Claude Code stops before any request', () => {
  test('Vertex without ANTHROPIC_VERTEX_PROJECT_ID (GOOGLE_CLOUD_PROJECT does not count): an error with the CLI\'s own message, exit 1', async () => {
    const setup = { env: { CLAUDE_CODE_USE_VERTEX: '1', CLAUDE_CODE_SKIP_VERTEX_AUTH: '1', GOOGLE_CLOUD_PROJECT: 'my-project' } }
    const run = await runDoctor(setup)
    expect(run.exitCode).toBe(1)
    expect(run.first).toBe(
      'GOOGLE_CLOUD_PROJECT is set, but Claude Code reads the project only from ANTHROPIC_VERTEX_PROJECT_ID (measured), so it would stop with ' +
        '"No projectId was given and it could not be resolved from credentials. The client should be instantiated with the `projectId` option or the `ANTHROPIC_VERTEX_PROJECT_ID` environment variable should be set.". ' +
        'Fix: set ANTHROPIC_VERTEX_PROJECT_ID to your Google Cloud project ID.',
    )
    expect(run.stdout).toContain('  nothing: Claude Code stops before any request to Google Vertex AI (see the findings)\n')
    expect(run.stdout).not.toContain('every request goes to Google Vertex AI\n')
    expect(run.stdout).toContain('  error: No Vertex AI project\n')
    expect(run.stdout).toContain('    Where: ANTHROPIC_VERTEX_PROJECT_ID\n')

    const report = json(await runDoctor({ ...setup, args: ['--json'] }))
    expect({ ok: report.ok, exitCode: report.exitCode }).toEqual({ ok: false, exitCode: 1 })
    expect(report.sends).toEqual({
      bare: false,
      route: 'google-vertex-ai',
      to: 'Google Vertex AI',
      sent: [],
      stopsWith:
        'API Error: No projectId was given and it could not be resolved from credentials. The client should be instantiated with the `projectId` option or the `ANTHROPIC_VERTEX_PROJECT_ID` environment variable should be set.',
      expectMet: null,
    })
    expect(report.problems.filter((p) => p.severity === 'error').map((p) => [p.title, p.where, p.fix])).toEqual([
      ['No Vertex AI project', 'ANTHROPIC_VERTEX_PROJECT_ID', 'set ANTHROPIC_VERTEX_PROJECT_ID to your Google Cloud project ID'],
    ])
  })

  test('Foundry with both a resource and a base URL, and with neither', async () => {
    const key = apiKey('foundry/key')
    const both = await runDoctor({ env: { CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_API_KEY: key, ANTHROPIC_FOUNDRY_RESOURCE: 'my-resource', ANTHROPIC_FOUNDRY_BASE_URL: FOUNDRY_BASE } })
    expect(both.exitCode).toBe(1)
    expect(both.first).toBe(
      'Claude Code would stop with "baseURL and resource are mutually exclusive". Fix: set exactly one: ANTHROPIC_FOUNDRY_RESOURCE (the resource name), or ANTHROPIC_FOUNDRY_BASE_URL ending in `/anthropic`.',
    )
    expect(both.stdout).toContain('  error: Foundry endpoint\n')
    expectNoSecrets(both, [key])

    const neither = json(await runDoctor({ env: { CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_API_KEY: key }, args: ['--json'] }))
    expect(neither.exitCode).toBe(1)
    expect(neither.sends.stopsWith).toBe('API Error: Must provide one of the `baseURL` or `resource` arguments, or the `ANTHROPIC_FOUNDRY_RESOURCE` environment variable')
    expect(neither.sends.sent).toEqual([])
    expect(neither.problems[0]).toMatchObject({ severity: 'error', title: 'Foundry endpoint', where: 'ANTHROPIC_FOUNDRY_RESOURCE / ANTHROPIC_FOUNDRY_BASE_URL' })
  })

  test('Foundry with a whitespace-only ANTHROPIC_FOUNDRY_API_KEY: both versions stop, the skip flag notwithstanding', async () => {
    const report = json(await runDoctor({ env: { CLAUDE_CODE_USE_FOUNDRY: '1', CLAUDE_CODE_SKIP_FOUNDRY_AUTH: '1', ANTHROPIC_FOUNDRY_BASE_URL: FOUNDRY_BASE, ANTHROPIC_FOUNDRY_API_KEY: '  ' }, args: ['--json'] }))
    expect(report.exitCode).toBe(1)
    expect(report.sends.stopsWith).toBe('API Error: Missing credentials. Please pass one of `apiKey` and `azureTokenProvider`, or set the `ANTHROPIC_FOUNDRY_API_KEY` environment variable.')
    expect(report.sends.sent).toEqual([])
    const errors = report.problems.filter((p) => p.severity === 'error')
    expect(errors.map((p) => p.title)).toEqual(['ANTHROPIC_FOUNDRY_API_KEY is blank'])
    expect(errors[0]!.cause).toBe(
      'ANTHROPIC_FOUNDRY_API_KEY from your environment holds only whitespace: Claude Code takes it as the key, so it asks for no other credential, and stops before sending anything ("Missing credentials. Please pass one of `apiKey` and `azureTokenProvider`, or set the `ANTHROPIC_FOUNDRY_API_KEY` environment variable").',
    )
    expect(errors[0]!.fix).toMatch(/^run `unset ANTHROPIC_FOUNDRY_API_KEY` in this shell, .*, or set it to the key; unset, it lets Claude Code use the Azure credential chain \(`az login`, or AZURE_CLIENT_ID with a secret or a federated token\)$/)
  })

  test('Foundry with a whitespace-only key in the project settings: the file and line, and a fix in that file', async () => {
    const report = json(await runDoctor({ env: { CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_BASE_URL: FOUNDRY_BASE }, files: { project: { env: { ANTHROPIC_FOUNDRY_API_KEY: '  ' } } }, args: ['--json'] }))
    expect(report.exitCode).toBe(1)
    const error = report.problems.find((p) => p.severity === 'error')!
    expect(error.title).toBe('ANTHROPIC_FOUNDRY_API_KEY is blank')
    expect(error.cause).toMatch(/^ANTHROPIC_FOUNDRY_API_KEY in \.claude\/settings\.json holds only whitespace: /)
    expect(error.where).toBe('the `env` block of the project settings .claude/settings.json (line 3)')
    expect(error.fix).toBe('remove ANTHROPIC_FOUNDRY_API_KEY from the `env` block of .claude/settings.json (a settings file overrides the environment), or put the key there')
  })

  test('Foundry skip-auth with a gateway token: 2.1.330 forwards it, 2.1.197 stops, and the error says which version', async () => {
    const token = gatewayToken('foundry-gateway/token')
    const run = await runDoctor({ env: { CLAUDE_CODE_USE_FOUNDRY: '1', CLAUDE_CODE_SKIP_FOUNDRY_AUTH: '1', ANTHROPIC_FOUNDRY_BASE_URL: FOUNDRY_BASE, ANTHROPIC_AUTH_TOKEN: token }, args: ['--json'] })
    const report = json(run)
    expect(report.exitCode).toBe(1)
    expect(report.sends.stopsWith).toBeNull()
    expect(report.sends.sent.map((s) => [s.name, s.headers, s.scheme, s.fingerprint])).toEqual([['ANTHROPIC_AUTH_TOKEN', ['authorization'], 'bearer', fingerprintOf(token)]])
    const errors = report.problems.filter((p) => p.severity === 'error')
    expect(errors.map((p) => p.cause)).toEqual(['Claude Code would stop before sending anything: "Expected azureADTokenProvider function argument to return a string but it returned " with Claude Code 2.1.197.'])
    expectNoSecrets(run, [token])
  })
})
