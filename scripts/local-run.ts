// The body of `npm start`; see local-run.mjs. Prints what the runner would
// show for one run of the action in your environment: the verdict, the
// masked log, the annotations, outputs, the variables exported for later
// steps and the job summary (as text). Secrets never reach argv: credentials
// come from the environment.
//
// npm runs scripts from the package folder, with /bin/sh: the user's folder
// is in INIT_CWD, and dash (Debian's /bin/sh) drops variables whose names
// contain `-`, so `INPUT_CLAUDE_CODE_OAUTH_TOKEN` is accepted for the
// runner's `INPUT_CLAUDE-CODE-OAUTH-TOKEN`.

import { join } from 'node:path'
import { runAction } from '../harness/runner.js'

const CREDENTIAL_INPUTS = {
  'oauth-token': ['claude-code-oauth-token', 'CLAUDE_CODE_OAUTH_TOKEN'],
  'api-key': ['anthropic-api-key', 'ANTHROPIC_API_KEY'],
  'auth-token': ['anthropic-auth-token', 'ANTHROPIC_AUTH_TOKEN'],
} as const
const VALUE_FLAGS = ['anthropic-base-url', 'on-conflict', 'working-directory', 'live-check-timeout', 'live-check-failure']
const SWITCH_FLAGS = ['bare', 'live-check']

const USAGE = `Usage: npm start -- [options]

Runs dist/index.js as a GitHub Actions step would, on this machine: your
environment is the job environment, your HOME and the folder you ran
\`npm start\` from (or --workspace) are the runner's. Nothing is changed
outside a temp folder. (Outside GitHub Actions, \`claude-code-auth doctor\`
answers the same question for your own setup: node dist/cli.js --help.)

The credential comes from the environment, never from argv:
  INPUT_CLAUDE_CODE_OAUTH_TOKEN / INPUT_ANTHROPIC_API_KEY / INPUT_ANTHROPIC_AUTH_TOKEN
  if set (the runner's names, with \`_\` for \`-\`: npm's /bin/sh drops names with \`-\`;
  every other INPUT_* variable is read the same way); otherwise
  --credential oauth-token|api-key|auth-token   take it from CLAUDE_CODE_OAUTH_TOKEN,
                                                ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN,
                                                which then leaves the job environment
  (default: the first of those three variables that is set)

Options (the action's inputs):
  --on-conflict fail|unset|warn   --bare   --working-directory DIR
  --anthropic-base-url URL        --live-check   --live-check-timeout S   --live-check-failure fail|warn
  --workspace DIR                 the runner's GITHUB_WORKSPACE (default: the folder npm start ran in)
  --node PATH                     Node binary to run the action with (default: this one)`

/** The runner's `INPUT_<NAME>` (upper case, `-` kept), or the same with `_` for `-`, as the input's name. */
export function inputName(variable: string): string {
  return variable.slice('INPUT_'.length).toLowerCase().replace(/_/g, '-')
}

/** The job summary's Markdown and inline HTML as plain text for a terminal. */
export function summaryText(markdown: string): string {
  return markdown
    .replace(/<br>/g, '\n    ')
    .replace(/<\/?(code|details|summary)>/g, '')
    .replace(/&#124;/g, '|')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\\([\\`*_[\]#~!])/g, '$1')
    .replace(/\*\*/g, '')
    .replace(/^\| --- (\| --- )*\|\n/gm, '')
    .replace(/^#{2,3} /gm, '')
    .replace(/\n{3,}/g, '\n\n')
}

function parse(argv: string[]) {
  const flags: Record<string, string> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '-h' || arg === '--help') return { help: true, flags }
    const name = arg.replace(/^--/, '')
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${JSON.stringify(arg)}`)
    if (SWITCH_FLAGS.includes(name)) flags[name] = 'true'
    else if ([...VALUE_FLAGS, 'credential', 'workspace', 'node'].includes(name) && i + 1 < argv.length) flags[name] = argv[++i]
    else throw new Error(`unknown or incomplete option ${JSON.stringify(arg)}`)
  }
  return { help: false, flags }
}

export async function main(argv: string[], root: string): Promise<number> {
  let parsed
  try {
    parsed = parse(argv)
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (parsed.help) {
    console.log(USAGE)
    return 0
  }
  const { flags } = parsed
  const env: Record<string, string> = {}
  const inputs: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue
    if (name.startsWith('INPUT_')) inputs[inputName(name)] = value
    else env[name] = value
  }
  const givenAsInput = Object.values(CREDENTIAL_INPUTS).some(([input]) => inputs[input])
  if (!givenAsInput) {
    const kind = (flags.credential ?? Object.keys(CREDENTIAL_INPUTS).find((k) => env[CREDENTIAL_INPUTS[k as keyof typeof CREDENTIAL_INPUTS][1]])) as
      | keyof typeof CREDENTIAL_INPUTS
      | undefined
    if (kind && !(kind in CREDENTIAL_INPUTS)) {
      console.error(`--credential must be oauth-token, api-key or auth-token\n\n${USAGE}`)
      return 2
    }
    if (kind) {
      const [input, variable] = CREDENTIAL_INPUTS[kind]
      inputs[input] = env[variable] ?? ''
      // A secret passed as an input is not in the job environment too: the action would report it as a conflict with itself.
      delete env[variable]
      console.log(`Credential: ${variable} from your environment, passed as input \`${input}\` (and not left in the job environment).`)
    } else {
      console.log('No credential in your environment: the action will explain what is missing.')
    }
  }
  for (const name of [...VALUE_FLAGS, ...SWITCH_FLAGS]) if (flags[name] !== undefined) inputs[name] = flags[name]

  const workspace = flags.workspace ?? process.env.INIT_CWD ?? process.cwd()
  const result = await runAction({
    inputs,
    env,
    home: env.HOME,
    workspace,
    entry: join(root, 'dist', 'index.js'),
    nodeBinary: flags.node ?? process.execPath,
    timeoutMs: 60_000,
  })
  try {
    const rule = (title: string) => console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}`)
    rule('Step log (as the runner shows it, masked)')
    for (const line of result.log) console.log(line)
    rule('Annotations')
    if (result.annotations.length === 0) console.log('(none)')
    for (const a of result.annotations) {
      const at = a.file ? ` (${a.file}${a.properties.line ? ` line ${a.properties.line}` : ''})` : ''
      console.log(`${a.level}: ${a.title ?? '(no title)'}${at}`)
    }
    rule('Outputs')
    for (const [name, value] of Object.entries(result.outputs)) console.log(`${name} = ${value}`)
    rule('Exported for later steps (GITHUB_ENV)')
    if (result.exportedEnvRecords.length === 0) console.log('(nothing)')
    for (const { name, value } of result.exportedEnvRecords) {
      const shown = value === '' ? "'' (blanked)" : result.secrets.some((s) => s && value.includes(s)) ? '*** (masked)' : value
      console.log(`${name} = ${shown}`)
    }
    rule('Job summary')
    console.log(result.summary ? summaryText(result.summary) : '(empty)')
    rule('Verdict')
    console.log(result.exitCode === 0 ? 'PASSED: later steps will authenticate as intended.' : `FAILED (exit ${result.exitCode}): see the errors above.`)
    return result.exitCode === 0 ? 0 : 1
  } finally {
    await result.cleanup()
  }
}
