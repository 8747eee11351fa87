import { checkCredential, INPUT_FOR } from '../../src/inputs/credential-shape.js'
import { SECRET_INPUTS } from '../../src/inputs/inputs.js'
import { annotationText, type Problem } from '../../src/common/problems.js'

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

  test.each([`${OAUTH}%0A`, `${OAUTH}%0d%0a`, `${OAUTH.slice(0, 50)}%0A${OAUTH.slice(50)}`])(
    'an Anthropic token with an encoded line break (%j) is rejected',
    (raw) => {
      expect(titles('oauth-token', raw)).toEqual(['error: Credential contains an encoded line break'])
    },
  )

  test('a gateway token with %0A inside is only unusual (gateway tokens may contain %)', () => {
    expect(titles('auth-token', 'gw-token-abcdefgh%0Aijklmnop')).toEqual(['warning: Unusual characters in credential'])
  })

  test('a no-break space is named as a character, not reported as plain whitespace', () => {
    expect(titles('oauth-token', `${OAUTH.slice(0, 20)}\u00a0${OAUTH.slice(21)}`)).toEqual(['error: Credential contains non-ASCII characters'])
  })
})

/** The one error for `raw`, as the annotation shows it. */
function onlyError(kind: Parameters<typeof checkCredential>[0], raw: string): Problem {
  const errors = checkCredential(kind, raw).problems.filter((p) => p.severity === 'error')
  expect(errors).toHaveLength(1)
  return errors[0] as Problem
}

/** OAUTH with character `index` (0-based) replaced. */
const withCharacter = (index: number, char: string) => `${OAUTH.slice(0, index)}${char}${OAUTH.slice(index + 1)}`

describe('characters outside printable ASCII', () => {
  test.each([
    ['a Cyrillic о for o', '\u043e', 'U+043E CYRILLIC SMALL LETTER O, which looks like "o"'],
    ['a Greek Ο for O', '\u039f', 'U+039F GREEK CAPITAL LETTER OMICRON, which looks like "O"'],
    ['a fullwidth ｏ', '\uff4f', 'U+FF4F FULLWIDTH LATIN SMALL LETTER O, which looks like "o"'],
    ['an en dash for -', '\u2013', 'U+2013 EN DASH, which looks like "-"'],
    ['a zero-width space', '\u200b', 'U+200B ZERO WIDTH SPACE, which is invisible'],
    ['a non-breaking space', '\u00a0', 'U+00A0 NO-BREAK SPACE, which looks like a space'],
    ['a soft hyphen', '\u00ad', 'U+00AD SOFT HYPHEN, which is invisible'],
    ['a CJK ideograph', '\u4e2d', 'U+4E2D (Other Letter, CJK Unified Ideographs block)'],
  ])('%s at character 30 → an error naming position, code point, name and lookalike', (_name, char, phrase) => {
    const p = onlyError('oauth-token', withCharacter(29, char))
    expect(p.title).toBe('Credential contains non-ASCII characters')
    expect(p.cause).toContain(`character 30 is ${phrase}`)
    // First the cause, then the input, then the fix.
    expect(annotationText(p)).toMatch(/^The value of `claude-code-oauth-token` contains a character outside printable ASCII[^.]*\. Where: input `claude-code-oauth-token`\. Fix: copy the token again/)
  })

  test('positions count characters, not UTF-16 units: an emoji before the lookalike counts once', () => {
    const p = onlyError('auth-token', `gw-${'x'.repeat(20)}\u{1f600}ab\u0430cd`)
    expect(p.cause).toContain('character 24 is U+1F600 (Other Symbol, Emoticons block); character 27 is U+0430 CYRILLIC SMALL LETTER A, which looks like "a"')
  })

  test('names three characters and counts the rest', () => {
    const raw = `${OAUTH.slice(0, 20)}\u0430\u0430\u0430\u0430\u0430${OAUTH.slice(25)}`
    const p = onlyError('oauth-token', raw)
    expect(p.cause).toContain('contains 5 characters outside printable ASCII')
    expect(p.cause).toContain('character 21 is U+0430')
    expect(p.cause).toContain('character 23 is U+0430')
    expect(p.cause).not.toContain('character 24')
    expect(p.cause).toContain('2 more are not printable ASCII either')
  })

  test('a control character keeps its own title and gets its name alias', () => {
    const p = onlyError('oauth-token', `${OAUTH}\u0007`)
    expect(p.title).toBe('Credential contains control characters')
    expect(p.cause).toContain('character 109 is U+0007 ALERT, a control character')
  })

  test('the message shows neither the character nor its neighbours', () => {
    const secret = 'sk-ant-oat01-Qz7vW' + 'r9Tk' + '\u043e' + 'Lm4X' + 'e'.repeat(86)
    const p = onlyError('oauth-token', secret)
    const text = annotationText(p)
    expect(text).not.toContain('\u043e')
    for (const neighbour of ['r9Tk', 'Lm4X', 'Tk', 'Lm']) expect(text).not.toContain(neighbour)
  })
})

