// Real workflows, as a new user changes them: this action's step inserted before the first
// Claude step, given the same secret (and base URL, and provider values) as that step. The
// same expression, or the same literal, is the same value for every variable the action
// compares (issue 18, point 2); a Claude action's `settings` input is the settings file it
// becomes, named as that input (facts §3, §9). Each case is a workflow file run through the
// built action; lines are counted by hand.

import { describe, expect, test } from '@jest/globals'

import { expectCleanRun, expectTitles, inScenario, oauthToken, type ScenarioRun, workflowWith } from './fixtures.js'

const FILE = '.github/workflows/claude.yml'
const TOKEN = '${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}'
const BASE = '${{ secrets.ANTHROPIC_BASE_URL }}'

interface Later {
  step: string
  line: number
  'runs-claude': boolean
  verdict: string
}

const later = (run: ScenarioRun): Later[] => JSON.parse(run.result.outputs['later-steps'] ?? 'null') as Later[]

async function judged(inputs: Record<string, string>, text: string, secrets: string[], check: (run: ScenarioRun) => void, env: Record<string, string> = {}): Promise<void> {
  await inScenario({ inputs, env, workflow: { text } }, (run) => {
    expectCleanRun(run, { secrets, maskedFirst: secrets })
    check(run)
  })
}

describe('the same base URL', () => {
  // Lines 1-11: checkout, then this action with the token and the base URL. Later steps start on line 12.
  const head = (base: string) => workflowWith({ 'claude-code-oauth-token': TOKEN, 'anthropic-base-url': base }, '')

  test.concurrent('a Claude action step whose env sets ANTHROPIC_BASE_URL with the same expression: no conflict', async () => {
    const token = oauthToken('same/base/action')
    const text = `${head(BASE)}      - name: Claude
        uses: anthropics/claude-code-action@v1
        env:
          ANTHROPIC_BASE_URL: ${BASE}
        with:
          claude_code_oauth_token: ${TOKEN}
`
    await judged({ 'claude-code-oauth-token': token, 'anthropic-base-url': 'https://llm.internal.example.com' }, text, [token], (run) => {
      expect(run.result.exitCode).toBe(0)
      expectTitles(run.result, {})
      expect(later(run)).toEqual([{ step: 'Claude', line: 12, 'runs-claude': true, verdict: 'ok' }])
    })
  })

  test.concurrent('a `claude -p` step whose env sets ANTHROPIC_BASE_URL from the same `vars.` expression, spaced differently: no conflict', async () => {
    const token = oauthToken('same/base/vars')
    const text = `${head('${{ vars.GATEWAY_URL }}')}      - name: Review
        run: claude -p "review"
        env:
          CLAUDE_CODE_OAUTH_TOKEN: ${TOKEN}
          ANTHROPIC_BASE_URL: \${{vars.GATEWAY_URL}}
`
    await judged({ 'claude-code-oauth-token': token, 'anthropic-base-url': 'https://llm.internal.example.com' }, text, [token], (run) => {
      expect(run.result.exitCode).toBe(0)
      expectTitles(run.result, {})
      expect(later(run)).toEqual([{ step: 'Review', line: 12, 'runs-claude': true, verdict: 'ok' }])
    })
  })

  test.concurrent('another expression for the base URL still redirects, and the fix offers the same value as `anthropic-base-url`, not a secret', async () => {
    const token = oauthToken('same/base/other')
    const text = `${head(BASE)}      - name: Review
        run: claude -p "review"
        env:
          ANTHROPIC_BASE_URL: \${{ secrets.OTHER_URL }}
`
    await judged({ 'claude-code-oauth-token': token, 'anthropic-base-url': 'https://llm.internal.example.com' }, text, [token], (run) => {
      expect(run.result.exitCode).toBe(1)
      expectTitles(run.result, { error: ['Step "Review": ANTHROPIC_BASE_URL redirects requests'] })
      const annotation = run.result.annotations[0]!
      expect(annotation.properties.line).toBe('15')
      expect(annotation.message).toContain("or give it and this action's `anthropic-base-url` input the same value")
      expect(annotation.message).not.toContain('same secret')
    })
  })
})

describe('the same literal', () => {
  test.concurrent('a dummy key for a local router given to both steps is the same key, not another one', async () => {
    const text = workflowWith({ 'anthropic-api-key': '"any-string-is-ok"', 'anthropic-base-url': 'http://localhost:3456' }, `      - name: Claude
        uses: anthropics/claude-code-action@v1
        env:
          ANTHROPIC_BASE_URL: http://localhost:3456
        with:
          anthropic_api_key: "any-string-is-ok"
`)
    await judged({ 'anthropic-api-key': 'any-string-is-ok', 'anthropic-base-url': 'http://localhost:3456' }, text, [], (run) => {
      expect(run.result.exitCode).toBe(0)
      expect(titles(run).error).toEqual([])
      expect(later(run)).toEqual([{ step: 'Claude', line: 12, 'runs-claude': true, verdict: 'ok' }])
    })
  })
})

