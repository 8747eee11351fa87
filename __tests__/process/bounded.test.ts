// Bounded reading (issue 19.6): a `run:` script nested deeper than the shell reader follows
// (1,200 `$(`, 3,000 `(` or `{`) is not read: a warning that names the step and says what
// the finding depends on, never "Internal error (RangeError: Maximum call stack size
// exceeded)". Deep YAML and a deep settings file are read or refused with a reason, too.

import { describe, expect, test } from '@jest/globals'

import { expectCleanRun, inScenario, inputsFor, oauthToken, workflowWith } from './fixtures.js'

const INPUTS = { 'claude-code-oauth-token': '${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}' }

/** A later step (line 11) whose one-line script is `text`. */
const withScript = (text: string) => workflowWith(INPUTS, `      - name: Deep
        run: '${text.replace(/'/g, "''")}'
`)

const DEEP: [string, string][] = [
  ['1,200 nested $( )', `${'echo $('.repeat(1200)}claude -p hi${')'.repeat(1200)}`],
  ['3,000 nested ( )', `${'('.repeat(3000)}claude -p hi${')'.repeat(3000)}`],
  ['3,000 nested { }', `${'{ '.repeat(3000)}claude -p hi;${' }'.repeat(3000)}`],
  ['3,000 nested function bodies', `${'f() '.repeat(3000)}claude -p hi`],
]

describe('a script nested too deep is not read, and says so', () => {
  test.each(DEEP)('%s', async (_, script) => {
    const credential = oauthToken(`bounded/${script.length}`)
    await inScenario({ inputs: inputsFor('oauth-token', credential), workflow: { text: withScript(script) } }, (run) => {
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      const { result } = run
      expect(result.annotations.map((a) => a.title)).not.toContain('Internal error')
      expect(result.exitCode).toBe(0)
      const warning = result.annotations.find((a) => a.title === 'Step "Deep" not read')!
      expect(warning.level).toBe('warning')
      expect(warning.message).toMatch(/^Step "Deep" was not read \(its script nests commands more than 64 levels deep\)/)
      expect(warning.message).toContain('Depends on: what the script of step "Deep" does.')
      expect(JSON.parse(result.outputs['later-steps'] ?? 'null')).toEqual([{ step: 'Deep', line: 11, 'runs-claude': true, verdict: 'depends' }])
    })
  })

  test('a script nested less deep is still read and judged', async () => {
    const credential = oauthToken('bounded/shallow')
    const script = `${'('.repeat(20)}ANTHROPIC_API_KEY=sk-ant-api03-literal claude -p hi${')'.repeat(20)}`
    await inScenario({ inputs: inputsFor('oauth-token', credential), workflow: { text: withScript(script) } }, (run) => {
      expect(run.result.exitCode).toBe(1)
      expect(JSON.parse(run.result.outputs['later-steps'] ?? 'null')).toEqual([{ step: 'Deep', line: 11, 'runs-claude': true, verdict: 'conflict' }])
    })
  })
})

describe('other deep input', () => {
  test('a workflow file nested 5,000 levels deep', async () => {
    const credential = oauthToken('bounded/yaml')
    const text = `${workflowWith(INPUTS, '      - run: claude -p hi\n')}x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`
    await inScenario({ inputs: inputsFor('oauth-token', credential), workflow: { text } }, (run) => {
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      expect(run.result.annotations.map((a) => a.title)).not.toContain('Internal error')
    })
  })

  test('a settings file nested 100,000 levels deep', async () => {
    const credential = oauthToken('bounded/json')
    const deep = `{"env":{"X":"1"},"deep":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    await inScenario({ inputs: inputsFor('oauth-token', credential), files: { project: deep } }, (run) => {
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      expect(run.result.annotations.map((a) => a.title)).not.toContain('Internal error')
      expect(run.result.exitCode).toBe(0)
    })
  })

  test('an event payload nested 100,000 levels deep', async () => {
    const credential = oauthToken('bounded/event')
    const text = workflowWith(INPUTS, `      - run: claude -p hi
        env:
          CLAUDE_CODE_USE_VERTEX: \${{ github.event.a.b.c }}
`)
    await inScenario({ inputs: inputsFor('oauth-token', credential), workflow: { text }, event: `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}` }, (run) => {
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      expect(run.result.annotations.map((a) => a.title)).not.toContain('Internal error')
    })
  })
})
