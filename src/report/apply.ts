// The only module with side effects on the runner: masks, outputs, exports,
// annotations, the summary and the exit code, in that order. Masking comes
// first so that nothing printed afterwards can contain a secret.

import { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'
import * as core from '@actions/core'
import type { Decision } from '../decide/decide.js'
import { INPUT_FOR } from '../inputs/credential-shape.js'
import { credentialCandidates } from '../inputs/secret-candidates.js'
import type { Inputs } from '../inputs/inputs.js'
import type { Origin } from '../resolve/model.js'
import { annotationText, bySeverity, withCertainty, type Problem } from '../common/problems.js'
import { renderLog, renderSummary, type LaterStepLine, type Report } from './summary.js'

/** Values shorter than this are not credentials; masking them would garble the log. */
const SHORTEST_MASKABLE = 4

/**
 * A secret value and every credential inside it, which the runner would not
 * find by itself: `::add-mask::` registers the exact string only.
 */
export function secretForms(raw: string): string[] {
  return credentialCandidates(raw).filter((form) => form.length >= SHORTEST_MASKABLE)
}

export function maskSecrets(values: Iterable<string>): void {
  const registered = new Set<string>()
  for (const value of values) {
    for (const form of secretForms(value)) {
      if (!registered.has(form)) core.setSecret(form)
      registered.add(form)
    }
  }
}

/**
 * Outputs first, then exports: if a runner file cannot be written the step
 * fails before any credential is exported for later steps.
 */
export function exportAndOutput(
  inputs: Inputs,
  decision: Decision,
  credentialFingerprint: string,
  liveCheck: string,
  laterSteps: readonly LaterStepLine[] | undefined,
  extra: Record<string, string> = {},
): void {
  core.setOutput('auth-method', inputs.method)
  core.setOutput('credential-source', credentialSource(inputs, decision))
  core.setOutput('fingerprint', credentialFingerprint)
  core.setOutput('conflicts', JSON.stringify(decision.conflicts.map((c) => ({ name: c.name, origin: originField(c.origin), resolution: c.resolution }))))
  core.setOutput('bare-compatible', String(decision.bareCompatible))
  core.setOutput('live-check', liveCheck)
  core.setOutput(
    'later-steps',
    JSON.stringify((laterSteps ?? []).map((s) => ({ step: s.step, line: s.line, 'runs-claude': s.runsClaude, verdict: s.verdict }))),
  )
  for (const [name, value] of Object.entries(extra)) core.setOutput(name, value)
  for (const { name, value } of decision.exports) core.exportVariable(name, value)
}

/**
 * Where the credential comes from: `input:<name>` for a credential input; for a
 * provider without a key input, what its route will use: `env:<VARIABLE>`,
 * `aws-profile:<name>`, `aws-web-identity`, `google-adc`, `azure-chain`, `none`.
 */
export function credentialSource(inputs: Inputs, decision: Decision): string {
  if (inputs.method === 'federation') return `federation:${inputs.federation?.ruleId ?? ''}`
  if (inputs.method === 'api-key-helper') {
    const helper = [decision.wire.authorization, decision.wire.xApiKey].find((s) => s?.name === 'apiKeyHelper')
    return `helper:${helper && 'path' in helper.origin ? helper.origin.path : ''}`
  }
  if (inputs.method === 'login') return `login:${decision.wire.authorization?.origin && 'path' in decision.wire.authorization.origin ? decision.wire.authorization.origin.path : ''}`
  if (inputs.credential) return `input:${INPUT_FOR[inputs.credential.kind]}`
  const key = inputs.provider?.exports.find((e) => e.secret)
  if (key) return `input:${key.input}`
  const auth = decision.wire.provider?.auth
  if (!auth || auth.kind === 'none') return 'none'
  const credential = auth.credential
  if ('origin' in credential) return `env:${credential.name}`
  if (credential.member === 'profile') return `aws-profile:${credential.profile?.name ?? 'default'}`
  if (credential.member === 'env-keys') return 'env:AWS_ACCESS_KEY_ID'
  return credential.name === 'aws-chain' ? `aws-${credential.member}` : credential.name
}

/** The `origin` field of the `conflicts` output: `env`, the file to edit, or the workflow line. */
export function originField(origin: Origin): string {
  switch (origin.kind) {
    case 'process-env':
    case 'action-export':
      return 'env'
    case 'settings-env':
    case 'settings-file':
    case 'credentials-file':
    case 'claude-json':
      return origin.path
    default:
      return `${origin.at.file}:${origin.at.line}`
  }
}

/**
 * Plain log lines can carry paths from the user's environment. The runner
 * obeys the legacy `##[command]` form anywhere in such a line, and `::` after
 * leading spaces, so both are broken up. Annotation text needs none of this:
 * the runner reads a `::error …::` line as that one command, and
 * @actions/core escapes line breaks in it.
 */
export function inert(text: string): string {
  return text.replace(/##\[/g, '#\u200b#[').replace(/^(\s*)::/, '$1:\u200b:').replace(/[\r\n]+/g, ' ')
}

export function annotate(problems: readonly Problem[]): void {
  for (const p of bySeverity(problems)) {
    const properties = { title: p.title, ...(p.at ? { file: p.at.file, startLine: p.at.line } : {}) }
    const text = annotationText(p)
    if (p.severity === 'error') core.error(text, properties)
    else if (p.severity === 'warning') core.warning(text, properties)
    else core.notice(text, properties)
  }
}

/** The summary is a report, not a result: failing to write it is a warning. */
function writeSummary(result: Report): void {
  const path = process.env.GITHUB_STEP_SUMMARY
  if (!path) return
  try {
    // Appended directly: core.summary pulls in fs/promises and streams at start-up.
    appendFileSync(path, renderSummary(result) + EOL, 'utf8')
  } catch {
    core.warning(inert(`The job summary file given in GITHUB_STEP_SUMMARY cannot be written; the findings are in this log only. Source: ${path}. Fix: check the runner's disk space and permissions.`), {
      title: 'Job summary not written',
    })
  }
}

export function report(given: Report): void {
  const result = { ...given, problems: given.problems.map(withCertainty) }
  for (const line of renderLog(result)) core.info(inert(line))
  annotate(result.problems)
  writeSummary(result)
  // Each problem already has its own ::error; setFailed would add a duplicate.
  if (!result.ok) process.exitCode = core.ExitCode.Failure
}
