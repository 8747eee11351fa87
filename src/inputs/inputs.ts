// Reads the action's inputs from `INPUT_*` the way the runner passes them and
// validates the non-secret ones with zod. Credentials are returned raw so
// that they can be masked before anything else happens.

import * as z from 'zod/mini'
import { checkCredential, INPUT_FOR } from './credential-shape.js'
import type { CredentialKind, OnConflict } from '../resolve/model.js'
import { problem, type Problem } from '../common/problems.js'

export type Env = Record<string, string | undefined>

export interface Inputs {
  credential: { kind: CredentialKind; value: string }
  baseUrl?: string
  bare: boolean
  onConflict: OnConflict
  workingDirectory: string
  liveCheck: { enabled: boolean; timeoutMs: number; onNetworkFailure: 'fail' | 'warn' }
}

/** Runner convention: upper-case, spaces to underscores, hyphens kept. */
export const inputVariable = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`

export function readInput(env: Env, name: string): string {
  return env[inputVariable(name)] ?? ''
}

export const CREDENTIAL_KINDS = Object.keys(INPUT_FOR) as CredentialKind[]

/** Every non-empty credential input, raw. Read first, so they can be masked before any output. */
export function rawCredentials(env: Env): { kind: CredentialKind; raw: string }[] {
  // Whitespace alone is what an undefined secret with a stray newline looks like: treat it as missing.
  return CREDENTIAL_KINDS.map((kind) => ({ kind, raw: readInput(env, INPUT_FOR[kind]) })).filter(({ raw }) => raw.trim() !== '')
}

// YAML 1.2 core-schema booleans, as @actions/core's getBooleanInput accepts them.
const booleanInput = z.pipe(
  z.enum(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', '']),
  z.transform((value: 'true' | 'True' | 'TRUE' | 'false' | 'False' | 'FALSE' | ''): boolean => value.toLowerCase() === 'true'),
)

const schema = z.object({
  'anthropic-base-url': z.string(),
  bare: booleanInput,
  'on-conflict': z.enum(['fail', 'unset', 'warn', '']),
  'working-directory': z.string(),
  'live-check': booleanInput,
  'live-check-timeout': z.string().check(z.regex(/^(\d+(\.\d+)?)?$/)),
  'live-check-failure': z.enum(['fail', 'warn', '']),
})

/** What each input accepts, for messages that never echo the value back. */
const ACCEPTS: Record<keyof z.infer<typeof schema>, string> = {
  'anthropic-base-url': 'an http(s) URL',
  bare: '`true` or `false`',
  'on-conflict': '`fail`, `unset` or `warn`',
  'working-directory': 'a directory path',
  'live-check': '`true` or `false`',
  'live-check-timeout': 'a number of seconds, e.g. `10`',
  'live-check-failure': '`fail` or `warn`',
}

export interface ParsedInputs {
  inputs?: Inputs
  problems: Problem[]
}

export function parseInputs(env: Env, workspace: string, diagnoseMissing: () => Problem): ParsedInputs {
  const problems: Problem[] = []
  const given = rawCredentials(env)
  if (given.length === 0) return { problems: [diagnoseMissing()] }
  if (given.length > 1) {
    const names = given.map(({ kind }) => `\`${INPUT_FOR[kind]}\``).join(' and ')
    return {
      problems: [
        problem(
          'error',
          'More than one credential given',
          `Both ${names} are set; Claude Code would send them together or pick one silently.`,
          'action inputs',
          'pass exactly one of `claude-code-oauth-token`, `anthropic-api-key` or `anthropic-auth-token`',
        ),
      ],
    }
  }
  const checked = checkCredential(given[0].kind, given[0].raw)
  problems.push(...checked.problems)

  const raw = Object.fromEntries(Object.keys(ACCEPTS).map((name) => [name, readInput(env, name).trim()]))
  const parsed = z.safeParse(schema, raw)
  if (!parsed.success) {
    for (const name of new Set(parsed.error.issues.map((issue) => String(issue.path[0])))) {
      problems.push(
        problem('error', `Invalid input \`${name}\``, `The value of \`${name}\` is not valid.`, `input \`${name}\``, `set it to ${ACCEPTS[name as keyof typeof ACCEPTS]}`),
      )
    }
    return { problems }
  }
  const values = parsed.data

  const baseUrl = values['anthropic-base-url'] === '' ? undefined : values['anthropic-base-url']
  if (baseUrl !== undefined) problems.push(...checkBaseUrl(baseUrl))
  if (checked.kind === 'auth-token' && baseUrl === undefined && !env.ANTHROPIC_BASE_URL?.trim()) {
    problems.push(
      problem(
        'warning',
        'Gateway token without a gateway URL',
        '`anthropic-auth-token` is set but neither `anthropic-base-url` nor ANTHROPIC_BASE_URL is, so Claude Code will send the token to api.anthropic.com.',
        'input `anthropic-base-url`',
        'set `anthropic-base-url` to your gateway, or use `anthropic-api-key` for a Console key',
      ),
    )
  }

  const workingDirectory = values['working-directory'] === '' ? workspace : values['working-directory']
  if (/[\u0000-\u001f\u007f]/.test(workingDirectory)) {
    problems.push(
      problem('error', 'Invalid input `working-directory`', 'The path contains control characters.', 'input `working-directory`', 'set it to a directory path'),
    )
  }
  const timeoutSeconds = values['live-check-timeout'] === '' ? 10 : Number(values['live-check-timeout'])
  if (!(timeoutSeconds > 0 && timeoutSeconds <= 300)) {
    problems.push(
      problem('error', 'Invalid input `live-check-timeout`', 'The timeout must be more than 0 and at most 300 seconds.', 'input `live-check-timeout`', 'set it to a number of seconds, e.g. `10`'),
    )
  }
  return {
    problems,
    inputs: {
      credential: { kind: checked.kind, value: checked.value },
      baseUrl,
      bare: values.bare,
      onConflict: values['on-conflict'] === '' ? 'fail' : values['on-conflict'],
      workingDirectory,
      liveCheck: {
        enabled: values['live-check'],
        timeoutMs: Math.round(timeoutSeconds * 1000),
        onNetworkFailure: values['live-check-failure'] === '' ? 'fail' : values['live-check-failure'],
      },
    },
  }
}

function checkBaseUrl(value: string): Problem[] {
  const bad = (cause: string) => [
    problem('error', 'Invalid input `anthropic-base-url`', cause, 'input `anthropic-base-url`', 'set it to the gateway URL, e.g. `https://llm-gateway.example.com`'),
  ]
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return bad('The URL contains whitespace or control characters.')
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return bad('The value is not a URL.')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return bad('The URL must start with https:// or http://.')
  if (url.username || url.password) {
    return bad('The URL contains a user name or password; Claude Code would send it to the gateway in clear, and it would be exported unmasked.')
  }
  return []
}
