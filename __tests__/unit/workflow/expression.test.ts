// The expression evaluator: what a step can know at run time, and nothing more.
// Expected values written by hand from GitHub's documented expression rules.

import { describe, expect, test } from '@jest/globals'

import { evaluateText } from '../../../src/scan/workflow/expression.js'

const dispatch = {
  github: { event_name: 'workflow_dispatch', event: { inputs: { role: 'arn:aws:iam::1:role/x', flag: 'true' }, pull_request: null } },
  inputs: { role: 'arn:aws:iam::1:role/x', flag: true },
}

describe('evaluateText', () => {
  test.each([
    ['${{ inputs.role != null }}', 'true'],
    ['${{ inputs.missing != null }}', 'false'],
    ['${{ inputs.flag }}', 'true'],
    ["${{ github.event_name == 'WORKFLOW_DISPATCH' }}", 'true'],
    ["${{ github.event_name == 'push' && 'a' || 'b' }}", 'b'],
    ['x-${{ github.event.inputs.flag }}-y', 'x-true-y'],
    ["${{ contains(github.event.inputs.role, 'IAM') }}", 'true'],
    ["${{ startsWith('Hello', 'he') }}", 'true'],
    ["${{ format('{0}-{1}', 'a', 1) }}", 'a-1'],
    ['${{ 1 == 1.0 }}', 'true'],
    ["${{ '' == 0 }}", 'true'],
    ['${{ !inputs.flag }}', 'false'],
    ["${{ false && secrets.X }}", 'false'],
    ["${{ 'set' || secrets.X }}", 'set'],
    ['${{ (((1))) }}', '1'],
    ['plain text', 'plain text'],
  ])('%s → %s', (text, expected) => {
    expect(evaluateText(text, dispatch)).toBe(expected)
  })

  test.each([
    '${{ secrets.X }}',
    '${{ vars.USE_BEDROCK }}',
    '${{ matrix.provider == 1 }}',
    '${{ steps.a.outputs.b }}',
    '${{ needs.a.outputs.b != null }}',
    '${{ secrets.X || inputs.flag }}',
    '${{ success() }}',
    '${{ unbalanced',
    "${{ 'open string }}",
    '${{ inputs.role == }}',
  ])('%s is unknown', (text) => {
    expect(evaluateText(text, dispatch)).toBeUndefined()
  })

  test('inputs of another event are unknown', () => {
    expect(evaluateText('${{ inputs.role != null }}', { github: { event_name: 'push', event: {} } })).toBeUndefined()
  })

  test('deep nesting is unknown, not a stack overflow', () => {
    expect(evaluateText(`\${{ ${'('.repeat(5000)}1${')'.repeat(5000)} }}`, dispatch)).toBeUndefined()
    expect(evaluateText(`\${{ ${'!'.repeat(5000)}true }}`, dispatch)).toBeUndefined()
  })
})

describe('combinations', () => {
  test('every way for up to 3 conditions, then fewer, never more than 10', async () => {
    const { combinations } = await import('../../../src/decide/certainty.js')
    expect(combinations([]).length).toBe(1)
    expect(combinations(['a', 'b', 'c']).length).toBe(8)
    expect(combinations(['a', 'b', 'c', 'd']).length).toBe(6)
    expect(combinations(Array.from({ length: 8 }, (_, i) => `k${i}`)).length).toBe(10)
    expect(combinations(Array.from({ length: 40 }, (_, i) => `k${i}`)).length).toBe(2)
    expect(combinations(['a', 'b']).map((m) => [m.get('a'), m.get('b')])).toEqual([[true, true], [false, true], [true, false], [false, false]])
  })
})
