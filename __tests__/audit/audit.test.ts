// `claude-code-auth audit`: one fixture repository per rule (expected rule,
// line and severity written by hand), every exit code, the formats (SARIF
// validated against the official 2.1.0 schema), ignores and the config file,
// and the built CLI loading the audit chunk.

import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync, cpSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'

import { runAudit } from '../../src/audit/run.js'
import { escapeData, escapeProperty, workflowCommand } from '../../src/audit/format.js'
import { substituteInputs } from '../../src/audit/local-actions.js'
import { REPO_ROOT } from '../process/dist-snapshot.js'

const FIXTURES = join(REPO_ROOT, '__tests__', 'audit', 'fixtures')
const require = createRequire(import.meta.url)

const audit = (args: string[], cwd = FIXTURES) => runAudit(args, { cwd, version: '9.9.9' })

interface JsonFinding {
  rule: string
  severity: string
  file: string
  line: number
  column: number
  job?: string
  message: string
  dependsOn?: string
  ignored?: string
}
interface JsonOut {
  version: number
  repositories: { path: string; files: string[]; jobs: { job: string; route: string; verdict: string; setup: string; file: string }[]; findings: JsonFinding[] }[]
  totals: Record<string, number>
}
async function json(path: string, extra: string[] = []): Promise<JsonOut> {
  const run = await audit([path, '--format', 'json', ...extra])
  expect(run.stderr).toBe('')
  return JSON.parse(run.stdout) as JsonOut
}
const rulesAt = (out: JsonOut) => out.repositories[0]!.findings.filter((f) => !f.ignored).map((f) => `${f.severity} ${f.rule} ${f.file}:${f.line}`)

describe('one fixture repository per rule', () => {
  test.each([
    ['both-inputs', ['error audit/both-credential-inputs .github/workflows/review.yml:10']],
    ['both-variables', ['error audit/both-credential-variables .github/workflows/run.yml:7']],
    // Both secrets given to a step that only checks which one is set (no Claude Code in it): nothing to report.
    ['both-variables-validate', []],
    ['undeclared-input', ['error audit/undeclared-input .github/workflows/review.yml:9']],
    ['drift', ['warning audit/secret-name-drift .github/workflows/b.yml:8']],
    ['id-token', ['error audit/missing-id-token .github/workflows/federation.yml:8']],
    ['step-order', ['error audit/step-order .github/workflows/order.yml:10', 'error audit/step-order .github/workflows/order.yml:16']],
    ['secrets-in-if', ['error audit/secrets-in-if .github/workflows/gate.yml:7']],
    ['two-intended', ['error audit/two-intended-credentials .github/workflows/two.yml:9']],
    ['no-credential', ['warning audit/no-credential .github/workflows/none.yml:6']],
    ['secret-name-slot', ['warning audit/secret-name-slot .github/workflows/review.yml:8']],
    // The engine's own bound reports it now (later-step/not-read, below); the audit's rule is the backstop.
    ['deep-script', []],
    ['not-a-workflow', ['error audit/workflow-not-read .github/workflows/broken.yml:5']],
    // @beta given no credential on a GitHub-hosted runner: certain; on a self-hosted runner (a /login file) or with a gateway token in the job, only the warning.
    ['no-credential-reaches', ['error audit/no-credential-reaches .github/workflows/beta.yml:7', 'warning audit/no-credential .github/workflows/beta.yml:13', 'warning audit/no-credential .github/workflows/beta.yml:21']],
    ['action-not-read', ['warning audit/action-not-read .github/workflows/review.yml:7']],
    // The release table says what each release declares: v0.0.29 has no OAuth input, `@beta` no `claude_args`.
    ['release-inputs', ['error audit/undeclared-input .github/workflows/old.yml:9', 'error audit/undeclared-input .github/workflows/old.yml:16']],
  ])('%s', async (fixture, expected) => {
    const found = rulesAt(await json(fixture)).filter((r) => r.includes(' audit/'))
    expect(found.sort()).toEqual([...expected].sort())
  })

  test('a script nested deeper than the bound: the engine reports the step not read (depends-on), never an internal error', async () => {
    expect(rulesAt(await json('deep-script'))).toEqual(['warning later-step/not-read .github/workflows/deep.yml:10'])
  })

  test('the clean repository: one Claude job, OAuth, pass; the job without Claude is not listed', async () => {
    const out = await json('clean')
    expect(out.repositories[0]!.findings).toEqual([])
    expect(out.repositories[0]!.jobs.map(({ job, route, verdict, setup }) => ({ job, route, verdict, setup }))).toEqual([
      { job: 'review', route: 'subscription OAuth', verdict: 'pass', setup: 'virtual' },
    ])
  })
})

