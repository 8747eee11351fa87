// A self-signed certificate for the mock's HTTPS side, made once per process
// with openssl. The CLI trusts it through NODE_EXTRA_CA_CERTS, so the mock
// can stand in for hosts the CLI only reaches over https: Entra ID (whose
// client library refuses an http authority and asks login.microsoftonline.com
// for instance metadata whatever AZURE_AUTHORITY_HOST says), and the
// providers' default endpoints, which a case reaches by leaving the base URL
// unset. The proxy tunnels CONNECTs to these hosts into the mock.

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { MockTls } from './mock-api.js'

/** Hosts the certificate names. The provider hosts are the defaults the `provider:` cases expect. */
export const MOCK_TLS_HOSTS = [
  'login.microsoftonline.com',
  'conformance.services.ai.azure.com',
  'bedrock-runtime.eu-west-1.amazonaws.com',
  'bedrock.eu-west-1.amazonaws.com',
  'us-east5-aiplatform.googleapis.com',
  // Where the CLI refreshes a /login (later-steps `login:` cases).
  'platform.claude.com',
] as const

export interface MockTlsFiles extends MockTls {
  /** The certificate's file, for NODE_EXTRA_CA_CERTS. */
  certFile: string
}

let made: MockTlsFiles | null | undefined

/** The certificate, or undefined when openssl is not available (cases that need it are then skipped). */
export function mockTls(): MockTlsFiles | undefined {
  if (made !== undefined) return made ?? undefined
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-conformance-tls-'))
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
  const keyFile = path.join(dir, 'key.pem')
  const certFile = path.join(dir, 'cert.pem')
  const san = ['IP:127.0.0.1', ...MOCK_TLS_HOSTS.map((host) => `DNS:${host}`)].join(',')
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=claude-code-auth conformance mock', '-addext', `subjectAltName=${san}`],
      { stdio: 'ignore', timeout: 30_000 },
    )
    made = { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile, hosts: MOCK_TLS_HOSTS }
  } catch {
    made = null
  }
  return made ?? undefined
}
