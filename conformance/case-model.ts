// The shape of one conformance case: everything the CLI will read, as data.

import type { CloudProvider, CredentialKind, SettingsLayer } from '../src/resolve/model.js'

/** What an apiKeyHelper does when the CLI runs it. */
export type HelperSpec =
  | { prints: string }
  | { fails: true }
  /** Written into the settings file verbatim, e.g. `""` for "configured but empty". */
  | { command: string }

export interface SettingsSpec {
  env?: Record<string, string>
  apiKeyHelper?: HelperSpec
}

export type AwsProfiles = Record<string, Record<string, string>>

export type FdVariable = 'CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR' | 'CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR'

export interface ConformanceCase {
  /** Short, unique, stable: it names the case in reports. */
  id: string
  /** The step's process environment (on top of PATH, HOME and the sandbox switches). */
  env?: Record<string, string>
  /** Variables whose value is passed on an extra file descriptor; the variable holds its number. */
  fd?: Partial<Record<FdVariable, string>>
  /**
   * Settings files by layer. `claude-json` is the `env` block of `.claude.json`,
   * `flag` a file passed with `--settings`, `managed` /etc/claude-code/managed-settings.json.
   */
  settings?: Partial<Record<SettingsLayer, SettingsSpec>>
  /** Set CLAUDE_CONFIG_DIR to a fresh folder; user-level files are written there instead of ~/.claude. */
  configDir?: boolean
  /** With `configDir`: also fill ~/.claude and ~/.claude.json with decoys the CLI must not read. */
  decoyHome?: boolean
  /** `<config dir>/.credentials.json` (config dir = CLAUDE_CONFIG_DIR or ~/.claude). */
  credentialsFile?: { accessToken: string; scopes?: string[]; expiresAt?: number; /** Default: a fixed fake; null: none. */ refreshToken?: string | null }
  /** `primaryApiKey` in `.claude.json`. */
  primaryApiKey?: string
  bare?: boolean
  /** Point every provider's base URL at the mock (with its skip-auth flag) so a routed request is seen. */
  providerEndpoints?: boolean
  /**
   * Files under the sandbox root (credentials JSON, token files, scripts).
   * In these and in `env` values, `{mock}` is the mock's URL and `{root}` the
   * sandbox root.
   */
  files?: Record<string, string>
  /** `~/.aws/credentials` and `~/.aws/config`, by profile (`dev` is written `[profile dev]` in config). */
  awsFiles?: { credentials?: AwsProfiles; config?: AwsProfiles }
  /** Serve the mock over https too (Entra ID, default provider hosts); the CLI trusts it through NODE_EXTRA_CA_CERTS. */
  mockTls?: boolean
  /**
   * What the end-to-end check asks the action for: a credential (given as its
   * input), or a cloud provider (`method:` plus the provider inputs, taken from
   * the case's environment; see intent.ts). Omitted = a credential derived from the id.
   */
  intended?: CredentialKind | CloudProvider
  /** Why the end-to-end check cannot apply (e.g. the case depends on the later step's own argv). */
  actionSkip?: string
  /**
   * A bug this case shows, measured against the real CLI and left to fix, as
   * in later-steps/model.ts: in the `action` (its verdict contradicts what
   * the CLI does) or the `doctor` (its prediction does). The wrong verdicts
   * there are counted apart, and that test is expected to fail until the bug
   * is fixed; then this field goes.
   */
  openFinding?: OpenFinding
}

export interface OpenFinding {
  in: 'action' | 'doctor'
  what: string
}
