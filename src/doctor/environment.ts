// Where a variable of the environment comes from, outside a GitHub Actions
// step: which CI system runs us (its variables are set in its own settings),
// or, on a laptop, which shell profile line sets it. Only names and line
// numbers leave this module: a profile line holds the secret itself.

import { join } from 'node:path'
import type { EnvironmentWords } from '../decide/places.js'
import type { Env } from '../inputs/inputs.js'

export type Host = 'local' | 'github-actions' | 'gitlab-ci' | 'circleci' | 'jenkins' | 'ci'

/** Each CI system's own marker variable; `CI` alone is any other. */
export function detectHost(env: Env): Host {
  if (env.GITHUB_ACTIONS === 'true') return 'github-actions'
  if (env.GITLAB_CI === 'true') return 'gitlab-ci'
  if (env.CIRCLECI === 'true') return 'circleci'
  if (env.JENKINS_URL || env.JENKINS_HOME) return 'jenkins'
  if (env.CI && !/^(false|0)$/i.test(env.CI)) return 'ci'
  return 'local'
}

/** A line of a shell profile that assigns the variable. */
export interface Assignment {
  path: string
  line: number
  /** The literal value written there equals the one in this environment; undefined when the line computes it (`$(…)`, `$VAR`). */
  sameValue?: boolean
}

/** Shell start-up files, in home, that commonly export variables; and direnv's file in the project. */
export function profileFiles(home: string, projectDir: string, env: Env): string[] {
  const zdot = env.ZDOTDIR?.trim() || home
  const files = ['.profile', '.bash_profile', '.bash_login', '.bashrc'].map((name) => join(home, name))
  files.push(...['.zshenv', '.zprofile', '.zshrc', '.zlogin'].map((name) => join(zdot, name)))
  files.push(join(home, '.config', 'fish', 'config.fish'), join(projectDir, '.envrc'))
  return [...new Set(files)]
}

const escape = (name: string) => name.replace(/[^A-Za-z0-9_]/g, '')

/** Lines that set `name`: `export NAME=…`, `NAME=…`, fish's `set -gx NAME …`, csh's `setenv NAME …`. */
export function assignments(text: string, name: string): { line: number; value?: string }[] {
  const n = escape(name)
  const forms = [
    new RegExp(`^\\s*(?:export\\s+|declare\\s+-x\\s+|typeset\\s+-x\\s+)?${n}=(.*)$`),
    new RegExp(`^\\s*set\\s+(?:-[A-Za-z]+\\s+)*${n}(?:\\s+(.*))?$`),
    new RegExp(`^\\s*setenv\\s+${n}(?:\\s+(.*))?$`),
  ]
  const found: { line: number; value?: string }[] = []
  text.split(/\r?\n/).forEach((line, i) => {
    for (const form of forms) {
      const match = form.exec(line)
      if (match) {
        found.push({ line: i + 1, value: literal(match[1] ?? '') })
        break
      }
    }
  })
  return found
}

/** The value a shell would assign, when the text is a plain word or a quoted string; undefined when it computes one. */
function literal(raw: string): string | undefined {
  const text = raw.trim().replace(/\s+#.*$/, '').replace(/;$/, '')
  const quoted = /^'([^']*)'$/.exec(text) ?? /^"([^"$`\\]*)"$/.exec(text)
  if (quoted) return quoted[1]
  return /^[^\s'"$`\\;&|()<>]*$/.test(text) ? text : undefined
}

/** Every profile line that sets one of `names`, for the names set in `env`. */
export function whereSet(env: Env, names: readonly string[], files: readonly string[], read: (path: string) => string | undefined): Map<string, Assignment[]> {
  const result = new Map<string, Assignment[]>()
  const wanted = names.filter((name) => env[name] !== undefined)
  if (wanted.length === 0) return result
  for (const path of files) {
    const text = read(path)
    if (text === undefined) continue
    for (const name of wanted) {
      if (!text.includes(name)) continue
      for (const { line, value } of assignments(text, name)) {
        const list = result.get(name) ?? []
        list.push({ path, line, ...(value === undefined ? {} : { sameValue: value === env[name] }) })
        result.set(name, list)
      }
    }
  }
  return result
}

