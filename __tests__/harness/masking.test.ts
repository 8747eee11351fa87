import { describe, expect, it } from '@jest/globals'

import { SecretMasker } from '../../harness/masking.js'

// Expected values are written by hand or computed with Buffer here, never with the
// encoders under test.

function maskerWith(...values: string[]): SecretMasker {
  const masker = new SecretMasker()
  for (const value of values) masker.addValue(value)
  return masker
}

describe('SecretMasker: the value itself', () => {
  it('replaces every occurrence with ***', () => {
    expect(maskerWith('hunter2').maskSecrets('a hunter2 b hunter2')).toBe('a *** b ***')
  })

  it('leaves text without a registered value untouched', () => {
    expect(maskerWith('hunter2').maskSecrets('hunter 2')).toBe('hunter 2')
  })

  it('merges overlapping hits of different secrets into one ***', () => {
    expect(maskerWith('abcd', 'cdef').maskSecrets('xabcdefx')).toBe('x***x')
  })

  it('merges hits that touch, as the runner does', () => {
    expect(maskerWith('abcd').maskSecrets('abcdabcd')).toBe('***')
    expect(maskerWith('abcd').maskSecrets('abcd-abcd')).toBe('***-***')
  })

  it('finds overlapping occurrences of the same secret', () => {
    expect(maskerWith('aaaa').maskSecrets('aaaaaa!')).toBe('***!')
  })

  it('ignores an empty value and a value registered twice', () => {
    const masker = maskerWith('', 'tok3n', 'tok3n')
    expect(masker.registeredValues).toEqual(['tok3n'])
    expect(masker.maskSecrets('tok3n')).toBe('***')
  })

  it('returns an empty string for empty input', () => {
    expect(maskerWith('x1y2z3').maskSecrets('')).toBe('')
  })
})

describe('SecretMasker: base64 at byte offsets 0, 1, 2', () => {
  it('masks the hand-computed encodings of "abc"', () => {
    // base64("abc") = YWJj, base64("bc") = YmM=, base64("c") = Yw==
    const masker = maskerWith('abc')
    expect(masker.maskSecrets('YWJj')).toBe('***')
    expect(masker.maskSecrets('<YmM=>')).toBe('<***>')
    expect(masker.maskSecrets('<Yw==>')).toBe('<***>')
  })

  it('keeps the padding: an unpadded partial encoding is not masked (runner limitation)', () => {
    expect(maskerWith('abc').maskSecrets('YmM')).toBe('YmM')
  })

  it('masks a two-byte value at offset 1; offset 2 leaves no bytes and adds only the plain encoding', () => {
    // "ab": base64("ab") = YWI=, offset 1 -> base64("b") = Yg==; at offset 2 the runner falls
    // back to base64("ab"), which is already registered.
    const masker = maskerWith('ab')
    expect(masker.maskSecrets('Yg==')).toBe('***')
    expect(masker.maskSecrets('YWI=')).toBe('***')
  })

  const secret = 'sk-ant-oat01-Zq9_example-Token-0123456789'

  it.each([
    ['', 0],
    ['u', 2],
    ['us', 1],
    ['use', 0],
    ['user:', 1],
    ['Bearer:', 2],
  ])('masks base64(%j + secret), where the secret starts at byte offset %i of a base64 group', (prefix, shift) => {
    const whole = Buffer.from(prefix + secret).toString('base64')
    const secretPart = Buffer.from(secret.slice(shift)).toString('base64')
    expect(whole.endsWith(secretPart)).toBe(true)
    const expected = whole.slice(0, whole.length - secretPart.length) + '***'
    expect(maskerWith(secret).maskSecrets(`Authorization: Basic ${whole}`)).toBe(`Authorization: Basic ${expected}`)
  })

  it('does not mask base64 of the secret followed by more bytes when the padding differs (runner limitation)', () => {
    // 41 bytes: base64 of the secret alone ends in "=", which base64(secret + "\n") does not contain.
    expect(Buffer.byteLength(secret) % 3).not.toBe(0)
    const encoded = Buffer.from(secret + '\n').toString('base64')
    expect(maskerWith(secret).maskSecrets(encoded)).toBe(encoded)
  })

  it('works on UTF-8 bytes, not UTF-16 units', () => {
    const value = 'é-secret-ü'
    const masker = maskerWith(value)
    expect(masker.maskSecrets(Buffer.from(value, 'utf8').toString('base64'))).toBe('***')
    expect(masker.maskSecrets(Buffer.from(value, 'utf8').subarray(1).toString('base64'))).toBe('***')
    expect(masker.maskSecrets(Buffer.from(value, 'utf8').subarray(2).toString('base64'))).toBe('***')
  })
})

