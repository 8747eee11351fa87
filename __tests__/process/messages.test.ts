// What a user reads first: the first line of the log and of the summary is the cause and the
// fix; a run that continues despite a conflict says so with ⚠️; findings point at the file and
// line; a key committed to the repository is called exposed; bad values are echoed with a
// suggestion; an empty workspace is called out. No message ever carries a credential.

import { describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'

import {
  apiKey,
  conflictTitle,
  expectCleanRun,
  expectTitles,
  inScenario,
  inputsFor,
  oauthToken,
  type Scenario,
} from './fixtures.js'

const firstSummaryLines = (summary: string) => summary.split('\n').slice(0, 3)

describe('the first line is the cause and the fix', () => {
  test.concurrent('a stale job-level API key: the log and the summary open with cause and fix', async () => {
    const credential = oauthToken('messages/first-line')
    const stale = apiKey('messages/first-line/stale')
    await inScenario({ inputs: inputsFor('oauth-token', credential), env: { ANTHROPIC_API_KEY: stale } }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential, stale], maskedFirst: [credential, stale] })
      const cause = /^ANTHROPIC_API_KEY from the job env \(fingerprint [0-9a-f]{12}\) would be sent instead of your OAuth token\. Fix: remove ANTHROPIC_API_KEY where it is set, or set on-conflict: unset to clear it for later steps\.$/
      expect(result.log[0]).toMatch(cause)
      const [heading, , first] = firstSummaryLines(result.summary)
      expect(heading).toBe('## ❌ Claude Code authentication')
      expect(first.replace(/<\/?code>/g, '').replace(/\\(.)/g, '$1')).toMatch(cause)
      // On failure the findings come before the tables.
      expect(result.summary.indexOf('### Findings and fixes')).toBeLessThan(result.summary.indexOf('| Intended credential'))
      // The first sentence of the annotation is the cause, short enough to read at a glance.
      const firstSentence = result.annotations[0]!.message.split('. ')[0]!
      expect(firstSentence.length).toBeLessThan(200)
    })
  })

  test.concurrent('a job-level key set in the workflow: the finding points at its env line', async () => {
    const credential = oauthToken('messages/env-line')
    const stale = apiKey('messages/env-line/stale')
    const text = `name: review
on: push
env:
  ANTHROPIC_API_KEY: \${{ secrets.OLD_KEY }}
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: claude-code-auth/claude-code-auth@v1
      - run: claude -p "review"
`
    await inScenario({ inputs: inputsFor('oauth-token', credential), env: { ANTHROPIC_API_KEY: stale }, workflow: { text } }, (run) => {
      const { result } = run
      expectTitles(result, { error: [conflictTitle('ANTHROPIC_API_KEY', 'instead', 'oauth-token')] })
      const annotation = result.annotations[0]!
      expect({ file: annotation.file, line: annotation.properties.line }).toEqual({ file: '.github/workflows/claude.yml', line: '4' })
      expect(annotation.message).toContain('Where: the workflow `env:` (.github/workflows/claude.yml line 4).')
      expect(annotation.message).toContain('Fix: remove ANTHROPIC_API_KEY from the workflow `env:` (.github/workflows/claude.yml line 4), or set `on-conflict: unset`')
    })
  })

  test.concurrent('a job-level key that is not in the workflow file: the message names the other places', async () => {
    const credential = oauthToken('messages/elsewhere')
    const stale = apiKey('messages/elsewhere/stale')
    await inScenario({ inputs: inputsFor('oauth-token', credential), env: { ANTHROPIC_API_KEY: stale } }, (run) => {
      expect(run.result.annotations[0]!.message).toContain(
        "Where: the job environment, but not in .github/workflows/claude.yml: a repository or organisation variable, an earlier step's GITHUB_ENV write, or the runner's own environment (a self-hosted runner's .env).",
      )
    })
  })
})

describe('honest states', () => {
  test.concurrent('on-conflict warn with a stale key: ⚠️, and the first line says what will be sent instead', async () => {
    const credential = oauthToken('messages/warn')
    const stale = apiKey('messages/warn/stale')
    await inScenario({ inputs: inputsFor('oauth-token', credential, { 'on-conflict': 'warn' }), env: { ANTHROPIC_API_KEY: stale } }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential, stale], maskedFirst: [credential, stale] })
      expect(result.exitCode).toBe(0)
      expect(result.summary.split('\n')[0]).toBe('## ⚠️ Claude Code authentication')
      expect(result.log[0]).toMatch(/^ANTHROPIC_API_KEY from the job env \(fingerprint [0-9a-f]{12}\) would be sent instead of your OAuth token; continuing because on-conflict is warn\. Fix: /)
      expect(result.summary).not.toMatch(/^## ✅/m)
    })
  })

  test.concurrent('a provider flag: the provider is named in full, and the OAuth token is "not sent at all"', async () => {
    const credential = oauthToken('messages/provider')
    await inScenario({ inputs: inputsFor('oauth-token', credential), env: { CLAUDE_CODE_USE_VERTEX: '1' } }, (run) => {
      expect(run.result.log[0]).toContain('so Claude Code sends every request to Google Vertex AI; your OAuth token would not be sent at all.')
      expect(run.result.log[0]).toContain('if you meant to use Google Vertex AI, set method: vertex')
    })
  })

  test.concurrent('the log table has column headers; the summary has a legend; the bare column only with bare: true', async () => {
    const credential = apiKey('messages/table')
    await inScenario({ inputs: inputsFor('api-key', credential) }, (run) => {
      const { result } = run
      expect(result.log[1]).toMatch(/^ {2}Name +Status +State +Fingerprint +Where$/)
      expect(result.summary).toContain('<details><summary>What the status words mean</summary>')
      expect(result.summary).toContain('| Name | Where | State | Fingerprint | Status |')
      expect(result.summary).not.toContain('Bare mode')
    })
    await inScenario({ inputs: inputsFor('api-key', credential, { bare: 'true' }) }, (run) => {
      expect(run.result.summary).toContain('| Intended credential | Input | Exported as | Fingerprint | Bare mode |')
    })
  })
})

