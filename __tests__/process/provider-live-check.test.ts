// The providers' live checks through the built action (`method: bedrock | vertex | foundry`
// with `live-check: true`), against local fakes on 127.0.0.1 (provider-fakes.ts): each proves
// the credential with the provider's own client library (the AWS SDK's default chain and
// SigV4 signer, google-auth-library's ADC, @azure/identity's DefaultAzureCredential), makes
// one request that spends no tokens, and reports the verdict. Never a credential in the log.

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { expectCleanRun, fakeToken, inScenario, type Scenario, type ScenarioRun } from './fixtures.js'
import { AWS_KEY_IDS, certificateFor, ENTRA_HOST, startFakeEntra, startMappingProxy, startProviderFake, SUBJECTS, TOKENS, type Certificate, type Fake } from './provider-fakes.js'

const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
const GOOD_BEDROCK_KEY = fakeToken('ABSK', 'provider-live/bedrock-good', 120)
const BAD_BEDROCK_KEY = fakeToken('ABSK', 'provider-live/bedrock-bad', 120)
const GOOD_FOUNDRY_KEY = fakeToken('', 'provider-live/foundry-good', 84)
const BAD_FOUNDRY_KEY = fakeToken('', 'provider-live/foundry-bad', 84)
const ENTRA_SECRET = 'entra-client-secret-that-works-0123'

let fake: Fake
/** Files a scenario's env names before the scenario exists: token files, ADC files. */
let scratch: string
beforeAll(async () => {
  fake = await startProviderFake({ goodBedrockKey: GOOD_BEDROCK_KEY, goodFoundryKey: GOOD_FOUNDRY_KEY, echo: AWS_SECRET })
  scratch = await mkdtemp(join(tmpdir(), 'provider-live-'))
})
afterAll(async () => {
  await fake.close()
  await rm(scratch, { recursive: true, force: true })
})

const requestsFor = (prefix: string, match: (r: Fake['requests'][number]) => boolean = () => true) =>
  fake.requests.filter((r) => r.url.startsWith(prefix) && match(r))

/** A live-checked run: `secrets` must never be readable anywhere the runner publishes. */
async function liveRun(scenario: Scenario, secrets: string[], check: (run: ScenarioRun) => void | Promise<void>): Promise<void> {
  const inputs = { 'live-check': 'true', 'live-check-timeout': '5', ...scenario.inputs }
  await inScenario({ ...scenario, inputs, env: { RUNNER_ENVIRONMENT: 'github-hosted', ...scenario.env } }, async (r) => {
    expectCleanRun(r, { secrets, maskedFirst: [] })
    await check(r)
  })
}

const errors = (r: ScenarioRun) => r.result.annotations.filter((a) => a.level === 'error')
const annotation = (r: ScenarioRun, title: string) => r.result.annotations.find((a) => a.title === title)

