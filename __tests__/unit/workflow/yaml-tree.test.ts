import { entryOf, parseYaml, valueOf, type YamlNode } from '../../../src/scan/workflow/yaml-tree.js'

const root = (text: string): YamlNode => {
  const parsed = parseYaml(text)
  if (!parsed.ok) throw new Error(`unexpected: ${parsed.reason}`)
  return parsed.root!
}
const scalar = (node: YamlNode | undefined) => {
  if (node?.kind !== 'scalar') throw new Error(`not a scalar: ${JSON.stringify(node)}`)
  return node
}

describe('parseYaml', () => {
  test('every scalar carries its 1-based line; comments and blank lines count', () => {
    const tree = root('# comment\n\nenv:\n  A: one   # trailing\n  B: two\n')
    const env = valueOf(tree, 'env')
    expect(scalar(valueOf(env, 'A'))).toMatchObject({ value: 'one', line: 4, valueLine: 4, style: 'plain' })
    expect(entryOf(env, 'B')!.key.line).toBe(5)
  })

  test('a literal block scalar: line of its header, valueLine of its first line, `|-` strips, `|` clips, `|+` keeps', () => {
    const tree = root('a: |-\n  one\n  two\n\nb: |\n  x\n\nc: |+\n  y\n\nd: end\n')
    expect(scalar(valueOf(tree, 'a'))).toMatchObject({ value: 'one\ntwo', line: 1, valueLine: 2, style: 'literal' })
    expect(scalar(valueOf(tree, 'b'))).toMatchObject({ value: 'x\n', line: 5, valueLine: 6 })
    expect(scalar(valueOf(tree, 'c'))).toMatchObject({ value: 'y\n\n', line: 8, valueLine: 9 })
  })

  test('a block scalar that starts with a blank line keeps it, so script line N is file line valueLine + N - 1', () => {
    const tree = root('run: |\n\n  echo hi\n')
    expect(scalar(valueOf(tree, 'run'))).toMatchObject({ value: '\necho hi\n', line: 1, valueLine: 2 })
  })

  test('a folded block scalar `>` joins lines', () => {
    expect(scalar(valueOf(root('f: >\n  a\n  b\n'), 'f'))).toMatchObject({ value: 'a b\n', style: 'folded', line: 1, valueLine: 2 })
  })

  test('quoted keys and values, and flow mappings and sequences', () => {
    const tree = root(`"quoted key": 'it''s'\nenv: {A: 1, "B": "two\\tx"}\nlist: [x, 'y']\n`)
    expect(scalar(valueOf(tree, 'quoted key'))).toMatchObject({ value: "it's", style: 'single-quoted' })
    const env = valueOf(tree, 'env')
    expect(env?.kind).toBe('mapping')
    expect(scalar(valueOf(env, 'A')).value).toBe('1')
    expect(scalar(valueOf(env, 'B'))).toMatchObject({ value: 'two\tx', style: 'double-quoted', line: 2 })
    const list = valueOf(tree, 'list')
    expect(list?.kind === 'sequence' && list.items.map((i) => scalar(i).value)).toEqual(['x', 'y'])
  })

  test('an alias is the anchored node itself, lines and all (an aliased env mapping)', () => {
    const tree = root('one:\n  env: &shared\n    KEY: v\ntwo:\n  env: *shared\n')
    const first = valueOf(valueOf(tree, 'one'), 'env')
    const second = valueOf(valueOf(tree, 'two'), 'env')
    expect(second).toBe(first)
    expect(scalar(valueOf(second, 'KEY'))).toMatchObject({ value: 'v', line: 3 })
  })

  test('an anchored scalar can be reused', () => {
    const tree = root('a: &v hello\nb: *v\n')
    expect(scalar(valueOf(tree, 'b'))).toMatchObject({ value: 'hello', line: 1 })
  })

  test('a merge key `<<` is an ordinary key, as GitHub reads it: nothing is merged', () => {
    const tree = root('base: &b\n  A: 1\nenv:\n  <<: *b\n  C: 3\n')
    const env = valueOf(tree, 'env')
    expect(env?.kind === 'mapping' && env.entries.map((e) => scalar(e.key).value)).toEqual(['<<', 'C'])
    expect(valueOf(env, 'A')).toBeUndefined()
  })

  test('an alias to an unknown anchor is a reason with its line', () => {
    expect(parseYaml('a: 1\nb: *missing\n')).toEqual({ ok: false, reason: 'the alias *missing names no anchor defined before it', line: 2 })
  })

  test('only the first document is read', () => {
    const tree = root('a: 1\n---\nb: 2\n')
    expect(scalar(valueOf(tree, 'a')).value).toBe('1')
    expect(valueOf(tree, 'b')).toBeUndefined()
  })

  test('a byte order mark is skipped and does not shift lines', () => {
    const tree = root('\uFEFFname: x\non: push\n')
    expect(scalar(valueOf(tree, 'name'))).toMatchObject({ value: 'x', line: 1 })
    expect(scalar(valueOf(tree, 'on'))).toMatchObject({ value: 'push', line: 2 })
  })

  test('CRLF and a lone CR end one line each', () => {
    expect(scalar(valueOf(root('a: 1\r\nb: 2\r\n'), 'b')).line).toBe(2)
    expect(scalar(valueOf(root('a: 1\rb: 2\nc: 3\r\nd: 4\n'), 'd')).line).toBe(4)
  })

  test('a syntax error is a reason with its 1-based line, never an exception', () => {
    expect(parseYaml('jobs:\n  - x\n bad: 1\n')).toEqual({ ok: false, reason: 'bad indentation of a mapping entry', line: 3 })
    expect(parseYaml('a: [1, 2\nb: 3\n')).toMatchObject({ ok: false, line: 2 })
  })

  test('an empty value is an empty plain scalar; an empty file has no root', () => {
    expect(scalar(valueOf(root('a:\nb: 1\n'), 'a'))).toMatchObject({ value: '', style: 'plain' })
    expect(parseYaml('')).toEqual({ ok: true, root: undefined })
  })

  test('a tag is kept', () => {
    expect(scalar(valueOf(root('a: !!str 1\n'), 'a'))).toMatchObject({ value: '1', tag: '!!str' })
  })
})
