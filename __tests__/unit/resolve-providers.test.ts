// Expected results are written from docs/providers-measured.md (the real CLI
// against the conformance mock), not computed; the `provider:` conformance
// cases check the same rules against the real CLI.
import type { AwsSharedFile, CliWorld, ProviderCredential, ProviderWire, SettingsFile } from '../../src/resolve/model.js'
import { resolve } from '../../src/resolve/resolve.js'

const world = (env: Record<string, string>, over: Partial<CliWorld> = {}): CliWorld => ({
  env,
  settings: [],
  bare: false,
  whitespaceOnlyIsPresent: false,
  cliVersion: '2.1.330',
  ...over,
})
const on197 = { cliVersion: '2.1.197', whitespaceOnlyIsPresent: true }
const provider = (w: CliWorld): ProviderWire => {
  const wire = resolve(w).provider
  if (!wire) throw new Error('expected a provider wire')
  return wire
}
const credentialName = (c: ProviderCredential) => ('member' in c ? `${c.name}/${c.member}` : c.name)
/** The wire in a few words: own auth, forwarded sources, and where. */
const brief = (w: CliWorld) => {
  const p = provider(w)
  const auth = p.auth
  return {
    auth:
      auth.kind === 'none'
        ? `none${auth.placeholder ? ` (${auth.placeholder})` : ''}`
        : auth.kind === 'sigv4'
          ? `sigv4 ${credentialName(auth.credential)} @${auth.region.value}`
          : `${auth.kind} ${credentialName(auth.credential)}`,
    forwarded: [p.forwarded.authorization && `authorization=${p.forwarded.authorization.name}`, p.forwarded.xApiKey && `x-api-key=${p.forwarded.xApiKey.name}`].filter(Boolean),
    fails: p.fails?.rule,
  }
}
const settings = (layer: SettingsFile['layer'], over: Partial<SettingsFile> = {}): SettingsFile => ({ layer, path: `/${layer}.json`, env: {}, ...over })
const awsFile = (kind: AwsSharedFile['kind'], profiles: AwsSharedFile['profiles']): AwsSharedFile => ({ kind, path: `/home/.aws/${kind}`, profiles })

const BEDROCK = { CLAUDE_CODE_USE_BEDROCK: '1' }
const KEYS = { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 's' }
const FIRST_PARTY = { ANTHROPIC_API_KEY: 'k', ANTHROPIC_AUTH_TOKEN: 't' }
const helper = settings('user', { apiKeyHelper: 'echo h' })

