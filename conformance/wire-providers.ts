// The provider part of a wire: where a Bedrock, Vertex or Foundry request
// went (endpoint, model prefix, project, region) and what it carried (SigV4
// key id and signing region, Bearer, x-api-key, session token), observed on
// the mock and predicted from the resolver's ProviderWire.

import { isChain, type ChainSource, type CloudProvider, type CredentialSource, type ProviderCredential, type ProviderWire } from '../src/resolve/model.js'
import type { ConformanceCase } from './case-model.js'
import type { RecordedRequest } from './mock-api.js'
import { AWS_CHAIN_KEYS, AZURE_TOKENS, GOOGLE_TOKENS } from './mock-providers.js'

export interface ProviderView {
  /** `{mock}/<prefix>` for the mock's http side, `https://<host>/<prefix>` for a host the mock stood in for. */
  endpoint: string
  /** Bedrock: the inference-profile prefix in the model id. */
  modelPrefix?: string
  /** Vertex: project and location in the path. */
  project?: string
  region?: string
  authorization?: { bearer: string } | { sigv4: { accessKeyId: string; region: string } }
  xApiKey?: string
  amzSecurityToken?: string
}

const HOSTS: readonly (readonly [RegExp, CloudProvider])[] = [
  [/\.amazonaws\.com$/, 'bedrock'],
  [/aiplatform(\.[a-z]+\.rep)?\.googleapis\.com$/, 'vertex'],
  [/\.services\.ai\.azure\.com$/, 'foundry'],
]

/** The provider a request over the mock's https side was meant for, by its host. */
export function providerOfHost(host: string | undefined): CloudProvider | undefined {
  if (!host) return undefined
  return HOSTS.find(([pattern]) => pattern.test(host.replace(/:\d+$/, '')))?.[1]
}

/** Where the provider puts the model, project and region in the path; what precedes it is the endpoint. */
const PATHS: Record<CloudProvider, RegExp> = {
  bedrock: /^(.*)\/model\/([^/]+)\/invoke(?:-with-response-stream)?$/,
  vertex: /^(.*)\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/anthropic\/models\/[^/]+$/,
  foundry: /^(.*)\/v1\/messages$/,
}

export function observedProviderView(provider: CloudProvider, request: RecordedRequest): ProviderView {
  const pathname = request.path.split('?')[0]
  const match = PATHS[provider].exec(pathname)
  const origin = request.tlsHost ? `https://${request.tlsHost}` : '{mock}'
  const view: ProviderView = { endpoint: origin + (match ? match[1] : pathname) }
  if (match && provider === 'bedrock') {
    const model = decodeURIComponent(match[2])
    const at = model.indexOf('.anthropic.')
    if (at > 0) view.modelPrefix = model.slice(0, at)
  }
  if (match && provider === 'vertex') {
    view.project = decodeURIComponent(match[2])
    view.region = decodeURIComponent(match[3])
  }
  if (request.sigv4) view.authorization = { sigv4: { accessKeyId: request.sigv4.accessKeyId, region: request.sigv4.region } }
  else if (request.authorization !== undefined) view.authorization = { bearer: request.authorization.replace(/^Bearer(\s+|$)/i, '') }
  if (request.xApiKey !== undefined) view.xApiKey = request.xApiKey
  if (request.amzSecurityToken !== undefined) view.amzSecurityToken = request.amzSecurityToken
  return view
}

// ---------------------------------------------------------------------------
// Prediction. A chain's value is known from the case: the profile it wrote,
// the credentials file it wrote, or the token the mock hands out for the
// chain member the resolver named.

export interface ChainValues {
  accessKeyId?: string
  sessionToken?: string
  bearer?: string
}

function awsProfileValues(chain: ChainSource, testCase: ConformanceCase): ChainValues {
  const profile = chain.profile?.name ?? 'default'
  for (const keys of [testCase.awsFiles?.credentials?.[profile], testCase.awsFiles?.config?.[profile]]) {
    if (keys?.aws_access_key_id) return { accessKeyId: keys.aws_access_key_id, ...(keys.aws_session_token ? { sessionToken: keys.aws_session_token } : {}) }
    if (keys?.credential_process) return AWS_CHAIN_KEYS.process
  }
  return {}
}