describe('SecretMasker: the other encodings the runner registers', () => {
  it('URI data escape (Uri.EscapeDataString: also ! and * and parentheses)', () => {
    const masker = maskerWith("p@ss w/rd!*(x)'")
    expect(masker.maskSecrets('?q=p%40ss%20w%2Frd%21%2A%28x%29%27&')).toBe('?q=***&')
  })

  it('URI escape of non-ASCII as upper-case UTF-8 bytes', () => {
    expect(maskerWith('cl\u00e9-x').maskSecrets('cl%C3%A9-x')).toBe('***')
  })

  it('JSON string escape (Newtonsoft table)', () => {
    const masker = maskerWith('a"b\\c\nd\u0001e\u2028f')
    expect(masker.maskSecrets('{"k":"a\\"b\\\\c\\nd\\u0001e\\u2028f"}')).toBe('{"k":"***"}')
  })

  it('XML escape', () => {
    expect(maskerWith(`<a&b>"'`).maskSecrets('<v>&lt;a&amp;b&gt;&quot;&apos;</v>')).toBe('<v>***</v>')
  })

  it("expression string escape (' doubled)", () => {
    expect(maskerWith("it's-a-key").maskSecrets("'it''s-a-key'")).toBe("'***'")
  })

  it('command-line argument escape (" as \\")', () => {
    expect(maskerWith('say "hi" now').maskSecrets('-e "say \\"hi\\" now"')).toBe('-e "***"')
  })

  it('double quotes trimmed, only for values longer than 8 characters', () => {
    expect(maskerWith('"abcdefgh"').maskSecrets('x abcdefgh x')).toBe('x *** x')
    expect(maskerWith('"abcdef"').maskSecrets('x abcdef x')).toBe('x abcdef x')
  })

  it('PowerShell ampersand sections (cases from the runner ValueEncodersL0 test)', () => {
    expect(maskerWith('abcdef&+ghijkl').maskSecrets('[abcdef&+]')).toBe('[***]')
    expect(maskerWith('abc&+ghijklm').maskSecrets('[hijklm]')).toBe('[***]')
    expect(maskerWith('abc&ghijkl').maskSecrets('[ghijkl]')).toBe('[***]')
    // Sections shorter than 6 characters are not registered.
    expect(maskerWith('ab&cdefgh').maskSecrets('[ab&]')).toBe('[ab&]')
  })
})

describe('multi-line values', () => {
  const value = 'first-line-abc\nsecond-line-xyz'

  it('addValue (what ::add-mask:: does) registers the whole value only, so lone lines stay visible', () => {
    const masker = maskerWith(value)
    expect(masker.maskSecrets('first-line-abc')).toBe('first-line-abc')
    expect(masker.maskSecrets('second-line-xyz')).toBe('second-line-xyz')
    expect(masker.maskSecrets(`<${value}>`)).toBe('<***>')
  })

  it('addJobSecret (how the worker registers secrets.*) also registers every trimmed line', () => {
    const masker = new SecretMasker()
    masker.addJobSecret(`  ${value}\r\n  third  \n`)
    expect(masker.maskSecrets('first-line-abc')).toBe('***')
    expect(masker.maskSecrets('second-line-xyz')).toBe('***')
    expect(masker.maskSecrets('[third]')).toBe('[***]')
  })
})
