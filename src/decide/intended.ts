// The setup the user intends, as something the resolver's answer can be
// checked against: which source must carry every request, in which form, and
// what this action exports so that later steps have it (the action), or
// where the credential already is (the doctor).

import type { Inputs } from '../inputs/inputs.js'
import type { CredentialKind, CredentialSource, CredentialSourceName, WireResult } from '../resolve/model.js'
import { EXPORT_NAME } from '../resolve/rules.js'

export interface Export {
  name: string
  value: string
  why: 'intended' | 'configuration' | 'neutralise'
}

export interface IntendedSetup {
  method: CredentialKind
  /** How messages name it: "your OAuth token". */
  words: string
  /** The variable later steps read it from. */
  variable: string
  /** What this action writes to GITHUB_ENV for it (before any blanking); nothing when the credential is already in place. */
  exports: Export[]
  /** This source is the intended credential (exported by this action, or the same secret given again). */
  isIntended(source: CredentialSource | undefined): boolean
  /** The intended credential reaches the CLI's requests in the right header. */
  sent(wire: WireResult): boolean
  /** It is sent, and nothing else is. */
  sentAlone(wire: WireResult): boolean
}

export const INTENDED_WORDS: Record<CredentialKind, string> = {
  'oauth-token': 'your OAuth token',
  'api-key': 'your API key',
  'auth-token': 'your gateway token',
}

function isOwnExport(source: CredentialSource | undefined, variable: string): boolean {
  if (!source || source.name !== variable) return false
  const { origin } = source
  return origin.kind === 'action-export' || ('sameAsIntended' in origin && origin.sameAsIntended === true)
}

/** No credential in particular (the doctor without `--expect`): every source is judged by what the CLI does with it. */
export const NOTHING_INTENDED: Pick<IntendedSetup, 'isIntended' | 'sent'> = { isIntended: () => false, sent: () => false }

/** The action's setup: the credential given as an input, exported by this action for later steps. */
export function intendedSetup(inputs: Inputs): IntendedSetup {
  const method = inputs.credential.kind
  const variable = EXPORT_NAME[method]
  const exports: Export[] = [{ name: variable, value: inputs.credential.value, why: 'intended' }]
  if (inputs.baseUrl !== undefined) exports.push({ name: 'ANTHROPIC_BASE_URL', value: inputs.baseUrl, why: 'configuration' })
  return setup(method, INTENDED_WORDS[method], exports, (source) => isOwnExport(source, variable))
}

/**
 * Where the CLI reads each kind of credential when nothing exports it: its
 * variable, and for an OAuth token also the `/login` subscription in the
 * credentials file (the CLI sends both the same way, as an OAuth Bearer).
 */
export const IN_PLACE_SOURCES: Record<CredentialKind, readonly CredentialSourceName[]> = {
  'oauth-token': ['CLAUDE_CODE_OAUTH_TOKEN', 'credentialsFile'],
  'api-key': ['ANTHROPIC_API_KEY'],
  'auth-token': ['ANTHROPIC_AUTH_TOKEN'],
}

/**
 * The doctor's setup: the credential is already where the CLI reads it (the
 * environment, a settings `env` block, or the credentials file), so any of
 * those definitions is the intended one and nothing is exported. An empty or
 * whitespace-only definition is not: it holds no credential.
 */
export function credentialInPlace(method: CredentialKind, words: string = INTENDED_WORDS[method]): IntendedSetup {
  const names = IN_PLACE_SOURCES[method]
  return setup(method, words, [], (source) => source !== undefined && names.includes(source.name) && (source.value ?? '').trim() !== '')
}

function setup(method: CredentialKind, words: string, exports: Export[], isIntended: (source: CredentialSource | undefined) => boolean): IntendedSetup {
  const sent = (wire: WireResult): boolean => {
    if (wire.route !== 'first-party') return false
    switch (method) {
      case 'oauth-token':
        return isIntended(wire.authorization) && wire.authorization!.oauth
      case 'auth-token':
        return isIntended(wire.authorization) && !wire.authorization!.oauth
      case 'api-key':
        return isIntended(wire.xApiKey)
    }
  }
  return {
    method,
    words,
    variable: EXPORT_NAME[method],
    exports,
    isIntended,
    sent,
    sentAlone: (wire) => sent(wire) && [wire.authorization, wire.xApiKey].every((slot) => slot === undefined || isIntended(slot)),
  }
}
