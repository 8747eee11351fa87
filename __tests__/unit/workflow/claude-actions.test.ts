import { claudeActionStep, claudeArgsWords, KNOWN_CLAUDE_ACTIONS, knownClaudeAction, releaseOf } from '../../../src/scan/workflow/claude-actions.js'
import type { Assignment, ClaudeActionVariable } from '../../../src/scan/workflow/model.js'
import { workflowValue } from '../../../src/scan/workflow/values.js'

const inputs = (entries: Record<string, [string, number]>): Record<string, Assignment> =>
  Object.fromEntries(Object.entries(entries).map(([name, [text, line]]) => [name, { name, value: workflowValue(text), line }]))
const variable = (env: ClaudeActionVariable[], name: string) => env.find((v) => v.name === name)

describe('knownClaudeAction', () => {
  test.each([
    ['anthropics/claude-code-action@v1', 'anthropics/claude-code-action', 'v1'],
    ['Anthropics/Claude-Code-Action@main', 'anthropics/claude-code-action', 'main'],
    ['anthropics/claude-code-action/base-action@v1', 'anthropics/claude-code-action/base-action', 'v1'],
    ['anthropics/claude-code-base-action@beta', 'anthropics/claude-code-base-action', 'beta'],
  ])('%s', (uses, action, ref) => {
    expect(knownClaudeAction(uses)).toMatchObject({ known: { action }, ref })
  })

  test('other actions and malformed uses are not known', () => {
    expect(knownClaudeAction('actions/checkout@v4')).toBeUndefined()
    expect(knownClaudeAction('anthropics/claude-code-action')).toBeUndefined()
    expect(knownClaudeAction('anthropics/claude-code-action/other@v1')).toBeUndefined()
  })
})

