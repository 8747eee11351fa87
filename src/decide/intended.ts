// The setup the user intends, as something the resolver's answer can be
// checked against: which source must carry every request, in which form, and
// what this action exports so that later steps have it.

import type { Inputs } from '../inputs/inputs.js'
import type { CredentialKind, CredentialSource, WireResult } from '../resolve/model.js'
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
  /** What this action writes to GITHUB_ENV for it (before any blanking). */
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

export function intendedSetup(inputs: Inputs): IntendedSetup {
  const method = inputs.credential.kind
  const variable = EXPORT_NAME[method]
  const exports: Export[] = [{ name: variable, value: inputs.credential.value, why: 'intended' }]
  if (inputs.baseUrl !== undefined) exports.push({ name: 'ANTHROPIC_BASE_URL', value: inputs.baseUrl, why: 'configuration' })
  const isIntended = (source: CredentialSource | undefined) => isOwnExport(source, variable)
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
    words: INTENDED_WORDS[method],
    variable,
    exports,
    isIntended,
    sent,
    sentAlone: (wire) => sent(wire) && [wire.authorization, wire.xApiKey].every((slot) => slot === undefined || isIntended(slot)),
  }
}
