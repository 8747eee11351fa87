// Offline checks of a cloud provider setup, from what the resolver says the
// CLI will do there (src/resolve/provider.ts): a credential the CLI will
// find, the region and project it will use and where they come from, an
// endpoint it can reach. Each failure is one problem with cause and fix; the
// CLI's own error text is quoted when it would stop.

import { problem, type Problem } from '../common/problems.js'
import { PROVIDER_WORDS } from '../common/provider-words.js'
import type { CloudProvider, DerivedValue, ProviderWire, WireResult } from '../resolve/model.js'
import { blankStopCredential } from '../resolve/provider.js'
import { CLOUD } from '../resolve/rules.js'
import type { Scan } from '../scan/scan.js'
import type { IntendedSetup } from './intended.js'
import { blankKeyOffender } from './explain.js'
import { halfAwsKeyProblem, vertexProjectLookupProblem } from './messages.js'
import { displayPath, subject, whereText, type Places } from './places.js'

const DOCS: Record<CloudProvider, string> = {
  bedrock: 'https://code.claude.com/docs/en/amazon-bedrock',
  vertex: 'https://code.claude.com/docs/en/google-vertex-ai',
  foundry: 'https://code.claude.com/docs/en/microsoft-foundry',
}

/** Known `type`s of a Google credentials file (application default credentials). */
const GOOGLE_CREDENTIAL_TYPES = ['service_account', 'external_account', 'authorized_user', 'impersonated_service_account', 'external_account_authorized_user', 'gdch_service_account']

/** `derived` in words: "us-east-1 (from AWS_REGION in the job env)". */
export function derivedText(value: DerivedValue, places: Places): string {
  const from = value.from
  if ('origin' in from) return `${value.value} (${subject(from.name, from.origin, places)})`
  if (from.name === 'aws-profile') return `${value.value} (from profile \`${from.profile}\` in ${displayPath(from.path, places)})`
  return `${value.value} (the default)`
}

/** What the provider route will use, for the summary: credential, endpoint, region, project. */
export function providerFacts(wire: WireResult, places: Places): { label: string; value: string }[] {
  const own = wire.provider
  if (!own) return []
  const facts: { label: string; value: string }[] = []
  const auth = own.auth
  const credential =
    auth.kind === 'none'
      ? `none: ${auth.skippedBy.name} is on (a gateway adds its own)${auth.placeholder ? `; Claude Code sends \`Bearer ${auth.placeholder}\`` : ''}`
      : 'origin' in auth.credential
        ? subject(auth.credential.name, auth.credential.origin, places)
        : chainWords(auth.credential.name, auth.credential.member, auth.credential.profile?.name)
  const stops = blankStopCredential(own) ? ', only whitespace: Claude Code stops before any request' : ''
  facts.push({ label: 'Credential', value: `${auth.kind === 'sigv4' ? 'AWS Signature V4 with ' : auth.kind === 'bearer' ? 'Bearer ' : auth.kind === 'x-api-key' ? 'x-api-key ' : ''}${credential}${stops}` })
  if (own.endpoint.value) facts.push({ label: 'Endpoint', value: derivedText(own.endpoint, places) })
  if (own.region) facts.push({ label: 'Region', value: derivedText(own.region, places) })
  if (own.project) facts.push({ label: 'Project', value: derivedText(own.project, places) })
  if (own.modelPrefix) facts.push({ label: 'Model prefix', value: derivedText(own.modelPrefix, places) })
  return facts
}

function chainWords(chain: string, member: string, profile: string | undefined): string {
  const what: Record<string, string> = {
    'env-keys': 'the AWS keys in the environment',
    profile: `AWS profile \`${profile ?? 'default'}\``,
    'web-identity': 'AWS web identity (AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE)',
    container: 'the AWS container credentials endpoint',
    'instance-metadata': 'EC2 instance metadata',
    'credentials-file': 'the Google credentials file in GOOGLE_APPLICATION_CREDENTIALS',
    'gcloud-or-metadata': 'a gcloud login or the GCE metadata server',
    environment: 'the Azure service principal in AZURE_* variables',
    'workload-identity': 'Azure workload identity (AZURE_FEDERATED_TOKEN_FILE)',
    'managed-identity-or-cli': 'an Azure CLI login or a managed identity',
  }
  return what[member] ?? `${chain} (${member})`
}

