import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { diagnoseMissingCredential, referencedSecrets } from '../../src/inputs/diagnose-missing.js'
import { readWorkflow } from '../../src/scan/workflow/workflow.js'

let dir: string
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'diagnose-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))
const event = (payload: unknown) => {
  const path = join(dir, 'event.json')
  writeFileSync(path, JSON.stringify(payload))
  return path
}

describe('diagnoseMissingCredential', () => {
  test('a pull request from a fork: secrets are not passed there', () => {
    const p = diagnoseMissingCredential({
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event({ pull_request: { head: { repo: { full_name: 'fork/repo', fork: true } }, base: { repo: { full_name: 'owner/repo' } } } }),
    })
    expect(p.cause).toContain('comes from a fork')
    // The whole job: skipping only this step would break the later `claude` step.
    expect(p.fix).toContain('`if: github.event.pull_request.head.repo.full_name == github.repository` on the job')
  })

  test('Dependabot: Dependabot secrets', () => {
    expect(diagnoseMissingCredential({ GITHUB_ACTOR: 'dependabot[bot]' }).fix).toContain('Dependabot')
  })

  test.each([null, { pull_request: null }, []])('a strange event payload (%p) is not a crash', (payload) => {
    expect(diagnoseMissingCredential({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event(payload) }).title).toBe('No credential arrived')
  })

  test('names the secret the workflow passes, from the same reading as the later-steps check', () => {
    const text = 'on: push\njobs:\n  review:\n    steps:\n      - uses: x/claude-code-auth@v1\n        with:\n          claude-code-oauth-token: ${{ secrets.MY_TOKEN }}\n'
    const reading = readWorkflow(text, '.github/workflows/ci.yml', { job: 'review', action: '__x_claude-code-auth' })
    expect(referencedSecrets(reading)).toEqual([{ input: 'claude-code-oauth-token', secret: 'MY_TOKEN' }])
    const p = diagnoseMissingCredential({}, reading)
    expect(p.cause).toBe('secrets.MY_TOKEN arrived empty: no secret of that name is available to this run.')
    expect(p.at).toEqual({ file: '.github/workflows/ci.yml', line: 7 })
    expect(p.fix).toContain('if it is an environment secret, add `environment: <name>` to the job')
  })

  test('a reusable workflow: the caller must pass the secret', () => {
    const text = 'on: workflow_call\njobs:\n  review:\n    steps:\n      - uses: x/claude-code-auth@v1\n        with:\n          claude-code-oauth-token: ${{ secrets.MY_TOKEN }}\n'
    const p = diagnoseMissingCredential({}, readWorkflow(text, '.github/workflows/ci.yml', { job: 'review', action: '__x_claude-code-auth' }))
    expect(p.cause).toBe('secrets.MY_TOKEN arrived empty in this reusable workflow: it gets only the secrets its caller passes.')
    expect(p.fix).toContain('`secrets: inherit`')
  })

  test('a job with an environment: the secret must be defined there', () => {
    const text = 'on: push\njobs:\n  review:\n    environment: production\n    steps:\n      - uses: x/claude-code-auth@v1\n        with:\n          anthropic-api-key: ${{ secrets.KEY }}\n'
    const p = diagnoseMissingCredential({}, readWorkflow(text, '.github/workflows/ci.yml', { job: 'review', action: '__x_claude-code-auth' }))
    expect(p.fix).toContain('the job uses the environment `production`, so an environment secret must be defined there')
  })

  test('every message is short: the cause under 250 characters, and a documentation link where one line cannot say it all', () => {
    const fork = diagnoseMissingCredential({
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event({ pull_request: { head: { repo: { full_name: 'fork/repo', fork: true } }, base: { repo: { full_name: 'owner/repo' } } } }),
    })
    for (const p of [fork, diagnoseMissingCredential({ GITHUB_ACTOR: 'dependabot[bot]' }), diagnoseMissingCredential({})]) {
      expect(p.cause.length).toBeLessThan(250)
    }
    expect(fork.url).toMatch(/^https:\/\/docs\.github\.com\//)
  })
})