describe('discovery', () => {
  test('a workflow file named alone brings the local reusable workflow it calls', async () => {
    const run = await audit(['reusable/.github/workflows/caller.yml', '--format', 'json'])
    const out = JSON.parse(run.stdout) as JsonOut
    expect(out.repositories[0]!.files).toEqual(['.github/workflows/caller.yml', '.github/workflows/review-called.yml'])
    expect(out.repositories[0]!.jobs.map((j) => `${j.file} ${j.job} ${j.verdict}`)).toEqual(['.github/workflows/review-called.yml review fail'])
  })
})

describe('judged through the engine', () => {
  test('a workflow-level API key next to an OAuth token input: the engine finding, at the env line, the secret named by its expression', async () => {
    const out = await json('engine-conflict')
    const [f] = out.repositories[0]!.findings
    expect(f).toMatchObject({ severity: 'error', file: '.github/workflows/job-env.yml', line: 3, column: 3 })
    expect(f!.message).toContain('ANTHROPIC_API_KEY')
    expect(f!.message).toContain('`${{ secrets.ANTHROPIC_API_KEY }}`')
    expect(f!.message).not.toMatch(/fingerprint|sk-ant-/)
    expect(out.repositories[0]!.jobs[0]).toMatchObject({ job: 'review', verdict: 'fail', route: 'subscription OAuth' })
  })

  test('a `vars` value the audit cannot know is depends-on: a warning naming it, verdict depends', async () => {
    const out = await json('depends')
    const [f] = out.repositories[0]!.findings
    expect(f).toMatchObject({ severity: 'warning', line: 6, dependsOn: '`vars.LEGACY_KEY`' })
    expect(out.repositories[0]!.jobs[0]!.verdict).toBe('depends')
  })

  test("the repository's .claude/settings.json is read (an empty runner home otherwise)", async () => {
    const out = await json('settings')
    expect(rulesAt(out).some((r) => r.startsWith('error ') && r.endsWith('.claude/settings.json:3'))).toBe(true)
  })

  test('value identity: the same secret in a later step is the intended value; another secret in the same slot is a conflict', async () => {
    const out = await json('other-secret')
    const engine = out.repositories[0]!.findings.filter((f) => !f.rule.startsWith('audit/'))
    expect(engine.map((f) => `${f.severity} ${f.line}`)).toEqual(['error 14'])
    expect(engine[0]!.message).toMatch(/^CLAUDE_CODE_OAUTH_TOKEN in the `env:` of step 3 .* would be sent instead of your OAuth token/)
  })

  test('the same secret in both Claude action inputs and the virtual step is no conflict; another secret is', async () => {
    const out = await json('two-intended')
    expect(out.repositories[0]!.findings.some((f) => f.line === 11 && f.severity === 'error' && !f.rule.startsWith('audit/'))).toBe(true)
    expect(out.repositories[0]!.findings.some((f) => f.line === 7)).toBe(false)
  })
})

