// Where a variable of the environment is set: host detection and shell profile lines.
// Values written here by hand; only names and line numbers may come out.

import { describe, expect, test } from '@jest/globals'

import { assignments, detectHost, environmentFix, environmentWords, whereSet } from '../../src/doctor/environment.js'

describe('assignments', () => {
  test('sh, bash, zsh, fish and csh forms, with the literal value when there is one', () => {
    const text = [
      '# export ANTHROPIC_API_KEY=commented-out',
      'export ANTHROPIC_API_KEY="quoted"',
      "ANTHROPIC_API_KEY='single'",
      'export ANTHROPIC_API_KEY=$(pass show anthropic)',
      'set -gx ANTHROPIC_API_KEY plain',
      'setenv ANTHROPIC_API_KEY csh',
      'declare -x ANTHROPIC_API_KEY=bare # trailing comment',
      'export ANTHROPIC_API_KEY_OLD=other-variable',
      'echo $ANTHROPIC_API_KEY',
    ].join('\n')
    expect(assignments(text, 'ANTHROPIC_API_KEY')).toEqual([
      { line: 2, value: 'quoted' },
      { line: 3, value: 'single' },
      { line: 4, value: undefined },
      { line: 5, value: 'plain' },
      { line: 6, value: 'csh' },
      { line: 7, value: 'bare' },
    ])
  })

  test('whereSet: same value, another value, computed; only for variables that are set', () => {
    const files: Record<string, string> = {
      '/h/.zshrc': 'export ANTHROPIC_API_KEY=current\nexport CLAUDE_CODE_USE_BEDROCK=1\n',
      '/h/.profile': 'export ANTHROPIC_API_KEY=old\nexport ANTHROPIC_API_KEY=$(cat ~/.key)\n',
    }
    const found = whereSet({ ANTHROPIC_API_KEY: 'current' }, ['ANTHROPIC_API_KEY', 'CLAUDE_CODE_USE_BEDROCK'], ['/h/.zshrc', '/h/.profile', '/h/.absent'], (p) => files[p])
    expect(Object.fromEntries(found)).toEqual({
      ANTHROPIC_API_KEY: [
        { path: '/h/.zshrc', line: 1, sameValue: true },
        { path: '/h/.profile', line: 1, sameValue: false },
        { path: '/h/.profile', line: 2 },
      ],
    })
  })
})

describe('host and wording', () => {
  test.each([
    [{ GITHUB_ACTIONS: 'true', CI: 'true' }, 'github-actions'],
    [{ GITLAB_CI: 'true', CI: 'true' }, 'gitlab-ci'],
    [{ CIRCLECI: 'true', CI: 'true' }, 'circleci'],
    [{ JENKINS_URL: 'https://ci.example.com/' }, 'jenkins'],
    [{ CI: 'true' }, 'ci'],
    [{ CI: 'false' }, 'local'],
    [{}, 'local'],
  ])('%j is %s', (env, host) => expect(detectHost(env)).toBe(host))

  test('a laptop names the profile line that sets the value, and not one that sets another', () => {
    const show = (p: string) => p.replace('/h/', '~/')
    const setIn = new Map([
      ['ANTHROPIC_API_KEY', [{ path: '/h/.zshrc', line: 3, sameValue: true }]],
      ['ANTHROPIC_AUTH_TOKEN', [{ path: '/h/.bashrc', line: 9, sameValue: false }]],
    ])
    const words = environmentWords({ host: 'local', setIn, show })
    expect(words.where('ANTHROPIC_API_KEY')).toBe('your environment, set in ~/.zshrc line 3')
    expect(words.where('ANTHROPIC_AUTH_TOKEN')).toBe(
      'your environment; ~/.bashrc line 9 sets another value, so it was changed after that (in this terminal, or by the program that started it)',
    )
    expect(environmentFix({ host: 'local', setIn, show }, 'ANTHROPIC_API_KEY')).toBe(
      'delete the line that sets ANTHROPIC_API_KEY (~/.zshrc line 3), then open a new terminal, or run `unset ANTHROPIC_API_KEY` in this one',
    )
    expect(environmentFix({ host: 'local', setIn, show }, 'ANTHROPIC_AUTH_TOKEN')).toMatch(/^run `unset ANTHROPIC_AUTH_TOKEN` in this shell/)
    expect(environmentFix({ host: 'jenkins', setIn, show }, 'ANTHROPIC_API_KEY')).toMatch(/`unset ANTHROPIC_API_KEY` in the `sh` step before `claude`$/)
  })
})
