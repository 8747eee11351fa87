// Titles, causes and fixes of the inputs stage. Values of non-secret inputs
// are echoed (shortened, and never when they look like a credential);
// credentials never are.

import { problem, type Problem } from '../common/problems.js'
import { PROVIDER_WORDS } from '../common/provider-words.js'

/** Levenshtein distance, for "did you mean". */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length]
}

/** The closest candidate, when it is close enough to be a typo. */
export function closest(value: string, candidates: readonly string[]): string | undefined {
  const wanted = value.trim().toLowerCase()
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    if (candidate === '') continue
    const d = distance(wanted, candidate.toLowerCase())
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined
}

/**
 * Never echoed: a value that might be a secret pasted into the wrong input,
 * and one that carries workflow-command syntax (it is hostile, not a typo).
 */
const unquotable = (value: string): boolean => /sk-ant-|[A-Za-z0-9+/_=-]{24,}|::|##\[|%0[AD]/i.test(value)

/** An input's value as it can be quoted in a message: short, one line, visible quotes. */
export function quoted(value: string): string | undefined {
  if (unquotable(value)) return undefined
  const oneLine = value.replace(/[\u0000-\u001f\u007f]/g, '?')
  return JSON.stringify(oneLine.length > 40 ? `${oneLine.slice(0, 40)}…` : oneLine)
}

export function invalidInputProblem(name: string, value: string, accepts: string, choices?: readonly string[]): Problem {
  const shown = quoted(value)
  const guess = choices ? closest(value, choices) : undefined
  return problem(
    'error',
    `Invalid input \`${name}\``,
    `\`${name}\` is ${shown ?? 'set to a value that'}${shown ? ', which' : ''} is not ${accepts}.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
    `input \`${name}\``,
    guess ? `set it to \`${guess}\`` : `set it to ${accepts}`,
    { rule: 'inputs/invalid-value' },
  )
}

export function unknownInputProblem(name: string, known: readonly string[]): Problem {
  const guess = closest(name, known)
  return problem(
    'warning',
    `Unknown input \`${name}\``,
    `This action has no input \`${name}\`, so its value is ignored.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
    `input \`${name}\` (under \`with:\`)`,
    guess ? `rename it to \`${guess}\`` : `remove it; the inputs are ${known.map((k) => `\`${k}\``).join(', ')}`,
    { rule: 'inputs/unknown-input' },
  )
}

/**
 * No credential arrived under its input, and one was given under a misspelt
 * name: that is the cause, and the first line names both names.
 */
export function misspeltCredentialInputProblem(name: string, right: string): Problem {
  return problem(
    'error',
    `Credential given under \`${name}\``,
    `\`${name}\` is not an input of this action, so the credential given under it never arrived: the input is \`${right}\`.`,
    `input \`${name}\` (under \`with:\`)`,
    `rename \`${name}:\` to \`${right}:\` under \`with:\``,
    { rule: 'inputs/misspelt-credential-input' },
  )
}

export function branchPinProblem(ref: string, repository: string): Problem {
  return problem(
    'warning',
    'Action pinned to a branch',
    `This step runs \`${repository}@${ref}\`, a branch that changes under you, so a future commit can change what this step does without warning.`,
    'the `uses:` of this step',
    `pin a release: \`${repository}@v1\` (the major tag, moved on each release), or a full commit SHA with the version in a comment`,
    { rule: 'inputs/branch-pin' },
  )
}

export function moreThanOneCredentialProblem(names: readonly string[]): Problem {
  return problem(
    'error',
    'More than one credential given',
    `${names.map((n) => `\`${n}\``).join(' and ')} are both set; Claude Code would send them together or pick one silently.`,
    'action inputs',
    'pass exactly one of `claude-code-oauth-token`, `anthropic-api-key` or `anthropic-auth-token`',
    { rule: 'inputs/more-than-one-credential' },
  )
}

export function methodMismatchProblem(method: string, given: string, expected: string): Problem {
  return problem(
    'error',
    'Credential does not match `method`',
    `\`method\` is \`${method}\`, but the credential was given as \`${given}\`.`,
    `inputs \`method\` and \`${given}\``,
    `pass it as \`${expected}\`, or set \`method\` to match the input you use (or leave \`method\` empty to infer it)`,
    { rule: 'inputs/method-mismatch' },
  )
}