describe('local actions and the Claude actions\' own repositories', () => {
  test('a certain no-credential fails the job; an action of another repository makes it depend', async () => {
    const verdicts = (out: JsonOut) => out.repositories[0]!.jobs.map((j) => `${j.job} ${j.verdict}`)
    expect(verdicts(await json('no-credential-reaches'))).toEqual(['hosted fail', 'own-runner pass', 'gateway pass'])
    const notRead = await json('action-not-read')
    expect(verdicts(notRead)).toEqual(['review depends'])
    expect(notRead.repositories[0]!.findings[0]!.dependsOn).toBe('what `octo/ai-workflows/.github/actions/run-claude-code@main` passes to Claude Code')
  })

  test('a local composite (nested) is read in its caller\'s place: its inputs mapped from `with:`, the caller\'s env under its steps', async () => {
    // The workflow names neither Claude nor Anthropic: only its local action does.
    expect(readFileSync(join(FIXTURES, 'local-composite', '.github', 'workflows', 'plain.yml'), 'utf8')).not.toMatch(/claude|anthropic/i)
    const out = await json('local-composite')
    expect(out.repositories[0]!.jobs.map((j) => `${j.file} ${j.job} ${j.route} ${j.verdict}`)).toEqual([
      '.github/workflows/check.yml check subscription OAuth fail',
      '.github/workflows/plain.yml plain subscription OAuth pass',
    ])
    // The caller's ANTHROPIC_API_KEY (line 14) reaches the composite's `claude`, given the OAuth token through two inputs.
    expect(rulesAt(out)).toEqual(['error later-step/instead .github/workflows/check.yml:14'])
    expect(out.repositories[0]!.findings[0]!.message).toContain('Review the change → step 2 of .github/actions/review → Run Claude Code')
  })

  test('an input the release does not declare is not the intended credential: v0.0.29 given both bills the API key, with no conflict of two inputs', async () => {
    const out = await json('release-inputs')
    expect(out.repositories[0]!.jobs.map((j) => `${j.job} ${j.route} ${j.verdict}`)).toEqual(['old API key pass', 'beta subscription OAuth pass'])
    expect(rulesAt(out).some((r) => r.includes('audit/both-credential-inputs'))).toBe(false)
  })

  test("a misspelt input's fix is one the release can take (the release table): the step's env in v1, claude_env in @beta, no OAuth input before v0.0.30", async () => {
    const out = await json('misspelt-inputs')
    const fixes = out.repositories[0]!.findings.filter((f) => f.rule === 'audit/undeclared-input').map((f) => `${f.job}: ${(f as unknown as { fix: string }).fix}`)
    expect(fixes).toEqual([
      "v1: Give it as `ANTHROPIC_AUTH_TOKEN` in the step's `env:` (this release has no `claude_env`) and delete `anthropic_auth_token`.",
      'beta: Give it in `claude_env` as `ANTHROPIC_AUTH_TOKEN: …` and delete `anthropic_auth_token`.',
      'old: This release has no `claude_code_oauth_token` input either: move to a release that has it (`@v1`) and rename `oauth_token` to `claude_code_oauth_token`.',
    ])
  })

  test('a settings file an earlier step writes whole from a literal here-document is judged as that content; a conditional or appended one stays depends-on', async () => {
    const out = await json('written-settings')
    expect(out.repositories[0]!.jobs.map((j) => `${j.job} ${j.verdict}`)).toEqual(['written fail', 'maybe depends', 'appended depends'])
    expect(rulesAt(out).filter((r) => !r.includes(' audit/'))).toEqual([
      'error later-step/instead .github/workflows/written.yml:14',
      'warning later-step/settings-not-read .github/workflows/written.yml:27',
      'warning later-step/settings-not-read .github/workflows/written.yml:39',
    ])
    expect(JSON.stringify(out)).not.toContain('sk-ant-api03-written-by-the-job')
  })

  test('a composite that uses itself is followed to a bounded depth: judged, no internal error', async () => {
    const out = await json('composite-loop')
    expect(out.repositories[0]!.jobs.map((j) => `${j.job} ${j.route} ${j.verdict}`)).toEqual(['loop subscription OAuth pass'])
  })

  test('a composite whose steps hold nested aliases (9 levels of 9) is copied once per node: judged at once, not 9^9 times', async () => {
    const out = await json('composite-aliases')
    expect(out.repositories[0]!.jobs.map((j) => `${j.job} ${j.route} ${j.verdict}`)).toEqual(['run subscription OAuth pass'])
  }, 5_000)

  test("a caller's long value used thousands of times in a composite adds at most a bounded text: judged at once", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cca-audit-long-input-'))
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true })
    mkdirSync(join(dir, '.github', 'actions', 'echo'), { recursive: true })
    // 1 MiB given once; 40 steps using it 100 times each would make 4 GiB of text, past any string V8 can hold.
    writeFileSync(join(dir, '.github', 'workflows', 'run.yml'), `on: push\njobs:\n  run:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/echo\n        with:\n          token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}\n          big: ${'x'.repeat(1024 * 1024)}\n`)
    const uses = Array.from({ length: 100 }, () => '${{ inputs.big }}').join(' ')
    const steps = Array.from({ length: 40 }, () => `    - shell: bash\n      run: echo ${uses}\n`).join('')
    writeFileSync(join(dir, '.github', 'actions', 'echo', 'action.yml'), `name: Echo\ninputs:\n  token: {}\n  big: {}\nruns:\n  using: composite\n  steps:\n${steps}    - shell: bash\n      env:\n        CLAUDE_CODE_OAUTH_TOKEN: \${{ inputs.token }}\n      run: claude -p hi\n`)
    const out = await json(dir)
    expect(out.repositories[0]!.jobs.map((j) => `${j.job} ${j.route} ${j.verdict}`)).toEqual(['run subscription OAuth pass'])
  }, 10_000)

  test('substituteInputs: `${{ inputs.X }}` is the value, `inputs.X` inside an expression an operand; past the budget a reference is left as written', () => {
    const value = (name: string) => ({ token: '${{ secrets.T }}', model: "it's", big: 'x'.repeat(10) })[name] ?? ''
    expect(substituteInputs('a ${{ inputs.token }} b', value)).toBe('a ${{ secrets.T }} b')
    expect(substituteInputs("${{ inputs.token || env.K }} ${{ inputs.MODEL == 'x' }} ${{ inputs.none }}", value)).toBe("${{ (secrets.T) || env.K }} ${{ 'it''s' == 'x' }} ")
    const budget = { bytes: 25 }
    expect(substituteInputs('${{ inputs.big }} ${{ inputs.big }} ${{ inputs.big }}', value, budget)).toBe('xxxxxxxxxx xxxxxxxxxx ${{ inputs.big }}')
    expect(budget.bytes).toBe(5)
  })

  test('a worktree checkout (`.git` a file naming its git dir by an absolute path) is named by that dir\'s `commondir` config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cca-own-worktree-'))
    cpSync(join(FIXTURES, 'own-action'), dir, { recursive: true })
    const common = mkdtempSync(join(tmpdir(), 'cca-own-common-'))
    mkdirSync(join(common, 'worktrees', 'wt'), { recursive: true })
    writeFileSync(join(common, 'config'), '[remote "origin"]\n\turl = git@github.com:anthropics/claude-code-base-action.git\n')
    writeFileSync(join(common, 'worktrees', 'wt', 'commondir'), '../..\n')
    writeFileSync(join(common, 'worktrees', 'wt', 'HEAD'), 'ref: refs/heads/main\n')
    writeFileSync(join(common, 'packed-refs'), '# pack-refs with: peeled\n0123456789abcdef0123456789abcdef01234567 refs/heads/main\n')
    writeFileSync(join(dir, '.git'), `gitdir: ${join(common, 'worktrees', 'wt')}\n`)
    const out = await json(dir)
    expect(out.repositories[0]!.jobs.map((j) => `${j.job} ${j.verdict}`)).toEqual(['test pass', 'test-env-only fail'])
    expect(out.repositories[0]!.findings.find((f) => f.rule === 'later-step/claude-action-ref-unknown')!.message).toContain('anthropics/claude-code-base-action@0123456789abcdef0123456789abcdef01234567')
  })

  test("`uses: ./` in a Claude action's own checkout is that action (by its git remote), judged by the release table", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cca-own-action-'))
    cpSync(join(FIXTURES, 'own-action'), dir, { recursive: true })
    mkdirSync(join(dir, '.git'))
    writeFileSync(join(dir, '.git', 'config'), '[core]\n\tbare = false\n[remote "origin"]\n\turl = https://github.com/anthropics/claude-code-base-action.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n')
    writeFileSync(join(dir, '.git', 'HEAD'), '0123456789abcdef0123456789abcdef01234567\n')
    const out = await json(dir)
    expect(out.repositories[0]!.jobs.map((j) => `${j.job} ${j.route} ${j.verdict}`)).toEqual(['test API key pass', 'test-env-only none fail'])
    // The base action maps its inputs only: the job's key does not reach Claude Code.
    const certain = out.repositories[0]!.findings.find((f) => f.rule === 'audit/no-credential-reaches')!
    expect(certain).toMatchObject({ line: 16, job: 'test-env-only' })
    expect(certain.message).toContain("The job's `ANTHROPIC_API_KEY` does not reach it")
    // An unknown commit is the newest release, with the engine's notice.
    expect(rulesAt(out)).toContain('notice later-step/claude-action-ref-unknown .github/workflows/test.yml:7')
    // Without the remote, `./` is a folder without action.yml: no Claude job.
    writeFileSync(join(dir, '.git', 'config'), '[core]\n\tbare = false\n')
    expect((await json(dir)).repositories[0]!.jobs).toEqual([])
  })
})

