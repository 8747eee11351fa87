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

  test('invalid inputs: the verdict says so and lists the finding', () => {
    const text = renderSummary({ ok: false, problems: [problem('error', 'Invalid input `bare`', 'The value of `bare` is not valid.', 'input `bare`', 'set it to `true`')] })
    expect(text).toContain('## ❌ Claude Code authentication')
    expect(text).toContain('Not configured: the inputs are not valid.')
    expect(text).toContain('**Invalid input <code>bare</code>**')
  })

  test('log lines never start with a workflow command', () => {
    for (const line of renderLog({ ok: false, problems: [] })) expect(line).not.toMatch(/^\s*::/)
  })
})
