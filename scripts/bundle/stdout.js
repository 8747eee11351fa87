// Injected into dist/index.js by scripts/package.mjs in place of
// `process.stdout.write`: the first touch of process.stdout builds Node's
// stream machinery for the pipe (about 6 ms of start-up, measured), to write
// a few short lines. A synchronous write to fd 1 puts the same bytes in the
// same order; a pipe that is momentarily full (EAGAIN) is waited on.
import { writeSync } from 'fs'

export function __writeStdout(text) {
  const bytes = Buffer.from(String(text), 'utf8')
  let offset = 0
  while (offset < bytes.length) {
    try {
      offset += writeSync(1, bytes, offset, bytes.length - offset)
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2)
    }
  }
  return true
}
