import { createHash } from 'node:crypto'
import { fingerprint, sha256Hex } from '../../src/common/fingerprint.js'

describe('sha256Hex', () => {
  test('matches the published test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  test.each([0, 1, 55, 56, 63, 64, 65, 119, 120, 1000])('matches node:crypto for %i bytes, multi-byte text too', (length) => {
    for (const unit of ['a', 'é', '漢', '🙂']) {
      const text = unit.repeat(length)
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'))
    }
  })

  test('fingerprint is the first 12 hex digits', () => {
    expect(fingerprint('abc')).toBe('ba7816bf8f01')
  })
})
