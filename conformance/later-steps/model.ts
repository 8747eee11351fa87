// The shape of one later-step case: a workflow with this action's step and
// the steps after it, the files the CLI will read, and the secrets the run
// substitutes for `${{ secrets.X }}`.

import type { CredentialKind } from '../../src/resolve/model.js'
import type { SettingsSpec } from '../case-model.js'

export interface LaterCase {
  /** Short, unique, stable: it names the case in reports. */
  id: string
  /** The credential given to this action, as `${{ secrets.<INTENDED_SECRET[kind]> }}`. */
  intended: CredentialKind
  /**
   * What the real CLI in the later step is known to do (facts sheet, by
   * hand, never computed): send the intended credential alone, or anything
   * else (another credential, nothing at all, another route). A case whose
   * observation says otherwise does not test what its id says.
   */
  cliSends: 'intended-alone' | 'something-else'
  /** The job's `env:` block (values may read `${{ secrets.X }}`). */
  jobEnv?: Record<string, string>
  /**
   * The steps after this action's, as YAML list items indented by six
   * spaces, exactly as they go into the workflow file. Exactly one of them
   * runs `claude`.
   */
  later: string
  /** Values for `${{ secrets.X }}`; the intended secret is added from INTENDED. */
  secrets?: Record<string, string>
  /** Settings files the CLI reads on its own: project `.claude/settings.json` and user `~/.claude/settings.json`. */
  settings?: { project?: SettingsSpec; user?: SettingsSpec }
  /** A file the step passes with `claude --settings <path>` (relative to the workspace). */
  settingsFlag?: { path: string; spec: SettingsSpec }
  /** Other files in the workspace (e.g. a key file a script reads). */
  workspaceFiles?: Record<string, string>
  /** Point every provider's base URL at the mock (with its skip-auth flag), as the main suite does. */
  providerEndpoints?: boolean
  /**
   * Why the action rejects this setup on purpose although the one later
   * step it can see sends the intended credential alone: a rejection here is
   * right (an acceptance, e.g. with `on-conflict: unset`, is judged by the CLI).
   */
  conservative?: string
}
