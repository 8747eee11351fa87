import { analyseShellScript, claudeFlags, findClaudeWords, isPosixShell } from '../../../src/scan/workflow/shell.js'
import { parseScript, splitWords, type SimpleCommand } from '../../../src/scan/workflow/shell-lexer.js'

/** Script line 1 is file line 10 in every test, so lines are checked with the offset applied. */
const analyse = (script: string) => analyseShellScript(script, 10)
const lit = (text: string) => ({ kind: 'literal', text })
const sh = (text: string) => ({ kind: 'shell', text })
const simple = (script: string) =>
  parseScript(script).flatMap((s) => s.pipeline).filter((c): c is SimpleCommand => c.type === 'simple').map((c) => c.words.map((w) => w.text))

describe('lexer and parser', () => {
  test('quotes, escapes and ANSI-C quotes are removed; variables are kept as written', () => {
    expect(simple(`echo 'a b' "c \\"d\\" $X" e\\ f $'g\\th'`)).toEqual([['echo', 'a b', 'c "d" $X', 'e f', 'g\th']])
  })

  test('a backslash-newline joins lines; a comment runs to the end of its line', () => {
    expect(simple('claude -p x \\\n  --bare # not --settings\necho a#b')).toEqual([['claude', '-p', 'x', '--bare'], ['echo', 'a#b']])
  })

  test('; && || | & and newlines separate commands', () => {
    expect(simple('a; b && c || d | e & f\ng')).toEqual([['a'], ['b'], ['c'], ['d'], ['e'], ['f'], ['g']])
  })

  test('{ …; } and ( … ) groups hold their commands', () => {
    const statements = parseScript('{ a; b; } > out\n( c )')
    expect(statements.map((s) => s.pipeline.map((c) => c.type === 'group' && [c.scope, c.body.length, c.redirects.map((r) => r.op)]))).toEqual([
      [['same', 2, ['>']]],
      [['subshell', 1, []]],
    ])
  })

  test('$( … ) is one word; nested parentheses and quotes inside it do not end it', () => {
    expect(simple('X=$(echo "(a)" $(b)) c')).toEqual([['X=$(echo "(a)" $(b))', 'c']])
  })

  test('heredoc bodies are not commands: <<EOF, <<-EOF (tabs stripped), <<\'EOF\' (no expansion)', () => {
    const statements = parseScript("cat <<EOF\nclaude --bare $X\nEOF\ncat <<-END\n\tclaude\n\tEND\ncat <<'Q'\n$Y\nQ\necho after")
    expect(statements.length).toBe(4)
    const heredocs = statements.slice(0, 3).map((s) => (s.pipeline[0] as SimpleCommand).redirects[0]!.heredoc)
    expect(heredocs.map((h) => [h!.quoted, h!.lines.map((l) => [l.line, l.parts.map((p) => `${p.kind}:${p.text}`)])])).toEqual([
      [false, [[2, ['static:claude --bare ', 'shell:$X']]]],
      [false, [[5, ['static:claude']]]],
      [true, [[8, ['static:$Y']]]],
    ])
    expect(simple("cat <<EOF\nclaude\nEOF\necho after").pop()).toEqual(['echo', 'after'])
  })

  test('${{ … }} is one expression part, substituted by GitHub before the shell runs', () => {
    const [command] = parseScript('echo "K=${{ secrets.K }}"')[0]!.pipeline as SimpleCommand[]
    expect(command!.words[1]!.parts).toEqual([
      { text: 'K=', kind: 'static' },
      { text: '${{ secrets.K }}', kind: 'expression' },
    ])
  })

  test('splitWords splits like claude-code-action: quotes removed, ( ) | ; kept inside words', () => {
    expect(splitWords(`--allowedTools "Bash(gh pr:*)" Read(src/**)\n--settings '{"a": 1}' --bare`)).toEqual([
      '--allowedTools',
      'Bash(gh pr:*)',
      'Read(src/**)',
      '--settings',
      '{"a": 1}',
      '--bare',
    ])
  })
})

