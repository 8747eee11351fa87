// The very expression this action's input is written with has, in a later step, the value that
// input arrived with (issue 18, points 2 and 4): real workflows pick the credential in an earlier
// step (`steps.provider.outputs…`) and write the same choice into every step. An input that
// arrived empty is empty there too, so the later key it guards is no conflict; an expression
// that reads what can still change (a later step's outputs) stays unknown. Lines counted by hand.

import { describe, expect, test } from '@jest/globals'

import { expectCleanRun, inScenario, oauthToken, type ScenarioRun, workflowWith } from './fixtures.js'

const TOKEN = "${{ steps.provider.outputs.provider == '' && secrets.CLAUDE_CODE_OAUTH_TOKEN || '' }}"
const KEY = "${{ steps.provider.outputs.provider != '' && secrets.PROVIDER_API_KEY || '' }}"

const errors = (run: ScenarioRun) => run.result.annotations.filter((a) => a.level === 'error').map((a) => a.title)
const later = (run: ScenarioRun) => (JSON.parse(run.result.outputs['later-steps'] ?? 'null') as { step: string; verdict: string }[]).map((l) => `${l.step}: ${l.verdict}`)

async function judged(inputs: Record<string, string>, text: string, secrets: string[], check: (run: ScenarioRun) => void): Promise<void> {
  await inScenario({ inputs, workflow: { text } }, (run) => {
    expectCleanRun(run, { secrets, maskedFirst: secrets })
    check(run)
  })
}

describe("this action's own inputs: the same expression, the same value", () => {
  test.concurrent('the key input arrived empty: the Claude step given the same expression sends the token alone (no conflict)', async () => {
    const token = oauthToken('own-inputs/empty-key')
    const text = `${workflowWith({ 'claude-code-oauth-token': TOKEN, 'anthropic-api-key': KEY }, '')}      - name: Claude
        uses: anthropics/claude-code-action@v1
        with:
          claude_code_oauth_token: ${TOKEN}
          anthropic_api_key: ${KEY}
`
    await judged({ 'claude-code-oauth-token': token, 'anthropic-api-key': '' }, text, [token], (run) => {
      expect(errors(run)).toEqual([])
      expect(run.result.exitCode).toBe(0)
      expect(later(run)).toEqual(['Claude: ok'])
    })
  })

  test.concurrent('the same choice read from a step that runs later is not known here: a depends-on warning, not a failure', async () => {
    const token = oauthToken('own-inputs/later-step')
    const laterKey = "${{ steps.pick.outputs.provider != '' && secrets.PROVIDER_API_KEY || '' }}"
    const text = `${workflowWith({ 'claude-code-oauth-token': TOKEN, 'anthropic-api-key': laterKey }, '')}      - id: pick
        run: echo "provider=" >> "$GITHUB_OUTPUT"
      - name: Claude
        uses: anthropics/claude-code-action@v1
        with:
          claude_code_oauth_token: ${TOKEN}
          anthropic_api_key: ${laterKey}
`
    await judged({ 'claude-code-oauth-token': token, 'anthropic-api-key': '' }, text, [token], (run) => {
      expect(errors(run)).toEqual([])
      expect(run.result.exitCode).toBe(0)
      expect(later(run)).toEqual(['Claude: depends'])
    })
  })

  test.concurrent('another key expression than the input is still a certain conflict', async () => {
    const token = oauthToken('own-inputs/other-key')
    const text = `${workflowWith({ 'claude-code-oauth-token': TOKEN, 'anthropic-api-key': KEY }, '')}      - name: Claude
        uses: anthropics/claude-code-action@v1
        with:
          claude_code_oauth_token: ${TOKEN}
          anthropic_api_key: \${{ secrets.PROVIDER_API_KEY }}
`
    await judged({ 'claude-code-oauth-token': token, 'anthropic-api-key': '' }, text, [token], (run) => {
      expect(run.result.exitCode).toBe(1)
      expect(later(run)).toEqual(['Claude: conflict'])
    })
  })
})
