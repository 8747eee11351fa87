// The Claude Code CLI's precedence rules, written once, as data.
// Every entry here is pinned by a case in conformance/cases.ts that runs the
// real CLI against a mock API and checks the headers it sent.

import type { ChainName, CredentialSourceName, EnvCredentialName, ProviderName, SettingsLayer, SlotName } from './model.js'

/**
 * A slot candidate. The object form marks a source the CLI puts in the slot
 * only some of the time while any `uncertainWhenPresent` source is present
 * (on every version, or only on versions before `uncertainBefore`).
 */
export type SlotEntry =
  | CredentialSourceName
  | { source: CredentialSourceName; uncertainWhenPresent: readonly CredentialSourceName[]; uncertainBefore?: string }

/** A rule that holds from a CLI version on; older versions behave as if it were absent. */
export interface Since {
  name: string
  since: string
}

/** The CLI versions these rules were measured on, oldest first. */
export const MEASURED_VERSIONS = ['2.1.197', '2.1.330'] as const

export const RULES = {
  /** Settings `env` blocks and apiKeyHelper: a later layer overrides an earlier one, and all override the process env. */
  settingsLayers: ['claude-json', 'user', 'project', 'local', 'flag', 'managed'] as readonly SettingsLayer[],

  /**
   * Variables a layer's `env` block cannot set: the CLI keeps the process value
   * (2.1.330: CLAUDE_CODE_OAUTH_TOKEN from project or local settings, alone or
   * over a process value, changed nothing on the wire; CLAUDE_CODE_SIMPLE there
   * did not make the run bare, while from user settings it did). 2.1.197
   * honoured both there.
   */
  settingsEnvIgnored: {
    project: [
      { name: 'CLAUDE_CODE_OAUTH_TOKEN', since: '2.1.330' },
      { name: 'CLAUDE_CODE_SIMPLE', since: '2.1.330' },
    ],
    local: [
      { name: 'CLAUDE_CODE_OAUTH_TOKEN', since: '2.1.330' },
      { name: 'CLAUDE_CODE_SIMPLE', since: '2.1.330' },
    ],
  } as Partial<Record<SettingsLayer, readonly Since[]>>,

  /** Layers whose `apiKeyHelper` the CLI reads (2.1.330: one in `.claude.json` is never run). */
  helperLayers: ['user', 'project', 'local', 'flag', 'managed'] as readonly SettingsLayer[],

  /**
   * Each header slot is filled by the first present source in its list.
   * 2.1.197 left the helper out of x-api-key next to ANTHROPIC_AUTH_TOKEN
   * (3 of 3 cases); 2.1.330 always put it there.
   */
  slots: {
    authorization: ['ANTHROPIC_AUTH_TOKEN', 'apiKeyHelper'],
    'x-api-key': [
      'ANTHROPIC_API_KEY',
      'CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR',
      { source: 'apiKeyHelper', uncertainWhenPresent: ['ANTHROPIC_AUTH_TOKEN'], uncertainBefore: '2.1.330' },
      'primaryApiKey',
    ],
  } as Record<SlotName, readonly SlotEntry[]>,

  /**
   * Bare mode's own lists (2.1.330): the FD key is never read. With
   * ANTHROPIC_AUTH_TOKEN and a `--settings` helper, the helper's value reached
   * x-api-key in about 1 run in 3 (a race with the helper's first run); it is
   * reported as filled, since it can be. Without the token it fills both slots.
   */
  bareSlots: {
    authorization: ['ANTHROPIC_AUTH_TOKEN', 'apiKeyHelper'],
    'x-api-key': ['ANTHROPIC_API_KEY', { source: 'apiKeyHelper', uncertainWhenPresent: ['ANTHROPIC_AUTH_TOKEN'] }],
  } as Record<SlotName, readonly SlotEntry[]>,

  /** Any of these present (an apiKeyHelper even when it prints nothing) turns OAuth off entirely. */
  oauthDisabledBy: [
    'ANTHROPIC_AUTH_TOKEN',
    'ANTHROPIC_API_KEY',
    'CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR',
    'apiKeyHelper',
  ] as readonly CredentialSourceName[],

  /** Used only when no OAuth-disabling source is present; sent as Bearer with the oauth beta. */
  oauth: ['CLAUDE_CODE_OAUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR', 'credentialsFile', 'federation'] as readonly CredentialSourceName[],

  /** `claude --bare` (or CLAUDE_CODE_SIMPLE) never reads these. apiKeyHelper only from `--settings`. */
  ignoredInBare: [
    'CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR',
    'CLAUDE_CODE_OAUTH_TOKEN',
    'CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR',
    'credentialsFile',
    'federation',
    'primaryApiKey',
  ] as readonly CredentialSourceName[],
  bareHelperLayers: ['flag'] as readonly SettingsLayer[],

  /**
   * Provider flags in the CLI's routing order: the first true one takes every request.
   * CLAUDE_CODE_USE_GATEWAY is not one (2.1.330): with it the CLI sent the same
   * requests and headers to ANTHROPIC_BASE_URL as without it (API key, auth
   * token, OAuth token, credentials file alike), and CLAUDE_CODE_USE_BEDROCK
   * beside it still routed to Bedrock.
   */
  providers: [
    ['bedrock', 'CLAUDE_CODE_USE_BEDROCK'],
    ['foundry', 'CLAUDE_CODE_USE_FOUNDRY'],
    ['anthropic-aws', 'CLAUDE_CODE_USE_ANTHROPIC_AWS'],
    ['anthropic-google-cloud', 'CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD'],
    ['mantle', 'CLAUDE_CODE_USE_MANTLE'],
    ['vertex', 'CLAUDE_CODE_USE_VERTEX'],
  ] as readonly (readonly [ProviderName, string])[],

  /** The CLI's truthiness: trimmed, lower-cased, one of these. Everything else is false. */
  truthy: ['1', 'true', 'yes', 'on'] as readonly string[],

  /** Variables that make the CLI run in bare mode, as `--bare` does. */
  bareFlag: 'CLAUDE_CODE_SIMPLE',

  /** Where every first-party request goes; a settings `env` entry beats the job's. */
  baseUrl: 'ANTHROPIC_BASE_URL',

  /** Sent on every request, one `Name: value` per line; these names carry credentials. */
  customHeaders: 'ANTHROPIC_CUSTOM_HEADERS',
  credentialHeaders: ['authorization', 'x-api-key'] as readonly string[],

  /** Keyless workload identity: all of these present turns federation on. */
  federationRequires: ['ANTHROPIC_FEDERATION_RULE_ID', 'ANTHROPIC_ORGANIZATION_ID'] as readonly string[],
} as const