describe('claude commands', () => {
  test('the word claude with its args, --bare, and --settings <value>', () => {
    const [c] = analyse('claude -p "review this" --bare --settings .claude/ci.json').claude
    expect(c).toEqual({
      line: 10,
      command: 'claude',
      args: ['-p', 'review this', '--bare', '--settings', '.claude/ci.json'],
      bare: true,
      settings: '.claude/ci.json',
      prefix: [],
      wrappers: [],
      scriptEnv: [],
      conditional: false,
    })
  })

  test('--settings=<value> with inline JSON', () => {
    expect(analyse(`claude --settings='{"env":{"A":"1"}}' -p x`).claude[0]).toMatchObject({ bare: false, settings: '{"env":{"A":"1"}}' })
  })

  test('a path ending in /claude', () => {
    expect(analyse('~/.local/bin/claude -p x\n"$HOME/.local/bin/claude" -p y\n./node_modules/.bin/claude').claude.map((c) => [c.line, c.command])).toEqual([
      [10, '~/.local/bin/claude'],
      [11, '$HOME/.local/bin/claude'],
      [12, './node_modules/.bin/claude'],
    ])
  })

  test('npx [-y], bunx, pnpm dlx, npm exec with @anthropic-ai/claude-code[@version]', () => {
    const found = analyse(
      [
        'npx -y @anthropic-ai/claude-code -p a',
        'npx @anthropic-ai/claude-code@2.1.330 --bare',
        'bunx @anthropic-ai/claude-code -p b',
        'pnpm dlx @anthropic-ai/claude-code -p c',
        'npm exec -- @anthropic-ai/claude-code -p d',
        'npx -p @anthropic-ai/claude-code claude -p e',
      ].join('\n'),
    ).claude
    expect(found.map((c) => [c.line, c.command, c.args, c.bare])).toEqual([
      [10, 'npx -y @anthropic-ai/claude-code', ['-p', 'a'], false],
      [11, 'npx @anthropic-ai/claude-code@2.1.330', ['--bare'], true],
      [12, 'bunx @anthropic-ai/claude-code', ['-p', 'b'], false],
      [13, 'pnpm dlx @anthropic-ai/claude-code', ['-p', 'c'], false],
      [14, 'npm exec -- @anthropic-ai/claude-code', ['-p', 'd'], false],
      [15, 'npx -p @anthropic-ai/claude-code claude', ['-p', 'e'], false],
    ])
  })

  test('after sudo, env VAR=x, time, exec, timeout N: the wrappers and env assignments are kept', () => {
    const found = analyse(
      ['sudo -E claude -p a', 'env ANTHROPIC_API_KEY= claude -p b', 'time claude -p c', 'exec claude -p d', 'timeout 10m claude -p e', 'env -i -u X HOME=/h sudo claude'].join('\n'),
    ).claude
    expect(found.map((c) => [c.line, c.wrappers, c.args])).toEqual([
      [10, ['sudo -E'], ['-p', 'a']],
      [11, ['env'], ['-p', 'b']],
      [12, ['time'], ['-p', 'c']],
      [13, ['exec'], ['-p', 'd']],
      [14, ['timeout'], ['-p', 'e']],
      [15, ['env', 'sudo'], []],
    ])
    expect(found[1]!.prefix).toEqual([{ name: 'ANTHROPIC_API_KEY', value: lit(''), line: 11, form: 'prefix' }])
    expect(found[5]).toMatchObject({ clearsEnv: true, prefix: [{ name: 'X', unset: true, line: 15 }, { name: 'HOME', value: lit('/h'), form: 'prefix' }] })
  })

  test('VAR=value prefix assignments belong to the command only', () => {
    const result = analyse('ANTHROPIC_API_KEY="$KEY" CLAUDE_CODE_USE_BEDROCK=1 claude -p x\nclaude -p y')
    expect(result.claude[0]!.prefix).toEqual([
      { name: 'ANTHROPIC_API_KEY', value: sh('$KEY'), line: 10, form: 'prefix' },
      { name: 'CLAUDE_CODE_USE_BEDROCK', value: lit('1'), line: 10, form: 'prefix' },
    ])
    expect(result.claude[1]!.scriptEnv).toEqual([])
  })

  test('export and unset before the command are in effect, in order; a plain assignment is kept as plain', () => {
    const result = analyse('export ANTHROPIC_API_KEY=${{ secrets.KEY }}\nunset CLAUDE_CODE_OAUTH_TOKEN\nMODEL=x\nexport -n OTHER\nclaude -p hi')
    expect(result.claude[0]!.scriptEnv).toEqual([
      { name: 'ANTHROPIC_API_KEY', value: { kind: 'expression', text: '${{ secrets.KEY }}', refs: ['secrets.KEY'] }, line: 10, form: 'export' },
      { name: 'CLAUDE_CODE_OAUTH_TOKEN', unset: true, line: 11 },
      { name: 'MODEL', value: lit('x'), line: 12, form: 'plain' },
      { name: 'OTHER', unset: true, line: 13 },
    ])
  })

  test('export NAME exports an earlier plain assignment; set -a exports the ones after it; declare -x exports', () => {
    const result = analyse('K=one\nexport K\nset -a\nL=two\nset +a\nM=three\ndeclare -x N=four\nclaude')
    expect(result.claude[0]!.scriptEnv.map((e) => ('unset' in e ? `-${e.name}` : `${e.form}:${e.name}=${e.value.text}@${e.line}`))).toEqual([
      'plain:K=one@10',
      'export:K=one@11',
      'export:L=two@13',
      'plain:M=three@15',
      'export:N=four@16',
    ])
    expect(result.assignments.map((a) => a.name)).toEqual(['K', 'L', 'N'])
  })

  test('exports inside a ( … ) subshell, a pipeline or $( … ) are not in effect afterwards; inside { …; } they are', () => {
    const result = analyse('( export A=1 )\nexport B=2 | cat\n{ export C=3; }\nX=$(export D=4)\nclaude')
    expect(result.claude[0]!.scriptEnv.map((e) => e.name)).toEqual(['C', 'X'])
  })

  test('a command in an if body, after && or ||, or in a function is conditional; an if condition is not', () => {
    const result = analyse('if claude -p a; then\n  claude -p b\nfi\ntest -n "$K" && claude -p c\nrun() { claude -p d; }\nclaude -p e || exit 1')
    expect(result.claude.map((c) => [c.line, c.args[1], c.conditional])).toEqual([
      [10, 'a', false],
      [11, 'b', true],
      [13, 'c', true],
      [14, 'd', true],
      [15, 'e', false],
    ])
  })

  test('case arms and loop bodies are conditional; the patterns are not commands', () => {
    const result = analyse('case "$MODE" in\n  claude) claude --bare ;;\n  *) echo no ;;\nesac\nfor f in a b; do\n  claude -p "$f"\ndone\nclaude -p last')
    expect(result.claude.map((c) => [c.line, c.args, c.conditional])).toEqual([
      [11, ['--bare'], true],
      [15, ['-p', '$f'], true],
      [17, ['-p', 'last'], false],
    ])
  })

  test('claude inside $( … ) and backquotes is found, on its own line', () => {
    const result = analyse('OUT=$(claude -p "x")\necho "$(\n  claude --bare -p y\n)"\nV=`claude -p z`')
    expect(result.claude.map((c) => [c.line, c.bare, c.args.at(-1)])).toEqual([
      [10, false, 'x'],
      [12, true, 'y'],
      [14, false, 'z'],
    ])
  })

  test('not commands: echo claude, a comment, claude-foo, a heredoc body, command -v claude, installing the package', () => {
    const script = [
      'echo claude --bare',
      '# claude --bare',
      'claude-foo -p x',
      'cat <<EOF',
      'claude --bare',
      'EOF',
      'command -v claude',
      'which claude',
      'npm install -g @anthropic-ai/claude-code',
      'npx claude-foo',
    ].join('\n')
    expect(analyse(script).claude).toEqual([])
  })

  test('claudeFlags stops at --', () => {
    expect(claudeFlags(['-p', '--', '--bare'])).toEqual({ bare: false })
  })
})

