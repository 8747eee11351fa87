// Property: on the same generated world, the built doctor with `--expect K` (the credential in
// K's variable) and the built action with K's input give the same exit code and the same rule
// ids for their errors and warnings (issue 19, "Parity, proven"). Worlds: the right and the
// wrong kind of token in the slot, surrounding and inner whitespace, a trailing newline, a
// token cut short, quotes, a "Bearer " prefix, a stale credential next to it, and the slot's
// variable shadowed by the user or project settings file.
//
// Findings that exist in one front end only are left out by construction: whitespace-only
// values (the action reads an empty secret as no input at all; facts §2), notices
// (the action's "apiKeyHelper checked", the doctor's "not used"), later steps.

import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'

import type { Place } from '../claude-files.js'
import { json as doctorJson, runDoctor } from '../doctor/fixtures.js'
import { INPUT_OF, VARIABLE_OF, type Kind } from '../parity-cases.js'
import { fakeToken, inScenario } from './fixtures.js'
import type { Annotation } from '../../harness/workflow-commands.js'

const SEED = 20_261_204
const RUNS = Number(process.env.PARITY_RUNS ?? 48)

const PREFIX = { oauth: 'sk-ant-oat01-', api: 'sk-ant-api03-', admin: 'sk-ant-admin01-', refresh: 'sk-ant-ort01-' } as const
type Token = keyof typeof PREFIX
type Shape = 'as-is' | 'trailing-newline' | 'surrounding-spaces' | 'inner-space' | 'cut-short' | 'quoted' | 'bearer'

interface World {
  expect: Extract<Kind, 'oauth-token' | 'api-key'>
  token: Token
  shape: Shape
  stale: boolean
  shadow: 'none' | Extract<Place, 'user' | 'project'>
  label: number
}

const worldArb: fc.Arbitrary<World> = fc.record({
  expect: fc.constantFrom('oauth-token' as const, 'api-key' as const),
  token: fc.constantFrom<Token>('oauth', 'api', 'admin', 'refresh'),
  shape: fc.constantFrom<Shape>('as-is', 'trailing-newline', 'surrounding-spaces', 'inner-space', 'cut-short', 'quoted', 'bearer'),
  stale: fc.boolean(),
  shadow: fc.constantFrom('none' as const, 'user' as const, 'project' as const),
  label: fc.nat(1_000_000),
})

function shaped(token: string, shape: Shape): string {
  switch (shape) {
    case 'as-is':
      return token
    case 'trailing-newline':
      return `${token}\n`
    case 'surrounding-spaces':
      return `  ${token} `
    case 'inner-space':
      return `${token.slice(0, 40)} ${token.slice(40)}`
    case 'cut-short':
      return token.slice(0, 60)
    case 'quoted':
      return `"${token}"`
    case 'bearer':
      return `Bearer ${token}`
  }
}

/** The world's parts, the same for both front ends. */
function parts(w: World) {
  const value = shaped(fakeToken(PREFIX[w.token], `parity/${w.label}`), w.shape)
  const variable = VARIABLE_OF[w.expect]
  // A stale credential of the other kind in the environment: an API key next to an OAuth token, a gateway token next to an API key.
  const stale: Record<string, string> = w.stale ? (w.expect === 'oauth-token' ? { ANTHROPIC_API_KEY: fakeToken(PREFIX.api, `stale/${w.label}`) } : { ANTHROPIC_AUTH_TOKEN: fakeToken('gw-', `stale/${w.label}`) }) : {}
  const other = fakeToken(w.expect === 'oauth-token' ? PREFIX.oauth : PREFIX.api, `shadow/${w.label}`)
  const files: Partial<Record<Place, unknown>> = w.shadow === 'none' ? {} : { [w.shadow]: { env: { [variable]: other } } }
  return { value, variable, stale, files }
}

type Verdict = { exitCode: number | null; errors: string[]; warnings: string[] }

const ruleOf = (a: Annotation): string => /Rule: ([a-z0-9/-]+)\.$/.exec(a.message)?.[1] ?? '(none)'

async function doctorVerdict(w: World): Promise<Verdict> {
  const { value, variable, stale, files } = parts(w)
  const run = await runDoctor({ env: { [variable]: value, ...stale }, files, args: ['--expect', w.expect, '--json'] })
  const out = doctorJson(run)
  const rules = (severity: string) => [...new Set(out.problems.filter((p) => p.severity === severity).map((p) => p.rule))].sort()
  return { exitCode: run.exitCode, errors: rules('error'), warnings: rules('warning') }
}

async function actionVerdict(w: World): Promise<Verdict> {
  const { value, variable, stale, files } = parts(w)
  // The shell's variable is the job's too (it is what a settings file shadows).
  const env = { ...stale, ...(w.shadow === 'none' ? {} : { [variable]: value }) }
  return inScenario({ inputs: { [INPUT_OF[w.expect]]: value }, env, files }, ({ result }) => {
    const rules = (level: string) => [...new Set(result.annotations.filter((a) => a.level === level && a.title !== undefined).map(ruleOf))].sort()
    return { exitCode: result.exitCode, errors: rules('error'), warnings: rules('warning') }
  })
}

describe('the doctor with --expect K and the action with input K agree', () => {
  test(`same exit code and rule ids on ${RUNS} generated worlds (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async (w) => {
        const [doctor, action] = await Promise.all([doctorVerdict(w), actionVerdict(w)])
        expect({ world: w, doctor }).toEqual({ world: w, doctor: action })
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    )
  }, 240_000)
})
