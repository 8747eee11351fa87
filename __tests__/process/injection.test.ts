// Crafted inputs must not make the action print a workflow command of its own
// choosing, nor break a GITHUB_ENV record. Every run here also goes through expectCleanRun,
// which allows only add-mask/error/warning/notice on stdout and no malformed file command.

import { describe, expect, test } from '@jest/globals'

import {
  apiKey,
  conflictTitle,
  expectCleanRun,
  expectExports,
  expectOutputs,
  expectTitles,
  gatewayToken,
  inScenario,
  oauthToken,
  type ScenarioRun,
} from './fixtures.js'

/** Text the injected command would carry: it must appear nowhere the runner reads commands from. */
const MARKER = 'INJECTED'

function expectNoInjection(run: ScenarioRun): void {
  const { result } = run
  expect(result.rawStdout).not.toContain(MARKER)
  expect(result.rawStderr).not.toContain(MARKER)
  expect(result.log.filter((line) => line.includes(MARKER))).toEqual([])
  expect(result.annotations.filter((a) => `${a.title ?? ''} ${a.message}`.includes(MARKER))).toEqual([])
  expect(result.exportedEnvRecords.filter((r) => r.name.includes(MARKER) || r.value.includes(MARKER))).toEqual([])
  expect(Object.keys(result.outputs).filter((name) => name.includes(MARKER))).toEqual([])
}

interface BadInput {
  input: string
  value: string
  title: string
}

const BAD_INPUTS: BadInput[] = [
  { input: 'on-conflict', value: `fail\n::set-env name=${MARKER}::y`, title: 'Invalid input `on-conflict`' },
  { input: 'on-conflict', value: `warn ##[set-output name=${MARKER}]y`, title: 'Invalid input `on-conflict`' },
  { input: 'working-directory', value: `sub\n::error::${MARKER}`, title: 'Invalid input `working-directory`' },
  { input: 'anthropic-base-url', value: `https://gw.example.com\n::warning::${MARKER}`, title: 'Invalid input `anthropic-base-url`' },
  { input: 'bare', value: `true\r::notice::${MARKER}`, title: 'Invalid input `bare`' },
]

describe('a crafted non-secret input', () => {
  const cases = BAD_INPUTS.map((bad) => ({ ...bad, shown: JSON.stringify(bad.value) }))
  test.concurrent.each(cases)('$input = $shown → one ::error, no injected command', async ({ input, value, title }) => {
    const credential = oauthToken(`injection/${input}/${value}`)
    await inScenario({ inputs: { 'claude-code-oauth-token': credential, [input]: value } }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: [title] })
      expectNoInjection(run)
      expectExports(result, {})
      expect(result.secrets).toEqual([credential])
    })
  })

  test.concurrent('anthropic-base-url with %0A::add-mask:: → accepted verbatim, exported intact, nothing registered', async () => {
    const credential = gatewayToken('injection/base-url-escaped')
    const url = `https://gw.example.com/v1%0A::add-mask::${MARKER}%0D%0A::error::${MARKER}`
    await inScenario({ inputs: { 'anthropic-auth-token': credential, 'anthropic-base-url': url } }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      expect(result.exitCode).toBe(0)
      expectTitles(result, {})
      // The URL is a value for GITHUB_ENV, written as a heredoc record: one record, unchanged.
      expectExports(result, { ANTHROPIC_AUTH_TOKEN: credential, ANTHROPIC_BASE_URL: url })
      expect(result.secrets).toEqual([credential])
      expect(result.log.filter((line) => line.includes(MARKER))).toEqual([])
      expect(result.annotations).toEqual([])
    })
  })

  test.concurrent('a working directory whose name holds legacy command syntax → only the real finding is annotated', async () => {
    const credential = oauthToken('injection/working-directory-name')
    const key = apiKey('injection/working-directory-name/planted')
    const directory = `proj ##[error]${MARKER} ::warning::${MARKER}`
    await inScenario(
      {
        inputs: { 'claude-code-oauth-token': credential, 'working-directory': directory, 'on-conflict': 'warn' },
        workspaceFiles: { [`${directory}/.claude/settings.json`]: JSON.stringify({ env: { ANTHROPIC_API_KEY: key } }) },
      },
      (run) => {
        const { result } = run
        expectCleanRun(run, { secrets: [credential, key], maskedFirst: [credential, key] })
        expect(result.exitCode).toBe(0)
        expectTitles(result, { warning: [conflictTitle('ANTHROPIC_API_KEY', 'instead', 'oauth-token')] })
        // The path is named (it is the file to edit), but only as text inside the warning. The
        // action may break up command syntax in printed text (a zero-width space after "#").
        const path = `${directory}/.claude/settings.json`
        expect(result.annotations[0]?.message.replace(/\u200B/g, '')).toContain(path)
        expectExports(result, { CLAUDE_CODE_OAUTH_TOKEN: credential })
        expectOutputs(result, {
          kind: 'oauth-token',
          credential,
          conflicts: [{ name: 'ANTHROPIC_API_KEY', origin: `${run.dirs.workspace}/${path}`, resolution: 'warned' }],
          bareCompatible: false,
        })
      },
    )
  })

  test.concurrent('a credential carrying a workflow command on its second line → one ::error, nothing injected', async () => {
    const credential = oauthToken('injection/credential-second-line')
    const raw = `${credential}\n::set-env name=${MARKER}::y`
    await inScenario({ inputs: { 'claude-code-oauth-token': raw } }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [raw, credential], maskedFirst: [raw, credential] })
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: ['Credential contains whitespace'] })
      expectExports(result, {})
      expect(result.exportedEnvRecords).toEqual([])
      expect(result.annotations.filter((a) => a.message.includes(MARKER))).toEqual([])
    })
  })
})

describe('a base URL carrying a password', () => {
  // Exported variables are not masked: a password in the URL would be readable by every later step.
  test.concurrent('→ one ::error, the password readable nowhere', async () => {
    const credential = gatewayToken('injection/base-url-password')
    const password = 'pw-Hunter2-gateway-Secret-4242'
    await inScenario({ inputs: { 'anthropic-auth-token': credential, 'anthropic-base-url': `https://ci-bot:${password}@gw.example.com/v1` } }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential, password], maskedFirst: [credential] })
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: ['Invalid input `anthropic-base-url`'] })
      expectExports(result, {})
    })
  })
})

describe('more than one credential input', () => {
  const PAIRS = [
    { inputs: ['claude-code-oauth-token', 'anthropic-api-key'] },
    { inputs: ['anthropic-api-key', 'anthropic-auth-token'] },
    { inputs: ['claude-code-oauth-token', 'anthropic-api-key', 'anthropic-auth-token'] },
  ]

  test.concurrent.each(PAIRS)('$inputs → one ::error naming each', async ({ inputs }) => {
    const values: Record<string, string> = {
      'claude-code-oauth-token': oauthToken(`injection/two/${inputs.join('+')}`),
      'anthropic-api-key': apiKey(`injection/two/${inputs.join('+')}`),
      'anthropic-auth-token': gatewayToken(`injection/two/${inputs.join('+')}`),
    }
    const given = Object.fromEntries(inputs.map((name) => [name, values[name] as string]))
    await inScenario({ inputs: given }, (run) => {
      const { result } = run
      const secrets = Object.values(given)
      expectCleanRun(run, { secrets, maskedFirst: secrets })
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: ['More than one credential given'] })
      for (const name of inputs) expect(result.annotations[0]?.message).toContain(name)
      expectExports(result, {})
    })
  })
})
