// The live check for Microsoft Foundry: dist/live-check-foundry.js, loaded
// only when `live-check: true` and the method is `foundry`.
//
// The credential is what Claude Code sends: ANTHROPIC_FOUNDRY_AUTH_TOKEN as
// `Authorization: Bearer`, else ANTHROPIC_FOUNDRY_API_KEY as `x-api-key`,
// else a Microsoft Entra token from DefaultAzureCredential for the
// https://cognitiveservices.azure.com/.default scope (the chain and scope
// Claude Code uses; @azure/identity is loaded only on that path). Its
// requests go through @azure/core-rest-pipeline, which honours HTTPS_PROXY /
// HTTP_PROXY and NO_PROXY.
//
// The request is the Messages API's token counter,
// `POST {base}/v1/messages/count_tokens`, which spends no tokens. Foundry
// serves no `/v1/models` (Anthropic's Foundry SDK removes the models
// resource: "Anthropic Foundry does not support models endpoint") but keeps
// count_tokens. Azure checks the key or token before it routes a request, so
// 401 and 403 are verdicts; anything else that is not a token count (a
// resource that does not serve count_tokens, a deployment name it does not
// know) is inconclusive. Docs: https://platform.claude.com/docs/en/build-with-claude/claude-in-microsoft-foundry
// and https://learn.microsoft.com/en-us/azure/foundry/foundry-models/how-to/use-foundry-models-claude

import { CLOUD } from '../resolve/rules.js'
import { commonJudgement, errorBody, providerAccepted, WARN_HINT, type Judgement } from './provider-answers.js'
import { ProviderCheck, type CredentialOutcome, type ProviderCheckOptions } from './provider-check.js'
import type { HttpAnswer } from './transport.js'
import type { LiveCheckResult } from './types.js'

/** The model Claude Code asks Foundry for when none is pinned (claude-provider-facts.md §4). */
export const FOUNDRY_DEFAULT_MODEL = 'claude-sonnet-4-5'
export const AZURE_SCOPE = 'https://cognitiveservices.azure.com/.default'
const ANTHROPIC_VERSION = '2023-06-01'
const CHAIN = 'an Entra ID token (DefaultAzureCredential)'
const FEDERATION_DOCS = 'https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation-create-trust'

type Credential = { kind: 'x-api-key' | 'bearer'; value: string; variable: string } | { kind: 'entra'; value: string }

export async function checkFoundry(options: ProviderCheckOptions): Promise<LiveCheckResult> {
  const { wire, env } = options
  const setting = wire.endpoint.from.name === CLOUD.foundry.baseUrl ? '`foundry-base-url` (ANTHROPIC_FOUNDRY_BASE_URL)' : '`foundry-resource` (ANTHROPIC_FOUNDRY_RESOURCE)'
  const check = new ProviderCheck(options, setting)
  const model = env.ANTHROPIC_MODEL?.trim() || FOUNDRY_DEFAULT_MODEL

  let credential: Credential
  const auth = wire.auth
  if ((auth.kind === 'bearer' || auth.kind === 'x-api-key') && 'value' in auth.credential) {
    credential = { kind: auth.kind, value: auth.credential.value.trim(), variable: auth.credential.name }
  } else {
    const obtained = await check.obtain(() => entraToken(check))
    if (!obtained.ok) return obtained.timedOut ? check.timedOut(CHAIN, 'The Entra ID token') : check.stop(azureFailure(obtained.error), CHAIN)
    credential = { kind: 'entra', value: obtained.value }
  }
  check.keepSecret(credential.value)

  return check.ask({
    base: wire.endpoint.value,
    path: '/v1/messages/count_tokens',
    method: 'POST',
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    headers: async ({ host }) => ({
      host,
      ...(credential.kind === 'x-api-key' ? { 'x-api-key': credential.value } : { authorization: `Bearer ${credential.value}` }),
      'anthropic-version': ANTHROPIC_VERSION,
      accept: 'application/json',
      'accept-encoding': 'identity',
      'content-type': 'application/json',
      'user-agent': 'claude-code-auth-action (live-check)',
    }),
    judge: (answer) => judgeFoundry(answer, credential, model),
  })
}

