// The audit's JSON report and config file are described by zod schemas
// (src/audit/schema.ts): docs/ holds the JSON Schema files generated from
// them (scripts/audit-schemas.mjs), reports validate against the generated
// file, the config file is checked by the same schema (errors with the line),
// and zod loads only when a run needs it, never in the action or the doctor.

import { describe, expect, test } from '@jest/globals'
import Ajv from 'ajv'
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { schemaDocuments } from '../../src/audit/schema-docs.js'
import { runAudit } from '../../src/audit/run.js'
import { REPO_ROOT } from '../process/dist-snapshot.js'

const FIXTURES = join(REPO_ROOT, '__tests__', 'audit', 'fixtures')
const require = createRequire(import.meta.url)
const docs = (name: string) => JSON.parse(readFileSync(join(REPO_ROOT, 'docs', name), 'utf8')) as Record<string, unknown>

describe('JSON Schema files in docs/', () => {
  test('docs/ hold exactly what the zod schemas generate (node scripts/audit-schemas.mjs rewrites them)', () => {
    const generated = schemaDocuments()
    expect(Object.keys(generated).sort()).toEqual(['audit-config.schema.json', 'audit-report-v1.schema.json'])
    for (const [name, text] of Object.entries(generated)) expect({ name, text: readFileSync(join(REPO_ROOT, 'docs', name), 'utf8') }).toEqual({ name, text })
  })

  test('every fixture report validates against docs/audit-report-v1.schema.json; a report with another field does not', async () => {
    const validate = new Ajv({ allErrors: true }).compile(docs('audit-report-v1.schema.json'))
    for (const fixture of ['clean', 'both-inputs', 'depends', 'ignores', 'config', 'local-composite', 'action-not-read']) {
      const run = await runAudit([fixture, '--format', 'json', '--exit-zero'], { cwd: FIXTURES, version: '9.9.9' })
      const report = JSON.parse(run.stdout) as Record<string, unknown>
      expect({ fixture, valid: validate(report), errors: validate.errors ?? null }).toEqual({ fixture, valid: true, errors: null })
    }
    expect(validate({ version: 1, tool: { name: 'claude-code-auth', version: '1' }, minSeverity: 'warning', repositories: [], totals: { error: 0, warning: 0, notice: 0, ignored: 0, jobs: 0 }, extra: true })).toBe(false)
    expect(validate({ version: 2, tool: { name: 'claude-code-auth', version: '1' }, minSeverity: 'warning', repositories: [], totals: { error: 0, warning: 0, notice: 0, ignored: 0, jobs: 0 } })).toBe(false)
  })

  test('the config fixture validates against docs/audit-config.schema.json; a misspelt setting does not', () => {
    const validate = new Ajv().compile(docs('audit-config.schema.json'))
    expect(validate({ 'min-severity': 'warning', ignore: [{ rule: 'audit/secret-name-drift', paths: ['.github/workflows/b.yml'], reason: 'the triage bot' }] })).toBe(true)
    expect(validate({ 'min-severity': 'loud' })).toBe(false)
    expect(validate({ ignores: [] })).toBe(false)
  })
})

describe('the config file, checked by the schema', () => {
  const withConfig = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'cca-audit-schema-'))
    cpSync(join(FIXTURES, 'clean'), dir, { recursive: true })
    writeFileSync(join(dir, '.github', 'claude-code-auth.yml'), text)
    return dir
  }
  test.each([
    ['min-severity: warning\nignores: []\n', 2, '`ignores` is not a setting (the settings are `min-severity` and `ignore`)'],
    ['min-severity: loud\n', 1, '`min-severity` must be `error`, `warning` or `notice`'],
    ['ignore:\n  - reason: no rule here\n', 2, 'each `ignore` entry needs a `rule` (a rule id)'],
    ['ignore:\n  - rule: audit/step-order\n    reasons: typo\n', 3, '`reasons` is not a key of an `ignore` entry (its keys are `rule`, `paths` and `reason`)'],
    ['ignore: all\n', 1, '`ignore` must be a list of `{ rule, paths, reason }`'],
  ])('%j → line %i', async (text, line, reason) => {
    const run = await runAudit([withConfig(text), '--format', 'text'], { cwd: REPO_ROOT, version: '9.9.9' })
    expect(run.stdout).toContain(`.github/claude-code-auth.yml:${line}:1: error audit/workflow-not-read .github/claude-code-auth.yml cannot be used: ${reason}.`)
    expect(run.stdout).toContain('fix: Fix the file as the message says (docs/audit.md describes it).')
  })
})

describe('zod loads only when needed', () => {
  test('dist/index.js, dist/cli.js, dist/audit.js and dist/workflow.js carry no zod; dist/audit-schema.js does', () => {
    for (const file of ['index.js', 'cli.js', 'audit.js', 'audit-action.js', 'workflow.js']) expect({ file, zod: /ZodError|\$ZodType|zod/.test(readFileSync(join(REPO_ROOT, 'dist', file), 'utf8')) }).toEqual({ file, zod: false })
    expect(readFileSync(join(REPO_ROOT, 'dist', 'audit-schema.js'), 'utf8')).toMatch(/\$ZodType/)
  })

  test('the built audit requires its schema chunk for --format json or a config file, not for a text run', async () => {
    const chunk = require.resolve(join(REPO_ROOT, 'dist', 'audit-schema.js'))
    const audit = require(join(REPO_ROOT, 'dist', 'audit.js')) as { runAudit: typeof runAudit }
    delete require.cache[chunk]
    await audit.runAudit(['clean', '--format', 'text'], { cwd: FIXTURES, version: '9.9.9' })
    expect(require.cache[chunk]).toBeUndefined()
    await audit.runAudit(['config', '--format', 'text'], { cwd: FIXTURES, version: '9.9.9' })
    expect(require.cache[chunk]).toBeDefined()
    delete require.cache[chunk]
    const json = await audit.runAudit(['clean', '--format', 'json'], { cwd: FIXTURES, version: '9.9.9' })
    expect(require.cache[chunk]).toBeDefined()
    expect((JSON.parse(json.stdout) as { version: number }).version).toBe(1)
  })
})
