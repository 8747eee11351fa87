// The settings files later steps pass to the CLI themselves: `claude
// --settings <file or JSON>`, and a Claude action's `settings` input (merged
// into user settings) or `--settings` in its `claude_args`. Read here, so
// that judging later steps stays pure.

import { readFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { settingsKey } from '../decide/later-steps.js'
import type { SettingsFile, SettingsLayer } from '../resolve/model.js'
import type { StepModel, WorkflowModel } from './workflow/model.js'
import { jsonKeyLines } from './json-lines.js'
import { inRepository, type ScanLocations } from './scan.js'

export function laterStepsSettings(workflow: WorkflowModel, workspace: string, locations: ScanLocations): Map<string, SettingsFile> {
  const found = new Map<string, SettingsFile>()
  const add = (step: StepModel, text: string, layer: SettingsLayer, line: number, input = false) => {
    const file = settingsFrom(text, layer, join(workspace, step.run?.workingDirectory ?? ''), workflow.path, line, locations)
    if (!file) return
    // A Claude action's `settings` input is named as that input, at its line, whatever file it becomes.
    if (input) file.input = { step: { index: step.index, label: step.label }, at: { file: workflow.path, line } }
    found.set(settingsKey(step, text), file)
  }
  for (const step of workflow.later) {
    for (const invocation of step.claude) if (invocation.settings !== undefined) add(step, invocation.settings, 'flag', invocation.line)
    const action = step.claudeAction
    if (action?.settings) add(step, action.settings.value.text, 'user', action.settings.line, true)
    if (action?.settingsFlag !== undefined) add(step, action.settingsFlag, 'flag', step.line)
  }
  return found
}

/** Inline JSON (as written in the workflow), or a file in the repository; undefined when neither can be read. */
function settingsFrom(text: string, layer: SettingsLayer, base: string, workflowFile: string, line: number, locations: ScanLocations): SettingsFile | undefined {
  const trimmed = text.trim()
  const inline = trimmed.startsWith('{')
  let source = trimmed
  let path = join(locations.repoRoot, workflowFile)
  if (!inline) {
    if (trimmed.includes('$')) return undefined
    path = isAbsolute(trimmed) ? trimmed : join(base, trimmed)
    try {
      source = readFileSync(path, 'utf8').replace(/^\uFEFF/, '')
    } catch {
      return undefined
    }
  }
  let json: unknown
  try {
    json = JSON.parse(source)
  } catch {
    return undefined
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined
  const record = json as Record<string, unknown>
  const env: Record<string, string> = {}
  if (typeof record.env === 'object' && record.env !== null) {
    for (const [name, value] of Object.entries(record.env as Record<string, unknown>)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') env[name] = String(value)
    }
  }
  const file: SettingsFile = { layer, path, env, ...(inline ? { inline: true as const } : {}) }
  if (typeof record.apiKeyHelper === 'string') file.apiKeyHelper = record.apiKeyHelper
  const inRepo = inRepository(path, locations.repoRoot)
  if (inRepo) {
    const lines = inline ? undefined : jsonKeyLines(source)
    const at = (key: string) => ({ file: inRepo, line: lines?.get(key) ?? line })
    file.envAt = Object.fromEntries(Object.keys(env).map((name) => [name, at(`env.${name}`)]))
    if (file.apiKeyHelper !== undefined) file.helperAt = at('apiKeyHelper')
  }
  return file
}
