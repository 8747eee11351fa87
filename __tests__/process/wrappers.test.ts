// Claude behind a wrapper is still Claude (issue 18.7): a later step that starts Claude Code
// through another command is judged like a direct `claude` call, with the environment the
// wrapper passes on (`sudo` without `-E`, `env -i` and gh-aw's `awf` without `--env-all`
// clear it). Where the command inside cannot be read, the step is depends-on: a warning that
// names it, never "info", never a failure. Each case is a workflow run through the built
// action; with the two-line header of workflowWith, later steps start on line 11.

import { describe, expect, test } from '@jest/globals'

import { conflictTitle, expectCleanRun, inScenario, inputsFor, oauthToken, type ScenarioRun, workflowWith } from './fixtures.js'

const FILE = '.github/workflows/claude.yml'
const INPUTS = { 'claude-code-oauth-token': '${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}' }

/** A later step "Run" (line 11) with `run:` on line 12 and a second credential in its env on line 14. */
const withKey = (run: string) =>
  workflowWith(INPUTS, `      - name: Run
        run: ${run}
        env:
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
`)
const plain = (run: string, env = '') => workflowWith(INPUTS, `      - name: Run
        run: |
          ${run}
${env}`)

async function judged(text: string, check: (run: ScenarioRun) => void): Promise<void> {
  const credential = oauthToken(`wrappers/${text.length}/${text.slice(-40)}`)
  await inScenario({ inputs: inputsFor('oauth-token', credential), workflow: { text } }, (run) => {
    expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
    expect(run.result.annotations.map((a) => a.title)).not.toContain('Internal error')
    check(run)
  })
}

const verdicts = (run: ScenarioRun) => (JSON.parse(run.result.outputs['later-steps'] ?? 'null') as { step: string; verdict: string }[]).map((s) => s.verdict)

const WRAPPED: [string, string][] = [
  ['bash -c', `bash -c 'claude -p "review"'`],
  ['sh -c', `sh -c "claude -p review"`],
  ['bash -ec after options', `/bin/bash -o pipefail -ec 'cd src && claude -p review'`],
  ['sudo -E', 'sudo -E claude -p review'],
  ['timeout', 'timeout 600 claude -p review'],
  ['xargs', 'echo review | xargs -I{} claude -p {}'],
  ['expect -c spawn', `expect -c "spawn npx @anthropic-ai/claude-code -p review; expect eof"`],
  ['awf --env-all (gh-aw)', `sudo -E awf --env-all --container-workdir /w --log-level info -- /bin/bash -c 'claude --print review'`],
  ['npx -y', 'npx -y @anthropic-ai/claude-code -p review'],
  ['bunx', 'bunx @anthropic-ai/claude-code -p review'],
  ['pnpm dlx', 'pnpm dlx @anthropic-ai/claude-code -p review'],
]

describe('a second credential reaches Claude Code behind a wrapper: a certain conflict', () => {
  test.each(WRAPPED)('%s', async (_, run) => {
    await judged(withKey(run), ({ result }) => {
      expect(result.exitCode).toBe(1)
      const errors = result.annotations.filter((a) => a.level === 'error')
      expect(errors.map((a) => a.title)).toEqual([`Step "Run": ${conflictTitle('ANTHROPIC_API_KEY', 'instead', 'oauth-token')}`])
      expect({ file: errors[0]!.file, line: errors[0]!.properties.line }).toEqual({ file: FILE, line: '14' })
      expect(verdicts({ result } as ScenarioRun)).toEqual(['conflict'])
    })
  })

  test.each(WRAPPED)('%s, without it: ok', async (_, run) => {
    await judged(plain(run), (r) => {
      expect(r.result.exitCode).toBe(0)
      expect(verdicts(r)).toEqual(['ok'])
    })
  })
})

