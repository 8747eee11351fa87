// Anything quoted from a server or from a socket error passes through here
// before it can reach an annotation, the job summary or an output. The server
// is not trusted: a gateway may echo the credential (whole, encoded or cut
// short) and may send text crafted to look like a workflow command.

const REDACTED = '[redacted]'

/** Shorter forms would redact ordinary words; a secret this short is not worth hiding by substring. */
const MIN_FORM_LENGTH = 4
/** Length of a fragment of a secret that counts as a leak when it appears inside a longer run. */
const FRAGMENT_LENGTH = 8
/** Bounded work on hostile input: nothing past this is ever shown. */
const MAX_INPUT = 4000

// Removed outright: invisible characters that could glue two halves of a secret
// back together after redaction, or reorder text (bidi overrides).
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g
// Replaced by a space: anything that could end a line or start a new one.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g
const ANTHROPIC_TOKEN = /sk-ant-[A-Za-z0-9]+-[A-Za-z0-9_-]+/g
// Credential-shaped values: a scheme or header name followed by something
// token-like, i.e. 8+ token characters with a digit, or 20+ without one, so
// that "API key: it is wrong" or "Bearer authentication failed" survive.
const TOKEN_VALUE = String.raw`(?:(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}|[A-Za-z0-9._~+/=-]{20,})`
const AUTH_SCHEME_VALUE = new RegExp(String.raw`\b(bearer|basic)\s+${TOKEN_VALUE}`, 'gi')
const KEY_HEADER_VALUE = new RegExp(String.raw`\b(x-api-key|api[-_ ]?key|authorization|token)(["']?\s*[:=]\s*["']?)${TOKEN_VALUE}`, 'gi')
const TOKEN_RUN = /[A-Za-z0-9_\-+/=.~%]{8,}/g
// Long opaque runs (hex, base64, any re-encoding we do not list): no error
// message needs one, and the server may have encoded the credential its own way.
const OPAQUE_RUN = /[A-Za-z0-9_\-+/=]{32,}/g

/** The credential as it may appear on the wire or in an echo: raw, base64, URL- and JSON-encoded. */
export function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>()
  for (const raw of secrets) {
    for (const secret of new Set([raw, raw.trim()])) {
      if (secret.length < MIN_FORM_LENGTH) continue
      const b64 = Buffer.from(secret, 'utf8').toString('base64')
      for (const form of [
        secret,
        b64,
        b64.replace(/=+$/, ''),
        Buffer.from(secret, 'utf8').toString('base64url'),
        encodeURIComponent(secret),
        JSON.stringify(secret).slice(1, -1),
      ]) {
        if (form.length >= MIN_FORM_LENGTH) forms.add(form)
      }
    }
  }
  // Longest first, so a form that contains another is removed whole.
  return [...forms].sort((a, b) => b.length - a.length)
}

function sharesFragment(run: string, forms: readonly string[]): boolean {
  for (let i = 0; i + FRAGMENT_LENGTH <= run.length; i++) {
    const fragment = run.slice(i, i + FRAGMENT_LENGTH)
    if (forms.some((form) => form.length >= FRAGMENT_LENGTH && form.includes(fragment))) return true
  }
  return false
}

/**
 * Remove every secret and every encoding of it. With `shapes` (text from a
 * server), also anything shaped like a credential, even one not on the list.
 */
export function redact(text: string, secrets: readonly string[], shapes = true): string {
  const forms = secretForms(secrets)
  let out = text
  for (const form of forms) out = out.split(form).join(REDACTED)
  if (shapes) {
    out = out.replace(ANTHROPIC_TOKEN, REDACTED)
    out = out.replace(AUTH_SCHEME_VALUE, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    out = out.replace(KEY_HEADER_VALUE, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`)
    out = out.replace(OPAQUE_RUN, REDACTED)
  }
  // A secret cut short ("sk-ant-api03-AbCdEf…") is still a leak: any run that
  // shares eight consecutive characters with a secret goes.
  out = out.replace(TOKEN_RUN, (run) => (run !== REDACTED && sharesFragment(run, forms) ? REDACTED : run))
  return out
}

/**
 * One safe line: no secrets, no control or invisible characters, no line that
 * could be read as a workflow command (`::`), at most `max` characters.
 * `shapes: false` is for the action's own wording, which quotes no server text
 * and must not lose words to credential-shape matching.
 */
export function safeLine(text: string, secrets: readonly string[], max = 300, shapes = true): string {
  let out = text.slice(0, MAX_INPUT).replace(INVISIBLE, '').replace(CONTROL, ' ')
  out = redact(out, secrets, shapes)
  out = out.replace(/\s+/g, ' ').trim()
  // `::` only starts a command at the beginning of a line, but the caller may
  // put this text anywhere; breaking every pair is cheap and certain.
  while (out.includes('::')) out = out.replace(/::/g, ': :')
  if (out.length > max) out = `${out.slice(0, max - 1).trimEnd()}…`
  return out
}
