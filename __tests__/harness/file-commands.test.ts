import { describe, expect, it } from '@jest/globals'

import { parseKeyValueFile, parsePathFile, recordsToMap, scrubStepSummary } from '../../harness/file-commands.js'

describe('parseKeyValueFile: accepted records', () => {
  it('reads NAME=VALUE, splitting at the first =', () => {
    const parsed = parseKeyValueFile('A=1\nB=x=y\nC=\n', 'env')
    expect(parsed.records).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'x=y' },
      { name: 'C', value: '' },
    ])
    expect(parsed.malformed).toEqual([])
    expect(parsed.fatalError).toBeNull()
  })

  it('reads a heredoc whose value contains delimiter-like text', () => {
    const text = [
      'A=1',
      'B<<EOF',
      'line EOF',
      'EOF2',
      ' EOF',
      'EOF ',
      '',
      'EOF',
      'C=after',
      '',
    ].join('\n')
    const parsed = parseKeyValueFile(text, 'output')
    expect(parsed.records).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'line EOF\nEOF2\n EOF\nEOF \n' },
      { name: 'C', value: 'after' },
    ])
    expect(parsed.malformed).toEqual([])
  })

  it('gives an empty heredoc an empty value and accepts a delimiter at end of file without newline', () => {
    const parsed = parseKeyValueFile('E<<X\nX\nF<<ghadelimiter_1\nv\nghadelimiter_1', 'state')
    expect(parsed.records).toEqual([
      { name: 'E', value: '' },
      { name: 'F', value: 'v' },
    ])
    expect(parsed.fatalError).toBeNull()
  })

  it('lets whichever of = and << comes first decide the style', () => {
    const parsed = parseKeyValueFile('A=B<<C\nD<<E=F\nvalue\nE=F\n', 'env')
    expect(parsed.records).toEqual([
      { name: 'A', value: 'B<<C' },
      { name: 'D', value: 'value' },
    ])
  })

  it('skips empty lines and applies last write wins in the map', () => {
    const parsed = parseKeyValueFile('\n\nK=1\n\nK=2\n', 'env')
    expect(recordsToMap(parsed.records)).toEqual({ K: '2' })
  })

  it('keeps a CR in the value on Linux and flags it', () => {
    const parsed = parseKeyValueFile('A=1\r\nB<<EOF\r\nv\r\nEOF\r\n', 'env')
    // The delimiter read from "B<<EOF\r" is "EOF\r" itself, so the heredoc still closes.
    expect(parsed.records).toEqual([
      { name: 'A', value: '1\r' },
      { name: 'B', value: 'v\r' },
    ])
    expect(parsed.malformed).toHaveLength(2)
    expect(parsed.malformed.every((m) => m.includes('CR'))).toBe(true)
  })
})

describe('parseKeyValueFile: records the runner rejects', () => {
  it('stops at a heredoc whose delimiter never comes, keeping earlier records', () => {
    const parsed = parseKeyValueFile('GOOD=1\nBAD<<EOF\nno end\nLATER=2\n', 'env')
    expect(parsed.records).toEqual([{ name: 'GOOD', value: '1' }])
    expect(parsed.fatalError).toBe("Invalid value. Matching delimiter not found 'EOF'")
    expect(parsed.malformed).toHaveLength(1)
    expect(parsed.malformed[0]).toContain('GITHUB_ENV')
    expect(parsed.malformed[0]).toContain("Matching delimiter not found 'EOF'")
  })

  it('rejects a heredoc value whose last line has no newline', () => {
    const parsed = parseKeyValueFile('K<<EOF\nvalue', 'output')
    expect(parsed.fatalError).toBe('Invalid value. EOF marker missing new line.')
    expect(parsed.records).toEqual([])
  })

  it('rejects a heredoc with an empty name or an empty delimiter', () => {
    expect(parseKeyValueFile('<<EOF\nv\nEOF\n', 'env').fatalError).toBe(
      "Invalid format '<<EOF'. Name must not be empty and delimiter must not be empty",
    )
    expect(parseKeyValueFile('A=1\nNAME<<\nv\n', 'env').fatalError).toBe(
      "Invalid format 'NAME<<'. Name must not be empty and delimiter must not be empty",
    )
  })

  it('rejects a line with neither = nor <<, and ignores the rest of the file', () => {
    const parsed = parseKeyValueFile('A=1\njust text\nB=2\n', 'state')
    expect(parsed.fatalError).toBe("Invalid format 'just text'")
    expect(parsed.records).toEqual([{ name: 'A', value: '1' }])
  })

  it('flags NAME=VALUE with an empty name (the runner does not reject it, but it is broken)', () => {
    const parsed = parseKeyValueFile('=oops\nB=2\n', 'env')
    expect(parsed.records).toEqual([{ name: 'B', value: '2' }])
    expect(parsed.fatalError).toBeNull()
    expect(parsed.malformed).toHaveLength(1)
    expect(parsed.malformed[0]).toContain('empty name')
  })

  it('refuses NODE_OPTIONS in GITHUB_ENV, case-insensitively, and goes on', () => {
    const parsed = parseKeyValueFile('NODE_OPTIONS=--require x\nnode_options<<E\ny\nE\nOK=1\n', 'env')
    expect(parsed.records).toEqual([{ name: 'OK', value: '1' }])
    expect(parsed.blockedErrors).toEqual([
      "Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.",
      "Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.",
    ])
    expect(parsed.malformed).toHaveLength(2)
    expect(parsed.fatalError).toBeNull()
  })

  it('does not block NODE_OPTIONS as an output name', () => {
    expect(parseKeyValueFile('NODE_OPTIONS=x\n', 'output').records).toEqual([{ name: 'NODE_OPTIONS', value: 'x' }])
  })
})

describe('parsePathFile', () => {
  it('keeps non-empty lines in order and moves a repeated entry to the end', () => {
    expect(parsePathFile('/a\n\n/b\r\n/a\n')).toEqual(['/b', '/a'])
  })
})

describe('scrubStepSummary', () => {
  it('masks line by line and rewrites line ends as LF', () => {
    const mask = (line: string) => line.split('s3cret').join('***')
    expect(scrubStepSummary('# T\r\nkey s3cret\nend', mask)).toBe('# T\nkey ***\nend\n')
  })

  it('does not mask a secret split across lines, because masking is per line', () => {
    const mask = (line: string) => line.split('ab\ncd').join('***')
    expect(scrubStepSummary('ab\ncd\n', mask)).toBe('ab\ncd\n')
  })

  it('uploads nothing for an empty file', () => {
    expect(scrubStepSummary('', (l) => l)).toBe('')
  })
})
