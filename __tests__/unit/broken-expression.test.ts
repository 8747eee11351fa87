// Broken expressions, read from the text as the runner would deliver it. Expected values by hand.

import { describe, expect, test } from '@jest/globals'

import { brokenExpression, isOnlyBrokenExpression } from '../../src/common/broken-expression.js'

describe('brokenExpression', () => {
  test.each([
    ['$ secrets.CLAUDE_CODE_OAUTH_TOKEN', 'missing-braces', '${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}'],
    ['$secrets.CLAUDE_CODE_OAUTH_TOKEN', 'missing-braces', '${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}'],
    ['${ secrets.X }', 'missing-braces', '${{ secrets.X }}'],
    ['{{ secrets.X }}', 'missing-braces', '${{ secrets.X }}'],
    ['$ secret.X', 'missing-braces', '${{ secrets.X }}'],
    ['$(secrets.X)', 'missing-braces', '${{ secrets.X }}'],
    ['$ vars.GATEWAY_URL', 'missing-braces', '${{ vars.GATEWAY_URL }}'],
    ['${{ secret.X }}', 'secret-singular', '${{ secrets.X }}'],
    ["${{ secret.X || 'a' }}", 'secret-singular', '${{ secrets.X }}'],
    ['${{ secrets.X }', 'unbalanced', '${{ secrets.X }}'],
    ['${{ secrets.X', 'unbalanced', '${{ secrets.X }}'],
    ['Bearer ${{ secrets.X', 'unbalanced', undefined],
  ])('%s: %s', (text, kind, suggestion) => {
    const found = brokenExpression(text)
    expect(found?.kind).toBe(kind)
    expect(found?.suggestion).toBe(suggestion)
  })

  test.each(['${{ secrets.X }}', '${{ secrets.mysecret }}', "${{ format('}}') }}", 'sk-ant-api03-abc', '$HOME/key', 'x$ secrets.X', '${{ a }} and ${{ b }}', ''])('%s is fine', (text) => {
    expect(brokenExpression(text)).toBeUndefined()
  })

  test('only a value that is nothing but a broken expression is safe to leave unmasked', () => {
    expect(isOnlyBrokenExpression('$ secrets.X')).toBe(true)
    expect(isOnlyBrokenExpression('${{ secret.X }}')).toBe(true)
    expect(isOnlyBrokenExpression("${{ secret.X || 'sk-ant-api03-real' }}")).toBe(false)
    expect(isOnlyBrokenExpression('sk-ant-api03-${{ secrets.X')).toBe(false)
  })
})
