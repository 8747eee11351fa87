// The `provider:` family: Bedrock, Vertex and Foundry as intended setups.
// Each case says what the CLI reads (variables, settings, AWS profiles,
// credentials files); src/resolve predicts what it sends to the provider and
// where (CLOUD in rules.ts), and the suite compares that with the mock's record:
// endpoint, model prefix or project and region, SigV4 key id and signing
// region, Bearer, x-api-key, session token. Measured figures are in
// docs/providers-measured.md.
//
// End to end, each case intends the provider its id names (or `intended`):
// the action gets `method:` and the provider inputs the case's environment
// holds (intent.ts), and must accept exactly when the CLI then reaches that
// provider with the intended credential and nothing else.

import type { CloudProvider } from '../src/resolve/model.js'
import type { ConformanceCase } from './case-model.js'
import { awsCredentialProcessScript } from './mock-providers.js'
import { V } from './values.js'

/** Recognisable provider credentials: a header names the source it came from. */
export const P = {
  awsKeyId: 'AKIACONFORMANCEENV',
  awsSecret: 'conformance-env-secret',
  awsSessionToken: 'conformance-env-session-token',
  profileKeyId: 'AKIACONFORMANCEPROFILEDEV',
  defaultProfileKeyId: 'AKIACONFORMANCEPROFILEDEFAULT',
  projectSettingsKeyId: 'AKIACONFORMANCEPROJECTSETTINGS',
  bedrockKey: 'ABSKconformance-bedrock-api-key',
  bedrockKeySettings: 'ABSKconformance-bedrock-api-key-user-settings',
  foundryKey: 'conformance-foundry-api-key',
  foundryToken: 'conformance-foundry-auth-token',
  foundryKeySettings: 'conformance-foundry-api-key-user-settings',
  subjectToken: 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImNvbmZvcm1hbmNlIn0.eyJzdWIiOiJyZXBvOm8vcjpyZWY6cmVmcy9oZWFkcy9tYWluIn0.c2ln',
} as const

const FIRST_PARTY = { ANTHROPIC_API_KEY: V.apiKey('proc'), ANTHROPIC_AUTH_TOKEN: V.authToken('proc') }
const userHelper = { user: { apiKeyHelper: { prints: V.helper('user') } } }

// ---------------------------------------------------------------------------
// Amazon Bedrock.

const BEDROCK = { CLAUDE_CODE_USE_BEDROCK: '1', ANTHROPIC_BEDROCK_BASE_URL: '{mock}/provider-bedrock' }
const KEYS = { AWS_ACCESS_KEY_ID: P.awsKeyId, AWS_SECRET_ACCESS_KEY: P.awsSecret }
const SKIP_BEDROCK = { CLAUDE_CODE_SKIP_BEDROCK_AUTH: '1' }
const devProfile = {
  credentials: { dev: { aws_access_key_id: P.profileKeyId, aws_secret_access_key: 'conformance-profile-secret' } },
  config: { dev: { region: 'eu-central-1' } },
}
const webIdentity = {
  env: { AWS_ROLE_ARN: 'arn:aws:iam::000000000000:role/conformance', AWS_WEB_IDENTITY_TOKEN_FILE: '{root}/aws-web-identity.jwt', AWS_ENDPOINT_URL_STS: '{mock}/aws-sts' },
  files: { 'aws-web-identity.jwt': P.subjectToken },
}
const container = { AWS_CONTAINER_CREDENTIALS_FULL_URI: '{mock}/aws-container-credentials' }

