// How findings name the place a value comes from, in a message and as an
// annotation's file and line. One vocabulary for every stage.

import { displayPath as shownPath, isKeychainPlace } from '../common/paths.js'
import type { FileLine } from '../common/problems.js'
import type { Declared, Origin, SettingsLayer, StepRef } from '../resolve/model.js'

export interface Places {
  /** The repository root (GITHUB_WORKSPACE): settings paths inside it are shown relative to it. */
  repoRoot: string
  /** The user's home, shown as `~`. */
  home: string
  /** Where the workflow file sets a job-environment variable, when the file was read. */
  declared(name: string): Declared | undefined
  /** The workflow file, relative to the repository, when it was read. */
  workflowFile?: string
  /**
   * How a variable of the process environment is named outside a GitHub
   * Actions step (the doctor: a laptop's shell, another CI system). Absent:
   * the job environment of the action's step.
   */
  environment?: EnvironmentWords
}

export interface EnvironmentWords {
  /** After "from", in a first sentence: "your shell environment". */
  subject: string
  /** A table cell: "environment (~/.zshrc line 3)". */
  cell(name: string): string
  /** The "Where:" part: where the variable is set, as far as known. */
  where(name: string): string
}

export const NO_PLACES: Places = { repoRoot: '', home: '', declared: () => undefined }

/** A path as the user knows it: relative to the repository, `~/…`, or absolute. */
export const displayPath = (path: string, places: Places): string => shownPath(path, places.repoRoot, places.home)

const lineOf = (at: FileLine): string => `${at.file} line ${at.line}`

const LAYER_WORDS: Record<SettingsLayer, string> = {
  'claude-json': 'global config',
  user: 'user settings',
  project: 'project settings',
  local: 'local project settings',
  flag: '--settings file',
  managed: 'managed settings',
}

/** The line an annotation should point at, when the value is set in a repository file. */
export function annotationAt(name: string, origin: Origin, places: Places): FileLine | undefined {
  switch (origin.kind) {
    case 'process-env':
      return places.declared(name)?.at
    case 'settings-env':
    case 'settings-file':
      return origin.at
    case 'step-env':
    case 'step-script':
    case 'github-env-write':
    case 'claude-action':
    case 'claude-argv':
      return origin.at
    default:
      return undefined
  }
}

/** Short, for the first sentence: "ANTHROPIC_API_KEY from the job env". */
export function subject(name: string, origin: Origin, places: Places): string {
  switch (origin.kind) {
    case 'process-env': {
      if (places.environment) return `${name} from ${places.environment.subject}`
      const declared = places.declared(name)
      if (declared?.level === 'workflow' || declared?.level === 'job') return `${name} from the ${declared.level} \`env:\``
      if (declared?.level === 'earlier-step') return `${name} written to GITHUB_ENV by ${stepWords(declared.step)}`
      return `${name} from the job env`
    }
    case 'action-export':
      return `${name} exported by this action`
    case 'settings-env':
      return `${name} in ${displayPath(origin.path, places)}`
    case 'settings-file':
      return `the apiKeyHelper in ${displayPath(origin.path, places)}`
    case 'credentials-file':
      return `the login in ${displayPath(origin.path, places)}`
    case 'claude-json':
      return `primaryApiKey in ${displayPath(origin.path, places)}`
    case 'step-env':
      return `${name} in the \`env:\` of ${stepWords(origin.step)}`
    case 'step-script':
      return `${name} set by the script of ${stepWords(origin.step)}`
    case 'github-env-write':
      return `${name} written to GITHUB_ENV by ${stepWords(origin.step)}`
    case 'claude-action':
      return `${name} given by ${stepWords(origin.step)}${origin.input ? ` (input \`${origin.input}\`)` : ''}`
    case 'claude-argv':
      return name === '--bare' ? `\`claude --bare\` in ${stepWords(origin.step)}` : `the \`claude\` command of ${stepWords(origin.step)}`
  }
}

/**
 * A step in a sentence: its name or id in quotes (step "Review"), or, for a
 * step with neither, the label the reader finds it by: step 3 (`claude -p …`).
 */
export function stepWords(step: StepRef): string {
  return /^step \d+ \(/.test(step.label) ? step.label : `step "${step.label}"`
}

/** Where it is set, in full, for the "Where:" part and the summary. */
export function whereText(name: string, origin: Origin, places: Places): string {
  switch (origin.kind) {
    case 'process-env': {
      if (places.environment) return places.environment.where(name)
      const declared = places.declared(name)
      if (declared?.level === 'workflow') return `the workflow \`env:\` (${lineOf(declared.at)})`
      if (declared?.level === 'job') return `the job \`env:\` (${lineOf(declared.at)})`
      if (declared?.level === 'earlier-step') return `a GITHUB_ENV write in ${stepWords(declared.step)} (${lineOf(declared.at)})`
      return places.workflowFile
        ? `the job environment, but not in ${places.workflowFile}: a repository or organisation variable, an earlier step's GITHUB_ENV write, or the runner's own environment (a self-hosted runner's .env)`
        : "the job environment (workflow or job `env:`, an earlier step's GITHUB_ENV write, or the runner's own environment)"
    }
    case 'action-export':
      return 'this action (GITHUB_ENV)'
    case 'settings-env':
      return `the \`env\` block of the ${LAYER_WORDS[origin.layer]} ${displayPath(origin.path, places)}${origin.at ? ` (line ${origin.at.line})` : ''}`
    case 'settings-file':
      return `\`apiKeyHelper\` in the ${LAYER_WORDS[origin.layer]} ${displayPath(origin.path, places)}${origin.at ? ` (line ${origin.at.line})` : ''}`
    case 'credentials-file':
      return isKeychainPlace(origin.path) ? origin.path : `the login credentials file ${displayPath(origin.path, places)}`
    case 'claude-json':
      return `\`primaryApiKey\` in ${displayPath(origin.path, places)}`
    case 'step-env':
      return `the \`env:\` of ${stepWords(origin.step)} (${lineOf(origin.at)})`
    case 'step-script':
      return `${origin.how === 'export' ? 'an `export`' : origin.how === 'unset' ? 'an `unset`' : 'a `NAME=value` prefix'} in the script of ${stepWords(origin.step)} (${lineOf(origin.at)})`
    case 'github-env-write':
      return `a GITHUB_ENV write in ${stepWords(origin.step)} (${lineOf(origin.at)}), which reaches every later step`
    case 'claude-action':
      return `${stepWords(origin.step)}${origin.input ? `, input \`${origin.input}\`` : ''} (${lineOf(origin.at)})`
    case 'claude-argv':
      return `the \`claude\` command of ${stepWords(origin.step)} (${lineOf(origin.at)})`
  }
}

/** One word or two for a table cell. */
export function originCell(name: string, origin: Origin, places: Places): string {
  switch (origin.kind) {
    case 'process-env': {
      if (places.environment) return places.environment.cell(name)
      const declared = places.declared(name)
      if (declared) return `${declared.level === 'earlier-step' ? `${stepWords(declared.step)}` : `${declared.level} env`} (${lineOf(declared.at)})`
      return 'job env'
    }
    case 'action-export':
      return 'this action'
    case 'settings-env':
    case 'settings-file':
      return `${displayPath(origin.path, places)}${origin.at ? ` line ${origin.at.line}` : ''}`
    case 'credentials-file':
    case 'claude-json':
      return displayPath(origin.path, places)
    default:
      return whereText(name, origin, places)
  }
}
