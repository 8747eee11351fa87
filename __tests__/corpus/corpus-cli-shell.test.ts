// The bash reading of the corpus CLI check (conformance/corpus-cli/shell.ts and the reduction
// in conformance/corpus-cli.ts): which statements a script has, where it calls Claude Code,
// and the script that stands for a step. Expected values written by hand.

import { describe, expect, test } from '@jest/globals'
import { reduceScript } from '../../conformance/corpus-cli.js'
import { claudeCalls, statements } from '../../conformance/corpus-cli/shell.js'

const CLI = '/opt/claude'
/** The minimal call's switches (conformance/run-cli.ts PROMPT_ARGS), quoted as the reduction writes them. */
const PROMPT = "'-p' 'hi' '--output-format' 'json' '--tools' '' '--strict-mcp-config' '--disable-slash-commands' '--no-session-persistence'"
const TAIL = ['echo "claude was not reached" >&2', 'exit 3', '']

const flat = (script: string) => statements(script).map((s) => s.text.replace(/\s+/g, ' '))

describe('statements', () => {
  test('splits at newlines and ;, keeps quotes and continuations, drops comments and heredoc bodies', () => {
    const script = [
      'if [ -n "${A:-}" ]; then',
      '  unset B # not needed',
      'fi',
      'X="two',
      'lines"',
      'cat <<EOF',
      'unset C',
      'EOF',
      'cd dir && claude -p "x; y" \\',
      '  --bare',
    ].join('\n')
    expect(flat(script)).toEqual(['if [ -n "${A:-}" ]', 'then', 'unset B', 'fi', 'X="two lines"', 'cat <<EOF', 'cd dir && claude -p "x; y" --bare'])
    expect(statements(script).map((s) => s.line)).toEqual([1, 1, 2, 3, 4, 6, 9])
  })
})

describe('claudeCalls', () => {
  const calls = (script: string) => claudeCalls(statements(script)).map((c) => ({ command: c.command, prefix: c.prefix, before: c.before, args: c.args.map((a) => a.word) }))

  test('a call after `&&`, with its words up to the pipe', () => {
    expect(calls('cd dir && FOO=1 timeout 60 claude -p "do it" --bare | tee out')).toEqual([{ command: 'claude', prefix: 'FOO=1 timeout 60', before: 'cd dir &&', args: ['-p', 'do it', '--bare'] }])
  })

  test('the npm package through npx', () => {
    expect(calls('npx -y @anthropic-ai/claude-code@latest --print')).toEqual([{ command: 'npx -y @anthropic-ai/claude-code@latest', prefix: '', before: '', args: ['--print'] }])
  })

  test('mentions that are not calls', () => {
    expect(calls(['echo "claude is done"', 'which claude', 'CLAUDE_BIN=$(which claude)', 'npm install -g @anthropic-ai/claude-code', 'claude-review --x', 'git checkout -b claude/fix'].join('\n'))).toEqual([])
  })
})

describe('reduceScript', () => {
  test('keeps an unset under a plain condition, drops the rest, ends in the minimal call', () => {
    const script = ['set +e', 'if [ -n "${CLAUDE_CODE_OAUTH_TOKEN:-}" ]; then', '  unset ANTHROPIC_API_KEY', 'fi', 'PROMPT="$(cat prompt.md)"', 'claude -p "$PROMPT" --model opus'].join('\n')
    const reduced = reduceScript(script, CLI)
    expect(reduced.skip).toBeUndefined()
    expect(reduced.script).toBe(['if [ -n "${CLAUDE_CODE_OAUTH_TOKEN:-}" ]', 'then', ':', 'unset ANTHROPIC_API_KEY', 'fi', `exec '/opt/claude' ${PROMPT}`, ...TAIL].join('\n'))
  })

  test('keeps literal exports and the call\'s own prefix, and its --bare and literal --settings', () => {
    const script = ['export ANTHROPIC_BASE_URL=https://gw.example.com', 'ANTHROPIC_API_KEY= claude --bare --settings \'{"env":{}}\' -p hi'].join('\n')
    expect(reduceScript(script, CLI).script).toBe(['export ANTHROPIC_BASE_URL=https://gw.example.com', `ANTHROPIC_API_KEY= exec '/opt/claude' '--bare' '--settings' '{"env":{}}' ${PROMPT}`, ...TAIL].join('\n'))
  })

  test('a kept if whose body is all dropped stays valid bash', () => {
    const script = ['if [ -n "$A" ]; then echo "A is set"; else exit 0; fi', 'claude -p hi'].join('\n')
    expect(reduceScript(script, CLI).script).toBe(['if [ -n "$A" ]', 'then', ':', 'else', ':', 'exit 0', 'fi', `exec '/opt/claude' ${PROMPT}`, ...TAIL].join('\n'))
  })

  test('an elif on a command ends the kept part of its if (taken as the else)', () => {
    const script = ['if [ -n "$A" ]; then', '  unset ANTHROPIC_API_KEY', 'elif grep -q x f; then', '  echo b', 'fi', 'claude -p hi'].join('\n')
    expect(reduceScript(script, CLI).script).toBe(['if [ -n "$A" ]', 'then', ':', 'unset ANTHROPIC_API_KEY', 'else', ':', 'fi', `exec '/opt/claude' ${PROMPT}`, ...TAIL].join('\n'))
  })

  test('a guarded one-liner and an exit stay', () => {
    const script = ['[ -z "$ANTHROPIC_API_KEY" ] && exit 0', '[ -n "$X" ] && export CLAUDE_CODE_OAUTH_TOKEN="$X"', 'claude -p hi'].join('\n')
    expect(reduceScript(script, CLI).script).toBe(['[ -z "$ANTHROPIC_API_KEY" ] && exit 0', '[ -n "$X" ] && export CLAUDE_CODE_OAUTH_TOKEN="$X"', `exec '/opt/claude' ${PROMPT}`, ...TAIL].join('\n'))
  })

  test.each([
    ['source ./ci/env.sh\nclaude -p hi', /sources a file/],
    ['eval "$(./setup)"\nclaude -p hi', /eval/],
    ['export ANTHROPIC_API_KEY=$(vault read key)\nclaude -p hi', /sets ANTHROPIC_API_KEY/],
    ['for f in a b; do\n  export ANTHROPIC_AUTH_TOKEN=$f\ndone\nclaude -p hi', /sets ANTHROPIC_AUTH_TOKEN inside a block/],
    ['claude --settings .claude/ci.json -p hi', /names a file/],
    ['sudo -u bot claude -p hi', /sudo/],
    ['./scripts/run-claude.sh', /calls no `claude`/],
    ['docker run --rm img python -m pytest', /container/],
  ])('cannot be reproduced: %s', (script, why) => {
    const reduced = reduceScript(script, CLI)
    expect(reduced.script).toBeUndefined()
    expect(reduced.skip).toMatch(why)
  })

  test('a variable set by a dropped command cannot feed a kept export of a credential', () => {
    const reduced = reduceScript(['KEY=$(cat key.txt)', 'export ANTHROPIC_API_KEY="$KEY"', 'claude -p hi'].join('\n'), CLI)
    expect(reduced.skip).toMatch(/sets ANTHROPIC_API_KEY from a command/)
  })
})
