// Entry point of the `claude-code-auth` command (dist/cli.js). `doctor` (the
// default) happens in runDoctor(); `audit` in runAudit(), a chunk of its own
// (dist/audit.js) loaded only for that command, so the doctor never pays for
// the audit's formats and rules. This only prints and sets the exit code. A
// bug of ours is reported in one line, without a stack trace.

import { VERSION } from '../common/version.js'
import { runDoctor } from './run.js'

const argv = process.argv.slice(2)
const command =
  argv[0] === 'audit'
    ? import('../audit/run.js').then(({ runAudit, tuneProcessForAudit }) => {
        tuneProcessForAudit()
        return runAudit(argv.slice(1), { cwd: process.cwd(), version: VERSION })
      })
    : runDoctor(argv, { env: process.env, cwd: process.cwd(), platform: process.platform })

command.then(
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
