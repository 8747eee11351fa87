// Mechanical fixes: for a source that stands in the way, what removes it from
// the world Claude Code finds. A finding whose fix is one of these carries it
// as `Problem.apply`; __tests__/doctor/fixes-property.test.ts applies each to
// generated worlds and judges again: the finding must be gone.

import type { FixApply } from '../common/problems.js'
import type { Origin } from '../resolve/model.js'

/** Unset the variable, delete the key or the workflow line that sets it; none for a source only a person can change (a login, a Claude action's input, a command line). */
export function mechanicalFix(name: string, origin: Origin): FixApply | undefined {
  switch (origin.kind) {
    case 'process-env':
      return { kind: 'unset-env', name }
    case 'settings-env':
      return origin.input ? undefined : { kind: 'delete-settings-key', path: origin.path, key: `env.${name}` }
    case 'settings-file':
    case 'claude-json':
      return 'input' in origin && origin.input ? undefined : { kind: 'delete-settings-key', path: origin.path, key: name }
    case 'step-env':
    case 'step-script':
    case 'github-env-write':
      return { kind: 'delete-line', file: origin.at.file, line: origin.at.line }
    default:
      return undefined
  }
}

/** The finding with its mechanical fix, when it has one. */
export const withFix = <P extends { apply?: FixApply }>(p: P, name: string, origin: Origin): P => {
  const apply = mechanicalFix(name, origin)
  return apply ? { ...p, apply } : p
}