/** The external_account file a case points GOOGLE_APPLICATION_CREDENTIALS at: impersonation or not decides the token. */
function googleFileValues(testCase: ConformanceCase): ChainValues {
  const relative = (testCase.env?.GOOGLE_APPLICATION_CREDENTIALS ?? '').replace(/^\{root\}\//, '')
  const content = testCase.files?.[relative]
  if (!content) return {}
  const file = JSON.parse(content) as { service_account_impersonation_url?: string }
  return { bearer: file.service_account_impersonation_url ? GOOGLE_TOKENS.impersonated : GOOGLE_TOKENS.federated }
}

/** What a chain member sends in a case, or {} when the suite cannot serve that member. */
export function chainValues(chain: ChainSource, testCase: ConformanceCase): ChainValues {
  switch (`${chain.name}/${chain.member}`) {
    case 'aws-chain/profile':
      return awsProfileValues(chain, testCase)
    case 'aws-chain/web-identity':
      return AWS_CHAIN_KEYS.webIdentity
    case 'aws-chain/container':
      return AWS_CHAIN_KEYS.container
    case 'google-adc/credentials-file':
      return googleFileValues(testCase)
    case 'azure-chain/environment':
      return { bearer: AZURE_TOKENS.clientSecret }
    case 'azure-chain/workload-identity':
      return { bearer: AZURE_TOKENS.workloadIdentity }
    case 'azure-chain/managed-identity-or-cli':
      return { bearer: AZURE_TOKENS.managedIdentity }
    default:
      return {}
  }
}

const UNKNOWN = (credential: ProviderCredential) => `<no value the suite can serve for ${isChain(credential) ? `${credential.name}/${credential.member}` : credential.name}>`

export function predictedProviderView(
  wire: ProviderWire,
  testCase: ConformanceCase,
  mockUrl: string,
  firstPartyValue: (source: CredentialSource) => string,
): ProviderView {
  const view: ProviderView = { endpoint: wire.endpoint.value.replace(mockUrl, '{mock}').replace(/\/+$/, '') }
  if (wire.modelPrefix) view.modelPrefix = wire.modelPrefix.value
  if (wire.name === 'vertex') {
    if (wire.project) view.project = wire.project.value
    if (wire.region) view.region = wire.region.value
  }
  const valueOf = (credential: ProviderCredential): ChainValues & { value?: string } =>
    isChain(credential) ? chainValues(credential, testCase) : { value: credential.value.trim(), accessKeyId: credential.value.trim() }
  const { auth, forwarded } = wire
  if (auth.kind === 'sigv4') {
    const values = valueOf(auth.credential)
    view.authorization = { sigv4: { accessKeyId: values.accessKeyId ?? UNKNOWN(auth.credential), region: auth.region.value } }
    const sessionToken = auth.sessionToken?.value.trim() ?? values.sessionToken
    if (sessionToken) view.amzSecurityToken = sessionToken
  } else if (forwarded.authorization) {
    view.authorization = { bearer: firstPartyValue(forwarded.authorization) }
  } else if (auth.kind === 'bearer') {
    const values = valueOf(auth.credential)
    view.authorization = { bearer: values.value ?? values.bearer ?? UNKNOWN(auth.credential) }
  } else if (auth.kind === 'none' && auth.placeholder) {
    view.authorization = { bearer: auth.placeholder }
  }
  if (auth.kind === 'x-api-key') view.xApiKey = auth.credential.value.trim()
  else if (forwarded.xApiKey) view.xApiKey = firstPartyValue(forwarded.xApiKey)
  return view
}

export function sameProviderView(a: ProviderView, b: ProviderView): boolean {
  const keys: (keyof ProviderView)[] = ['endpoint', 'modelPrefix', 'project', 'region', 'authorization', 'xApiKey', 'amzSecurityToken']
  return keys.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]))
}

export function describeProviderView(view: ProviderView, label: (value: string) => string): string {
  const parts = [`endpoint=${view.endpoint}`]
  if (view.modelPrefix !== undefined) parts.push(`model-prefix=${view.modelPrefix}`)
  if (view.project !== undefined) parts.push(`project=${view.project}`)
  if (view.region !== undefined) parts.push(`region=${view.region}`)
  const auth = view.authorization
  if (!auth) parts.push('authorization=-')
  else if ('sigv4' in auth) parts.push(`authorization=SigV4(${label(auth.sigv4.accessKeyId)}, ${auth.sigv4.region})`)
  else parts.push(`authorization=Bearer ${label(auth.bearer)}`)
  parts.push(`x-api-key=${view.xApiKey !== undefined ? label(view.xApiKey) : '-'}`)
  if (view.amzSecurityToken !== undefined) parts.push(`x-amz-security-token=${label(view.amzSecurityToken)}`)
  return parts.join(' ')
}