describe('resolve: Bedrock credentials', () => {
  test('env keys sign with SigV4, a session token rides along', () => {
    const p = provider(world({ ...BEDROCK, ...KEYS, AWS_SESSION_TOKEN: 'sess' }))
    expect(p.auth).toMatchObject({ kind: 'sigv4', credential: { name: 'AWS_ACCESS_KEY_ID', value: 'AKIAENV' }, sessionToken: { name: 'AWS_SESSION_TOKEN' } })
  })
  test('AWS_BEARER_TOKEN_BEDROCK beats AWS keys, which are shadowed', () => {
    const p = provider(world({ ...BEDROCK, ...KEYS, AWS_BEARER_TOKEN_BEDROCK: 'b' }))
    expect(p.auth).toMatchObject({ kind: 'bearer', credential: { name: 'AWS_BEARER_TOKEN_BEDROCK' } })
    expect(p.shadowed.map(credentialName)).toEqual(['AWS_ACCESS_KEY_ID'])
  })
  test('a blank Bedrock API key counts as unset, on 2.1.197 too', () => {
    expect(brief(world({ ...BEDROCK, ...KEYS, AWS_BEARER_TOKEN_BEDROCK: '  ' }, on197)).auth).toBe('sigv4 AWS_ACCESS_KEY_ID @us-east-1')
  })
  test('a blank Bedrock API key is still sent on the probes by 2.1.197 only (provider:bedrock:api-key-blank-falls-back-to-keys)', () => {
    const env = { ...BEDROCK, ...KEYS, AWS_BEARER_TOKEN_BEDROCK: '  ' }
    expect(provider(world(env, on197)).sentBlank).toEqual([{ name: 'AWS_BEARER_TOKEN_BEDROCK', value: '  ', origin: { kind: 'process-env' } }])
    expect(provider(world(env)).sentBlank).toBeUndefined()
    expect(provider(world({ ...BEDROCK, ...KEYS, AWS_BEARER_TOKEN_BEDROCK: '' }, on197)).sentBlank).toBeUndefined()
  })
  test('a key id without its secret is skipped: the next member of the chain signs (provider:bedrock:key-id-without-secret-falls-through)', () => {
    const env = { ...BEDROCK, AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://x/creds' }
    expect(brief(world(env)).auth).toBe('sigv4 aws-chain/container @us-east-1')
    expect(brief(world(env, on197)).auth).toBe('sigv4 aws-chain/container @us-east-1')
  })
  test('AWS_PROFILE beats env keys, even from a settings env block', () => {
    const files = [awsFile('credentials', { dev: { aws_access_key_id: 'AKIADEV', aws_secret_access_key: 's' } })]
    expect(brief(world({ ...BEDROCK, ...KEYS, AWS_PROFILE: 'dev' }, { awsFiles: files })).auth).toBe('sigv4 aws-chain/profile @us-east-1')
    const fromSettings = world({ ...BEDROCK, ...KEYS }, { awsFiles: files, settings: [settings('user', { env: { AWS_PROFILE: 'dev' } })] })
    const p = provider(fromSettings)
    expect(p.auth).toMatchObject({ credential: { name: 'aws-chain', member: 'profile', profile: { name: 'dev', path: '/home/.aws/credentials' } } })
    expect(p.shadowed.map(credentialName)).toEqual(['AWS_ACCESS_KEY_ID'])
  })
  test('a named profile without credentials falls through to web identity, then the container endpoint', () => {
    const webIdentity = { AWS_ROLE_ARN: 'arn', AWS_WEB_IDENTITY_TOKEN_FILE: '/t' }
    expect(brief(world({ ...BEDROCK, AWS_PROFILE: 'nosuch', ...webIdentity })).auth).toBe('sigv4 aws-chain/web-identity @us-east-1')
    expect(brief(world({ ...BEDROCK, AWS_PROFILE: 'dev', AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://x' }, { awsFiles: [awsFile('config', { dev: { region: 'eu-west-3' } })] })).auth).toBe(
      'sigv4 aws-chain/container @eu-west-3',
    )
  })
  test('env keys and the default profile beat web identity', () => {
    const webIdentity = { AWS_ROLE_ARN: 'arn', AWS_WEB_IDENTITY_TOKEN_FILE: '/t' }
    expect(brief(world({ ...BEDROCK, ...KEYS, ...webIdentity })).auth).toBe('sigv4 AWS_ACCESS_KEY_ID @us-east-1')
    const files = [awsFile('credentials', { default: { aws_access_key_id: 'AKIADEF', aws_secret_access_key: 's' } })]
    expect(brief(world({ ...BEDROCK, ...webIdentity }, { awsFiles: files })).auth).toBe('sigv4 aws-chain/profile @us-east-1')
  })
  test('a key id without a secret is not a credential', () => {
    expect(brief(world({ ...BEDROCK, AWS_ACCESS_KEY_ID: 'AKIA' })).auth).toBe('sigv4 aws-chain/instance-metadata @us-east-1')
  })
  test('credential_process in a profile is the profile member', () => {
    const files = [awsFile('config', { tool: { credential_process: '/bin/creds' } })]
    expect(brief(world({ ...BEDROCK, AWS_PROFILE: 'tool' }, { awsFiles: files })).auth).toBe('sigv4 aws-chain/profile @us-east-1')
  })
})

describe('resolve: Bedrock region and endpoint', () => {
  const region = (env: Record<string, string>, over: Partial<CliWorld> = {}) => {
    const p = provider(world({ ...BEDROCK, ...KEYS, ...env }, over))
    return { region: p.region?.value, from: p.region?.from.name, prefix: p.modelPrefix?.value }
  }
  test('AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1', () => {
    expect(region({ AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-west-1' })).toEqual({ region: 'us-west-2', from: 'AWS_REGION', prefix: 'us' })
    expect(region({ AWS_DEFAULT_REGION: 'eu-west-1' })).toEqual({ region: 'eu-west-1', from: 'AWS_DEFAULT_REGION', prefix: 'eu' })
    expect(region({})).toEqual({ region: 'us-east-1', from: 'default', prefix: 'us' })
  })
  test("the active profile's region: credentials file before config", () => {
    const files = [awsFile('config', { default: { region: 'ap-northeast-1' } }), awsFile('credentials', { default: { region: 'eu-central-1' } })]
    expect(region({}, { awsFiles: files })).toEqual({ region: 'eu-central-1', from: 'aws-profile', prefix: 'eu' })
    expect(region({}, { awsFiles: [files[0]] })).toEqual({ region: 'ap-northeast-1', from: 'aws-profile', prefix: 'apac' })
  })
  test("a named profile without a region does not take the default profile's", () => {
    const files = [awsFile('config', { default: { region: 'ap-south-1' }, dev: {} }), awsFile('credentials', { dev: { aws_access_key_id: 'A', aws_secret_access_key: 's' } })]
    expect(region({ AWS_PROFILE: 'dev' }, { awsFiles: files }).region).toBe('us-east-1')
  })
  test('a malformed region is skipped by 2.1.330 and used as given by 2.1.197', () => {
    expect(region({ AWS_REGION: 'us east 1', AWS_DEFAULT_REGION: 'eu-west-1' })).toMatchObject({ region: 'eu-west-1' })
    expect(region({ AWS_REGION: 'us east 1' }, on197)).toEqual({ region: 'us east 1', from: 'AWS_REGION', prefix: 'global' })
  })
  test('regions outside us, eu and ap get the global prefix; ANTHROPIC_BEDROCK_REGION_PREFIX pins it from 2.1.330', () => {
    expect(region({ AWS_REGION: 'ca-central-1' }).prefix).toBe('global')
    expect(region({ AWS_REGION: 'us-gov-west-1' }).prefix).toBe('us')
    expect(region({ AWS_REGION: 'eu-west-1', ANTHROPIC_BEDROCK_REGION_PREFIX: 'global' }).prefix).toBe('global')
    expect(region({ AWS_REGION: 'eu-west-1', ANTHROPIC_BEDROCK_REGION_PREFIX: 'global' }, on197).prefix).toBe('eu')
  })
  test('a settings env block overrides the process region', () => {
    expect(region({ AWS_REGION: 'us-west-2' }, { settings: [settings('user', { env: { AWS_REGION: 'eu-north-1' } })] }).region).toBe('eu-north-1')
  })
  test('the endpoint is the base URL, else the regional host; the signing region ignores the base URL', () => {
    const other = provider(world({ ...BEDROCK, ...KEYS, AWS_REGION: 'us-west-2', ANTHROPIC_BEDROCK_BASE_URL: 'https://bedrock-runtime.eu-west-1.amazonaws.com' }))
    expect(other.region?.value).toBe('us-west-2')
    expect(other.endpoint.value).toBe('https://bedrock-runtime.eu-west-1.amazonaws.com')
    expect(provider(world({ ...BEDROCK, ...KEYS, AWS_REGION: 'eu-west-3' })).endpoint.value).toBe('https://bedrock-runtime.eu-west-3.amazonaws.com')
  })
})

describe('resolve: Bedrock skip-auth and first-party credentials', () => {
  test('2.1.330 forwards nothing next to SigV4 or the Bedrock API key; 2.1.197 adds ANTHROPIC_API_KEY', () => {
    expect(brief(world({ ...BEDROCK, ...KEYS, ...FIRST_PARTY })).forwarded).toEqual([])
    expect(brief(world({ ...BEDROCK, AWS_BEARER_TOKEN_BEDROCK: 'b', ...FIRST_PARTY }, { settings: [helper] })).forwarded).toEqual([])
    expect(brief(world({ ...BEDROCK, ...KEYS, ...FIRST_PARTY }, on197)).forwarded).toEqual(['x-api-key=ANTHROPIC_API_KEY'])
  })
  test('skip: the auth token (else the helper) is sent as Bearer, the API key beside it', () => {
    const skip = { ...BEDROCK, CLAUDE_CODE_SKIP_BEDROCK_AUTH: '1' }
    expect(brief(world({ ...skip, ...FIRST_PARTY, CLAUDE_CODE_OAUTH_TOKEN: 'o' }))).toEqual({ auth: 'none', forwarded: ['authorization=ANTHROPIC_AUTH_TOKEN', 'x-api-key=ANTHROPIC_API_KEY'], fails: undefined })
    expect(brief(world({ ...skip, ANTHROPIC_API_KEY: 'k' }, { settings: [helper] })).forwarded).toEqual(['authorization=apiKeyHelper', 'x-api-key=ANTHROPIC_API_KEY'])
  })
  test('skip + API key alone: nothing on 2.1.330, the key on 2.1.197', () => {
    const env = { ...BEDROCK, CLAUDE_CODE_SKIP_BEDROCK_AUTH: '1', ANTHROPIC_API_KEY: 'k' }
    expect(brief(world(env)).forwarded).toEqual([])
    expect(brief(world(env, on197)).forwarded).toEqual(['x-api-key=ANTHROPIC_API_KEY'])
  })
  test('skip does not stop the Bedrock API key, which keeps Authorization', () => {
    const w = world({ ...BEDROCK, CLAUDE_CODE_SKIP_BEDROCK_AUTH: '1', AWS_BEARER_TOKEN_BEDROCK: 'b', ...FIRST_PARTY })
    expect(brief(w)).toEqual({ auth: 'bearer AWS_BEARER_TOKEN_BEDROCK', forwarded: ['x-api-key=ANTHROPIC_API_KEY'], fails: undefined })
  })
  test('an OAuth token is never forwarded', () => {
    expect(brief(world({ ...BEDROCK, CLAUDE_CODE_SKIP_BEDROCK_AUTH: '1', CLAUDE_CODE_OAUTH_TOKEN: 'o' }, on197)).forwarded).toEqual([])
  })
})

describe('resolve: Vertex', () => {
  const VERTEX = { CLAUDE_CODE_USE_VERTEX: '1', ANTHROPIC_VERTEX_PROJECT_ID: 'p' }
  test('project and region in the path; us-east5 by default; Google ADC otherwise', () => {
    const p = provider(world({ ...VERTEX, GOOGLE_APPLICATION_CREDENTIALS: '/adc.json' }))
    expect({ project: p.project?.value, region: p.region?.value, endpoint: p.endpoint.value }).toEqual({
      project: 'p',
      region: 'us-east5',
      endpoint: 'https://us-east5-aiplatform.googleapis.com/v1',
    })
    expect(brief(world({ ...VERTEX, GOOGLE_APPLICATION_CREDENTIALS: '/adc.json' })).auth).toBe('bearer google-adc/credentials-file')
    expect(brief(world(VERTEX)).auth).toBe('bearer google-adc/gcloud-or-metadata')
  })
  test('GOOGLE_CLOUD_PROJECT is neither an override nor a fallback', () => {
    expect(provider(world({ ...VERTEX, GOOGLE_CLOUD_PROJECT: 'g', GCLOUD_PROJECT: 'h' })).project?.value).toBe('p')
    expect(brief(world({ CLAUDE_CODE_USE_VERTEX: '1', GOOGLE_CLOUD_PROJECT: 'g' })).fails).toBe('vertex-project')
  })
  test('2.1.197 looks the project up first with Google credentials, unless GOOGLE_CLOUD_PROJECT or GCLOUD_PROJECT is set; 2.1.330 never does', () => {
    const adc = { ...VERTEX, GOOGLE_APPLICATION_CREDENTIALS: '/adc.json' }
    expect(brief(world(adc, on197)).fails).toBe('vertex-project-lookup')
    expect(brief(world(VERTEX, on197)).fails).toBe('vertex-project-lookup')
    expect(brief(world(adc)).fails).toBeUndefined()
    expect(brief(world({ ...adc, GOOGLE_CLOUD_PROJECT: 'p' }, on197)).fails).toBeUndefined()
    expect(brief(world({ ...adc, GCLOUD_PROJECT: 'p' }, on197)).fails).toBeUndefined()
    expect(brief(world({ ...adc, GOOGLE_CLOUD_PROJECT: ' ' }, on197)).fails).toBe('vertex-project-lookup')
    // Skip-auth asks Google for nothing.
    expect(brief(world({ ...VERTEX, CLAUDE_CODE_SKIP_VERTEX_AUTH: '1' }, on197)).fails).toBeUndefined()
  })
  test('global and multi-region hosts', () => {
    expect(provider(world({ ...VERTEX, CLOUD_ML_REGION: 'global' })).endpoint.value).toBe('https://aiplatform.googleapis.com/v1')
    expect(provider(world({ ...VERTEX, CLOUD_ML_REGION: 'eu' })).endpoint.value).toBe('https://aiplatform.eu.rep.googleapis.com/v1')
  })
  test('a malformed region: the default on 2.1.330, as given on 2.1.197', () => {
    expect(provider(world({ ...VERTEX, CLOUD_ML_REGION: 'us east5' })).region?.value).toBe('us-east5')
    expect(provider(world({ ...VERTEX, CLOUD_ML_REGION: 'us east5' }, on197)).region?.value).toBe('us east5')
  })
  test('skip: token or helper as Bearer, the API key as x-api-key; next to ADC only 2.1.197 adds the key', () => {
    const skip = { ...VERTEX, CLAUDE_CODE_SKIP_VERTEX_AUTH: '1' }
    expect(brief(world({ ...skip, ANTHROPIC_API_KEY: 'k' })).forwarded).toEqual(['x-api-key=ANTHROPIC_API_KEY'])
    expect(brief(world({ ...skip, ...FIRST_PARTY })).forwarded).toEqual(['authorization=ANTHROPIC_AUTH_TOKEN', 'x-api-key=ANTHROPIC_API_KEY'])
    expect(brief(world({ ...VERTEX, ...FIRST_PARTY }, { settings: [helper] })).forwarded).toEqual([])
    expect(brief(world({ ...VERTEX, ...FIRST_PARTY }, { ...on197, settings: [helper] })).forwarded).toEqual(['x-api-key=ANTHROPIC_API_KEY'])
  })
  test('bare mode forwards no user-settings helper', () => {
    expect(brief(world({ ...VERTEX, CLAUDE_CODE_SKIP_VERTEX_AUTH: '1', ANTHROPIC_API_KEY: 'k' }, { bare: true, settings: [helper] })).forwarded).toEqual(['x-api-key=ANTHROPIC_API_KEY'])
  })
})

describe('resolve: Foundry', () => {
  const FOUNDRY = { CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_BASE_URL: 'https://x/anthropic' }
  test('resource and base URL: one of them, never both', () => {
    expect(provider(world({ CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_RESOURCE: 'r', ANTHROPIC_FOUNDRY_API_KEY: 'k' })).endpoint.value).toBe('https://r.services.ai.azure.com/anthropic')
    expect(brief(world({ ...FOUNDRY, ANTHROPIC_FOUNDRY_RESOURCE: 'r' })).fails).toBe('foundry-endpoint')
    expect(provider(world({ CLAUDE_CODE_USE_FOUNDRY: '1' })).fails?.message).toMatch(/Must provide one of the `baseURL` or `resource`/)
  })
  test('auth token beats the key from 2.1.330; 2.1.197 ignores the token', () => {
    const env = { ...FOUNDRY, ANTHROPIC_FOUNDRY_AUTH_TOKEN: 't', ANTHROPIC_FOUNDRY_API_KEY: 'k' }
    expect(brief(world(env)).auth).toBe('bearer ANTHROPIC_FOUNDRY_AUTH_TOKEN')
    expect(brief(world(env, on197)).auth).toBe('x-api-key ANTHROPIC_FOUNDRY_API_KEY')
    expect(provider(world(env, on197)).shadowed.map(credentialName)).toEqual(['ANTHROPIC_FOUNDRY_AUTH_TOKEN'])
    expect(brief(world({ ...FOUNDRY, ANTHROPIC_FOUNDRY_AUTH_TOKEN: 't' }, on197)).auth).toBe('bearer azure-chain/managed-identity-or-cli')
  })
  test('the token 2.1.197 passes over is named as ignored there, and only there', () => {
    const env = { ...FOUNDRY, ANTHROPIC_FOUNDRY_AUTH_TOKEN: 't' }
    expect(provider(world(env, on197)).ignored).toEqual([{ name: 'ANTHROPIC_FOUNDRY_AUTH_TOKEN', value: 't', origin: { kind: 'process-env' } }])
    expect(provider(world(env)).ignored).toBeUndefined()
    expect(provider(world({ ...FOUNDRY, ANTHROPIC_FOUNDRY_API_KEY: 'k' }, on197)).ignored).toBeUndefined()
  })
  test('the Azure chain: client secret before workload identity before managed identity', () => {
    const app = { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' }
    expect(brief(world({ ...FOUNDRY, ...app, AZURE_CLIENT_SECRET: 's', AZURE_FEDERATED_TOKEN_FILE: '/f' })).auth).toBe('bearer azure-chain/environment')
    expect(brief(world({ ...FOUNDRY, ...app, AZURE_FEDERATED_TOKEN_FILE: '/f' })).auth).toBe('bearer azure-chain/workload-identity')
    expect(brief(world({ ...FOUNDRY, AZURE_CLIENT_SECRET: 's' })).auth).toBe('bearer azure-chain/managed-identity-or-cli')
  })
  test('skip: a fixed placeholder Bearer on 2.1.330 (the token or helper instead, if any); 2.1.197 stops', () => {
    const skip = { ...FOUNDRY, CLAUDE_CODE_SKIP_FOUNDRY_AUTH: '1' }
    expect(brief(world({ ...skip, ANTHROPIC_API_KEY: 'k' }))).toEqual({ auth: 'none (skip-foundry-auth)', forwarded: [], fails: undefined })
    expect(brief(world({ ...skip, ...FIRST_PARTY })).forwarded).toEqual(['authorization=ANTHROPIC_AUTH_TOKEN'])
    expect(brief(world(skip, on197)).fails).toBe('foundry-skip')
  })
  test('a whitespace-only key stops both versions, skip flag and Azure chain or not; a 2.1.330 token comes first', () => {
    const blank = { ...FOUNDRY, ANTHROPIC_FOUNDRY_API_KEY: '  ' }
    for (const over of [{}, on197]) {
      expect(brief(world(blank, over)).fails).toBe('foundry-api-key-blank')
      expect(brief(world({ ...blank, CLAUDE_CODE_SKIP_FOUNDRY_AUTH: '1' }, over)).fails).toBe('foundry-api-key-blank')
      expect(brief(world({ ...blank, AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' }, over)).fails).toBe('foundry-api-key-blank')
    }
    expect(provider(world(blank)).fails?.message).toMatch(/^API Error: Missing credentials\. Please pass one of `apiKey` and `azureTokenProvider`/)
    expect(brief(world({ ...blank, ANTHROPIC_FOUNDRY_AUTH_TOKEN: 't' }))).toEqual({ auth: 'bearer ANTHROPIC_FOUNDRY_AUTH_TOKEN', forwarded: [], fails: undefined })
    expect(brief(world({ ...blank, ANTHROPIC_FOUNDRY_AUTH_TOKEN: 't' }, on197)).fails).toBe('foundry-api-key-blank')
  })
  test('skip does not stop a Foundry key; 2.1.197 adds the token or helper beside it, or over the Azure token', () => {
    const env = { ...FOUNDRY, CLAUDE_CODE_SKIP_FOUNDRY_AUTH: '1', ANTHROPIC_FOUNDRY_API_KEY: 'k', ...FIRST_PARTY }
    expect(brief(world(env))).toEqual({ auth: 'x-api-key ANTHROPIC_FOUNDRY_API_KEY', forwarded: [], fails: undefined })
    expect(brief(world(env, on197)).forwarded).toEqual(['authorization=ANTHROPIC_AUTH_TOKEN'])
    expect(brief(world({ ...FOUNDRY, ...FIRST_PARTY }, { ...on197, settings: [helper] })).forwarded).toEqual(['authorization=ANTHROPIC_AUTH_TOKEN'])
    expect(brief(world({ ...FOUNDRY, ...FIRST_PARTY }, { settings: [helper] })).forwarded).toEqual([])
  })
})

describe('resolve: provider routes leave the first-party view alone', () => {
  test('no provider wire on first party or on routes without rules', () => {
    expect(resolve(world({ ANTHROPIC_API_KEY: 'k' })).provider).toBeUndefined()
    expect(resolve(world({ CLAUDE_CODE_USE_MANTLE: '1' })).provider).toBeUndefined()
  })
  test('routing order still picks the provider: Bedrock over Foundry over Vertex', () => {
    expect(provider(world({ ...BEDROCK, CLAUDE_CODE_USE_FOUNDRY: '1', CLAUDE_CODE_USE_VERTEX: '1' })).name).toBe('bedrock')
  })
})
