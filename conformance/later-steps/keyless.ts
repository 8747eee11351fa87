// What the keyless methods mean for a later-step case: the credential the
// CLI must send alone (the token this action's exchange returned, the
// helper's output, the /login's access token or what refreshing it returned),
// the best exports the action could have made after a rejection, the runner's
// OIDC variables, and the files a CLI that exchanges itself leaves behind.

import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import type { OnConflict } from '../../src/resolve/model.js'
import { ENV_CREDENTIALS, EXPORT_NAME, RULES, isTruthy } from '../../src/resolve/rules.js'
import { bestPossibleExports } from '../action-check.js'
import type { HelperSpec } from '../case-model.js'
import { GITHUB_OIDC_JWT, LIVE_REFRESH_TOKEN, OIDC_REQUEST_TOKEN, USER_IDENTITY_JWT, exchangedToken, refreshedToken } from '../mock-keyless.js'
import { INTENDED } from '../values.js'
import type { Wire } from '../wire.js'
import type { LaterCase, LaterIntended } from './model.js'

export const isKeyless = (intended: LaterIntended): intended is 'federation' | 'api-key-helper' | 'login' =>
  intended === 'federation' || intended === 'api-key-helper' || intended === 'login'

/** /login cases serve platform.claude.com (where the CLI refreshes a login) on the mock's https side. */
export const servesRefresh = (testCase: LaterCase): boolean => testCase.intended === 'login'

/** The federation rule and organization the cases give this action (shapes as the Console issues them). */
export const FEDERATION_RULE = 'fdrl_01conformanceRULE'
export const ORGANIZATION_ID = '1b4e28ba-2fa1-11d2-883f-0016d3cca427'
/** The audience GitHub is asked for by default, and the one the CLI's docs name. */
export const DEFAULT_AUDIENCE = 'https://api.anthropic.com'
/** Claude Code's own exchange headers (facts §5, M: W2), written by hand. */
export const CLI_EXCHANGE_BETA = 'oauth-2025-04-20,oidc-federation-2026-04-01'
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'

const pad = (prefix: string, label: string): string => {
  const body = `${prefix}${label.toUpperCase().replace(/[^A-Z0-9]/g, '-')}-`
  return body + 'x'.repeat(Math.max(8, 106 - body.length)) + 'AA'
}
/** What the cases' apiKeyHelpers print, and the /login's access token. */
export const HELPER_KEY = pad('sk-ant-api03-', 'later-helper')
export const LOGIN_TOKEN = pad('sk-ant-oat01-', 'later-login')

/**
 * The runner's variables for a job with `permissions: id-token: write`: every
 * step has them (the request URL keeps the runner's `api-version` query).
 */
export const oidcRunnerEnv = (mockUrl: string): Record<string, string> => ({
  ACTIONS_ID_TOKEN_REQUEST_URL: `${mockUrl}/oidc/idtoken?api-version=2.0`,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: OIDC_REQUEST_TOKEN,
})

/** The helper the case's action uses: the `settings-file` one when given, else the project's, else the user's. */
function helperOf(testCase: LaterCase): HelperSpec | undefined {
  if (testCase.with?.['settings-file']) return testCase.settingsFlag?.spec.apiKeyHelper
  return testCase.settings?.project?.apiKeyHelper ?? testCase.settings?.user?.apiKeyHelper
}

/**
 * The wire that shows the intended credential alone, from the case's own
 * data (never from the action's output). Undefined when there is no such
 * credential (a helper that prints no key).
 */
export function intendedWire(testCase: LaterCase): Wire | undefined {
  const intended = testCase.intended
  switch (intended) {
    case 'oauth-token':
      return { route: 'first-party', authorization: { value: INTENDED[intended], oauth: true } }
    case 'auth-token':
      return { route: 'first-party', authorization: { value: INTENDED[intended], oauth: false } }
    case 'api-key':
      return { route: 'first-party', xApiKey: INTENDED[intended] }
    case 'federation':
      // The action's exchange is the first one the job's mock answers.
      return { route: 'first-party', authorization: { value: exchangedToken(1), oauth: true } }
    case 'api-key-helper': {
      const helper = helperOf(testCase)
      if (!helper || !('prints' in helper)) return undefined
      const key = helper.prints.trim()
      return { route: 'first-party', authorization: { value: key, oauth: false }, xApiKey: key }
    }
    case 'login': {
      const token = testCase.credentialsFile?.accessToken
      return token ? { route: 'first-party', authorization: { value: token, oauth: true } } : undefined
    }
  }
}

