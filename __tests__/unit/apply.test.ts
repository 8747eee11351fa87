import { inert } from '../../src/report/apply.js'

describe('inert', () => {
  test('breaks up legacy ##[command] anywhere in a line', () => {
    expect(inert('/home/x/##[error]boom/.claude')).toBe('/home/x/#\u200b#[error]boom/.claude')
  })
  test('breaks up :: at the start of a line, after leading spaces', () => {
    expect(inert('  ::set-output name=x::y')).toBe('  :\u200b:set-output name=x::y')
  })
  test('leaves :: inside a line alone and joins line breaks', () => {
    expect(inert('a::b\n::error::x')).toBe('a::b ::error::x')
  })
})
