// The later-step cases of the keyless methods: this action exchanges GitHub's
// OIDC token once (federation), runs the apiKeyHelper the CLI will run, or
// checks the /login file the CLI will read; later `run:` steps then run the
// real CLI. `cliSends` is written by hand from claude-provider-facts.md
// (§5 federation, §6 apiKeyHelper, §7 /login).

import { DENIED_RULE, LIVE_REFRESH_TOKEN, USER_IDENTITY_JWT } from '../mock-keyless.js'
import { OTHER } from './cases.js'
import { FEDERATION_RULE, HELPER_KEY, LOGIN_TOKEN, ORGANIZATION_ID } from './keyless.js'
import type { LaterCase } from './model.js'

const secret = (name: string) => `\${{ secrets.${name} }}`
const federation = (rule = FEDERATION_RULE) => ({ 'anthropic-federation-rule-id': rule, 'anthropic-organization-id': ORGANIZATION_ID })

/** Three `claude` processes in two steps, one after the other: each must send the exchanged token, none may exchange. */
const THREE_CLAUDES = `      - name: Review
        run: claude -p "review"
      - name: Summarise and label
        run: |
          claude -p "summarise"
          claude -p "label"
`
const ONE_CLAUDE = `      - name: Review
        run: claude -p "review"
`

const HOUR = 3_600_000
/** A refresh token the mock's refresh endpoint refuses (used elsewhere, or revoked). */
const DEAD_REFRESH_TOKEN = 'sk-ant-ort01-conformance-used-refresh-token'