describe('exit codes', () => {
  test('0 clean, 1 findings, 2 usage, 3 no workflow; --exit-zero; --min-severity error hides warnings', async () => {
    expect((await audit(['clean'])).exitCode).toBe(0)
    expect((await audit(['both-inputs'])).exitCode).toBe(1)
    expect((await audit(['both-inputs', '--exit-zero'])).exitCode).toBe(0)
    expect((await audit(['drift'])).exitCode).toBe(1)
    expect((await audit(['drift', '--min-severity', 'error'])).exitCode).toBe(0)
    const usage = await audit(['--format', 'yaml'])
    expect(usage.exitCode).toBe(2)
    expect(usage.stderr).toMatch(/^claude-code-auth audit: --format takes text, json, sarif or github/)
    expect((await audit(['--no-such-option'])).exitCode).toBe(2)
    expect((await audit(['no-such-folder'])).exitCode).toBe(2)
    const none = await audit(['empty-repo'])
    expect(none.exitCode).toBe(3)
    expect(none.stderr).toMatch(/no workflow file found/)
  })

  test('--output writes SARIF to a file and keeps the exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-out-'))
    const run = await audit(['both-inputs', '--format', 'sarif', '--output', join(dir, 'out.sarif')])
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toBe('')
    expect(JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')).version).toBe('2.1.0')
  })
})

