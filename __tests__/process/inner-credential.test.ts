// A credential inside a value that is rejected (quoted, prefixed, %0A-encoded, wrapped) is still
// a real credential: the action registers it on its own before any output, so that a later step
// (`if: always()`, `continue-on-error`) that prints it shows ***.

import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { findUnmaskedSecrets, readActionInputs, runAction, type RunResult } from '../../harness/runner.js'
import {
  credentialFor,
  expectCleanRun,
  expectExports,
  expectTitles,
  gatewayToken,
  inScenario,
  inputsFor,
  intendedExports,
  NODE_BINARY,
  oauthToken,
  VARIABLE,
  type Kind,
  type ScenarioRun,
} from './fixtures.js'

/** A later step (`if: always()`) that prints `text` on its own, in a job where `masked` were registered. */
async function laterStepPrinting(text: string, masked: string[]): Promise<RunResult> {
  const dir = await mkdtemp(join(tmpdir(), 'claude-auth-later-step-'))
  try {
    const entry = join(dir, 'print.cjs')
    await writeFile(entry, 'process.stdout.write(process.env.LATER_STEP_TEXT + "\\n")\n')
    return await runAction({ entry, actionYml: null, nodeBinary: NODE_BINARY, env: { LATER_STEP_TEXT: text }, previouslyMasked: masked })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function expectMaskedInLaterStep(run: ScenarioRun, credential: string): Promise<void> {
  const later = await laterStepPrinting(credential, run.result.secrets)
  try {
    // Fingerprints only in a failure message; then the exact line the log would show.
    expect(findUnmaskedSecrets(later, [credential])).toEqual([])
    expect(later.log).toEqual(['***'])
  } finally {
    await later.cleanup()
  }
}

const DECLARED = readActionInputs(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'action.yml'), 'utf8')).map((i) => i.name)

const KINDS: readonly Kind[] = ['oauth-token', 'api-key', 'auth-token']

interface Shape {
  id: string
  wrap: (credential: string, kind: Kind) => string
  /** Error title, or the warning a gateway token draws where the value is accepted. */
  title: (kind: Kind) => { error: string[] } | { warning: string[] }
}

const error = (title: string) => () => ({ error: [title] })
/** Anthropic tokens never contain %, gateway tokens may: those are accepted with a warning. */
const encoded = (kind: Kind) =>
  kind === 'auth-token' ? { warning: ['Unusual characters in credential'] } : { error: ['Credential contains an encoded line break'] }

const SHAPES: Shape[] = [
  { id: 'single quotes', wrap: (c) => `'${c}'`, title: error('Credential is wrapped in quotes') },
  { id: 'double quotes', wrap: (c) => `"${c}"`, title: error('Credential is wrapped in quotes') },
  { id: 'backticks', wrap: (c) => `\`${c}\``, title: error('Credential is wrapped in quotes') },
  { id: 'Bearer prefix', wrap: (c) => `Bearer ${c}`, title: error('Credential includes "Bearer"') },
  { id: 'NAME= prefix', wrap: (c, kind) => `${VARIABLE[kind]}=${c}`, title: error('Credential includes a variable name') },
  { id: 'NAME: prefix', wrap: (c, kind) => `${VARIABLE[kind]}: ${c}`, title: error('Credential includes a variable name') },
  { id: 'export NAME="…"', wrap: (c, kind) => `export ${VARIABLE[kind]}="${c}"`, title: error('Credential contains whitespace') },
  { id: '%0A after it', wrap: (c) => `${c}%0A`, title: encoded },
  { id: '%0d%0a after it', wrap: (c) => `${c}%0d%0a`, title: encoded },
  { id: 'a literal line break and a comment line', wrap: (c) => `${c}\n# from the .env file`, title: error('Credential contains whitespace') },
  { id: 'wrapped over two lines', wrap: (c) => `${c.slice(0, 60)}\n${c.slice(60)}`, title: error('Credential contains whitespace') },
]

describe('the credential inside a rejected value is masked on its own', () => {
  const cases = SHAPES.flatMap((shape) => KINDS.map((kind) => ({ ...shape, kind })))

  test.concurrent.each(cases)('$id in $kind → registered before any output; a later step printing it shows ***', async ({ id, wrap, title, kind }) => {
    const credential = credentialFor(kind, `hostile/inner/${id}`)
    const raw = wrap(credential, kind)
    await inScenario({ inputs: inputsFor(kind, raw) }, async (run) => {
      const { result } = run
      await expectMaskedInLaterStep(run, credential)
      expectCleanRun(run, { secrets: [raw, credential], maskedFirst: [raw, credential] })
      const expected = title(kind)
      expectTitles(result, expected)
      if ('error' in expected) {
        expect(result.exitCode).toBe(1)
        expectExports(result, {})
      } else {
        expect(result.exitCode).toBe(0)
        expectExports(result, intendedExports(kind, raw))
      }
    })
  })

  test.concurrent.each(['bedrock-api-key', 'foundry-api-key'])('%s, a provider secret input → its inner credential is masked too', async (input) => {
    const credential = oauthToken('hostile/inner/provider')
    const inner = gatewayToken(`hostile/inner/${input}`)
    const raw = `Bearer ${inner}`
    // As the runner passes it: through `inputs` once action.yml declares it (the harness sets
    // declared inputs from their defaults), as a bare INPUT_ variable until then.
    const scenario = DECLARED.includes(input)
      ? { inputs: { ...inputsFor('oauth-token', credential), [input]: raw } }
      : { inputs: inputsFor('oauth-token', credential), env: { [`INPUT_${input.toUpperCase()}`]: raw } }
    await inScenario(scenario, async (run) => {
      await expectMaskedInLaterStep(run, inner)
      expectCleanRun(run, { secrets: [credential, raw, inner], maskedFirst: [credential, raw, inner] })
    })
  })
})

