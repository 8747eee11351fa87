/**
 * Local stand-ins for the cloud providers, on 127.0.0.1, for the providers' live checks:
 * Bedrock's control plane, AWS STS, Google STS, Vertex AI's token counter, Foundry's, and
 * Microsoft Entra ID over TLS (reached through a CONNECT proxy that maps its host name here,
 * because @azure/identity asks login.microsoftonline.com whatever AZURE_AUTHORITY_HOST says).
 *
 * Which answer a request gets depends only on the credential it carries, so concurrent tests
 * can share one server. Every request is recorded.
 */

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { entraDiscovery } from '../../conformance/mock-providers.js'

export interface Recorded {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

export interface Fake {
  url: string
  requests: Recorded[]
  close(): Promise<void>
}

/** AWS access key ids and what the fake Bedrock answers each. */
export const AWS_KEY_IDS = {
  valid: 'AKIAVALIDEXAMPLE0001',
  unknown: 'AKIAUNKNOWNEXAMPLE01',
  denied: 'AKIADENIEDEXAMPLE001',
  silent: 'AKIASILENTEXAMPLE001',
} as const

/** Bearer values the fakes hand out or accept, by what they are for. */
export const TOKENS = {
  googleValid: 'ya29.fake-google-token-valid-0123456789',
  googleRejected: 'ya29.fake-google-token-bad-0123456789',
  entra: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.fake-entra-token-0123456789.',
} as const

/** Subject tokens (the job's OIDC token in a file) and what the fake Google STS does with each. */
export const SUBJECTS = { valid: 'subject-valid-oidc-jwt', rejectedToken: 'subject-token-vertex-rejects', refused: 'subject-refused-by-condition' } as const

const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

function listen(server: net.Server, sockets: Set<net.Socket>): Promise<{ port: number; close(): Promise<void> }> {
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          }),
      }),
    ),
  )
}

function recorder(requests: Recorded[], answer: (req: Recorded, res: http.ServerResponse) => void) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
      requests.push(recorded)
      answer(recorded, res)
    })
  }
}

const awsKeyIdOf = (authorization: string | undefined) => /Credential=([A-Z0-9]+)\//.exec(authorization ?? '')?.[1]

/**
 * The providers on plain http:
 * - `/bedrock…/inference-profiles` answers by SigV4 key id or Bedrock API key (a test may add a suffix of its own to `/bedrock`);
 * - `/aws-sts/` denies AssumeRoleWithWebIdentity;
 * - `/google-sts/v1/token` exchanges a subject token (or refuses it);
 * - `/vertex/v1/projects/…:rawPredict` counts tokens for a good Google token;
 * - `/foundry/anthropic/v1/messages/count_tokens` counts tokens for a good key or Entra token.
 * `goodBedrockKey` and `goodFoundryKey` are the API keys the fakes accept.
 */
export async function startProviderFake(keys: { goodBedrockKey: string; goodFoundryKey: string; echo: string }): Promise<Fake> {
  const requests: Recorded[] = []
  const sockets = new Set<net.Socket>()
  const server = http.createServer(
    recorder(requests, (req, res) => {
      const path = req.url.split('?')[0] ?? ''
      const authorization = req.headers.authorization
      if (req.method === 'GET' && /^\/bedrock[\w-]*\/inference-profiles$/.test(path)) {
        const keyId = awsKeyIdOf(authorization)
        if (keyId === AWS_KEY_IDS.silent) return // never answers
        if (keyId === AWS_KEY_IDS.valid || authorization === `Bearer ${keys.goodBedrockKey}`) {
          return json(res, 200, { inferenceProfileSummaries: [{ inferenceProfileId: 'us.anthropic.claude-opus-5-5', status: 'ACTIVE', type: 'SYSTEM_DEFINED' }], nextToken: 'n' })
        }
        if (keyId === AWS_KEY_IDS.denied) {
          return json(res, 403, { message: 'User: arn:aws:sts::000000000000:assumed-role/ci/gh is not authorized to perform: bedrock:ListInferenceProfiles' }, { 'x-amzn-errortype': 'AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/' })
        }
        if (authorization?.startsWith('Bearer ')) return json(res, 401, { message: `Invalid API Key ${authorization.slice(7)}` })
        // An unknown key: AWS's answer, echoing what a hostile gateway might (the secret).
        return json(res, 403, { message: `The security token included in the request is invalid. (${keys.echo})` }, { 'x-amzn-errortype': 'UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/' })
      }
      // Token services that accept the connection and never answer.
      if (path.startsWith('/aws-sts-silent') || path.startsWith('/google-sts-silent')) return
      if (req.method === 'POST' && path.startsWith('/aws-sts')) {
        res.writeHead(403, { 'content-type': 'text/xml' })
        return res.end(
          '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>' +
            '<Message>Not authorized to perform sts:AssumeRoleWithWebIdentity</Message></Error><RequestId>fake</RequestId></ErrorResponse>',
        )
      }
      if (req.method === 'POST' && path === '/google-sts/v1/token') {
        const subject = new URLSearchParams(req.body).get('subject_token')
        if (subject === SUBJECTS.refused) return json(res, 400, { error: 'invalid_grant', error_description: 'The given credential is rejected by the attribute condition.' })
        const token = subject === SUBJECTS.valid ? TOKENS.googleValid : TOKENS.googleRejected
        return json(res, 200, { access_token: token, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'Bearer', expires_in: 3600 })
      }
      if (req.method === 'POST' && path.startsWith('/vertex/v1/projects/') && path.endsWith('/count-tokens:rawPredict')) {
        if (authorization !== `Bearer ${TOKENS.googleValid}`) {
          return json(res, 401, { error: { code: 401, message: 'Request had invalid authentication credentials. Expected OAuth 2 access token.', status: 'UNAUTHENTICATED' } })
        }
        if (path.includes('/projects/api-disabled-project/')) {
          return json(res, 403, {
            error: {
              code: 403,
              message: 'Vertex AI API has not been used in project api-disabled-project before or it is disabled.',
              status: 'PERMISSION_DENIED',
              details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'SERVICE_DISABLED' }],
            },
          })
        }
        if (path.includes('/projects/slow-project/')) return // never answers
        return json(res, 200, { input_tokens: 8 })
      }
      if (req.method === 'POST' && path === '/foundry/anthropic/v1/messages/count_tokens') {
        if (req.headers['x-api-key'] === keys.goodFoundryKey || authorization === `Bearer ${TOKENS.entra}`) return json(res, 200, { input_tokens: 8 })
        return json(res, 401, { error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.' } })
      }
      json(res, 404, { message: `no fake for ${req.method} ${path}` })
    }),
  )
  const { port, close } = await listen(server, sockets)
  return { url: `http://127.0.0.1:${port}`, requests, close }
}