describe('formats', () => {
  test('text: file:line:col: severity rule-id message, the fix on the next line, a one-line total', async () => {
    const run = await audit(['secrets-in-if'])
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^secrets-in-if\/\.github\/workflows\/gate\.yml:7:9: error audit\/secrets-in-if The `if:` of step 1 /)
    expect(lines[1]).toMatch(/^ {2}fix: Map the secret to a job `env:` variable/)
    expect(lines.at(-1)).toBe('1 error, 0 warnings, 0 notices in 1 workflow file, 1 Claude job')
  })

  test('sarif: valid against the SARIF 2.1.0 schema; every audit rule in tool.driver.rules with its help URI', async () => {
    const Ajv = require('ajv') as new (options: object) => { addMetaSchema(s: object): void; compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } }
    const ajv = new Ajv({ schemaId: 'id', allErrors: true, logger: false })
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object)
    const validate = ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object)
    for (const fixture of ['both-inputs', 'ignores', 'settings', 'depends', 'not-a-workflow']) {
      const sarif = JSON.parse((await audit([fixture, '--format', 'sarif'])).stdout)
      expect({ fixture, valid: validate(sarif), errors: validate.errors ?? null }).toEqual({ fixture, valid: true, errors: null })
      const rules = sarif.runs[0].tool.driver.rules as { id: string; helpUri: string; shortDescription: { text: string } }[]
      expect(rules.find((r) => r.id === 'audit/secrets-in-if')!.helpUri).toBe('https://github.com/claude-code-auth/claude-code-auth/blob/v1/docs/rules.md#auditsecrets-in-if')
      for (const result of sarif.runs[0].results) expect(rules[result.ruleIndex]!.id).toBe(result.ruleId)
    }
    const broken = JSON.parse((await audit(['both-inputs', '--format', 'sarif'])).stdout)
    broken.runs[0].results[0].level = 'fatal'
    expect(validate(broken)).toBe(false)
  })

  test('sarif: partialFingerprints do not change when unrelated lines move', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-move-'))
    cpSync(join(FIXTURES, 'both-inputs'), dir, { recursive: true })
    const prints = async () => (JSON.parse((await audit([dir, '--format', 'sarif'])).stdout).runs[0].results as { ruleId: string; partialFingerprints: object; locations: { physicalLocation: { region: { startLine: number } } }[] }[]).map((r) => [r.ruleId, r.partialFingerprints, r.locations[0]!.physicalLocation.region.startLine] as const)
    const before = await prints()
    const file = join(dir, '.github', 'workflows', 'review.yml')
    writeFileSync(file, `# a comment\nname: review\n${readFileSync(file, 'utf8')}`)
    const after = await prints()
    expect(after.map(([rule, print]) => [rule, print])).toEqual(before.map(([rule, print]) => [rule, print]))
    expect(after.map(([, , line]) => line)).toEqual(before.map(([, , line]) => line + 2))
  })

  test('github: workflow commands escaped exactly as @actions/core escapes them', async () => {
    const run = await audit(['secrets-in-if', '--format', 'github'])
    expect(run.stdout.split('\n')[0]).toMatch(/^::error file=secrets-in-if\/\.github\/workflows\/gate\.yml,line=7,col=9,title=audit\/secrets-in-if%3A A step `if%3A` reads `secrets`[^:]*::The `if:` of step 1/)
    const hostile = 'a%b\r\n::error::injected,x:y'
    const written: string[] = []
    const original = process.stdout.write.bind(process.stdout)
    process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stdout.write
    try {
      core.error(hostile, { title: hostile, file: hostile })
    } finally {
      process.stdout.write = original
    }
    expect(written.join('').trimEnd()).toBe(workflowCommand('error', { title: hostile, file: hostile }, hostile))
    expect(escapeData(hostile)).not.toMatch(/[\r\n]/)
    expect(escapeProperty(hostile)).not.toMatch(/[\r\n,:]/)
  })

  test('json: versioned; many repositories in one roll-up with route and verdict per job', async () => {
    const run = await audit(['clean', 'both-inputs', 'id-token', '--format', 'json'])
    const out = JSON.parse(run.stdout) as JsonOut
    expect(out.version).toBe(1)
    expect(out.repositories.map((r) => r.path)).toEqual(['clean', 'both-inputs', 'id-token'])
    // The verdict is the action's at run time; the missing id-token permission is a workflow finding of the job.
    expect(out.repositories[2]!.jobs[0]).toMatchObject({ job: 'review', workflowFindings: 1 })
    expect(out.repositories.flatMap((r) => r.jobs.map((j) => `${r.path} ${j.job} ${j.route} ${j.verdict}`))).toEqual([
      'clean review subscription OAuth pass',
      'both-inputs review subscription OAuth fail',
      'id-token review federation pass',
      'id-token bedrock Bedrock pass',
    ])
  })
})

