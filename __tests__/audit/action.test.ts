// The audit action as the runner runs it: dist/audit-action.js spawned with
// INPUT_* variables, GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT
// files: annotations on the lines, the summary table, the SARIF file and output.

import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { REPO_ROOT } from '../process/dist-snapshot.js'

const ACTION = join(REPO_ROOT, 'dist', 'audit-action.js')

function runAction(fixture: string, inputs: Record<string, string>) {
  const workspace = mkdtempSync(join(tmpdir(), 'audit-action-'))
  cpSync(join(REPO_ROOT, '__tests__', 'audit', 'fixtures', fixture), workspace, { recursive: true })
  const summary = join(workspace, '..', `${fixture}-summary-${process.pid}.md`)
  const output = join(workspace, '..', `${fixture}-output-${process.pid}.txt`)
  writeFileSync(summary, '')
  writeFileSync(output, '')
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const run = spawnSync(process.execPath, [ACTION], { cwd: workspace, env, encoding: 'utf8' })
  return { ...run, workspace, summary: readFileSync(summary, 'utf8'), output: readFileSync(output, 'utf8') }
}

describe('audit/action.yml', () => {
  test('findings: one ::error per finding at its line, the summary table, SARIF written and named in the output, exit 1', () => {
    const run = runAction('both-inputs', { path: '.', 'sarif-file': 'audit.sarif', 'min-severity': '', 'exit-zero': 'false' })
    expect(run.status).toBe(1)
    const commands = run.stdout.split('\n').filter((l) => l.startsWith('::'))
    expect(commands[0]).toMatch(/^::error file=\.github\/workflows\/review\.yml,line=10,col=11,title=audit\/both-credential-inputs%3A /)
    expect(run.summary).toContain('| job | route | verdict | workflow |')
    expect(run.summary).toContain('| .github/workflows/review.yml `review` | subscription OAuth | fail | 1 workflow finding |')
    expect(run.output).toBe('sarif-file=audit.sarif\n')
    expect(JSON.parse(readFileSync(join(run.workspace, 'audit.sarif'), 'utf8')).version).toBe('2.1.0')
    expect(run.stderr).toBe('')
  })

  test('a clean repository passes; exit-zero keeps a failing one green', () => {
    const clean = runAction('clean', {})
    expect(clean.status).toBe(0)
    expect(clean.stdout).not.toMatch(/^::(error|warning)/m)
    expect(clean.summary).toContain('| subscription OAuth | pass | - |')
    expect(runAction('both-inputs', { 'exit-zero': 'true' }).status).toBe(0)
  })

  test('a bad input is one error annotation, exit 2', () => {
    const run = runAction('clean', { 'min-severity': 'loud' })
    expect(run.status).toBe(2)
    expect(run.stdout).toMatch(/^::error title=claude-code-auth audit::claude-code-auth audit: --min-severity takes error, warning or notice/m)
  })
})
