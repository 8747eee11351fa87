import { describeCharacter } from '../../src/inputs/character-names.js'

// Expected names typed from the Unicode charts. The whole table was also checked once
// against Python's unicodedata and Perl's Unicode::UCD (see the commit that added it).
describe('describeCharacter', () => {
  test.each([
    [0x043e, { codePoint: 'U+043E', name: 'CYRILLIC SMALL LETTER O', category: 'Lowercase Letter', block: 'Cyrillic', imitates: 'o' }],
    [0x0421, { codePoint: 'U+0421', name: 'CYRILLIC CAPITAL LETTER ES', category: 'Uppercase Letter', block: 'Cyrillic', imitates: 'C' }],
    [0x0391, { codePoint: 'U+0391', name: 'GREEK CAPITAL LETTER ALPHA', category: 'Uppercase Letter', block: 'Greek and Coptic', imitates: 'A' }],
    [0x03bf, { codePoint: 'U+03BF', name: 'GREEK SMALL LETTER OMICRON', category: 'Lowercase Letter', block: 'Greek and Coptic', imitates: 'o' }],
    [0xff4f, { codePoint: 'U+FF4F', name: 'FULLWIDTH LATIN SMALL LETTER O', category: 'Lowercase Letter', block: 'Halfwidth and Fullwidth Forms', imitates: 'o' }],
    [0xff0d, { codePoint: 'U+FF0D', name: 'FULLWIDTH HYPHEN-MINUS', category: 'Dash Punctuation', block: 'Halfwidth and Fullwidth Forms', imitates: '-' }],
    [0xff10, { codePoint: 'U+FF10', name: 'FULLWIDTH DIGIT ZERO', category: 'Decimal Number', block: 'Halfwidth and Fullwidth Forms', imitates: '0' }],
    [0x2013, { codePoint: 'U+2013', name: 'EN DASH', category: 'Dash Punctuation', block: 'General Punctuation', imitates: '-' }],
    [0x201c, { codePoint: 'U+201C', name: 'LEFT DOUBLE QUOTATION MARK', category: 'Initial Punctuation', block: 'General Punctuation', imitates: '"' }],
    [0x00a0, { codePoint: 'U+00A0', name: 'NO-BREAK SPACE', category: 'Space Separator', block: 'Latin-1 Supplement', imitates: 'space' }],
    [0x00ad, { codePoint: 'U+00AD', name: 'SOFT HYPHEN', category: 'Format', block: 'Latin-1 Supplement', imitates: 'invisible' }],
    [0x200b, { codePoint: 'U+200B', name: 'ZERO WIDTH SPACE', category: 'Format', block: 'General Punctuation', imitates: 'invisible' }],
    [0x200d, { codePoint: 'U+200D', name: 'ZERO WIDTH JOINER', category: 'Format', block: 'General Punctuation', imitates: 'invisible' }],
    [0xfeff, { codePoint: 'U+FEFF', name: 'ZERO WIDTH NO-BREAK SPACE', category: 'Format', block: 'Arabic Presentation Forms-B', imitates: 'invisible' }],
    [0x2028, { codePoint: 'U+2028', name: 'LINE SEPARATOR', category: 'Line Separator', block: 'General Punctuation', imitates: 'line break' }],
    [0xfe0f, { codePoint: 'U+FE0F', name: 'VARIATION SELECTOR-16', category: 'Nonspacing Mark', block: 'Variation Selectors', imitates: 'invisible' }],
    [0xe0041, { codePoint: 'U+E0041', name: 'TAG LATIN CAPITAL LETTER A', category: 'Format', block: 'Tags', imitates: 'invisible' }],
    [0x0007, { codePoint: 'U+0007', name: 'ALERT', category: 'Control', block: 'Basic Latin' }],
    [0x007f, { codePoint: 'U+007F', name: 'DELETE', category: 'Control', block: 'Basic Latin' }],
    [0x0085, { codePoint: 'U+0085', name: 'NEXT LINE', category: 'Control', block: 'Latin-1 Supplement', imitates: 'line break' }],
  ] as const)('%#: code %d is named, with what it imitates', (code, expected) => {
    expect(describeCharacter(code)).toEqual(expected)
  })

  test.each([
    // No name in the table: the general category and the block say what it is.
    [0x4e2d, { codePoint: 'U+4E2D', category: 'Other Letter', block: 'CJK Unified Ideographs' }],
    [0x1f600, { codePoint: 'U+1F600', category: 'Other Symbol', block: 'Emoticons' }],
    [0x00e9, { codePoint: 'U+00E9', category: 'Lowercase Letter', block: 'Latin-1 Supplement' }],
    [0xe000, { codePoint: 'U+E000', category: 'Private Use', block: 'Private Use Area' }],
    // A block this table does not list: the category alone.
    [0x16a0, { codePoint: 'U+16A0', category: 'Other Letter' }],
    [0x2fffe, { codePoint: 'U+2FFFE', category: 'Unassigned' }],
  ] as const)('%#: code %d without a name gets its category and block', (code, expected) => {
    expect(describeCharacter(code)).toEqual(expected)
  })

  test('a compatibility form imitates the ASCII it normalises to, even without a name', () => {
    // U+1D41A MATHEMATICAL BOLD SMALL A, U+00B2 SUPERSCRIPT TWO
    expect(describeCharacter(0x1d41a)).toMatchObject({ block: 'Mathematical Alphanumeric Symbols', imitates: 'a' })
    expect(describeCharacter(0x00b2)).toMatchObject({ category: 'Other Number', imitates: '2' })
  })
})
