// The doctor speaks its reader's words: a machine, its environment, its files
// and its own options. Never the action's (this action, the runner, an input,
// live-check-failure), and every finding carries a rule id documented in
// docs/rules.md. Each world below reaches other findings; the words are
// checked on all of them.

import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { REPO_ROOT } from '../process/dist-snapshot.js'
import { apiKey, json, loginFile, oauthToken, runDoctor, type DoctorScenario } from './fixtures.js'

const INPUTS = ['claude-code-oauth-token', 'anthropic-api-key', 'anthropic-auth-token', 'anthropic-base-url', 'on-conflict', 'vertex-project-id', 'vertex-region', 'foundry-resource', 'foundry-base-url', 'foundry-api-key', 'aws-region', 'bedrock-api-key', 'settings-file', 'working-directory', 'live-check-failure', 'live-check-timeout']
/** The action's words, which a reader of the doctor has no use for (inside a GitHub Actions job the runner is the reader's own word). */
const actionWords = (host: string) => new RegExp(`this action|this step|${host === 'github-actions' ? '' : 'runner|'}\\binputs?\\b|(?<![-\\w])(${INPUTS.join('|')})(?![-\\w])`, 'i')

const WORLDS: [string, DoctorScenario][] = [
  ['nothing at all', {}],
  ['two credentials at once', { env: { ANTHROPIC_API_KEY: apiKey('words/two/key'), ANTHROPIC_AUTH_TOKEN: 'gw-' + 'a'.repeat(40) } }],
  ['a login without the inference scope, --expect oauth-token', { files: { credentials: loginFile(oauthToken('words/scope'), ['user:profile']) }, args: ['--expect', 'oauth-token'] }],
  ['a malformed project settings file', { env: { ANTHROPIC_API_KEY: apiKey('words/malformed') }, files: { project: '{ "env": { ' } }],
  ['Vertex without a project', { env: { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'us-east5' } }],
  ['Vertex with its project but no GOOGLE_CLOUD_PROJECT', { env: { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'us-east5', ANTHROPIC_VERTEX_PROJECT_ID: 'my-project' } }],
  ['Foundry without an endpoint', { env: { CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_API_KEY: 'f'.repeat(32) } }],
  ['Foundry with a blank key', { env: { CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_RESOURCE: 'res', ANTHROPIC_FOUNDRY_API_KEY: '  ' } }],
  ['--bare --expect oauth-token', { env: { CLAUDE_CODE_OAUTH_TOKEN: oauthToken('words/bare') }, args: ['--bare', '--expect', 'oauth-token'] }],
  ['a whitespace-only API key next to a token', { env: { ANTHROPIC_API_KEY: ' ', CLAUDE_CODE_OAUTH_TOKEN: oauthToken('words/blank') } }],
  ['a provider flag with --expect api-key', { env: { ANTHROPIC_API_KEY: apiKey('words/routes'), CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1' }, args: ['--expect', 'api-key'] }],
  ['a key forwarded to Vertex behind a gateway', { env: { CLAUDE_CODE_USE_VERTEX: '1', CLAUDE_CODE_SKIP_VERTEX_AUTH: '1', CLOUD_ML_REGION: 'us-east5', ANTHROPIC_VERTEX_PROJECT_ID: 'p', ANTHROPIC_API_KEY: apiKey('words/forward') } }],
  ['in a GitHub Actions job, a stale API key next to the token', { env: { GITHUB_ACTIONS: 'true', ANTHROPIC_API_KEY: apiKey('words/ci/key'), CLAUDE_CODE_OAUTH_TOKEN: oauthToken('words/ci/token') }, args: ['--expect', 'oauth-token'] }],
  ['a wrong-slot token and a shadowed key', { env: { ANTHROPIC_API_KEY: oauthToken('words/wrong') }, files: { user: { env: { ANTHROPIC_API_KEY: apiKey('words/file') } } }, args: ['--expect', 'api-key'] }],
  ['a login with an API key (not used)', { env: { ANTHROPIC_API_KEY: apiKey('words/unused') }, files: { credentials: loginFile(oauthToken('words/unused/login')) } }],
  ['--live-check against a host that does not resolve', { env: { ANTHROPIC_API_KEY: apiKey('words/dns'), ANTHROPIC_BASE_URL: 'http://claude-code-auth-test.invalid' }, args: ['--live-check', '--live-check-timeout', '3'] }],
]

describe("the doctor's words are its reader's", () => {
  const documented = new Set([...readFileSync(join(REPO_ROOT, 'docs', 'rules.md'), 'utf8').matchAll(/^## `([^`]+)`$/gm)].map((m) => m[1]!))

  test.concurrent.each(WORLDS)('%s', async (_name, scenario) => {
    const run = await runDoctor({ ...scenario, args: [...(scenario.args ?? []), '--json'] })
    expect(run.stderr).toBe('')
    const out = json(run)
    expect(out.problems.length).toBeGreaterThan(0)
    for (const p of out.problems) {
      const text = `${p.title} | ${p.cause} | ${p.where} | ${p.fix}`
      expect({ rule: p.rule, text, actionWords: actionWords(out.checked.host).exec(text)?.[0] ?? null }).toEqual({ rule: p.rule, text, actionWords: null })
      expect({ rule: p.rule, documented: documented.has(p.rule) }).toEqual({ rule: p.rule, documented: true })
    }
    // The JSON names routes in the user's words, never the resolver's.
    expect(JSON.stringify(out)).not.toMatch(/"(wire|otherMode)"|"route": ?"(first-party|bedrock|vertex|foundry|mantle|anthropic-aws|anthropic-google-cloud)"/)
  })
})