/** The variable each intended credential kind is exported as. */
export const EXPORT_NAME = {
  'oauth-token': 'CLAUDE_CODE_OAUTH_TOKEN',
  'api-key': 'ANTHROPIC_API_KEY',
  'auth-token': 'ANTHROPIC_AUTH_TOKEN',
} as const satisfies Record<string, EnvCredentialName>

export const ENV_CREDENTIALS: readonly EnvCredentialName[] = [
  'ANTHROPIC_AUTH_TOKEN',
  'ANTHROPIC_API_KEY',
  'CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR',
]

export function isTruthy(value: string | undefined): boolean {
  return value !== undefined && RULES.truthy.includes(value.trim().toLowerCase())
}

/** Numeric comparison of dotted versions: negative when `a` is older. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (diff !== 0) return diff
  }
  return 0
}

// ---------------------------------------------------------------------------
// Cloud providers: what a Bedrock, Vertex or Foundry route sends, and where
// (which provider a run routes to is RULES.providers). Measured with the real
// CLI against conformance/mock-api.ts (figures in docs/providers-measured.md);
// pinned by the `provider:` cases in conformance/cases-providers.ts.

/** A rule that changed between measured versions: the newest entry whose `since` holds applies (no `since` = every version). */
export interface ByVersion<T> {
  since?: string
  rule: T
}

/** A provider's own credential, in the CLI's order: the first one present is used. */
export type OwnCredentialRule =
  /**
   * Read from one variable. `outranksSkip`: used even when the skip-auth flag
   * is on. `since`: versions before it ignore the variable and use the next
   * credential in the list. `blankIsUnset`: versions from which a value of only
   * whitespace counts as unset; before, the CLI still sends it on some requests.
   * `blankFails`: a value of only whitespace, reached in this order, stops the
   * CLI before any request (every measured version).
   */
  | { kind: 'bearer' | 'x-api-key'; variable: string; outranksSkip: boolean; since?: string; blankIsUnset?: { since: string }; blankFails?: FailRule }
  /** The skip-auth flag: nothing of the provider's own is sent. */
  | { kind: 'skip' }
  /** A credential chain (see CLOUD.chains). */
  | { kind: 'sigv4' | 'bearer'; chain: ChainName }

/**
 * First-party credentials a provider route still sends. `when`: on every
 * request, only with the skip-auth flag on, or only when no own credential
 * is sent. Authorization is forwarded only where the provider's own
 * credential leaves it free (a SigV4 signature never does), unless
 * `replacesOwnBearer`.
 */
