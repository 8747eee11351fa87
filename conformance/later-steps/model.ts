// The shape of one later-step case: a workflow with this action's step and
// the steps after it, the files the CLI will read, and the secrets the run
// substitutes for `${{ secrets.X }}`.

import type { KeylessMethod } from '../../src/inputs/inputs.js'
import type { CredentialKind } from '../../src/resolve/model.js'
import type { ConformanceCase, SettingsSpec } from '../case-model.js'

/** A credential given to this action as a secret, or a keyless way in (this action exchanges, runs or reads it). */
export type LaterIntended = CredentialKind | KeylessMethod

export interface LaterCase {
  /** Short, unique, stable: it names the case in reports. */
  id: string
  /**
   * The credential given to this action, as `${{ secrets.<INTENDED_SECRET[kind]> }}`;
   * or a keyless method, given as `method:` with the case's `with` inputs.
   * What "intended" then means on the wire (keyless.ts): for `federation` the
   * token the action's exchange returned, as an OAuth Bearer; for
   * `api-key-helper` the helper's output in both headers; for `login` the
   * credentials file's access token, as an OAuth Bearer.
   */
  intended: LaterIntended
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
   * spaces, exactly as they go into the workflow file. At least one runs
   * `claude`; with several, each is predicted and all must send the same.
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
  /** More inputs of this action's step (`bare`, `settings-file`, a federation rule…), as written under `with:`. */
  with?: Record<string, string>
  /** A /login: `~/.claude/.credentials.json`. */
  credentialsFile?: ConformanceCase['credentialsFile']
  /**
   * Files under the sandbox root, outside the workspace (an identity token an
   * earlier job step would have written). `{root}` in these, in `jobEnv` and
   * in `later` is the sandbox root; `{mock}` the mock's URL.
   */
  files?: Record<string, string>
  /** Point every provider's base URL at the mock (with its skip-auth flag), as the main suite does. */
  providerEndpoints?: boolean
  /**
   * Why the action rejects this setup on purpose although the one later
   * step it can see sends the intended credential alone: a rejection here is
   * right (an acceptance, e.g. with `on-conflict: unset`, is judged by the CLI).
   */
  conservative?: string
  /**
   * A bug this case shows, found against the real CLI and left to fix: in
   * the `action` (its verdict contradicts what the CLI sends) or the
   * `resolver` (its prediction does). The wrong verdicts there are counted
   * apart, and that test is expected to fail until the bug is fixed; then
   * this field goes.
   */
  openFinding?: { in: 'action' | 'resolver' | 'both'; what: string }
  /**
   * The CLI's answer races its own /login refresh (measured): `cliSends` is
   * what it does on an idle machine, and on a loaded one (the whole suite on
   * two cores) it has once sent the expired token instead, after the refresh
   * was refused. A run on that other branch must show the refused refresh;
   * the open-finding checks are asserted only on runs of the recorded branch.
   */
  racesRefresh?: string
}
