// The cloud-provider side of the mock API: Amazon Bedrock (inference
// profiles, invoke, and the binary event stream), Google's token endpoints
// for an external_account ADC file (STS exchange, service-account
// impersonation) and Microsoft Entra's client-secret flow. Vertex and Foundry
// speak the Messages format, which mock-api.ts already answers.
//
// What a request carried is recorded by `providerHeaders`, so the suite can
// tell a SigV4 signature from a Bedrock API key, and which key id and region
// signed it.

import type http from 'node:http'
import { crc32 } from 'node:zlib'

/** The parts of an `AWS4-HMAC-SHA256` Authorization header that name who signed and where. */
export interface SigV4 {
  accessKeyId: string
  date: string
  region: string
  service: string
  signedHeaders: string[]
}

/** Provider-specific headers of one request. */
export interface ProviderHeaders {
  sigv4?: SigV4
  amzSecurityToken?: string
  /** Azure OpenAI-style `api-key` header (Foundry never sent it in the facts' runs). */
  apiKey?: string
}

export function parseSigV4(authorization: string | undefined): SigV4 | undefined {
  if (!authorization) return undefined
  const match = /^AWS4-HMAC-SHA256\s+Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,]+),/.exec(authorization)
  if (!match) return undefined
  const [, accessKeyId, date, region, service, signedHeaders] = match
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';') }
}

const header = (req: http.IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

export function providerHeaders(req: http.IncomingMessage): ProviderHeaders {
  const found: ProviderHeaders = {}
  const sigv4 = parseSigV4(header(req, 'authorization'))
  if (sigv4) found.sigv4 = sigv4
  const token = header(req, 'x-amz-security-token')
  if (token !== undefined) found.amzSecurityToken = token
  const apiKey = header(req, 'api-key')
  if (apiKey !== undefined) found.apiKey = apiKey
  return found
}

// ---------------------------------------------------------------------------
// AWS event stream (application/vnd.amazon.eventstream): each message is
// total length, headers length, CRC32 of those 8 bytes, headers, payload,
// CRC32 of everything before it. Header values here are all strings (type 7).

function encodeHeaders(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.from(name, 'utf8')
    const valueBytes = Buffer.from(value, 'utf8')
    const head = Buffer.alloc(1 + nameBytes.length + 1 + 2)
    head.writeUInt8(nameBytes.length, 0)
    nameBytes.copy(head, 1)
    head.writeUInt8(7, 1 + nameBytes.length)
    head.writeUInt16BE(valueBytes.length, 2 + nameBytes.length)
    parts.push(head, valueBytes)
  }
  return Buffer.concat(parts)
}

export function eventStreamMessage(headers: Record<string, string>, payload: Buffer): Buffer {
  const headerBytes = encodeHeaders(headers)
  const total = 12 + headerBytes.length + payload.length + 4
  const message = Buffer.alloc(total)
  message.writeUInt32BE(total, 0)
  message.writeUInt32BE(headerBytes.length, 4)
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8)
  headerBytes.copy(message, 12)
  payload.copy(message, 12 + headerBytes.length)
  message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4)
  return message
}

/** One Bedrock `chunk` event: the Anthropic stream event, base64 in `bytes`. */
export function bedrockChunk(event: object): Buffer {
  const payload = Buffer.from(JSON.stringify({ bytes: Buffer.from(JSON.stringify(event), 'utf8').toString('base64') }), 'utf8')
  return eventStreamMessage({ ':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event' }, payload)
}

// ---------------------------------------------------------------------------
// Answers.

type Json = Record<string, unknown>

const sendJson = (res: http.ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

/** The Anthropic stream events of a one-word answer, in order. */
export function messageEvents(reply: Json): Json[] {
  return [
    { type: 'message_start', message: { ...reply, content: [], stop_reason: null, usage: { input_tokens: 1, output_tokens: 0 } } },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ok' } },
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 1 } },
    { type: 'message_stop' },
  ]
}

const BEDROCK_PROFILE_REGIONS = ['us', 'eu', 'apac', 'global'] as const
const BEDROCK_MODELS = ['claude-opus-5-5', 'claude-sonnet-4-5-20250929-v1:0', 'claude-haiku-4-5-20251001-v1:0', 'claude-opus-4-1-20250805-v1:0']

/** System-defined inference profiles for every prefix, so the CLI finds its default model whatever the region. */
function inferenceProfiles(): Json {
  const summaries = BEDROCK_PROFILE_REGIONS.flatMap((prefix) =>
    BEDROCK_MODELS.map((model) => ({
      inferenceProfileId: `${prefix}.anthropic.${model}`,
      inferenceProfileName: `${prefix} ${model}`,
      inferenceProfileArn: `arn:aws:bedrock:us-east-1:000000000000:inference-profile/${prefix}.anthropic.${model}`,
      models: [{ modelArn: `arn:aws:bedrock:us-east-1::foundation-model/anthropic.${model}` }],
      status: 'ACTIVE',
      type: 'SYSTEM_DEFINED',
    })),
  )
  return { inferenceProfileSummaries: summaries }
}

