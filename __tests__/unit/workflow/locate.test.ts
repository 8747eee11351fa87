import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { localWorkflowCalls, locateWorkflow, parseWorkflowRef, readWorkflowFile } from '../../../src/scan/workflow/locate.js'
import { readWorkflow } from '../../../src/scan/workflow/workflow.js'

let workspace: string
beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'locate-test-'))
})
afterEach(() => rmSync(workspace, { recursive: true, force: true }))

const checkout = () => {
  mkdirSync(join(workspace, '.git'))
  mkdirSync(join(workspace, '.github', 'workflows'), { recursive: true })
  writeFileSync(join(workspace, '.github', 'workflows', 'review.yml'), 'on: push\n')
}
const env = (overrides: Record<string, string | undefined> = {}) => ({
  GITHUB_WORKFLOW_REF: 'Octo/Repo/.github/workflows/review.yml@refs/pull/7/merge',
  GITHUB_REPOSITORY: 'octo/repo',
  GITHUB_WORKSPACE: workspace,
  ...overrides,
})

describe('parseWorkflowRef', () => {
  test('splits owner/repo, the path and the ref at the @ after the file name', () => {
    expect(parseWorkflowRef('o/r/.github/workflows/a.yml@refs/heads/feat@x')).toEqual({ repository: 'o/r', path: '.github/workflows/a.yml', ref: 'refs/heads/feat@x' })
    expect(parseWorkflowRef('o/r/.github/workflows/b.yaml@v1')).toEqual({ repository: 'o/r', path: '.github/workflows/b.yaml', ref: 'v1' })
    expect(parseWorkflowRef('nonsense')).toBeUndefined()
  })
})

describe('locateWorkflow', () => {
  test('the file in the checkout when owner/repo is this repository, ignoring case', () => {
    checkout()
    expect(locateWorkflow(env())).toEqual({ path: '.github/workflows/review.yml', absolute: join(workspace, '.github/workflows/review.yml') })
  })

  test('reasons, each completing "later steps were not checked because …"', () => {
    expect(locateWorkflow(env({ GITHUB_WORKFLOW_REF: undefined }))).toEqual({
      reason: 'GITHUB_WORKFLOW_REF is not set, so the workflow file is unknown (this does not look like a GitHub Actions run)',
    })
    expect(locateWorkflow(env({ GITHUB_WORKFLOW_REF: 'org/.github/.github/workflows/required.yml@refs/heads/main' }))).toEqual({
      reason: 'the workflow comes from another repository (org/.github, for example a reusable or organization-required workflow), so its file is not in this checkout',
    })
    expect(locateWorkflow(env({ GITHUB_WORKSPACE: '' }))).toEqual({ reason: 'GITHUB_WORKSPACE is not set, so there is no checkout to read the workflow file from' })
    expect(locateWorkflow(env({ GITHUB_REPOSITORY: undefined }))).toEqual({ reason: 'GITHUB_REPOSITORY is not set, so the workflow file cannot be matched to the checkout' })
  })

  test('no checkout yet', () => {
    expect(locateWorkflow(env())).toEqual({
      reason: 'the repository is not checked out yet (no actions/checkout before this step), so .github/workflows/review.yml cannot be read',
    })
  })

  test('checked out, but the file is not there', () => {
    mkdirSync(join(workspace, '.git'))
    expect(locateWorkflow(env())).toEqual({
      reason: '.github/workflows/review.yml is not in the checkout at GITHUB_WORKSPACE (another repository or ref may be checked out, or into a subfolder with `path:`)',
    })
  })

  test('a path that climbs out of the workspace is refused', () => {
    expect(locateWorkflow(env({ GITHUB_WORKFLOW_REF: 'octo/repo/../../etc/passwd@v1' }))).toEqual({
      reason: 'the workflow path in GITHUB_WORKFLOW_REF (`../../etc/passwd`) points outside the checkout',
    })
  })
})

describe('readWorkflowFile', () => {
  test('reads the text; an unreadable file is a reason', () => {
    checkout()
    expect(readWorkflowFile({ path: '.github/workflows/review.yml', absolute: join(workspace, '.github/workflows/review.yml') })).toEqual({ text: 'on: push\n' })
    expect(readWorkflowFile({ path: 'gone.yml', absolute: join(workspace, 'gone.yml') })).toEqual({ reason: 'gone.yml could not be read (ENOENT)' })
  })
})

describe('localWorkflowCalls', () => {
  test("the caller's jobs' uses: values that are workflows of this repository, each once", () => {
    expect(
      localWorkflowCalls([
        './.github/workflows/claude.yml',
        './.github/workflows/claude.yml',
        ' ./.github/workflows/other.yaml ',
        'owner/repo/.github/workflows/remote.yml@v1',
        './local-action',
        './.github/workflows/notes.txt',
      ]),
    ).toEqual(['.github/workflows/claude.yml', '.github/workflows/other.yaml'])
  })

  test('a path that climbs out of .github/workflows is not followed', () => {
    expect(localWorkflowCalls(['./.github/workflows/../../secrets.yml'])).toEqual([])
  })
})

describe("readWorkflow names the caller's reusable workflows when this job is not among its own", () => {
  const caller = [
    'jobs:',
    '  a:',
    '    uses: ./.github/workflows/claude.yml',
    '  b:',
    "    uses: './.github/workflows/claude.yml' # quoted, with a comment",
    '  c:',
    '    uses: owner/repo/.github/workflows/remote.yml@v1',
    '  e:',
    '    steps:',
    '      - uses: ./local-action',
  ].join('\n')
  test('a job the file does not have', () => {
    const reading = readWorkflow(caller, '.github/workflows/ci.yml', { job: 'review', action: 'auth' })
    expect(reading).toMatchObject({ ok: false, calls: ['./.github/workflows/claude.yml', './.github/workflows/claude.yml', 'owner/repo/.github/workflows/remote.yml@v1'] })
  })
  test('a job of the same name that runs a reusable workflow', () => {
    const reading = readWorkflow(caller, '.github/workflows/ci.yml', { job: 'a', action: 'auth' })
    expect(reading).toMatchObject({ ok: false, calls: ['./.github/workflows/claude.yml', './.github/workflows/claude.yml', 'owner/repo/.github/workflows/remote.yml@v1'] })
  })
})