describe('Amazon Bedrock', () => {
  /** `tag` gives the test a base URL of its own (`/bedrock-<tag>`), to count its requests among concurrent tests'. */
  const bedrock = (env: Record<string, string>, inputs: Record<string, string> = {}, tag = ''): Scenario => ({
    inputs: { method: 'bedrock', 'aws-region': 'us-west-2', ...inputs },
    env: { ANTHROPIC_BEDROCK_BASE_URL: `${fake.url}/bedrock${tag ? `-${tag}` : ''}`, ...env },
  })
  const keys = (id: string) => ({ AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: AWS_SECRET })

  test.concurrent('AWS keys: one SigV4-signed ListInferenceProfiles for the key id, region us-west-2 and service bedrock; valid', async () => {
    await liveRun(bedrock({ ...keys(AWS_KEY_IDS.valid), AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN0123456789' }), [AWS_SECRET, 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN0123456789'], (r) => {
      expect(r.result.exitCode).toBe(0)
      expect(r.result.outputs['live-check']).toBe('valid')
      expect(annotation(r, 'Live check passed')?.message).toContain('answered 200 with inference profiles: Amazon Bedrock in us-west-2 accepts the AWS credentials')
      const sent = requestsFor('/bedrock/', (q) => q.headers.authorization?.includes(AWS_KEY_IDS.valid) === true)
      expect(sent.map((q) => `${q.method} ${q.url}`)).toEqual(['GET /bedrock/inference-profiles?maxResults=1&type=SYSTEM_DEFINED'])
      const authorization = sent[0]!.headers.authorization!
      expect(authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${AWS_KEY_IDS.valid}/\\d{8}/us-west-2/bedrock/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$`))
      expect(authorization).toContain('x-amz-security-token')
      expect(sent[0]!.headers['x-amz-security-token']).toBe('FwoGZXIvYXdzEXAMPLESESSIONTOKEN0123456789')
      expect(r.result.summary).toMatch(/Live check:\*\* <code>valid<\/code>/)
      expect(r.result.summary).toContain('Amazon Bedrock accepted the credential')
    })
  })

  test.concurrent('unknown AWS keys (403 UnrecognizedClientException): invalid, the step fails, nothing exported, the echoed secret scrubbed', async () => {
    await liveRun(bedrock(keys(AWS_KEY_IDS.unknown)), [AWS_SECRET], (r) => {
      expect(r.result.exitCode).toBe(1)
      expect(r.result.outputs['live-check']).toBe('invalid')
      expect(r.result.exportedEnv).toEqual({})
      expect(errors(r).map((a) => a.title)).toEqual(['AWS credentials rejected (403)'])
      expect(errors(r)[0]!.message).toContain('The server said: "The security token included in the request is invalid.')
      // Not even on the raw stream (the runner would mask it there): the echo is scrubbed before printing.
      const printed = r.result.rawStdout.split('\n').filter((line) => !line.startsWith('::add-mask::'))
      expect(printed.filter((line) => line.includes(AWS_SECRET))).toEqual([])
    })
  })

  test.concurrent('a role without bedrock:ListInferenceProfiles (403 AccessDeniedException): forbidden, with the permissions to grant', async () => {
    await liveRun(bedrock(keys(AWS_KEY_IDS.denied)), [AWS_SECRET], (r) => {
      expect(r.result.exitCode).toBe(1)
      expect(r.result.outputs['live-check']).toBe('forbidden')
      const error = errors(r)
      expect(error.map((a) => a.title)).toEqual(['AWS denied bedrock:ListInferenceProfiles (403)'])
      expect(error[0]!.message).toContain('bedrock:InvokeModelWithResponseStream')
    })
  })

  test.concurrent('a Bedrock API key is sent as Bearer; a good one is valid, a bad one invalid (401)', async () => {
    await liveRun(bedrock({}, { 'bedrock-api-key': GOOD_BEDROCK_KEY }), [GOOD_BEDROCK_KEY], (r) => {
      expect(r.result.outputs['live-check']).toBe('valid')
      expect(requestsFor('/bedrock/', (q) => q.headers.authorization === `Bearer ${GOOD_BEDROCK_KEY}`)).toHaveLength(1)
    })
    await liveRun(bedrock({}, { 'bedrock-api-key': BAD_BEDROCK_KEY }), [BAD_BEDROCK_KEY], (r) => {
      expect(r.result.exitCode).toBe(1)
      expect(r.result.outputs['live-check']).toBe('invalid')
      expect(errors(r).map((a) => a.title)).toEqual(['Bedrock API key rejected (401)'])
    })
  })

  test.concurrent('no AWS credentials on a self-hosted runner: invalid before any request, with the fix', async () => {
    await liveRun(bedrock({ RUNNER_ENVIRONMENT: 'self-hosted', AWS_EC2_METADATA_DISABLED: 'true' }, {}, 'no-credentials'), [], (r) => {
      expect(r.result.exitCode).toBe(1)
      expect(r.result.outputs['live-check']).toBe('invalid')
      const error = errors(r).find((a) => a.title === 'No AWS credentials')
      expect(error?.message).toContain('Fix: Run aws-actions/configure-aws-credentials')
      expect(error?.message).toContain('0 attempts')
    })
    expect(requestsFor('/bedrock-no-credentials/')).toEqual([])
  })

  test.concurrent('web identity the role does not trust: "AWS denied AssumeRoleWithWebIdentity", with the trust-policy fix', async () => {
    const tokenFile = join(scratch, 'web-identity.jwt')
    await writeFile(tokenFile, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJyZXBvOm8vcjpyZWY6cmVmcy9oZWFkcy9tYWluIn0.')
    await liveRun(
      bedrock({ AWS_ROLE_ARN: 'arn:aws:iam::000000000000:role/not-trusting', AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ENDPOINT_URL_STS: `${fake.url}/aws-sts` }),
      [],
      (r) => {
        expect(r.result.exitCode).toBe(1)
        expect(r.result.outputs['live-check']).toBe('forbidden')
        const error = errors(r).find((a) => a.title === 'AWS denied AssumeRoleWithWebIdentity')
        expect(error?.message).toContain("role's trust policy must allow this repository's OIDC subject")
        expect(error?.message).toContain('Not authorized to perform sts:AssumeRoleWithWebIdentity')
      },
    )
  })

  test.concurrent('an endpoint that never answers: timeout within live-check-timeout; with live-check-failure: warn the run goes on', async () => {
    const started = Date.now()
    await liveRun(bedrock(keys(AWS_KEY_IDS.silent), { 'live-check-timeout': '1' }), [AWS_SECRET], (r) => {
      expect(r.result.exitCode).toBe(1)
      expect(r.result.outputs['live-check']).toBe('timeout')
      expect(errors(r).map((a) => a.title)).toEqual(['Live check timed out (1 s)'])
    })
    await liveRun(bedrock(keys(AWS_KEY_IDS.silent), { 'live-check-timeout': '1', 'live-check-failure': 'warn' }), [AWS_SECRET], (r) => {
      expect(r.result.exitCode).toBe(0)
      expect(r.result.outputs['live-check']).toBe('timeout')
      expect(r.result.exportedEnv.CLAUDE_CODE_USE_BEDROCK).toBe('1')
    })
    expect(Date.now() - started).toBeLessThan(15_000)
  })

  test.concurrent('an STS that never answers: timeout while fetching the credentials, and the step ends on time (nothing left hanging)', async () => {
    const tokenFile = join(scratch, 'web-identity-silent.jwt')
    await writeFile(tokenFile, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJyZXBvOm8vcjpyZWY6cmVmcy9oZWFkcy9tYWluIn0.')
    const started = Date.now()
    await liveRun(
      bedrock({ AWS_ROLE_ARN: 'arn:aws:iam::000000000000:role/ci', AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ENDPOINT_URL_STS: `${fake.url}/aws-sts-silent` }, { 'live-check-timeout': '2' }),
      [],
      (r) => {
        expect(r.result.exitCode).toBe(1)
        expect(r.result.outputs['live-check']).toBe('timeout')
        expect(errors(r).find((a) => a.title === 'Live check timed out (2 s)')?.message).toContain('The AWS credentials did not arrive within 2 s')
      },
    )
    expect(Date.now() - started).toBeLessThan(8_000)
  })

  test.concurrent('CLAUDE_CODE_SKIP_BEDROCK_AUTH: no request, output skipped, a notice says why', async () => {
    await liveRun(bedrock({ CLAUDE_CODE_SKIP_BEDROCK_AUTH: '1' }, {}, 'skip'), [], (r) => {
      expect(r.result.exitCode).toBe(0)
      expect(r.result.outputs['live-check']).toBe('skipped')
      expect(annotation(r, 'Live check skipped')?.message).toContain('CLAUDE_CODE_SKIP_BEDROCK_AUTH is on')
    })
    expect(requestsFor('/bedrock-skip/')).toEqual([])
  })
})

describe('Google Vertex AI', () => {
  /** external_account ADC files (as google-github-actions/auth writes them), one per subject token, whose token_url is the fake STS. */
  const adcFile = (subject: string) => join(scratch, `adc-${subject}.json`)
  beforeAll(async () => {
    for (const subject of Object.values(SUBJECTS)) {
      const subjectFile = join(scratch, `oidc-${subject}`)
      await writeFile(subjectFile, subject)
      const adc = {
        type: 'external_account',
        audience: '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/ci/providers/github',
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
        token_url: `${fake.url}/google-sts/v1/token`,
        credential_source: { file: subjectFile, format: { type: 'text' } },
      }
      await writeFile(adcFile(subject), JSON.stringify(adc))
    }
  })

  const adcScenario = (subject: string, inputs: Record<string, string> = {}): Scenario => ({
    inputs: { method: 'vertex', 'vertex-project-id': 'ci-project', 'vertex-region': 'us-east5', ...inputs },
    env: { ANTHROPIC_VERTEX_BASE_URL: `${fake.url}/vertex/v1`, GOOGLE_APPLICATION_CREDENTIALS: adcFile(subject) },
  })

  test.concurrent('external_account ADC: the STS token is sent to count-tokens in the project and region; valid', async () => {
    await liveRun(adcScenario(SUBJECTS.valid), [TOKENS.googleValid, SUBJECTS.valid], (r) => {
      expect(r.result.exitCode).toBe(0)
      expect(r.result.outputs['live-check']).toBe('valid')
      const sent = requestsFor('/vertex/', (q) => q.headers.authorization === `Bearer ${TOKENS.googleValid}` && q.url.includes('/projects/ci-project/'))
      expect(sent.map((q) => `${q.method} ${q.url}`)).toContain('POST /vertex/v1/projects/ci-project/locations/us-east5/publishers/anthropic/models/count-tokens:rawPredict')
      expect(JSON.parse(sent[0]!.body)).toEqual({ model: 'claude-opus-5-5', messages: [{ role: 'user', content: 'hi' }] })
      expect(annotation(r, 'Live check passed')?.message).toContain('the Google credential works in project ci-project, location us-east5')
      expect(r.result.summary).toContain('Google Vertex AI accepted the credential')
    })
  })

  test.concurrent('a token Vertex rejects (401): invalid', async () => {
    await liveRun(adcScenario(SUBJECTS.rejectedToken), [TOKENS.googleRejected], (r) => {
      expect(r.result.exitCode).toBe(1)
      expect(r.result.outputs['live-check']).toBe('invalid')
      expect(errors(r).map((a) => a.title)).toEqual(['Google rejected the access token (401)'])
    })
  })

  test.concurrent('the Vertex AI API disabled in the project (403 SERVICE_DISABLED): forbidden, with the command that enables it', async () => {
    await liveRun(adcScenario(SUBJECTS.valid, { 'vertex-project-id': 'api-disabled-project' }), [TOKENS.googleValid], (r) => {
      expect(r.result.outputs['live-check']).toBe('forbidden')
      const error = errors(r).find((a) => a.title === 'Google denied access to Vertex AI (403)')
      expect(error?.message).toContain('gcloud services enable aiplatform.googleapis.com --project api-disabled-project')
    })
  })

  test.concurrent('Google STS refuses the OIDC token: invalid before the Vertex request, with the attribute-condition fix', async () => {
    await liveRun(adcScenario(SUBJECTS.refused), [], (r) => {
      expect(r.result.exitCode).toBe(1)
      expect(r.result.outputs['live-check']).toBe('invalid')
      const error = errors(r).find((a) => a.title === 'Google STS refused the OIDC token (400)')
      expect(error?.message).toContain('attribute condition must match this repository')
    })
  })

  test.concurrent('no Google credentials on a self-hosted runner: invalid, with the fix', async () => {
    await liveRun(
      { inputs: { method: 'vertex', 'vertex-project-id': 'ci-project' }, env: { RUNNER_ENVIRONMENT: 'self-hosted', METADATA_SERVER_DETECTION: 'none', ANTHROPIC_VERTEX_BASE_URL: `${fake.url}/vertex/v1` } },
      [],
      (r) => {
        expect(r.result.exitCode).toBe(1)
        expect(r.result.outputs['live-check']).toBe('invalid')
        expect(errors(r).find((a) => a.title === 'No Google credentials')?.message).toContain('Fix: Run google-github-actions/auth')
      },
    )
  })

  test.concurrent('a Google STS that never answers: timeout, and the step ends on time', async () => {
    const subjectFile = join(scratch, 'oidc-silent')
    await writeFile(subjectFile, SUBJECTS.valid)
    const adc = join(scratch, 'adc-silent.json')
    await writeFile(adc, JSON.stringify({ type: 'external_account', audience: '//iam.googleapis.com/x', subject_token_type: 'urn:ietf:params:oauth:token-type:jwt', token_url: `${fake.url}/google-sts-silent/v1/token`, credential_source: { file: subjectFile } }))
    const started = Date.now()
    await liveRun({ ...adcScenario(SUBJECTS.valid, { 'live-check-timeout': '2' }), env: { ANTHROPIC_VERTEX_BASE_URL: `${fake.url}/vertex/v1`, GOOGLE_APPLICATION_CREDENTIALS: adc } }, [SUBJECTS.valid], (r) => {
      expect(r.result.exitCode).toBe(1)
      expect(r.result.outputs['live-check']).toBe('timeout')
      expect(errors(r).find((a) => a.title === 'Live check timed out (2 s)')?.message).toContain('The Google access token did not arrive within 2 s')
    })
    expect(Date.now() - started).toBeLessThan(8_000)
  })

  test.concurrent('a Vertex endpoint that never answers: timeout', async () => {
    await liveRun(adcScenario(SUBJECTS.valid, { 'vertex-project-id': 'slow-project', 'live-check-timeout': '2' }), [TOKENS.googleValid], (r) => {
      expect(r.result.exitCode).toBe(1)
      expect(r.result.outputs['live-check']).toBe('timeout')
    })
  })

})

describe('Microsoft Foundry', () => {
  const foundry = (inputs: Record<string, string>, env: Record<string, string> = {}): Scenario => ({
    inputs: { method: 'foundry', 'foundry-base-url': `${fake.url}/foundry/anthropic`, ...inputs },
    env,
  })

  test.concurrent('a Foundry key: x-api-key to count_tokens under /anthropic; valid', async () => {
    await liveRun(foundry({ 'foundry-api-key': GOOD_FOUNDRY_KEY }), [GOOD_FOUNDRY_KEY], (r) => {
      expect(r.result.exitCode).toBe(0)
      expect(r.result.outputs['live-check']).toBe('valid')
      const sent = requestsFor('/foundry/', (q) => q.headers['x-api-key'] === GOOD_FOUNDRY_KEY)
      expect(sent.map((q) => `${q.method} ${q.url}`)).toEqual(['POST /foundry/anthropic/v1/messages/count_tokens'])
      expect(sent[0]!.headers['anthropic-version']).toBe('2023-06-01')
      expect(sent[0]!.headers.authorization).toBeUndefined()
      expect(annotation(r, 'Live check passed')?.message).toContain('counted the tokens of a one-word message for claude-sonnet-4-5 (which spends none): the resource accepts the Foundry API key')
      expect(r.result.summary).toContain('Microsoft Foundry accepted the credential')
    })
  })

  test.concurrent('a wrong Foundry key (401): invalid, with where to copy a key from', async () => {
    await liveRun(foundry({ 'foundry-api-key': BAD_FOUNDRY_KEY }), [BAD_FOUNDRY_KEY], (r) => {
      expect(r.result.exitCode).toBe(1)
      expect(r.result.outputs['live-check']).toBe('invalid')
      expect(errors(r).map((a) => a.title)).toEqual(['Foundry API key rejected (401)'])
      expect(errors(r)[0]!.message).toContain('Keys and Endpoint')
    })
  })

  test.concurrent('a Foundry endpoint that never answers (a silent port): timeout', async () => {
    const { startSilentServer } = await import('../live-check/fault-servers.js')
    const silent = await startSilentServer()
    try {
      await liveRun({ inputs: { method: 'foundry', 'foundry-base-url': `http://127.0.0.1:${silent.port}/anthropic`, 'foundry-api-key': GOOD_FOUNDRY_KEY, 'live-check-timeout': '1' } }, [GOOD_FOUNDRY_KEY], (r) => {
        expect(r.result.exitCode).toBe(1)
        expect(r.result.outputs['live-check']).toBe('timeout')
      })
    } finally {
      await silent.close()
    }
  })

  test.concurrent('no Foundry key and no Azure credential on a self-hosted runner: invalid, with the fix', async () => {
    // AZURE_TOKEN_CREDENTIALS (honoured by @azure/identity, so by Claude Code too) keeps the chain off this
    // machine's managed identity endpoint and Azure CLI, whatever they would answer here.
    await liveRun(foundry({ 'live-check-timeout': '8' }, { RUNNER_ENVIRONMENT: 'self-hosted', AZURE_TOKEN_CREDENTIALS: 'EnvironmentCredential' }), [], (r) => {
      expect(r.result.exitCode).toBe(1)
      expect(r.result.outputs['live-check']).toBe('invalid')
      expect(errors(r).find((a) => a.title === 'No Azure credentials')?.message).toContain('Fix: Run azure/login')
    })
  })

  describe('Entra ID through DefaultAzureCredential (client secret), with login.microsoftonline.com served here over TLS', () => {
    let certificate: Certificate | undefined
    let entra: Fake
    let proxy: Fake & { connects: string[] }
    beforeAll(async () => {
      certificate = certificateFor(ENTRA_HOST)
      if (!certificate) return
      entra = await startFakeEntra(certificate)
      proxy = await startMappingProxy({ [ENTRA_HOST]: Number(new URL(entra.url).port) })
    })
    afterAll(async () => {
      if (!certificate) return
      await Promise.all([entra.close(), proxy.close()])
      certificate.cleanup()
    })
    const azureEnv = (secret: string) => ({
      AZURE_TENANT_ID: '00000000-0000-0000-0000-000000000001',
      AZURE_CLIENT_ID: '00000000-0000-0000-0000-000000000002',
      AZURE_CLIENT_SECRET: secret,
      HTTPS_PROXY: proxy.url,
      NO_PROXY: '127.0.0.1',
      NODE_EXTRA_CA_CERTS: certificate!.certPath,
    })

    test('the Entra token is sent as Bearer; valid', async () => {
      if (!certificate) return console.warn('openssl missing: Entra test skipped')
      await liveRun(foundry({}, azureEnv(ENTRA_SECRET)), [ENTRA_SECRET, TOKENS.entra], (r) => {
        expect(r.result.exitCode).toBe(0)
        expect(r.result.outputs['live-check']).toBe('valid')
        expect(requestsFor('/foundry/', (q) => q.headers.authorization === `Bearer ${TOKENS.entra}`).length).toBeGreaterThan(0)
        const tokenRequests = entra.requests.filter((q) => /\/oauth2\/v2\.0\/token$/.test(q.url.split('?')[0]!))
        expect(tokenRequests.map((q) => new URLSearchParams(q.body).get('scope')?.split(' '))).toContainEqual(expect.arrayContaining(['https://cognitiveservices.azure.com/.default']))
        expect(proxy.connects).toContain(`${ENTRA_HOST}:443`)
      })
    })

    test('a wrong client secret: Entra ID rejected AZURE_CLIENT_SECRET, before any Foundry request', async () => {
      if (!certificate) return
      await liveRun(foundry({}, azureEnv('entra-client-secret-that-is-wrong-99')), ['entra-client-secret-that-is-wrong-99'], (r) => {
        expect(r.result.exitCode).toBe(1)
        expect(r.result.outputs['live-check']).toBe('invalid')
        expect(errors(r).map((a) => a.title)).toContain('Entra ID rejected AZURE_CLIENT_SECRET')
      })
    })
  })
})

