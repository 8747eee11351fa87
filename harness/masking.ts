/**
 * A re-implementation of the GitHub Actions runner's secret masker, so tests can
 * assert what a real job log would show.
 *
 * Mirrors, from the actions/runner sources:
 * - src/Sdk/DTLogging/Logging/SecretMasker.cs: every registered value plus all of
 *   its encoder variations is searched ordinally (overlapping hits included), hits
 *   are merged when they overlap or touch, and each merged range becomes `***`.
 *   A value already registered is not registered again; empty values are ignored.
 * - src/Sdk/DTLogging/Logging/ValueSecret.cs: the ordinal, overlapping search.
 * - src/Sdk/DTLogging/Logging/ValueEncoders.cs: the encoders below. The base64
 *   "shift" encoders take the UTF-8 bytes from offset 1 or 2 and base64 them in
 *   full, padding included; nothing is trimmed (when the value is not longer than
 *   the shift, the whole value is encoded instead).
 * - src/Runner.Common/HostContext.cs registers the encoder list; newer runners add
 *   CommandLineArgumentEscape and the two PowerShell ampersand encoders, which we
 *   include so the harness never claims less masking than a current runner does.
 *
 * What the runner does NOT do, and so neither do we: `::add-mask::` registers the
 * whole value only. Per-line registration of a multi-line value happens solely for
 * job secrets (`secrets.*`, see src/Runner.Worker/Worker.cs InitializeSecretMasker),
 * exposed here as `addJobSecret`.
 */

export interface EncodedVariant {
  encoder: string
  value: string
}

type Encoder = { name: string; encode: (value: string) => string }

function base64FromOffset(value: string, shift: number): string {
  const bytes = Buffer.from(value, 'utf8')
  // The runner falls back to the unshifted bytes when there is nothing left after the shift.
  const slice = bytes.length > shift ? bytes.subarray(shift) : bytes
  return slice.toString('base64')
}

/** `Uri.EscapeDataString`: only RFC 3986 unreserved characters stay literal, UTF-8 bytes upper-case hex. */
export function uriDataEscape(value: string): string {
  let out = ''
  for (const byte of Buffer.from(value, 'utf8')) {
    const isUnreserved =
      (byte >= 0x41 && byte <= 0x5a) || // A-Z
      (byte >= 0x61 && byte <= 0x7a) || // a-z
      (byte >= 0x30 && byte <= 0x39) || // 0-9
      byte === 0x2d || byte === 0x2e || byte === 0x5f || byte === 0x7e // - . _ ~
    out += isUnreserved ? String.fromCharCode(byte) : '%' + byte.toString(16).toUpperCase().padStart(2, '0')
  }
  return out
}

/**
 * Newtonsoft `JsonConvert.ToString(string)` without the surrounding quotes. Its default
 * escape table differs from JSON.stringify: it also escapes U+0085, U+2028 and U+2029,
 * and writes other control characters as lower-case `\u00xx`.
 */
export function jsonStringEscape(value: string): string {
  let out = ''
  for (const ch of value) {
    const code = ch.codePointAt(0) as number
    switch (ch) {
      case '"': out += '\\"'; continue
      case '\\': out += '\\\\'; continue
      case '\b': out += '\\b'; continue
      case '\f': out += '\\f'; continue
      case '\n': out += '\\n'; continue
      case '\r': out += '\\r'; continue
      case '\t': out += '\\t'; continue
    }
    if (code < 0x20 || code === 0x85 || code === 0x2028 || code === 0x2029) {
      out += '\\u' + code.toString(16).padStart(4, '0')
    } else {
      out += ch
    }
  }
  return out
}

