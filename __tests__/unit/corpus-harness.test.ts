// The corpus test's own machinery (conformance/corpus.ts): inserting this action's step
// into a workflow text, the runner's evaluation of env and inputs, and what fake secrets
// hold. Expected texts and values are written by hand.

import { describe, expect, test } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { evaluateValue, fakeSecret, insertStep, loadCorpus, planJob, secretKinds, type JobLabel, type LabelFile, type Lookup } from '../../conformance/corpus.js'

const job = (over: Partial<JobLabel> = {}): JobLabel => ({
  job: 'claude',
  insertBefore: 1,
  inputs: {},
  expected: 'pass',
  why: 'test',
  findings: [],
  context: {},
  secrets: {},
  ...over,
})

describe('insertStep', () => {
  test('inserts before the step, at its indentation, every other byte kept', () => {
    const text = 'on: push\njobs:\n  claude:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n\n      # Claude\n      - name: Run\n        uses: anthropics/claude-code-action@v1\n'
    expect(insertStep(text, 'claude', 1, { 'claude-code-oauth-token': '${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}' })).toBe(
      'on: push\njobs:\n  claude:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n\n      # Claude\n' +
        '      - id: claude-code-auth\n        uses: claude-code-auth/claude-code-auth@v1\n        with:\n          claude-code-oauth-token: ${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}\n' +
        '      - name: Run\n        uses: anthropics/claude-code-action@v1\n',
    )
  })

  test('a list flush with its key, CRLF line endings, no inputs', () => {
    const text = 'jobs:\r\n  claude:\r\n    steps:\r\n    - run: claude -p hi\r\n'
    expect(insertStep(text, 'claude', 0, {})).toBe('jobs:\r\n  claude:\r\n    steps:\r\n    - id: claude-code-auth\r\n      uses: claude-code-auth/claude-code-auth@v1\r\n    - run: claude -p hi\r\n')
  })

  test('a step whose first key is quoted, or that carries an anchor, or starts on the next line', () => {
    const quoted = 'jobs:\n  j:\n    steps:\n      - "name": a\n      - &x\n        run: b\n      -\n        run: c\n'
    const head = (indent: string) => `${indent}- id: claude-code-auth\n${indent}  uses: claude-code-auth/claude-code-auth@v1\n`
    expect(insertStep(quoted, 'j', 0, {})).toBe(`jobs:\n  j:\n    steps:\n${head('      ')}      - "name": a\n      - &x\n        run: b\n      -\n        run: c\n`)
    expect(insertStep(quoted, 'j', 1, {})).toBe(`jobs:\n  j:\n    steps:\n      - "name": a\n${head('      ')}      - &x\n        run: b\n      -\n        run: c\n`)
    expect(insertStep(quoted, 'j', 2, {})).toBe(`jobs:\n  j:\n    steps:\n      - "name": a\n      - &x\n        run: b\n${head('      ')}      -\n        run: c\n`)
  })

  test('input values YAML would read differently are single-quoted', () => {
    const text = 'jobs:\n  j:\n    steps:\n      - run: x\n'
    const out = insertStep(text, 'j', 0, { a: 'true', b: "it's: here", c: 'https://x.example.com', d: '' })
    expect(out.split('\n').slice(5, 10)).toEqual(['        with:', "          a: 'true'", "          b: 'it''s: here'", '          c: https://x.example.com', "          d: ''"])
  })

  test('what it cannot do is an error that says so', () => {
    expect(() => insertStep('jobs:\n  j:\n    steps: [ {run: x} ]\n', 'j', 0, {})).toThrow('flow sequence')
    expect(() => insertStep('jobs:\n  j:\n    steps:\n      - run: x\n', 'j', 1, {})).toThrow('insertBefore 1 is past the last step (job j has 1)')
    expect(() => insertStep('jobs:\n  j:\n    steps:\n      - run: x\n', 'k', 0, {})).toThrow('there is no job k under jobs:')
    expect(() => insertStep('jobs: [\n', 'k', 0, {})).toThrow('not valid YAML')
  })
})

