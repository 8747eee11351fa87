// Offline checks of a cloud provider method's inputs: values shaped like
// what the provider accepts, and keys that can be a single header value.
// Messages never quote a key; other values are quoted.

import { problem, type Problem } from '../common/problems.js'
import { quoted } from './messages.js'

/** AWS region names: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `ap-southeast-4`. */
const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/
/** Vertex locations: `global`, the multi-regions `us` and `eu`, or a region such as `us-east5`. */
const VERTEX_REGION = /^(global|us|eu|[a-z]+-[a-z]+\d{1,2})$/
/** An Azure resource name: letters, digits and hyphens. */
const FOUNDRY_RESOURCE = /^[A-Za-z0-9][A-Za-z0-9-]{1,62}$/
/** A Vertex project id: 6 to 30 lower-case letters, digits and hyphens, starting with a letter. */
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/

const SHAPES: Record<string, { pattern: RegExp; accepts: string; example: string }> = {
  'aws-region': { pattern: AWS_REGION, accepts: 'an AWS region name', example: '`us-east-1`' },
  'vertex-region': { pattern: VERTEX_REGION, accepts: 'a Vertex AI location', example: '`us-east5`, `europe-west1`, `global`' },
  'vertex-project-id': { pattern: PROJECT_ID, accepts: 'a Google Cloud project id', example: "your project's id (not its name or number), e.g. the `project_id` output of google-github-actions/auth" },
  'foundry-resource': { pattern: FOUNDRY_RESOURCE, accepts: 'an Azure resource name', example: 'the name before `.services.ai.azure.com`' },
}

export function checkProviderValue(input: string, value: string): Problem[] {
  if (input === 'foundry-base-url') return checkFoundryBaseUrl(value)
  const shape = SHAPES[input]
  if (!shape || shape.pattern.test(value)) return []
  const shown = quoted(value)
  return [
    problem(
      'error',
      `Invalid input \`${input}\``,
      `\`${input}\` is ${shown ?? 'set to a value that'}${shown ? ', which' : ''} is not ${shape.accepts}.`,
      `input \`${input}\``,
      `set it to ${shape.example}`,
      { rule: 'inputs/invalid-value' },
    ),
  ]
}

function checkFoundryBaseUrl(value: string): Problem[] {
  const bad = (cause: string, fix = 'set it to `https://<resource>.services.ai.azure.com/anthropic`, or use `foundry-resource` instead') => [
    problem('error', 'Invalid input `foundry-base-url`', cause, 'input `foundry-base-url`', fix, { rule: 'inputs/invalid-value' }),
  ]
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return bad('`foundry-base-url` is not a URL.')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return bad('`foundry-base-url` must start with https://.')
  if (url.username || url.password) return bad('`foundry-base-url` contains a user name or password, which would be exported unmasked.')
  // Measured: without `/anthropic` every request goes to `/v1/messages` at the host root, the wrong path.
  if (!/\/anthropic\/?$/.test(url.pathname)) {
    return bad(`\`foundry-base-url\` does not end in \`/anthropic\`, so Claude Code would send every request to ${url.origin}/v1/messages, the wrong path (404).`, 'add `/anthropic` at the end of the URL')
  }
  return []
}

/** A provider key: one token, printable, sent as one header value. */
export function checkProviderKey(input: string, raw: string): Problem[] {
  const value = raw.trim()
  const error = (title: string, cause: string, fix: string, rule: string) => [problem('error', title, cause, `input \`${input}\``, fix, { rule })]
  const problems: Problem[] = []
  if (value !== raw) {
    problems.push(problem('warning', 'Whitespace trimmed from credential', `\`${input}\` had leading or trailing whitespace or a newline; it was removed before export.`, `input \`${input}\``, 'store the secret without surrounding whitespace', { rule: 'credential/surrounding-whitespace' }))
  }
  if (/^bearer\s/i.test(value)) return error('Credential includes "Bearer"', `\`${input}\` starts with "Bearer ", a header prefix Claude Code adds itself.`, 'store only the key, without "Bearer "', 'credential/bearer-prefix')
  if (/\s/.test(value)) return error('Credential contains whitespace', `\`${input}\` contains a space, tab or line break inside it, so it cannot be a single key.`, 'store exactly one key, on one line, in the secret', 'credential/inner-whitespace')
  if (/[^\x21-\x7e]/.test(value)) return error('Credential contains characters a header cannot carry', `\`${input}\` contains characters outside printable ASCII.`, 'copy the key again from the provider console, as plain text', 'credential/non-ascii')
  if (/^(["'`]).*\1$/.test(value)) return error('Credential is wrapped in quotes', `\`${input}\` starts and ends with a quote character, which would be sent as part of the key.`, 'store the secret without the surrounding quotes', 'credential/quoted')
  if (value.length < 16) return error('Credential too short', `\`${input}\` has fewer than 16 characters, too few for a real key.`, 'store the full key in the secret', 'credential/too-short')
  return problems
}