describe('a wrapper that clears the environment leaves Claude Code without the token', () => {
  test.each([
    ['sudo (no -E)', 'sudo claude -p review'],
    ['env -i', 'env -i PATH=/usr/bin claude -p review'],
    ['awf without --env-all', `awf --container-workdir /w -- claude --print review`],
    ['sudo bash -c', `sudo bash -c 'claude -p review'`],
  ])('%s', async (_, run) => {
    await judged(plain(run), (r) => {
      expect(r.result.exitCode).toBe(1)
      expect(r.result.annotations.filter((a) => a.level === 'error')).toHaveLength(1)
      expect(verdicts(r)).toEqual(['conflict'])
    })
  })

  test('sudo --preserve-env=CLAUDE_CODE_OAUTH_TOKEN keeps it: ok', async () => {
    await judged(plain('sudo --preserve-env=CLAUDE_CODE_OAUTH_TOKEN claude -p review'), (r) => {
      expect(r.result.exitCode).toBe(0)
      expect(verdicts(r)).toEqual(['ok'])
    })
  })
})

describe('a command inside that cannot be read is depends-on', () => {
  test.each([
    ['bash -c "$CMD"', `bash -c "$CMD"`, '        env:\n          CMD: claude -p review\n', 'bash -c $CMD'],
    ['"$RUNNER" claude', `"$RUNNER" claude --print review`, '', '$RUNNER claude --print'],
    ['node harness.cjs claude', `node ./harness.cjs claude --print review`, '', 'node ./harness.cjs claude'],
  ])('%s', async (_, run, env, command) => {
    await judged(plain(run, env), ({ result }) => {
      expect(result.exitCode).toBe(0)
      const warning = result.annotations.find((a) => a.level === 'warning')!
      expect(warning.title).toBe('Step "Run" not read')
      expect(warning.message).toContain(`Depends on: what \`${command}\` in step "Run" runs.`)
      expect(JSON.parse(result.outputs['later-steps'] ?? 'null')).toEqual([{ step: 'Run', line: 11, 'runs-claude': true, verdict: 'depends' }])
    })
  })
})

describe("gh-aw's awf --exclude-env", () => {
  test('an excluded ANTHROPIC_API_KEY is still sent (gh-aw adds it through its API proxy): the conflict stays', async () => {
    await judged(withKey(`sudo -E awf --env-all --exclude-env ANTHROPIC_API_KEY --exclude-env ACTIONS_ID_TOKEN_REQUEST_TOKEN -- /bin/bash -c 'claude --print review'`), ({ result }) => {
      expect(result.exitCode).toBe(1)
      expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.title)).toEqual([`Step "Run": ${conflictTitle('ANTHROPIC_API_KEY', 'instead', 'oauth-token')}`])
    })
  })
})

describe('what this check cannot read around Claude Code', () => {
  test('a script sourced before claude may change its environment: the conflict is depends-on', async () => {
    await judged(withKey('. scripts/llm-gateway.sh && claude -p review'), ({ result }) => {
      expect(result.exitCode).toBe(0)
      const warning = result.annotations.find((a) => a.level === 'warning')!
      expect(warning.title).toBe(`Step "Run": ${conflictTitle('ANTHROPIC_API_KEY', 'instead', 'oauth-token')}`)
      expect(warning.message).toContain('Depends on: what `. scripts/llm-gateway.sh` in step "Run" sets.')
      expect(verdicts({ result } as ScenarioRun)).toEqual(['depends'])
    })
  })
  test('an action other than the known Claude actions that names Claude: depends-on, not information', async () => {
    const text = workflowWith(INPUTS, `      - name: Run
        uses: someone/ai-workflows/.github/actions/run-claude-code@main
        with:
          anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
`)
    await judged(text, ({ result }) => {
      expect(result.exitCode).toBe(0)
      const warning = result.annotations.find((a) => a.level === 'warning')!
      expect(warning.message).toContain('Depends on: what `someone/ai-workflows/.github/actions/run-claude-code@main` in step "Run" runs.')
      expect(verdicts({ result } as ScenarioRun)).toEqual(['depends'])
    })
  })
})
