// The Claude Code CLI's precedence rules, written once, as data.
// Every entry here is pinned by a case in conformance/cases.ts that runs the
// real CLI against a mock API and checks the headers it sent.

import type { CredentialSourceName, EnvCredentialName, ProviderName, SettingsLayer, SlotName } from './model.js'

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

/**
 * Every variable the resolver reads. A world's environment can hold a
 * hundred others (the runner's own); skipping them keeps each of the many
 * "what if" resolutions cheap.
 */
export const READ_VARIABLES: ReadonlySet<string> = new Set<string>([
  ...ENV_CREDENTIALS,
  ...RULES.providers.map(([, flag]) => flag),
  RULES.bareFlag,
  RULES.baseUrl,
  RULES.customHeaders,
  ...RULES.federationRequires,
])