describe('evaluateValue: the runner evaluation the corpus test makes', () => {
  const values: Record<string, string> = { 'secrets.a': 'A', 'secrets.b': '', 'github.event_name': 'push' }
  const lookup: Lookup = (path) => values[path.join('.')]

  test.each([
    ['${{ secrets.a }}', 'A'],
    ['${{ secrets.b || secrets.a }}', 'A'],
    ["${{ secrets.b || 'fallback' }}", 'fallback'],
    ["${{ github.event_name && 'x' || 'y' }}", 'x'],
    ["${{ secrets.b && 'x' || 'y' }}", 'y'],
    ["${{ (secrets.b || secrets.a) && 'it''s' }}", "it's"],
    ["${{ secrets['a'] }}", 'A'],
    ['Bearer ${{ secrets.a }}!', 'Bearer A!'],
    ['${{ true }}', 'true'],
    ['${{ 3 }}', '3'],
    ['${{ null }}', ''],
    ['plain', 'plain'],
    ["${{ github.event_name == 'PUSH' && secrets.a || 'no' }}", 'A'],
    ["${{ github.event_name != 'push' && secrets.a || 'no' }}", 'no'],
    ["${{ secrets.b == '' && 'empty' }}", 'empty'],
    ['${{ !secrets.b }}', 'true'],
    ['${{ !secrets.a || 1 == 1.0 }}', 'true'],
    // An unknown path is '', so a comparison with it is decided on ''.
    ["${{ matrix.key == '' }}", 'true'],
    ['${{ matrix.key }}', ''],
    // A function call is '' where it stands; an index that is not a name names nothing.
    ["${{ format('{0}', secrets.a) }}", ''],
    ["${{ contains(github.event_name, 'pu') && secrets.a || 'no' }}", 'no'],
    ["${{ secrets[format('{0}', 'a')] || secrets.a }}", 'A'],
    // Beyond the documented subset: the whole expression is ''.
    ['${{ 1 < 2 }}', ''],
  ])('%s → %j', (source, expected) => {
    expect(evaluateValue(source, lookup)).toBe(expected)
  })

  test('non-string YAML values are the runner strings; what is unknown is recorded', () => {
    const unknown: string[] = []
    expect(evaluateValue(true, lookup)).toBe('true')
    expect(evaluateValue(8080, lookup)).toBe('8080')
    expect(evaluateValue('${{ inputs.model }} and ${{ contains(a, b) }}', lookup, unknown)).toBe(' and ')
    expect(unknown).toEqual(['inputs.model', 'contains(…)'])
  })
})

describe('fake secrets', () => {
  test('well formed for their kind, the same for the same name', () => {
    expect(fakeSecret('X', 'api-key')).toMatch(/^sk-ant-api03-[A-Za-z0-9_-]{95}$/)
    expect(fakeSecret('X', 'oauth-token')).toMatch(/^sk-ant-oat01-[A-Za-z0-9_-]{95}$/)
    expect(fakeSecret('X', 'auth-token')).toMatch(/^[A-Za-z0-9_-]{64}$/)
    expect(fakeSecret('x', 'api-key')).toBe(fakeSecret('X', 'api-key'))
    expect(fakeSecret('X', 'api-key')).not.toBe(fakeSecret('Y', 'api-key'))
  })

  test('a secret holds what its first Claude Code slot takes, unless the label says', () => {
    const text = [
      'jobs:',
      '  j:',
      '    env:',
      '      OTHER: ${{ secrets.TOKEN_A }}',
      '    steps:',
      '      - run: |',
      '          export ANTHROPIC_AUTH_TOKEN="${{ secrets.GATEWAY }}"',
      '      - uses: anthropics/claude-code-action@v1',
      '        with:',
      '          claude_code_oauth_token: ${{ secrets.TOKEN_A }}',
      '          anthropic_api_key: ${{ secrets.TOKEN_A || secrets.KEY }}',
      "          anthropic_api_key: ${{ secrets.COMPARED == '' && secrets.KEY2 || '' }}",
      '          claude_code_oauth_token: ${{ secrets.COMPARED }}',
      '      - env:',
      '          ANTHROPIC_API_KEY: ${{ secrets.MISLABELLED }}',
      '        run: claude -p hi',
      '',
    ].join('\n')
    const kinds = secretKinds(text, job({ inputs: { 'anthropic-api-key': '${{ secrets.ONLY_INPUT }}' }, secrets: { MISLABELLED: 'oauth-token' } }))
    expect(Object.fromEntries(kinds)).toEqual({ TOKEN_A: 'oauth-token', KEY: 'api-key', KEY2: 'api-key', COMPARED: 'oauth-token', GATEWAY: 'auth-token', MISLABELLED: 'oauth-token', ONLY_INPUT: 'api-key' })
  })
})

describe('planJob: the step as the runner starts it', () => {
  const text = [
    'name: review',
    'on: [pull_request, push]',
    'env:',
    '  LEVEL: workflow',
    '  ANTHROPIC_BASE_URL: ${{ vars.GATEWAY_URL }}',
    'jobs:',
    '  claude:',
    '    runs-on: [self-hosted, linux]',
    '    env:',
    '      LEVEL: job',
    '      ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}',
    '      FROM_ENV: ${{ env.LEVEL }}',
    '      MODEL: ${{ inputs.model }}',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - run: claude -p hi',
    '',
  ].join('\n')
  const label: LabelFile = {
    file: 'o__r__claude.yml',
    source: { repo: 'o/r', commit: 'a'.repeat(40), path: '.github/workflows/claude.yml', licence: 'MIT', licenceFile: 'LICENSE' },
    jobs: [],
    text,
  }

  test('env: the workflow and job levels evaluated, the job wins, `env` is not a context there; inputs see it', () => {
    const plan = planJob(label, job({ inputs: { 'anthropic-api-key': '${{ secrets.ANTHROPIC_API_KEY }}', 'anthropic-base-url': '${{ env.ANTHROPIC_BASE_URL }}' }, context: { 'inputs.model': 'opus' } }), '/w')
    const key = fakeSecret('ANTHROPIC_API_KEY', 'api-key')
    expect(plan.env).toMatchObject({
      LEVEL: 'job',
      ANTHROPIC_API_KEY: key,
      ANTHROPIC_BASE_URL: 'https://gateway-url.example.com',
      FROM_ENV: '',
      MODEL: 'opus',
      GITHUB_WORKFLOW_REF: 'o/r/.github/workflows/claude.yml@refs/heads/main',
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_JOB: 'claude',
      GITHUB_ACTION: 'claude-code-auth',
      GITHUB_EVENT_NAME: 'pull_request',
      RUNNER_ENVIRONMENT: 'self-hosted',
    })
    expect(plan.inputs).toEqual({ 'anthropic-api-key': key, 'anthropic-base-url': 'https://gateway-url.example.com' })
    expect(plan.secrets).toEqual([{ name: 'ANTHROPIC_API_KEY', kind: 'api-key', value: key }])
    expect(plan.unknown).toEqual(['env.LEVEL'])
    expect(plan.event).toMatchObject({ pull_request: { number: 1 } })
  })

  test('the label context names the event', () => {
    expect(planJob(label, job({ context: { 'github.event_name': 'workflow_dispatch' } }), '/w').env.GITHUB_EVENT_NAME).toBe('workflow_dispatch')
  })
})

