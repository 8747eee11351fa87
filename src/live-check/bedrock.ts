// The live check for Amazon Bedrock: dist/live-check-bedrock.js, loaded only
// when `live-check: true` and the method is `bedrock`.
//
// The request is the one Claude Code itself makes before any inference (docs/
// providers-measured.md, "Run shape"): ListInferenceProfiles,
// `GET /inference-profiles?type=SYSTEM_DEFINED`, here with maxResults=1. It
// spends no tokens, goes to the Bedrock control plane of the region Claude
// Code signs for (`bedrock.<region>.amazonaws.com`, the host the CLI was seen
// to CONNECT to) or to ANTHROPIC_BEDROCK_BASE_URL, and needs
// bedrock:ListInferenceProfiles, which Claude Code needs too. API reference:
// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ListInferenceProfiles.html
//
// The credential is the one Claude Code will send: the Bedrock API key as
// `Authorization: Bearer` (which AWS documents for Bedrock control-plane and
// runtime actions alike: https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-use.html),
// else AWS Signature V4 (service `bedrock`) with what the AWS SDK's default
// credential chain finds, which is the chain Claude Code uses. The SDK is
// loaded only on that path. Its own requests (STS, SSO, the container and
// instance metadata endpoints) go through the SDK's HTTP handler, which does
// not read HTTPS_PROXY or NO_PROXY: behind a proxy they need direct access.

import { PROVIDER_WORDS } from '../common/provider-words.js'
import { CLOUD } from '../resolve/rules.js'
import { commonJudgement, errorBody, providerAccepted, WARN_HINT, type Judgement } from './provider-answers.js'
import { ProviderCheck, type CredentialOutcome, type ProviderCheckOptions } from './provider-check.js'
import type { HttpAnswer } from './transport.js'
import type { LiveCheckResult } from './types.js'

const PROFILES_PATH = '/inference-profiles'
const PROFILES_QUERY = { maxResults: '1', type: 'SYSTEM_DEFINED' }
const IAM_DOCS = 'https://code.claude.com/docs/en/amazon-bedrock'
const OIDC_DOCS = 'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services'
const CHAIN = 'AWS credentials (the AWS SDK default chain)'
/**
 * The SDK nags on stderr when Node is older than it will soon require. The
 * action runs on the runner's node24; under an older Node (the doctor, local
 * runs) the nag is not the user's to act on.
 */
const QUIET_SDK = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }

/** The control plane of a region: bedrock.<region>.amazonaws.com (.com.cn in China). */
export function controlPlane(region: string): string {
  return `https://bedrock.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`
}

