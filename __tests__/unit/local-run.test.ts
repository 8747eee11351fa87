// `npm start`'s pure helpers: input names under npm's /bin/sh, and the summary as text.

import { describe, expect, test } from '@jest/globals'

import { inputName, summaryText } from '../../scripts/local-run.js'

describe('inputName', () => {
  test('the runner spelling and the underscore spelling (dash drops names with `-`) name the same input', () => {
    expect(inputName('INPUT_CLAUDE-CODE-OAUTH-TOKEN')).toBe('claude-code-oauth-token')
    expect(inputName('INPUT_CLAUDE_CODE_OAUTH_TOKEN')).toBe('claude-code-oauth-token')
    expect(inputName('INPUT_ON_CONFLICT')).toBe('on-conflict')
  })
})

describe('summaryText', () => {
  test('tables, code, escapes and line breaks become plain text', () => {
    const markdown = '## ✅ Claude Code authentication\n\n| Name | Where |\n| --- | --- |\n| <code>ANTHROPIC\\_API\\_KEY</code> | a &#124; b &lt;x&gt; |\n\n- **Fix:** one <br>Where: two\n'
    expect(summaryText(markdown)).toBe('✅ Claude Code authentication\n\n| Name | Where |\n| ANTHROPIC_API_KEY | a | b <x> |\n\n- Fix: one \n    Where: two\n')
  })
})
