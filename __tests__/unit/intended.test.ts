// The doctor's intended setup: the credential already where the CLI reads it.

import { describe, expect, test } from '@jest/globals'

import { credentialInPlace, NOTHING_INTENDED } from '../../src/decide/intended.js'
import type { CredentialSource, WireResult } from '../../src/resolve/model.js'

const env = (name: CredentialSource['name'], value: string): CredentialSource => ({ name, origin: { kind: 'process-env' }, value })
const login: CredentialSource = { name: 'credentialsFile', origin: { kind: 'credentials-file', path: '/h/.claude/.credentials.json' }, value: 'sk-ant-oat01-login' }
const wire = (w: Partial<WireResult>): WireResult => ({ route: 'first-party', shadowed: [], ignoredInBare: [], ...w })

describe('credentialInPlace', () => {
  test('oauth-token: the variable or the /login file, sent as OAuth, alone', () => {
    const setup = credentialInPlace('oauth-token')
    expect([setup.isIntended(env('CLAUDE_CODE_OAUTH_TOKEN', 'tok')), setup.isIntended(login), setup.isIntended(env('ANTHROPIC_API_KEY', 'key'))]).toEqual([true, true, false])
    expect(setup.sentAlone(wire({ authorization: { ...login, oauth: true } }))).toBe(true)
    expect(setup.sent(wire({ route: 'bedrock', authorization: { ...login, oauth: true } }))).toBe(false)
    expect(setup.sentAlone(wire({ authorization: { ...login, oauth: true }, xApiKey: env('ANTHROPIC_API_KEY', 'key') }))).toBe(false)
    expect(setup.exports).toEqual([])
  })

  test('an empty or whitespace-only definition holds no credential', () => {
    const setup = credentialInPlace('api-key')
    expect([setup.isIntended(env('ANTHROPIC_API_KEY', '')), setup.isIntended(env('ANTHROPIC_API_KEY', '  ')), setup.isIntended({ name: 'ANTHROPIC_API_KEY', origin: { kind: 'process-env' } })]).toEqual([false, false, false])
  })

  test('auth-token is a plain Bearer, never the OAuth form', () => {
    const setup = credentialInPlace('auth-token')
    expect(setup.sent(wire({ authorization: { ...env('ANTHROPIC_AUTH_TOKEN', 'gw'), oauth: false } }))).toBe(true)
    expect(setup.sent(wire({ authorization: { ...env('ANTHROPIC_AUTH_TOKEN', 'gw'), oauth: true } }))).toBe(false)
  })

  test('NOTHING_INTENDED intends nothing', () => {
    expect([NOTHING_INTENDED.isIntended(login), NOTHING_INTENDED.sent(wire({ authorization: { ...login, oauth: true } }))]).toEqual([false, false])
  })
})