export interface Certificate {
  key: string
  cert: string
  /** For NODE_EXTRA_CA_CERTS. */
  certPath: string
  cleanup(): void
}

/** A self-signed certificate for `host`, made by openssl; undefined when openssl is missing. */
export function certificateFor(host: string): Certificate | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'provider-live-cert-'))
  const config = join(dir, 'openssl.cnf')
  writeFileSync(
    config,
    ['[req]', 'distinguished_name = dn', 'x509_extensions = ext', 'prompt = no', '[dn]', `CN = ${host}`, '[ext]', 'basicConstraints = critical, CA:TRUE', 'keyUsage = critical, digitalSignature, keyCertSign', `subjectAltName = DNS:${host}`, ''].join('\n'),
  )
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-config', config], { stdio: 'ignore' })
  } catch {
    rmSync(dir, { recursive: true, force: true })
    return undefined
  }
  return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), certPath: join(dir, 'cert.pem'), cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export const ENTRA_HOST = 'login.microsoftonline.com'

/** Entra ID as MSAL asks it (instance discovery, OpenID metadata, the token endpoint), over TLS. */
export async function startFakeEntra(certificate: Certificate): Promise<Fake> {
  const requests: Recorded[] = []
  const sockets = new Set<net.Socket>()
  const base = `https://${ENTRA_HOST}`
  const server = https.createServer(
    { key: certificate.key, cert: certificate.cert },
    recorder(requests, (req, res) => {
      const path = req.url.split('?')[0] ?? ''
      if (req.method === 'GET' && path.endsWith('/discovery/instance')) {
        return json(res, 200, { tenant_discovery_endpoint: `${base}/common/v2.0/.well-known/openid-configuration`, 'api-version': '1.1', metadata: [{ preferred_network: ENTRA_HOST, preferred_cache: ENTRA_HOST, aliases: [ENTRA_HOST] }] })
      }
      const openid = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path)
      if (req.method === 'GET' && openid) {
        const tenant = openid[1]
        return json(res, 200, entraDiscovery(base, tenant!))
      }
      if (req.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path)) {
        const form = new URLSearchParams(req.body)
        if (form.get('client_secret') !== 'entra-client-secret-that-works-0123') {
          return json(res, 401, { error: 'invalid_client', error_description: "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'fake'.", error_codes: [7000215] })
        }
        return json(res, 200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: TOKENS.entra })
      }
      json(res, 404, { error: 'not_found' })
    }),
  )
  const { port, close } = await listen(server, sockets)
  return { url: `https://127.0.0.1:${port}`, requests, close }
}

/** An HTTP CONNECT proxy that sends `host:443` to 127.0.0.1:`port` for the hosts in `map`, and refuses the rest. */
export async function startMappingProxy(map: Record<string, number>): Promise<Fake & { connects: string[] }> {
  const connects: string[] = []
  const sockets = new Set<net.Socket>()
  const server = http.createServer((_req, res) => void res.writeHead(405).end())
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    connects.push(req.url ?? '')
    client.on('error', () => {})
    const port = map[(req.url ?? '').replace(/:443$/, '')]
    if (port === undefined) return void client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n')
    const upstream = net.connect({ host: '127.0.0.1', port }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    sockets.add(upstream)
    upstream.on('error', () => client.destroy())
    client.on('close', () => upstream.destroy())
  })
  const { port, close } = await listen(server, sockets)
  return { url: `http://127.0.0.1:${port}`, requests: [], connects, close }
}