describe('claude-code-action (main)', () => {
  test('anthropic_api_key given: the CLI gets it, falling back to the step environment when it is empty', () => {
    const step = claudeActionStep('anthropics/claude-code-action@v1', inputs({ anthropic_api_key: ['${{ secrets.KEY }}', 12] }), 10)!
    expect(variable(step.env, 'ANTHROPIC_API_KEY')).toEqual({
      name: 'ANTHROPIC_API_KEY',
      value: { kind: 'expression', text: '${{ secrets.KEY }}', refs: ['secrets.KEY'] },
      line: 12,
      input: 'anthropic_api_key',
      orEnv: true,
    })
  })

  test('no credential input: ANTHROPIC_API_KEY and CLAUDE_CODE_OAUTH_TOKEN come from the step environment', () => {
    const step = claudeActionStep('anthropics/claude-code-action@v1', {}, 10)!
    expect(variable(step.env, 'ANTHROPIC_API_KEY')).toEqual({ name: 'ANTHROPIC_API_KEY', value: { kind: 'from-env' }, line: 10, input: 'anthropic_api_key', orEnv: true })
    expect(variable(step.env, 'CLAUDE_CODE_OAUTH_TOKEN')).toEqual({
      name: 'CLAUDE_CODE_OAUTH_TOKEN',
      value: { kind: 'from-env' },
      line: 10,
      input: 'claude_code_oauth_token',
      orEnv: true,
    })
  })

  test("an input given as '' also falls back to the environment", () => {
    const step = claudeActionStep('anthropics/claude-code-action@v1', inputs({ claude_code_oauth_token: ['', 14] }), 10)!
    expect(variable(step.env, 'CLAUDE_CODE_OAUTH_TOKEN')).toEqual({
      name: 'CLAUDE_CODE_OAUTH_TOKEN',
      value: { kind: 'from-env' },
      line: 14,
      input: 'claude_code_oauth_token',
      orEnv: true,
    })
  })

  test("use_bedrock: 'true' (any case) gives 1, 'false' and absent give empty; an expression is kept and marked flag", () => {
    const step = claudeActionStep(
      'anthropics/claude-code-action@v1',
      inputs({ use_bedrock: ['TRUE', 11], use_vertex: ['false', 12], use_foundry: ['${{ vars.FOUNDRY }}', 13] }),
      10,
    )!
    expect(['CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_USE_VERTEX', 'CLAUDE_CODE_USE_FOUNDRY'].map((n) => variable(step.env, n))).toEqual([
      { name: 'CLAUDE_CODE_USE_BEDROCK', value: { kind: 'literal', text: '1' }, line: 11, input: 'use_bedrock', flag: true },
      { name: 'CLAUDE_CODE_USE_VERTEX', value: { kind: 'literal', text: '' }, line: 12, input: 'use_vertex', flag: true },
      { name: 'CLAUDE_CODE_USE_FOUNDRY', value: { kind: 'expression', text: '${{ vars.FOUNDRY }}', refs: ['vars.FOUNDRY'] }, line: 13, input: 'use_foundry', flag: true },
    ])
    expect(variable(claudeActionStep('anthropics/claude-code-action@v1', {}, 10)!.env, 'CLAUDE_CODE_USE_BEDROCK')!.value).toEqual({ kind: 'literal', text: '' })
  })

  test('federation inputs map to their variables; absent ones are set empty by the action', () => {
    const step = claudeActionStep('anthropics/claude-code-action@v1', inputs({ anthropic_federation_rule_id: ['fdrl_x', 11], anthropic_organization_id: ['${{ vars.ORG }}', 12] }), 10)!
    expect(variable(step.env, 'ANTHROPIC_FEDERATION_RULE_ID')).toEqual({
      name: 'ANTHROPIC_FEDERATION_RULE_ID',
      value: { kind: 'literal', text: 'fdrl_x' },
      line: 11,
      input: 'anthropic_federation_rule_id',
    })
    expect(variable(step.env, 'ANTHROPIC_ORGANIZATION_ID')!.value).toEqual({ kind: 'expression', text: '${{ vars.ORG }}', refs: ['vars.ORG'] })
    expect(variable(step.env, 'ANTHROPIC_SERVICE_ACCOUNT_ID')).toEqual({
      name: 'ANTHROPIC_SERVICE_ACCOUNT_ID',
      value: { kind: 'literal', text: '' },
      line: 10,
      input: 'anthropic_service_account_id',
      blanked: true,
    })
  })

  test('provider variables and the base URL pass through from the step environment', () => {
    const env = claudeActionStep('anthropics/claude-code-action@v1', {}, 10)!.env
    for (const name of ['ANTHROPIC_BASE_URL', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_BEARER_TOKEN_BEDROCK', 'ANTHROPIC_VERTEX_PROJECT_ID', 'CLOUD_ML_REGION', 'GOOGLE_APPLICATION_CREDENTIALS', 'ANTHROPIC_FOUNDRY_RESOURCE']) {
      expect(variable(env, name)).toEqual({ name, value: { kind: 'from-env' }, line: 10 })
    }
    expect(variable(env, 'ANTHROPIC_AUTH_TOKEN')).toBeUndefined()
  })

  test('input names ignore case, as the runner does', () => {
    const step = claudeActionStep('anthropics/claude-code-action@v1', inputs({ Anthropic_API_Key: ['k', 11] }), 10)!
    expect(variable(step.env, 'ANTHROPIC_API_KEY')!.value).toEqual({ kind: 'literal', text: 'k' })
  })

  test('settings and claude_args: --bare and --settings in the args, comment lines dropped', () => {
    const step = claudeActionStep(
      'anthropics/claude-code-action@v1',
      inputs({ settings: ['.claude/ci.json', 11], claude_args: ["--max-turns 3\n# --bare\n--bare --settings '{\"a\":1}'", 12] }),
      10,
    )!
    expect(step).toMatchObject({
      action: 'anthropics/claude-code-action',
      ref: 'v1',
      settings: { name: 'settings', value: { kind: 'literal', text: '.claude/ci.json' }, line: 11 },
      args: ['--max-turns', '3', '--bare', '--settings', '{"a":1}'],
      bare: true,
      settingsFlag: '{"a":1}',
    })
  })

  test('an empty settings input is no settings', () => {
    expect(claudeActionStep('anthropics/claude-code-action@v1', inputs({ settings: ['', 11] }), 10)!.settings).toBeUndefined()
  })
})

describe('base action', () => {
  test.each(['anthropics/claude-code-action/base-action@v1', 'anthropics/claude-code-base-action@beta'])(
    '%s: without the input, ANTHROPIC_API_KEY is set empty (unset for the CLI), with no fallback to the environment',
    (uses) => {
      const env = claudeActionStep(uses, {}, 10)!.env
      expect(variable(env, 'ANTHROPIC_API_KEY')).toEqual({ name: 'ANTHROPIC_API_KEY', value: { kind: 'literal', text: '' }, line: 10, input: 'anthropic_api_key', blanked: true })
      expect(variable(env, 'CLAUDE_CODE_OAUTH_TOKEN')).toEqual({
        name: 'CLAUDE_CODE_OAUTH_TOKEN',
        value: { kind: 'literal', text: '' },
        line: 10,
        input: 'claude_code_oauth_token',
        blanked: true,
      })
    },
  )

  test('with the input, no orEnv mark', () => {
    const env = claudeActionStep('anthropics/claude-code-action/base-action@v1', inputs({ anthropic_api_key: ['${{ secrets.K }}', 11] }), 10)!.env
    expect(variable(env, 'ANTHROPIC_API_KEY')).toEqual({
      name: 'ANTHROPIC_API_KEY',
      value: { kind: 'expression', text: '${{ secrets.K }}', refs: ['secrets.K'] },
      line: 11,
      input: 'anthropic_api_key',
    })
  })
})

test('claudeArgsWords drops whole comment lines only', () => {
  expect(claudeArgsWords('  # --bare\n--model x # y')).toEqual(['--model', 'x'])
})

describe("releases, read from each ref's action.yml", () => {
  // Expected by hand from `git show <ref>:action.yml` (see claude-actions.ts for the commits).
  const main = KNOWN_CLAUDE_ACTIONS.find((k) => k.action === 'anthropics/claude-code-action')!
  test.each([
    ['v1.0.145', { name: 'v1.0.145', envFallback: false, known: true }],
    ['v1.0.146', { name: 'v1.0.146', envFallback: true, known: true }],
    ['v1', { name: 'v1', envFallback: true, known: true }],
    ['beta', { name: 'beta', envFallback: false, known: true }],
    ['eap', { name: 'eap', envFallback: false, known: true }],
    ['v0.0.12', { name: 'v0.0.12', envFallback: false, known: true }],
    ['0cb4f3e5e764d2e00407d29b6bf0aa9df0976d88', { name: 'v1.0.146', envFallback: true, known: true, pinned: '0cb4f3e5e764d2e00407d29b6bf0aa9df0976d88' }],
    // The annotated tag object of v1.0.182 (`git for-each-ref refs/tags`), pinned in a real workflow; its commit is e0cf66d.
    ['80c86e6b3cc02993f6c493655003f711315c83d7', { name: 'v1.0.182', envFallback: true, known: true, pinned: '80c86e6b3cc02993f6c493655003f711315c83d7' }],
    ['e0cf66d1d257526b5d07f141838c338921cb8455', { name: 'v1.0.182', envFallback: true, known: true, pinned: 'e0cf66d1d257526b5d07f141838c338921cb8455' }],
    ['ffffffffffffffffffffffffffffffffffffffff', { name: 'v1', envFallback: true, known: false }],
    ['v9.9.9', { name: 'v1', envFallback: true, known: false }],
  ])('%s', (ref, expected) => {
    const { inputs: _inputs, ...release } = releaseOf(main, ref)
    expect(release).toEqual(expected)
  })

  test('inputs a release does not declare are ignored: use_foundry before v1.0.19, settings before v0.0.33', () => {
    const foundry = claudeActionStep('anthropics/claude-code-action@v1.0.18', inputs({ use_foundry: ['true', 11] }), 10)!
    expect(foundry.env.find((v) => v.name === 'CLAUDE_CODE_USE_FOUNDRY')).toBeUndefined()
    expect(claudeActionStep('anthropics/claude-code-action@v1.0.19', inputs({ use_foundry: ['true', 11] }), 10)!.env.find((v) => v.name === 'CLAUDE_CODE_USE_FOUNDRY')!.value).toEqual({ kind: 'literal', text: '1' })
    expect(claudeActionStep('anthropics/claude-code-action@v0.0.32', inputs({ settings: ['{"env":{}}', 11] }), 10)!.settings).toBeUndefined()
    expect(claudeActionStep('anthropics/claude-code-action@v0.0.33', inputs({ settings: ['{"env":{}}', 11] }), 10)!.settings).toBeDefined()
  })
})
