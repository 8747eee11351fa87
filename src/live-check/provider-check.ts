// The half of a cloud provider's live check that is the same for all three:
// the budget, the credential fetch run with the environment Claude Code will
// have, one request with retries over the check's own transport (proxy,
// NODE_EXTRA_CA_CERTS, hard deadline), and the result, scrubbed. Bundled into
// each provider's chunk (dist/live-check-<provider>.js); nothing outside
// src/live-check imports it.

import type { CloudProvider, ProviderWire } from '../resolve/model.js'
import { backoffMs, defaultSleep, extraCa, MAX_ATTEMPTS, MIN_ATTEMPT_MS, originOf, sideOf } from './attempts.js'
import { networkWording, timeoutWording, type AnswerContext, type Judgement, type Wording } from './provider-answers.js'
import { chooseProxy, parseTarget, type ProxyConfig } from './proxy.js'
import { safeLine } from './scrub.js'
import { exchange, type HttpAnswer } from './transport.js'
import type { LiveCheckAttempt, LiveCheckReason, LiveCheckResult, LiveCheckVerdict } from './types.js'

export interface ProviderCheckOptions {
  /** What the resolver says Claude Code will do on this provider (endpoint, region, project, credential). */
  wire: ProviderWire
  /**
   * The environment Claude Code will run with: the job's, this action's
   * exports and the settings files' `env`. The SDKs' credential chains read
   * it as process.env, so it is in place while they run.
   */
  env: Record<string, string | undefined>
  /** The whole check, credential fetch and retries included. */
  timeoutMs: number
  /** Every value to scrub from anything returned. */
  secrets: readonly string[]
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>
  random?: () => number
}

/** A conclusion reached without a request: the credential could not be had. */
export interface CredentialOutcome {
  verdict: LiveCheckVerdict
  reason: LiveCheckReason
  wording: Wording
  /** The SDK's (or token service's) own words, quoted after scrubbing. */
  said?: { who: string; text: string }
}

export type Obtained<T> = { ok: true; value: T } | { ok: false; timedOut: true } | { ok: false; timedOut: false; error: unknown }

/** Where the request goes, and how its answer is judged. */
export interface ProviderRequest {
  /** Base URL (its path is kept), then the path and query to append. */
  base: string
  path: string
  method: 'GET' | 'POST'
  body?: string
  /** Headers of one attempt; `host` and `path` are what goes on the wire (a SigV4 signature covers them). */
  headers: (wire: { host: string; path: string }) => Promise<Record<string, string>>
  judge: (answer: HttpAnswer) => Judgement
}

/** Swap process.env for `env` (the SDKs read process.env, not a parameter); the returned function puts it back. */
function useEnvironment(env: Record<string, string | undefined>): () => void {
  const saved = new Map<string, string | undefined>()
  for (const name of new Set([...Object.keys(process.env), ...Object.keys(env)])) {
    const wanted = env[name]
    if (process.env[name] === wanted) continue
    saved.set(name, process.env[name])
    if (wanted === undefined) delete process.env[name]
    else process.env[name] = wanted
  }
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}

/** Variables whose values are credentials, wherever they come from: scrubbed from anything quoted. */
const SECRET_VARIABLES = [
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_BEARER_TOKEN_BEDROCK',
  'ANTHROPIC_FOUNDRY_API_KEY',
  'ANTHROPIC_FOUNDRY_AUTH_TOKEN',
  'AZURE_CLIENT_SECRET',
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'CLAUDE_CODE_OAUTH_TOKEN',
]

export class ProviderCheck {
  private readonly started = performance.now()
  private readonly notes: string[] = []
  private secrets: string[]
  readonly provider: CloudProvider
  readonly budget: number