const bedrock: ConformanceCase[] = [
  { id: 'provider:bedrock:keys', env: { ...BEDROCK, ...KEYS, AWS_REGION: 'us-west-2' } },
  { id: 'provider:bedrock:keys+session-token', env: { ...BEDROCK, ...KEYS, AWS_SESSION_TOKEN: P.awsSessionToken } },
  // Region: AWS_REGION, AWS_DEFAULT_REGION, the active profile (credentials file, then config), us-east-1.
  { id: 'provider:bedrock:region:default-region-variable', env: { ...BEDROCK, ...KEYS, AWS_DEFAULT_REGION: 'eu-west-1' } },
  { id: 'provider:bedrock:region:region-over-default-region', env: { ...BEDROCK, ...KEYS, AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-west-1' } },
  { id: 'provider:bedrock:region:config-file', env: { ...BEDROCK, ...KEYS }, awsFiles: { config: { default: { region: 'ap-northeast-1' } } } },
  {
    id: 'provider:bedrock:region:credentials-file-over-config',
    env: { ...BEDROCK, ...KEYS },
    awsFiles: { credentials: { default: { region: 'eu-central-1' } }, config: { default: { region: 'ap-northeast-1' } } },
  },
  { id: 'provider:bedrock:region:malformed-is-skipped', env: { ...BEDROCK, ...KEYS, AWS_REGION: 'us east 1', AWS_DEFAULT_REGION: 'eu-west-1' } },
  { id: 'provider:bedrock:region:outside-us-eu-ap', env: { ...BEDROCK, ...KEYS, AWS_REGION: 'ca-central-1' } },
  { id: 'provider:bedrock:region:prefix-pinned', env: { ...BEDROCK, ...KEYS, AWS_REGION: 'eu-west-1', ANTHROPIC_BEDROCK_REGION_PREFIX: 'global' } },
  { id: 'provider:bedrock:region:settings-env-over-process', env: { ...BEDROCK, ...KEYS, AWS_REGION: 'us-west-2' }, settings: { user: { env: { AWS_REGION: 'eu-north-1' } } } },
  // The AWS chain: profiles, credential_process, web identity, container endpoint.
  { id: 'provider:bedrock:profile', env: { ...BEDROCK, AWS_PROFILE: 'dev' }, awsFiles: devProfile },
  { id: 'provider:bedrock:profile-beats-env-keys', env: { ...BEDROCK, ...KEYS, AWS_PROFILE: 'dev' }, awsFiles: devProfile },
  { id: 'provider:bedrock:profile-from-settings-env', env: { ...BEDROCK, ...KEYS }, settings: { user: { env: { AWS_PROFILE: 'dev' } } }, awsFiles: devProfile },
  {
    id: 'provider:bedrock:default-profile-file',
    env: BEDROCK,
    awsFiles: { credentials: { default: { aws_access_key_id: P.defaultProfileKeyId, aws_secret_access_key: 'conformance-default-secret' } } },
  },
  {
    id: 'provider:bedrock:credential-process',
    env: { ...BEDROCK, AWS_PROFILE: 'tool' },
    awsFiles: { config: { tool: { credential_process: '{root}/aws-credential-process.sh' } } },
    files: { 'aws-credential-process.sh': awsCredentialProcessScript() },
  },
  { id: 'provider:bedrock:web-identity', env: { ...BEDROCK, ...webIdentity.env, AWS_REGION: 'eu-west-1' }, files: webIdentity.files },
  { id: 'provider:bedrock:env-keys-beat-web-identity', env: { ...BEDROCK, ...KEYS, ...webIdentity.env }, files: webIdentity.files },
  { id: 'provider:bedrock:container', env: { ...BEDROCK, ...container } },
  {
    id: 'provider:bedrock:profile-without-credentials-falls-through',
    env: { ...BEDROCK, ...container, AWS_PROFILE: 'dev' },
    awsFiles: { config: { dev: { region: 'eu-west-3' } } },
  },
  {
    id: 'provider:bedrock:key-id-without-secret-falls-through',
    env: { ...BEDROCK, ...container, AWS_ACCESS_KEY_ID: P.awsKeyId },
  },
  // The Bedrock API key.
  { id: 'provider:bedrock:api-key', env: { ...BEDROCK, AWS_BEARER_TOKEN_BEDROCK: P.bedrockKey, AWS_REGION: 'eu-west-1' } },
  { id: 'provider:bedrock:api-key-beats-keys', env: { ...BEDROCK, ...KEYS, AWS_BEARER_TOKEN_BEDROCK: P.bedrockKey } },
  {
    id: 'provider:bedrock:api-key-blank-falls-back-to-keys',
    env: { ...BEDROCK, ...KEYS, AWS_BEARER_TOKEN_BEDROCK: '  ' },
  },
  // First-party credentials next to a signing or keyed route.
  { id: 'provider:bedrock:keys+first-party', env: { ...BEDROCK, ...KEYS, ...FIRST_PARTY } },
  { id: 'provider:bedrock:api-key+first-party+helper', env: { ...BEDROCK, AWS_BEARER_TOKEN_BEDROCK: P.bedrockKey, ...FIRST_PARTY }, settings: userHelper },
  // CLAUDE_CODE_SKIP_BEDROCK_AUTH (a gateway does the signing).
  { id: 'provider:bedrock:skip', env: { ...BEDROCK, ...SKIP_BEDROCK, ...KEYS } },
  { id: 'provider:bedrock:skip+api-key', env: { ...BEDROCK, ...SKIP_BEDROCK, ANTHROPIC_API_KEY: V.apiKey('proc') } },
  { id: 'provider:bedrock:skip+first-party', env: { ...BEDROCK, ...SKIP_BEDROCK, ...FIRST_PARTY, CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') } },
  { id: 'provider:bedrock:skip+helper+api-key', env: { ...BEDROCK, ...SKIP_BEDROCK, ANTHROPIC_API_KEY: V.apiKey('proc') }, settings: userHelper },
  { id: 'provider:bedrock:skip+bedrock-api-key+first-party', env: { ...BEDROCK, ...SKIP_BEDROCK, ...FIRST_PARTY, AWS_BEARER_TOKEN_BEDROCK: P.bedrockKey } },
  // Settings files, bare mode, the default endpoint.
  {
    id: 'provider:bedrock:settings-env',
    env: { ANTHROPIC_BEDROCK_BASE_URL: '{mock}/provider-bedrock' },
    settings: { user: { env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_BEARER_TOKEN_BEDROCK: P.bedrockKeySettings } } },
  },
  {
    id: 'provider:bedrock:settings-env-keys-and-region',
    env: BEDROCK,
    settings: { project: { env: { AWS_ACCESS_KEY_ID: P.projectSettingsKeyId, AWS_SECRET_ACCESS_KEY: 'conformance-project-secret', AWS_REGION: 'eu-west-2' } } },
  },
  {
    id: 'provider:bedrock:settings-env-clears-api-key',
    env: { ...BEDROCK, ...KEYS, AWS_BEARER_TOKEN_BEDROCK: P.bedrockKey },
    settings: { project: { env: { AWS_BEARER_TOKEN_BEDROCK: '' } } },
  },
  { id: 'provider:bedrock:bare+keys', bare: true, env: { ...BEDROCK, ...KEYS, AWS_REGION: 'eu-west-1' } },
  { id: 'provider:bedrock:bare+profile', bare: true, env: { ...BEDROCK, AWS_PROFILE: 'dev' }, awsFiles: devProfile },
  { id: 'provider:bedrock:default-endpoint', mockTls: true, env: { CLAUDE_CODE_USE_BEDROCK: '1', ...KEYS, AWS_REGION: 'eu-west-1' } },
  // The signing region is AWS_REGION's even when the base URL names another region's host.
  {
    id: 'provider:bedrock:base-url-names-other-region',
    mockTls: true,
    env: { CLAUDE_CODE_USE_BEDROCK: '1', ...KEYS, AWS_REGION: 'us-west-2', ANTHROPIC_BEDROCK_BASE_URL: 'https://bedrock-runtime.eu-west-1.amazonaws.com' },
  },
]

// ---------------------------------------------------------------------------
// Google Vertex AI.

const VERTEX_ROUTE = { CLAUDE_CODE_USE_VERTEX: '1', ANTHROPIC_VERTEX_BASE_URL: '{mock}/provider-vertex' }
const VERTEX = { ...VERTEX_ROUTE, ANTHROPIC_VERTEX_PROJECT_ID: 'conformance-project' }
const SKIP_VERTEX = { CLAUDE_CODE_SKIP_VERTEX_AUTH: '1' }

/** An external_account ADC file like google-github-actions/auth writes, its token endpoints on the mock. */
function externalAccount(impersonate: boolean): Pick<ConformanceCase, 'env' | 'files'> {
  const file: Record<string, unknown> = {
    type: 'external_account',
    audience: '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/conformance/providers/github',
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    token_url: '{mock}/google-sts/v1/token',
    credential_source: { file: '{root}/google-subject.jwt', format: { type: 'text' } },
  }
  if (impersonate) file.service_account_impersonation_url = '{mock}/google-iam/v1/projects/-/serviceAccounts/ci@conformance-project.iam.gserviceaccount.com:generateAccessToken'
  return { env: { GOOGLE_APPLICATION_CREDENTIALS: '{root}/google-adc.json' }, files: { 'google-adc.json': JSON.stringify(file), 'google-subject.jwt': P.subjectToken } }
}
const impersonated = externalAccount(true)
const federated = externalAccount(false)

const vertex: ConformanceCase[] = [
  { id: 'provider:vertex:skip', env: { ...VERTEX, ...SKIP_VERTEX, CLOUD_ML_REGION: 'europe-west1' } },
  { id: 'provider:vertex:region:default', env: { ...VERTEX, ...SKIP_VERTEX } },
  { id: 'provider:vertex:region:global', env: { ...VERTEX, ...SKIP_VERTEX, CLOUD_ML_REGION: 'global' } },
  { id: 'provider:vertex:region:malformed-is-skipped', env: { ...VERTEX, ...SKIP_VERTEX, CLOUD_ML_REGION: 'us east5' } },
  { id: 'provider:vertex:project:google-cloud-project-is-not-read', env: { ...VERTEX_ROUTE, ...SKIP_VERTEX, GOOGLE_CLOUD_PROJECT: 'other-project', GCLOUD_PROJECT: 'third-project' } },
  { id: 'provider:vertex:project:anthropic-variable-wins', env: { ...VERTEX, ...SKIP_VERTEX, GOOGLE_CLOUD_PROJECT: 'other-project', GCLOUD_PROJECT: 'third-project' } },
  // Google ADC through an external_account file (workload identity federation), without skip-auth.
  // 2.1.197 looks the project up first unless GOOGLE_CLOUD_PROJECT is set, which the action then sets.
  {
    id: 'provider:vertex:adc-impersonated',
    env: { ...VERTEX, ...impersonated.env },
    files: impersonated.files,
  },
  // GOOGLE_CLOUD_PROJECT spares 2.1.197 a Cloud Resource Manager lookup it cannot make here.
  { id: 'provider:vertex:adc-federated', env: { ...VERTEX, ...federated.env, GOOGLE_CLOUD_PROJECT: 'conformance-project' }, files: federated.files },
  {
    id: 'provider:vertex:adc+first-party+helper',
    env: { ...VERTEX, ...impersonated.env, ...FIRST_PARTY },
    files: impersonated.files,
    settings: userHelper,
    // `fail` and `warn` reject it for the forwarded API key; `unset` clears that and accepts.
  },
  // Skip-auth: first-party credentials are forwarded to the gateway.
  { id: 'provider:vertex:skip+api-key', env: { ...VERTEX, ...SKIP_VERTEX, ANTHROPIC_API_KEY: V.apiKey('proc') } },
  { id: 'provider:vertex:skip+first-party', env: { ...VERTEX, ...SKIP_VERTEX, ...FIRST_PARTY } },
  { id: 'provider:vertex:skip+helper', env: { ...VERTEX, ...SKIP_VERTEX }, settings: userHelper },
  { id: 'provider:vertex:skip+oauth+primaryApiKey', env: { ...VERTEX, ...SKIP_VERTEX, CLAUDE_CODE_OAUTH_TOKEN: V.oauthToken('proc') }, primaryApiKey: V.primaryApiKey() },
  { id: 'provider:vertex:skip+fd-key', env: { ...VERTEX, ...SKIP_VERTEX }, fd: { CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR: V.apiKey('fd') } },
  {
    id: 'provider:vertex:settings-env',
    env: { ANTHROPIC_VERTEX_BASE_URL: '{mock}/provider-vertex' },
    settings: {
      project: { env: { CLAUDE_CODE_USE_VERTEX: '1', CLAUDE_CODE_SKIP_VERTEX_AUTH: '1', ANTHROPIC_VERTEX_PROJECT_ID: 'project-from-settings' } },
      user: { env: { CLOUD_ML_REGION: 'europe-west4' } },
    },
  },
  { id: 'provider:vertex:settings-env-clears-skip', env: { ...VERTEX, ...SKIP_VERTEX, ...impersonated.env }, files: impersonated.files, settings: { user: { env: { CLAUDE_CODE_SKIP_VERTEX_AUTH: '' } } } },
  { id: 'provider:vertex:bare+skip+api-key+user-helper', bare: true, env: { ...VERTEX, ...SKIP_VERTEX, ANTHROPIC_API_KEY: V.apiKey('proc') }, settings: userHelper },
  { id: 'provider:vertex:default-endpoint', mockTls: true, env: { CLAUDE_CODE_USE_VERTEX: '1', ...SKIP_VERTEX, ANTHROPIC_VERTEX_PROJECT_ID: 'conformance-project' } },
]

// ---------------------------------------------------------------------------
// Microsoft Foundry.

const FOUNDRY = { CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_BASE_URL: '{mock}/provider-foundry/anthropic' }
const SKIP_FOUNDRY = { CLAUDE_CODE_SKIP_FOUNDRY_AUTH: '1' }
const AZURE_APP = { AZURE_TENANT_ID: '00000000-0000-0000-0000-0000000000aa', AZURE_CLIENT_ID: '00000000-0000-0000-0000-000000000001' }
const azureFederated = { env: { ...AZURE_APP, AZURE_FEDERATED_TOKEN_FILE: '{root}/azure-federated.jwt' }, files: { 'azure-federated.jwt': P.subjectToken } }

const foundry: ConformanceCase[] = [
  { id: 'provider:foundry:api-key', env: { ...FOUNDRY, ANTHROPIC_FOUNDRY_API_KEY: P.foundryKey } },
  { id: 'provider:foundry:base-url-without-anthropic', env: { ...FOUNDRY, ANTHROPIC_FOUNDRY_BASE_URL: '{mock}/provider-foundry', ANTHROPIC_FOUNDRY_API_KEY: P.foundryKey } },
  {
    id: 'provider:foundry:auth-token',
    env: { ...FOUNDRY, ANTHROPIC_FOUNDRY_AUTH_TOKEN: P.foundryToken },
  },
  { id: 'provider:foundry:auth-token-beats-api-key', env: { ...FOUNDRY, ANTHROPIC_FOUNDRY_AUTH_TOKEN: P.foundryToken, ANTHROPIC_FOUNDRY_API_KEY: P.foundryKey } },
  // Whitespace-only values: what each version makes of them (as AWS_BEARER_TOKEN_BEDROCK above).
  { id: 'provider:foundry:api-key-blank', env: { ...FOUNDRY, ANTHROPIC_FOUNDRY_API_KEY: '  ' } },
  { id: 'provider:foundry:auth-token-blank+api-key', env: { ...FOUNDRY, ANTHROPIC_FOUNDRY_AUTH_TOKEN: '  ', ANTHROPIC_FOUNDRY_API_KEY: P.foundryKey } },
  { id: 'provider:foundry:auth-token+api-key-blank', env: { ...FOUNDRY, ANTHROPIC_FOUNDRY_AUTH_TOKEN: P.foundryToken, ANTHROPIC_FOUNDRY_API_KEY: '  ' } },
  { id: 'provider:foundry:skip+api-key-blank', env: { ...FOUNDRY, ...SKIP_FOUNDRY, ANTHROPIC_FOUNDRY_API_KEY: '  ' } },
  { id: 'provider:foundry:azure-client-secret+api-key-blank', mockTls: true, env: { ...FOUNDRY, ...AZURE_APP, AZURE_CLIENT_SECRET: 'conformance-client-secret', ANTHROPIC_FOUNDRY_API_KEY: '  ' } },
  { id: 'provider:foundry:resource', mockTls: true, env: { CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_RESOURCE: 'conformance', ANTHROPIC_FOUNDRY_API_KEY: P.foundryKey } },
  { id: 'provider:foundry:resource+base-url-is-fatal', env: { ...FOUNDRY, ANTHROPIC_FOUNDRY_RESOURCE: 'conformance', ANTHROPIC_FOUNDRY_API_KEY: P.foundryKey } },
  { id: 'provider:foundry:no-endpoint-is-fatal', env: { CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_API_KEY: P.foundryKey } },
  // The Azure credential chain, its token endpoints on the mock.
  { id: 'provider:foundry:azure-client-secret', mockTls: true, env: { ...FOUNDRY, ...AZURE_APP, AZURE_CLIENT_SECRET: 'conformance-client-secret' } },
  { id: 'provider:foundry:azure-workload-identity', mockTls: true, env: { ...FOUNDRY, ...azureFederated.env }, files: azureFederated.files },
  {
    id: 'provider:foundry:azure-client-secret-beats-workload-identity',
    mockTls: true,
    env: { ...FOUNDRY, ...azureFederated.env, AZURE_CLIENT_SECRET: 'conformance-client-secret' },
    files: azureFederated.files,
  },
  { id: 'provider:foundry:azure-managed-identity', env: FOUNDRY },
  { id: 'provider:foundry:azure-managed-identity+first-party+helper', env: { ...FOUNDRY, ...FIRST_PARTY }, settings: userHelper },
  { id: 'provider:foundry:api-key+first-party', env: { ...FOUNDRY, ANTHROPIC_FOUNDRY_API_KEY: P.foundryKey, ...FIRST_PARTY } },
  // CLAUDE_CODE_SKIP_FOUNDRY_AUTH.
  { id: 'provider:foundry:skip', env: { ...FOUNDRY, ...SKIP_FOUNDRY } },
  { id: 'provider:foundry:skip+first-party', env: { ...FOUNDRY, ...SKIP_FOUNDRY, ...FIRST_PARTY } },
  { id: 'provider:foundry:skip+helper', env: { ...FOUNDRY, ...SKIP_FOUNDRY }, settings: userHelper },
  { id: 'provider:foundry:skip+api-key+first-party', env: { ...FOUNDRY, ...SKIP_FOUNDRY, ANTHROPIC_FOUNDRY_API_KEY: P.foundryKey, ...FIRST_PARTY } },
  {
    id: 'provider:foundry:settings-env',
    env: { ANTHROPIC_FOUNDRY_BASE_URL: '{mock}/provider-foundry/anthropic' },
    settings: { user: { env: { CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_API_KEY: P.foundryKeySettings } } },
  },
  { id: 'provider:foundry:bare+api-key', bare: true, env: { ...FOUNDRY, ANTHROPIC_FOUNDRY_API_KEY: P.foundryKey } },
]

// ---------------------------------------------------------------------------
// Several providers at once: the routing order picks one, and its own rules apply.

const several: ConformanceCase[] = [
  {
    id: 'provider:several:flag-cleared-by-settings',
    intended: 'bedrock',
    env: { ...BEDROCK, ...KEYS, ANTHROPIC_API_KEY: V.apiKey('proc') },
    settings: { project: { env: { CLAUDE_CODE_USE_BEDROCK: '' } } },
  },
  {
    id: 'provider:several:settings-flag-joins-process-flag',
    intended: 'vertex',
    env: { ...VERTEX, ...SKIP_VERTEX, ANTHROPIC_FOUNDRY_BASE_URL: '{mock}/provider-foundry/anthropic', ANTHROPIC_FOUNDRY_API_KEY: P.foundryKey },
    settings: { user: { env: { CLAUDE_CODE_USE_FOUNDRY: '1' } } },
  },
  {
    id: 'provider:several:all-three-with-credentials',
    intended: 'bedrock',
    env: { ...BEDROCK, ...KEYS, ...VERTEX, ...SKIP_VERTEX, ...FOUNDRY, ANTHROPIC_FOUNDRY_API_KEY: P.foundryKey, ...FIRST_PARTY },
  },
  { id: 'provider:several:foundry+vertex', intended: 'foundry', env: { ...VERTEX, ...SKIP_VERTEX, ...FOUNDRY, ANTHROPIC_FOUNDRY_API_KEY: P.foundryKey } },
]

// ---------------------------------------------------------------------------
// For the end-to-end check: what the action must see next to a provider setup.

const endToEnd: ConformanceCase[] = [
  // 2.1.197 forwards ANTHROPIC_API_KEY as x-api-key to Bedrock and Vertex: a conflict for `fail`, cleared by `unset`.
  { id: 'provider:bedrock:keys+api-key', env: { ...BEDROCK, ...KEYS, AWS_REGION: 'us-west-2', ANTHROPIC_API_KEY: V.apiKey('proc') } },
  {
    id: 'provider:vertex:adc-federated+api-key',
    env: { ...VERTEX, ...federated.env, GOOGLE_CLOUD_PROJECT: 'conformance-project', ANTHROPIC_API_KEY: V.apiKey('proc') },
    files: federated.files,
  },
  // Another provider's flag in the job: Bedrock comes first in the routing order, Vertex last.
  { id: 'provider:bedrock:foundry-flag-in-job', env: { ...BEDROCK, ...KEYS, AWS_REGION: 'us-west-2', ...FOUNDRY, ANTHROPIC_FOUNDRY_API_KEY: P.foundryKey } },
  { id: 'provider:vertex:bedrock-flag-in-job', env: { ...VERTEX, ...SKIP_VERTEX, CLOUD_ML_REGION: 'europe-west1', ...BEDROCK, ...KEYS } },
  { id: 'provider:foundry:bedrock-flag-in-job', env: { ...FOUNDRY, ANTHROPIC_FOUNDRY_API_KEY: P.foundryKey, ...BEDROCK, ...KEYS } },
  // A settings `env` block over the region the action exports.
  {
    id: 'provider:vertex:region:settings-env-over-input',
    env: { ...VERTEX, ...SKIP_VERTEX, CLOUD_ML_REGION: 'europe-west1' },
    settings: { project: { env: { CLOUD_ML_REGION: 'us-central1' } } },
  },
]

/** The provider a case's id names (`provider:bedrock:…`). */
const providerOf = (id: string): CloudProvider | undefined => /^provider:(bedrock|vertex|foundry):/.exec(id)?.[1] as CloudProvider | undefined

const allProviderCases = [...bedrock, ...vertex, ...foundry, ...several, ...endToEnd]

export const providerCases: ConformanceCase[] = allProviderCases.map((testCase) => {
  const intended = testCase.intended ?? providerOf(testCase.id)
  if (!intended) throw new Error(`provider case ${testCase.id} names no provider: give it \`intended\``)
  return { ...testCase, intended }
})

const FIRST_PARTY_NAMES = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN']

/**
 * Provider cases whose later steps may go differently on 2.1.197 (measured,
 * docs/providers-measured.md): a first-party credential anywhere (forwarded to
 * Bedrock and Vertex, sent to Foundry), every Foundry case (the Foundry token,
 * skip-auth), Vertex with a Google credentials file (the project lookup), a
 * whitespace-only value, and the region prefix and malformed regions. The
 * end-to-end check runs their accepted later steps on 2.1.197 too; the others
 * (the AWS chain and regions, Vertex skip-auth) send the same on both
 * versions in the 2.1.197 resolver pass.
 */
export function providerDiffersOnOlderVersions(testCase: ConformanceCase): boolean {
  if (testCase.intended !== 'bedrock' && testCase.intended !== 'vertex' && testCase.intended !== 'foundry') return false
  const env = testCase.env ?? {}
  const layers = Object.values(testCase.settings ?? {})
  const firstParty =
    FIRST_PARTY_NAMES.some((name) => env[name] !== undefined || layers.some((l) => l.env?.[name] !== undefined)) ||
    layers.some((l) => l.apiKeyHelper !== undefined) ||
    testCase.fd !== undefined ||
    testCase.credentialsFile !== undefined ||
    testCase.primaryApiKey !== undefined
  const values = [...Object.values(env), ...layers.flatMap((l) => Object.values(l.env ?? {}))]
  return (
    firstParty ||
    testCase.intended === 'foundry' ||
    (testCase.intended === 'vertex' && env.GOOGLE_APPLICATION_CREDENTIALS !== undefined) ||
    values.some((value) => value !== '' && value.trim() === '') ||
    'ANTHROPIC_BEDROCK_REGION_PREFIX' in env ||
    [env.AWS_REGION, env.CLOUD_ML_REGION].some((region) => region !== undefined && /\s/.test(region))
  )
}
