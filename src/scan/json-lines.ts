// The line each key of a JSON object is written on, so a finding in a
// settings file can point at `"ANTHROPIC_API_KEY": …` itself. JSON.parse has
// no positions; this walks the text once, tracking strings and nesting.

/** 1-based lines of keys by dotted path, for the top two levels: `apiKeyHelper` → 2, `env.ANTHROPIC_API_KEY` → 4. */
export function jsonKeyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>()
  // The key of each enclosing container below the root; null for arrays (their items have no key).
  const containers: (string | null)[] = []
  let depth = 0
  let line = 1
  let key: string | null = null
  let lastString: { value: string; line: number } | null = null
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (char === '\n') line++
    else if (char === '"') {
      const start = line
      let value = ''
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') value += text[++i] ?? ''
        else {
          if (text[i] === '\n') line++
          value += text[i]
        }
      }
      lastString = { value, line: start }
    } else if (char === ':' && lastString) {
      key = lastString.value
      const inArray = containers.includes(null)
      if (!inArray && containers.length <= 1) {
        const dotted = [...containers, key].join('.')
        if (!lines.has(dotted)) lines.set(dotted, lastString.line)
      }
      lastString = null
    } else if (char === '{' || char === '[') {
      if (depth > 0) containers.push(char === '[' || key === null ? null : key)
      depth++
      key = null
      lastString = null
    } else if (char === '}' || char === ']') {
      depth--
      if (depth > 0) containers.pop()
      key = null
    } else if (char === ',') {
      key = null
      lastString = null
    }
  }
  return lines
}
