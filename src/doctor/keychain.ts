// macOS keeps a `/login` subscription in the login Keychain, as a generic
// password of service "Claude Code-credentials" (with CLAUDE_CONFIG_DIR set:
// "Claude Code-credentials-" + the first 8 hex digits of the SHA-256 of that
// directory) and account $USER (facts §8, public reports). The doctor asks
// whether the item exists, and nothing more: `security find-generic-password
// -s SERVICE -a ACCOUNT` without `-w` or `-g` answers by its exit code and
// prints attributes only, so no secret is read and no access dialog appears.
// Its output is discarded unread.

import { userInfo } from 'node:os'
import { sha256Hex } from '../common/fingerprint.js'
import { keychainPlace } from '../common/paths.js'
import type { CredentialsFile } from '../resolve/model.js'

export const KEYCHAIN_SERVICE = 'Claude Code-credentials'
/** `security`'s exit code for "The specified item could not be found in the keychain" (errSecItemNotFound). */
const ITEM_NOT_FOUND = 44
const TIMEOUT_MS = 5000

/** The service name Claude Code gives the item for this configuration folder. */
export function keychainService(configDir: string | undefined): string {
  return configDir ? `${KEYCHAIN_SERVICE}-${sha256Hex(configDir).slice(0, 8)}` : KEYCHAIN_SERVICE
}

export interface KeychainLookup {
  service: string
  account: string
  /** `unknown`: `security` is missing, timed out, or answered otherwise (a locked or absent keychain). */
  state: 'present' | 'absent' | 'unknown'
}

/** What runs `security`: its exit status, or undefined when it could not run. Injectable for tests of the pure part. */
export type RunSecurity = (args: readonly string[], env: Record<string, string | undefined>) => number | undefined

const runSecurity: RunSecurity = (args, env) => {
  // Loaded only on macOS: child_process costs start-up time.
  const { spawnSync } = process.getBuiltinModule('node:child_process')
  const result = spawnSync('security', args, { env, stdio: 'ignore', timeout: TIMEOUT_MS })
  return result.error ? undefined : (result.status ?? undefined)
}

/** The exact argv: presence only. Never `-w` (prints the password) or `-g` (asks the user, prints it). */
export const lookupArgs = (service: string, account: string): string[] => ['find-generic-password', '-s', service, '-a', account]

export function lookUpKeychain(env: Record<string, string | undefined>, run: RunSecurity = runSecurity): KeychainLookup {
  const service = keychainService(env.CLAUDE_CONFIG_DIR?.trim() || undefined)
  const account = env.USER?.trim() || safeUserName()
  if (!account) return { service, account: '', state: 'unknown' }
  const status = run(lookupArgs(service, account), env)
  return { service, account, state: status === 0 ? 'present' : status === ITEM_NOT_FOUND ? 'absent' : 'unknown' }
}

function safeUserName(): string {
  try {
    return userInfo().username
  } catch {
    return ''
  }
}


/**
 * The login as the resolver sees it: a credential Claude Code sends as its
 * OAuth Bearer. Its value is never read: a placeholder that no fingerprint is
 * taken of (printOf skips values with NUL).
 */
export function keychainLogin(service: string): CredentialsFile {
  return { path: keychainPlace(service), accessToken: '\u0000in the macOS Keychain, not read\u0000', hasInferenceScope: true, hasRefreshToken: true }
}