export function gatewayWithoutUrlProblem(): Problem {
  return problem(
    'warning',
    'Gateway token without a gateway URL',
    '`anthropic-auth-token` is set but neither `anthropic-base-url` nor ANTHROPIC_BASE_URL is, so Claude Code would send the token to api.anthropic.com.',
    'input `anthropic-base-url`',
    'set `anthropic-base-url` to your gateway, or use `anthropic-api-key` for a Console key',
    { rule: 'inputs/gateway-without-url' },
  )
}

export function baseUrlProblem(cause: string): Problem {
  return problem('error', 'Invalid input `anthropic-base-url`', cause, 'input `anthropic-base-url`', 'set it to the gateway URL, e.g. `https://llm-gateway.example.com`', { rule: 'inputs/invalid-base-url' })
}

export function controlCharactersProblem(name: string): Problem {
  return problem('error', `Invalid input \`${name}\``, `\`${name}\` contains control characters.`, `input \`${name}\``, 'set it to a directory path', { rule: 'inputs/control-characters' })
}

export function timeoutRangeProblem(value: string): Problem {
  return problem(
    'error',
    'Invalid input `live-check-timeout`',
    `\`live-check-timeout\` is ${quoted(value) ?? 'a value that is'}${quoted(value) ? ', but it' : ''} must be more than 0 and at most 300 seconds.`,
    'input `live-check-timeout`',
    'set it to a number of seconds, e.g. `10`',
    { rule: 'inputs/invalid-value' },
  )
}

const METHOD_WORDS: Record<string, string> = {
  bedrock: PROVIDER_WORDS.bedrock,
  vertex: PROVIDER_WORDS.vertex,
  foundry: PROVIDER_WORDS.foundry,
  'first-party': 'the Anthropic API',
  federation: 'workload identity federation',
  'api-key-helper': 'an apiKeyHelper',
  login: 'an existing /login',
}

export function firstPartyWithProviderProblem(inputs: readonly string[], method: string): Problem {
  const names = inputs.map((i) => `\`${i}\``).join(' and ')
  const provider = ['bedrock', 'vertex', 'foundry'].includes(method)
  return problem(
    'error',
    provider ? 'Credential input given with a provider method' : 'Credential input given with a keyless method',
    provider
      ? `${names} ${inputs.length > 1 ? 'are' : 'is'} set, but \`method\` is \`${method}\`: Claude Code would send every request to ${METHOD_WORDS[method]} and never use ${inputs.length > 1 ? 'them' : 'it'}.`
      : `${names} ${inputs.length > 1 ? 'are' : 'is'} set, but \`method\` is \`${method}\`: Claude Code would send ${inputs.length > 1 ? 'them' : 'it'} instead of using ${METHOD_WORDS[method]}.`,
    `input \`method\` and ${inputs.map((i) => `\`${i}\``).join(', ')}`,
    `remove ${names} for ${METHOD_WORDS[method]}, or set \`method\` to the credential's kind`,
    { rule: 'inputs/credential-with-other-method' },
  )
}

export function inputForOtherMethodProblem(input: string, belongsTo: string, method: string): Problem {
  return problem(
    'error',
    `Input \`${input}\` does not fit \`method\``,
    `\`${input}\` is for ${METHOD_WORDS[belongsTo] ?? belongsTo}, but this step sets up ${METHOD_WORDS[method] ?? `\`${method || 'a first-party credential'}\``}, so it would be ignored.`,
    `input \`${input}\``,
    belongsTo === 'first-party' ? `remove \`${input}\`` : `remove \`${input}\`, or set \`method: ${belongsTo}\``,
    { rule: 'inputs/input-for-other-method' },
  )
}

export function foundryBothEndpointsProblem(): Problem {
  return problem(
    'error',
    'Foundry resource and base URL both given',
    '`foundry-resource` and `foundry-base-url` are both set, and Claude Code stops with "baseURL and resource are mutually exclusive".',
    'inputs `foundry-resource` and `foundry-base-url`',
    'keep one: `foundry-resource` (the CLI builds the URL) or `foundry-base-url` (ending in `/anthropic`)',
    { rule: 'inputs/foundry-both-endpoints' },
  )
}

export function missingInputProblem(input: string, method: string): Problem {
  return problem('error', `Input \`${input}\` is required`, `\`method: ${method}\` needs \`${input}\`, and it is empty.`, `input \`${input}\``, `set \`${input}\` (from the Claude Console's workload identity settings), usually from a repository variable: \`\${{ vars.${input.toUpperCase().replace(/-/g, '_')} }}\``, { rule: 'inputs/required-input-missing' })
}
