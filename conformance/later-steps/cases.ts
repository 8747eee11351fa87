// The later-step cases, as data: each a workflow where this action runs and
// one later step runs `claude` in a world the main table does not reach (its
// own `env:`, its script, a step in between, its flags, its settings file).
// `cliSends` is written by hand from the facts sheet.

import type { CredentialKind } from '../../src/resolve/model.js'
import { INTENDED } from '../values.js'
import type { LaterCase } from './model.js'

/** The secret each case gives this action as its input. */
export const INTENDED_SECRET: Record<CredentialKind, string> = {
  'oauth-token': 'CLAUDE_CODE_OAUTH_TOKEN',
  'api-key': 'ANTHROPIC_API_KEY',
  'auth-token': 'GATEWAY_TOKEN',
}

/** Same shape as the main table's values (real prefixes and lengths), each recognisable on the wire. */
const pad = (prefix: string, label: string): string => {
  const body = `${prefix}${label.toUpperCase().replace(/[^A-Z0-9]/g, '-')}-`
  return body + 'x'.repeat(Math.max(8, 106 - body.length)) + 'AA'
}

/** Other secrets of the repository: an old API key, another account's token, another gateway's token. */
export const OTHER = {
  apiKey: pad('sk-ant-api03-', 'later-old-key'),
  oauthToken: pad('sk-ant-oat01-', 'later-other-oauth'),
  authToken: pad('gw-', 'later-other-gateway'),
  fileKey: pad('sk-ant-api03-', 'later-key-file'),
  settingsKey: pad('sk-ant-api03-', 'later-settings-env'),
  settingsToken: pad('gw-', 'later-settings-env'),
  settingsOauth: pad('sk-ant-oat01-', 'later-settings-env'),
  helper: 'helper-output-later-settings-flag',
} as const

const secret = (name: string) => `\${{ secrets.${name} }}`

