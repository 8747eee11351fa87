// Every string inside a secret value that could be the credential itself.
// A rejected value (quoted, `Bearer …`, `NAME=…`, `%0A`-encoded, wrapped) still
// holds a real credential, and a later step (`if: always()`,
// `continue-on-error`) may print that credential on its own: the runner masks
// only the exact strings it is told. So this errs on the side of finding too
// much; the patterns here are looser than the checks in credential-shape.ts,
// which must not reject real tokens, and every result is a substring of the
// value (or the value with its line breaks and spaces removed).

/** Shorter than any real credential: below this, a whitespace-separated word is prose, not a token. */
const SHORTEST_WORD_CANDIDATE = 16

/** `%0A` / `%0D` in any case: a line break that went through URL encoding. */
const ENCODED_LINE_BREAK = /%0([ad])/gi
const LINE_BREAK = /\r\n|\r|\n/
const QUOTE = /^["'`\u2018\u2019\u201c\u201d]|["'`\u2018\u2019\u201c\u201d]$/g
const PREFIXES = [
  /^export\s+/i,
  /^bearer\s+/i,
  // NAME=, NAME:, header names included (`x-api-key: …`, `Authorization: Bearer …`).
  /^[A-Za-z_][A-Za-z0-9_-]*\s*[=:]\s*/,
]
/** An Anthropic token, stopping where a second one starts (two pasted together). */
const ANTHROPIC_TOKEN = /sk-ant-[a-z0-9]+-(?:(?!sk-ant-)[A-Za-z0-9_-])+/g

const decodeLineBreaks = (text: string): string => text.replace(ENCODED_LINE_BREAK, (_, c: string) => (c.toLowerCase() === 'a' ? '\n' : '\r'))

/** Removes surrounding whitespace, quotes and known prefixes, as often as they are nested. */
export function unwrapCredential(text: string): string {
  let current = text.trim()
  for (;;) {
    let next = current.replace(QUOTE, '').trim()
    for (const prefix of PREFIXES) next = next.replace(prefix, '')
    next = next.trim()
    if (next === current) return current
    current = next
  }
}

/**
 * The value, each line, and every credential-shaped string inside it: after
 * removing quotes, prefixes and `%0A`/`%0D`; each Anthropic token; each long
 * word; and the whole with its whitespace removed (a token wrapped over lines).
 * Unfiltered: the caller drops the ones too short to mask.
 */
export function credentialCandidates(value: string): string[] {
  const found = new Set<string>()
  const add = (candidate: string) => {
    const trimmed = candidate.trim()
    if (trimmed !== '') found.add(trimmed)
  }
  const addTokens = (text: string) => {
    for (const match of text.matchAll(ANTHROPIC_TOKEN)) add(match[0])
  }
  for (const text of new Set([value, decodeLineBreaks(value)])) {
    add(text)
    for (const line of text.split(LINE_BREAK)) {
      add(line)
      const inner = unwrapCredential(line)
      add(inner)
      addTokens(line)
      for (const word of inner.split(/\s+/)) {
        const unwrapped = unwrapCredential(word)
        if (unwrapped.length >= SHORTEST_WORD_CANDIDATE) add(unwrapped)
      }
    }
    const inner = unwrapCredential(text)
    add(inner)
    const joined = inner.replace(/\s+/g, '')
    if (joined.length >= SHORTEST_WORD_CANDIDATE) add(joined)
    addTokens(joined)
  }
  return [...found]
}
