import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { envForLaterStep, findUnmaskedSecrets, readActionInputs, runAction, withRun, type RunResult } from '../../harness/runner.js'

// Tiny entry scripts stand in for dist/index.js; they speak the runner protocol by hand so
// the harness is tested without @actions/core.
let fixtures: string

async function fixture(name: string, source: string): Promise<string> {
  const path = join(fixtures, name)
  await writeFile(path, source)
  return path
}

beforeAll(async () => {
  fixtures = await mkdtemp(join(tmpdir(), 'harness-fixtures-'))
})

afterAll(async () => {
  await rm(fixtures, { recursive: true, force: true })
})

const TOKEN = 'sk-ant-oat01-HarnessFixtureToken_0123456789abcdef'

const FULL_STEP = `
import { appendFileSync } from 'node:fs'
const token = process.env['INPUT_CLAUDE-CODE-OAUTH-TOKEN']
console.log('before ' + token)
console.log('::add-mask::' + token)
console.log('after ' + token)
console.log('b64 ' + Buffer.from('x:' + token).toString('base64'))
console.log('json {"t":' + JSON.stringify(token) + '}')
process.stderr.write('stderr ' + token + '\\n')
appendFileSync(process.env.GITHUB_ENV, 'CLAUDE_CODE_OAUTH_TOKEN<<ghadelimiter_abc\\n' + token + '\\nghadelimiter_abc\\n')
appendFileSync(process.env.GITHUB_ENV, 'ANTHROPIC_API_KEY=\\n')
appendFileSync(process.env.GITHUB_ENV, 'NOTE<<EOF\\nmulti\\nEOF-not-yet\\nEOF\\n')
appendFileSync(process.env.GITHUB_OUTPUT, 'auth-method=oauth\\n')
appendFileSync(process.env.GITHUB_STATE, 'seen=1\\n')
appendFileSync(process.env.GITHUB_PATH, '/opt/tool/bin\\n')
appendFileSync(process.env.GITHUB_STEP_SUMMARY, '## Auth\\nToken: ' + token + '\\n')
console.log('::error title=Bad input%3A token,file=action.yml::first%0Asecond 100%25')
`

