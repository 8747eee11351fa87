// The post step (runs.post in action.yml), at the end of the job, whatever
// its outcome: removes what this action's setup leaves behind on the runner
// (a federation token cache written during the job), and says what it did.
// Variables exported with GITHUB_ENV cannot be taken back from steps that
// already ran, and need not be: the runner forgets them with the job.

import * as core from '@actions/core'
import { runCleanup, type Cleanup } from './keyless/cleanup.js'

function post(): void {
  try {
    const state = core.getState('cleanup')
    if (!state) return
    const removed = runCleanup(JSON.parse(state) as Cleanup)
    core.info(removed.length > 0 ? `Removed ${removed.length} token cache file${removed.length > 1 ? 's' : ''} written during the job: ${removed.join(', ')}` : 'Nothing to remove: no token cache was written during the job.')
  } catch (error) {
    core.warning(`The clean-up at the end of the job failed (${error instanceof Error ? error.name : 'error'}). Where: the post step. Fix: remove ~/.config/anthropic/credentials/ by hand on a self-hosted runner.`, { title: 'Clean-up failed' })
  }
}

post()
