// The usual run parses none of the code it does not call: the wording of findings, the
// character-name tables of a bad value and the cloud providers' judging are files of their own
// in dist/ (SYNC_CHUNKS in scripts/package.mjs), loaded with a synchronous require on the first
// call; the later steps' judging joins dist/workflow.js, loaded only with a workflow file. Proved on copies of dist/ where those files are directories (loading one fails the run):
// the action's success path, without and with the benchmark's 200-line workflow, and the
// doctor's still pass; a conflict and a lookalike character, which need their chunk, fail
// without it (the blocking works) and pass with it.

import { afterAll, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { runAction, type RunResult } from '../../harness/runner.js'
import { snapshotDist, REPO_ROOT } from './dist-snapshot.js'
import { apiKey, NODE_BINARY, oauthToken } from './fixtures.js'

/** Every sync chunk, written by hand: none is loaded by the success path of the action or the doctor. */
const SYNC_CHUNKS = ['character-names.js', 'input-messages.js', 'keyless-messages.js', 'diagnose-missing.js', 'decide-messages.js', 'providers.js', 'provider-resolve.js', 'provider-inputs.js']

const temps: string[] = []
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true })
})

/** A copy of dist/ in which `blocked` files cannot be loaded (each is a directory: EISDIR, even for root). */
async function distWithout(blocked: string[]): Promise<string> {
  const copy = await snapshotDist()
  temps.push(copy)
  for (const chunk of blocked) {
    await rm(join(copy, chunk))
    await mkdir(join(copy, chunk))
  }
  return copy
}

/** A checked-out workspace, with the benchmark's workflow when `withWorkflow`. */
async function workspace(withWorkflow: boolean): Promise<{ home: string; workspace: string; env: Record<string, string> }> {
  const root = await mkdtemp(join(tmpdir(), 'claude-auth-sync-chunks-'))
  temps.push(root)
  const dirs = { home: join(root, 'home'), workspace: join(root, 'workspace') }
  for (const dir of [dirs.home, join(dirs.workspace, '.git'), join(dirs.workspace, '.github', 'workflows')]) await mkdir(dir, { recursive: true })
  await writeFile(join(dirs.workspace, '.git', 'HEAD'), 'ref: refs/heads/main\n')
  if (!withWorkflow) return { ...dirs, env: {} }
  await writeFile(join(dirs.workspace, '.github', 'workflows', 'review.yml'), await readFile(join(REPO_ROOT, 'scripts', 'bench', 'workflow.yml')))
  return {
    ...dirs,
    env: {
      GITHUB_REPOSITORY: 'owner/project',
      GITHUB_WORKFLOW_REF: 'owner/project/.github/workflows/review.yml@refs/heads/main',
      GITHUB_JOB: 'review',
      GITHUB_ACTION: 'auth',
      GITHUB_ACTION_REPOSITORY: 'claude-code-auth/claude-code-auth',
    },
  }
}

async function run(dist: string, inputs: Record<string, string>, { withWorkflow = false, env = {} as Record<string, string> } = {}): Promise<RunResult> {
  const dirs = await workspace(withWorkflow)
  const result = await runAction({ entry: join(dist, 'index.js'), nodeBinary: NODE_BINARY, actionYml: join(REPO_ROOT, 'action.yml'), inputs, env: { ...dirs.env, ...env }, home: dirs.home, workspace: dirs.workspace })
  await result.cleanup()
  return result
}

test('the success path without a workflow file loads no sync chunk, nor the workflow chunk (which judges later steps)', async () => {
  const result = await run(await distWithout([...SYNC_CHUNKS, 'workflow.js']), { 'claude-code-oauth-token': oauthToken('sync-chunks/plain') })
  expect(result.rawStderr).toBe('')
  expect(result.exitCode).toBe(0)
  expect(result.outputs['auth-method']).toBe('oauth-token')
})

test("the success path judging the benchmark's 200-line workflow loads no sync chunk", async () => {
  const result = await run(await distWithout(SYNC_CHUNKS), { 'claude-code-oauth-token': oauthToken('sync-chunks/workflow') }, { withWorkflow: true })
  expect(result.rawStderr).toBe('')
  expect(result.exitCode).toBe(0)
  expect(result.outputs['later-steps']).toContain('"runs-claude":true')
})

test("the doctor's success path loads no sync chunk, nor the workflow chunk", async () => {
  const dist = await distWithout([...SYNC_CHUNKS, 'workflow.js'])
  const dirs = await workspace(false)
  const result = spawnSync(NODE_BINARY, [join(dist, 'cli.js'), 'doctor', '--expect', 'oauth-token'], {
    cwd: dirs.workspace,
    env: { PATH: process.env.PATH ?? '', HOME: dirs.home, CLAUDE_CODE_OAUTH_TOKEN: oauthToken('sync-chunks/doctor') },
    encoding: 'utf8',
    timeout: 20_000,
  })
  expect(result.stderr).toBe('')
  expect(result.status).toBe(0)
})

test('a conflict needs the wording chunk: it fails without it, and is reported with it', async () => {
  const inputs = { 'claude-code-oauth-token': oauthToken('sync-chunks/conflict') }
  const env = { ANTHROPIC_API_KEY: apiKey('sync-chunks/conflict') }
  const blocked = await run(await distWithout(['decide-messages.js']), inputs, { env })
  expect(blocked.exitCode).toBe(1)
  expect(blocked.annotations.map((a) => a.title)).toContain('Internal error')
  const whole = await run(await distWithout([]), inputs, { env })
  expect(whole.exitCode).toBe(1)
  expect(whole.annotations.map((a) => a.title)).not.toContain('Internal error')
  expect(whole.annotations.filter((a) => a.level === 'error').map((a) => a.message).join('\n')).toContain('ANTHROPIC_API_KEY')
})

test('a lookalike character needs the character-name chunk: it fails without it, and is named with it', async () => {
  const token = oauthToken('sync-chunks/lookalike')
  const inputs = { 'claude-code-oauth-token': `${token.slice(0, 29)}\u043e${token.slice(30)}` }
  const blocked = await run(await distWithout(['character-names.js']), inputs)
  expect(blocked.exitCode).toBe(1)
  expect(blocked.annotations.map((a) => a.title)).toContain('Internal error')
  const whole = await run(await distWithout([]), inputs)
  expect(whole.exitCode).toBe(1)
  expect(whole.annotations.map((a) => a.message).join('\n')).toContain('U+043E CYRILLIC SMALL LETTER O')
})

test('a Bedrock setup needs the provider chunks: it fails without the resolver chunk, and passes with it', async () => {
  const inputs = { method: 'bedrock', 'aws-region': 'us-east-1' }
  const env = { AWS_ACCESS_KEY_ID: 'AKIAVALIDEXAMPLE0001', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
  const blocked = await run(await distWithout(['provider-resolve.js']), inputs, { env })
  expect(blocked.exitCode).toBe(1)
  expect(blocked.annotations.map((a) => a.title)).toContain('Internal error')
  const whole = await run(await distWithout([]), inputs, { env })
  expect(whole.rawStderr).toBe('')
  expect(whole.exitCode).toBe(0)
  expect(whole.outputs['auth-method']).toBe('bedrock')
})
