// Every rule id a finding can carry has exactly one section in docs/rules.md
// (cause, example, fix). The ids written as literals are read from src/; the
// ones built from a reason or a verdict are listed here by hand.

import { describe, expect, test } from '@jest/globals'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..', '..')

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : []
  })

const REASONS = ['instead', 'as-well', 'routes-away', 'forces-bare', 'not-at-all', 'redirects', 'overrides', 'inert', 'versions-differ']
const VERDICTS = ['valid', 'invalid', 'expired', 'forbidden', 'billing', 'rate-limited', 'server-error', 'network-error', 'timeout', 'inconclusive']
const BUILT = [...REASONS.flatMap((r) => [`conflict/${r}`, `later-step/${r}`]), ...VERDICTS.map((v) => `live-check/${v}`)]

const literalRules = (): string[] => {
  const ids = new Set<string>()
  for (const file of sources(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/rule: '([a-z-]+\/[a-z0-9-]+)'/g)) ids.add(m[1]!)
    // Named constants of rule ids: `NAME: 'area/what'` inside a *_RULES table, and `*_RULE = 'area/what'`.
    for (const m of text.matchAll(/_RULES? = (?:\{([^}]*)\}|'([a-z-]+\/[a-z0-9-]+)')/g)) {
      if (m[2]) ids.add(m[2])
      for (const v of (m[1] ?? '').matchAll(/'([a-z-]+\/[a-z0-9-]+)'/g)) ids.add(v[1]!)
    }
  }
  return [...ids]
}

describe('docs/rules.md', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8')
  const sections = [...doc.matchAll(/^## `([^`]+)`$/gm)].map((m) => m[1]!)

  test('has one section per rule, each with a cause, an example and a fix', () => {
    expect(sections.filter((id, i) => sections.indexOf(id) !== i)).toEqual([])
    // The example is one line, or a line that introduces a fenced block of the workflow.
    for (const part of doc.split(/^## /m).slice(1)) expect(part).toMatch(/Cause: .+\n\nExample: .+\n\n(```[a-z]*\n[\s\S]*?\n```\n\n)?Fix: .+/)
  })

  test('documents every rule id the code can give a finding', () => {
    const used = [...literalRules(), ...BUILT]
    // Sanity: the reader finds the ids it must (a broken pattern would find none).
    expect(used).toEqual(expect.arrayContaining(['credential/wrong-slot', 'settings/shadowed-value', 'inputs/misspelt-credential-input', 'credential/none-sent']))
    expect(used.filter((id) => !sections.includes(id)).sort()).toEqual([])
  })
})
