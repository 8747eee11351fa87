import { credentialCandidates, unwrapCredential } from '../../src/inputs/secret-candidates.js'
import { secretForms } from '../../src/report/apply.js'

const TOKEN = `sk-ant-oat01-${'Ab3_'.repeat(23)}xyz`
const GATEWAY = 'gw-1f0c-Zt8q-77aa-RmXk'

describe('unwrapCredential', () => {
  test.each([
    [`'${TOKEN}'`, TOKEN],
    [`"${TOKEN}"`, TOKEN],
    [`\`${TOKEN}\``, TOKEN],
    [`\u201c${TOKEN}\u201d`, TOKEN],
    [`Bearer ${TOKEN}`, TOKEN],
    [`bearer\t${GATEWAY}`, GATEWAY],
    [`CLAUDE_CODE_OAUTH_TOKEN=${TOKEN}`, TOKEN],
    [`CLAUDE_CODE_OAUTH_TOKEN: ${TOKEN}`, TOKEN],
    [`export ANTHROPIC_AUTH_TOKEN="${GATEWAY}"`, GATEWAY],
    [`Authorization: Bearer ${GATEWAY}`, GATEWAY],
    [`  "Bearer ${GATEWAY}"  `, GATEWAY],
  ])('%j → the credential', (raw, inner) => {
    expect(unwrapCredential(raw)).toBe(inner)
  })
})

describe('credentialCandidates', () => {
  test.each([
    ['an encoded line break after it', `${TOKEN}%0A`, [TOKEN]],
    ['lower-case encoded CR LF after a gateway token', `${GATEWAY}%0d%0a`, [GATEWAY]],
    ['an encoded line break inside it', `${GATEWAY}%0A${TOKEN}`, [GATEWAY, TOKEN]],
    ['a Bearer prefix', `Bearer ${TOKEN}`, [TOKEN]],
    ['two tokens pasted together', `${TOKEN}${TOKEN.replace('Ab3', 'Qq9')}`, [TOKEN, TOKEN.replace('Ab3', 'Qq9')]],
    ['a token wrapped over two lines', `${TOKEN.slice(0, 60)}\n${TOKEN.slice(60)}`, [TOKEN, TOKEN.slice(0, 60), TOKEN.slice(60)]],
    ['two gateway tokens separated by a space', `${GATEWAY} ${GATEWAY.toUpperCase()}`, [GATEWAY, GATEWAY.toUpperCase()]],
    ['an assignment in a .env line with a comment', `ANTHROPIC_API_KEY=${TOKEN} # ci`, [TOKEN]],
  ])('%s: the inner credential is a candidate', (_name, raw, inner) => {
    const candidates = credentialCandidates(raw)
    expect(candidates).toContain(raw.trim())
    for (const credential of inner) expect(candidates).toContain(credential)
  })

  test('a plain credential is its only candidate', () => {
    expect(credentialCandidates(TOKEN)).toEqual([TOKEN])
    expect(credentialCandidates(` ${GATEWAY}\n`)).toEqual([GATEWAY])
  })

  test('short words of prose are not candidates; the prefixes never are', () => {
    const candidates = credentialCandidates(`Bearer token ${TOKEN}`)
    expect(candidates).toContain(TOKEN)
    expect(candidates).not.toContain('Bearer')
    expect(candidates).not.toContain('token')
  })
})

describe('secretForms', () => {
  test('the trimmed value, each line, and the lines joined, nothing shorter than 4 characters', () => {
    expect(secretForms('  first-line\nsecond-line\r\nab\n')).toEqual([
      'first-line\nsecond-line\r\nab',
      'first-line',
      'second-line',
      'first-linesecond-lineab',
    ])
  })
  test('whitespace-only values are never masked', () => {
    expect(secretForms(' \n ')).toEqual([])
  })
  test('an inner credential of 4 characters is masked, of 3 it is not', () => {
    expect(secretForms('Bearer abcd')).toContain('abcd')
    expect(secretForms('Bearer abc')).toEqual(['Bearer abc'])
  })
})
