// The command line. Nothing given here is a secret (credentials are read from
// the environment and files only), and no value given here is ever echoed
// back: a user who pastes a key as an argument must not see it in a log.

import type { CredentialKind } from '../resolve/model.js'

export interface DoctorArgs {
  project?: string
  expect?: CredentialKind
  bare: boolean
  json: boolean
  liveCheck: boolean
  liveCheckTimeoutMs: number
}

export type Parsed = { kind: 'doctor'; args: DoctorArgs } | { kind: 'help' } | { kind: 'version' } | { kind: 'usage-error'; message: string }

export const USAGE = `Usage: claude-code-auth [doctor] [options]

Tells which credential Claude Code (\`claude -p\`) will send from here, where
each one comes from, what else is present and why it loses, and the fix for
each problem. Reads the environment, HOME, CLAUDE_CONFIG_DIR and every file
Claude Code reads; changes nothing. Credentials are never printed, only
fingerprints (the first 12 hex digits of their SHA-256).

Options:
  --project DIR            the folder \`claude\` runs in (default: the current folder)
  --expect KIND            check that this credential is sent, and nothing else:
                             oauth-token  CLAUDE_CODE_OAUTH_TOKEN, or your /login subscription
                             api-key      ANTHROPIC_API_KEY
                             auth-token   ANTHROPIC_AUTH_TOKEN (a gateway's token)
  --bare                   judge \`claude --bare\` (on anyway when CLAUDE_CODE_SIMPLE is set)
  --json                   print JSON instead of text (schema: docs/doctor.md)
  --live-check             prove the credential with one request that spends no tokens
  --live-check-timeout S   seconds for the live check, retries included (default 10)
  -h, --help               print this help
  -V, --version            print the version

Exit codes:
  0  nothing wrong (without --expect: exactly one credential is sent)
  1  a problem was found: the expected credential is not what is sent alone, no
     credential is sent, two are sent together, or the live check failed
  2  usage error

Examples:
  npx claude-code-auth@1 doctor
  npx claude-code-auth@1 doctor --expect oauth-token
  npx claude-code-auth@1 doctor --expect api-key --bare --json

Every Claude job of a repository's workflows, judged before it runs:
  npx claude-code-auth@1 audit [PATH...]   (options: claude-code-auth audit --help)`

const KINDS: readonly CredentialKind[] = ['oauth-token', 'api-key', 'auth-token']
const VALUE_OPTIONS = ['--project', '--expect', '--live-check-timeout'] as const
const SWITCHES = ['--bare', '--json', '--live-check']

export function parseArgs(argv: readonly string[]): Parsed {
  const args: DoctorArgs = { bare: false, json: false, liveCheck: false, liveCheckTimeoutMs: 10_000 }
  const rest = [...argv]
  if (rest[0] === 'doctor') rest.shift()
  else if (rest[0] === 'help') return { kind: 'help' }
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]
    if (arg === '-h' || arg === '--help') return { kind: 'help' }
    if (arg === '-V' || arg === '--version') return { kind: 'version' }
    if (!arg.startsWith('-')) {
      return { kind: 'usage-error', message: i === 0 && argv[0] !== 'doctor' ? 'unknown command: the commands are `doctor` (the default) and `audit`' : 'unexpected argument: options start with `--`' }
    }
    const eq = arg.indexOf('=')
    const name = eq > 0 ? arg.slice(0, eq) : arg
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined
    if ((VALUE_OPTIONS as readonly string[]).includes(name)) {
      const value = inline ?? rest[++i]
      if (value === undefined || value === '') return { kind: 'usage-error', message: `${name} needs a value` }
      const problem = setValue(args, name as (typeof VALUE_OPTIONS)[number], value)
      if (problem) return { kind: 'usage-error', message: problem }
      continue
    }
    if (inline !== undefined) return { kind: 'usage-error', message: SWITCHES.includes(name) ? `${name} takes no value` : `unknown option ${safeName(name)}` }
    if (name === '--bare') args.bare = true
    else if (name === '--json') args.json = true
    else if (name === '--live-check') args.liveCheck = true
    else return { kind: 'usage-error', message: `unknown option ${safeName(name)}` }
  }
  return { kind: 'doctor', args }
}

function setValue(args: DoctorArgs, name: (typeof VALUE_OPTIONS)[number], value: string): string | undefined {
  switch (name) {
    case '--project':
      args.project = value
      return undefined
    case '--expect':
      if (!(KINDS as readonly string[]).includes(value)) return '--expect must be oauth-token, api-key or auth-token'
      args.expect = value as CredentialKind
      return undefined
    case '--live-check-timeout': {
      const seconds = Number(value)
      if (!/^\d+(\.\d+)?$/.test(value) || !(seconds > 0 && seconds <= 300)) return '--live-check-timeout must be a number of seconds, more than 0 and at most 300'
      args.liveCheckTimeoutMs = Math.round(seconds * 1000)
      return undefined
    }
  }
}

/** An option name is shown only when it looks like one: a pasted secret is not. */
function safeName(name: string): string {
  return /^--?[a-z][a-z0-9-]{0,30}$/.test(name) ? name : '(not shown)'
}
