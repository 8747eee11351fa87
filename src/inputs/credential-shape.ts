// Offline checks of the credential the user gave. Messages name prefixes
// from the fixed table below, never any part of the value itself.

import type { CredentialKind } from '../resolve/model.js'
import { problem, type Problem } from '../common/problems.js'

export const INPUT_FOR: Record<CredentialKind, string> = {
  'oauth-token': 'claude-code-oauth-token',
  'api-key': 'anthropic-api-key',
  'auth-token': 'anthropic-auth-token',
}

/**
 * Every input that carries a secret: all are masked before any output, also
 * those no check reads yet. A new credential input must be added here.
 */
export const SECRET_INPUTS: readonly string[] = [
  'claude-code-oauth-token',
  'anthropic-api-key',
  'anthropic-auth-token',
  'bedrock-api-key',
  'foundry-api-key',
]

interface KnownShape {
  prefix: string
  what: string
  /** The input it belongs in, or `null` when it belongs in none. */
  belongsIn: CredentialKind | null
  fix: string
}

const KNOWN_SHAPES: readonly KnownShape[] = [
  {
    prefix: 'sk-ant-oat01-',
    what: 'a Claude Code OAuth token (from `claude setup-token`)',
    belongsIn: 'oauth-token',
    fix: 'pass it as `claude-code-oauth-token`',
  },
  {
    prefix: 'sk-ant-api03-',
    what: 'an Anthropic Console API key',
    belongsIn: 'api-key',
    fix: 'pass it as `anthropic-api-key`',
  },
  {
    prefix: 'sk-ant-admin01-',
    what: 'an Anthropic Admin API key, which cannot call the Messages API',
    belongsIn: null,
    fix: 'create a standard API key in the Console (Settings → API keys) and pass it as `anthropic-api-key`',
  },
  {
    prefix: 'sk-ant-ort01-',
    what: 'an OAuth refresh token, which Claude Code cannot use as a credential',
    belongsIn: null,
    fix: 'run `claude setup-token` and store the `sk-ant-oat01-…` token it prints',
  },
]

/** The prefix we expect for each kind; other shapes are plausible but unusual. */
const EXPECTED_PREFIX: Partial<Record<CredentialKind, string>> = {
  'oauth-token': 'sk-ant-oat01-',
  'api-key': 'sk-ant-api03-',
}

const TOKEN_CHARACTERS = /^[A-Za-z0-9_\-.~+/=]+$/
/** `NAME=value` or `NAME: value` with an environment-style name; base64 padding and `user:secret` do not match. */
const ASSIGNMENT_PREFIX = /^[A-Z][A-Z0-9_]{2,}\s*[=:]\s*[^=\s]/
/** Shorter than any real credential, and short enough to guess from its fingerprint. */
export const SHORTEST_CREDENTIAL = 16
const BEARER_PREFIX = /^bearer\s/i
const QUOTES = /^(["'`]).*\1$/s

export interface CheckedCredential {
  kind: CredentialKind
  value: string
  problems: Problem[]
}

/** `raw` is the input exactly as the runner passed it; the result's value is trimmed. */
export function checkCredential(kind: CredentialKind, raw: string): CheckedCredential {
  const input = INPUT_FOR[kind]
  const origin = `input \`${input}\``
  const value = raw.trim()
  const problems: Problem[] = []
  const error = (title: string, cause: string, fix: string) => problems.push(problem('error', title, cause, origin, fix))
  const warning = (title: string, cause: string, fix: string) => problems.push(problem('warning', title, cause, origin, fix))

  if (value !== raw) {
    warning(
      'Whitespace trimmed from credential',
      `The value of \`${input}\` had leading or trailing whitespace or a newline; it was removed before export.`,
      'store the secret without surrounding whitespace (e.g. `gh secret set NAME --body "$TOKEN"` rather than piping `echo`)',
    )
  }
  if (BEARER_PREFIX.test(value)) {
    error(
      'Credential includes "Bearer"',
      `The value of \`${input}\` starts with "Bearer ", a header prefix Claude Code adds itself.`,
      'store only the token, without "Bearer "',
    )
    return { kind, value, problems }
  }
  if (ASSIGNMENT_PREFIX.test(value)) {
    error(
      'Credential includes a variable name',
      `The value of \`${input}\` looks like an assignment ("NAME=…" or "NAME: …"), not a token.`,
      'store only the token itself in the secret, without the variable name',
    )
    return { kind, value, problems }
  }
  if (/\s/.test(value)) {
    error(
      'Credential contains whitespace',
      `The value of \`${input}\` contains a space, tab or line break inside it, so it cannot be a single token (often two secrets pasted together, or a wrapped line).`,
      'store exactly one token, on one line, in the secret',
    )
    return { kind, value, problems }
  }
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    error('Credential contains control characters', `The value of \`${input}\` contains control characters.`, 'store the token as plain text')
    return { kind, value, problems }
  }
  if (QUOTES.test(value)) {
    error(
      'Credential is wrapped in quotes',
      `The value of \`${input}\` starts and ends with a quote character, which would be sent as part of the token.`,
      'store the secret without the surrounding quotes',
    )
    return { kind, value, problems }
  }

  if (value.length < SHORTEST_CREDENTIAL) {
    error(
      'Credential too short',
      `The value of \`${input}\` has fewer than ${SHORTEST_CREDENTIAL} characters, too few for a real token (often a placeholder, or the wrong secret).`,
      'store the full token in the secret',
    )
    return { kind, value, problems }
  }
  const known = KNOWN_SHAPES.find((shape) => value.startsWith(shape.prefix))
  if (known && known.belongsIn !== kind) {
    const where = known.belongsIn === null ? '' : ` It belongs in \`${INPUT_FOR[known.belongsIn]}\`.`
    error(
      known.belongsIn === null ? 'Unusable credential type' : 'Credential given in the wrong input',
      `The value of \`${input}\` starts with \`${known.prefix}\`: it is ${known.what}.${where}`,
      known.fix,
    )
    return { kind, value, problems }
  }
  const expected = EXPECTED_PREFIX[kind]
  if (expected && !value.startsWith(expected)) {
    warning(
      'Unrecognised credential format',
      `The value of \`${input}\` does not start with \`${expected}\`, the prefix such credentials have had so far.`,
      'check that the secret holds the right credential; ignore this warning if the format has changed',
    )
  } else if (!TOKEN_CHARACTERS.test(value)) {
    warning(
      'Unusual characters in credential',
      `The value of \`${input}\` contains characters that tokens do not normally contain.`,
      'check that the secret holds exactly the token',
    )
  }
  return { kind, value, problems }
}
