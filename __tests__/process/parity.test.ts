// The action's half of the parity cases (../parity-cases.ts): with the
// credential in K's input, the same verdict and rule ids as the doctor gives
// with `--expect K` and the credential in K's variable
// (../doctor/parity.test.ts). Rule ids are read from the annotations.

import { describe, expect, test } from '@jest/globals'

import { PARITY_CASES, INPUT_OF, VARIABLE_OF } from '../parity-cases.js'
import { apiKey, expectCleanRun, fingerprintOf, inScenario, oauthToken } from './fixtures.js'
import type { Annotation } from '../../harness/workflow-commands.js'

const tokens = { oauth: oauthToken, api: apiKey }

/** "… Fix: …. Rule: credential/wrong-slot." */
const ruleOf = (a: Annotation): string => /Rule: ([a-z0-9/-]+)\.$/.exec(a.message)?.[1] ?? '(none)'

describe('the action judges its input as the doctor judges the variable', () => {
  test.concurrent.each(PARITY_CASES)('$id', async (c) => {
    const value = c.value(tokens)
    const files = c.files?.(tokens) ?? {}
    // The same world: for the shadowed case the job env holds the key too, as the shell did.
    const env = { ...(c.env?.(tokens) ?? {}), ...(c.errors.includes('settings/shadowed-value') ? { [VARIABLE_OF[c.expect]]: value } : {}) }
    await inScenario({ inputs: { [INPUT_OF[c.expect]]: value }, env, files }, (run) => {
      const fileSecrets = Object.values(files).flatMap((f) => Object.values((f as { env?: Record<string, string> }).env ?? {}))
      expectCleanRun(run, { secrets: [value, value.trim(), ...fileSecrets], maskedFirst: [value] })
      expect(run.result.exitCode).toBe(c.exitCode)
      const rules = (level: string) => run.result.annotations.filter((a) => a.level === level).map(ruleOf).sort()
      expect({ errors: rules('error'), warnings: rules('warning') }).toEqual({ errors: [...c.errors].sort(), warnings: [...c.warnings].sort() })
    })
  })

  test('a trailing newline: the fingerprint output is the one of the token Claude Code sends', async () => {
    const token = oauthToken('parity/fingerprint')
    await inScenario({ inputs: { 'claude-code-oauth-token': `${token}\n` } }, (run) => {
      expect(run.result.exitCode).toBe(0)
      expect(run.result.outputs.fingerprint).toBe(fingerprintOf(token))
    })
  })
})
