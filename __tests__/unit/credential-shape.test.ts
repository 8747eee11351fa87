import { checkCredential, INPUT_FOR, SECRET_INPUTS } from '../../src/inputs/credential-shape.js'

const OAUTH = `sk-ant-oat01-${'a'.repeat(95)}`
const API_KEY = `sk-ant-api03-${'b'.repeat(95)}`

const titles = (kind: Parameters<typeof checkCredential>[0], raw: string) =>
  checkCredential(kind, raw).problems.map((p) => `${p.severity}: ${p.title}`)

describe('checkCredential', () => {
  test('accepts each credential in its own input without problems', () => {
    expect(titles('oauth-token', OAUTH)).toEqual([])
    expect(titles('api-key', API_KEY)).toEqual([])
    expect(titles('auth-token', 'gw-token-1234567890')).toEqual([])
  })

  test('trims surrounding whitespace and a trailing newline, with a warning', () => {
    const checked = checkCredential('oauth-token', `  ${OAUTH}\n`)
    expect(checked.value).toBe(OAUTH)
    expect(titles('oauth-token', `  ${OAUTH}\n`)).toEqual(['warning: Whitespace trimmed from credential'])
  })

  test.each([
    ['interior space', `${OAUTH.slice(0, 20)} ${OAUTH.slice(20)}`, 'error: Credential contains whitespace'],
    ['interior newline', `${OAUTH}\n${OAUTH}`, 'error: Credential contains whitespace'],
    ['double quotes', `"${OAUTH}"`, 'error: Credential is wrapped in quotes'],
    ['single quotes', `'${OAUTH}'`, 'error: Credential is wrapped in quotes'],
    ['Bearer prefix', `Bearer ${OAUTH}`, 'error: Credential includes "Bearer"'],
    ['NAME= prefix', `CLAUDE_CODE_OAUTH_TOKEN=${OAUTH}`, 'error: Credential includes a variable name'],
    ['NAME: prefix', `CLAUDE_CODE_OAUTH_TOKEN: ${OAUTH}`, 'error: Credential includes a variable name'],
    ['control character', `${OAUTH}\u0007`, 'error: Credential contains control characters'],
  ])('rejects %s', (_name, raw, expected) => {
    expect(titles('oauth-token', raw)).toContain(expected)
  })

  test('a tab-separated, lower-case bearer prefix is caught as a header prefix', () => {
    expect(titles('auth-token', `bearer\t${OAUTH}`)).toEqual(['error: Credential includes "Bearer"'])
  })

  test.each([
    ['api-key', OAUTH, 'claude-code-oauth-token'],
    ['oauth-token', API_KEY, 'anthropic-api-key'],
    ['auth-token', OAUTH, 'claude-code-oauth-token'],
    ['auth-token', API_KEY, 'anthropic-api-key'],
  ] as const)('a token in the wrong input (%s) names the input it belongs in', (kind, value, belongsIn) => {
    const [p] = checkCredential(kind, value).problems
    expect(p.severity).toBe('error')
    expect(p.title).toBe('Credential given in the wrong input')
    expect(p.cause).toContain(`\`${belongsIn}\``)
  })

  test.each(['oauth-token', 'api-key', 'auth-token'] as const)('an admin key is unusable in %s', (kind) => {
    const [p] = checkCredential(kind, `sk-ant-admin01-${'c'.repeat(90)}`).problems
    expect(p.title).toBe('Unusable credential type')
    expect(p.fix).toContain('anthropic-api-key')
  })

  test('a refresh token is unusable and the fix names claude setup-token', () => {
    const [p] = checkCredential('oauth-token', `sk-ant-ort01-${'d'.repeat(90)}`).problems
    expect(p.title).toBe('Unusable credential type')
    expect(p.fix).toContain('claude setup-token')
  })

  test.each([
    ['base64 with padding', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA=='],
    ['upper-case base64 with padding', 'QUJDREVGR0hJSktMTU5PUA=='],
    ['user:secret', 'ci-user:s3cr3t-v4lue-xyz'],
  ])('a gateway token that merely contains = or : is accepted (%s)', (_name, value) => {
    expect(titles('auth-token', value).filter((t) => t.startsWith('error'))).toEqual([])
  })

  test('a value shorter than 16 characters is too short to be a credential', () => {
    expect(titles('auth-token', 'abc')).toEqual(['error: Credential too short'])
    expect(titles('auth-token', 'a'.repeat(16))).toEqual([])
  })

  test('an unknown but plausible shape is a warning, not an error', () => {
    expect(titles('oauth-token', 'sk-ant-oat02-abcdefghijkl')).toEqual(['warning: Unrecognised credential format'])
    expect(titles('api-key', 'sk-ant-api04-abcdefghijkl')).toEqual(['warning: Unrecognised credential format'])
  })

  test('no message ever contains any part of the value', () => {
    const secretPart = 'S3CRETPART'
    const values = [`"x${secretPart}"`, `NAME=${secretPart}`, `${secretPart} x`, `sk-ant-oat01-${secretPart}`, `Bearer ${secretPart}`]
    for (const kind of ['oauth-token', 'api-key', 'auth-token'] as const) {
      for (const value of values) {
        for (const p of checkCredential(kind, value).problems) {
          expect(`${p.title} ${p.cause} ${p.where} ${p.fix}`).not.toContain(secretPart)
        }
      }
    }
  })
})

describe('SECRET_INPUTS', () => {
  test('holds every credential input and the provider keys', () => {
    for (const input of Object.values(INPUT_FOR)) expect(SECRET_INPUTS).toContain(input)
    expect(SECRET_INPUTS).toEqual(expect.arrayContaining(['bedrock-api-key', 'foundry-api-key']))
  })
})
