// The action's front end: the running workflow, when this run can read it.
// The YAML parser is a chunk of its own (dist/workflow.js), loaded only when
// there is a file to parse.

import { resolve as resolvePath } from 'node:path'
import { readInput, type Env } from '../inputs/inputs.js'
import { isReadVariable } from '../resolve/rules.js'
import { localWorkflowCalls, locateWorkflow, readWorkflowFile } from '../scan/workflow/locate.js'
import type { WorkflowReading } from '../scan/workflow/model.js'
import type { WorkflowExtras } from '../scan/workflow/workflow.js'

/** The workflow chunk, once readRunningWorkflow has loaded it (one `import()` per chunk: the build rewrites it). */
let workflowChunk: typeof import('../scan/workflow/workflow.js') | undefined

export async function readRunningWorkflow(env: Env): Promise<WorkflowReading> {
  if (/^false$/i.test(readInput(env, 'check-workflow').trim())) return { ok: false, reason: '`check-workflow` is `false`' }
  const location = locateWorkflow(env)
  if ('reason' in location) return { ok: false, reason: location.reason }
  const file = readWorkflowFile(location)
  if ('reason' in file) return { ok: false, reason: file.reason, path: location.path }
  workflowChunk = await import('../scan/workflow/workflow.js')
  const { readWorkflow } = workflowChunk
  const ids = {
    job: env.GITHUB_JOB ?? '',
    action: env.GITHUB_ACTION ?? '',
    actionRepository: env.GITHUB_ACTION_REPOSITORY,
    actionPath: env.GITHUB_ACTION_PATH,
    runnerOs: env.RUNNER_OS,
  }
  const reading = readWorkflow(file.text, location.path, ids)
  if (reading.ok) return reading
  // A job of a reusable workflow in this repository: GITHUB_WORKFLOW_REF names the
  // caller, so look for this job and step in the workflows the caller runs.
  const called: WorkflowReading[] = []
  for (const path of localWorkflowCalls(reading.calls ?? [])) {
    const text = readWorkflowFile({ path, absolute: resolvePath(env.GITHUB_WORKSPACE || process.cwd(), path) })
    if ('text' in text) called.push(readWorkflow(text.text, path, ids))
  }
  const found = called.filter((r) => r.ok)
  return found.length === 1 ? found[0]! : reading
}

/** What this run knows of the workflow's expressions, and its broken ones: from the workflow chunk. */
export const workflowExtrasOf = (reading: WorkflowReading, env: Env): WorkflowExtras | undefined =>
  reading.ok && workflowChunk ? workflowChunk.workflowExtras(reading.workflow, env, isReadVariable) : undefined
