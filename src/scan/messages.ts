// Titles, causes and fixes of the scan stage: files the CLI reads that this
// action could not read, and the state of the workspace.

import { problem, type Problem } from '../common/problems.js'

export function unreadableFileProblem(role: string, shown: string, state: 'malformed' | 'unreadable', inRepo: string | undefined): Problem {
  const isCredentials = role.startsWith('OAuth credentials')
  return problem(
    'warning',
    `${isCredentials ? 'Credentials' : 'Settings'} file ${state === 'malformed' ? 'is not valid JSON' : 'cannot be read'}`,
    `Claude Code ignores the ${role} file ${shown} because it ${state === 'malformed' ? 'is not a valid JSON object' : 'cannot be read'}, so nothing in it (env, apiKeyHelper) takes effect, and what it sets could not be checked.`,
    shown,
    'fix or delete the file',
    { ...(inRepo ? { at: { file: inRepo, line: 1 } } : {}), rule: 'settings/unreadable-file' },
  )
}

export function noCheckoutProblem(): Problem {
  return problem(
    'warning',
    'Repository not checked out yet',
    "The workspace is empty, so the project's `.claude/` settings, which Claude Code reads in later steps, were not checked.",
    'GITHUB_WORKSPACE',
    'put `actions/checkout` before this step',
    { rule: 'workspace/not-checked-out' },
  )
}

export function workflowNotReadProblem(reason: string): Problem {
  return problem(
    'notice',
    'Later steps not checked',
    `Later steps were not checked because ${reason.replace(/\.$/, '')}.`,
    'the running workflow file (GITHUB_WORKFLOW_REF)',
    "check by hand that no later step sets a credential in its own `env:` or runs `claude --bare`; this action's verdict covers the job environment and the settings files",
    { rule: 'workflow/not-read' },
  )
}

export function settingsFileProblem(input: string, state: 'absent' | 'unreadable' | 'malformed' | 'read'): Problem {
  const why = state === 'absent' ? 'does not exist' : state === 'unreadable' ? 'cannot be read' : 'is not a JSON object'
  return problem('error', 'Settings file not usable', `\`settings-file\` names ${input}, which ${why}, so Claude Code would run no apiKeyHelper from it.`, 'input `settings-file`', 'point it at the JSON file later steps pass with `claude --settings <file>`, relative to the workspace, after actions/checkout', { rule: 'inputs/settings-file-unusable' })
}
