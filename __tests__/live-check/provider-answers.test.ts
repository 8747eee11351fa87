// The providers' live checks, rule by rule: which error body says what, and what each SDK
// failure (the AWS default chain, Google ADC, DefaultAzureCredential) means for the verdict.
// The errors are written here the way each SDK throws them; the process-level tests
// (__tests__/process/provider-live-check.test.ts) drive the SDKs for real against fakes.

import { describe, expect, test } from '@jest/globals'

import { awsChainFailure, controlPlane } from '../../src/live-check/bedrock.js'
import { azureFailure } from '../../src/live-check/foundry.js'
import { errorBody } from '../../src/live-check/provider-answers.js'
import { ProviderCheck } from '../../src/live-check/provider-check.js'
import { googleFailure } from '../../src/live-check/vertex.js'
import type { ProviderWire } from '../../src/resolve/model.js'

const answer = (body: string, headers: Record<string, string> = {}) => ({ body, headers })

describe('error bodies', () => {
  test('AWS: the type from x-amzn-errortype (before the colon), the message from `message`', () => {
    const error = errorBody(answer('{"message":"The security token included in the request is invalid."}', { 'x-amzn-errortype': 'UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/' }))
    expect(error).toMatchObject({ type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' })
  })

  test('AWS: `__type` after the #, `Message` with a capital', () => {
    expect(errorBody(answer('{"__type":"com.amazon.coral.service#AccessDeniedException","Message":"denied"}'))).toMatchObject({ type: 'AccessDeniedException', message: 'denied' })
  })

  test("Google: status and every details[].reason are matchable", () => {
    const error = errorBody(answer(JSON.stringify({ error: { code: 403, message: 'Vertex AI API has not been used', status: 'PERMISSION_DENIED', details: [{ reason: 'SERVICE_DISABLED' }] } })))
    expect(error.type).toBe('PERMISSION_DENIED')
    expect(error.text).toContain('service_disabled')
  })

  test('Azure: the numeric code as a string; Anthropic: the error type', () => {
    expect(errorBody(answer('{"error":{"code":"401","message":"Access denied due to invalid subscription key"}}'))).toMatchObject({ type: '401', message: 'Access denied due to invalid subscription key' })
    expect(errorBody(answer('{"type":"error","error":{"type":"not_found_error","message":"model: x"}}'))).toMatchObject({ type: 'not_found_error', message: 'model: x' })
  })

  test('HTML: tags and scripts dropped', () => {
    expect(errorBody(answer('<html><script>x()</script><h1>Forbidden</h1></html>')).message).toBe('Forbidden')
  })
})

describe('AWS default chain failures', () => {
  test.each([
    [{ name: 'CredentialsProviderError', message: 'Could not load credentials from any providers' }, 'invalid', 'no-credentials', 'No AWS credentials'],
    [{ name: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity', $metadata: { httpStatusCode: 403 } }, 'forbidden', 'token-exchange-refused', 'AWS denied AssumeRoleWithWebIdentity'],
    [{ name: 'InvalidIdentityTokenException', message: 'No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com' }, 'invalid', 'token-exchange-refused', 'AWS rejected the web identity token'],
    [{ name: 'ExpiredTokenException', message: 'Token expired: current date/time 1700000000 must be before the expiration date/time 1690000000' }, 'expired', 'expired', 'AWS credentials expired'],
    [{ name: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' }, 'network-error', 'network-other', 'Cannot reach the AWS credential service (ECONNREFUSED)'],
    [{ name: 'InternalFailure', message: 'oops', $metadata: { httpStatusCode: 503 } }, 'server-error', 'server-error', 'AWS credential service error (503)'],
    [{ name: 'CredentialsProviderError', message: 'Profile ci could not be found or parsed in shared credentials file.' }, 'invalid', 'credential-error', 'AWS credentials could not be loaded'],
  ])('%j → %s (%s)', (error, verdict, reason, title) => {
    const outcome = awsChainFailure(error, {})
    expect({ verdict: outcome.verdict, reason: outcome.reason, title: outcome.wording.title }).toEqual({ verdict, reason, title })
    expect(outcome.said?.text).toBe(error.message)
  })

  test('AccessDenied without web identity in play is about the profile’s role, not the OIDC trust policy', () => {
    const outcome = awsChainFailure({ name: 'AccessDenied', message: 'User is not authorized to perform: sts:AssumeRole' }, {})
    expect(outcome.wording.title).toBe('AWS denied the role assumption')
    expect(awsChainFailure({ name: 'AccessDenied', message: 'denied' }, { AWS_ROLE_ARN: 'arn:aws:iam::1:role/r', AWS_WEB_IDENTITY_TOKEN_FILE: '/t' }).wording.title).toBe('AWS denied AssumeRoleWithWebIdentity')
  })
})

describe('Google ADC failures', () => {
  const gaxios = (status: number, url: string, message: string) => Object.assign(new Error(message), { response: { status }, config: { url } })
  test.each([
    [new Error('Could not load the default credentials. Browse to https://cloud.google.com/docs/authentication/getting-started for more information.'), 'invalid', 'no-credentials', 'No Google credentials'],
    [new Error('The file at /tmp/nope.json does not exist, or it is not a file. ENOENT: no such file or directory'), 'invalid', 'credential-error', 'Google credentials file not usable'],
    [gaxios(400, 'https://sts.googleapis.com/v1/token', 'The given credential is rejected by the attribute condition.'), 'invalid', 'token-exchange-refused', 'Google STS refused the OIDC token (400)'],
    [gaxios(403, 'https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/ci@p.iam.gserviceaccount.com:generateAccessToken', "Permission 'iam.serviceAccounts.getAccessToken' denied"), 'forbidden', 'token-exchange-refused', 'Google denied service account impersonation (403)'],
    [gaxios(503, 'https://sts.googleapis.com/v1/token', 'unavailable'), 'server-error', 'server-error', 'Google token service error (503)'],
    [Object.assign(new Error('request to https://sts.googleapis.com/v1/token failed, reason: getaddrinfo ENOTFOUND sts.googleapis.com'), { code: 'ENOTFOUND' }), 'network-error', 'network-other', 'Cannot reach the Google token service (ENOTFOUND)'],
  ])('%s → %s (%s)', (error, verdict, reason, title) => {
    const outcome = googleFailure(error)
    expect({ verdict: outcome.verdict, reason: outcome.reason, title: outcome.wording.title }).toEqual({ verdict, reason, title })
  })
})

describe('DefaultAzureCredential failures', () => {
  const named = (name: string, message: string) => Object.assign(new Error(message), { name })
  const aggregate = (...errors: Error[]) => Object.assign(new Error('ChainedTokenCredential authentication failed.'), { name: 'AggregateAuthenticationError', errors })

  test('every member unavailable: no Azure credentials', () => {
    const outcome = azureFailure(aggregate(named('CredentialUnavailableError', 'EnvironmentCredential is unavailable'), named('CredentialUnavailableError', 'Azure CLI could not be found')))
    expect([outcome.verdict, outcome.reason, outcome.wording.title]).toEqual(['invalid', 'no-credentials', 'No Azure credentials'])
  })

  test.each([
    ["AADSTS70021: No matching federated identity record found for presented assertion subject 'repo:o/r:ref:refs/heads/main'.", 'invalid', 'token-exchange-refused', 'Entra ID refused the GitHub OIDC token'],
    ['AADSTS7000215: Invalid client secret provided.', 'invalid', 'token-exchange-refused', 'Entra ID rejected AZURE_CLIENT_SECRET'],
    ["AADSTS7000222: The provided client secret keys for app 'x' are expired.", 'expired', 'expired', 'Azure credential expired'],
    ["AADSTS700016: Application with identifier 'x' was not found in the directory 'y'.", 'invalid', 'token-exchange-refused', 'Entra ID does not know this application or tenant'],
  ])('the member that failed decides, past the unavailable ones: %s', (message, verdict, reason, title) => {
    const outcome = azureFailure(aggregate(named('CredentialUnavailableError', 'unavailable'), named('AuthenticationError', message)))
    expect([outcome.verdict, outcome.reason, outcome.wording.title]).toEqual([verdict, reason, title])
    expect(outcome.said?.text).toBe(message)
  })
})

describe('the check itself', () => {
  const wire: ProviderWire = { name: 'bedrock', auth: { kind: 'none', skippedBy: { name: 'X', value: '1', origin: { kind: 'process-env' } } }, forwarded: {}, endpoint: { value: '', from: { name: 'default' } }, shadowed: [] }

  test('the SDK sees the environment Claude Code will have while it runs, and the old one after', async () => {
    const before = { ...process.env }
    const check = new ProviderCheck({ wire, env: { ...process.env, AWS_REGION: 'eu-north-1', PATH: undefined }, timeoutMs: 1000, secrets: [] }, 'x')
    const seen = await check.obtain(async () => ({ region: process.env.AWS_REGION, path: process.env.PATH }))
    expect(seen).toEqual({ ok: true, value: { region: 'eu-north-1', path: undefined } })
    expect(process.env).toEqual(before)
  })

  test('a fetch that outlives the budget is given up on; its console warnings become scrubbed notes', async () => {
    const check = new ProviderCheck({ wire, env: process.env, timeoutMs: 50, secrets: ['secret-value-1234567'] }, 'x')
    const outcome = await check.obtain(() => {
      console.warn('leaked secret-value-1234567 here')
      return new Promise(() => undefined)
    })
    expect(outcome).toEqual({ ok: false, timedOut: true })
    const result = check.timedOut('AWS credentials', 'The AWS credentials')
    expect(result).toMatchObject({ verdict: 'timeout', side: 'network', attempts: 0 })
    expect(result.notes).toEqual(['leaked [redacted] here'])
  })

  test('the Bedrock control plane of a region, China included', () => {
    expect(controlPlane('eu-west-3')).toBe('https://bedrock.eu-west-3.amazonaws.com')
    expect(controlPlane('cn-north-1')).toBe('https://bedrock.cn-north-1.amazonaws.com.cn')
  })
})