describe('GITHUB_ENV writes', () => {
  const writes = (script: string) => analyse(script).githubEnvWrites.map((w) => [w.name, w.value, w.line])

  test('echo "X=v" >> "$GITHUB_ENV" and >> $GITHUB_ENV and >> ${GITHUB_ENV}', () => {
    expect(writes('echo "A=1" >> "$GITHUB_ENV"\necho B=two >> $GITHUB_ENV\necho "C=$KEY" >>${GITHUB_ENV}')).toEqual([
      ['A', lit('1'), 10],
      ['B', lit('two'), 11],
      ['C', sh('$KEY'), 12],
    ])
  })

  test('a GitHub expression in the value', () => {
    expect(writes('echo "ANTHROPIC_API_KEY=${{ secrets.K }}" >> "$GITHUB_ENV"')).toEqual([
      ['ANTHROPIC_API_KEY', { kind: 'expression', text: '${{ secrets.K }}', refs: ['secrets.K'] }, 10],
    ])
  })

  test("printf 'X=%s\\n' v >> …, the format repeating for extra arguments", () => {
    expect(writes(`printf 'A=%s\\n' one >> "$GITHUB_ENV"\nprintf '%s=%s\\n' B two C "$three" >> "$GITHUB_ENV"`)).toEqual([
      ['A', lit('one'), 10],
      ['B', lit('two'), 11],
      ['C', sh('$three'), 11],
    ])
  })

  test('cat >> "$GITHUB_ENV" <<EOF: each NAME=value line, with its own line', () => {
    expect(writes('cat >> "$GITHUB_ENV" <<EOF\nA=1\nB=$TOKEN\nEOF\ncat <<\'EOF\' >> "$GITHUB_ENV"\nC=$literal\nEOF')).toEqual([
      ['A', lit('1'), 11],
      ['B', sh('$TOKEN'), 12],
      ['C', lit('$literal'), 15],
    ])
  })

  test('NAME<<DELIM multi-line records, from a heredoc and from successive echos', () => {
    const script = [
      'cat >> "$GITHUB_ENV" <<EOF',
      'NOTES<<END',
      'line one',
      'line two',
      'END',
      'EOF',
      'echo "KEY<<XYZ" >> "$GITHUB_ENV"',
      'echo "$value" >> "$GITHUB_ENV"',
      'echo "XYZ" >> "$GITHUB_ENV"',
    ].join('\n')
    expect(writes(script)).toEqual([
      ['NOTES', lit('line one\nline two'), 11],
      ['KEY', sh('$value'), 16],
    ])
  })

  test('whichever of = and << comes first decides the record, as the runner reads it', () => {
    expect(writes("cat >> \"$GITHUB_ENV\" <<'EOF'\nA=x<<y\nB<<END=1\nv\nEND=1\nEOF")).toEqual([
      ['A', lit('x<<y'), 11],
      ['B', lit('v'), 12],
    ])
  })

  test('{ echo …; echo …; } >> "$GITHUB_ENV"', () => {
    expect(writes('{\n  echo "A=1"\n  echo "B=2"\n} >> "$GITHUB_ENV"')).toEqual([
      ['A', lit('1'), 11],
      ['B', lit('2'), 12],
    ])
  })

  test('tee -a "$GITHUB_ENV", piped into or with a heredoc', () => {
    expect(writes('echo "A=1" | tee -a "$GITHUB_ENV"\ntee -a $GITHUB_ENV <<EOF >/dev/null\nB=2\nEOF')).toEqual([
      ['A', lit('1'), 10],
      ['B', lit('2'), 12],
    ])
  })

  test('a write from a conditional command is marked', () => {
    expect(analyse('if x; then\n  echo "A=1" >> "$GITHUB_ENV"\nfi').githubEnvWrites[0]!.conditional).toBe(true)
  })

  test('writes that cannot be read are listed with their command, not guessed', () => {
    const result = analyse('env >> "$GITHUB_ENV"\necho "$NAME=1" >> "$GITHUB_ENV"\necho "just text" >> "$GITHUB_ENV"')
    expect(result.githubEnvWrites).toEqual([])
    expect(result.githubEnvUnread).toEqual([
      { line: 10, command: 'env' },
      { line: 11, command: 'echo' },
      { line: 12, command: 'echo' },
    ])
  })

  test('other files, GITHUB_OUTPUT and stderr are not GITHUB_ENV', () => {
    const result = analyse('echo "A=1" >> "$GITHUB_OUTPUT"\necho "B=1" > out.env\necho "C=1" >> "$GITHUB_ENV" >&2\necho "D=1" >> "$MY_GITHUB_ENV"')
    expect(result.githubEnvWrites).toEqual([])
    expect(result.githubEnvUnread).toEqual([])
  })

  test('NODE_OPTIONS is refused by the runner and left out', () => {
    expect(writes('echo "NODE_OPTIONS=--require x" >> "$GITHUB_ENV"')).toEqual([])
  })
})