const BEDROCK_INVOKE = /\/model\/([^/]+)\/(invoke|invoke-with-response-stream)$/

/** The model id in a Bedrock invoke path (URL-decoded), or undefined. */
export function bedrockModelOf(pathname: string): string | undefined {
  const match = BEDROCK_INVOKE.exec(pathname)
  return match ? decodeURIComponent(match[1]) : undefined
}

function answerBedrock(pathname: string, method: string, message: (model: string) => Json, res: http.ServerResponse): boolean {
  if (method === 'GET' && /\/inference-profiles$/.test(pathname)) {
    sendJson(res, 200, inferenceProfiles())
    return true
  }
  const match = BEDROCK_INVOKE.exec(pathname)
  if (method !== 'POST' || !match) return false
  const reply = message(decodeURIComponent(match[1]))
  if (match[2] === 'invoke') {
    sendJson(res, 200, reply)
    return true
  }
  res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'conformance' })
  for (const event of messageEvents(reply)) res.write(bedrockChunk(event))
  res.end()
  return true
}

/** AWS STS (AssumeRoleWithWebIdentity, via AWS_ENDPOINT_URL_STS) and the container credentials endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI). */
function answerAws(pathname: string, method: string, res: http.ServerResponse): boolean {
  const expiration = new Date(Date.now() + 3600_000).toISOString()
  if (method === 'POST' && pathname.startsWith(AWS_STS_PATH)) {
    const { accessKeyId, sessionToken } = AWS_CHAIN_KEYS.webIdentity
    res.writeHead(200, { 'content-type': 'text/xml' })
    res.end(
      `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult>` +
        `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>conformance-secret</SecretAccessKey>` +
        `<SessionToken>${sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
        `<AssumedRoleUser><Arn>arn:aws:sts::000000000000:assumed-role/conformance/ci</Arn><AssumedRoleId>AROACONFORMANCE:ci</AssumedRoleId></AssumedRoleUser>` +
        `<SubjectFromWebIdentityToken>repo:o/r:ref:refs/heads/main</SubjectFromWebIdentityToken></AssumeRoleWithWebIdentityResult>` +
        `<ResponseMetadata><RequestId>conformance</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`,
    )
    return true
  }
  if (method === 'GET' && pathname === AWS_CONTAINER_PATH) {
    const { accessKeyId, sessionToken } = AWS_CHAIN_KEYS.container
    sendJson(res, 200, { AccessKeyId: accessKeyId, SecretAccessKey: 'conformance-secret', Token: sessionToken, Expiration: expiration })
    return true
  }
  return false
}

/** Google's token endpoints as an external_account file names them (see googleExternalAccount). */
function answerGoogle(pathname: string, method: string, res: http.ServerResponse): boolean {
  if (method !== 'POST') return false
  if (pathname === GOOGLE_STS_PATH) {
    sendJson(res, 200, {
      access_token: GOOGLE_TOKENS.federated,
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      token_type: 'Bearer',
      expires_in: 3600,
    })
    return true
  }
  if (pathname.startsWith(GOOGLE_IAM_PREFIX) && pathname.endsWith(':generateAccessToken')) {
    sendJson(res, 200, { accessToken: GOOGLE_TOKENS.impersonated, expireTime: new Date(Date.now() + 3600_000).toISOString() })
    return true
  }
  return false
}

/** Entra ID (login.microsoftonline.com) as MSAL asks it: instance discovery, OpenID metadata, token. */
function answerEntra(pathname: string, method: string, body: string, authority: string, res: http.ServerResponse): boolean {
  const base = authority.replace(/\/$/, '')
  if (method === 'GET' && pathname.endsWith('/discovery/instance')) {
    const host = new URL(base).host
    sendJson(res, 200, {
      tenant_discovery_endpoint: `${base}/common/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    })
    return true
  }
  const openid = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(pathname)
  if (method === 'GET' && openid) {
    const tenant = openid[1]
    sendJson(res, 200, entraDiscovery(base, tenant!))
    return true
  }
  if (method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(pathname)) {
    // A federated (workload identity) request proves itself with a client assertion instead of a secret.
    const token = new URLSearchParams(body).has('client_assertion') ? AZURE_TOKENS.workloadIdentity : AZURE_TOKENS.clientSecret
    sendJson(res, 200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: token })
    return true
  }
  return false
}

/**
 * Azure's instance metadata service, reached as plain http through the
 * mock-as-proxy: the managed-identity member of the Azure credential chain.
 * A request without the `Metadata` header is the SDK's availability probe.
 */
function answerAzureImds(target: URL, method: string, headers: http.IncomingHttpHeaders, res: http.ServerResponse): boolean {
  if (method !== 'GET' || target.host !== AZURE_IMDS_HOST || target.pathname !== '/metadata/identity/oauth2/token') return false
  if (headers.metadata !== 'true') {
    sendJson(res, 400, { error: 'invalid_request', error_description: 'Required metadata header not specified' })
    return true
  }
  const now = Math.floor(Date.now() / 1000)
  sendJson(res, 200, {
    access_token: AZURE_TOKENS.managedIdentity,
    expires_in: '3599',
    expires_on: String(now + 3599),
    ext_expires_in: '3599',
    not_before: String(now),
    resource: target.searchParams.get('resource') ?? '',
    token_type: 'Bearer',
  })
  return true
}

