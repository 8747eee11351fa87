// A settings file the CLI cannot parse is ignored by it (facts §3). The action
// must say so, naming the file, and go on: no crash, no stack trace, no parser message (which
// would quote the file's content, secrets included).

import { describe, expect, test } from '@jest/globals'

import {
  apiKey,
  conflictTitle,
  type Content,
  expectCleanRun,
  expectExports,
  expectOutputs,
  expectTitles,
  inPlay,
  inputsFor,
  inScenario,
  laterStepEnv,
  oauthToken,
  type Place,
  type Scenario,
  shownPath,
  UNREADABLE,
} from './fixtures.js'

interface Malformed {
  id: string
  place: Place
  /** The planted content and any secret inside it. */
  make: (label: string) => { content: Content; secrets: string[] }
  title: string
}

const NOT_JSON = 'Settings file is not valid JSON'
const UNREADABLE_TITLE = 'Settings file cannot be read'

const MALFORMED: Malformed[] = [
  {
    id: 'invalid JSON (holding a key) in project settings',
    place: 'project',
    make: (l) => {
      const key = apiKey(l)
      return { content: `{ "env": { "ANTHROPIC_API_KEY": "${key}", } `, secrets: [key] }
    },
    title: NOT_JSON,
  },
  {
    id: 'a JSON array in user settings',
    place: 'user',
    make: (l) => {
      const key = apiKey(l)
      return { content: [{ env: { ANTHROPIC_API_KEY: key } }], secrets: [key] }
    },
    title: NOT_JSON,
  },
  {
    id: 'JSON null in ~/.claude.json',
    place: 'claudeJson',
    make: () => ({ content: 'null', secrets: [] }),
    title: NOT_JSON,
  },
  {
    id: 'a bare string in settings.local',
    place: 'local',
    make: () => ({ content: '"just a string"', secrets: [] }),
    title: NOT_JSON,
  },
  {
    id: 'unreadable project settings (a directory)',
    place: 'project',
    make: () => ({ content: UNREADABLE, secrets: [] }),
    title: UNREADABLE_TITLE,
  },
  {
    id: 'unreadable settings.local (a directory)',
    place: 'local',
    make: () => ({ content: UNREADABLE, secrets: [] }),
    title: UNREADABLE_TITLE,
  },
]

describe('malformed settings files', () => {
  test.concurrent.each(MALFORMED)('$id → warning naming the path, run succeeds', async ({ id, place, make, title }) => {
    const credential = oauthToken(`malformed/${id}`)
    const { content, secrets } = make(`malformed/${id}/planted`)
    const scenario: Scenario = { inputs: inputsFor('oauth-token', credential), files: { [place]: content } }
    await inScenario(scenario, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential, ...secrets], maskedFirst: [credential] })
      expect(result.exitCode).toBe(0)
      expectTitles(result, { warning: [title] })
      expect(result.annotations[0]?.message).toContain(shownPath(place, run.dirs))
      // No parser message: those quote the text around the error.
      expect(result.annotations[0]?.message).not.toMatch(/Unexpected token|position \d+|SyntaxError|EISDIR/)
      expectExports(result, { CLAUDE_CODE_OAUTH_TOKEN: credential })
      expectOutputs(result, { kind: 'oauth-token', credential, conflicts: [], bareCompatible: false })
      // The CLI ignores the whole file, so a later step sees only the intended credential.
      expect(inPlay(laterStepEnv(run, { ...scenario, files: {} }))).toEqual({ CLAUDE_CODE_OAUTH_TOKEN: credential })
    })
  })

  test.concurrent('every kind of broken file at once → one warning each, run succeeds', async () => {
    const credential = oauthToken('malformed/all-at-once')
    const scenario: Scenario = {
      inputs: inputsFor('oauth-token', credential),
      files: { project: '{', local: UNREADABLE, user: [], claudeJson: 'null' },
    }
    await inScenario(scenario, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential], maskedFirst: [credential] })
      expect(result.exitCode).toBe(0)
      expectTitles(result, { warning: [NOT_JSON, NOT_JSON, NOT_JSON, UNREADABLE_TITLE] })
      const named = (['project', 'local', 'user', 'claudeJson'] as const).map((p) =>
        result.annotations.filter((a) => a.message.includes(` file ${shownPath(p, run.dirs)} because`)).length,
      )
      expect(named).toEqual([1, 1, 1, 1])
      expectExports(result, { CLAUDE_CODE_OAUTH_TOKEN: credential })
    })
  })

  test.concurrent('a broken file does not hide a real conflict in another one', async () => {
    const credential = oauthToken('malformed/with-conflict')
    const key = apiKey('malformed/with-conflict/planted')
    const scenario: Scenario = {
      inputs: inputsFor('oauth-token', credential),
      files: { project: '{ not json', local: { env: { ANTHROPIC_API_KEY: key } } },
    }
    await inScenario(scenario, (run) => {
      const { result } = run
      expectCleanRun(run, { secrets: [credential, key], maskedFirst: [credential, key] })
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: [conflictTitle('ANTHROPIC_API_KEY', 'instead', 'oauth-token')], warning: [NOT_JSON] })
      expectExports(result, {})
      expectOutputs(result, {
        kind: 'oauth-token',
        credential,
        conflicts: [{ name: 'ANTHROPIC_API_KEY', origin: run.path('local'), resolution: 'failed' }],
        bareCompatible: false,
      })
    })
  })
})
