import { expressionRefs, formatG15, githubText, workflowValue } from '../../../src/scan/workflow/values.js'
import type { YamlScalar } from '../../../src/scan/workflow/yaml-tree.js'

const plain = (value: string): YamlScalar => ({ kind: 'scalar', value, style: 'plain', line: 1, valueLine: 1 })

describe('workflowValue', () => {
  test('text without ${{ is a literal, the empty string included', () => {
    expect(workflowValue('sk-ant-api03-x')).toEqual({ kind: 'literal', text: 'sk-ant-api03-x' })
    expect(workflowValue('')).toEqual({ kind: 'literal', text: '' })
  })

  test('secrets and vars references', () => {
    expect(workflowValue('${{ secrets.ANTHROPIC_API_KEY }}')).toEqual({
      kind: 'expression',
      text: '${{ secrets.ANTHROPIC_API_KEY }}',
      refs: ['secrets.ANTHROPIC_API_KEY'],
    })
    expect(workflowValue("${{ vars.USE_BEDROCK == 'true' && '1' || '' }}").kind).toBe('expression')
  })
})

describe('expressionRefs', () => {
  test('every context path, in order, without repeats', () => {
    expect(expressionRefs("${{ secrets.A || env.B }}-${{ steps.auth.outputs.token }} ${{ secrets.A }}")).toEqual([
      'secrets.A',
      'env.B',
      'steps.auth.outputs.token',
    ])
  })

  test("index syntax secrets['X'] reads as secrets.X; a computed index ends the path", () => {
    expect(expressionRefs("${{ secrets['MY_KEY'] }}")).toEqual(['secrets.MY_KEY'])
    expect(expressionRefs('${{ env[format(\'{0}_KEY\', matrix.p)] }}')).toEqual(['env', 'matrix.p'])
  })

  test('function names, literals and strings are not contexts; context names ignore case', () => {
    expect(expressionRefs("${{ format('secrets.{0}', github.ref) && true || null }}")).toEqual(['github.ref'])
    expect(expressionRefs('${{ Secrets.Key }}')).toEqual(['secrets.Key'])
    expect(expressionRefs("${{ toJSON(needs) }} ${{ contains(github.event.pull_request.labels.*.name, 'x') }}")).toEqual([
      'needs',
      'github.event.pull_request.labels',
    ])
  })

  test("a `}}` inside a quoted string does not end the expression", () => {
    expect(expressionRefs("${{ format('}}{0}', vars.X) }}")).toEqual(['vars.X'])
  })
})

describe('githubText: plain scalars as GitHub turns them into text', () => {
  test.each([
    ['', ''],
    ['~', ''],
    ['null', ''],
    ['NULL', ''],
    ['true', 'true'],
    ['True', 'true'],
    ['FALSE', 'false'],
    ['1', '1'],
    ['01', '1'],
    ['+5', '5'],
    ['-3', '-3'],
    ['0x1F', '31'],
    ['0o17', '15'],
    ['1.50', '1.5'],
    ['1e3', '1000'],
    ['.5', '0.5'],
    ['.inf', 'Infinity'],
    ['-.inf', '-Infinity'],
    ['.nan', 'NaN'],
    ['yes', 'yes'],
    ['on', 'on'],
    ['0x', '0x'],
    ['1.2.3', '1.2.3'],
    ['sk-ant-api03-x', 'sk-ant-api03-x'],
  ])('%j → %j', (written, text) => {
    expect(githubText(plain(written))).toBe(text)
  })

  test('quoted scalars and !!str keep their text', () => {
    expect(githubText({ ...plain('01'), style: 'single-quoted' })).toBe('01')
    expect(githubText({ ...plain('true'), tag: '!!str' })).toBe('true')
    expect(githubText({ ...plain('null'), style: 'double-quoted' })).toBe('null')
  })
})

describe('formatG15', () => {
  test.each([
    [0, '0'],
    [123456789012345, '123456789012345'],
    [1e15, '1E+15'],
    [1234567890123456, '1.23456789012346E+15'],
    [0.0001, '0.0001'],
    [0.00001, '1E-05'],
    [0.1 + 0.2, '0.3'],
    [-2.5, '-2.5'],
  ])('%p → %p', (n, text) => {
    expect(formatG15(n)).toBe(text)
  })
})