/** `System.Security.SecurityElement.Escape`. */
export function xmlDataEscape(value: string): string {
  return value.replace(/[<>"'&]/g, (c) =>
    ({ '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '&': '&amp;' })[c] as string,
  )
}

function powerShellPreAmpersand(value: string): string {
  if (!value.includes('&')) return ''
  const section = value.includes('&+')
    ? value.substring(0, value.indexOf('&+') + 2)
    : value.substring(0, value.lastIndexOf('&') + 1)
  return section.length >= 6 ? section : ''
}

function powerShellPostAmpersand(value: string): string {
  if (!value.includes('&')) return ''
  let section = ''
  if (value.includes('&+')) {
    // The runner skips one more character: PowerShell colours the letter after "&+".
    const start = value.indexOf('&+') + 2 + 1
    if (value.length > start) section = value.substring(start)
  } else {
    section = value.substring(value.lastIndexOf('&') + 1)
  }
  return section.length >= 6 ? section : ''
}

/** In the order HostContext registers them (order does not change the result). */
export const RUNNER_VALUE_ENCODERS: readonly Encoder[] = [
  { name: 'base64', encode: (v) => base64FromOffset(v, 0) },
  { name: 'base64 (byte offset 1)', encode: (v) => base64FromOffset(v, 1) },
  { name: 'base64 (byte offset 2)', encode: (v) => base64FromOffset(v, 2) },
  { name: 'command-line argument escape', encode: (v) => v.replace(/"/g, '\\"') },
  { name: 'expression string escape', encode: (v) => v.replace(/'/g, "''") },
  { name: 'JSON string escape', encode: jsonStringEscape },
  { name: 'URI data escape', encode: uriDataEscape },
  { name: 'XML escape', encode: xmlDataEscape },
  {
    name: 'double quotes trimmed',
    encode: (v) => (v.length > 8 && v.startsWith('"') && v.endsWith('"') ? v.substring(1, v.length - 1) : ''),
  },
  { name: 'PowerShell pre-ampersand section', encode: powerShellPreAmpersand },
  { name: 'PowerShell post-ampersand section', encode: powerShellPostAmpersand },
]

/** Every string the runner masks once `value` is registered: the value itself first, then its encodings. */
export function runnerMaskedVariants(value: string): EncodedVariant[] {
  if (value === '') return []
  const seen = new Set<string>([value])
  const variants: EncodedVariant[] = [{ encoder: 'verbatim', value }]
  for (const { name, encode } of RUNNER_VALUE_ENCODERS) {
    const encoded = encode(value)
    if (encoded === '' || seen.has(encoded)) continue
    seen.add(encoded)
    variants.push({ encoder: name, value: encoded })
  }
  return variants
}

export class SecretMasker {
  private readonly originals = new Set<string>()
  private readonly needles = new Set<string>()

  /** `SecretMasker.AddValue`: the value and its encoder variations, from now on. */
  addValue(value: string): void {
    if (!value || this.originals.has(value)) return
    this.originals.add(value)
    for (const variant of runnerMaskedVariants(value)) this.needles.add(variant.value)
  }

  /**
   * How the worker registers a job secret (`secrets.*`): trimmed whole value, then each
   * non-empty line trimmed. `::add-mask::` does not do this.
   */
  addJobSecret(value: string): void {
    const trimmed = value.trim()
    this.addValue(trimmed)
    for (const line of trimmed.split(/[\r\n]/)) {
      if (line !== '') this.addValue(line.trim())
    }
  }

  get registeredValues(): string[] {
    return [...this.originals]
  }

  maskSecrets(input: string): string {
    if (!input) return ''
    const hits: Array<{ start: number; end: number }> = []
    for (const needle of this.needles) {
      let from = 0
      while (from < input.length && input.length - from >= needle.length) {
        const at = input.indexOf(needle, from)
        if (at < 0) break
        hits.push({ start: at, end: at + needle.length })
        from = at + 1
      }
    }
    if (hits.length === 0) return input
    hits.sort((a, b) => a.start - b.start)
    const merged: Array<{ start: number; end: number }> = []
    for (const hit of hits) {
      const last = merged[merged.length - 1]
      // `<=`: ranges that merely touch are merged too, as in the runner.
      if (last && hit.start <= last.end) last.end = Math.max(last.end, hit.end)
      else merged.push({ ...hit })
    }
    let out = ''
    let cursor = 0
    for (const range of merged) {
      out += input.substring(cursor, range.start) + '***'
      cursor = range.end
    }
    return out + input.substring(cursor)
  }
}