/** A token from DefaultAzureCredential, aborted when the budget runs out. */
async function entraToken(check: ProviderCheck): Promise<string> {
  const { DefaultAzureCredential } = await import('@azure/identity')
  const budget = Math.max(1, Math.floor(check.remainingMs()))
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), budget)
  try {
    const token = await new DefaultAzureCredential({ processTimeoutInMs: budget }).getToken(AZURE_SCOPE, { abortSignal: abort.signal })
    return token.token
  } finally {
    clearTimeout(timer)
  }
}

function credentialWords(credential: Credential): string {
  if (credential.kind === 'x-api-key') return `the Foundry API key (${credential.variable})`
  if (credential.kind === 'bearer') return `the token in ${credential.variable}`
  return 'the Entra ID token from DefaultAzureCredential'
}

function judgeFoundry(answer: HttpAnswer, credential: Credential, model: string): Judgement {
  const error = errorBody(answer)
  const { status } = answer
  const base = { httpStatus: status, serverText: error.message }
  const what = credentialWords(credential)
  if (status === 200 && typeof (error.json as { input_tokens?: unknown } | undefined)?.input_tokens === 'number') {
    return providerAccepted('foundry', status, (ctx) => `${ctx.endpoint} counted the tokens of a one-word message for ${model} (which spends none): the resource accepts ${what}.`)
  }
  const roleMissing = /lacks the required data action|permissiondenied|does not have (the )?(required )?(permission|authori[sz]ation)/.test(error.text)
  if (status === 403 || (status === 401 && roleMissing)) {
    return {
      ...base,
      verdict: 'forbidden',
      reason: 'forbidden',
      words: (ctx) => ({
        title: `Foundry refused access (${status})`,
        message: `${ctx.origin} recognised ${what} but refused this request: the identity has no role on the resource, or the resource's network rules keep the runner out.`,
        fix:
          credential.kind === 'x-api-key'
            ? "Check the resource's Networking settings (Firewalls and virtual networks) allow the runner."
            : "Assign the identity the Cognitive Services User (or Azure AI User) role on the Foundry resource, and check the resource's Networking settings allow the runner.",
      }),
    }
  }
  if (status === 401) {
    const expired = /expired/.test(error.text)
    return {
      ...base,
      verdict: expired ? 'expired' : 'invalid',
      reason: expired ? 'expired' : 'rejected',
      words: (ctx) => ({
        title: `${credential.kind === 'x-api-key' ? 'Foundry API key' : 'Foundry token'} ${expired ? 'expired' : 'rejected'} (401)`,
        message: `${ctx.origin} does not accept ${what}${expired ? ': it has expired' : `: it is wrong, or belongs to another resource or tenant`}.`,
        fix:
          credential.kind === 'x-api-key'
            ? "Copy a key from the resource's Keys and Endpoint page in the Azure portal into the `foundry-api-key` secret, and check that the resource or base URL names that same resource."
            : credential.kind === 'bearer'
              ? `Mint a new Entra ID token for the ${AZURE_SCOPE} scope and store it in ${credential.variable}.`
              : `Run azure/login right before this step (tokens last about an hour), in the tenant of the Foundry resource.`,
      }),
    }
  }
  if (status === 404 || status === 400) {
    return {
      ...base,
      verdict: 'inconclusive',
      reason: status === 404 ? 'no-endpoint' : 'unexpected-status',
      words: (ctx) => ({
        title: `Live check inconclusive (${status})`,
        message: `${ctx.endpoint} answered ${status}, past the key check: this resource may not serve count_tokens, or has no deployment named ${model}. The credential was neither proven good nor bad.`,
        fix: `Nothing to do unless the later step fails; then check the deployment name (ANTHROPIC_MODEL) and that ${ctx.endpointSetting} ends in /anthropic.`,
      }),
    }
  }
  return commonJudgement(answer, error)
}

interface AzureError {
  name?: string
  message?: string
  code?: string
  errors?: unknown[]
}

/** The first member of the chain that failed for a reason other than "not available here". */
function decisiveError(error: AzureError): AzureError {
  if (error.name !== 'AggregateAuthenticationError' || !Array.isArray(error.errors)) return error
  const members = error.errors.filter((e): e is AzureError => Boolean(e) && typeof e === 'object')
  return members.find((e) => e.name !== 'CredentialUnavailableError') ?? error
}

