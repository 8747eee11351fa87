// Local actions (`uses: ./path` in a step) of the repository being audited:
// what runs when a step uses one. Two kinds matter:
// - a Claude action's own repository (anthropics/claude-code-action's `./`
//   and `./base-action`, anthropics/claude-code-base-action's `./`): the
//   step is that action, judged by the release table (claude-actions.ts) at
//   the checkout's commit (an unknown commit is the newest release, with the
//   engine's notice);
// - a composite action (`path/action.yml` or `.yaml` in the same checkout):
//   its `runs.steps` run in the caller's place, with `${{ inputs.X }}` given
//   the caller's `with:` value, else the input's default, else empty, and
//   the caller step's `env:` under each step's own. Nested composites are
//   followed to MAX_DEPTH.
// The repository is named by its checkout's git remote `origin` (what
// actions/checkout writes), its commit by `.git/HEAD`. Reading is bounded.

import { readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { KNOWN_CLAUDE_ACTIONS } from '../scan/workflow/claude-actions.js'
import { keyText, parseYaml, valueOf, type YamlMapping, type YamlNode, type YamlScalar } from '../scan/workflow/yaml-tree.js'

/** GitHub allows 10 levels of nested composite actions; a Claude step is rarely more than two down. */
export const MAX_DEPTH = 6
/** An action.yml larger than this is not read (GitHub's workflow limit, as for workflow files). */
const MAX_BYTES = 2 * 1024 * 1024
/** Steps one composite may bring into a job, all levels together. */
const MAX_EXPANDED = 1000
/** Text the caller's values may add to a job's composites, all together: past it, `inputs.X` is left unread (depends-on). */
const MAX_SUBSTITUTED = 4 * 1024 * 1024

export type LocalAction =
  | { kind: 'claude-action'; uses: string }
  | { kind: 'composite'; path: string; inputs: Map<string, string | undefined>; steps: YamlNode[]; text: string }
  | { kind: 'other'; text: string }

export interface LocalActions {
  /** The repository, `owner/name` lower case, when its checkout says. */
  repository?: string
  resolve(uses: string): LocalAction | undefined
}

/** `./path` (not a reusable workflow): the folder, relative to the checkout, or undefined. */
export function localActionPath(uses: string | undefined): string | undefined {
  const value = uses?.trim()
  if (!value || !value.startsWith('./') || value.startsWith('./.github/workflows/')) return undefined
  const path = value.slice(2).replace(/\/+$/, '')
  return path.split('/').includes('..') ? undefined : path
}

function readSmall(path: string): string | undefined {
  try {
    if (statSync(path).size > MAX_BYTES) return undefined
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

/** The checkout's repository and commit, from `.git` (a folder, or a worktree's `gitdir:` file). */
export function checkoutIdentity(root: string): { repository?: string; commit?: string } {
  let gitDir = join(root, '.git')
  const pointer = readSmall(gitDir)
  if (pointer !== undefined) {
    const match = /^gitdir:\s*(.+)$/m.exec(pointer)
    if (!match) return {}
    gitDir = resolve(root, match[1]!.trim())
  }
  const common = readSmall(join(gitDir, 'commondir'))?.trim()
  const commonDir = common ? resolve(gitDir, common) : gitDir
  const out: { repository?: string; commit?: string } = {}
  const config = readSmall(join(commonDir, 'config')) ?? ''
  const origin = /\[remote "origin"\]([^[]*)/.exec(config)?.[1]
  const url = origin && /^\s*url\s*=\s*(.+)$/m.exec(origin)?.[1]?.trim()
  const repo = url && /github\.com[:/]+([^/\s]+\/[^/\s]+?)(?:\.git)?\/?$/i.exec(url)?.[1]
  if (repo) out.repository = repo.toLowerCase()
  const head = readSmall(join(gitDir, 'HEAD'))?.trim() ?? ''
  if (/^[0-9a-f]{40}$/i.test(head)) out.commit = head.toLowerCase()
  else {
    const ref = /^ref:\s*(\S+)$/.exec(head)?.[1]
    const loose = ref && !ref.split('/').includes('..') ? readSmall(join(commonDir, ref))?.trim() : undefined
    const packed = ref && !loose ? new RegExp(`^([0-9a-f]{40}) ${ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm').exec(readSmall(join(commonDir, 'packed-refs')) ?? '')?.[1] : undefined
    const sha = loose ?? packed
    if (sha && /^[0-9a-f]{40}$/i.test(sha)) out.commit = sha.toLowerCase()
  }
  return out
}

export function localActions(root: string): LocalActions {
  const identity = checkoutIdentity(root)
  const cache = new Map<string, LocalAction | undefined>()
  const resolve = (uses: string): LocalAction | undefined => {
    const path = localActionPath(uses)
    if (path === undefined) return undefined
    if (cache.has(path)) return cache.get(path)
    let found: LocalAction | undefined
    // The Claude action's own repository: `./` is that action at the checkout's commit.
    const own = identity.repository && KNOWN_CLAUDE_ACTIONS.find((k) => k.action === (path ? `${identity.repository}/${path.toLowerCase()}` : identity.repository))
    if (own) found = { kind: 'claude-action', uses: `${own.action}@${identity.commit ?? 'HEAD'}` }
    else {
      const text = readSmall(join(root, path, 'action.yml')) ?? readSmall(join(root, path, 'action.yaml'))
      if (text !== undefined) found = compositeOf(path, text)
    }
    cache.set(path, found)
    return found
  }
  return identity.repository ? { repository: identity.repository, resolve } : { resolve }
}

function compositeOf(path: string, text: string): LocalAction {
  const parsed = parseYaml(text)
  const root = parsed.ok ? parsed.root : undefined
  const runs = valueOf(root, 'runs')
  const using = valueOf(runs, 'using')
  const steps = valueOf(runs, 'steps')
  if (using?.kind !== 'scalar' || using.value.trim().toLowerCase() !== 'composite' || steps?.kind !== 'sequence') return { kind: 'other', text }
  const inputs = new Map<string, string | undefined>()
  const declared = valueOf(root, 'inputs')
  if (declared?.kind === 'mapping') {
    for (const entry of declared.entries) {
      const name = keyText(entry)
      const fallback = valueOf(entry.value, 'default')
      if (name) inputs.set(name.toLowerCase(), fallback?.kind === 'scalar' ? fallback.value : undefined)
    }
  }
  return { kind: 'composite', path, inputs, steps: steps.items, text }
}

/** A value as an expression operand: `(secrets.X)` for a plain `${{ secrets.X }}`, else a string literal. */
function operand(value: string): string {
  const plain = /^\s*\$\{\{([^}]*)\}\}\s*$/.exec(value)
  return plain ? `(${plain[1]!.trim()})` : `'${value.replace(/'/g, "''")}'`
}

/** `${{ inputs.X }}` → the caller's value; `inputs.X` inside a larger expression → that value as an operand. */
export function substituteInputs(text: string, value: (name: string) => string, budget = { bytes: MAX_SUBSTITUTED }): string {
  if (!text.includes('inputs')) return text
  // Each value put in costs its length: a caller's long value used many times cannot grow the text without bound.
  const spend = (put: string, whole: string) => {
    if (put.length > budget.bytes) return whole
    budget.bytes -= put.length
    return put
  }
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (whole, inner: string) => {
    const alone = /^\s*inputs\.([A-Za-z0-9_-]+)\s*$/.exec(inner)
    if (alone) return spend(value(alone[1]!.toLowerCase()), whole)
    if (!/\binputs\./.test(inner)) return whole
    return spend(`\${{ ${inner.trim().replace(/\binputs\.([A-Za-z0-9_-]+)/g, (_, name: string) => operand(value(name.toLowerCase())))} }}`, whole)
  })
}

/**
 * A copy of a YAML node with every scalar substituted and every line moved to `line` (the caller
 * step's). An alias is the very node its anchor names (yaml-tree.ts): each node is copied once, so
 * the copy shares what the original shares and nested aliases cannot multiply the work.
 */
function rewrite(node: YamlNode, value: (name: string) => string, line: number, budget: { bytes: number }, done = new Map<YamlNode, YamlNode>()): YamlNode {
  const known = done.get(node)
  if (known) return known
  let copy: YamlNode
  if (node.kind === 'scalar') copy = { ...node, value: substituteInputs(node.value, value, budget), line, valueLine: line } satisfies YamlScalar
  else if (node.kind === 'sequence') copy = { kind: 'sequence', line, items: node.items.map((i) => rewrite(i, value, line, budget, done)) }
  else copy = { kind: 'mapping', line, entries: node.entries.map((e) => ({ key: rewrite(e.key, value, line, budget, done), value: rewrite(e.value, value, line, budget, done) })) }
  done.set(node, copy)
  return copy
}

const scalar = (value: string, line: number): YamlScalar => ({ kind: 'scalar', value, style: 'plain', line, valueLine: line })

/**
 * The steps that run in place of `item` (a step mapping of the job): the item
 * itself, the item as the Claude action it is, or a composite's steps, each
 * named after the caller and nested composites expanded. `budget` counts the
 * steps brought in, against MAX_EXPANDED, and the text the inputs add, against MAX_SUBSTITUTED.
 */
export function expandStep(item: YamlNode, actions: LocalActions, depth = 0, budget = { left: MAX_EXPANDED, bytes: MAX_SUBSTITUTED }): YamlNode[] {
  if (item.kind !== 'mapping') return [item]
  const usesNode = valueOf(item, 'uses')
  const uses = usesNode?.kind === 'scalar' ? usesNode.value : undefined
  const action = localActionPath(uses) !== undefined ? actions.resolve(uses!) : undefined
  if (!action || action.kind === 'other') return [item]
  if (action.kind === 'claude-action') {
    return [{ ...item, entries: item.entries.map((e) => (keyText(e) === 'uses' ? { key: e.key, value: { ...(e.value as YamlScalar), value: action.uses } } : e)) }]
  }
  if (depth >= MAX_DEPTH || budget.left <= 0) return [item]
  const given = new Map<string, string>()
  const withNode = valueOf(item, 'with')
  if (withNode?.kind === 'mapping') for (const e of withNode.entries) if (keyText(e) && e.value.kind === 'scalar') given.set(keyText(e)!.toLowerCase(), e.value.value)
  const value = (name: string) => given.get(name) ?? action.inputs.get(name) ?? ''
  const callerName = valueOf(item, 'name')
  const caller = callerName?.kind === 'scalar' ? callerName.value : uses!.trim()
  const callerEnv = valueOf(item, 'env')
  const out: YamlNode[] = []
  action.steps.forEach((inner, i) => {
    if (budget.left <= 0 || inner.kind !== 'mapping') return
    budget.left--
    const copy = rewrite(inner, value, item.line, budget) as YamlMapping
    const innerName = valueOf(copy, 'name')
    const label = `${caller} → ${innerName?.kind === 'scalar' ? innerName.value : `step ${i + 1} of ${action.path}`}`
    const entries = copy.entries.filter((e) => keyText(e) !== 'name' && keyText(e) !== 'env' && keyText(e) !== 'id')
    entries.unshift({ key: scalar('name', item.line), value: scalar(label, item.line) })
    // The caller step's env reaches every step of the composite, under the step's own.
    const innerEnv = valueOf(copy, 'env')
    const env: YamlMapping = { kind: 'mapping', line: item.line, entries: [...(callerEnv?.kind === 'mapping' ? callerEnv.entries : []), ...(innerEnv?.kind === 'mapping' ? innerEnv.entries : [])] }
    if (env.entries.length > 0) entries.push({ key: scalar('env', item.line), value: env })
    out.push(...expandStep({ kind: 'mapping', line: item.line, entries }, actions, depth + 1, budget))
  })
  return out
}

/** Whether a local action (or any it nests) names Claude or Anthropic: only then can it matter. */
export function localActionNamesClaude(uses: string, actions: LocalActions, depth = 0, seen = new Set<string>()): boolean {
  const path = localActionPath(uses)
  // Each action is looked at once per question: a composite that many others use is not read again.
  if (path === undefined || seen.has(path)) return false
  seen.add(path)
  const action = actions.resolve(uses)
  if (!action) return false
  if (action.kind === 'claude-action') return true
  if (/claude|anthropic/i.test(action.text)) return true
  if (action.kind !== 'composite' || depth >= MAX_DEPTH) return false
  return [...action.text.matchAll(/^\s*(?:-\s+)?uses:\s*["']?(\.\/[^\s"'#]+)/gm)].some((m) => localActionNamesClaude(m[1]!, actions, depth + 1, seen))
}
