import { md, renderLog, renderSummary } from '../../src/report/summary.js'
import { problem } from '../../src/common/problems.js'

describe('summary', () => {
  test('md escapes HTML, Markdown and table pipes', () => {
    expect(md('<b>|`x`_*[a](u)#')).toBe('&lt;b&gt;&#124;\\`x\\`\\_\\*\\[a\\](u)\\#')
  })

  test('a path with link syntax is rendered inert in a finding', () => {
    const text = renderSummary({ ok: false, problems: [problem('error', 'T', 'cause', '/home/[phish](https://evil.example)/x', 'fix')] })
    expect(text).not.toContain('[phish](')
    expect(text).toContain('\\[phish\\](https://evil.example)')
  })

  test('invalid inputs: the first line is the cause and the fix, then the findings', () => {
    const text = renderSummary({ ok: false, problems: [problem('error', 'Invalid input `bare`', '`bare` is "yes", which is not `true` or `false`.', 'input `bare`', 'set it to `true` or `false`')] })
    const lines = text.split('\n')
    expect(lines[0]).toBe('## ❌ Claude Code authentication')
    expect(lines[2]).toBe('<code>bare</code> is "yes", which is not <code>true</code> or <code>false</code>. Fix: set it to <code>true</code> or <code>false</code>.')
    expect(lines[4]).toBe('### Findings and fixes')
    expect(text).toContain('**Invalid input <code>bare</code>**')
  })

  test('several errors: the first line counts them and leads with the first', () => {
    const first = renderLog({ ok: false, problems: [problem('warning', 'W', 'a warning.', 'x', 'y'), problem('error', 'E1', 'first cause.', 'x', 'fix one'), problem('error', 'E2', 'second.', 'x', 'fix two')] })[0]
    expect(first).toBe('2 problems. First: first cause. Fix: fix one.')
  })

  test('log lines never start with a workflow command', () => {
    for (const line of renderLog({ ok: false, problems: [] })) expect(line).not.toMatch(/^\s*::/)
  })
})