/** How many refreshes (or exchanges) one mock is expected to answer at most: enough for every name below. */
const ISSUED_PER_MOCK = 6
const REFRESHED = new Set(Array.from({ length: ISSUED_PER_MOCK }, (_, k) => refreshedToken(k + 1)))

/**
 * The /login's slot as the case names it: a token the mock's refresh
 * endpoint issued for the file's refresh token is still that file's login
 * (the CLI refreshed it and rewrote the file), so it reads as the file's
 * access token. `refreshed` says it happened.
 */
export function asLoginToken(wire: Wire, testCase: LaterCase): { wire: Wire; refreshed: boolean } {
  const token = testCase.credentialsFile?.accessToken
  if (!token || !wire.authorization || !REFRESHED.has(wire.authorization.value)) return { wire, refreshed: false }
  return { wire: { ...wire, authorization: { ...wire.authorization, value: token } }, refreshed: true }
}

/** Exactly the intended credential, in the right header(s), and nothing else. */
export function sendsIntendedAlone(sent: Wire, testCase: LaterCase): boolean {
  const wire = asLoginToken(sent, testCase).wire
  const expected = intendedWire(testCase)
  if (!expected || wire.route !== 'first-party') return false
  const [a, b] = [expected.authorization, wire.authorization]
  return a?.value === b?.value && a?.oauth === b?.oauth && expected.xApiKey === wire.xApiKey
}

/**
 * The exports the action could have made at best after a rejection. A
 * credential kind: as the main table (`bestPossibleExports`). Federation: the
 * token the exchange returned (`issued`; nothing when it was refused).
 * apiKeyHelper and /login: nothing, the credential is in a file. With
 * `unset`, also every other credential variable and provider flag of the job
 * blanked (all GITHUB_ENV can do).
 */
export function laterBestExports(jobEnv: Record<string, string>, testCase: LaterCase, mode: OnConflict, issued: string | undefined): Record<string, string> {
  const intended = testCase.intended
  if (!isKeyless(intended)) return bestPossibleExports(jobEnv, intended, mode)
  const own = intended === 'federation' ? EXPORT_NAME['oauth-token'] : undefined
  const exports: Record<string, string> = own && issued ? { [own]: issued } : {}
  if (mode !== 'unset') return exports
  for (const name of ENV_CREDENTIALS) if (name !== own && jobEnv[name] !== undefined && jobEnv[name] !== '') exports[name] = ''
  for (const [, flag] of RULES.providers) if (isTruthy(jobEnv[flag])) exports[flag] = ''
  return exports
}

/** The keyless values a report may meet, by name (never printed). */
export function keylessValueNames(): Map<string, string> {
  const names = new Map<string, string>()
  for (let n = 1; n <= ISSUED_PER_MOCK; n++) {
    names.set(exchangedToken(n), `exchanged token #${n}`)
    names.set(refreshedToken(n), `refreshed /login token #${n}`)
  }
  names.set(LIVE_REFRESH_TOKEN, 'live refresh token')
  names.set(GITHUB_OIDC_JWT, 'GitHub OIDC token')
  names.set(USER_IDENTITY_JWT, 'user identity token')
  names.set(OIDC_REQUEST_TOKEN, 'ACTIONS_ID_TOKEN_REQUEST_TOKEN')
  names.set(HELPER_KEY, 'helper output')
  names.set(LOGIN_TOKEN, '/login access token')
  return names
}

/**
 * Files under `~/.config/anthropic` (where Claude Code caches exchanged
 * federation tokens, facts §5) with their modification times, by path
 * relative to it.
 */
export function anthropicConfigFiles(home: string): Map<string, number> {
  const root = path.join(home, '.config', 'anthropic')
  const files = new Map<string, number>()
  const walk = (dir: string) => {
    let entries: import('node:fs').Dirent[]
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else files.set(path.relative(root, full), statSync(full).mtimeMs)
    }
  }
  walk(root)
  return files
}

/** Files created or rewritten between two snapshots. */
export const writtenSince = (before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): string[] =>
  [...after].filter(([file, mtime]) => before.get(file) !== mtime).map(([file]) => file).sort()
