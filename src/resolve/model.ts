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

/** A line in a repository file (relative path), for messages and annotations. */
export interface FileLine {
  file: string
  line: number
}

/** A step of the running job, as messages name it. */
export interface StepRef {
  /** 0-based position in the job's `steps:`. */
  index: number
  label: string
}

/** Where in the workflow a job-environment variable is set, when the file says. */
export type Declared =
  | { level: 'workflow' | 'job'; at: FileLine }
  | { level: 'earlier-step'; step: StepRef; at: FileLine }

/**
 * Where a value was found. `path` is always the file the user must edit; `at`
 * the line to point at, when the file is in the repository.
 * Later-step origins (`step-env`, `step-script`, `github-env-write`,
 * `claude-action`) exist only in the world of a later step; `sameAsIntended`
 * marks a value written with the very expression this action's input uses.
 */
export type Origin =
  | { kind: 'process-env' }
  | { kind: 'action-export' }
  /** `input`: the file is a Claude action's `settings` input (see SettingsFile.input). */
  | { kind: 'settings-env'; layer: SettingsLayer; path: string; at?: FileLine; input?: SettingsInput; sameAsIntended?: boolean }
  | { kind: 'settings-file'; layer: SettingsLayer; path: string; at?: FileLine; input?: SettingsInput }
  | { kind: 'credentials-file'; path: string }
  | { kind: 'claude-json'; path: string }
  | { kind: 'step-env'; step: StepRef; at: FileLine; expression?: string; sameAsIntended?: boolean }
  | { kind: 'step-script'; step: StepRef; at: FileLine; how: 'export' | 'prefix' | 'unset'; sameAsIntended?: boolean }
  | { kind: 'github-env-write'; step: StepRef; at: FileLine; sameAsIntended?: boolean }
  /**
   * A Claude action's step: `input` the input the value comes from; `blanked`: that input is not
   * given and the action sets the variable empty; `release` the release it is judged by and
   * `envFallback` whether its credential inputs fall back to the environment (claude-actions.ts).
   */
  | { kind: 'claude-action'; step: StepRef; at: FileLine; input?: string; sameAsIntended?: boolean; blanked?: true; release?: string; envFallback?: boolean }
  | { kind: 'claude-argv'; step: StepRef; at: FileLine }

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
  /** The line of each `env` key and of `apiKeyHelper`, when the file is in the repository. */
  envAt?: Record<string, FileLine>
  helperAt?: FileLine
  /**
   * The file is a later Claude action step's `settings` input (inline JSON, or a path), which
   * the action merges into user settings: messages name that input and its line.
   */
  input?: SettingsInput
  /** Its JSON is written in the workflow file: `${{ … }}` in a value is evaluated by the run. */
  inline?: true
  /** `env` entries that hold this action's own value (the same expression or literal: decide/same-value.ts). */
  sameAsIntended?: readonly string[]
}

/** A Claude action step's `settings` input: the step, and the line of the input in the workflow file. */
export interface SettingsInput {
  step: StepRef
  at: FileLine
}

export interface CredentialsFile {
  path: string
  accessToken: string
  hasInferenceScope: boolean
  expiresAt?: number
  /** A refresh token is there (an expired login can be renewed without a person). */
  hasRefreshToken?: boolean
  /** Its value, only to be masked. */
  refreshToken?: string
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
  /** Where each of the other `env` values comes from, when not the job environment (a later step's own env, its script…). */
  origins?: Readonly<Record<string, Origin>>
  /** Values only known once the step runs (`${{ secrets.X }}`): present, never printed or fingerprinted. */
  unknownValues?: readonly string[]
  settings: SettingsFile[]
  credentialsFile?: CredentialsFile
  primaryApiKey?: { path: string; value: string }
  bare: boolean
  /** Where `--bare` comes from, when a later step's command line passes it (not this action's `bare` input). */
  bareSource?: Origin
  /** 2.1.197 treats whitespace-only values as present; 2.1.330 trims them away. */
  whitespaceOnlyIsPresent: boolean
  /**
   * The CLI version whose rules apply (some RULES entries hold only `since` a
   * version). When absent: 2.1.197's rules if `whitespaceOnlyIsPresent` (that
   * reading is 2.1.197's), else the newest measured ones.
   */
  cliVersion?: string
  /**
   * The AWS shared files (`~/.aws/credentials`, `~/.aws/config`, or where
   * AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE point), parsed. Only the
   * Bedrock route reads them: a profile's region, and whether the default
   * profile holds credentials. Absent = no such files.
   */
  awsFiles?: AwsSharedFile[]
}