export interface ForwardRule {
  when: 'always' | 'skip-flag' | 'no-own-credential'
  authorization?: readonly CredentialSourceName[]
  replacesOwnBearer?: boolean
  xApiKey?: readonly CredentialSourceName[]
  /** x-api-key goes along only when an Authorization header is sent too. */
  xApiKeyNeedsAuthorization?: boolean
}

/** A region setting: variables in order, then (AWS) the active profile, then the CLI's default. */
export interface RegionRule {
  variables: readonly string[]
  fromAwsProfile: boolean
  default: string
  /** Versions where a value not shaped like a region (whitespace, slash, dot) counts as unset; before, it is used as given. */
  malformedIsUnset: { since: string }
}

/** What the CLI answers when it stops before any request (its own words). */
export interface FailRule {
  rule: string
  message: string
}

const FORWARD_AUTH: readonly CredentialSourceName[] = ['ANTHROPIC_AUTH_TOKEN', 'apiKeyHelper']
const FORWARD_KEY: readonly CredentialSourceName[] = ['ANTHROPIC_API_KEY']

export const CLOUD = {
  bedrock: {
    skipFlag: 'CLAUDE_CODE_SKIP_BEDROCK_AUTH',
    // The Bedrock API key beats AWS credentials and is sent even with the skip flag on (both versions).
    // Whitespace only: 2.1.330 ignores it; 2.1.197 signs the model requests with the next credential
    // but sends it as an empty, unsigned Bearer on the inference-profiles GET and the availability probes.
    credentials: [
      { kind: 'bearer', variable: 'AWS_BEARER_TOKEN_BEDROCK', outranksSkip: true, blankIsUnset: { since: '2.1.330' } },
      { kind: 'skip' },
      { kind: 'sigv4', chain: 'aws-chain' },
    ] as readonly OwnCredentialRule[],
    // v2.1.172+: AWS_REGION, AWS_DEFAULT_REGION, the active profile (credentials file, then config), us-east-1.
    // 2.1.197 signs with a malformed region as given ("us east 1"); 2.1.330 skips it.
    region: {
      variables: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
      fromAwsProfile: true,
      default: 'us-east-1',
      malformedIsUnset: { since: '2.1.330' },
    } as RegionRule,
    baseUrl: 'ANTHROPIC_BEDROCK_BASE_URL',
    defaultEndpoint: 'https://bedrock-runtime.{region}.amazonaws.com',
    /** The inference-profile prefix of the default models, by region (first match), else `otherwise`. */
    modelPrefix: {
      variable: { name: 'ANTHROPIC_BEDROCK_REGION_PREFIX', since: '2.1.330', values: ['us', 'eu', 'apac', 'jp', 'au', 'global'] },
      byRegion: [
        ['us-', 'us'],
        ['eu-', 'eu'],
        ['ap-', 'apac'],
      ] as readonly (readonly [string, string])[],
      otherwise: 'global',
    },
    forwarding: [
      // 2.1.197 sent ANTHROPIC_API_KEY as x-api-key next to SigV4 or the Bedrock key, and a token or helper when nothing else held Authorization.
      { rule: [{ when: 'always', authorization: FORWARD_AUTH, xApiKey: FORWARD_KEY }] },
      // 2.1.330 forwards only with the skip flag on, and x-api-key only beside an Authorization header (key alone: nothing sent).
      { since: '2.1.330', rule: [{ when: 'skip-flag', authorization: FORWARD_AUTH, xApiKey: FORWARD_KEY, xApiKeyNeedsAuthorization: true }] },
    ] as readonly ByVersion<readonly ForwardRule[]>[],
  },

  vertex: {
    skipFlag: 'CLAUDE_CODE_SKIP_VERTEX_AUTH',
    credentials: [{ kind: 'skip' }, { kind: 'bearer', chain: 'google-adc' }] as readonly OwnCredentialRule[],
    region: { variables: ['CLOUD_ML_REGION'], fromAwsProfile: false, default: 'us-east5', malformedIsUnset: { since: '2.1.330' } } as RegionRule,
    /** Only this variable names the project: GOOGLE_CLOUD_PROJECT and GCLOUD_PROJECT neither override nor stand in for it (both versions). */
    project: 'ANTHROPIC_VERTEX_PROJECT_ID',
    projectIgnored: ['GOOGLE_CLOUD_PROJECT', 'GCLOUD_PROJECT'],
    /**
     * With Google application default credentials, 2.1.197 first asks Google's
     * auth library for the project (GCE metadata, then Cloud Resource Manager),
     * even with ANTHROPIC_VERTEX_PROJECT_ID set, and sends nothing until it
     * answers: without network never (killed at 25 s), on a runner only with
     * resourcemanager.projects.get. GOOGLE_CLOUD_PROJECT set skips the lookup
     * (measured); the library reads GCLOUD_PROJECT the same way. 2.1.330 makes
     * no lookup. `null`: no lookup.
     */
    projectLookup: [
      { rule: { skippedBy: ['GOOGLE_CLOUD_PROJECT', 'GCLOUD_PROJECT'] } },
      { since: '2.1.330', rule: null },
    ] as readonly ByVersion<{ skippedBy: readonly string[] } | null>[],
    /** What this action sets to the project so that no version looks it up (the first of `skippedBy`). */
    projectLookupSkip: 'GOOGLE_CLOUD_PROJECT',
    projectLookupFails: {
      rule: 'vertex-project-lookup',
      message: 'no request: Claude Code waits for Google Cloud to tell it the project (GCE metadata, then Cloud Resource Manager)',
    } as FailRule,
    noProject: {
      rule: 'vertex-project',
      message:
        'API Error: No projectId was given and it could not be resolved from credentials. The client should be instantiated with the `projectId` option or the `ANTHROPIC_VERTEX_PROJECT_ID` environment variable should be set.',
    } as FailRule,
    baseUrl: 'ANTHROPIC_VERTEX_BASE_URL',
    /** Default hosts (measured through the proxy): global, multi-region, region. */
    defaultEndpoint: {
      global: 'https://aiplatform.googleapis.com/v1',
      multiRegion: { regions: ['eu', 'us'], url: 'https://aiplatform.{region}.rep.googleapis.com/v1' },
      region: 'https://{region}-aiplatform.googleapis.com/v1',
    },
    forwarding: [
      // 2.1.197: x-api-key beside the Google token too.
      { rule: [{ when: 'always', authorization: FORWARD_AUTH, xApiKey: FORWARD_KEY }] },
      { since: '2.1.330', rule: [{ when: 'skip-flag', authorization: FORWARD_AUTH, xApiKey: FORWARD_KEY }] },
    ] as readonly ByVersion<readonly ForwardRule[]>[],
  },

  foundry: {
    skipFlag: 'CLAUDE_CODE_SKIP_FOUNDRY_AUTH',
    // 2.1.197 ignores ANTHROPIC_FOUNDRY_AUTH_TOKEN (the key, or the Azure chain, is used instead).
    credentials: [
      { kind: 'bearer', variable: 'ANTHROPIC_FOUNDRY_AUTH_TOKEN', outranksSkip: true, since: '2.1.330' },
      // Whitespace only: the CLI takes the key as given (so no Azure token, skip flag or not), and
      // Anthropic's Foundry client, which trims it, stops (2.1.197 and 2.1.330 alike).
      {
        kind: 'x-api-key',
        variable: 'ANTHROPIC_FOUNDRY_API_KEY',
        outranksSkip: true,
        blankFails: {
          rule: 'foundry-api-key-blank',
          message: 'API Error: Missing credentials. Please pass one of `apiKey` and `azureTokenProvider`, or set the `ANTHROPIC_FOUNDRY_API_KEY` environment variable.',
        },
      },
      { kind: 'skip' },
      { kind: 'bearer', chain: 'azure-chain' },
    ] as readonly OwnCredentialRule[],
    baseUrl: 'ANTHROPIC_FOUNDRY_BASE_URL',
    resource: 'ANTHROPIC_FOUNDRY_RESOURCE',
    resourceEndpoint: 'https://{resource}.services.ai.azure.com/anthropic',
    bothEndpoints: { rule: 'foundry-endpoint', message: 'API Error: baseURL and resource are mutually exclusive' } as FailRule,
    noEndpoint: {
      rule: 'foundry-endpoint',
      message: 'API Error: Must provide one of the `baseURL` or `resource` arguments, or the `ANTHROPIC_FOUNDRY_RESOURCE` environment variable',
    } as FailRule,
    /** With the skip flag and no own credential: 2.1.330 sends this fixed Bearer; 2.1.197 stops. */
    skipPlaceholder: [
      { rule: { fails: { rule: 'foundry-skip', message: 'API Error: Expected azureADTokenProvider function argument to return a string but it returned ' } } },
      { since: '2.1.330', rule: { placeholder: 'skip-foundry-auth' } },
    ] as readonly ByVersion<{ placeholder: string } | { fails: FailRule }>[],
    forwarding: [
      // 2.1.197: a token or helper takes Authorization, even over the Azure token it fetched.
      { rule: [{ when: 'always', authorization: FORWARD_AUTH, replacesOwnBearer: true }] },
      // 2.1.330: only instead of the skip placeholder; never x-api-key.
      { since: '2.1.330', rule: [{ when: 'no-own-credential', authorization: FORWARD_AUTH }] },
    ] as readonly ByVersion<readonly ForwardRule[]>[],
  },

  /** A region value is malformed when it holds whitespace, a slash or a dot. */
  malformedRegion: /[\s/.]/,

  /**
   * The chains, as far as their inputs show which member will answer. The
   * suite proves each member it can serve from the mock (profile files,
   * credential_process, web identity via AWS_ENDPOINT_URL_STS, container
   * endpoint; external_account ADC; Entra client secret and workload
   * identity, managed identity); instance metadata and CLI logins are left
   * to the runner.
   */
  chains: {
    aws: {
      /** Static keys: both needed; a session token rides along. */
      envKeys: { accessKeyId: 'AWS_ACCESS_KEY_ID', secretAccessKey: 'AWS_SECRET_ACCESS_KEY', sessionToken: 'AWS_SESSION_TOKEN' },
      /** Naming a profile makes the SDK skip the env keys, even when no such profile exists (both versions). */
      profileVariable: 'AWS_PROFILE',
      defaultProfile: 'default',
      /** Keys that give a profile credentials of its own (static, process, SSO, assumed role). */
      profileCredentialKeys: ['aws_access_key_id', 'credential_process', 'sso_session', 'sso_start_url', 'role_arn', 'web_identity_token_file'],
      /** After env keys and profiles (a profile without credentials falls through to these). */
      members: [
        { member: 'web-identity', allOf: ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE'] },
        { member: 'container', anyOf: ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'] },
      ] as readonly ChainMemberRule[],
      fallback: 'instance-metadata',
    },
    google: {
      members: [{ member: 'credentials-file', anyOf: ['GOOGLE_APPLICATION_CREDENTIALS'] }] as readonly ChainMemberRule[],
      fallback: 'gcloud-or-metadata',
    },
    azure: {
      // Client secret beats a federated token file when both are set (both versions).
      members: [
        { member: 'environment', allOf: ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID'], anyOf: ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH'] },
        { member: 'workload-identity', allOf: ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_FEDERATED_TOKEN_FILE'] },
      ] as readonly ChainMemberRule[],
      fallback: 'managed-identity-or-cli',
    },
  },
} as const

/** A chain member the inputs select: every `allOf` variable present, and at least one `anyOf` if given. */
export interface ChainMemberRule {
  member: string
  allOf?: readonly string[]
  anyOf?: readonly string[]
}

/** Whether a rule measured `since` a version holds for `version` (no `since`: always). */
export const holds = (since: string | undefined, version: string): boolean => since === undefined || compareVersions(version, since) >= 0

/** The newest entry of a versioned rule that holds for `version`. */
export function ruleFor<T>(entries: readonly ByVersion<T>[], version: string): T {
  let chosen: ByVersion<T> | undefined
  for (const entry of entries) {
    if (!holds(entry.since, version)) continue
    if (!chosen || compareVersions(entry.since ?? '0', chosen.since ?? '0') >= 0) chosen = entry
  }
  if (!chosen) throw new Error('a versioned rule needs an entry without `since`')
  return chosen.rule
}

/** What the CLI answers when a provider variable of only whitespace reaches it (`blankFails`), else undefined. */
export function blankStop(name: string): FailRule | undefined {
  for (const provider of ['bedrock', 'vertex', 'foundry'] as const) {
    for (const rule of CLOUD[provider].credentials) if ('variable' in rule && rule.variable === name && rule.blankFails) return rule.blankFails
  }
  return undefined
}

/**
 * Whether the resolver may read a variable: the authentication, routing and
 * provider families. A world's environment holds a hundred others (the
 * runner's own); skipping them keeps each of the many "what if" resolutions
 * cheap. A family, not a list, so that a provider rule reading a new
 * variable cannot silently see it filtered out.
 */
const READ_FAMILIES = /^(ANTHROPIC_|CLAUDE_CODE_|AWS_|GOOGLE_|GCLOUD_|CLOUD_ML_|VERTEX_REGION_|AZURE_|IDENTITY_|MSI_)/

export const isReadVariable = (name: string): boolean => READ_FAMILIES.test(name)