export const laterCases: LaterCase[] = [
  {
    id: 'plain',
    intended: 'oauth-token',
    cliSends: 'intended-alone',
    later: `      - name: Review
        run: claude -p "review"
`,
  },
  // ---------------------------------------------------------------- the step's own env:
  {
    id: 'step-env:api-key-over-oauth-export',
    intended: 'oauth-token',
    cliSends: 'something-else',
    secrets: { OLD_KEY: OTHER.apiKey },
    later: `      - name: Review
        run: claude -p "review"
        env:
          ANTHROPIC_API_KEY: ${secret('OLD_KEY')}
`,
  },
  {
    id: 'step-env:same-secret-as-input',
    intended: 'api-key',
    cliSends: 'intended-alone',
    later: `      - name: Review
        run: claude -p "review"
        env:
          ANTHROPIC_API_KEY: ${secret('ANTHROPIC_API_KEY')}
`,
  },
  {
    id: 'step-env:empty-clears-export',
    intended: 'oauth-token',
    cliSends: 'something-else',
    later: `      - name: Review
        run: claude -p "review"
        env:
          CLAUDE_CODE_OAUTH_TOKEN: ''
`,
  },
  {
    id: 'step-env:empty-clears-job-env-key',
    intended: 'oauth-token',
    cliSends: 'intended-alone',
    conservative:
      'the job env applies to every later command, also to a `claude` the workflow file does not show (npm scripts, Makefiles); the action judges it as its own world, and `on-conflict: unset` accepts it',
    jobEnv: { ANTHROPIC_API_KEY: secret('OLD_KEY') },
    secrets: { OLD_KEY: OTHER.apiKey },
    later: `      - name: Review
        run: claude -p "review"
        env:
          ANTHROPIC_API_KEY: ''
`,
  },
  {
    // `on-conflict: unset` blanks the job's key through GITHUB_ENV; the step's own env sets it again.
    id: 'step-env:sets-job-env-key-again',
    intended: 'oauth-token',
    cliSends: 'something-else',
    jobEnv: { ANTHROPIC_API_KEY: secret('OLD_KEY') },
    secrets: { OLD_KEY: OTHER.apiKey },
    later: `      - name: Review
        run: claude -p "review"
        env:
          ANTHROPIC_API_KEY: ${secret('OLD_KEY')}
`,
  },
  {
    id: 'step-env:simple-with-oauth',
    intended: 'oauth-token',
    cliSends: 'something-else',
    later: `      - name: Review
        run: claude -p "review"
        env:
          CLAUDE_CODE_SIMPLE: "1"
`,
  },
  {
    id: 'step-env:simple-with-api-key',
    intended: 'api-key',
    cliSends: 'intended-alone',
    later: `      - name: Review
        run: claude -p "review"
        env:
          CLAUDE_CODE_SIMPLE: "1"
`,
  },
  {
    id: 'step-env:provider-flag',
    intended: 'auth-token',
    cliSends: 'something-else',
    providerEndpoints: true,
    later: `      - name: Review
        run: claude -p "review"
        env:
          CLAUDE_CODE_USE_BEDROCK: "1"
`,
  },
  // ---------------------------------------------------------------- the script
  {
    id: 'script:export-from-file',
    intended: 'oauth-token',
    cliSends: 'something-else',
    workspaceFiles: { '.ci-key': `${OTHER.fileKey}\n` },
    later: `      - name: Review
        run: |
          export ANTHROPIC_API_KEY="$(cat .ci-key)"
          claude -p "review"
`,
  },
  {
    id: 'script:export-secret',
    intended: 'api-key',
    cliSends: 'something-else',
    secrets: { OTHER_GATEWAY: OTHER.authToken },
    later: `      - name: Review
        run: |
          export ANTHROPIC_AUTH_TOKEN="${secret('OTHER_GATEWAY')}"
          claude -p "review"
`,
  },
  {
    id: 'script:prefix-from-step-env',
    intended: 'oauth-token',
    cliSends: 'something-else',
    secrets: { OTHER_GATEWAY: OTHER.authToken },
    later: `      - name: Review
        env:
          GATEWAY: ${secret('OTHER_GATEWAY')}
        run: ANTHROPIC_AUTH_TOKEN="$GATEWAY" claude -p "review"
`,
  },
  {
    id: 'script:prefix-same-secret',
    intended: 'oauth-token',
    cliSends: 'intended-alone',
    later: `      - name: Review
        run: CLAUDE_CODE_OAUTH_TOKEN="${secret('CLAUDE_CODE_OAUTH_TOKEN')}" claude -p "review"
`,
  },
  {
    id: 'script:unset-intended',
    intended: 'api-key',
    cliSends: 'something-else',
    later: `      - name: Review
        run: |
          unset ANTHROPIC_API_KEY
          claude -p "review"
`,
  },
  {
    id: 'script:unset-step-env-key',
    intended: 'oauth-token',
    cliSends: 'intended-alone',
    secrets: { OLD_KEY: OTHER.apiKey },
    later: `      - name: Review
        env:
          ANTHROPIC_API_KEY: ${secret('OLD_KEY')}
        run: |
          unset ANTHROPIC_API_KEY
          claude -p "review"
`,
  },
  // ---------------------------------------------------------------- a step in between
  {
    id: 'github-env:key-written-between',
    intended: 'oauth-token',
    cliSends: 'something-else',
    secrets: { OLD_KEY: OTHER.apiKey },
    later: `      - name: Setup
        run: echo "ANTHROPIC_API_KEY=${secret('OLD_KEY')}" >> "$GITHUB_ENV"
      - name: Review
        run: claude -p "review"
`,
  },
  {
    id: 'github-env:written-key-cleared-by-step-env',
    intended: 'oauth-token',
    cliSends: 'intended-alone',
    secrets: { OLD_KEY: OTHER.apiKey },
    later: `      - name: Setup
        run: echo "ANTHROPIC_API_KEY=${secret('OLD_KEY')}" >> "$GITHUB_ENV"
      - name: Review
        run: claude -p "review"
        env:
          ANTHROPIC_API_KEY: ''
`,
  },
  {
    id: 'github-env:intended-token-written-again',
    intended: 'oauth-token',
    cliSends: 'intended-alone',
    later: `      - name: Setup
        run: echo "CLAUDE_CODE_OAUTH_TOKEN=${secret('CLAUDE_CODE_OAUTH_TOKEN')}" >> "$GITHUB_ENV"
      - name: Review
        run: claude -p "review"
`,
  },
  // ---------------------------------------------------------------- the command's flags
  {
    id: 'bare:oauth-token',
    intended: 'oauth-token',
    cliSends: 'something-else',
    later: `      - name: Summarise
        run: |
          echo "diff" > diff.txt
          claude --bare -p "summarise"
`,
  },
  {
    id: 'bare:api-key',
    intended: 'api-key',
    cliSends: 'intended-alone',
    later: `      - name: Summarise
        run: claude --bare -p "summarise"
`,
  },
  {
    id: 'settings-flag:api-key-helper',
    intended: 'oauth-token',
    cliSends: 'something-else',
    settingsFlag: { path: '.github/claude-ci.json', spec: { apiKeyHelper: { prints: OTHER.helper } } },
    later: `      - name: Review
        run: claude --settings .github/claude-ci.json -p "review"
`,
  },
  {
    id: 'settings-flag:env-block',
    intended: 'api-key',
    cliSends: 'something-else',
    settingsFlag: { path: '.github/claude-ci.json', spec: { env: { ANTHROPIC_AUTH_TOKEN: OTHER.settingsToken } } },
    later: `      - name: Review
        run: claude --settings .github/claude-ci.json -p "review"
`,
  },
  // ---------------------------------------------------------------- settings env over the step's env
  {
    id: 'settings-over-step-env:flag-key-over-step-key',
    intended: 'oauth-token',
    cliSends: 'something-else',
    secrets: { OLD_KEY: OTHER.apiKey },
    settingsFlag: { path: '.github/claude-ci.json', spec: { env: { ANTHROPIC_API_KEY: OTHER.settingsKey } } },
    later: `      - name: Review
        run: claude --settings .github/claude-ci.json -p "review"
        env:
          ANTHROPIC_API_KEY: ${secret('OLD_KEY')}
`,
  },
  {
    id: 'settings-over-step-env:flag-empty-clears-step-key',
    intended: 'oauth-token',
    cliSends: 'intended-alone',
    secrets: { OLD_KEY: OTHER.apiKey },
    settingsFlag: { path: '.github/claude-ci.json', spec: { env: { ANTHROPIC_API_KEY: '' } } },
    later: `      - name: Review
        run: claude --settings .github/claude-ci.json -p "review"
        env:
          ANTHROPIC_API_KEY: ${secret('OLD_KEY')}
`,
  },
  {
    id: 'settings-over-step-env:user-key-over-same-secret',
    intended: 'api-key',
    cliSends: 'something-else',
    settings: { user: { env: { ANTHROPIC_API_KEY: OTHER.settingsKey } } },
    later: `      - name: Review
        run: claude -p "review"
        env:
          ANTHROPIC_API_KEY: ${secret('ANTHROPIC_API_KEY')}
`,
  },
  {
    // 2.1.330 keeps the process value here (project settings cannot set the
    // OAuth token); 2.1.197 takes the project's. The action must reject it.
    id: 'settings-over-step-env:project-oauth-over-same-secret',
    intended: 'oauth-token',
    cliSends: 'intended-alone',
    settings: { project: { env: { CLAUDE_CODE_OAUTH_TOKEN: OTHER.settingsOauth } } },
    later: `      - name: Review
        run: claude -p "review"
        env:
          CLAUDE_CODE_OAUTH_TOKEN: ${secret('CLAUDE_CODE_OAUTH_TOKEN')}
`,
  },
]

/** Every secret a case's workflow may read: its own, plus the intended one (a keyless method has none). */
export function secretsOf(testCase: LaterCase): Record<string, string> {
  const intended = testCase.intended
  if (!(intended in INTENDED_SECRET)) return { ...testCase.secrets }
  const kind = intended as CredentialKind
  return { ...testCase.secrets, [INTENDED_SECRET[kind]]: INTENDED[kind] }
}