describe('loadCorpus: the label check', () => {
  const source = { repo: 'octo/app', commit: '0123456789abcdef0123456789abcdef01234567', path: '.github/workflows/claude.yml', licence: 'MIT', licenceFile: 'LICENSE' }
  const workflow = 'on: push\njobs:\n  claude:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${{ secrets.OAUTH }}\n'
  const job = { job: 'claude', insertBefore: 1, inputs: { 'anthropic-api-key': '${{ secrets.OAUTH }}' }, expected: 'fail', why: 'an OAuth token in the key slot', findings: [] }
  function corpusWith(label: Record<string, unknown>, licence = true) {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-check-'))
    for (const sub of ['labels', 'workflows', 'licences']) mkdirSync(join(dir, sub))
    writeFileSync(join(dir, 'workflows', 'octo__app__claude.yml'), workflow)
    if (licence) writeFileSync(join(dir, 'licences', 'octo__app.txt'), 'MIT License\n')
    writeFileSync(join(dir, 'labels', 'octo__app__claude.yml.json'), JSON.stringify({ file: 'octo__app__claude.yml', source, ...label }))
    return loadCorpus(dir)
  }

  test('a file-level `secrets` holds for every job, and a job entry wins', () => {
    const fileLevel = corpusWith({ secrets: { OAUTH: 'oauth-token' }, jobs: [job] })
    expect(fileLevel.problems).toEqual([])
    expect(fileLevel.labels[0]!.jobs[0]!.secrets).toEqual({ OAUTH: 'oauth-token' })
    const jobWins = corpusWith({ secrets: { OAUTH: 'oauth-token', OTHER: 'other' }, jobs: [{ ...job, secrets: { OAUTH: 'api-key' } }] })
    expect(jobWins.labels[0]!.jobs[0]!.secrets).toEqual({ OAUTH: 'api-key', OTHER: 'other' })
  })

  test('a key the schema does not have is refused, at the file and in a job', () => {
    expect(corpusWith({ secret: { OAUTH: 'oauth-token' }, jobs: [job] }).problems).toEqual([
      'labels/octo__app__claude.yml.json: `secret` is not a key of a label file (file, source, jobs, secrets, noClaudeJobs)',
    ])
    expect(corpusWith({ jobs: [{ ...job, expect: 'pass' }] }).problems).toEqual([
      'labels/octo__app__claude.yml.json: jobs[0]: `expect` is not a key of a job label (job, insertBefore, inputs, expected, why, findings, auditRules, context, secrets)',
    ])
  })

  test('auditRules must be rule ids (area/what); the audit corpus test checks them against docs/rules.md', () => {
    expect(corpusWith({ jobs: [{ ...job, auditRules: ['audit/both-credential-inputs'] }] }).problems).toEqual([])
    expect(corpusWith({ jobs: [{ ...job, auditRules: ['both credential inputs'] }] }).problems).toEqual(['labels/octo__app__claude.yml.json: jobs[0].auditRules must be an array of rule ids (area/what)'])
    expect(corpusWith({ jobs: [{ ...job, auditRules: 'audit/no-credential' }] }).problems).toEqual(['labels/octo__app__claude.yml.json: jobs[0].auditRules must be an array of rule ids (area/what)'])
  })

  test('a licence outside the permissive list, or no licence text, is refused', () => {
    expect(corpusWith({ source: { ...source, licence: 'GPL-3.0-only' }, jobs: [job] }).problems[0]).toMatch(/GPL-3\.0-only is not one of the permissive licences/)
    expect(corpusWith({ jobs: [job] }, false).problems[0]).toMatch(/licences\/octo__app.txt is missing/)
  })

  test('no jobs needs a reason', () => {
    expect(corpusWith({ jobs: [] }).problems[0]).toMatch(/`jobs` is empty/)
    expect(corpusWith({ jobs: [], noClaudeJobs: 'a caller of labelled reusable workflows' }).problems).toEqual([])
  })
})
