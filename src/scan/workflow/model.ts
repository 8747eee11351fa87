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

/** `unset NAME` (or `export -n NAME`) in a script. */
export interface Unset extends Located {
  name: string
  unset: true
}

/** One `claude` command in a `run:` script (also `npx @anthropic-ai/claude-code …` and the like). */
export interface ClaudeInvocation extends Located {
  /** The words after the command, as written (quotes removed, variables not expanded). */
  args: string[]
  /** `--bare` among the args. */
  bare: boolean
  /** The value of `--settings` when given: a path (relative to the step's working directory) or inline JSON. */
  settings?: string
  /** `VAR=value claude …`: for this one command only. */
  prefix: Assignment[]
  /** `export`/`unset` earlier in the same script, in order: in effect when this command runs. */
  scriptEnv: (Assignment | Unset)[]
}

/** `echo "NAME=value" >> "$GITHUB_ENV"` and its variants: reaches every later step. */
export type GithubEnvWrite = Assignment

/** A `uses:` of a Claude action whose inputs this project knows (see claude-actions.ts). */
export interface ClaudeActionStep {
  /** e.g. `anthropics/claude-code-action`. */
  action: string
  /**
   * The variables the action gives the CLI it starts: each from one of its
   * inputs (with the input's line), or from the step's environment when the
   * action falls back to it (`fromEnv`), or set empty by the action itself.
   */
  env: { name: string; value: WorkflowValue | { kind: 'from-env' }; line: number; input?: string }[]
  /** Its `settings` input: inline JSON or a path, as written. */
  settings?: Assignment
  /** Its `claude_args` input, split into words. */
  args: string[]
  bare: boolean
}

export interface StepModel extends Located {
  /** 0-based position in the job's `steps:`. */
  index: number
  id?: string
  name?: string
  /** How messages name the step: its name, else its id, else "step N (`first line of run`)". */
  label: string
  uses?: string
  with: Record<string, Assignment>
  env: Record<string, Assignment>
  if?: string
  run?: {
    text: string
    /** The file line of the script's first line. */
    line: number
    shell?: string
    workingDirectory?: string
  }
  /** `claude` commands in `run:`, in order. */
  claude: ClaudeInvocation[]
  claudeAction?: ClaudeActionStep
  githubEnvWrites: GithubEnvWrite[]
  /**
   * Variables the step's script sets for its own commands (export, prefix),
   * whether or not it runs `claude`: reported as information.
   */
  scriptAssignments: Assignment[]
}

export interface JobModel extends Located {
  /** Its key under `jobs:`, i.e. GITHUB_JOB. */
  id: string
  env: Record<string, Assignment>
  /** `environment:` (a name, or the `name:` of the mapping form). */
  environment?: string
  /** `permissions:` as written: `read-all`, `write-all`, or scope → level. */
  permissions?: string | Record<string, string>
  if?: string
  steps: StepModel[]
}

export interface WorkflowModel {
  /** Relative to the repository root, e.g. `.github/workflows/review.yml`. */
  path: string
  /** Events under `on:`. */
  on: string[]
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
  | { ok: false; reason: string; path?: string }
