// The vocabulary shared by every stage: what the user intends, what the
// Claude Code CLI will read, and where each value came from.

export type CredentialKind = 'oauth-token' | 'api-key' | 'auth-token'

export type OnConflict = 'fail' | 'unset' | 'warn'

/** The settings files the CLI merges, lowest rank first (see RULES.settingsLayers). */
export type SettingsLayer = 'claude-json' | 'user' | 'project' | 'local' | 'flag' | 'managed'

/**
 * Every credential source the CLI consults. Environment-backed sources are
 * named after their variable; the others after the file key that holds them.
 */
export type EnvCredentialName =
  | 'ANTHROPIC_AUTH_TOKEN'
  | 'ANTHROPIC_API_KEY'
  | 'CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR'
  | 'CLAUDE_CODE_OAUTH_TOKEN'
  | 'CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR'
export type FileCredentialName = 'apiKeyHelper' | 'credentialsFile' | 'primaryApiKey' | 'federation'
export type CredentialSourceName = EnvCredentialName | FileCredentialName

export type ProviderName =
  | 'bedrock'
  | 'foundry'
  | 'anthropic-aws'
  | 'anthropic-google-cloud'
  | 'mantle'
  | 'vertex'

/** Where a value was found. `path` is always the file the user must edit. */
export type Origin =
  | { kind: 'process-env' }
  | { kind: 'action-export' }
  | { kind: 'settings-env'; layer: SettingsLayer; path: string }
  | { kind: 'settings-file'; layer: SettingsLayer; path: string }
  | { kind: 'credentials-file'; path: string }
  | { kind: 'claude-json'; path: string }

/** A variable as the CLI will see it after settings `env` blocks are applied. */
export interface EffectiveVariable {
  name: string
  value: string
  origin: Origin
  /** Lower-ranked definitions this one replaced (process env, then settings layers). */
  overridden: { value: string; origin: Origin }[]
}

export interface SettingsFile {
  layer: SettingsLayer
  path: string
  env: Record<string, string>
  /** `undefined` when the key is absent; `""` counts as not configured. */
  apiKeyHelper?: string
}

export interface CredentialsFile {
  path: string
  accessToken: string
  hasInferenceScope: boolean
  expiresAt?: number
}

/**
 * Everything the CLI reads when a later step runs `claude -p`. The resolver
 * turns this into the headers it will send; nothing in here touches disk.
 */
export interface CliWorld {
  /** Environment of the later step: job env plus this action's exports. */
  env: Record<string, string | undefined>
  /** Names in `env` whose value this action wrote to GITHUB_ENV. */
  exported?: readonly string[]
  settings: SettingsFile[]
  credentialsFile?: CredentialsFile
  primaryApiKey?: { path: string; value: string }
  bare: boolean
  /** 2.1.197 treats whitespace-only values as present; 2.1.330 trims them away. */
  whitespaceOnlyIsPresent: boolean
  /**
   * The CLI version whose rules apply (some RULES entries hold only `since` a
   * version). When absent: 2.1.197's rules if `whitespaceOnlyIsPresent` (that
   * reading is 2.1.197's), else the newest measured ones.
   */
  cliVersion?: string
}

/** One credential the CLI would consult, with the value it holds there. */
export interface CredentialSource {
  name: CredentialSourceName
  origin: Origin
  /** Absent for an apiKeyHelper (its output is only known when it runs). */
  value?: string
}

export type SlotName = 'authorization' | 'x-api-key'

export interface WireResult {
  /** `first-party` or the provider every request is routed to. */
  route: 'first-party' | ProviderName
  authorization?: CredentialSource & { oauth: boolean }
  xApiKey?: CredentialSource
  /** Sources that were present but lost, or were ignored because of bare mode. */
  shadowed: CredentialSource[]
  ignoredInBare: CredentialSource[]
  /**
   * Slots reported filled that the CLI fills only some of the time (a race
   * inside the CLI, see RULES.bareSlots). Treat them as filled: they can be.
   */
  uncertain?: SlotName[]
}
