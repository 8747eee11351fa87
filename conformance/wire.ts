// What was sent, and what the resolver says will be sent, in one comparable form.

import type { CredentialSource, ProviderName, SlotName, WireResult } from '../src/resolve/model.js'
import type { ConformanceCase, FdVariable } from './case-model.js'
import type { RecordedRequest } from './mock-api.js'
import { helperWireValue } from './sandbox.js'
import { isCloudProvider } from '../src/resolve/provider.js'
import { describeProviderView, observedProviderView, predictedProviderView, providerOfHost, sameProviderView, type ProviderView } from './wire-providers.js'

export interface Wire {
  /** `none`: no model request reached the mock at all. */
  route: 'none' | 'first-party' | ProviderName
  authorization?: { value: string; oauth: boolean }
  xApiKey?: string
  /** Predicted slots the CLI fills only some of the time: absent on the wire is also right. */
  uncertain?: SlotName[]
  /** Bedrock, Vertex and Foundry: where the request went and what it carried (wire-providers.ts). */
  provider?: ProviderView
}

const OAUTH_BETA = 'oauth-2025-04-20'

export const isModelRequest = (request: RecordedRequest): boolean =>
  request.method === 'POST' &&
  request.path.startsWith('/') &&
  /\/v1\/messages(\?|$)|:(stream)?rawPredict|\/invoke(-with-response-stream)?(\?|$)/i.test(request.path)

export function routeOf(request: RecordedRequest): Wire['route'] {
  const byHost = providerOfHost(request.tlsHost)
  if (byHost) return byHost
  const prefix = /^\/provider-([a-z-]+)\//.exec(request.path)
  return prefix ? (prefix[1] as ProviderName) : 'first-party'
}

function wireOf(request: RecordedRequest): Wire {
  const route = routeOf(request)
  if (isCloudProvider(route)) return { route, provider: observedProviderView(route, request) }
  const wire: Wire = { route }
  if (request.authorization !== undefined) {
    wire.authorization = {
      value: request.authorization.replace(/^Bearer(\s+|$)/i, ''),
      oauth: (request.anthropicBeta ?? '').split(',').map((beta) => beta.trim()).includes(OAUTH_BETA),
    }
  }
  if (request.xApiKey !== undefined) wire.xApiKey = request.xApiKey
  return wire
}

export interface Observation {
  wire: Wire
  /** Model requests that carried different credentials from the first one. */
  inconsistent: boolean
  /** Requests the CLI tried to send anywhere but the mock's own host (recorded through the proxy). */
  escapes: string[]
  modelRequests: number
}

export function observe(requests: readonly RecordedRequest[]): Observation {
  const model = requests.filter(isModelRequest)
  const escapes = requests.filter((r) => r.method === 'CONNECT' || /^https?:\/\//.test(r.path)).map((r) => `${r.method} ${r.path}`)
  const wires = model.map(wireOf)
  const first = wires[0] ?? { route: 'none' }
  const inconsistent = wires.some((wire) => JSON.stringify(wire) !== JSON.stringify(first))
  return { wire: first, inconsistent, escapes, modelRequests: model.length }
}

/** The value a source puts on the wire: trimmed, FD variables by their fd's content, a helper by its output. */
export function wireValueOf(source: CredentialSource, testCase: ConformanceCase): string {
  if (source.name === 'CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR' || source.name === 'CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR') {
    return (testCase.fd?.[source.name as FdVariable] ?? '').trim()
  }
  if (source.name === 'apiKeyHelper') {
    const layer = source.origin.kind === 'settings-file' ? source.origin.layer : undefined
    return helperWireValue(layer ? testCase.settings?.[layer]?.apiKeyHelper : undefined) ?? ''
  }
  return (source.value ?? '').trim()
}

/** The resolver's answer in wire form. `mockUrl` turns a base URL on the mock into the `{mock}` form observations use. */
export function predictedWire(result: WireResult, testCase: ConformanceCase, mockUrl = ''): Wire {
  const route = result.route
  if (result.provider) {
    // The CLI stops before any request (e.g. Foundry with both a resource and a base URL).
    if (result.provider.fails) return { route: 'none' }
    return { route, provider: predictedProviderView(result.provider, testCase, mockUrl, (source) => wireValueOf(source, testCase)) }
  }
  if (route !== 'first-party') return { route }
  if (!result.authorization && !result.xApiKey) return { route: 'none' }
  const wire: Wire = { route }
  if (result.authorization) wire.authorization = { value: wireValueOf(result.authorization, testCase), oauth: result.authorization.oauth }
  if (result.xApiKey) wire.xApiKey = wireValueOf(result.xApiKey, testCase)
  // A whitespace-only ANTHROPIC_API_KEY (present only under 2.1.197's reading)
  // is refused before any request: "Invalid API key", exit 1.
  if (result.xApiKey?.name === 'ANTHROPIC_API_KEY' && wire.xApiKey === '') return { route: 'none' }
  if (result.uncertain?.length) wire.uncertain = [...result.uncertain]
  return wire
}

/** Bedrock, Vertex and Foundry are compared in full (wire-providers.ts); the other providers by route only. */
export function sameWire(predicted: Wire, observed: Wire): boolean {
  if (predicted.route !== observed.route) return false
  if (predicted.provider || observed.provider) return predicted.provider !== undefined && observed.provider !== undefined && sameProviderView(predicted.provider, observed.provider)
  if (predicted.route !== 'first-party') return true
  const maybe = (slot: SlotName) => predicted.uncertain?.includes(slot) ?? false
  const [a, b] = [predicted.authorization, observed.authorization]
  const authorizationOk = (a?.value === b?.value && a?.oauth === b?.oauth) || (maybe('authorization') && b === undefined)
  const xApiKeyOk = predicted.xApiKey === observed.xApiKey || (maybe('x-api-key') && observed.xApiKey === undefined)
  return authorizationOk && xApiKeyOk
}

export function describeWire(wire: Wire, names: ReadonlyMap<string, string> = new Map()): string {
  const label = (value: string) => names.get(value) ?? (value === '' ? '<empty>' : `<unknown ${value.slice(0, 24)}…>`)
  if (wire.provider) return `route=${wire.route} ${describeProviderView(wire.provider, label)}`
  if (wire.route !== 'first-party') return `route=${wire.route}`
  const maybe = (slot: SlotName) => (wire.uncertain?.includes(slot) ? ' (sometimes)' : '')
  const parts = [
    wire.authorization ? `authorization=${label(wire.authorization.value)}${wire.authorization.oauth ? ' (oauth)' : ''}${maybe('authorization')}` : 'authorization=-',
    `x-api-key=${wire.xApiKey !== undefined ? label(wire.xApiKey) + maybe('x-api-key') : '-'}`,
  ]
  return parts.join(' ')
}