describe('length', () => {
  const oauthOf = (length: number) => `sk-ant-oat01-${'a'.repeat(length - 13)}`
  const apiKeyOf = (length: number) => `sk-ant-api03-${'b'.repeat(length - 13)}`

  test('108 characters, the published length, is accepted silently', () => {
    expect(titles('oauth-token', oauthOf(108))).toEqual([])
    expect(titles('api-key', apiKeyOf(108))).toEqual([])
  })

  test.each([
    ['oauth-token', oauthOf(80), 'error: Credential too short', '80 characters long', 'Claude Code OAuth tokens (`sk-ant-oat01-…`) have 108'],
    ['api-key', apiKeyOf(80), 'error: Credential too short', '80 characters long', 'Anthropic Console API keys (`sk-ant-api03-…`) have 108'],
    ['oauth-token', oauthOf(216), 'error: Credential too long', '216 characters long', 'have 108'],
    ['oauth-token', oauthOf(102400), 'error: Credential too long', '102400 characters long', 'have 108'],
    ['api-key', apiKeyOf(163), 'error: Credential too long', '163 characters long', 'have 108'],
  ] as const)('%s, case %#: outside 81-162 characters fails with both numbers', (kind, raw, title, measured, expected) => {
    expect(titles(kind, raw)).toEqual([title])
    const [p] = checkCredential(kind, raw).problems
    expect(p?.cause).toContain(measured)
    expect(p?.cause).toContain(expected)
    expect(annotationText(p as Problem)).toMatch(/^The value of `[a-z-]+` is \d+ characters long, but [^.]*\. Where: input `[a-z-]+`\. Fix: /)
  })

  test.each([81, 107, 109, 162])('%i characters, inside the window but not 108, is a warning with both numbers', (length) => {
    expect(titles('oauth-token', oauthOf(length))).toEqual(['warning: Unexpected credential length'])
    const [p] = checkCredential('oauth-token', oauthOf(length)).problems
    expect(p?.cause).toContain(`is ${length} characters long`)
    expect(p?.cause).toContain('have had 108 so far')
  })

  test('a gateway token may be up to 8 KiB; beyond, it fails with both numbers', () => {
    const jwt = `eyJhbGciOiJSUzI1NiJ9.${'e'.repeat(1800)}.${'s'.repeat(342)}`
    expect(titles('auth-token', jwt)).toEqual([])
    expect(titles('auth-token', 'g'.repeat(8192))).toEqual([])
    expect(titles('auth-token', 'g'.repeat(8193))).toEqual(['error: Credential too long'])
    const [p] = checkCredential('auth-token', 'g'.repeat(102400)).problems
    expect(p?.cause).toContain('102400 characters long')
    expect(p?.cause).toContain('8192')
  })

  test('an unrecognised prefix has no known length, only the 8 KiB bound', () => {
    expect(titles('oauth-token', `sk-ant-oat02-${'a'.repeat(300)}`)).toEqual(['warning: Unrecognised credential format'])
    expect(titles('oauth-token', `sk-ant-oat02-${'a'.repeat(9000)}`)).toEqual(['error: Credential too long'])
  })
})

describe('SECRET_INPUTS', () => {
  test('holds every credential input and the provider keys', () => {
    for (const input of Object.values(INPUT_FOR)) expect(SECRET_INPUTS).toContain(input)
    expect(SECRET_INPUTS).toEqual(expect.arrayContaining(['bedrock-api-key', 'foundry-api-key']))
  })
})