describe('script assignments', () => {
  test('exports and command prefixes, in order, whether or not claude runs', () => {
    const result = analyse('export A=1\nB=2 make\nC=3\necho done')
    expect(result.assignments).toEqual([
      { name: 'A', value: lit('1'), line: 10, form: 'export' },
      { name: 'B', value: lit('2'), line: 11, form: 'prefix' },
    ])
  })
})

describe('other shells', () => {
  test('bash, sh, and shell templates with {0} are read as bash; no shell means bash except on Windows', () => {
    expect([isPosixShell(undefined), isPosixShell('bash'), isPosixShell('sh'), isPosixShell('bash --noprofile --norc -eo pipefail {0}'), isPosixShell('/usr/bin/bash -e {0}')]).toEqual([
      true,
      true,
      true,
      true,
      true,
    ])
    expect([isPosixShell(undefined, 'Windows'), isPosixShell('pwsh'), isPosixShell('python'), isPosixShell('node {0}'), isPosixShell('cmd')]).toEqual([
      false,
      false,
      false,
      false,
      false,
    ])
  })

  test('words only: each line naming claude, with --bare seen on that line', () => {
    const found = findClaudeWords('import subprocess\nsubprocess.run(["claude", "--bare", "-p", "x"])\n$env:ANTHROPIC_API_KEY = "k"\n& claude.exe -p y\nclaude-foo', 20)
    expect(found.map((c) => [c.line, c.command, c.bare])).toEqual([
      [21, 'claude', true],
      [23, 'claude.exe', false],
    ])
  })
})
