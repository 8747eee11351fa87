// No credential arrives. Forks and Dependabot get no Actions secrets, so the
// message must say why instead of "missing input"; when the workflow file is checked out,
// it names the secret the workflow passes.

import { describe, expect, test } from '@jest/globals'

import { expectCleanRun, expectExports, expectTitles, inScenario, type Scenario } from './fixtures.js'

/** The runner's name for this action's step without an id: `uses: owner/claude-code-auth@v1`. */
const SELF = '__owner_claude-code-auth'
const WORKFLOW = `name: claude
on: [push, pull_request]
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: owner/claude-code-auth@v1
        with:
          claude-code-oauth-token: \${{ secrets.MY_TOKEN }}
      - run: claude -p "review"
`

/** Written verbatim (a string is not JSON-encoded by the scenario): a truncated payload. */
const BROKEN_PAYLOAD = '{"pull_request": {"head": '

const prFrom = (head: string) => ({
  action: 'opened',
  pull_request: { number: 7, head: { ref: 'feature', repo: { full_name: head } }, base: { ref: 'main', repo: { full_name: 'owner/project' } } },
  repository: { full_name: 'owner/project' },
})

interface Missing {
  id: string
  scenario: Scenario
  /** Patterns the one ::error message must match, and ones it must not. */
  says: RegExp[]
  doesNotSay: RegExp[]
}

const MISSING: Missing[] = [
  {
    id: 'pull request from a fork',
    scenario: { env: { GITHUB_EVENT_NAME: 'pull_request' }, event: prFrom('contributor/project'), workflow: null },
    says: [/fork/, /(not|no) (pass )?secrets/],
    doesNotSay: [/Dependabot/],
  },
  {
    id: 'pull request from a branch of the same repository',
    scenario: { env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REPOSITORY: 'owner/project' }, event: prFrom('owner/project') },
    says: [/claude-code-oauth-token/],
    doesNotSay: [/fork/, /Dependabot/],
  },
  {
    id: 'pull request whose event payload is not JSON',
    scenario: { env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REPOSITORY: 'owner/project' }, event: BROKEN_PAYLOAD },
    says: [/claude-code-oauth-token/],
    doesNotSay: [/fork/, /Dependabot/],
  },
  {
    id: 'run started by Dependabot',
    scenario: { env: { GITHUB_EVENT_NAME: 'push', GITHUB_ACTOR: 'dependabot[bot]' } },
    says: [/Dependabot secrets/],
    doesNotSay: [/fork/],
  },
  {
    id: 'plain push',
    scenario: { env: { GITHUB_EVENT_NAME: 'push', GITHUB_ACTOR: 'octocat' } },
    says: [/claude-code-oauth-token/, /anthropic-api-key/],
    doesNotSay: [/fork/, /Dependabot/],
  },
  {
    id: 'push with the workflow file checked out',
    scenario: {
      env: { GITHUB_EVENT_NAME: 'push', GITHUB_ACTOR: 'octocat' },
      workflow: { text: WORKFLOW, action: SELF },
    },
    says: [/MY_TOKEN/],
    doesNotSay: [/fork/, /Dependabot/],
  },
  {
    id: 'fork pull request with the workflow file checked out',
    scenario: {
      env: { GITHUB_EVENT_NAME: 'pull_request' },
      event: prFrom('contributor/project'),
      workflow: { text: WORKFLOW, action: SELF },
    },
    says: [/fork/, /MY_TOKEN/],
    doesNotSay: [/Dependabot/],
  },
  {
    id: 'Dependabot with the workflow file checked out',
    scenario: {
      env: { GITHUB_EVENT_NAME: 'push', GITHUB_ACTOR: 'dependabot[bot]' },
      workflow: { text: WORKFLOW, action: SELF },
    },
    says: [/Dependabot secrets/, /MY_TOKEN/],
    doesNotSay: [/fork/],
  },
  {
    id: 'workflow file passing the API key input',
    scenario: {
      env: { GITHUB_EVENT_NAME: 'push', GITHUB_ACTOR: 'octocat' },
      workflow: { text: WORKFLOW.replace('claude-code-oauth-token: ${{ secrets.MY_TOKEN }}', 'anthropic-api-key: ${{ secrets.CONSOLE_KEY }}'), action: SELF },
    },
    says: [/CONSOLE_KEY/],
    doesNotSay: [/MY_TOKEN/, /fork/, /Dependabot/],
  },
  {
    // A reusable workflow from another repository: the workspace's file of that name is not it.
    id: 'workflow ref from another repository',
    scenario: {
      env: { GITHUB_EVENT_NAME: 'push', GITHUB_ACTOR: 'octocat' },
      workflow: { text: WORKFLOW, action: SELF, fromRepository: 'other-org/shared' },
    },
    says: [/claude-code-oauth-token/],
    doesNotSay: [/MY_TOKEN/, /fork/, /Dependabot/],
  },
  {
    id: 'a reusable workflow (on: workflow_call) whose caller passes no secrets',
    scenario: {
      env: { GITHUB_EVENT_NAME: 'push', GITHUB_ACTOR: 'octocat' },
      workflow: { text: WORKFLOW.replace('on: [push, pull_request]', 'on: workflow_call'), action: SELF },
    },
    says: [/MY_TOKEN arrived empty in this reusable workflow/, /secrets: inherit/],
    doesNotSay: [/fork/, /Dependabot/],
  },
  {
    id: 'a job with an environment',
    scenario: {
      env: { GITHUB_EVENT_NAME: 'push', GITHUB_ACTOR: 'octocat' },
      workflow: { text: WORKFLOW.replace('    runs-on: ubuntu-latest', '    runs-on: ubuntu-latest\n    environment: production'), action: SELF },
    },
    says: [/MY_TOKEN/, /the job uses the environment `production`/],
    doesNotSay: [/fork/, /Dependabot/],
  },
]

describe('no credential input', () => {
  test.concurrent.each(MISSING)('$id → one ::error that says why', async ({ scenario, says, doesNotSay }) => {
    await inScenario(scenario, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [], maskedFirst: [] })
      const message = result.annotations[0]?.message ?? ''
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: ['No credential arrived'] })
      // The first line of the log is the cause and the fix.
      // The annotation ends with its rule id (docs/rules.md); the first line does not carry it.
      expect(message).toMatch(/ Rule: missing-credential\/[a-z-]+\.$/)
      const text = message.replace(/ Rule: [a-z0-9/-]+\.$/, '')
      expect(result.log[0]).toBe(`${text.split(' Where: ')[0]} Fix: ${text.split(' Fix: ')[1]?.split(' See https')[0]}`.replace(/`/g, ''))
      for (const pattern of says) expect(message).toMatch(pattern)
      for (const pattern of doesNotSay) expect(message).not.toMatch(pattern)
      expectExports(result, {})
      expect(result.secrets).toEqual([])
    })
  })
})