export interface ProviderAnswerContext {
  method: string
  /** The request target; for a proxied request (absolute URL) its host is the one the CLI meant. */
  target: URL
  proxied: boolean
  headers: http.IncomingHttpHeaders
  body: string
  /** The URL this server is reached at (for Entra's metadata, which names its own endpoints). */
  selfUrl: string
  message: (model: string) => Json
}

/** Answers a provider-only endpoint; false when the request is not one (the caller answers it). */
export function answerProviderRequest(ctx: ProviderAnswerContext, res: http.ServerResponse): boolean {
  if (ctx.proxied) return answerAzureImds(ctx.target, ctx.method, ctx.headers, res)
  const { pathname } = ctx.target
  return (
    answerBedrock(pathname, ctx.method, ctx.message, res) ||
    answerAws(pathname, ctx.method, res) ||
    answerGoogle(pathname, ctx.method, res) ||
    answerEntra(pathname, ctx.method, ctx.body, ctx.selfUrl, res)
  )
}

// ---------------------------------------------------------------------------
// Credentials files that send a provider's token flow to the mock.

export const AWS_STS_PATH = '/aws-sts'
export const AWS_CONTAINER_PATH = '/aws-container-credentials'
/** What the mock's AWS credential endpoints hand out: the SigV4 key id on the wire names the endpoint. */
export const AWS_CHAIN_KEYS = {
  webIdentity: { accessKeyId: 'ASIAWEBIDENTITYCONFORMANCE', sessionToken: 'conformance-web-identity-session' },
  container: { accessKeyId: 'ASIACONTAINERCONFORMANCE', sessionToken: 'conformance-container-session' },
  /** Printed by awsCredentialProcessScript, not served by the mock. */
  process: { accessKeyId: 'ASIAPROCESSCONFORMANCE', sessionToken: 'conformance-process-session' },
} as const

/** A `credential_process` script that prints AWS_CHAIN_KEYS.process the way the AWS CLI's helpers do. */
export function awsCredentialProcessScript(): string {
  const { accessKeyId, sessionToken } = AWS_CHAIN_KEYS.process
  const output = JSON.stringify({ Version: 1, AccessKeyId: accessKeyId, SecretAccessKey: 'conformance-secret', SessionToken: sessionToken })
  return `#!/bin/sh\nprintf '%s' '${output}'\n`
}

export const GOOGLE_STS_PATH = '/google-sts/v1/token'
export const GOOGLE_IAM_PREFIX = '/google-iam/v1/projects/-/serviceAccounts/'
export const GOOGLE_SERVICE_ACCOUNT = 'conformance@conformance.iam.gserviceaccount.com'

/** Recognisable access tokens: a Bearer on the wire names the step of the flow it came from. */
export const GOOGLE_TOKENS = {
  federated: 'ya29.conformance-sts-federated-token',
  impersonated: 'ya29.conformance-impersonated-token',
} as const
/** Azure access tokens, one per chain member, so the Bearer on the wire names the member that got it. */
export const AZURE_TOKENS = {
  clientSecret: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.conformance-entra-client-secret.',
  workloadIdentity: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.conformance-entra-workload-identity.',
  managedIdentity: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.conformance-managed-identity.',
} as const
export const AZURE_IMDS_HOST = '169.254.169.254'

/**
 * An external_account ADC file like google-github-actions/auth writes, with
 * its token endpoints on the mock. Without `impersonate`, the STS token is
 * the one sent.
 */
export function googleExternalAccount(mockUrl: string, subjectTokenFile: string, impersonate: boolean): Json {
  const file: Json = {
    type: 'external_account',
    audience: '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/conformance/providers/github',
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    token_url: `${mockUrl}${GOOGLE_STS_PATH}`,
    credential_source: { file: subjectTokenFile, format: { type: 'text' } },
  }
  if (impersonate) file.service_account_impersonation_url = `${mockUrl}${GOOGLE_IAM_PREFIX}${GOOGLE_SERVICE_ACCOUNT}:generateAccessToken`
  return file
}

/**
 * Entra ID's OpenID discovery document for a tenant, as login.microsoftonline.com
 * answers it (MSAL reads the token endpoint from it before any token request).
 * Shared with the process tests' fake (`__tests__/process/provider-fakes.ts`).
 */
export function entraDiscovery(base: string, tenant: string): Record<string, unknown> {
  return {
    token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
    issuer: `${base}/${tenant}/v2.0`,
    end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
    jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
    response_types_supported: ['code', 'id_token', 'token'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
    tenant_region_scope: 'NA',
    cloud_instance_name: 'microsoftonline.com',
  }
}
