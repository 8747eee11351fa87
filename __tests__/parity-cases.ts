// One world, two front ends (issue 19, "Why"): the doctor with `--expect K`
// and the credential in K's variable, and the action with the credential in
// K's input, must give the same verdict and the same rule ids. The cases and
// their expected rule ids are written out here by hand, once, for
// __tests__/doctor/parity.test.ts and __tests__/process/parity.test.ts.

import type { Place } from './claude-files.js'

export type Kind = 'oauth-token' | 'api-key' | 'auth-token'

export const VARIABLE_OF: Record<Kind, string> = {
  'oauth-token': 'CLAUDE_CODE_OAUTH_TOKEN',
  'api-key': 'ANTHROPIC_API_KEY',
  'auth-token': 'ANTHROPIC_AUTH_TOKEN',
}

export const INPUT_OF: Record<Kind, string> = {
  'oauth-token': 'claude-code-oauth-token',
  'api-key': 'anthropic-api-key',
  'auth-token': 'anthropic-auth-token',
}

/** The tokens a case uses, made by each test file's own fake-token maker (`prefix` + 95 characters). */
export interface Tokens {
  oauth: (label: string) => string
  api: (label: string) => string
}

export interface ParityCase {
  id: string
  /** The kind the user intends: `--expect` for the doctor, the input for the action. */
  expect: Kind
  /** The intended credential's raw value (the variable's value; the input's value). */
  value: (t: Tokens) => string
  /** The job's / shell's environment besides the credential. */
  env?: (t: Tokens) => Record<string, string>
  /** Settings files both front ends read. */
  files?: (t: Tokens) => Partial<Record<Place, unknown>>
  /** Exit code of both. */
  exitCode: 0 | 1
  /** Rule ids of the errors, in any order. */
  errors: string[]
  /** Rule ids of the warnings, in any order. */
  warnings: string[]
}

export const PARITY_CASES: ParityCase[] = [
  {
    id: 'an API key where the OAuth token belongs',
    expect: 'oauth-token',
    value: (t) => t.api('parity/api-in-oauth'),
    exitCode: 1,
    errors: ['credential/wrong-slot'],
    warnings: [],
  },
  {
    id: 'an OAuth token where the API key belongs',
    expect: 'api-key',
    value: (t) => t.oauth('parity/oauth-in-api'),
    exitCode: 1,
    errors: ['credential/wrong-slot'],
    warnings: [],
  },
  {
    id: 'an OAuth token with a space inside',
    expect: 'oauth-token',
    value: (t) => {
      const token = t.oauth('parity/space')
      return `${token.slice(0, 50)} ${token.slice(50)}`
    },
    exitCode: 1,
    errors: ['credential/inner-whitespace'],
    warnings: [],
  },
  {
    id: 'an OAuth token cut short (the first line of a wrapped one)',
    expect: 'oauth-token',
    value: (t) => t.oauth('parity/short').slice(0, 60),
    exitCode: 1,
    errors: ['credential/too-short'],
    warnings: [],
  },
  {
    id: 'an OAuth token with a trailing newline (stripped on the wire: a warning only)',
    expect: 'oauth-token',
    value: (t) => `${t.oauth('parity/newline')}\n`,
    exitCode: 0,
    errors: [],
    warnings: ['credential/surrounding-whitespace'],
  },
  {
    id: 'the API key set in the environment, another one in ~/.claude/settings.json',
    expect: 'api-key',
    value: (t) => t.api('parity/shadowed/env'),
    files: (t) => ({ user: { env: { ANTHROPIC_API_KEY: t.api('parity/shadowed/file') } } }),
    exitCode: 1,
    errors: ['settings/shadowed-value'],
    warnings: [],
  },
  // Found by the in-process property test (__tests__/doctor/parity-property.test.ts, docs/parity.md):
  {
    id: 'the API key, and the very same key in .claude/settings.json (sent as intended)',
    expect: 'api-key',
    value: (t) => t.api('parity/same-in-project'),
    files: (t) => ({ project: { env: { ANTHROPIC_API_KEY: t.api('parity/same-in-project') } } }),
    exitCode: 0,
    errors: [],
    warnings: [],
  },
  {
    id: 'the OAuth token, another one in .claude/settings.json (Claude Code 2.1.197 sends the file\'s)',
    expect: 'oauth-token',
    value: (t) => t.oauth('parity/old-version-shadow/env'),
    files: (t) => ({ project: { env: { CLAUDE_CODE_OAUTH_TOKEN: t.oauth('parity/old-version-shadow/file') } } }),
    exitCode: 1,
    errors: ['settings/shadowed-value'],
    warnings: [],
  },
  {
    id: 'the API key, blanked by ~/.claude/settings.json (whitespace only)',
    expect: 'api-key',
    value: (t) => t.api('parity/blanked'),
    files: () => ({ user: { env: { ANTHROPIC_API_KEY: '  ' } } }),
    exitCode: 1,
    errors: ['conflict/not-at-all'],
    warnings: [],
  },
  {
    id: 'a well-formed OAuth token, alone',
    expect: 'oauth-token',
    value: (t) => t.oauth('parity/fine'),
    exitCode: 0,
    errors: [],
    warnings: [],
  },
]