describe('ignores and config', () => {
  test('an inline ignore with a reason silences its finding; one without a reason, or matching nothing, is a warning', async () => {
    const out = await json('ignores')
    const findings = out.repositories[0]!.findings
    expect(findings.find((f) => f.rule === 'audit/both-credential-inputs')!.ignored).toBe('migrating to OAuth this week')
    expect(rulesAt(out).filter((r) => r.includes('ignore'))).toEqual([
      'warning audit/ignore-without-reason .github/workflows/review.yml:13',
      'warning audit/unused-ignore .github/workflows/review.yml:13',
    ])
  })

  test('.github/claude-code-auth.yml ignores a rule by path; an entry matching nothing is a warning', async () => {
    const out = await json('config')
    const drift = out.repositories[0]!.findings.find((f) => f.rule === 'audit/secret-name-drift')!
    expect(drift.ignored).toBe('the triage bot has its own subscription')
    expect(rulesAt(out)).toEqual(['warning audit/unused-ignore .github/claude-code-auth.yml:6'])
  })

  test('min-severity from the config file applies when the command line gives none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-config-'))
    cpSync(join(FIXTURES, 'drift'), dir, { recursive: true })
    mkdirSync(join(dir, '.github'), { recursive: true })
    writeFileSync(join(dir, '.github', 'claude-code-auth.yml'), 'min-severity: error\n')
    expect((await audit([dir])).exitCode).toBe(0)
    expect((await audit([dir, '--min-severity', 'warning'])).exitCode).toBe(1)
  })
})