interface AwsKeys {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

type Credential = { kind: 'bearer'; token: string; variable: string } | { kind: 'sigv4'; keys: AwsKeys }

export async function checkBedrock(options: ProviderCheckOptions): Promise<LiveCheckResult> {
  const { wire } = options
  const region = wire.region?.value ?? 'us-east-1'
  const viaBaseUrl = wire.endpoint.from.name === CLOUD.bedrock.baseUrl
  const check = new ProviderCheck(options, viaBaseUrl ? CLOUD.bedrock.baseUrl : '`aws-region` (AWS_REGION)')
  const base = viaBaseUrl ? wire.endpoint.value : controlPlane(region)

  let credential: Credential
  if (wire.auth.kind === 'bearer' && 'value' in wire.auth.credential) {
    credential = { kind: 'bearer', token: wire.auth.credential.value.trim(), variable: wire.auth.credential.name }
    check.keepSecret(credential.token)
  } else {
    const obtained = await check.obtain(() => awsKeys(check), QUIET_SDK)
    if (!obtained.ok) return obtained.timedOut ? check.timedOut(CHAIN, 'The AWS credentials') : check.stop(awsChainFailure(obtained.error, options.env), CHAIN)
    check.keepSecret(obtained.value.secretAccessKey, obtained.value.sessionToken)
    credential = { kind: 'sigv4', keys: obtained.value }
  }

  const query = new URLSearchParams(PROFILES_QUERY).toString()
  return check.ask({
    base,
    path: `${PROFILES_PATH}?${query}`,
    method: 'GET',
    headers: async ({ host, path }) => {
      const headers: Record<string, string> = { host, accept: 'application/json', 'accept-encoding': 'identity', 'user-agent': 'claude-code-auth-action (live-check)' }
      if (credential.kind === 'bearer') return { ...headers, authorization: `Bearer ${credential.token}` }
      return sign(credential.keys, region, host, path.split('?')[0] as string, headers)
    },
    judge: (answer) => judgeBedrock(answer, credential, region),
  })
}

/**
 * The AWS SDK's default chain (the one Claude Code uses), its requests bounded
 * by the budget left: one attempt each (a retry would only outlive the check's
 * verdict), and a timeout that fails the request instead of only logging it.
 */
async function awsKeys(check: ProviderCheck): Promise<AwsKeys> {
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node')
  const budget = Math.max(1, Math.floor(check.remainingMs()))
  const quiet = (): void => undefined
  // The SDK warns on the console (e.g. AWS_PROFILE next to env keys): a note instead, so stderr stays the action's.
  const logger = { trace: quiet, debug: quiet, info: quiet, warn: (...parts: unknown[]) => check.note(`AWS SDK: ${parts.map(String).join(' ').replace(/\s+/g, ' ').trim()}`), error: quiet }
  const provider = defaultProvider({
    logger,
    // No region: the nested STS and SSO clients pick theirs as they would for Claude Code.
    clientConfig: { logger, maxAttempts: 1, requestHandler: { requestTimeout: budget, connectionTimeout: budget, throwOnRequestTimeout: true } },
  })
  const keys = await provider()
  return { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey, ...(keys.sessionToken ? { sessionToken: keys.sessionToken } : {}) }
}

async function sign(keys: AwsKeys, region: string, host: string, path: string, headers: Record<string, string>): Promise<Record<string, string>> {
  const [{ SignatureV4 }, { Sha256 }] = await Promise.all([import('@smithy/signature-v4'), import('@aws-crypto/sha256-js')])
  const signer = new SignatureV4({ service: 'bedrock', region, credentials: keys, sha256: Sha256 })
  const [hostname, port] = host.startsWith('[') ? [host.slice(0, host.indexOf(']') + 1), host.split(']:')[1]] : host.split(':')
  const signed = await signer.sign({
    method: 'GET',
    protocol: 'https:',
    hostname: hostname as string,
    ...(port ? { port: Number(port) } : {}),
    path,
    query: PROFILES_QUERY,
    headers,
  })
  return signed.headers
}

function judgeBedrock(answer: HttpAnswer, credential: Credential, region: string): Judgement {
  const error = errorBody(answer)
  const { status } = answer
  const base = { httpStatus: status, serverText: error.message }
  const bearer = credential.kind === 'bearer'
  const what = bearer ? `the Bedrock API key (${credential.variable})` : 'the AWS credentials'
  if (status === 200 && Array.isArray((error.json as { inferenceProfileSummaries?: unknown } | undefined)?.inferenceProfileSummaries)) {
    return providerAccepted('bedrock', status, (ctx) => `${ctx.endpoint} answered 200 with inference profiles: ${PROVIDER_WORDS.bedrock} in ${region} accepts ${what}.`)
  }
  if (status !== 401 && status !== 403) return commonJudgement(answer, error)

  if (/expired/.test(error.text)) {
    return {
      ...base,
      verdict: 'expired',
      reason: 'expired',
      words: () => ({
        title: `${bearer ? 'Bedrock API key' : 'AWS credentials'} expired (${status})`,
        message: `AWS reports that ${what} ${bearer ? 'has' : 'have'} expired.`,
        fix: bearer
          ? 'Generate a new Amazon Bedrock API key (short-term keys last at most 12 hours) and store it in the `bedrock-api-key` secret.'
          : 'Run aws-actions/configure-aws-credentials again in this job, right before this step (its session lasts 1 hour unless role-duration-seconds says otherwise).',
      }),
    }
  }
  if (/accessdenied|not authori[sz]ed to perform|explicit deny/.test(error.text)) {
    return {
      ...base,
      verdict: 'forbidden',
      reason: 'forbidden',
      words: () => ({
        title: `AWS denied bedrock:ListInferenceProfiles (${status})`,
        message: `AWS accepts ${what}, but its identity may not call ListInferenceProfiles in ${region}, which Claude Code calls before its first request.`,
        fix: `Allow bedrock:ListInferenceProfiles, bedrock:GetInferenceProfile, bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream for this identity${bearer ? ' (and do not deny bedrock:CallWithBearerToken)' : ''}; see ${IAM_DOCS}.`,
      }),
    }
  }
  return {
    ...base,
    verdict: 'invalid',
    reason: 'rejected',
    words: (ctx) => ({
      title: `${bearer ? 'Bedrock API key' : 'AWS credentials'} rejected (${status})`,
      message: bearer
        ? `${ctx.origin} does not accept this Bedrock API key: it is wrong, revoked, or was made for another account.`
        : `${ctx.origin} does not accept these AWS credentials: the access key is unknown or deactivated, the secret or session token does not belong to it, or the request was signed for a region (${region}) this endpoint does not serve.`,
      fix: bearer
        ? 'Generate a new Amazon Bedrock API key in the Bedrock console and store it in the `bedrock-api-key` secret.'
        : 'Check that aws-actions/configure-aws-credentials ran in this job and that no later step or settings file overwrote AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or AWS_SESSION_TOKEN; for static keys, create a new access key in IAM.',
    }),
  }
}

interface AwsSdkError {
  name?: string
  message?: string
  code?: string
  $metadata?: { httpStatusCode?: number }
}

const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE)$/

