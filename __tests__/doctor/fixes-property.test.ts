// Property (issue 19, "every mechanical fix re-judged"): on generated worlds
// (__tests__/engine-worlds.ts), every finding of either front end that
// carries a mechanical fix (`Problem.apply`: unset a variable, delete a
// settings key) is applied to the world as a user would apply it (the
// variable removed from the environment, the key from the file), and the
// world judged again by the same front end: that finding (same rule, same
// target) must be gone. ENGINE_FIX_WORLDS sets the count (default 1000).

import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'

import type { FixApply, Problem } from '../../src/common/problems.js'
import { judgeAsAction, judgeAsDoctor, materialise, worldArb, type Layer, type Materialised } from '../engine-worlds.js'

const SEED = 20_261_205
const RUNS = Number(process.env.ENGINE_FIX_WORLDS ?? 1000)

/** Which generated file a path read by the scan is (the folders are new for every judgement). */
function layerOf(path: string): Layer {
  if (path.endsWith('/managed/managed-settings.json')) return 'managed'
  if (path.endsWith('/home/.claude/settings.json')) return 'user'
  if (path.endsWith('/project/.claude/settings.json')) return 'project'
  if (path.endsWith('/project/.claude/settings.local.json')) return 'local'
  throw new Error(`a fix names a file the world has no place for: ${path}`)
}

/** The fix's target, the same across judgements. */
const target = (a: FixApply): string => (a.kind === 'unset-env' ? `unset ${a.name}` : a.kind === 'delete-settings-key' ? `delete ${a.key} from ${layerOf(a.path)}` : `delete line ${a.line} of ${a.file}`)
const identity = (p: Problem): string => `${p.rule} | ${target(p.apply!)}`

/** The world with the fix applied, as a user applies it. */
function applied(m: Materialised, fix: FixApply): Materialised {
  const next: Materialised = { ...m, env: { ...m.env }, files: JSON.parse(JSON.stringify(m.files)) as Materialised['files'] }
  if (fix.kind === 'unset-env') {
    if (fix.name === m.variable) throw new Error(`a fix unsets the intended variable ${fix.name}`)
    delete next.env[fix.name]
    return next
  }
  // Workflow lines: these worlds have no workflow (__tests__/unit/engine-rows.test.ts applies those).
  if (fix.kind === 'delete-line') throw new Error(`a fix names a workflow line in a world without a workflow: ${fix.file}:${fix.line}`)
  const file = next.files[layerOf(fix.path)]
  if (!file) throw new Error(`a fix names a file the world does not have: ${fix.path}`)
  if (fix.key.startsWith('env.')) delete file.env?.[fix.key.slice(4)]
  else if (fix.key === 'apiKeyHelper') delete file.apiKeyHelper
  else throw new Error(`a fix names a key the world has no place for: ${fix.key}`)
  return next
}

const FRONT_ENDS = {
  action: (m: Materialised): Problem[] => judgeAsAction(m).findings,
  doctor: (m: Materialised): Problem[] => judgeAsDoctor(m).problems,
}

describe('every mechanical fix, applied, makes its finding go', () => {
  test.each(Object.keys(FRONT_ENDS) as (keyof typeof FRONT_ENDS)[])(`%s: on ${RUNS} generated worlds (seed ${SEED})`, (front) => {
    const judgeIn = FRONT_ENDS[front]
    const seen = new Map<string, number>()
    fc.assert(
      fc.property(worldArb, (w) => {
        const m = materialise(w)
        for (const finding of judgeIn(m).filter((p) => p.apply)) {
          const id = identity(finding)
          const kind = `${finding.rule} ${finding.apply!.kind}`
          seen.set(kind, (seen.get(kind) ?? 0) + 1)
          const after = judgeIn(applied(m, finding.apply!)).filter((p) => p.apply).map(identity)
          expect({ world: w, fixed: id, remaining: after.filter((a) => a === id) }).toEqual({ world: w, fixed: id, remaining: [] })
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    )
    if (process.env.ENGINE_FIX_LOG) console.log(front, JSON.stringify([...seen]))
    // Not vacuous: fixes of both kinds were applied, under several rules.
    const kinds = [...seen.keys()]
    expect(kinds.some((k) => k.endsWith('unset-env')) && kinds.some((k) => k.endsWith('delete-settings-key')) && kinds.length >= 3).toBe(true)
  }, 600_000)
})