/** Where each CI system keeps the variables it gives a job. */
const CI_PLACES: Record<Exclude<Host, 'local'>, string> = {
  'github-actions': "the job environment (workflow or job `env:`, an earlier step's GITHUB_ENV write, or the runner's own environment)",
  'gitlab-ci': 'the job environment: a CI/CD variable (Settings → CI/CD → Variables, of the project, its group or the instance) or `variables:` in .gitlab-ci.yml',
  circleci: 'the job environment: a project environment variable (Project Settings → Environment Variables), a context, or `environment:` in .circleci/config.yml',
  jenkins: 'the build environment: `environment {}` or `withCredentials` in the Jenkinsfile, or the agent’s environment variables',
  ci: "the CI job's environment (the CI system's variable settings, or the job definition)",
}

/** How to stop a CI job from passing a variable to `claude`. */
const CI_FIX: Record<Exclude<Host, 'local'>, (name: string) => string> = {
  'github-actions': (name) => `remove ${name} from the workflow's or the job's \`env:\` (or the earlier step that writes it to GITHUB_ENV), or run \`unset ${name}\` in the step's script before \`claude\``,
  'gitlab-ci': (name) => `remove ${name} from the project's CI/CD variables or from \`variables:\` in .gitlab-ci.yml, or run \`unset ${name}\` in the job's \`script:\` before \`claude\` (a CI/CD variable beats \`variables:\` in the file)`,
  circleci: (name) => `remove ${name} from the project's environment variables, the context or \`environment:\` in .circleci/config.yml, or run \`unset ${name}\` in the step before \`claude\``,
  jenkins: (name) => `remove ${name} from the Jenkinsfile's \`environment {}\` or the agent's settings, or run \`unset ${name}\` in the \`sh\` step before \`claude\``,
  ci: (name) => `remove ${name} from the job's variables, or run \`unset ${name}\` in the job's script before \`claude\``,
}

export interface EnvironmentPlaces {
  host: Host
  /** Profile lines that set each variable. */
  setIn: ReadonlyMap<string, readonly Assignment[]>
  /** How a path is shown: `~/…` under home. */
  show: (path: string) => string
}

const lines = (list: readonly Assignment[], show: EnvironmentPlaces['show']) => list.map((a) => `${show(a.path)} line ${a.line}`).join(' and ')

/** The lines that plausibly set the value in this environment: literal equal, or computed. */
const likely = (list: readonly Assignment[] | undefined) => (list ?? []).filter((a) => a.sameValue !== false)

export function environmentWords({ host, setIn, show }: EnvironmentPlaces): EnvironmentWords {
  const subject = host === 'local' ? 'your environment' : 'the job environment'
  return {
    subject,
    cell: (name) => {
      const found = likely(setIn.get(name))
      return found.length > 0 ? `environment (${lines(found, show)})` : 'environment'
    },
    where: (name) => {
      const all = setIn.get(name) ?? []
      const found = likely(all)
      const base = host === 'local' ? 'your environment' : CI_PLACES[host]
      if (found.length > 0) return `${base}, set in ${lines(found, show)}`
      if (all.length > 0) return `${base}; ${lines(all, show)} set${all.length === 1 ? 's' : ''} another value, so it was changed after that (in this terminal, or by the program that started it)`
      return host === 'local'
        ? 'your environment; no shell profile this tool reads sets it (~/.bashrc, ~/.zshrc, ~/.profile, fish config, the project’s .envrc): look in your terminal’s or editor’s settings, or what started this shell'
        : base
    },
  }
}

/** What to change so that `claude` no longer sees the variable. */
export function environmentFix({ host, setIn, show }: EnvironmentPlaces, name: string): string {
  if (host !== 'local') return CI_FIX[host](name)
  const found = likely(setIn.get(name))
  if (found.length > 0) return `delete the line that sets ${name} (${lines(found, show)}), then open a new terminal, or run \`unset ${name}\` in this one`
  return `run \`unset ${name}\` in this shell, and remove ${name} where it is set (a shell profile, your terminal's or editor's settings)`
}
