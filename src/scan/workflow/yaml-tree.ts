// A small YAML tree with a line on every node, built from js-yaml's event
// parser. Why events and not a full document API: on a 246-line workflow
// js-yaml's `parseEvents` costs about 6 ms to load and 8 ms to parse cold,
// against about 75 ms for `yaml`'s parseDocument, and this runs on every job.
//
// What GitHub accepts, and so what this tree does (actions/runner @258d6c8,
// src/Sdk/WorkflowParser/Conversion/YamlObjectReader.cs):
// - anchors and aliases: an alias is the very node its anchor names (shared,
//   never copied), so its lines are where the anchor's content is written;
// - merge keys (`<<: *a`) are NOT merged: GitHub's reader has no merge
//   support (asked and answered "no" when anchors shipped, actions/runner#1182,
//   2025-08-04), so `<<` stays an ordinary key, as GitHub reads it;
// - only the first document counts.

import { EVENT_ID, getScalarValue, parseEvents, type Event, type ScalarEvent } from 'js-yaml'

export type ScalarStyle = 'plain' | 'single-quoted' | 'double-quoted' | 'literal' | 'folded'

export interface YamlScalar {
  kind: 'scalar'
  /** The decoded value (quotes removed, escapes applied, block scalar chomped). */
  value: string
  style: ScalarStyle
  /** `!!str` and the like, when written. */
  tag?: string
  /** 1-based line where the scalar starts (for a block scalar, its `|` or `>` header). */
  line: number
  /**
   * 1-based line of the value's first line: the header's next line for a
   * block scalar, else `line`. For a literal block (`|`), value line N is
   * file line `valueLine + N - 1`.
   */
  valueLine: number
}

export interface YamlMapping {
  kind: 'mapping'
  line: number
  entries: YamlEntry[]
}

export interface YamlEntry {
  key: YamlNode
  value: YamlNode
}

export interface YamlSequence {
  kind: 'sequence'
  line: number
  items: YamlNode[]
}

export type YamlNode = YamlScalar | YamlMapping | YamlSequence

export type YamlParse = { ok: true; root?: YamlNode } | { ok: false; reason: string; line?: number }

const STYLES: Record<number, ScalarStyle> = {
  1: 'plain',
  2: 'single-quoted',
  3: 'double-quoted',
  4: 'literal',
  5: 'folded',
}

/** Parses the first document of `text`. A syntax error is a reason, never an exception. */
export function parseYaml(text: string): YamlParse {
  let events: Event[]
  try {
    events = parseEvents(text, {})
  } catch (error) {
    return syntaxError(error)
  }
  try {
    return { ok: true, root: buildFirstDocument(text, events) }
  } catch (error) {
    if (error instanceof TreeError) return { ok: false, reason: error.message, line: error.line }
    throw error
  }
}

class TreeError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message)
  }
}

function syntaxError(error: unknown): YamlParse {
  const e = error as { reason?: unknown; mark?: { line?: unknown } }
  const reason = typeof e?.reason === 'string' && e.reason ? e.reason : 'the YAML could not be read'
  const line = typeof e?.mark?.line === 'number' ? e.mark.line + 1 : undefined
  return line === undefined ? { ok: false, reason } : { ok: false, reason, line }
}

interface Open {
  node: YamlMapping | YamlSequence
  anchor?: string
  pendingKey?: YamlNode
}

function buildFirstDocument(text: string, events: Event[]): YamlNode | undefined {
  const lineOf = lineLocator(text)
  const anchors = new Map<string, YamlNode>()
  const stack: Open[] = []
  let root: YamlNode | undefined
  let documents = 0

  const place = (node: YamlNode) => {
    const parent = stack[stack.length - 1]
    if (!parent) {
      root = node
      return
    }
    if (parent.node.kind === 'sequence') {
      parent.node.items.push(node)
    } else if (parent.pendingKey === undefined) {
      parent.pendingKey = node
    } else {
      parent.node.entries.push({ key: parent.pendingKey, value: node })
      parent.pendingKey = undefined
    }
  }
  const anchorName = (start: number, end: number) => (start >= 0 ? text.slice(start, end) : undefined)

  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        documents++
        if (documents > 1) return root
        break
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const line = lineOf(event.start)
        const node: YamlMapping | YamlSequence =
          event.type === EVENT_ID.MAPPING ? { kind: 'mapping', line, entries: [] } : { kind: 'sequence', line, items: [] }
        place(node)
        const anchor = anchorName(event.anchorStart, event.anchorEnd)
        stack.push(anchor === undefined ? { node } : { node, anchor })
        break
      }
      case EVENT_ID.SCALAR: {
        const node = scalarNode(text, event, lineOf)
        place(node)
        const anchor = anchorName(event.anchorStart, event.anchorEnd)
        if (anchor !== undefined) anchors.set(anchor, node)
        break
      }
      case EVENT_ID.ALIAS: {
        const name = text.slice(event.anchorStart, event.anchorEnd)
        const target = anchors.get(name)
        // An anchor is registered when its node is complete, so an alias
        // inside its own anchor (a cycle) is reported as unknown too.
        if (!target) throw new TreeError(`the alias *${name} names no anchor defined before it`, lineOf(event.anchorStart))
        place(target)
        break
      }
      case EVENT_ID.POP: {
        const open = stack.pop()
        if (open?.anchor !== undefined) anchors.set(open.anchor, open.node)
        break
      }
    }
  }
  return root
}

function scalarNode(text: string, event: ScalarEvent, lineOf: (offset: number) => number): YamlScalar {
  const style = STYLES[event.style] ?? 'plain'
  const block = style === 'literal' || style === 'folded'
  // A block scalar's content starts on the line after its header, so the
  // character before it is the newline that ends the header line.
  const valueLine = lineOf(event.valueStart)
  const line = block ? lineOf(Math.max(0, event.valueStart - 1)) : valueLine
  const node: YamlScalar = { kind: 'scalar', value: getScalarValue(text, event), style, line, valueLine }
  if (event.tagStart >= 0) node.tag = text.slice(event.tagStart, event.tagEnd)
  return node
}

/** Maps a character offset to its 1-based line. YAML line breaks: CRLF, LF, CR. */
function lineLocator(text: string): (offset: number) => number {
  // indexOf, not a loop over every character: this runs once, cold, at start-up.
  const starts = [0]
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  if (text.includes('\r')) {
    for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) starts.push(i + 1)
    starts.sort((a, b) => a - b)
  }
  return (offset) => {
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (starts[mid]! <= offset) low = mid
      else high = mid - 1
    }
    return low + 1
  }
}

/** The entry whose key is the scalar `key`; the first one when a key is repeated (GitHub rejects repeats). */
export function entryOf(node: YamlNode | undefined, key: string): YamlEntry | undefined {
  if (node?.kind !== 'mapping') return undefined
  return node.entries.find((e) => e.key.kind === 'scalar' && e.key.value === key)
}

export function valueOf(node: YamlNode | undefined, key: string): YamlNode | undefined {
  return entryOf(node, key)?.value
}

export function keyText(entry: YamlEntry): string | undefined {
  return entry.key.kind === 'scalar' ? entry.key.value : undefined
}
