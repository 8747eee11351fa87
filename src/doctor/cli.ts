// Entry point of the `claude-code-auth` command (dist/cli.js). Everything
// happens in runDoctor(); this only prints and sets the exit code. A bug of
// ours is reported in one line, without a stack trace.

import { runDoctor } from './run.js'

runDoctor(process.argv.slice(2), { env: process.env, cwd: process.cwd(), platform: process.platform }).then(
  ({ stdout, stderr, exitCode }) => {
    if (stdout) process.stdout.write(stdout)
    if (stderr) process.stderr.write(stderr)
    process.exitCode = exitCode
  },
  (error: unknown) => {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'
    process.stderr.write(`claude-code-auth stopped unexpectedly (${text.replace(/[\r\n]+/g, ' ')}). Please report it to claude-code-auth's issue tracker.\n`)
    process.exitCode = 1
  },
)