/** One AWS shared file: each profile's keys (`[profile dev]` in config is `dev`). */
export interface AwsSharedFile {
  kind: 'credentials' | 'config'
  path: string
  profiles: Record<string, Record<string, string>>
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
  /**
   * For the Bedrock, Vertex and Foundry routes: what the CLI sends there and
   * where. `authorization`, `xApiKey` and `shadowed` keep their first-party
   * meaning (what a first-party route would send), so a provider's wire is
   * read here only.
   */
  provider?: ProviderWire
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

// ---------------------------------------------------------------------------
// Cloud providers (CLOUD in rules.ts): what a provider route sends, and where.

export type CloudProvider = 'bedrock' | 'vertex' | 'foundry'

/** A variable the CLI reads for a provider, as it will see it. */
export interface ProviderVariable {
  name: string
  value: string
  origin: Origin
}

/** A credential chain the resolver cannot see into: the AWS SDK's, Google's ADC, Azure's DefaultAzureCredential. */
export type ChainName = 'aws-chain' | 'google-adc' | 'azure-chain'

/**
 * A chain, and the member of it that the inputs select. `selectedBy` names the
 * variables (or the profile) that pick that member; an empty list means
 * nothing does, and the chain falls through to the machine (instance
 * metadata, a CLI login), which only the runner can tell.
 */
export interface ChainSource {
  name: ChainName
  member: string
  selectedBy: ProviderVariable[]
  /** For `aws-chain` members read from a shared file: the profile and the file it is defined in. */
  profile?: { name: string; path?: string }
}

export type ProviderCredential = ProviderVariable | ChainSource

export const isChain = (credential: ProviderCredential): credential is ChainSource =>
  credential.name === 'aws-chain' || credential.name === 'google-adc' || credential.name === 'azure-chain'

/** A value the CLI derives, and where it came from (`default` = the CLI's built-in value). */
export interface DerivedValue {
  value: string
  from: ProviderVariable | { name: 'default' } | { name: 'aws-profile'; profile: string; path: string }
}

/** How the provider's own credential is sent. */
export type ProviderAuth =
  /** AWS Signature V4: the key id and signing region appear in `Authorization`; a session token in `x-amz-security-token`. */
  | { kind: 'sigv4'; credential: ProviderCredential; region: DerivedValue; sessionToken?: ProviderVariable }
  | { kind: 'bearer'; credential: ProviderCredential }
  | { kind: 'x-api-key'; credential: ProviderVariable }
  /** A skip-auth flag is on and no own credential outranks it. `placeholder`: a fixed Bearer the CLI sends instead. */
  | { kind: 'none'; skippedBy: ProviderVariable; placeholder?: string }

export interface ProviderWire {
  name: CloudProvider
  auth: ProviderAuth
  /** First-party credentials the CLI still sends to the provider (CLOUD.*.forwarding in rules.ts). */
  forwarded: { authorization?: CredentialSource; xApiKey?: CredentialSource }
  /** Where requests go: the base URL variable, or the CLI's default endpoint for the region or resource (empty when `fails` is about the endpoint). */
  endpoint: DerivedValue
  /** Bedrock: the signing region (and the inference-profile prefix's). Vertex: the location in the path. */
  region?: DerivedValue
  /** Vertex: the project in the path. */
  project?: DerivedValue
  /** Bedrock: the inference-profile prefix of the CLI's default models (`us.anthropic.…`); a pinned model is sent as given. */
  modelPrefix?: DerivedValue
  /** The CLI stops before sending anything; `message` is its error text. */
  fails?: { rule: string; message: string }
  /** The provider's own credentials that are present but lose (e.g. AWS keys next to AWS_PROFILE). */
  shadowed: ProviderCredential[]
  /** Own credential variables this version does not read at all, though newer ones use them (a rule `since` a newer version). */
  ignored?: ProviderVariable[]
  /** Own credential variables holding only whitespace that this version still sends, on the requests before the model request (the rule's `blankIsUnset`). */
  sentBlank?: ProviderVariable[]
}
