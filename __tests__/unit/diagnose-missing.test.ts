import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { diagnoseMissingCredential, referencedSecrets } from '../../src/inputs/diagnose-missing.js'

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
    expect(p.fix).toContain('head.repo.full_name == github.repository')
  })

  test('Dependabot: Dependabot secrets', () => {
    expect(diagnoseMissingCredential({ GITHUB_ACTOR: 'dependabot[bot]' }).fix).toContain('Dependabot')
  })

  test.each([null, { pull_request: null }, []])('a strange event payload (%p) is not a crash', (payload) => {
    expect(diagnoseMissingCredential({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event(payload) }).title).toBe('No credential given')
  })

  test('names the secret the checked-out workflow passes', () => {
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true })
    writeFileSync(join(dir, '.github', 'workflows', 'ci.yml'), 'steps:\n  - uses: x/claude-code-auth@v1\n    with:\n      claude-code-oauth-token: ${{ secrets.MY_TOKEN }}\n')
    const env = { GITHUB_WORKSPACE: dir, GITHUB_REPOSITORY: 'owner/repo', GITHUB_WORKFLOW_REF: 'owner/repo/.github/workflows/ci.yml@refs/heads/main' }
    expect(referencedSecrets(env)).toEqual([{ input: 'claude-code-oauth-token', secret: 'MY_TOKEN' }])
    expect(diagnoseMissingCredential(env).cause).toContain('secrets.MY_TOKEN')
  })
})
