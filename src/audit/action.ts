// `uses: claude-code-auth/claude-code-auth/audit@v1` (audit/action.yml): runs
// the audit of the checkout with `--format github` (annotations on the
// lines), appends the job summary table (job, route, verdict) and, when asked,
// writes SARIF for github/codeql-action/upload-sarif. The runner's inputs
// arrive as INPUT_* variables; nothing here is a secret.

import { appendFileSync } from 'node:fs'
import { runAudit, tuneProcessForAudit } from './run.js'

declare const CLAUDE_CODE_AUTH_VERSION: string | undefined
const VERSION = typeof CLAUDE_CODE_AUTH_VERSION === 'string' ? CLAUDE_CODE_AUTH_VERSION : '0.0.0-dev'

const input = (name: string): string => (process.env[`INPUT_${name.toUpperCase()}`] ?? '').trim()

export async function runAuditAction(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const workspace = env.GITHUB_WORKSPACE || process.cwd()
  const paths = input('path').split(/\r?\n/).map((p) => p.trim()).filter(Boolean)
  const args = [...(paths.length > 0 ? paths : ['.']), '--format', 'github']
  const sarif = input('sarif-file')
  if (sarif) args.push('--sarif', sarif)
  if (env.GITHUB_STEP_SUMMARY) args.push('--summary', env.GITHUB_STEP_SUMMARY)
  const min = input('min-severity')
  if (min) args.push('--min-severity', min)
  if (/^true$/i.test(input('exit-zero'))) args.push('--exit-zero')
  const result = await runAudit(args, { cwd: workspace, version: VERSION })
  if (result.stdout) process.stdout.write(result.stdout)
  // A usage error reads as an annotation, its text escaped for a workflow command.
  if (result.stderr) process.stdout.write(`::error title=claude-code-auth audit::${result.stderr.trim().replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`)
  if (sarif && env.GITHUB_OUTPUT && result.exitCode !== 2 && !/[\r\n]/.test(sarif)) appendFileSync(env.GITHUB_OUTPUT, `sarif-file=${sarif}\n`)
  return result.exitCode
}

tuneProcessForAudit()
runAuditAction().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'
    process.stdout.write(`::error title=claude-code-auth audit::stopped unexpectedly (${text.replace(/[\r\n%]+/g, ' ')}). Please report it to claude-code-auth's issue tracker.\n`)
    process.exitCode = 1
  },
)
