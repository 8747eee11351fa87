// Where Claude Code's files are on Windows, from the same code as on Linux (path.win32),
// and the macOS Keychain service name; expected values written by hand (facts §3, §8).

import { describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'

import { configPaths, defaultLocations } from '../../src/scan/scan.js'
import { keychainService, lookUpKeychain, lookupArgs } from '../../src/doctor/keychain.js'

describe('Windows', () => {
  test('%USERPROFILE%\\.claude\\.credentials.json, the settings files, and managed settings under C:\\Program Files\\ClaudeCode', () => {
    const locations = defaultLocations({ USERPROFILE: 'C:\\Users\\ada' }, 'C:\\src\\app', 'C:\\src\\app', 'win32')
    expect(locations.home).toBe('C:\\Users\\ada')
    expect(configPaths({}, locations)).toEqual({
      claudeJson: 'C:\\Users\\ada\\.claude.json',
      user: 'C:\\Users\\ada\\.claude\\settings.json',
      project: 'C:\\src\\app\\.claude\\settings.json',
      local: 'C:\\src\\app\\.claude\\settings.local.json',
      managed: 'C:\\Program Files\\ClaudeCode\\managed-settings.json',
      credentials: 'C:\\Users\\ada\\.claude\\.credentials.json',
    })
  })

  test('CLAUDE_CONFIG_DIR replaces %USERPROFILE%\\.claude', () => {
    const locations = defaultLocations({ USERPROFILE: 'C:\\Users\\ada' }, 'C:\\src\\app', 'C:\\src\\app', 'win32')
    const paths = configPaths({ CLAUDE_CONFIG_DIR: 'D:\\claude' }, locations)
    expect([paths.credentials, paths.user, paths.claudeJson]).toEqual(['D:\\claude\\.credentials.json', 'D:\\claude\\settings.json', 'D:\\claude\\.claude.json'])
  })

  test('Linux and macOS keep their own forms', () => {
    expect(configPaths({}, defaultLocations({ HOME: '/home/ada' }, '/src/app', '/src/app', 'linux')).credentials).toBe('/home/ada/.claude/.credentials.json')
    expect(defaultLocations({ HOME: '/Users/ada' }, '/src/app', '/src/app', 'darwin').managedSettings).toBe('/Library/Application Support/ClaudeCode/managed-settings.json')
  })
})

describe('macOS Keychain', () => {
  test('the service name, with and without CLAUDE_CONFIG_DIR', () => {
    expect(keychainService(undefined)).toBe('Claude Code-credentials')
    const dir = '/Users/ada/.claude-work'
    expect(keychainService(dir)).toBe(`Claude Code-credentials-${createHash('sha256').update(dir).digest('hex').slice(0, 8)}`)
  })

  test('the lookup asks for presence only: never -w or -g; its exit code is the answer', () => {
    expect(lookupArgs('Claude Code-credentials', 'ada')).toEqual(['find-generic-password', '-s', 'Claude Code-credentials', '-a', 'ada'])
    const seen: (readonly string[])[] = []
    const answer = (status: number | undefined) => lookUpKeychain({ USER: 'ada' }, (args) => (seen.push(args), status)).state
    expect([answer(0), answer(44), answer(51), answer(undefined)]).toEqual(['present', 'absent', 'unknown', 'unknown'])
    for (const args of seen) expect(args.filter((a) => a === '-w' || a === '-g')).toEqual([])
  })
})
