// A tool that starts Claude Code itself (dagster-io/erk's `erk exec run-review`, from the corpus):
// no step of the job visibly runs `claude`, but one gives its script Claude Code's credentials in
// its own `env:`. That step is judged as the `claude` it starts (issue 18, point 7): a second
// credential there is a certain conflict, not a line of information. Lines counted by hand.

import { describe, expect, test } from '@jest/globals'

import { expectCleanRun, inScenario, oauthToken, type ScenarioRun, workflowWith } from './fixtures.js'

const TOKEN = '${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}'
const later = (run: ScenarioRun) => (JSON.parse(run.result.outputs['later-steps'] ?? 'null') as { step: string; verdict: string }[]).map((l) => `${l.step}: ${l.verdict}`)

async function judged(text: string, token: string, check: (run: ScenarioRun) => void): Promise<void> {
  await inScenario({ inputs: { 'claude-code-oauth-token': token }, workflow: { text } }, (run) => {
    expectCleanRun(run, { secrets: [token], maskedFirst: [token] })
    check(run)
  })
}

describe('a script given Claude Code credentials is the Claude step', () => {
  test.concurrent('its env also sets ANTHROPIC_API_KEY: certain conflict, the job fails', async () => {
    const token = oauthToken('wrapper/both')
    const text = `${workflowWith({ 'claude-code-oauth-token': TOKEN }, '')}      - name: Review
        run: erk exec run-review --name code-review
        env:
          CLAUDE_CODE_OAUTH_TOKEN: ${TOKEN}
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
`
    await judged(text, token, (run) => {
      expect(run.result.exitCode).toBe(1)
      expect(later(run)).toEqual(['Review: conflict'])
    })
  })

  test.concurrent('its env gives the same token alone: ok', async () => {
    const token = oauthToken('wrapper/alone')
    const text = `${workflowWith({ 'claude-code-oauth-token': TOKEN }, '')}      - name: Review
        run: erk exec run-review --name code-review
        env:
          CLAUDE_CODE_OAUTH_TOKEN: ${TOKEN}
`
    await judged(text, token, (run) => {
      expect(run.result.exitCode).toBe(0)
      expect(later(run)).toEqual(['Review: ok'])
    })
  })

  test.concurrent('a job whose later step visibly runs claude: the credential-only step stays information', async () => {
    const token = oauthToken('wrapper/visible')
    const text = `${workflowWith({ 'claude-code-oauth-token': TOKEN }, '')}      - name: Prepare
        run: ./prepare.sh
        env:
          ANTHROPIC_AUTH_TOKEN: \${{ secrets.GATEWAY }}
      - name: Claude
        run: claude -p "review"
`
    await judged(text, token, (run) => {
      expect(run.result.exitCode).toBe(0)
      expect(later(run)).toEqual(['Prepare: info', 'Claude: ok'])
    })
  })
})