describe('runAction against a fixture step', () => {
  let result: RunResult

  beforeAll(async () => {
    result = await runAction({
      entry: await fixture('full-step.mjs', FULL_STEP),
      inputs: { 'claude-code-oauth-token': TOKEN },
    })
  })

  afterAll(async () => {
    await result.cleanup()
  })

  it('exits cleanly', () => {
    expect(result.exitCode).toBe(0)
    expect(result.timedOut).toBe(false)
    expect(result.stepFailed).toBe(false)
  })

  it('shows the token printed before add-mask, and masks it and its encodings afterwards', () => {
    const stdoutLines = result.log.filter((line) => !line.startsWith('stderr '))
    expect(stdoutLines.slice(0, 4)).toEqual([
      `before ${TOKEN}`,
      'after ***',
      // "x:" is two bytes: the first base64 group (x, :, the token's first byte) stays
      // readable, the rest is base64 of the token from byte offset 1, which the runner masks.
      `b64 ${Buffer.from('x:' + TOKEN).toString('base64').slice(0, 4)}***`,
      'json {"t":"***"}',
    ])
    expect(result.log).toContain('stderr ***')
    expect(result.log).not.toContain(`::add-mask::${TOKEN}`)
  })

  it('records the add-mask value and keeps the raw streams unmasked', () => {
    expect(result.secrets).toEqual([TOKEN])
    expect(result.rawStdout).toContain(`after ${TOKEN}`)
    expect(result.rawStderr).toBe(`stderr ${TOKEN}\n`)
  })

  it('parses GITHUB_ENV heredocs and the empty-value unset', () => {
    expect(result.exportedEnv).toEqual({
      CLAUDE_CODE_OAUTH_TOKEN: TOKEN,
      ANTHROPIC_API_KEY: '',
      NOTE: 'multi\nEOF-not-yet',
    })
    expect(result.exportedEnvRecords.map((r) => r.name)).toEqual(['CLAUDE_CODE_OAUTH_TOKEN', 'ANTHROPIC_API_KEY', 'NOTE'])
    expect(result.malformedFileCommands).toEqual([])
  })

  it('parses outputs, state and path', () => {
    expect(result.outputs).toEqual({ 'auth-method': 'oauth' })
    expect(result.state).toEqual({ seen: '1' })
    expect(result.addedPaths).toEqual(['/opt/tool/bin'])
  })

  it('scrubs the summary with every secret registered during the step', () => {
    expect(result.rawSummary).toBe(`## Auth\nToken: ${TOKEN}\n`)
    expect(result.summary).toBe('## Auth\nToken: ***\n')
  })

  it('parses the ::error annotation with unescaped data and properties', () => {
    expect(result.annotations).toHaveLength(1)
    expect(result.annotations[0]).toMatchObject({
      level: 'error',
      title: 'Bad input: token',
      file: 'action.yml',
      message: 'first\nsecond 100%',
      raw: '::error title=Bad input%3A token,file=action.yml::first%0Asecond 100%25',
    })
    expect(result.log).toContain('##[error]first')
    expect(result.log).toContain('second 100%')
  })

  it('finds the one place the token leaked: the line printed before add-mask', () => {
    const findings = findUnmaskedSecrets(result, [TOKEN])
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatch(/^log\[\d+\]: verbatim of secret #0 \(sha256:[0-9a-f]{12}\)$/)
    expect(findings[0]).not.toContain(TOKEN)
  })

  it('gives the next step the job env with the exports and PATH applied', () => {
    const base = { ANTHROPIC_API_KEY: 'from-job-env', KEEP: 'yes', PATH: '/usr/bin' }
    expect(envForLaterStep(base, result)).toEqual({
      ANTHROPIC_API_KEY: '',
      KEEP: 'yes',
      CLAUDE_CODE_OAUTH_TOKEN: TOKEN,
      NOTE: 'multi\nEOF-not-yet',
      PATH: '/opt/tool/bin:/usr/bin',
    })
  })
})

describe('runAction environment', () => {
  const ENV_DUMP = `import { readFileSync } from 'node:fs'
console.log(JSON.stringify({ env: process.env, cwd: process.cwd(), event: readFileSync(process.env.GITHUB_EVENT_PATH, 'utf8') }))`

  async function dump(options: Parameters<typeof runAction>[0]) {
    return withRun(options, (r) => ({ ...JSON.parse(r.rawStdout), result: r }))
  }

  it('starts from a clean env: nothing of the parent but PATH', async () => {
    const saved = { key: process.env.ANTHROPIC_API_KEY, oauth: process.env.CLAUDE_CODE_OAUTH_TOKEN }
    process.env.ANTHROPIC_API_KEY = 'parent-key-must-not-leak'
    process.env.CLAUDE_CODE_OAUTH_TOKEN = 'parent-oauth-must-not-leak'
    try {
      const { env } = await dump({ entry: await fixture('env-dump.mjs', ENV_DUMP) })
      expect(env.ANTHROPIC_API_KEY).toBeUndefined()
      expect(env.CLAUDE_CODE_OAUTH_TOKEN).toBeUndefined()
      expect(env.PATH).toBe(process.env.PATH)
      const unexpected = Object.keys(env).filter(
        (k) => !/^(GITHUB_|RUNNER_|INPUT_)/.test(k) && !['PATH', 'HOME', 'CI'].includes(k),
      )
      expect(unexpected).toEqual([])
    } finally {
      if (saved.key === undefined) delete process.env.ANTHROPIC_API_KEY
      else process.env.ANTHROPIC_API_KEY = saved.key
      if (saved.oauth === undefined) delete process.env.CLAUDE_CODE_OAUTH_TOKEN
      else process.env.CLAUDE_CODE_OAUTH_TOKEN = saved.oauth
    }
  })

  it('sets the runner variables, fresh command files and the workspace as cwd', async () => {
    const { env, cwd, event, result } = await dump({ entry: await fixture('env-dump.mjs', ENV_DUMP) })
    expect(env).toMatchObject({
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      RUNNER_OS: 'Linux',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_WORKSPACE: result.paths.workspace,
      RUNNER_TEMP: result.paths.temp,
      HOME: result.paths.home,
      GITHUB_ENV: result.paths.envFile,
      GITHUB_OUTPUT: result.paths.outputFile,
      GITHUB_STATE: result.paths.stateFile,
      GITHUB_STEP_SUMMARY: result.paths.summaryFile,
    })
    expect(cwd).toBe(result.paths.workspace)
    expect(event).toBe('{}')
    expect(new Set([env.GITHUB_ENV, env.GITHUB_OUTPUT, env.GITHUB_STATE, env.GITHUB_STEP_SUMMARY, env.GITHUB_PATH]).size).toBe(5)
  })

  it('names inputs INPUT_<NAME>: upper-cased, spaces to _, hyphens kept', async () => {
    const { env } = await dump({
      entry: await fixture('env-dump.mjs', ENV_DUMP),
      inputs: { 'claude-code-oauth-token': 'a', 'my input': 'b', fail_on: 'c' },
    })
    expect(env['INPUT_CLAUDE-CODE-OAUTH-TOKEN']).toBe('a')
    expect(env.INPUT_MY_INPUT).toBe('b')
    expect(env.INPUT_FAIL_ON).toBe('c')
  })

  it("lets the caller's env override the defaults", async () => {
    const { env } = await dump({
      entry: await fixture('env-dump.mjs', ENV_DUMP),
      env: { GITHUB_EVENT_NAME: 'pull_request', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' },
    })
    expect(env.GITHUB_EVENT_NAME).toBe('pull_request')
    expect(env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:9')
  })

  it('uses a caller-supplied home and workspace and does not delete them', async () => {
    const home = await mkdtemp(join(tmpdir(), 'harness-home-'))
    const workspace = await mkdtemp(join(tmpdir(), 'harness-ws-'))
    try {
      const { env, cwd } = await dump({ entry: await fixture('env-dump.mjs', ENV_DUMP), home, workspace })
      expect(env.HOME).toBe(home)
      expect(cwd).toBe(workspace)
      expect(existsSync(home) && existsSync(workspace)).toBe(true)
    } finally {
      await rm(home, { recursive: true, force: true })
      await rm(workspace, { recursive: true, force: true })
    }
  })

  it('passes stdin to the process', async () => {
    const entry = await fixture('echo-stdin.mjs', `process.stdin.on('data', (d) => process.stdout.write('got ' + d))`)
    await withRun({ entry, stdin: 'hello\n' }, (r) => expect(r.log).toEqual(['got hello']))
  })
})

describe('runAction outcomes', () => {
  it('reports a non-zero exit code as a failed step', async () => {
    const entry = await fixture('exit-3.mjs', `console.log('::error::boom'); process.exit(3)`)
    await withRun({ entry }, (r) => {
      expect(r.exitCode).toBe(3)
      expect(r.stepFailed).toBe(true)
      expect(r.log).toEqual(['##[error]boom'])
    })
  })

  it('fails the step on a heredoc without its delimiter, keeping earlier records', async () => {
    const entry = await fixture(
      'bad-env.mjs',
      `import { appendFileSync } from 'node:fs'
appendFileSync(process.env.GITHUB_ENV, 'GOOD=1\\nBAD<<EOF\\nno end\\nLATER=2\\n')`,
    )
    await withRun({ entry }, (r) => {
      expect(r.exitCode).toBe(0)
      expect(r.stepFailed).toBe(true)
      expect(r.exportedEnv).toEqual({ GOOD: '1' })
      expect(r.malformedFileCommands).toHaveLength(1)
      expect(r.log).toEqual([
        "##[error]Unable to process file command 'env' successfully.",
        "##[error]Invalid value. Matching delimiter not found 'EOF'",
      ])
    })
  })

  it('refuses NODE_OPTIONS through GITHUB_ENV without failing the step', async () => {
    const entry = await fixture(
      'node-options.mjs',
      `import { appendFileSync } from 'node:fs'
appendFileSync(process.env.GITHUB_ENV, 'NODE_OPTIONS=--require /tmp/x.js\\n')`,
    )
    await withRun({ entry }, (r) => {
      expect(r.stepFailed).toBe(false)
      expect(r.exportedEnv).toEqual({})
      expect(r.malformedFileCommands).toHaveLength(1)
      expect(r.annotations.map((a) => a.message)).toEqual([
        "Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.",
      ])
    })
  })

  it('kills a step that outlives timeoutMs', async () => {
    const entry = await fixture('hang.mjs', `console.log('started'); setInterval(() => {}, 1000)`)
    const started = Date.now()
    await withRun({ entry, timeoutMs: 500 }, (r) => {
      expect(r.timedOut).toBe(true)
      expect(r.exitCode).toBeNull()
      expect(r.stepFailed).toBe(true)
      expect(r.log).toEqual(['started'])
    })
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('with RUNNER_DEBUG=1, echoes add-mask as ::add-mask::*** and logs file-command debug lines masked', async () => {
    const entry = await fixture(
      'debug.mjs',
      `import { appendFileSync } from 'node:fs'
console.log('::add-mask::debug-secret-value')
appendFileSync(process.env.GITHUB_ENV, 'K=debug-secret-value\\n')`,
    )
    await withRun({ entry, env: { RUNNER_DEBUG: '1' } }, (r) => {
      expect(r.log).toEqual(['::add-mask::***', "##[debug]K='***'"])
    })
  })

  it('masks job secrets from the start when asked to', async () => {
    const entry = await fixture('print.mjs', `console.log('value: pre-masked-secret')`)
    await withRun({ entry, jobSecrets: ['pre-masked-secret'] }, (r) => {
      expect(r.log).toEqual(['value: ***'])
      expect(r.secrets).toEqual([])
    })
  })

  it('keeps masking values an earlier step registered (the masker is job-wide)', async () => {
    const first = await fixture('mask-step.mjs', `console.log('::add-mask::carried-over-secret')`)
    const second = await fixture('print-carried.mjs', `console.log('later: carried-over-secret')`)
    const masked = await withRun({ entry: first }, (r) => r.secrets)
    await withRun({ entry: second, previouslyMasked: masked }, (r) => expect(r.log).toEqual(['later: ***']))
  })

  it('removes its temp dirs on cleanup', async () => {
    const entry = await fixture('noop.mjs', '')
    const result = await runAction({ entry })
    expect(existsSync(result.paths.temp)).toBe(true)
    await result.cleanup()
    expect(existsSync(result.paths.temp)).toBe(false)
    expect(existsSync(result.paths.home)).toBe(false)
  })

  it('rejects when the node binary cannot be started', async () => {
    const entry = await fixture('noop.mjs', '')
    const workspace = await mkdtemp(join(tmpdir(), 'harness-ws-'))
    try {
      await expect(runAction({ entry, workspace, nodeBinary: join(fixtures, 'no-such-node') })).rejects.toThrow(
        /could not start/,
      )
      // The run's own temp dirs are gone; the caller's workspace is left alone.
      expect(existsSync(workspace)).toBe(true)
    } finally {
      await rm(workspace, { recursive: true, force: true })
    }
  })
})

describe('action.yml inputs', () => {
  const ACTION_YML = [
    'name: x',
    'inputs:',
    '  token:',
    '    description: "has: a colon"',
    '    required: false',
    '  mode:',
    '    description: plain',
    "    default: 'it''s # not a comment'",
    '  flag:',
    '    default: false # trailing comment',
    '  quoted:',
    '    default: "a\\"b"',
    '  "spaced name":',
    '    default: x',
    'outputs:',
    '  default:',
    '    description: not an input',
    '',
  ].join('\n')

  it('reads names in order and literal defaults', () => {
    expect(readActionInputs(ACTION_YML)).toEqual([
      { name: 'token', default: '' },
      { name: 'mode', default: "it's # not a comment" },
      { name: 'flag', default: 'false' },
      { name: 'quoted', default: 'a"b' },
      { name: 'spaced name', default: 'x' },
    ])
  })

  it('refuses what it cannot read exactly', () => {
    expect(() => readActionInputs('inputs:\n  a:\n    default: |\n      x\n')).toThrow(/block scalars/)
    expect(() => readActionInputs('inputs:\n  a:\n    default: ${{ github.token }}\n')).toThrow(/expression/)
  })

  it('sets every declared input, default or empty, and warns on an undeclared one as the runner does', async () => {
    const actionYml = join(fixtures, 'action.yml')
    await writeFile(actionYml, ACTION_YML)
    const entry = await fixture(
      'inputs-dump.mjs',
      `console.log(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('INPUT_')))))`,
    )
    await withRun({ entry, actionYml, inputs: { mode: 'given', typo: '1' } }, (r) => {
      expect(JSON.parse(r.rawStdout)).toEqual({
        INPUT_TOKEN: '',
        INPUT_MODE: 'given',
        INPUT_FLAG: 'false',
        INPUT_QUOTED: 'a"b',
        INPUT_SPACED_NAME: 'x',
        INPUT_TYPO: '1',
      })
      expect(r.log[0]).toBe(
        "##[warning]Unexpected input(s) 'typo', valid inputs are ['token', 'mode', 'flag', 'quoted', 'spaced name']",
      )
    })
  })

  it("reads the project's own action.yml, which runAction applies by default", async () => {
    const repoActionYml = fileURLToPath(new URL('../../action.yml', import.meta.url))
    const inputs = readActionInputs(await readFile(repoActionYml, 'utf8'))
    expect(inputs.map((i) => i.name)).toContain('claude-code-oauth-token')
  })
})

// scripts/with-node24.mjs sets TEST_NODE_BINARY to the Node 24 that GitHub runs actions on.
const node24 = process.env.TEST_NODE_BINARY
const itWithNode24 = node24 ? it : it.skip

describe('runAction with another node binary', () => {
  itWithNode24('runs the entry under TEST_NODE_BINARY', async () => {
    const entry = await fixture(
      'version.mjs',
      `console.log('::add-mask::node24-secret'); console.log(process.version + ' node24-secret')`,
    )
    await withRun({ entry, nodeBinary: node24 as string }, (r) => {
      expect(r.log).toHaveLength(1)
      expect(r.log[0]).toMatch(/^v24\.\d+\.\d+ \*\*\*$/)
    })
  })
})

describe('findUnmaskedSecrets', () => {
  it('reports unpadded base64, lines of a multi-line value, summary lines and annotation titles', async () => {
    const multi = 'multi-first-line-value\nmulti-second-line-value'
    const entry = await fixture(
      'leaks.mjs',
      `import { appendFileSync } from 'node:fs'
const s = 'leak-check-secret-42'
console.log('::add-mask::' + s)
console.log('::add-mask::' + ${JSON.stringify(multi)}.replace(/\\n/g, '%0A'))
console.log(Buffer.from(s).toString('base64').replace(/=+$/, '') + '.suffix')
console.log('multi-second-line-value')
console.log('::warning title=' + s + '::ok')
appendFileSync(process.env.GITHUB_STEP_SUMMARY, ${JSON.stringify(multi)} + '\\n')`,
    )
    await withRun({ entry }, (r) => {
      const findings = findUnmaskedSecrets(r, ['leak-check-secret-42', multi])
      expect(findings).toEqual([
        expect.stringMatching(/^log\[0\]: base64 without padding \(byte offset 0.*secret #0/),
        expect.stringMatching(/^annotations\[0\]\.title: verbatim of secret #0/),
        expect.stringMatching(/^log\[1\]: line 2 of the multi-line value of secret #1/),
        expect.stringMatching(/^summary line 1: line 1 of the multi-line value of secret #1/),
        expect.stringMatching(/^summary line 2: line 2 of the multi-line value of secret #1/),
      ])
      expect(findings.join('\n')).not.toContain('leak-check-secret-42')
    })
  })
})