describe('findings in settings files', () => {
  const committedScenario = (credential: string, key: string, commit: boolean): Scenario => ({
    inputs: inputsFor('oauth-token', credential),
    workspaceFiles: { '.claude/settings.json': JSON.stringify({ permissions: {}, env: { ANTHROPIC_API_KEY: key } }, null, 2) },
    prepare: (dirs) => {
      // A real repository; the settings file committed to it, or not.
      const git = (...args: string[]) => execFileSync('git', ['-C', dirs.workspace, ...args], { stdio: 'ignore' })
      git('init', '-q')
      if (commit) {
        git('add', '.claude/settings.json')
        git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'settings')
      }
    },
  })

  test.concurrent('a key in a committed .claude/settings.json: file= and line= on the key, and "exposed: rotate it"', async () => {
    const credential = oauthToken('messages/committed')
    const key = apiKey('messages/committed/key')
    await inScenario(committedScenario(credential, key, true), (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential, key], maskedFirst: [credential, key] })
      const annotation = result.annotations[0]!
      // 2-space JSON: `"permissions": {},` on line 2, `"env": {` on 3, the key on 4.
      expect({ file: annotation.file, line: annotation.properties.line }).toEqual({ file: '.claude/settings.json', line: '4' })
      expect(annotation.message).toContain('ANTHROPIC_API_KEY in .claude/settings.json (fingerprint ')
      expect(annotation.message).toContain('the file is committed, so the key in it is exposed: rotate it, and keep keys in `.claude/settings.local.json` or a secret')
    })
  })

  test.concurrent('the same file not committed: no "exposed"', async () => {
    const credential = oauthToken('messages/uncommitted')
    const key = apiKey('messages/uncommitted/key')
    await inScenario(committedScenario(credential, key, false), (run) => {
      expect(run.result.annotations[0]!.message).not.toContain('exposed')
    })
  })
})

describe('bad input values are echoed, with a suggestion', () => {
  test.concurrent('on-conflict: unsett → did you mean unset', async () => {
    const credential = oauthToken('messages/unsett')
    await inScenario({ inputs: inputsFor('oauth-token', credential, { 'on-conflict': 'unsett' }) }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      expect(result.exitCode).toBe(1)
      expect(result.log[0]).toBe('on-conflict is "unsett", which is not fail, unset or warn. Did you mean unset? Fix: set it to unset.')
    })
  })

  test.concurrent('a misspelt input name → did you mean; a credential given under it is masked and never echoed', async () => {
    const credential = oauthToken('messages/misspelt')
    await inScenario({ inputs: { claude_code_oauth_token: credential } }, (run) => {
      const { result } = run
      // The runner's own warning, then the action's: no credential arrived under the right name.
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      const unknown = result.annotations.find((a) => a.title === 'Credential given under `claude_code_oauth_token`')
      expect(unknown?.message).toContain('the input is `claude-code-oauth-token`')
      expect(result.exitCode).toBe(1)
    })
  })

  test.concurrent('anthropic_api_key for anthropic-api-key: the first line names the misspelling and the right name, not "All three credential inputs are empty"', async () => {
    const credential = apiKey('messages/misspelt-api-key')
    await inScenario({ inputs: { anthropic_api_key: credential } }, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      expect(result.exitCode).toBe(1)
      // The runner's own "Unexpected input(s)" warning comes first; the action's first line is next.
      expect(result.log[0]).toMatch(/^##\[warning\]Unexpected input\(s\) 'anthropic_api_key'/)
      expect(result.log[1]).toBe(
        'anthropic_api_key is not an input of this action, so the credential given under it never arrived: the input is anthropic-api-key. Fix: rename anthropic_api_key: to anthropic-api-key: under with:.',
      )
      // Besides the runner's own untitled warning: this one error, and no unknown-input warning repeating it.
      expect(result.annotations.filter((a) => a.title !== undefined).map((a) => [a.level, a.title])).toEqual([['error', 'Credential given under `anthropic_api_key`']])
      expect(result.log.join('\n')).not.toContain('credential inputs are empty')
    })
  })
})

describe('the workspace', () => {
  test.concurrent('no checkout before this step: a warning that the project settings were not checked', async () => {
    const credential = oauthToken('messages/no-checkout')
    await inScenario({ inputs: inputsFor('oauth-token', credential), noCheckout: true, workflow: null }, (run) => {
      const { result } = run
      expect(result.exitCode).toBe(0)
      expectTitles(result, { warning: ['Repository not checked out yet'], notice: ['Later steps not checked'] })
      expect(result.annotations[0]!.message).toContain('put `actions/checkout` before this step')
    })
  })

  test.concurrent('the action pinned to a branch: a warning with the pinning advice', async () => {
    const credential = oauthToken('messages/branch')
    await inScenario({ inputs: inputsFor('oauth-token', credential), env: { GITHUB_ACTION_REF: 'main' } }, (run) => {
      expectTitles(run.result, { warning: ['Action pinned to a branch'] })
      expect(run.result.annotations[0]!.message).toContain('pin a release: `claude-code-auth/claude-code-auth@v1`')
    })
  })
})