/** What a failure of DefaultAzureCredential means, and what fixes it. */
export function azureFailure(error: unknown): CredentialOutcome {
  const outer = (error && typeof error === 'object' ? error : {}) as AzureError
  const e = decisiveError(outer)
  const text = e.message ?? String(error)
  const said = { who: '@azure/identity', text }
  if (e.name === 'AbortError') {
    return { verdict: 'timeout', reason: 'timeout', said, wording: { title: 'Live check timed out', message: 'The Entra ID token did not arrive in time.', fix: `Raise live-check-timeout. ${WARN_HINT}` } }
  }
  // Every member of the chain said "not available here": there is no Azure credential at all.
  if (e.name === 'CredentialUnavailableError' || (e === outer && outer.name === 'AggregateAuthenticationError')) {
    return {
      verdict: 'invalid',
      reason: 'no-credentials',
      said,
      wording: {
        title: 'No Azure credentials',
        message:
          'DefaultAzureCredential, which Claude Code uses, found no credential: no AZURE_TENANT_ID and AZURE_CLIENT_ID with a client secret or federated token file, no managed identity, and no Azure CLI login.',
        fix: 'Run azure/login (client-id, tenant-id, subscription-id, with `permissions: id-token: write`) before this step, or give `foundry-api-key`.',
      },
    }
  }
  if (/AADSTS70021\b|AADSTS700213\b|no matching federated identity record/i.test(text)) {
    return {
      verdict: 'invalid',
      reason: 'token-exchange-refused',
      said,
      wording: {
        title: 'Entra ID refused the GitHub OIDC token',
        message: "Microsoft Entra ID has no federated credential that matches this job's OIDC token.",
        fix: `Add a federated credential to the app registration (or managed identity) with issuer https://token.actions.githubusercontent.com, audience api://AzureADTokenExchange and this job's subject (repo:OWNER/REPO:ref:refs/heads/BRANCH, or repo:OWNER/REPO:environment:NAME); see ${FEDERATION_DOCS}.`,
      },
    }
  }
  if (/AADSTS7000222\b|AADSTS700024\b|expired/i.test(text)) {
    return {
      verdict: 'expired',
      reason: 'expired',
      said,
      wording: { title: 'Azure credential expired', message: 'Entra ID reports that the client secret or the federated token has expired.', fix: 'Create a new client secret, or run azure/login again right before this step.' },
    }
  }
  if (/AADSTS7000215\b|invalid client secret/i.test(text)) {
    return {
      verdict: 'invalid',
      reason: 'token-exchange-refused',
      said,
      wording: { title: 'Entra ID rejected AZURE_CLIENT_SECRET', message: 'The client secret does not belong to the app registration in AZURE_CLIENT_ID.', fix: 'Create a new client secret for that app registration and store it in the secret AZURE_CLIENT_SECRET comes from.' },
    }
  }
  if (/AADSTS700016\b|AADSTS90002\b|AADSTS900023\b/i.test(text)) {
    return {
      verdict: 'invalid',
      reason: 'token-exchange-refused',
      said,
      wording: { title: 'Entra ID does not know this application or tenant', message: 'AZURE_CLIENT_ID or AZURE_TENANT_ID names an application or tenant Entra ID cannot find.', fix: 'Copy the application (client) id and directory (tenant) id from the app registration again.' },
    }
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|network/i.test(text)) {
    return {
      verdict: 'network-error',
      reason: 'network-other',
      said,
      wording: {
        title: 'Cannot reach Entra ID',
        message: 'Fetching the Entra ID token failed on the network (login.microsoftonline.com or the managed identity endpoint).',
        fix: `Check that the runner reaches login.microsoftonline.com (HTTPS_PROXY and NO_PROXY apply). ${WARN_HINT}`,
      },
    }
  }
  return {
    verdict: 'invalid',
    reason: 'credential-error',
    said,
    wording: {
      title: 'Azure credential could not be used',
      message: 'DefaultAzureCredential, which Claude Code uses, could not get a token for Foundry.',
      fix: 'Fix what the message names, or run azure/login before this step, or give `foundry-api-key`.',
    },
  }
}
