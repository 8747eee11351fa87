import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { scan } from '../../src/scan/scan.js'

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'scan-test-'))
  mkdirSync(join(root, 'home', '.claude'), { recursive: true })
  mkdirSync(join(root, 'project', '.claude'), { recursive: true })
})
afterEach(() => rmSync(root, { recursive: true, force: true }))
const locations = () => ({ home: join(root, 'home'), projectDir: join(root, 'project'), managedSettings: join(root, 'managed.json') })

describe('scan', () => {
  test('reads a settings file that starts with a UTF-8 byte order mark, as the CLI does', () => {
    writeFileSync(join(root, 'project', '.claude', 'settings.json'), '\uFEFF{"env":{"ANTHROPIC_API_KEY":"sk-ant-api03-bom"}}')
    const found = scan({}, locations())
    expect(found.problems).toEqual([])
    expect(found.settings.map((s) => [s.layer, s.env])).toEqual([['project', { ANTHROPIC_API_KEY: 'sk-ant-api03-bom' }]])
  })

  test('a file that is not JSON is a warning naming its path, and never quotes its content', () => {
    const path = join(root, 'project', '.claude', 'settings.local.json')
    writeFileSync(path, '{"env":{"ANTHROPIC_API_KEY":"sk-ant-api03-secretvalue"')
    const found = scan({}, locations())
    expect(found.problems.map((p) => [p.severity, p.title, p.origin])).toEqual([['warning', 'Settings file is not valid JSON', path]])
    expect(JSON.stringify(found.problems)).not.toContain('secretvalue')
  })

  test('CLAUDE_CONFIG_DIR replaces ~/.claude: the home folder is not read', () => {
    writeFileSync(join(root, 'home', '.claude', 'settings.json'), '{"env":{"A":"home"}}')
    mkdirSync(join(root, 'config'))
    writeFileSync(join(root, 'config', 'settings.json'), '{"env":{"A":"config"}}')
    writeFileSync(join(root, 'config', '.credentials.json'), '{"claudeAiOauth":{"accessToken":"t","scopes":["user:inference"]}}')
    const found = scan({ CLAUDE_CONFIG_DIR: join(root, 'config') }, locations())
    expect(found.settings.map((s) => s.env.A)).toEqual(['config'])
    expect(found.credentialsFile).toMatchObject({ path: join(root, 'config', '.credentials.json'), hasInferenceScope: true })
  })

  test('primaryApiKey comes from ~/.claude.json', () => {
    writeFileSync(join(root, 'home', '.claude.json'), '{"primaryApiKey":"sk-ant-api03-primary"}')
    expect(scan({}, locations()).primaryApiKey).toEqual({ path: join(root, 'home', '.claude.json'), value: 'sk-ant-api03-primary' })
  })
})
