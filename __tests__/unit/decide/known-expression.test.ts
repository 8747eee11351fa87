import { describe, expect, test } from '@jest/globals'

import { knownText } from '../../../src/decide/known-expression.js'

// Values by hand, from GitHub's documented semantics: `a && b` is a when a is falsy, else b;
// `a || b` is a when a is truthy, else b; falsy are false, 0, '' and null; `==` on strings ignores case.
const known = new Map([
  ['secrets.TOKEN', 'tok'],
  ['env.CLAUDE_CODE_OAUTH_TOKEN', 'tok'],
])

describe('knownText', () => {
  test.each([
    ["${{ secrets.TOKEN == '' && secrets.KEY || '' }}", ''],
    ["${{ secrets.TOKEN != '' && 'yes' || 'no' }}", 'yes'],
    ['${{ secrets.TOKEN || secrets.OTHER }}', 'tok'],
    ["${{ secrets.token == 'TOK' }}", 'true'],
    ["${{ !secrets.TOKEN }}", 'false'],
    ["${{ (secrets.TOKEN == '') && 'a' || 'b' }}", 'b'],
    ["prefix-${{ secrets.TOKEN }}-suffix", 'prefix-tok-suffix'],
    ["${{ 'it''s' }}", "it's"],
    ['${{ env.CLAUDE_CODE_OAUTH_TOKEN }}', 'tok'],
    ["${{ false && secrets.UNKNOWN }}", 'false'],
  ])('%s → %j', (text, expected) => {
    expect(knownText(text, known)).toBe(expected)
  })

  test.each([
    ["${{ secrets.OTHER == '' && secrets.KEY || '' }}"],
    ['${{ secrets.OTHER || secrets.TOKEN }}'],
    ["${{ secrets.TOKEN != '' && secrets.KEY || '' }}"],
    ['${{ format(\'{0}\', secrets.TOKEN) }}'],
    ['${{ secrets.TOKEN'],
    ['${{ secrets.TOKEN == }}'],
    ['${{ 1 == secrets.TOKEN }}'],
  ])('%s is undecided', (text) => {
    expect(knownText(text, known)).toBeUndefined()
  })
})