describe('an expression on what this action knows is judged by its value', () => {
  // Lines 1-10: checkout, then this action with the OAuth token. The Claude step is on line 11.
  const head = workflowWith({ 'claude-code-oauth-token': TOKEN }, '')
  const step = (apiKeyInput: string) => `${head}      - name: Claude
        uses: anthropics/claude-code-action@v1
        with:
          claude_code_oauth_token: ${TOKEN}
          anthropic_api_key: ${apiKeyInput}
`

  test.concurrent("the API key only when the token is empty: with this action's token set it is '', so only the token is sent", async () => {
    const token = oauthToken('same/decided/empty')
    await judged({ 'claude-code-oauth-token': token }, step("${{ secrets.CLAUDE_CODE_OAUTH_TOKEN == '' && secrets.ANTHROPIC_API_KEY || '' }}"), [token], (run) => {
      expect(run.result.exitCode).toBe(0)
      expectTitles(run.result, {})
      expect(later(run)).toEqual([{ step: 'Claude', line: 11, 'runs-claude': true, verdict: 'ok' }])
    })
  })

  test.concurrent('the other way round (the key when the token is set) is a key next to the token: still a conflict', async () => {
    const token = oauthToken('same/decided/key')
    await judged({ 'claude-code-oauth-token': token }, step("${{ secrets.CLAUDE_CODE_OAUTH_TOKEN != '' && secrets.ANTHROPIC_API_KEY || '' }}"), [token], (run) => {
      expect(run.result.exitCode).toBe(1)
      expectTitles(run.result, { error: ['Step "Claude": ANTHROPIC_API_KEY would be sent instead of your OAuth token'] })
    })
  })

  test.concurrent('an expression on a secret this action does not know stays unknown: a conflict, as before', async () => {
    const token = oauthToken('same/decided/unknown')
    await judged({ 'claude-code-oauth-token': token }, step("${{ secrets.USE_KEY == '' && secrets.ANTHROPIC_API_KEY || '' }}"), [token], (run) => {
      expect(run.result.exitCode).toBe(1)
      expectTitles(run.result, { error: ['Step "Claude": ANTHROPIC_API_KEY would be sent instead of your OAuth token'] })
    })
  })

  test.concurrent("`secrets.CLAUDE_CODE_OAUTH_TOKEN || secrets.FALLBACK` is this action's token: the same value", async () => {
    const token = oauthToken('same/decided/or')
    const text = `${head}      - name: Review
        run: claude -p "review"
        env:
          CLAUDE_CODE_OAUTH_TOKEN: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN || secrets.FALLBACK_TOKEN }}
`
    await judged({ 'claude-code-oauth-token': token }, text, [token], (run) => {
      expect(run.result.exitCode).toBe(0)
      expectTitles(run.result, {})
    })
  })
})

describe("the Claude action's `settings` input", () => {
  // Lines 1-10: checkout, then this action with the OAuth token. Later steps start on line 11.
  const head = workflowWith({ 'claude-code-oauth-token': TOKEN }, '')

  test.concurrent('inline JSON whose env holds the same secret as the credential, and the same base URL: no conflict', async () => {
    const token = oauthToken('same/settings/inline')
    const text = `${head}      - name: Claude
        uses: anthropics/claude-code-action@v1
        with:
          claude_code_oauth_token: ${TOKEN}
          settings: |
            {"env": {"CLAUDE_CODE_OAUTH_TOKEN": "${TOKEN}", "DISABLE_TELEMETRY": "1"}}
`
    await judged({ 'claude-code-oauth-token': token }, text, [token], (run) => {
      expect(run.result.exitCode).toBe(0)
      expectTitles(run.result, {})
      expect(later(run)).toEqual([{ step: 'Claude', line: 11, 'runs-claude': true, verdict: 'ok' }])
    })
  })

  test.concurrent('inline JSON whose env sets another key: named as the `settings` input of the step, at its line, never the user settings', async () => {
    const token = oauthToken('same/settings/other')
    const text = `${head}      - name: Claude
        uses: anthropics/claude-code-action@v1
        with:
          settings: '{"env": {"ANTHROPIC_API_KEY": "\${{ secrets.ANTHROPIC_API_KEY }}"}}'
`
    await judged({ 'claude-code-oauth-token': token }, text, [token], (run) => {
      expect(run.result.exitCode).toBe(1)
      expectTitles(run.result, { error: ['Step "Claude": ANTHROPIC_API_KEY would be sent instead of your OAuth token'] })
      const annotation = run.result.annotations[0]!
      expect({ file: annotation.file, line: annotation.properties.line }).toEqual({ file: FILE, line: '14' })
      expect(annotation.message).toContain('ANTHROPIC_API_KEY in the `settings` input of step "Claude" would be sent instead of your OAuth token.')
      expect(annotation.message).toContain('Where: the `env` block of the `settings` input of step "Claude" (.github/workflows/claude.yml line 14).')
      expect(annotation.message).toContain('Fix: remove `ANTHROPIC_API_KEY` from the `env` block of the `settings` input of step "Claude"')
      expect(annotation.message).not.toContain('same secret')
      expect(run.result.summary).not.toContain('user settings')
      expect(annotation.message).not.toContain('user settings')
    })
  })

  test.concurrent('a settings file named by the input: its env block applies, named as the input and the file', async () => {
    const token = oauthToken('same/settings/file')
    const text = `${head}      - name: Claude
        uses: anthropics/claude-code-action@v1
        with:
          settings: .github/claude-settings.json
`
    const settings = '{\n  "env": {\n    "CLAUDE_CODE_USE_BEDROCK": "1"\n  }\n}\n'
    await inScenario({ inputs: { 'claude-code-oauth-token': token }, workflow: { text }, workspaceFiles: { '.github/claude-settings.json': settings } }, (run) => {
      expectCleanRun(run, { secrets: [token], maskedFirst: [token] })
      expect(run.result.exitCode).toBe(1)
      expectTitles(run.result, { error: ['Step "Claude": CLAUDE_CODE_USE_BEDROCK routes to Amazon Bedrock'] })
      const annotation = run.result.annotations[0]!
      expect(annotation.message).toContain('Where: the `env` block of the `settings` input of step "Claude" (.github/workflows/claude.yml line 14, the file .github/claude-settings.json line 3).')
      expect(annotation.message).not.toContain('user settings')
    })
  })
})

const titles = (run: ScenarioRun) => ({ error: run.result.annotations.filter((a) => a.level === 'error').map((a) => a.title) })


