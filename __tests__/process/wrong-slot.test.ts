// A credential that cannot be right where it was given. Each is one ::error,
// exit 1, nothing exported, and the value (and any token inside it) never readable.

import { describe, expect, test } from '@jest/globals'

import {
  adminKey,
  apiKey,
  expectCleanRun,
  expectExports,
  expectTitles,
  gatewayToken,
  inScenario,
  INPUT,
  oauthToken,
  refreshToken,
  type Kind,
} from './fixtures.js'

interface WrongSlot {
  id: string
  kind: Kind
  /** The raw input value, and every token inside it. */
  make: (label: string) => { raw: string; inside: string[] }
  title: string
  /** Words the message must contain to be actionable. */
  mentions: string[]
}

const one = (token: string) => ({ raw: token, inside: [token] })

const WRONG: WrongSlot[] = [
  {
    id: 'OAuth token (oat01) in anthropic-api-key',
    kind: 'api-key',
    make: (l) => one(oauthToken(l)),
    title: 'Credential given in the wrong input',
    mentions: ['sk-ant-oat01-', 'claude-code-oauth-token'],
  },
  {
    id: 'API key (api03) in claude-code-oauth-token',
    kind: 'oauth-token',
    make: (l) => one(apiKey(l)),
    title: 'Credential given in the wrong input',
    mentions: ['sk-ant-api03-', 'anthropic-api-key'],
  },
  {
    id: 'OAuth token (oat01) in anthropic-auth-token',
    kind: 'auth-token',
    make: (l) => one(oauthToken(l)),
    title: 'Credential given in the wrong input',
    mentions: ['sk-ant-oat01-', 'claude-code-oauth-token'],
  },
  {
    id: 'Admin key in anthropic-api-key',
    kind: 'api-key',
    make: (l) => one(adminKey(l)),
    title: 'Unusable credential type',
    mentions: ['sk-ant-admin01-', 'Admin'],
  },
  {
    id: 'refresh token (ort01) in claude-code-oauth-token',
    kind: 'oauth-token',
    make: (l) => one(refreshToken(l)),
    title: 'Unusable credential type',
    mentions: ['sk-ant-ort01-', 'refresh', 'claude setup-token'],
  },
  {
    id: '"Bearer " prefix in claude-code-oauth-token',
    kind: 'oauth-token',
    make: (l) => {
      const token = oauthToken(l)
      return { raw: `Bearer ${token}`, inside: [token] }
    },
    title: 'Credential includes "Bearer"',
    mentions: ['Bearer'],
  },
  {
    id: '"NAME=" prefix in anthropic-api-key',
    kind: 'api-key',
    make: (l) => {
      const token = apiKey(l)
      return { raw: `ANTHROPIC_API_KEY=${token}`, inside: [token] }
    },
    title: 'Credential includes a variable name',
    mentions: ['NAME='],
  },
  {
    id: 'double quotes around the token in claude-code-oauth-token',
    kind: 'oauth-token',
    make: (l) => {
      const token = oauthToken(l)
      return { raw: `"${token}"`, inside: [token] }
    },
    title: 'Credential is wrapped in quotes',
    mentions: ['quote'],
  },
  {
    id: 'single quotes around the token in anthropic-auth-token',
    kind: 'auth-token',
    make: (l) => {
      const token = gatewayToken(l)
      return { raw: `'${token}'`, inside: [token] }
    },
    title: 'Credential is wrapped in quotes',
    mentions: ['quote'],
  },
  {
    id: 'two tokens joined by an interior newline in claude-code-oauth-token',
    kind: 'oauth-token',
    make: (l) => {
      const first = oauthToken(`${l}/1`)
      const second = oauthToken(`${l}/2`)
      return { raw: `${first}\n${second}`, inside: [first, second] }
    },
    title: 'Credential contains whitespace',
    mentions: ['line break'],
  },
]

describe('a credential in the wrong slot or the wrong shape', () => {
  test.concurrent.each(WRONG)('$id → one ::error, exit 1, nothing exported', async ({ id, kind, make, title, mentions }) => {
    const { raw, inside } = make(`wrong-slot/${id}`)
    const inputs: Record<string, string> = { [INPUT[kind]]: raw }
    if (kind === 'auth-token') inputs['anthropic-base-url'] = 'https://llm-gateway.example.com'
    await inScenario({ inputs }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [raw, ...inside], maskedFirst: [raw] })
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: [title] })
      const [error] = result.annotations
      expect(error?.message).toContain(INPUT[kind])
      for (const word of mentions) expect(error?.message).toContain(word)
      expectExports(result, {})
    })
  })
})
