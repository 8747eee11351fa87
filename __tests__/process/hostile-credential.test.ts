// Hostile or broken credential input, as a new user would give it (the credential inside a
// rejected value is covered by inner-credential.test.ts):
// - characters outside printable ASCII fail, named by position, code point and Unicode name;
// - lengths outside what such tokens have fail (or warn), with both numbers.

import { describe, expect, test } from '@jest/globals'

import {
  annotationTitled,
  apiKey,
  credentialFor,
  expectAcceptedAlone,
  expectCleanRun,
  expectExports,
  expectTitles,
  fakeToken,
  gatewayToken,
  inScenario,
  INPUT,
  inputsFor,
  intendedExports,
  oauthToken,
  type Kind,
  type ScenarioRun,
} from './fixtures.js'

/** Every run of `size` consecutive characters of `text`. */
function windows(text: string, size: number): string[] {
  return Array.from({ length: text.length - size + 1 }, (_, i) => text.slice(i, i + size))
}

/** What the action printed, unmasked, other than its ::add-mask:: lines. */
function printed(run: ScenarioRun): string {
  const lines = run.result.rawStdout.split('\n').filter((line) => !line.startsWith('::add-mask::'))
  return [...lines, run.result.rawStderr, run.result.rawSummary].join('\n')
}

describe('characters outside printable ASCII', () => {
  const CASES = [
    {
      id: 'a Cyrillic о in place of o',
      kind: 'oauth-token' as Kind,
      char: '\u043e',
      phrase: 'character 30 is U+043E CYRILLIC SMALL LETTER O, which looks like "o"',
    },
    { id: 'a Greek Ο in place of O', kind: 'api-key' as Kind, char: '\u039f', phrase: 'character 30 is U+039F GREEK CAPITAL LETTER OMICRON, which looks like "O"' },
    { id: 'a fullwidth ｏ', kind: 'oauth-token' as Kind, char: '\uff4f', phrase: 'character 30 is U+FF4F FULLWIDTH LATIN SMALL LETTER O, which looks like "o"' },
    { id: 'a zero-width space', kind: 'auth-token' as Kind, char: '\u200b', phrase: 'character 30 is U+200B ZERO WIDTH SPACE, which is invisible' },
    { id: 'a non-breaking space', kind: 'api-key' as Kind, char: '\u00a0', phrase: 'character 30 is U+00A0 NO-BREAK SPACE, which looks like a space' },
    { id: 'a soft hyphen', kind: 'oauth-token' as Kind, char: '\u00ad', phrase: 'character 30 is U+00AD SOFT HYPHEN, which is invisible' },
    { id: 'a CJK ideograph', kind: 'auth-token' as Kind, char: '\u4e2d', phrase: 'character 30 is U+4E2D (Other Letter, CJK Unified Ideographs block)' },
  ]

  test.concurrent.each(CASES)('$id in $kind → one ::error naming it, nothing exported', async ({ id, kind, char, phrase }) => {
    const original = credentialFor(kind, `hostile/characters/${id}`)
    const raw = `${original.slice(0, 29)}${char}${original.slice(30)}`
    await inScenario({ inputs: inputsFor(kind, raw) }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [raw], maskedFirst: [raw] })
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: ['Credential contains non-ASCII characters'] })
      const { message } = annotationTitled(result, 'Credential contains non-ASCII characters')
      expect(message).toContain(phrase)
      expect(message).toMatch(new RegExp(`^The value of \`${INPUT[kind]}\` contains a character outside printable ASCII[^.]*\\. Where: input \`${INPUT[kind]}\`\\. Fix: `))
      expectExports(result, {})
      // Neither the character nor its neighbourhood is printed: no 4 characters of the token after its prefix.
      const text = printed(run)
      expect(text.includes(char)).toBe(false)
      expect(windows(raw.slice(13), 4).filter((w) => text.includes(w))).toEqual([])
    })
  })
})

describe('length', () => {
  const oauthOfLength = (label: string, length: number) => oauthToken(label).slice(0, 13) + 'x'.repeat(length - 13)

  test.concurrent('a 100 KB "OAuth token" → one ::error with both lengths, nothing exported', async () => {
    const raw = `${oauthToken('hostile/length/100k')}${'Q'.repeat(102400 - 108)}`
    await inScenario({ inputs: inputsFor('oauth-token', raw) }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [raw], maskedFirst: [raw] })
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: ['Credential too long'] })
      const { message } = annotationTitled(result, 'Credential too long')
      expect(message).toContain('is 102400 characters long')
      expect(message).toContain('Claude Code OAuth tokens (`sk-ant-oat01-…`) have 108')
      expectExports(result, {})
    })
  })

  test.concurrent('an OAuth token cut at 80 characters (the first line of a wrapped one) → one ::error with both lengths', async () => {
    const raw = oauthToken('hostile/length/80').slice(0, 80)
    await inScenario({ inputs: inputsFor('oauth-token', raw) }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [raw], maskedFirst: [raw] })
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: ['Credential too short'] })
      const { message } = annotationTitled(result, 'Credential too short')
      expect(message).toContain('is 80 characters long')
      expect(message).toContain('have 108')
      expectExports(result, {})
    })
  })

  test.concurrent('an API key of 112 characters → exported, with a warning giving both lengths', async () => {
    const raw = `${apiKey('hostile/length/112')}Zz9_`
    await inScenario({ inputs: inputsFor('api-key', raw) }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [raw], maskedFirst: [raw] })
      expect(result.exitCode).toBe(0)
      expectTitles(result, { warning: ['Unexpected credential length'] })
      const { message } = annotationTitled(result, 'Unexpected credential length')
      expect(message).toContain('is 112 characters long')
      expect(message).toContain('Anthropic Console API keys (`sk-ant-api03-…`) have had 108 so far')
      expectExports(result, intendedExports('api-key', raw))
    })
  })

  test.concurrent('an OAuth token of 108 characters → accepted alone, no length finding', async () => {
    const raw = oauthOfLength('hostile/length/108', 108)
    await inScenario({ inputs: inputsFor('oauth-token', raw) }, (run) => expectAcceptedAlone(run, 'oauth-token', raw, false))
  })

  test.concurrent('a gateway JWT of exactly 8192 characters → accepted alone', async () => {
    const raw = `eyJhbGciOiJSUzI1NiJ9.${gatewayToken('hostile/length/jwt').slice(3).repeat(100)}`.slice(0, 8192)
    await inScenario({ inputs: inputsFor('auth-token', raw) }, (run) => expectAcceptedAlone(run, 'auth-token', raw, true))
  })

  test.concurrent('a gateway token of 9000 characters → one ::error with both numbers', async () => {
    const raw = fakeToken('gw-', 'hostile/length/9000', 9000 - 3)
    await inScenario({ inputs: inputsFor('auth-token', raw) }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [raw], maskedFirst: [raw] })
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: ['Credential too long'] })
      const { message } = annotationTitled(result, 'Credential too long')
      expect(message).toContain('is 9000 characters long')
      expect(message).toContain('8192')
      expectExports(result, {})
    })
  })
})