/** Everything wrong with the provider setup under each reading, and what is worth knowing. */
export function providerProblems(intended: IntendedSetup, wires: readonly { version: string; wire: WireResult }[], scan: Scan, places: Places): Problem[] {
  const provider = intended.provider!
  const name = PROVIDER_WORDS[provider]
  const problems: Problem[] = []
  const add = (p: Problem) => {
    if (!problems.some((q) => q.title === p.title && q.cause === p.cause)) problems.push(p)
  }
  const newest = wires[wires.length - 1]!.wire.provider
  const hosted = scan.env.RUNNER_ENVIRONMENT !== 'self-hosted'

  for (const { version, wire } of wires) {
    const own = wire.provider
    if (wire.route !== provider || !own || !own.fails) continue
    // A blank key from a settings file or a later step is a conflict, worded there.
    if (blankKeyOffender(own)) continue
    const onlyThen = wires.every((w) => w.wire.provider?.fails?.rule === own.fails!.rule) ? '' : ` with Claude Code ${version}`
    add(failProblem(provider, own, onlyThen, scan, places))
  }
  if (!newest || newest.name !== provider) return problems

  const auth = newest.auth
  if (auth.kind === 'none') {
    add(problem('notice', 'No cloud credential will be sent', `${auth.skippedBy.name} is on, so Claude Code sends no ${name} credential: a gateway in front of ${name} must add its own.`, whereText(auth.skippedBy.name, auth.skippedBy.origin, places), `nothing to do for a gateway setup; otherwise remove ${auth.skippedBy.name}`, { rule: 'provider/skip-auth' }))
  } else if (!('origin' in auth.credential)) {
    const member = auth.credential.member
    if (member === 'instance-metadata' || member === 'gcloud-or-metadata') {
      const what = provider === 'bedrock' ? 'AWS credentials (keys, a profile, web identity)' : 'Google application default credentials (GOOGLE_APPLICATION_CREDENTIALS)'
      const fix =
        provider === 'bedrock'
          ? 'run aws-actions/configure-aws-credentials (with `role-to-assume` and `id-token: write`) before this step, or give `bedrock-api-key`'
          : 'run google-github-actions/auth (with `workload_identity_provider` and `id-token: write`) before this step'
      add(
        problem(
          hosted ? 'error' : 'warning',
          `No ${provider === 'bedrock' ? 'AWS' : 'Google'} credentials in the job`,
          `The job has no ${what}, so Claude Code would fall back to ${chainWords(auth.credential.name, member, undefined)}${hosted ? ', which GitHub-hosted runners do not have: it would stop with "Could not load credentials"' : ''}.`,
          'the job environment',
          fix,
          { url: DOCS[provider], rule: 'provider/no-cloud-credentials' },
        ),
      )
    }
    if (member === 'managed-identity-or-cli') {
      add(problem('notice', 'Azure credential from the Azure CLI or a managed identity', `No Foundry key or token and no AZURE_* service principal is set, so Claude Code will ask the Azure CLI login (azure/login) or a managed identity for a token.`, 'the job environment', 'run azure/login before this step, or give `foundry-api-key`', { url: DOCS.foundry, rule: 'provider/azure-credential-chain' }))
    }
    if (member === 'credentials-file') for (const p of googleCredentialsProblems(scan, places)) add(p)
    if (auth.credential.name === 'aws-chain' && auth.credential.profile && member === 'profile') {
      // a profile that holds credentials: fine
    }
  }
  const profile = scan.env.AWS_PROFILE?.trim()
  if (provider === 'bedrock' && profile && !(scan.awsFiles ?? []).some((f) => f.profiles[profile] !== undefined)) {
    add(
      problem(
        'error',
        'AWS profile not found',
        `AWS_PROFILE names \`${profile}\`, which is in neither ~/.aws/credentials nor ~/.aws/config, and naming a profile makes Claude Code skip the AWS keys in the environment: it would stop with "Could not load AWS credentials".`,
        whereText('AWS_PROFILE', { kind: 'process-env' }, places),
        'remove AWS_PROFILE (aws-actions/configure-aws-credentials exports keys, not a profile), or create the profile before this step',
        { rule: 'provider/aws-profile-not-found' },
      ),
    )
  }
  // Measured on both versions: the SDK skips a key id without its secret and asks the rest of the chain.
  if (provider === 'bedrock' && scan.env.AWS_ACCESS_KEY_ID?.trim() && !scan.env.AWS_SECRET_ACCESS_KEY?.trim()) {
    add(halfAwsKeyProblem(usedInstead(newest.auth, places), whereText('AWS_ACCESS_KEY_ID', { kind: 'process-env' }, places)))
  }

  if (newest.region && provider === 'bedrock') {
    const region = newest.region
    const env = region.from.name === 'AWS_REGION' || region.from.name === 'AWS_DEFAULT_REGION' ? scan.env[region.from.name] : undefined
    const raw = scan.env.AWS_REGION ?? scan.env.AWS_DEFAULT_REGION
    if (raw !== undefined && raw.trim() !== '' && CLOUD.malformedRegion.test(raw.trim()) && env === undefined) {
      add(problem('error', 'AWS region is malformed', `The AWS region in the job env is ${JSON.stringify(raw)}, which is not a region name, so Claude Code ignores it and signs for ${region.value}.`, 'AWS_REGION / AWS_DEFAULT_REGION', 'set `aws-region` to a region name such as `us-east-1`', { rule: 'provider/aws-region-malformed' }))
    }
    const baseRegion = /bedrock-runtime(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com/.exec(newest.endpoint.value)?.[1]
    if (baseRegion && baseRegion !== region.value) {
      add(
        problem(
          'error',
          'Bedrock endpoint and signing region differ',
          `ANTHROPIC_BEDROCK_BASE_URL points at ${baseRegion}, but Claude Code signs requests for ${derivedText(region, places)}: AWS would reject every signature.`,
          'ANTHROPIC_BEDROCK_BASE_URL',
          `set \`aws-region: ${baseRegion}\`, or point the base URL at ${region.value}`,
          { rule: 'provider/bedrock-region-mismatch' },
        ),
      )
    }
    add(problem('notice', 'Amazon Bedrock region', `Claude Code will sign Amazon Bedrock requests for ${derivedText(region, places)}.`, 'the job environment and AWS files', 'set `aws-region` to choose another', { rule: 'provider/bedrock-region' }))
  }
  if (provider === 'vertex' && newest.region && newest.project) {
    add(problem('notice', 'Google Vertex AI project and region', `Claude Code will call Vertex AI in project ${derivedText(newest.project, places)}, region ${derivedText(newest.region, places)}.`, 'the job environment', 'set `vertex-project-id` and `vertex-region` to choose others', { rule: 'provider/vertex-project-region' }))
  }
  return problems
}

/** The credential a provider route uses, in words, for "uses … instead". */
function usedInstead(auth: ProviderWire['auth'], places: Places): string {
  if (auth.kind === 'none') return `no credential (${auth.skippedBy.name} is on)`
  if ('origin' in auth.credential) return subject(auth.credential.name, auth.credential.origin, places)
  return chainWords(auth.credential.name, auth.credential.member, auth.credential.profile?.name)
}

/** Claude Code stops before any request (`own.fails`): the action's words for it, which the doctor shares. */
export function failProblem(provider: CloudProvider, own: ProviderWire, onlyThen: string, scan: Scan, places?: Places): Problem {
  const fail = own.fails!
  const quote = `"${fail.message.replace(/^API Error: /, '')}"`
  if (fail.rule === 'vertex-project') {
    const stand = ['GOOGLE_CLOUD_PROJECT', 'GCLOUD_PROJECT'].find((n) => scan.env[n]?.trim())
    return problem(
      'error',
      'No Vertex AI project',
      stand
        ? `${stand} is set, but Claude Code reads the project only from ANTHROPIC_VERTEX_PROJECT_ID (measured), so it would stop with ${quote}${onlyThen}.`
        : `ANTHROPIC_VERTEX_PROJECT_ID is not set, so Claude Code would stop with ${quote}${onlyThen}.`,
      'input `vertex-project-id`',
      'set `vertex-project-id`, e.g. `${{ steps.auth.outputs.project_id }}` from google-github-actions/auth',
      { url: DOCS.vertex, rule: 'provider/vertex-project-missing' },
    )
  }
  if (fail.rule === 'vertex-project-lookup') return vertexProjectLookupProblem(onlyThen)
  const blank = blankStopCredential(own)
  if (blank) {
    const who = places ? subject(blank.name, blank.origin, places) : blank.name
    const inFile = blank.origin.kind === 'settings-env' ? blank.origin : undefined
    return problem(
      'error',
      `${blank.name} is blank`,
      `${who} holds only whitespace: Claude Code takes it as the key, so it asks for no other credential, and stops before sending anything ("${fail.message.replace(/^API Error: /, '').replace(/\.$/, '')}")${onlyThen}.`,
      places ? whereText(blank.name, blank.origin, places) : blank.name,
      inFile
        ? `remove ${blank.name} from the \`env\` block of ${places ? displayPath(inFile.path, places) : inFile.path} (a settings file overrides the environment), or put the key there`
        : `give the key in \`foundry-api-key\` (this action exports it), or remove ${blank.name} where it is set so that Claude Code uses the Azure credential chain`,
      { url: DOCS[provider], rule: 'provider/blank-key' },
    )
  }
  if (fail.rule === 'foundry-endpoint') {
    return problem('error', 'Foundry endpoint', `Claude Code would stop with ${quote}${onlyThen}.`, 'ANTHROPIC_FOUNDRY_RESOURCE / ANTHROPIC_FOUNDRY_BASE_URL', 'give exactly one: `foundry-resource`, or `foundry-base-url` ending in `/anthropic`', { url: DOCS.foundry, rule: 'provider/foundry-endpoint' })
  }
  return problem('error', `${PROVIDER_WORDS[provider]} setup would fail`, `Claude Code would stop before sending anything: ${quote}${onlyThen}.`, `the ${PROVIDER_WORDS[provider]} setup`, `see ${DOCS[provider]}`, { url: DOCS[provider], rule: 'provider/setup-fails' })
}

function googleCredentialsProblems(scan: Scan, places: Places): Problem[] {
  const file = scan.googleCredentials
  if (!file) return []
  const where = `GOOGLE_APPLICATION_CREDENTIALS (${displayPath(file.path, places)})`
  const fix = 'point GOOGLE_APPLICATION_CREDENTIALS at the file google-github-actions/auth writes (run it before this step, with `create_credentials_file: true`, the default)'
  switch (file.state) {
    case 'absent':
      return [problem('error', 'Google credentials file not found', `GOOGLE_APPLICATION_CREDENTIALS names a file that does not exist, so Claude Code would stop with "Could not load Google Cloud credentials".`, where, fix, { rule: 'provider/google-credentials-file' })]
    case 'unreadable':
      return [problem('error', 'Google credentials file cannot be read', 'GOOGLE_APPLICATION_CREDENTIALS names a file this step cannot read.', where, fix, { rule: 'provider/google-credentials-file' })]
    case 'malformed':
      return [problem('error', 'Google credentials file is not JSON', 'GOOGLE_APPLICATION_CREDENTIALS names a file that is not a JSON object.', where, fix, { rule: 'provider/google-credentials-file' })]
    case 'read':
      if (file.type && GOOGLE_CREDENTIAL_TYPES.includes(file.type)) return []
      return [
        problem(
          'error',
          'Google credentials file of unknown type',
          `The file in GOOGLE_APPLICATION_CREDENTIALS has ${file.type ? `type \`${file.type.slice(0, 40)}\`` : 'no `type`'}, which is not one Google's libraries accept (${GOOGLE_CREDENTIAL_TYPES.slice(0, 3).join(', ')}, …).`,
          where,
          fix,
          { rule: 'provider/google-credentials-file' },
        ),
      ]
  }
}