describe('the built CLI', () => {
  test('dist/cli.js audit loads dist/audit.js only for audit and gives the same exit codes', () => {
    const cli = join(REPO_ROOT, 'dist', 'cli.js')
    const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: FIXTURES, encoding: 'utf8' })
    expect(run(['audit', 'clean']).status).toBe(0)
    const failing = run(['audit', 'both-inputs'])
    expect(failing.status).toBe(1)
    expect(failing.stderr).toBe('')
    expect(failing.stdout).not.toMatch(/Internal error|stopped unexpectedly|at .*\.js:\d+/)
    expect(run(['audit', 'empty-repo']).status).toBe(3)
    expect(run(['audit', '--format']).status).toBe(2)
    expect(readFileSync(cli, 'utf8')).toContain('require("./audit.js")')
  })
})

describe('docs/rules.md', () => {
  test('every audit rule has exactly one section, and every id the fixtures produce is documented or an engine id', async () => {
    const { AUDIT_RULES } = await import('../../src/audit/rules-table.js')
    const docs = readFileSync(join(REPO_ROOT, 'docs', 'rules.md'), 'utf8')
    for (const rule of AUDIT_RULES) expect({ id: rule.id, sections: docs.split(`\n## \`${rule.id}\`\n`).length - 1 }).toEqual({ id: rule.id, sections: 1 })
  })
})

describe('present values', () => {
  test('one identity is one value of the slot it first appears in; another identity is another; messages name the expression', async () => {
    const { PresentValues, identityOf } = await import('../../src/audit/judge.js')
    const values = new PresentValues()
    const a = values.value(identityOf('${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}'), 'oauth-token')
    expect(a).toMatch(/^sk-ant-oat01-[0-9a-fA]{93}AA$/)
    expect(values.value(identityOf('${{secrets.CLAUDE_CODE_OAUTH_TOKEN}}'), 'api-key')).toBe(a)
    expect(values.value(identityOf("${{ secrets['CLAUDE_CODE_OAUTH_TOKEN'] }}"), 'oauth-token')).toBe(a)
    expect(values.value(identityOf('${{ secrets.OTHER }}'), 'oauth-token')).not.toBe(a)
    const { fingerprint } = await import('../../src/common/fingerprint.js')
    expect(values.reword(`X (fingerprint ${fingerprint(a).slice(0, 12)}) would be sent`)).toBe('X (`${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}`) would be sent')
  })
})
