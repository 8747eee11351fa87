// The live check for Google Vertex AI: dist/live-check-vertex.js, loaded only
// when `live-check: true` and the method is `vertex`.
//
// The credential is what Claude Code sends: the request headers Google's
// application default credentials give (google-auth-library, the library
// Claude Code's Vertex client uses), an access token and, for some ADC types,
// `x-goog-user-project`. The request is Vertex's token counter for Claude,
// `POST {base}/projects/{project}/locations/{region}/publishers/anthropic/models/count-tokens:rawPredict`,
// which Google documents as free of charge and which needs the same
// permission as the model calls (aiplatform.endpoints.predict) on the same
// project and location Claude Code will use:
// https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/count-tokens
// Google lists the locations that serve it (us-east5, europe-west1, …); in
// another, or for a model the project has not enabled, the answer is a 404
// or 400, which proves nothing either way and is reported as inconclusive.
//
// google-auth-library's own requests (STS, IAM credentials, the metadata
// server) go through gaxios, which honours HTTPS_PROXY / HTTP_PROXY and
// NO_PROXY (exact host or `.suffix` entries).

import { CLOUD } from '../resolve/rules.js'
import { commonJudgement, errorBody, providerAccepted, WARN_HINT, type Judgement } from './provider-answers.js'
import { ProviderCheck, type CredentialOutcome, type ProviderCheckOptions } from './provider-check.js'
import type { HttpAnswer } from './transport.js'
import type { LiveCheckResult } from './types.js'

/** The model Claude Code 2.1.330 asks Vertex for when none is pinned (docs/providers-measured.md). */
export const VERTEX_DEFAULT_MODEL = 'claude-opus-5-5'
const SCOPE = 'https://www.googleapis.com/auth/cloud-platform'
const ADC = 'Google credentials (application default credentials)'
const WIF_DOCS = 'https://github.com/google-github-actions/auth#troubleshooting'

export async function checkVertex(options: ProviderCheckOptions): Promise<LiveCheckResult> {
  const { wire, env } = options
  const viaBaseUrl = wire.endpoint.from.name === CLOUD.vertex.baseUrl
  const check = new ProviderCheck(options, viaBaseUrl ? CLOUD.vertex.baseUrl : '`vertex-region` (CLOUD_ML_REGION)')
  const project = wire.project?.value ?? ''
  const region = wire.region?.value ?? CLOUD.vertex.region.default
  const model = env.ANTHROPIC_MODEL?.trim() || VERTEX_DEFAULT_MODEL

  const obtained = await check.obtain(() => googleHeaders(check, project))
  if (!obtained.ok) return obtained.timedOut ? check.timedOut(ADC, 'The Google access token') : check.stop(googleFailure(obtained.error), ADC)
  const auth = obtained.value
  check.keepSecret(auth.authorization?.replace(/^Bearer\s+/i, ''))

  return check.ask({
    base: wire.endpoint.value,
    path: `/projects/${encodeURIComponent(project)}/locations/${encodeURIComponent(region)}/publishers/anthropic/models/count-tokens:rawPredict`,
    method: 'POST',
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    headers: async ({ host }) => ({
      host,
      ...auth,
      accept: 'application/json',
      'accept-encoding': 'identity',
      'content-type': 'application/json',
      'user-agent': 'claude-code-auth-action (live-check)',
    }),
    judge: (answer) => judgeVertex(answer, project, region, model),
  })
}

/**
 * Authorization (and x-goog-user-project) from ADC, with its requests bounded
 * by the budget left. The project is given, as Claude Code 2.1.330 gives it:
 * without it the library looks the project up (Cloud Resource Manager, the
 * metadata server), which is what made 2.1.197 hang (docs/providers-measured.md).
 */
async function googleHeaders(check: ProviderCheck, projectId: string): Promise<Record<string, string>> {
  const { GoogleAuth } = await import('google-auth-library')
  const auth = new GoogleAuth({ scopes: SCOPE, projectId, clientOptions: { transporterOptions: { timeout: Math.max(1, Math.floor(check.remainingMs())) } } })
  const headers = await auth.getRequestHeaders()
  const wanted: Record<string, string> = {}
  headers.forEach((value, name) => {
    if (name === 'authorization' || name === 'x-goog-user-project') wanted[name] = value
  })
  return wanted
}

function judgeVertex(answer: HttpAnswer, project: string, region: string, model: string): Judgement {
  const error = errorBody(answer)
  const { status } = answer
  const base = { httpStatus: status, serverText: error.message }
  const where = `project ${project}, location ${region}`
  if (status === 200 && typeof (error.json as { input_tokens?: unknown } | undefined)?.input_tokens === 'number') {
    return providerAccepted('vertex', status, (ctx) => `${ctx.endpoint} counted the tokens of a one-word message for ${model} (which spends none): the Google credential works in ${where}.`)
  }
  if (status === 401) {
    const expired = /expired/.test(error.text)
    return {
      ...base,
      verdict: expired ? 'expired' : 'invalid',
      reason: expired ? 'expired' : 'rejected',
      words: () => ({
        title: `Google ${expired ? 'access token expired' : 'rejected the access token'} (401)`,
        message: `Vertex AI did not accept the access token the application default credentials gave${expired ? ': it has expired' : ''}.`,
        fix: 'Run google-github-actions/auth in this job before this step, and check that GOOGLE_APPLICATION_CREDENTIALS names the file it wrote.',
      }),
    }
  }
  if (status === 403) {
    return { ...base, verdict: 'forbidden', reason: 'forbidden', words: () => forbiddenWords(error.text, project, where) }
  }
  if (status === 404 || status === 400) {
    return {
      ...base,
      verdict: 'inconclusive',
      reason: status === 404 ? 'no-endpoint' : 'unexpected-status',
      words: (ctx) => ({
        title: `Live check inconclusive (${status})`,
        message: `${ctx.endpoint} answered ${status}: the location, its token counter, or model ${model} is not available in ${where}. The credential was neither proven good nor bad.`,
        fix: `Nothing to do unless the later step fails; then check ${ctx.endpointSetting} and that the model is enabled in Model Garden for project ${project}.`,
      }),
    }
  }
  return commonJudgement(answer, error)
}

