// Finds the running workflow's file in the checkout. The only I/O of the
// workflow reader: everything after this is pure.

import { existsSync, readFileSync, statSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'
import type { Env } from '../../inputs/inputs.js'

export type WorkflowLocation = { path: string; absolute: string } | { reason: string }

/** Larger than any workflow GitHub accepts; a guard against reading something else. */
const MAX_WORKFLOW_BYTES = 2 * 1024 * 1024

/**
 * GITHUB_WORKFLOW_REF is `owner/repo/.github/workflows/file.yml@ref`. The
 * file is read from GITHUB_WORKSPACE only when `owner/repo` is this run's
 * repository (GITHUB_REPOSITORY, ignoring case) and the file is there.
 * A reason completes "later steps were not checked because …".
 */
export function locateWorkflow(env: Env): WorkflowLocation {
  const ref = env.GITHUB_WORKFLOW_REF?.trim()
  if (!ref) return { reason: 'GITHUB_WORKFLOW_REF is not set, so the workflow file is unknown (this does not look like a GitHub Actions run)' }
  const parsed = parseWorkflowRef(ref)
  if (!parsed) return { reason: `GITHUB_WORKFLOW_REF (\`${ref}\`) is not of the form owner/repo/path@ref` }
  const repository = env.GITHUB_REPOSITORY?.trim()
  if (!repository) return { reason: 'GITHUB_REPOSITORY is not set, so the workflow file cannot be matched to the checkout' }
  if (parsed.repository.toLowerCase() !== repository.toLowerCase()) {
    return {
      reason: `the workflow comes from another repository (${parsed.repository}, for example a reusable or organization-required workflow), so its file is not in this checkout`,
    }
  }
  const workspace = env.GITHUB_WORKSPACE?.trim()
  if (!workspace) return { reason: 'GITHUB_WORKSPACE is not set, so there is no checkout to read the workflow file from' }
  const absolute = join(workspace, parsed.path)
  if (relative(workspace, absolute).startsWith('..') || isAbsolute(parsed.path)) {
    return { reason: `the workflow path in GITHUB_WORKFLOW_REF (\`${parsed.path}\`) points outside the checkout` }
  }
  if (!existsSync(absolute)) {
    if (!existsSync(join(workspace, '.git')) && !existsSync(join(workspace, '.github'))) {
      return { reason: `the repository is not checked out yet (no actions/checkout before this step), so ${parsed.path} cannot be read` }
    }
    return { reason: `${parsed.path} is not in the checkout at GITHUB_WORKSPACE (another repository or ref may be checked out, or into a subfolder with \`path:\`)` }
  }
  return { path: parsed.path, absolute }
}

/** `owner/repo/path@ref` → its parts. The `@` is the one after the file's `.yml`/`.yaml`, else the last one. */
export function parseWorkflowRef(ref: string): { repository: string; path: string; ref: string } | undefined {
  let at = -1
  for (const extension of ['.yml@', '.yaml@']) {
    const found = ref.indexOf(extension)
    if (found >= 0) at = found + extension.length - 1
  }
  if (at < 0) at = ref.lastIndexOf('@')
  const location = at < 0 ? ref : ref.slice(0, at)
  const segments = location.split('/')
  if (segments.length < 3 || !segments[0] || !segments[1]) return undefined
  const path = segments.slice(2).join('/')
  if (!path) return undefined
  return { repository: `${segments[0]}/${segments[1]}`, path, ref: at < 0 ? '' : ref.slice(at + 1) }
}

/** Reads a located workflow file; an unreadable file is a reason, not an exception. */
export function readWorkflowFile(location: { path: string; absolute: string }): { text: string } | { reason: string } {
  try {
    if (statSync(location.absolute).size > MAX_WORKFLOW_BYTES) return { reason: `${location.path} is larger than any workflow file GitHub accepts` }
    return { text: readFileSync(location.absolute, 'utf8') }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an error'
    return { reason: `${location.path} could not be read (${code})` }
  }
}

/**
 * The workflows of this repository among a caller's job-level `uses:` values
 * (`./.github/workflows/x.yml`), each once. Inside a called workflow,
 * GITHUB_WORKFLOW_REF names the caller's file, so the step that runs this
 * action is in one of these. A path that climbs out of `.github/workflows` is
 * not followed, nor is another repository's.
 */
export function localWorkflowCalls(uses: readonly string[]): string[] {
  const paths = new Set<string>()
  for (const value of uses) {
    const path = value.trim()
    if (!path.startsWith('./.github/workflows/') || !/\.ya?ml$/.test(path)) continue
    const relative = path.slice(2)
    if (!relative.split('/').includes('..')) paths.add(relative)
  }
  return [...paths]
}
