// What the running workflow file says about the job this action runs in:
// the job's own `env:`, this step, and every later step, each value with the
// line it is written on. Reading only: nothing here decides anything. The
// decide stage turns a later step into the world its `claude` would see.

/** A place in the workflow file, 1-based. */
export interface Located {
  line: number
}

/**
 * A value as the workflow file writes it, before the run evaluates it.
 * - `literal`: plain text (`''` is the empty value, which the CLI treats as unset);
 * - `expression`: contains `${{ … }}`; `refs` lists the contexts it reads,
 *   e.g. `secrets.ANTHROPIC_API_KEY`, `vars.USE_BEDROCK`, `env.X`, `steps.auth.outputs.token`;
 * - `shell`: in a script, a value that expands a shell variable or command
 *   (`$KEY`, `"$(cat key)"`), unknown until the step runs.
 */
export type WorkflowValue =
  | { kind: 'literal'; text: string }
  | { kind: 'expression'; text: string; refs: string[] }
  | { kind: 'shell'; text: string }

/** `NAME: value` in an `env:` or `with:` block, `NAME=value` in a script. */
export interface Assignment extends Located {
  name: string
  value: WorkflowValue
}

/** `unset NAME` (or `export -n NAME`, `env -u NAME`) in a script. */
export interface Unset extends Located {
  name: string
  unset: true
}

/**
 * An assignment in a script, and how it reaches commands:
 * - `export`: `export NAME=v`, `declare -x`, or any assignment after `set -a`;
 * - `plain`: `NAME=v` alone on its line: a shell variable, which changes what
 *   commands see only when NAME is already in the environment;
 * - `prefix`: `NAME=v command`, for that command only.
 */
export interface ScriptAssignment extends Assignment {
  form: 'export' | 'plain' | 'prefix'
}

/** One `claude` command in a `run:` script (also `npx @anthropic-ai/claude-code …` and the like). */
export interface ClaudeInvocation extends Located {
  /** How the CLI is started, as written: `claude`, `~/.local/bin/claude`, `npx -y @anthropic-ai/claude-code`. */
  command: string
  /** The words after the command, as written (quotes removed, variables not expanded). */
  args: string[]
  /** `--bare` among the args. */
  bare: boolean
  /** The value of `--settings` when given: a path (relative to the step's working directory) or inline JSON. */
  settings?: string
  /** `VAR=value claude …`, `env VAR=value claude …`, `env -u VAR claude …`: for this one command only. */
  prefix: (ScriptAssignment | Unset)[]
  /** Commands it runs under, in order: `sudo` (resets the environment unless `-E`), `env`, `timeout`, `time`, `exec`, `nice`, `nohup`, `command`. */
  wrappers: string[]
  /** `env -i`, `sudo` without `-E`, `awf` without `--env-all`: the CLI starts with an empty environment plus `prefix`. */
  clearsEnv?: true
  /** With `clearsEnv`: variables the wrapper still passes on (`sudo --preserve-env=A,B`). */
  keeps?: string[]
  /**
   * Assignments and unsets earlier in the same script, in text order, that
   * are in effect when this command runs (those in a `( … )` subshell or
   * `$( … )` that has ended are left out). Branches and loops are read as
   * straight-line text: an `export` inside an `if` counts.
   */
  scriptEnv: (ScriptAssignment | Unset)[]
  /** After `&&`/`||`, or inside `if`/`while`/`for`/`case` bodies or a function: it may not run. */
  conditional: boolean
  /** A `source FILE` / `. FILE` ran before it in the same shell: it may change the environment in ways not read. */
  sourced?: { command: string; line: number }
}

/**
 * `echo "NAME=value" >> "$GITHUB_ENV"` and its variants: reaches every later
 * step. `NAME<<DELIM` records are read as the runner reads them; `line` is
 * the line that writes the `NAME` part.
 */
export interface GithubEnvWrite extends Assignment {
  /** Written from a `conditional` command (see ClaudeInvocation). */
  conditional: boolean
}

/** A write to GITHUB_ENV whose names or values this reader cannot tell, e.g. `env >> "$GITHUB_ENV"`. */
export interface UnreadGithubEnvWrite extends Located {
  /** The command that writes, e.g. `jq`, or `echo` with a variable in the name. */
  command: string
}

/** One variable a Claude action sets for the CLI it starts. */
export interface ClaudeActionVariable {
  name: string
  /**
   * - a WorkflowValue: the input's value as written (`''` when the input is
   *   not given and the action sets the variable empty, which unsets it for
   *   the CLI);
   * - `from-env`: the action passes on the step's own environment variable of
   *   the same name (job/workflow `env:`, GITHUB_ENV, the step's `env:`).
   */
  value: WorkflowValue | { kind: 'from-env' }
  /** The input's line in `with:`, else the step's line. */
  line: number
  /** The input it comes from, when it does. */
  input?: string
  /** When the input's value turns out empty, the action uses the step's environment variable instead (`inputs.x || env.X`). */
  orEnv?: true
  /** The CLI gets `1` when the input's value is `true` (any case), else an empty value (`inputs.x == 'true' && '1' || ''`). */
  flag?: true
  /** The input is not given and the action sets the variable empty: what the step's environment holds does not reach the CLI. */
  blanked?: true
}

