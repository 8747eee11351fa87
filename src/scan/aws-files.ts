// The AWS shared files the SDK's credential chain reads: ~/.aws/credentials
// and ~/.aws/config (or where AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE
// point). Only sections and `key = value` lines matter here: a profile's
// region, and whether it holds credentials. Values are never printed.
//
// Hand-written: the SDK's own loader (@smithy/shared-ini-file-loader) is
// asynchronous and caches across calls; this reading is one synchronous pass
// over two small files, and the format has two rules that matter:
// `[profile name]` in config is `name`, and comments start with # or ;.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AwsSharedFile } from '../resolve/model.js'

export function readAwsFiles(env: Record<string, string | undefined>, home: string): AwsSharedFile[] {
  const files: AwsSharedFile[] = []
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE?.trim() || join(home, '.aws', 'credentials')
  const config = env.AWS_CONFIG_FILE?.trim() || join(home, '.aws', 'config')
  for (const [kind, path] of [['credentials', credentials], ['config', config]] as const) {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch {
      continue
    }
    files.push({ kind, path, profiles: parseProfiles(text, kind) })
  }
  return files
}

export function parseProfiles(text: string, kind: 'credentials' | 'config'): Record<string, Record<string, string>> {
  const profiles: Record<string, Record<string, string>> = {}
  let current: Record<string, string> | undefined
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    const section = /^\[\s*([^\]]+?)\s*\]$/.exec(line)
    if (section) {
      let name = section[1]
      // In config, a profile other than `default` is written `[profile name]`; other sections (sso-session, services) are not profiles.
      if (kind === 'config' && name !== 'default') {
        const profile = /^profile\s+(.+)$/.exec(name)
        if (!profile) {
          current = undefined
          continue
        }
        name = profile[1].trim()
      }
      current = profiles[name] ??= {}
      continue
    }
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line)
    if (pair && current && !raw.startsWith(' ') && !raw.startsWith('\t')) current[pair[1].trim().toLowerCase()] = pair[2].replace(/\s+[#;].*$/, '').trim()
  }
  return profiles
}
