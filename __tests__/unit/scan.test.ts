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
const locations = () => ({ home: join(root, 'home'), projectDir: join(root, 'project'), repoRoot: join(root, 'project'), managedSettings: join(root, 'managed.json') })
const notTracked = () => false

describe('scan', () => {
  test('reads a settings file that starts with a UTF-8 byte order mark, as the CLI does', () => {
    writeFileSync(join(root, 'project', '.claude', 'settings.json'), '\uFEFF{"env":{"ANTHROPIC_API_KEY":"sk-ant-api03-bom"}}')
    const found = scan({}, locations(), notTracked)
    expect(found.problems).toEqual([])
    expect(found.settings.map((s) => [s.layer, s.env])).toEqual([['project', { ANTHROPIC_API_KEY: 'sk-ant-api03-bom' }]])
  })

  test('a file that is not JSON is a warning naming its path, and never quotes its content', () => {
    const path = join(root, 'project', '.claude', 'settings.local.json')
    writeFileSync(path, '{"env":{"ANTHROPIC_API_KEY":"sk-ant-api03-secretvalue"')
    const found = scan({}, locations(), notTracked)
    expect(found.problems.map((p) => [p.severity, p.title, p.where, p.at])).toEqual([
      ['warning', 'Settings file is not valid JSON', '.claude/settings.local.json', { file: '.claude/settings.local.json', line: 1 }],
    ])
    expect(path).toContain('.claude/settings.local.json')
    expect(JSON.stringify(found.problems)).not.toContain('secretvalue')
  })

  test('CLAUDE_CONFIG_DIR replaces ~/.claude: the home folder is not read', () => {
    writeFileSync(join(root, 'home', '.claude', 'settings.json'), '{"env":{"A":"home"}}')
    mkdirSync(join(root, 'config'))
    writeFileSync(join(root, 'config', 'settings.json'), '{"env":{"A":"config"}}')
    writeFileSync(join(root, 'config', '.credentials.json'), '{"claudeAiOauth":{"accessToken":"t","scopes":["user:inference"]}}')
    const found = scan({ CLAUDE_CONFIG_DIR: join(root, 'config') }, locations(), notTracked)
    expect(found.settings.map((s) => s.env.A)).toEqual(['config'])
    expect(found.credentialsFile).toMatchObject({ path: join(root, 'config', '.credentials.json'), hasInferenceScope: true })
  })

  test('primaryApiKey comes from ~/.claude.json', () => {
    writeFileSync(join(root, 'home', '.claude.json'), '{"primaryApiKey":"sk-ant-api03-primary"}')
    expect(scan({}, locations(), notTracked).primaryApiKey).toEqual({ path: join(root, 'home', '.claude.json'), value: 'sk-ant-api03-primary' })
  })

  test('a settings file in the repository records the line of each env key and of apiKeyHelper', () => {
    writeFileSync(join(root, 'project', '.claude', 'settings.json'), '{\n  "apiKeyHelper": "x",\n  "permissions": { "allow": ["Bash"] },\n  "env": {\n    "A": "1",\n    "ANTHROPIC_API_KEY": "k"\n  }\n}\n')
    const [file] = scan({}, locations(), notTracked).settings
    expect(file.helperAt).toEqual({ file: '.claude/settings.json', line: 2 })
    expect(file.envAt).toEqual({ A: { file: '.claude/settings.json', line: 5 }, ANTHROPIC_API_KEY: { file: '.claude/settings.json', line: 6 } })
  })

  test('a tracked settings file holding a credential is exposed; an untracked one, or one without a credential, is not', () => {
    const path = join(root, 'project', '.claude', 'settings.json')
    writeFileSync(path, '{"env":{"ANTHROPIC_API_KEY":"sk-ant-api03-committed"}}')
    expect(scan({}, locations(), (p) => p === path).exposedFiles).toEqual([path])
    expect(scan({}, locations(), notTracked).exposedFiles).toEqual([])
    writeFileSync(path, '{"env":{"DISABLE_TELEMETRY":"1"}}')
    expect(scan({}, locations(), () => true).exposedFiles).toEqual([])
  })
})
