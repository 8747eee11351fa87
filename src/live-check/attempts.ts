// What every live check shares, whichever endpoint it asks: how many attempts,
// how long to wait between them, which side a verdict falls on, the CA list
// and how an endpoint is named in messages.

import { readFileSync } from 'node:fs'
import { rootCertificates } from 'node:tls'
import type { Target } from './proxy.js'
import type { LiveCheckResult, LiveCheckVerdict } from './types.js'

/** 1 + 3 retries: enough to ride out a blip, few enough to stay polite. */
export const MAX_ATTEMPTS = 4
const BACKOFF_BASE_MS = 250
const BACKOFF_CAP_MS = 4000
/** A retry is only worth starting if this much budget is left after the wait. */
export const MIN_ATTEMPT_MS = 250

const AUTH_SIDE: ReadonlySet<LiveCheckVerdict> = new Set(['invalid', 'expired', 'forbidden', 'billing'])
const NETWORK_SIDE: ReadonlySet<LiveCheckVerdict> = new Set(['rate-limited', 'server-error', 'network-error', 'timeout'])

/**
 * Which side a verdict falls on. Rate limiting counts as network-side: the
 * credential got far enough to be counted, and the condition passes by itself.
 */
export function sideOf(verdict: LiveCheckVerdict): LiveCheckResult['side'] {
  if (AUTH_SIDE.has(verdict)) return 'auth'
  if (NETWORK_SIDE.has(verdict)) return 'network'
  return 'none'
}

/** Full jitter between half and all of the exponential step, so parallel jobs do not retry in lockstep. */
export function backoffMs(attempt: number, random: () => number): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1))
  const r = Math.min(1, Math.max(0, random()))
  return Math.round(step * (0.5 + 0.5 * r))
}

/** NODE_EXTRA_CA_CERTS is read by Node only at process start; pass it explicitly so tunnelled TLS trusts it too. */
export function extraCa(env: Record<string, string | undefined>): { ca?: string[]; note?: string } {
  const path = env.NODE_EXTRA_CA_CERTS?.trim()
  if (!path) return {}
  try {
    const pem = readFileSync(path, 'utf8')
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      return { note: `NODE_EXTRA_CA_CERTS (${path}) holds no PEM certificate; the check used the default CAs only.` }
    }
    return { ca: [...rootCertificates, pem] }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable'
    return { note: `NODE_EXTRA_CA_CERTS (${path}) could not be read (${code}); the check used the default CAs only.` }
  }
}

export function originOf(target: Target): string {
  const host = target.hostname.includes(':') ? `[${target.hostname}]` : target.hostname
  const defaultPort = target.protocol === 'https:' ? 443 : 80
  return `${target.protocol}//${host}${target.port === defaultPort ? '' : `:${target.port}`}`
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