function forbiddenWords(text: string, project: string, where: string): { title: string; message: string; fix: string } {
  const title = 'Google denied access to Vertex AI (403)'
  if (/service_disabled|has not been used in project|is disabled/.test(text)) {
    return { title, message: `The Vertex AI API is not enabled in project ${project}.`, fix: `Enable aiplatform.googleapis.com in project ${project} (gcloud services enable aiplatform.googleapis.com --project ${project}).` }
  }
  if (/billing/.test(text)) {
    return { title, message: `Billing is not enabled for project ${project}.`, fix: `Link project ${project} to a billing account.` }
  }
  if (/consumer_invalid|project .{0,40}(not found|does not exist)|invalid project/.test(text)) {
    return { title, message: `Project ${project} does not exist, or this identity cannot see it.`, fix: '`vertex-project-id` must be the project id (not its name or number) the model is enabled in.' }
  }
  return {
    title,
    message: `The Google credential is valid, but its identity may not call Claude models in ${where}.`,
    fix: `Grant roles/aiplatform.user on project ${project} to the identity google-github-actions/auth uses (its service account, or the workload identity principal).`,
  }
}

interface GoogleError {
  message?: string
  code?: string
  status?: number
  response?: { status?: number; config?: { url?: unknown } }
  config?: { url?: unknown }
}

const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_\w+)$/

/** What a failure of Google's application default credentials means, and what fixes it. */
export function googleFailure(error: unknown): CredentialOutcome {
  const e = (error && typeof error === 'object' ? error : {}) as GoogleError
  const text = e.message ?? String(error)
  const said = { who: 'google-auth-library', text }
  const status = e.response?.status ?? (typeof e.status === 'number' ? e.status : undefined)
  const url = String(e.config?.url ?? e.response?.config?.url ?? '')

  if (/Could not load the default credentials/i.test(text)) {
    // The library's own sentence says no more than this one, and its URL would only be cut up by the scrubber.
    return {
      verdict: 'invalid',
      reason: 'no-credentials',
      wording: {
        title: 'No Google credentials',
        message:
          "Google's application default credentials, which Claude Code uses, found none: GOOGLE_APPLICATION_CREDENTIALS is not set, there is no gcloud login, and no metadata server answered.",
        fix: 'Run google-github-actions/auth (workload_identity_provider, with `permissions: id-token: write`) before this step.',
      },
    }
  }
  if (/does not exist, or it is not a file|ENOENT|Unable to parse|Unexpected token/i.test(text) && status === undefined) {
    return {
      verdict: 'invalid',
      reason: 'credential-error',
      said,
      wording: {
        title: 'Google credentials file not usable',
        message: 'The file GOOGLE_APPLICATION_CREDENTIALS names (or the subject token file it points at) cannot be read as Google credentials.',
        fix: 'Run google-github-actions/auth in this job before this step, and do not move or delete the file it writes.',
      },
    }
  }
  if (status !== undefined && status >= 400 && status < 500) {
    if (/generateAccessToken/.test(url) || /iam\.serviceAccounts\.getAccessToken/i.test(text)) {
      return {
        verdict: 'forbidden',
        reason: 'token-exchange-refused',
        said,
        wording: {
          title: `Google denied service account impersonation (${status})`,
          message: 'The workload identity federation token was issued, but it may not act as the service account the credentials file names.',
          fix: `Grant the workload identity principal for this repository roles/iam.workloadIdentityUser on the service account; see ${WIF_DOCS}.`,
        },
      }
    }
    return {
      verdict: 'invalid',
      reason: 'token-exchange-refused',
      said,
      wording: {
        title: `Google STS refused the OIDC token (${status})`,
        message: "Exchanging the job's OIDC token for a Google access token failed.",
        fix: `The workload identity provider must accept this job's token: its attribute condition must match this repository (e.g. assertion.repository == 'OWNER/REPO') and its audience the one google-github-actions/auth asked for; see ${WIF_DOCS}.`,
      },
    }
  }
  if (status !== undefined && status >= 500) {
    return { verdict: 'server-error', reason: 'server-error', said, wording: { title: `Google token service error (${status})`, message: 'A Google token endpoint answered with a server error.', fix: `Re-run later. ${WARN_HINT}` } }
  }
  if ((e.code && NETWORK_CODES.test(e.code)) || /network|socket|ECONNREFUSED|ENOTFOUND|timeout/i.test(text)) {
    return {
      verdict: 'network-error',
      reason: 'network-other',
      said,
      wording: {
        title: `Cannot reach the Google token service${e.code ? ` (${e.code})` : ''}`,
        message: 'Fetching the Google access token failed on the network (Google STS, IAM credentials, or the metadata server).',
        fix: `Check that the runner reaches sts.googleapis.com and iamcredentials.googleapis.com (HTTPS_PROXY and NO_PROXY apply). ${WARN_HINT}`,
      },
    }
  }
  return {
    verdict: 'invalid',
    reason: 'credential-error',
    said,
    wording: {
      title: 'Google credentials could not be loaded',
      message: "Google's application default credentials, which Claude Code uses, stopped with an error.",
      fix: 'Run google-github-actions/auth in this job before this step, and fix what the message names.',
    },
  }
}
