// The keyless ways in bring their credential before anything is judged: a
// federation exchange, a run of the apiKeyHelper the CLI will run, the login
// file the CLI will read. A stage of the action (main.ts only calls it); the
// heavy parts are lazy chunks (federation.js, helper.js).

import { readFileSync } from 'node:fs'
import { resolve as resolvePath } from 'node:path'
import { problem, type Problem } from '../common/problems.js'
import { chosenHelper } from '../decide/intended.js'
import { displayPath, type Places } from '../decide/places.js'
import type { Env, Inputs } from '../inputs/inputs.js'
import { maskSecrets } from '../report/apply.js'
import { settingsFileProblem } from '../scan/messages.js'
import { configPaths, flagSettingsFile, inRepository, type Scan, type ScanLocations } from '../scan/scan.js'
import { federationCleanup, type Cleanup } from './cleanup.js'
import { federationExpiryProblem, federationProblem, helperProblem, loginProblems, noHelperProblem, oidcStillAvailableProblem, untrustedHelperProblem } from './messages.js'

export interface Keyless {
  problems: Problem[]
  /** The credential's value, for the fingerprint (exchanged token, helper output, login token). */
  secret?: string
  /** Extra outputs: `token-expires-at`. */
  outputs?: Record<string, string>
  /** What the post step removes or checks at the end of the job. */
  cleanup?: Cleanup
}

/**
 * Federation: exchange GitHub's OIDC token once and hand later steps the
 * result (as the intended OAuth token). apiKeyHelper: run the helper the CLI
 * will run. Login: check the credentials file the CLI will read.
 */
export async function prepareKeyless(inputs: Inputs, env: Env, found: Scan, locations: ScanLocations, workspace: string, projectDir: string, places: Places): Promise<Keyless> {
  if (inputs.method === 'federation') {
    const { federate } = await import('../keyless/federation.js')
    const federation = inputs.federation!
    const result = await federate({
      env,
      federation,
      baseUrl: inputs.baseUrl || env.ANTHROPIC_BASE_URL?.trim() || 'https://api.anthropic.com',
      timeoutMs: 30_000,
      mask: (secret) => maskSecrets([secret]),
    })
    if ('step' in result) return { problems: [federationProblem(result, federation.audience)] }
    inputs.credential = { kind: 'oauth-token', value: result.token }
    return {
      problems: [federationExpiryProblem(result.expiresAt, Date.now()), oidcStillAvailableProblem()],
      secret: result.token,
      outputs: { 'token-expires-at': result.expiresAt ? new Date(result.expiresAt).toISOString() : '' },
      cleanup: federationCleanup(env, locations.home),
    }
  }
  if (inputs.method === 'api-key-helper') {
    const settingsFile = inputs.helper?.settingsFile
    if (settingsFile) {
      const path = resolvePath(workspace, settingsFile)
      const flag = flagSettingsFile(path, locations)
      if (!flag.file) return { problems: [settingsFileProblem(settingsFile, flag.state)] }
      found.settings.push(flag.file)
    }
    const helper = chosenHelper(found.settings, inputs.bare)
    if (!helper) return { problems: [noHelperProblem(inputs.bare, settingsFile)] }
    const where = `\`apiKeyHelper\` in ${displayPath(helper.path, places)}`
    const untrusted = untrustedEvent(env)
    if (untrusted && (helper.layer === 'project' || helper.layer === 'local' || (helper.layer === 'flag' && inRepository(helper.path, workspace)))) {
      return { problems: [untrustedHelperProblem(displayPath(helper.path, places), untrusted)] }
    }
    const { runHelper } = await import('../keyless/helper.js')
    const run = runHelper(helper.apiKeyHelper!, { cwd: projectDir, env: { ...env }, timeoutMs: inputs.helper!.timeoutMs })
    if (!run.ok) {
      maskSecrets(run.printed ?? [])
      return { problems: [helperProblem(run, where, inputs.helper!.timeoutMs)] }
    }
    maskSecrets([run.value])
    return { problems: [problem('notice', 'apiKeyHelper checked', `The apiKeyHelper printed one key in ${run.durationMs} ms; Claude Code will send it in both the Authorization and x-api-key headers.`, where, 'nothing to do', { rule: 'helper/checked' })], secret: run.value }
  }
  if (inputs.method === 'login') {
    const path = configPaths(env, locations).credentials
    const state = found.files.find((f) => f.path === path)?.state ?? 'absent'
    const file = found.credentialsFile ? { ...found.credentialsFile, state } : { path, state }
    return { problems: loginProblems(file, displayPath(path, places), Date.now()), ...(found.credentialsFile ? { secret: found.credentialsFile.accessToken } : {}) }
  }
  return { problems: [] }
}

/** A pull request that can change the project's files while the job has secrets. */
function untrustedEvent(env: Env): string | undefined {
  const event = env.GITHUB_EVENT_NAME ?? ''
  if (event === 'pull_request_target') return '`pull_request_target`'
  if (!event.startsWith('pull_request')) return undefined
  try {
    const payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH ?? '', 'utf8')) as { pull_request?: { head?: { repo?: { fork?: boolean } } } }
    return payload.pull_request?.head?.repo?.fork === true ? 'forked pull request' : undefined
  } catch {
    return undefined
  }
}
