// A later-step case on disk: the main suite's sandbox (fresh HOME, project
// folder, settings files, the mock as API and proxy), plus the workflow file
// in the workspace, the file the step passes with `--settings`, and the
// environment every step of the job starts from.

import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { OnConflict } from '../../src/resolve/model.js'
import type { ConformanceCase, HelperSpec, SettingsSpec } from '../case-model.js'
import { createSandbox, type Sandbox } from '../sandbox.js'
import { secretsOf } from './cases.js'
import { oidcRunnerEnv, servesRefresh } from './keyless.js'
import type { LaterCase } from './model.js'
import { RUN_IDS, WORKFLOW_PATH, renderWorkflow, workflowForRun, type WorkflowRun } from './workflow.js'

export interface LaterSandbox {
  /** The case's id (reports name runs by it). */
  caseId: string
  sandbox: Sandbox
  /** The workspace: the checkout, where the workflow file is and every step runs. */
  workspace: string
  workflowText: string
  workflow: WorkflowRun
  /** What every step of the job starts from: the sandbox switches, the job's `env:`, the runner's ids. */
  jobEnv: Record<string, string>
  /** Per-run text (paths, the mock's port) that does not change what the CLI reads. */
  perRun: string[]
  cleanup(): void
}

/**
 * The case as the main suite's model sees it: the job's variables as the
 * process environment, the settings files by layer (`flag` = the step's
 * `--settings` file). Used to build the sandbox (without `flag`, which the
 * step passes itself) and to name values in reports.
 */
export function asConformanceCase(testCase: LaterCase, jobEnv: Record<string, string>, withFlag: boolean): ConformanceCase {
  const settings: ConformanceCase['settings'] = { ...testCase.settings }
  if (withFlag && testCase.settingsFlag) settings.flag = testCase.settingsFlag.spec
  return {
    id: testCase.id,
    env: jobEnv,
    settings,
    ...(testCase.providerEndpoints ? { providerEndpoints: true } : {}),
    ...(testCase.credentialsFile ? { credentialsFile: testCase.credentialsFile } : {}),
    ...(testCase.files ? { files: testCase.files } : {}),
    ...(servesRefresh(testCase) ? { mockTls: true } : {}),
  }
}

function helperScript(spec: HelperSpec, file: string): string {
  if ('command' in spec) return spec.command
  const body = 'fails' in spec ? 'echo "helper failed on purpose" >&2\nexit 1\n' : `printf '%s\\n' '${spec.prints.replace(/'/g, `'\\''`)}'\n`
  writeFileSync(file, `#!/bin/sh\n${body}`)
  chmodSync(file, 0o755)
  return file
}

function writeSettingsFlag(spec: SettingsSpec, file: string, helpersDir: string): void {
  const content: { env?: Record<string, string>; apiKeyHelper?: string } = {}
  if (spec.env) content.env = spec.env
  if (spec.apiKeyHelper) {
    mkdirSync(helpersDir, { recursive: true })
    content.apiKeyHelper = helperScript(spec.apiKeyHelper, path.join(helpersDir, 'later-settings-flag.sh'))
  }
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(content, null, 2))
}

export function createLaterSandbox(testCase: LaterCase, mode: OnConflict, mockUrl: string): LaterSandbox {
  const rendered = renderWorkflow(testCase, mode)
  const sandbox = createSandbox(asConformanceCase(testCase, workflowForRun(rendered, secretsOf(testCase)).jobEnv, false), mockUrl)
  // The file as the job has it: paths under this run's sandbox.
  const workflowText = rendered.replaceAll('{root}', sandbox.root).replaceAll('{mock}', mockUrl)
  const workflow = workflowForRun(workflowText, secretsOf(testCase))
  const workspace = sandbox.project
  const plant = (relative: string, text: string) => {
    const file = path.join(workspace, relative)
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, text)
  }
  plant(WORKFLOW_PATH, workflowText)
  // A checkout: the action warns about an empty workspace otherwise.
  plant('README.md', '# checked out\n')
  for (const [relative, text] of Object.entries(testCase.workspaceFiles ?? {})) plant(relative, text)
  if (testCase.settingsFlag) writeSettingsFlag(testCase.settingsFlag.spec, path.join(workspace, testCase.settingsFlag.path), path.join(sandbox.root, 'helpers'))
  const jobEnv = { ...sandbox.jobEnv, ...RUN_IDS, GITHUB_WORKSPACE: workspace, ...(testCase.intended === 'federation' ? oidcRunnerEnv(mockUrl) : {}) }
  return { caseId: testCase.id, sandbox, workspace, workflowText, workflow, jobEnv, perRun: [sandbox.root, mockUrl], cleanup: () => sandbox.cleanup() }
}