/** The release of a Claude action a step is judged by (claude-actions.ts). */
export interface ClaudeActionRelease {
  /** `v1.0.42`, or the moving tag or branch (`v1`, `beta`, `main`); for an unknown ref, the newest it is judged as. */
  name: string
  /** The credential inputs fall back to the step's environment when empty (`inputs.x || env.X`, v1.0.146 on). */
  envFallback: boolean
  /** The inputs of those whose presence differs between releases that this one declares. */
  inputs: readonly string[]
  /** False when the ref is neither a known tag, branch, nor the commit of a known tag: judged as the newest. */
  known: boolean
  /** The commit SHA the step pins, when it is a known tag's. */
  pinned?: string
}

/** A `uses:` of a Claude action whose inputs this project knows (see claude-actions.ts). */
export interface ClaudeActionStep {
  /** e.g. `anthropics/claude-code-action` or `anthropics/claude-code-action/base-action`. */
  action: string
  /** The ref after `@`, e.g. `v1`. */
  ref: string
  release: ClaudeActionRelease
  /** The variables the action gives the CLI it starts, in the order its action.yml lists them. */
  env: ClaudeActionVariable[]
  /**
   * Its `settings` input: inline JSON or a path, as written. The action
   * merges it into `~/.claude/settings.json` (user settings), not `--settings`.
   */
  settings?: Assignment
  /** Its `claude_args` input, split into words as the action splits them. */
  args: string[]
  bare: boolean
  /** `--settings` inside `claude_args`. */
  settingsFlag?: string
  /** Its `claude_env` input (releases that have it), `NAME: value` lines the CLI gets on top of everything else. */
  claudeEnv?: Assignment[]
}

export interface StepModel extends Located {
  /** 0-based position in the job's `steps:`. */
  index: number
  id?: string
  name?: string
  /** The name GITHUB_ACTION has while this step runs: its `id`, else `__run`, `__owner_repo`, `__self`, with `_2`… for repeats. */
  contextName: string
  /** How messages name the step: its name, else its id, else "step N (`first line of run`)" or "step N (`uses`)". */
  label: string
  uses?: string
  with: Record<string, Assignment>
  env: Record<string, Assignment>
  /** `env: ${{ fromJSON(…) }}`: the whole block is an expression, unknown until the run. */
  envExpression?: Assignment
  if?: string
  run?: {
    text: string
    /**
     * The file line of the script's first line. Exact for every script line
     * of a `|` block or a one-line value; approximate for `>` blocks and
     * multi-line quoted values, which YAML folds.
     */
    line: number
    /** The step's `shell:`, else `defaults.run.shell` of the job, else of the workflow. */
    shell?: string
    /** The step's `working-directory:`, else the job's or the workflow's `defaults.run`. */
    workingDirectory?: string
    /**
     * `shell`: read as bash/sh (the default shell on Linux and macOS, and
     * `bash`/`sh` anywhere). `words-only`: another shell (`pwsh`, `python`,
     * `node {0}`…, and the Windows default): only lines running `claude`
     * are found; its assignments and GITHUB_ENV writes are not read.
     */
    analysis: 'shell' | 'words-only'
  }
  /** `claude` commands in `run:`, in order. */
  claude: ClaudeInvocation[]
  claudeAction?: ClaudeActionStep
  githubEnvWrites: GithubEnvWrite[]
  githubEnvUnread: UnreadGithubEnvWrite[]
  /**
   * Variables the step's script sets for its own commands (export, prefix),
   * whether or not it runs `claude`: reported as information.
   */
  scriptAssignments: ScriptAssignment[]
  /**
   * Its `run:` script could not be read (nested deeper than the shell reader
   * follows, or a wrapped command it cannot see into): what it runs and sets
   * is unknown, so any finding about it depends on the script.
   */
  notRead?: { line: number; reason: string }
  /**
   * Commands that may start Claude Code through something the shell reader
   * cannot see into (`bash -c "$CMD"`, `"$RUNNER" claude …`): depends-on.
   */
  unreadClaude?: { line: number; command: string }[]
}

export interface JobModel extends Located {
  /** Its key under `jobs:`, i.e. GITHUB_JOB. */
  id: string
  env: Record<string, Assignment>
  /** `env: ${{ fromJSON(…) }}`: the whole block is an expression. */
  envExpression?: Assignment
  /** `environment:` (a name, or the `name:` of the mapping form). */
  environment?: string
  /** `permissions:` as written: `read-all`, `write-all`, or scope → level. */
  permissions?: string | Record<string, string>
  if?: string
  // No list of steps: steps before this one are not read (what they wrote
  // to GITHUB_ENV is already in this step's environment); this step and the
  // later ones are WorkflowModel.self and .later.
}

export interface WorkflowModel {
  /** Relative to the repository root, e.g. `.github/workflows/review.yml`. */
  path: string
  /** Events under `on:`. */
  on: string[]
  /** `on.workflow_dispatch.inputs`: each input's `type` (`string` when not given). */
  dispatchInputs?: Record<string, string>
  env: Record<string, Assignment>
  permissions?: string | Record<string, string>
  job: JobModel
  /** This action's step in the job. */
  self: StepModel
  /** Every step after this one, in order. */
  later: StepModel[]
}

/**
 * The workflow could be read, or why not (a sentence that completes
 * "later steps were not checked because …").
 */
export type WorkflowReading =
  | { ok: true; workflow: WorkflowModel }
  /** `calls`: the `uses:` of this file's jobs, when this job was not found among its own steps. */
  | { ok: false; reason: string; path?: string; calls?: string[] }