/** What a failure of the AWS SDK's default chain means, and what fixes it. */
export function awsChainFailure(error: unknown, env: Record<string, string | undefined>): CredentialOutcome {
  const e = (error && typeof error === 'object' ? error : {}) as AwsSdkError
  const name = e.name ?? ''
  const text = e.message ?? String(error)
  const said = { who: name === 'CredentialsProviderError' || !name ? 'The AWS SDK' : `AWS (${name})`, text }
  const webIdentity = /AssumeRoleWithWebIdentity/i.test(text) || Boolean(env.AWS_WEB_IDENTITY_TOKEN_FILE?.trim() && env.AWS_ROLE_ARN?.trim())

  if (/^AccessDenied/.test(name)) {
    return {
      verdict: 'forbidden',
      reason: 'token-exchange-refused',
      said,
      wording: webIdentity
        ? {
            title: 'AWS denied AssumeRoleWithWebIdentity',
            message: "AWS STS would not let this job assume the role in AWS_ROLE_ARN with the job's GitHub OIDC token.",
            fix: `The role's trust policy must allow this repository's OIDC subject (token.actions.githubusercontent.com:sub, e.g. repo:OWNER/REPO:ref:refs/heads/main or repo:OWNER/REPO:environment:NAME) with audience sts.amazonaws.com; see ${OIDC_DOCS}.`,
          }
        : {
            title: 'AWS denied the role assumption',
            message: 'AWS STS refused to hand out credentials for the role the AWS profile names.',
            fix: "Check the role's trust policy and the profile's role_arn and source_profile.",
          },
    }
  }
  if (/^InvalidIdentityToken|^IDPRejectedClaim/.test(name)) {
    return {
      verdict: 'invalid',
      reason: 'token-exchange-refused',
      said,
      wording: {
        title: 'AWS rejected the web identity token',
        message: 'AWS STS did not accept the OIDC token in AWS_WEB_IDENTITY_TOKEN_FILE.',
        fix: `Add the IAM OIDC identity provider token.actions.githubusercontent.com (audience sts.amazonaws.com) to the AWS account, and give the job \`permissions: id-token: write\`; see ${OIDC_DOCS}.`,
      },
    }
  }
  if (/^ExpiredToken/.test(name) || /\bexpired\b/i.test(text)) {
    return {
      verdict: 'expired',
      reason: 'expired',
      said,
      wording: {
        title: 'AWS credentials expired',
        message: 'The AWS credentials (or the token they are fetched with) have expired.',
        fix: 'Run aws-actions/configure-aws-credentials again right before this step, or refresh the SSO login the profile uses.',
      },
    }
  }
  if (/Could not load credentials from any providers/i.test(text)) {
    return {
      verdict: 'invalid',
      reason: 'no-credentials',
      said,
      wording: {
        title: 'No AWS credentials',
        message:
          "The AWS SDK's default chain, which Claude Code uses, found no credentials: no AWS keys in the environment, no profile with credentials in ~/.aws, no web identity token, and no container or instance metadata.",
        fix: 'Run aws-actions/configure-aws-credentials (role-to-assume, with `permissions: id-token: write`) before this step, or give `bedrock-api-key`.',
      },
    }
  }
  const status = e.$metadata?.httpStatusCode
  if ((e.code && NETWORK_CODES.test(e.code)) || /^(TimeoutError|RequestTimeout)/.test(name)) {
    return {
      verdict: 'network-error',
      reason: 'network-other',
      said,
      wording: {
        title: `Cannot reach the AWS credential service${e.code ? ` (${e.code})` : ''}`,
        message: 'Fetching the AWS credentials failed on the network (AWS STS, SSO, or the container or instance metadata endpoint).',
        fix: `Check that the runner reaches AWS STS (or AWS_ENDPOINT_URL_STS) directly: the AWS SDK does not use HTTPS_PROXY. ${WARN_HINT}`,
      },
    }
  }
  if (status !== undefined && status >= 500) {
    return {
      verdict: 'server-error',
      reason: 'server-error',
      said,
      wording: { title: `AWS credential service error (${status})`, message: 'The AWS token service answered with a server error.', fix: `Re-run later. ${WARN_HINT}` },
    }
  }
  return {
    verdict: 'invalid',
    reason: 'credential-error',
    said,
    wording: {
      title: 'AWS credentials could not be loaded',
      message: "The AWS SDK's default chain, which Claude Code uses, stopped with an error.",
      fix: 'Fix what the message names (an AWS profile, a credentials file, credential_process), or run aws-actions/configure-aws-credentials before this step.',
    },
  }
}