  constructor(
    private readonly options: ProviderCheckOptions,
    /** The setting that decides the endpoint, for fixes. */
    private readonly endpointSetting: string,
  ) {
    this.provider = options.wire.name
    this.budget = Number.isFinite(options.timeoutMs) && options.timeoutMs > 0 ? options.timeoutMs : 1
    this.secrets = [...options.secrets, ...SECRET_VARIABLES.map((name) => options.env[name] ?? '')].filter((s) => s.trim() !== '')
  }

  get env(): Record<string, string | undefined> {
    return this.options.env
  }

  remainingMs(): number {
    return Math.max(0, this.budget - (performance.now() - this.started))
  }

  /** A token or key the check came by: never shown, even if a server echoes it. */
  keepSecret(...values: (string | undefined)[]): void {
    for (const value of values) if (value && value.trim() !== '') this.secrets.push(value)
  }

  note(text: string): void {
    this.notes.push(text)
  }

  /**
   * Runs a credential fetch within what is left of the budget, with process.env
   * as Claude Code will see it (plus `quiet`: variables that only silence an
   * SDK). What the SDK writes with console.warn (the AWS SDK does, on stderr)
   * becomes a note, scrubbed like everything else.
   */
  async obtain<T>(work: () => Promise<T>, quiet: Record<string, string> = {}): Promise<Obtained<T>> {
    const restore = useEnvironment({ ...this.options.env, ...quiet })
    const warn = console.warn
    console.warn = (...parts: unknown[]) => this.note(parts.map(String).join(' ').replace(/\s+/g, ' ').trim())
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      const deadline = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), this.remainingMs())
      })
      const settled = work().then(
        (value): Obtained<T> => ({ ok: true, value }),
        (error: unknown): Obtained<T> => ({ ok: false, timedOut: false, error }),
      )
      const first = await Promise.race([settled, deadline])
      return first === 'timeout' ? { ok: false, timedOut: true } : first
    } finally {
      clearTimeout(timer)
      console.warn = warn
      restore()
    }
  }

  private context(endpoint: string, origin: string, attempts: number, proxyDisplay?: string): AnswerContext {
    return { provider: this.provider, endpoint, origin, attempts, timeoutMs: this.budget, endpointSetting: this.endpointSetting, ...(proxyDisplay ? { proxyDisplay } : {}) }
  }

  private result(
    conclusion: { verdict: LiveCheckVerdict; reason: LiveCheckReason; httpStatus?: number; serverText?: string },
    wording: Wording,
    endpoint: string,
    route: string,
    history: LiveCheckAttempt[],
  ): LiveCheckResult {
    // Own wording: secrets only (defence in depth). Anything quoted: every credential shape too.
    const line = (text: string, max: number): string => safeLine(text, this.secrets, max, false)
    const serverMessage = conclusion.serverText ? safeLine(conclusion.serverText, this.secrets, 300) : undefined
    return {
      verdict: conclusion.verdict,
      side: sideOf(conclusion.verdict),
      ...(conclusion.httpStatus !== undefined ? { httpStatus: conclusion.httpStatus } : {}),
      attempts: history.length,
      latencyMs: Math.round(performance.now() - this.started),
      ...(serverMessage ? { serverMessage } : {}),
      title: line(wording.title, 120),
      message: line(wording.message, 600),
      fix: line(wording.fix, 600),
      endpoint: line(endpoint, 300),
      reason: conclusion.reason,
      history,
      route: line(route, 200),
      notes: this.notes.map((note) => line(note, 300)),
    }
  }

  /** The credential could not be had: the conclusion, with what the SDK said quoted (scrubbed). */
  stop(outcome: CredentialOutcome, what: string): LiveCheckResult {
    const quoted = outcome.said ? ` ${outcome.said.who} said: "${safeLine(outcome.said.text, this.secrets, 400)}".` : ''
    const wording = { ...outcome.wording, message: `${outcome.wording.message}${quoted}` }
    return this.result(outcome, wording, what, 'none (no request was made)', [])
  }

  /** The budget ran out while the credential was being fetched. */
  timedOut(what: string, fetching: string): LiveCheckResult {
    const wording = timeoutWording('credential', this.context(what, what, 0), fetching)
    return this.result({ verdict: 'timeout', reason: 'timeout' }, wording, what, 'none (no request was made)', [])
  }

  /** One request, retried while the answer says it is worth it and the budget allows. */
  async ask(request: ProviderRequest): Promise<LiveCheckResult> {
    const sleep = this.options.sleep ?? defaultSleep
    const random = this.options.random ?? Math.random
    const target = parseTarget(request.base)
    if ('error' in target) {
      const wording = {
        title: 'Endpoint URL is not usable',
        message: `The ${this.endpointSetting} URL ${target.error}.`,
        fix: `Set ${this.endpointSetting} to an https URL.`,
      }
      return this.result({ verdict: 'network-error', reason: 'bad-base-url' }, wording, `${request.method} ${request.base}`, 'none', [])
    }
    const origin = originOf(target)
    const path = `${target.basePath}${request.path}`
    const endpoint = `${request.method} ${origin}${path.split('?')[0]}`
    const choice = chooseProxy(this.options.env, target)
    let proxy: ProxyConfig | undefined
    let route = 'direct'
    if (choice.kind === 'invalid') {
      const wording = { title: 'Proxy setting is not usable', message: `The proxy variable ${choice.variable} ${choice.reason}.`, fix: 'Set HTTPS_PROXY to http://host:port or https://host:port, or exempt the host in NO_PROXY.' }
      return this.result({ verdict: 'network-error', reason: 'bad-proxy-url' }, wording, endpoint, `proxy from ${choice.variable}`, [])
    }
    if (choice.kind === 'proxy') {
      proxy = choice.proxy
      this.keepSecret(...choice.secrets)
      route = `proxy ${proxy.display} (${proxy.variable})`
    } else if (choice.bypassedBy) {
      route = `direct (${choice.bypassedBy})`
    }
    const { ca, note } = extraCa(this.options.env)
    if (note) this.note(note)
    const host = new URL(origin).host

    const history: LiveCheckAttempt[] = []
    for (;;) {
      const attemptStarted = performance.now()
      const outcome = await exchange({
        target,
        proxy,
        // The transport puts the base path in front; the signature covers the whole path.
        path: request.path,
        method: request.method,
        ...(request.body !== undefined ? { body: request.body } : {}),
        headers: await request.headers({ host, path }),
        ca,
        timeoutMs: this.remainingMs(),
      })
      const ctx = this.context(endpoint, origin, history.length + 1, proxy?.display)
      const judgement: Judgement =
        outcome.kind === 'answer'
          ? request.judge(outcome.answer)
          : outcome.kind === 'timeout'
            ? { verdict: 'timeout', reason: 'timeout', words: (c) => timeoutWording(outcome.phase, c) }
            : {
                verdict: 'network-error',
                reason: outcome.cause === 'other' ? 'network-other' : outcome.cause,
                retry: outcome.cause === 'reset',
                words: (c) => networkWording(outcome, c),
              }
      const attempt: LiveCheckAttempt = {
        verdict: judgement.verdict,
        reason: judgement.reason,
        latencyMs: Math.round(performance.now() - attemptStarted),
        ...(judgement.httpStatus !== undefined ? { httpStatus: judgement.httpStatus } : {}),
      }
      history.push(attempt)
      const finish = (): LiveCheckResult => this.result(judgement, judgement.words(ctx), endpoint, route, history)
      if (!judgement.retry || history.length >= MAX_ATTEMPTS) return finish()
      const wait = judgement.retryAfterMs ?? backoffMs(history.length, random)
      if (wait + MIN_ATTEMPT_MS > this.remainingMs()) {
        if (judgement.retryAfterMs !== undefined) ctx.waitBeyondBudgetMs = judgement.retryAfterMs
        return finish()
      }
      attempt.waitMs = wait
      await sleep(wait)
    }
  }
}