export const keylessLaterCases: LaterCase[] = [
  // ---------------------------------------------------------------- federation (§5)
  {
    // The exported CLAUDE_CODE_OAUTH_TOKEN is all the CLI has: it sends it, and has nothing to exchange.
    id: 'federation:three-claudes',
    intended: 'federation',
    cliSends: 'intended-alone',
    with: federation(),
    later: THREE_CLAUDES,
  },
  {
    // The user's own federation setup in the job env: CLAUDE_CODE_OAUTH_TOKEN (rank 5) outranks federation (rank 6), so the CLI must not exchange.
    id: 'federation:own-federation-env',
    intended: 'federation',
    cliSends: 'intended-alone',
    with: federation(),
    jobEnv: {
      ANTHROPIC_FEDERATION_RULE_ID: 'fdrl_01conformanceUSERS',
      ANTHROPIC_ORGANIZATION_ID: ORGANIZATION_ID,
      ANTHROPIC_IDENTITY_TOKEN_FILE: '"{root}/identity-token.jwt"',
    },
    files: { 'identity-token.jwt': USER_IDENTITY_JWT },
    later: THREE_CLAUDES,
  },
  {
    // ANTHROPIC_API_KEY beats every OAuth token: the key is sent, the exchanged token never.
    id: 'federation:job-api-key',
    intended: 'federation',
    cliSends: 'something-else',
    with: federation(),
    jobEnv: { ANTHROPIC_API_KEY: secret('OLD_KEY') },
    secrets: { OLD_KEY: OTHER.apiKey },
    later: ONE_CLAUDE,
  },
  {
    // Bare mode reads no OAuth token and no federation: "Not logged in", no request.
    id: 'federation:bare',
    intended: 'federation',
    cliSends: 'something-else',
    with: { ...federation(), bare: 'true' },
    later: `      - name: Summarise
        run: claude --bare -p "summarise"
`,
  },
  {
    // The exchange answers 401: nothing to export, and the CLI has no credential ("Not logged in").
    id: 'federation:exchange-denied',
    intended: 'federation',
    cliSends: 'something-else',
    with: federation(DENIED_RULE),
    later: ONE_CLAUDE,
  },
  // ---------------------------------------------------------------- apiKeyHelper (§6)
  {
    id: 'helper:project',
    intended: 'api-key-helper',
    cliSends: 'intended-alone',
    settings: { project: { apiKeyHelper: { prints: HELPER_KEY } } },
    later: ONE_CLAUDE,
  },
  {
    // ANTHROPIC_API_KEY takes x-api-key; the helper's output stays in Authorization: both are sent.
    id: 'helper:job-api-key',
    intended: 'api-key-helper',
    cliSends: 'something-else',
    settings: { project: { apiKeyHelper: { prints: HELPER_KEY } } },
    jobEnv: { ANTHROPIC_API_KEY: secret('OLD_KEY') },
    secrets: { OLD_KEY: OTHER.apiKey },
    later: ONE_CLAUDE,
  },
  {
    // Bare mode runs a helper only from `--settings`, and then as usual.
    id: 'helper:bare-settings-file',
    intended: 'api-key-helper',
    cliSends: 'intended-alone',
    with: { bare: 'true', 'settings-file': '.github/claude-ci.json' },
    settingsFlag: { path: '.github/claude-ci.json', spec: { apiKeyHelper: { prints: HELPER_KEY } } },
    later: `      - name: Review
        run: claude --bare --settings .github/claude-ci.json -p "review"
`,
  },
  {
    // "apiKeyHelper failed: exited 1": the request still goes out, with empty credentials in both headers.
    id: 'helper:fails',
    intended: 'api-key-helper',
    cliSends: 'something-else',
    settings: { project: { apiKeyHelper: { fails: true } } },
    later: ONE_CLAUDE,
  },
  {
    // "did not return a value": empty credentials.
    id: 'helper:prints-nothing',
    intended: 'api-key-helper',
    cliSends: 'something-else',
    settings: { project: { apiKeyHelper: { command: 'true' } } },
    later: ONE_CLAUDE,
  },
  {
    // A banner line before the key: 2.1.330 refuses the output and sends empty credentials (2.1.197 sends no request).
    id: 'helper:two-lines',
    intended: 'api-key-helper',
    cliSends: 'something-else',
    settings: { project: { apiKeyHelper: { command: `echo 'Fetching key from vault'; echo '${HELPER_KEY}'` } } },
    later: ONE_CLAUDE,
  },
  // ---------------------------------------------------------------- an existing /login (§7)
  {
    id: 'login:valid',
    intended: 'login',
    cliSends: 'intended-alone',
    credentialsFile: { accessToken: LOGIN_TOKEN, scopes: ['user:inference', 'user:profile'], expiresAt: Date.now() + 30 * 24 * HOUR },
    later: ONE_CLAUDE,
  },
  {
    // Measured here (facts §7 says otherwise; its runs could not reach platform.claude.com): the CLI refreshes
    // an expired login with its refresh token, rewrites the file and sends the new token.
    id: 'login:expired-refreshable',
    intended: 'login',
    cliSends: 'intended-alone',
    credentialsFile: { accessToken: LOGIN_TOKEN, scopes: ['user:inference', 'user:profile'], expiresAt: Date.now() - HOUR, refreshToken: LIVE_REFRESH_TOKEN },
    later: ONE_CLAUDE,
  },
  {
    // The refresh is refused (400 invalid_grant: a used or revoked refresh token): the CLI empties the
    // credentials file and stops, "Not logged in", no request (measured here, both versions).
    id: 'login:expired-refresh-refused',
    intended: 'login',
    cliSends: 'something-else',
    openFinding: {
      in: 'both',
      what: 'cannot be known offline: Claude Code first tries to refresh an expired login, and when the server refuses the refresh token (400 invalid_grant) it empties ~/.claude/.credentials.json and sends nothing; the resolver predicts the expired token, and the action accepts with a "Login expired" warning because the same file with a live refresh token works (login:expired-refreshable)',
    },
    racesRefresh: 'under load 2.1.330 has sent the expired token once, with the refused refresh (400) still recorded: either way the later step fails at the API',
    credentialsFile: { accessToken: LOGIN_TOKEN, scopes: ['user:inference', 'user:profile'], expiresAt: Date.now() - HOUR, refreshToken: DEAD_REFRESH_TOKEN },
    later: ONE_CLAUDE,
  },
  {
    // Nothing to refresh with: the expired token goes out unchanged (facts §7).
    id: 'login:expired-no-refresh-token',
    intended: 'login',
    cliSends: 'intended-alone',
    conservative: 'without a refresh token the CLI sends the expired access token unchanged and the API refuses it: the later step would fail',
    credentialsFile: { accessToken: LOGIN_TOKEN, scopes: ['user:inference', 'user:profile'], expiresAt: Date.now() - HOUR, refreshToken: null },
    later: ONE_CLAUDE,
  },
  {
    // Without `user:inference` the file is ignored: "Not logged in", no request.
    id: 'login:no-inference-scope',
    intended: 'login',
    cliSends: 'something-else',
    credentialsFile: { accessToken: LOGIN_TOKEN, scopes: ['user:profile'], expiresAt: Date.now() + 30 * 24 * HOUR },
    later: ONE_CLAUDE,
  },
  {
    // CLAUDE_CODE_OAUTH_TOKEN (rank 5) outranks the /login (rank 7).
    id: 'login:job-oauth-token',
    intended: 'login',
    cliSends: 'something-else',
    credentialsFile: { accessToken: LOGIN_TOKEN, scopes: ['user:inference', 'user:profile'], expiresAt: Date.now() + 30 * 24 * HOUR },
    jobEnv: { CLAUDE_CODE_OAUTH_TOKEN: secret('OTHER_TOKEN') },
    secrets: { OTHER_TOKEN: OTHER.oauthToken },
    later: ONE_CLAUDE,
  },
]
