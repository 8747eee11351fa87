// Offline checks of the credential the user intends, wherever it comes from:
// an input of the action, or a variable or settings `env` entry the doctor
// finds. One set of rules (each with its stable rule id, docs/rules.md), two
// readers: `ShapeReader` words the subject, the place and the fix for each.
// Messages name prefixes from the fixed table below, never any part of the
// value itself.

import { brokenExpression } from '../common/broken-expression.js'
import type { CredentialKind } from '../resolve/model.js'
import { problem, type Problem } from '../common/problems.js'
import { describeCharacter, type CharacterDescription } from './character-names.js'

export const INPUT_FOR: Record<CredentialKind, string> = {
  'oauth-token': 'claude-code-oauth-token',
  'api-key': 'anthropic-api-key',
  'auth-token': 'anthropic-auth-token',
}

/** How one front end names the value, its place, and where a credential of each kind goes. */
export interface ShapeReader {
  /** The sentence subject: "The value of `anthropic-api-key`", "CLAUDE_CODE_OAUTH_TOKEN from your environment". */
  subject: string
  /** The "Where:" part. */
  where: string
  /** Titles name the slot: `input` (the action) or `variable` (the doctor). */
  slotNoun: 'input' | 'variable'
  /** Where a credential of that kind belongs, in a sentence: "`claude-code-oauth-token`", "CLAUDE_CODE_OAUTH_TOKEN". */
  slotOf(kind: CredentialKind): string
  /** The fix that moves a credential to its own slot: "pass it as `claude-code-oauth-token`". */
  moveTo(kind: CredentialKind): string
  /** What holds the value, in a fix: "the secret", "the variable". */
  holder: string
  /** What becomes of surrounding whitespace: "it was removed before export". */
  trimmed: string
  /** How to store a value without surrounding whitespace. */
  trimFix: string
  /** The fix for the text of a broken workflow expression (`$ secrets.X`); `write`: the expression meant, when it can be told. */
  brokenFix(write: string | undefined): string
}

/** The action's reader: the credential input of that kind. */
export function inputReader(kind: CredentialKind): ShapeReader {
  const input = INPUT_FOR[kind]
  return {
    subject: `The value of \`${input}\``,
    where: `input \`${input}\``,
    slotNoun: 'input',
    slotOf: (k) => `\`${INPUT_FOR[k]}\``,
    moveTo: (k) => `pass it as \`${INPUT_FOR[k]}\``,
    holder: 'the secret',
    trimmed: 'it was removed before export',
    trimFix: 'store the secret without surrounding whitespace (e.g. `gh secret set NAME --body "$TOKEN"` rather than piping `echo`)',
    brokenFix: (write) => (write ? `write \`${input}: ${write}\` in the workflow's \`with:\`` : `close the expression in \`${input}\` with \`}}\``),
  }
}

interface KnownShape {
  prefix: string
  what: string
  /** The slot it belongs in, or `null` when it belongs in none. */
  belongsIn: CredentialKind | null
  fix: (reader: ShapeReader) => string
  /** The length such tokens have had so far, and what to call them in a message. */
  length?: { characters: number; of: string }
}

/**
 * Both are 108 characters. API keys: `sk-ant-api03-` + 93 characters + `AA`,
 * the pattern of gitleaks' `anthropic-api-key` rule
 * (gitleaks/gitleaks cmd/generate/config/rules/anthropic.go) and of the secret
 * scanner inside Claude Code 2.1.330 itself. OAuth tokens: no published
 * pattern (gitleaks' rule notes that Anthropic publishes no fixed length), but
 * `claude setup-token` prints 108-character tokens (openclaw/openclaw#53464,
 * max-sixty/tend#398); 80-character ones are the first line of a wrapped
 * token (anthropics/claude-code#54738). Hence a window, not equality: see
 * LENGTH_WINDOW.
 */
const PUBLISHED_LENGTH = 108

const KNOWN_SHAPES: readonly KnownShape[] = [
  {
    prefix: 'sk-ant-oat01-',
    what: 'a Claude Code OAuth token (from `claude setup-token`)',
    belongsIn: 'oauth-token',
    fix: (r) => r.moveTo('oauth-token'),
    length: { characters: PUBLISHED_LENGTH, of: 'Claude Code OAuth tokens' },
  },
  {
    prefix: 'sk-ant-api03-',
    what: 'an Anthropic Console API key',
    belongsIn: 'api-key',
    fix: (r) => r.moveTo('api-key'),
    length: { characters: PUBLISHED_LENGTH, of: 'Anthropic Console API keys' },
  },
  {
    prefix: 'sk-ant-admin01-',
    what: 'an Anthropic Admin API key, which cannot call the Messages API',
    belongsIn: null,
    fix: (r) => `create a standard API key in the Console (Settings → API keys) and ${r.moveTo('api-key')}`,
  },
  {
    prefix: 'sk-ant-ort01-',
    what: 'an OAuth refresh token, which Claude Code cannot use as a credential',
    belongsIn: null,
    fix: (r) => `run \`claude setup-token\` and use the \`sk-ant-oat01-…\` token it prints: ${r.moveTo('oauth-token')}`,
  },
]

/** The prefix we expect for each kind; other shapes are plausible but unusual. */
const EXPECTED_PREFIX: Partial<Record<CredentialKind, string>> = {
  'oauth-token': 'sk-ant-oat01-',
  'api-key': 'sk-ant-api03-',
}

const TOKEN_CHARACTERS = /^[A-Za-z0-9_\-.~+/=]+$/
/** `NAME=value` or `NAME: value` with an environment-style name; base64 padding and `user:secret` do not match. */
const ASSIGNMENT_PREFIX = /^[A-Z][A-Z0-9_]{2,}\s*[=:]\s*[^=\s]/
/** Shorter than any real credential, and short enough to guess from its fingerprint. */
export const SHORTEST_CREDENTIAL = 16
/**
 * Longer than any credential needs, gateway JWTs included (a few hundred to a
 * few thousand characters); common servers refuse request headers above 8 KiB.
 */
export const LONGEST_CREDENTIAL = 8192
/**
 * For a token of known length: outside this share of it the value is broken
 * (cut short, or two tokens pasted together) and fails; inside it but not
 * equal it only warns, so that a format change by Anthropic that keeps the
 * prefix does not stop every workflow.
 */
export const LENGTH_WINDOW = { from: 3 / 4, to: 3 / 2 }
/** Whitespace a token cannot contain; other Unicode spaces are named by the character check. */
const ASCII_WHITESPACE = /[ \t\n\r\v\f]/
/** How many offending characters a message names; the rest are counted. */
const CHARACTERS_NAMED = 3
const BEARER_PREFIX = /^bearer\s/i
const QUOTES = /^(["'`]).*\1$/s
const ANTHROPIC_PREFIX = 'sk-ant-'
const ENCODED_LINE_BREAK = /%0[ad]/i

export interface CheckedCredential {
  kind: CredentialKind
  value: string
  problems: Problem[]
}

/** Stable rule ids of the shape checks (docs/rules.md): the same in the action and the doctor. */
export const SHAPE_RULES = {
  surroundingWhitespace: 'credential/surrounding-whitespace',
  bearerPrefix: 'credential/bearer-prefix',
  variableName: 'credential/variable-name',
  innerWhitespace: 'credential/inner-whitespace',
  nonAscii: 'credential/non-ascii',
  quoted: 'credential/quoted',
  encodedLineBreak: 'credential/encoded-line-break',
  tooShort: 'credential/too-short',
  tooLong: 'credential/too-long',
  wrongSlot: 'credential/wrong-slot',
  unusable: 'credential/unusable-type',
  unexpectedLength: 'credential/unexpected-length',
  unrecognisedFormat: 'credential/unrecognised-format',
  unusualCharacters: 'credential/unusual-characters',
} as const

/**
 * `raw` is the value exactly as given (the runner's input, the variable's
 * value); the result's value is trimmed, as Claude Code trims it before
 * sending (facts §2). `reader` words the findings for the front end.
 */
export function checkCredential(kind: CredentialKind, raw: string, reader: ShapeReader = inputReader(kind)): CheckedCredential {
  const { subject, where } = reader
  const value = raw.trim()
  const problems: Problem[] = []
  const add = (severity: 'error' | 'warning', rule: string, title: string, cause: string, fix: string) => problems.push(problem(severity, title, cause, where, fix, { rule }))
  const error = (rule: string, title: string, cause: string, fix: string) => add('error', rule, title, cause, fix)
  const warning = (rule: string, title: string, cause: string, fix: string) => add('warning', rule, title, cause, fix)
  const done = () => ({ kind, value, problems })

  if (value !== raw) {
    warning(SHAPE_RULES.surroundingWhitespace, 'Whitespace trimmed from credential', `${subject} had leading or trailing whitespace or a newline; ${reader.trimmed}.`, reader.trimFix)
  }
  // `$ secrets.X` and the like arrive as that text: the cause is the workflow, not the secret.
  const broken = brokenExpression(value)
  if (broken) {
    const write = broken.suggestion ? `: write \`${broken.suggestion}\`` : ''
    problems.push(
      problem(
        'error',
        broken.kind === 'missing-braces' ? 'Not an expression' : broken.kind === 'secret-singular' ? 'Expression on secret.' : 'Expression not closed',
        `${subject} is ${broken.what}${write}.`,
        where,
        reader.brokenFix(broken.suggestion),
        { rule: broken.rule },
      ),
    )
    return { kind, value, problems }
  }
  if (BEARER_PREFIX.test(value)) {
    error(SHAPE_RULES.bearerPrefix, 'Credential includes "Bearer"', `${subject} starts with "Bearer ", a header prefix Claude Code adds itself.`, `store only the token in ${reader.holder}, without "Bearer "`)
    return done()
  }
  if (ASSIGNMENT_PREFIX.test(value)) {
    error(
      SHAPE_RULES.variableName,
      'Credential includes a variable name',
      `${subject} looks like an assignment ("NAME=…" or "NAME: …"), not a token.`,
      `store only the token itself in ${reader.holder}, without the variable name`,
    )
    return done()
  }
  if (ASCII_WHITESPACE.test(value)) {
    error(
      SHAPE_RULES.innerWhitespace,
      'Credential contains whitespace',
      `${subject} contains a space, tab or line break inside it, so it cannot be a single token (often two secrets pasted together, or a wrapped line).`,
      `store exactly one token, on one line, in ${reader.holder}`,
    )
    return done()
  }
  const outside = charactersOutsideAscii(value)
  if (outside.length > 0) {
    problems.push(characterProblem(reader, outside))
    return done()
  }
  if (QUOTES.test(value)) {
    error(SHAPE_RULES.quoted, 'Credential is wrapped in quotes', `${subject} starts and ends with a quote character, which would be sent as part of the token.`, `store the token in ${reader.holder} without the surrounding quotes`)
    return done()
  }
  // Anthropic tokens never contain `%`; gateway tokens may, so theirs only draw the warning below.
  if (value.startsWith(ANTHROPIC_PREFIX) && ENCODED_LINE_BREAK.test(value)) {
    error(
      SHAPE_RULES.encodedLineBreak,
      'Credential contains an encoded line break',
      `${subject} contains "%0A" or "%0D", a URL-encoded line break, which Anthropic tokens never contain (often a newline encoded by the tool that stored the secret).`,
      `store only the token in ${reader.holder}, without the encoded line break`,
    )
    return done()
  }

  if (value.length < SHORTEST_CREDENTIAL) {
    error(
      SHAPE_RULES.tooShort,
      'Credential too short',
      `${subject} has fewer than ${SHORTEST_CREDENTIAL} characters, too few for a real token (often a placeholder, or the wrong secret).`,
      `store the full token in ${reader.holder}`,
    )
    return done()
  }
  const known = KNOWN_SHAPES.find((shape) => value.startsWith(shape.prefix))
  if (known && known.belongsIn !== kind) {
    const belongs = known.belongsIn === null ? '' : ` It belongs in ${reader.slotOf(known.belongsIn)}.`
    error(
      known.belongsIn === null ? SHAPE_RULES.unusable : SHAPE_RULES.wrongSlot,
      known.belongsIn === null ? 'Unusable credential type' : `Credential given in the wrong ${reader.slotNoun}`,
      `${subject} starts with \`${known.prefix}\`: it is ${known.what}.${belongs}`,
      known.fix(reader),
    )
    return done()
  }
  const lengthProblem = checkLength(reader, value, known)
  if (lengthProblem) {
    problems.push(lengthProblem)
    if (lengthProblem.severity === 'error') return done()
  }
  const expected = EXPECTED_PREFIX[kind]
  if (expected && !value.startsWith(expected)) {
    warning(
      SHAPE_RULES.unrecognisedFormat,
      'Unrecognised credential format',
      `${subject} does not start with \`${expected}\`, the prefix such credentials have had so far.`,
      `check that ${reader.holder} holds the right credential; ignore this warning if the format has changed`,
    )
  } else if (!TOKEN_CHARACTERS.test(value)) {
    warning(SHAPE_RULES.unusualCharacters, 'Unusual characters in credential', `${subject} contains characters that tokens do not normally contain.`, `check that ${reader.holder} holds exactly the token`)
  }
  return done()
}

interface Found {
  /** 1-based, in characters (code points) of the trimmed value. */
  position: number
  character: CharacterDescription
}

/** Every character that is not printable ASCII; ASCII whitespace is reported before this runs. */
function charactersOutsideAscii(value: string): Found[] {
  const found: Found[] = []
  let position = 0
  for (const char of value) {
    position++
    const code = char.codePointAt(0) as number
    if (code < 0x21 || code > 0x7e) found.push({ position, character: describeCharacter(code) })
  }
  return found
}

/** `U+043E CYRILLIC SMALL LETTER O, which looks like "o"`: the character is named, never shown. */
export function characterPhrase({ codePoint, name, category, block, imitates }: CharacterDescription): string {
  const what = name ? `${codePoint} ${name}` : `${codePoint} (${block ? `${category}, ${block} block` : category})`
  if (imitates === 'invisible') return `${what}, which is invisible`
  if (imitates === 'space') return `${what}, which looks like a space`
  if (imitates === 'line break') return `${what}, a line break`
  if (imitates) return `${what}, which looks like "${imitates}"`
  return category === 'Control' ? `${what}, a control character` : what
}

function characterProblem(reader: ShapeReader, found: readonly Found[]): Problem {
  const named = found.slice(0, CHARACTERS_NAMED).map(({ position, character }) => `character ${position} is ${characterPhrase(character)}`)
  const rest = found.length - named.length
  const more = rest > 0 ? `; ${rest} more ${rest === 1 ? 'is' : 'are'} not printable ASCII either` : ''
  const onlyControls = found.every(({ character }) => character.category === 'Control')
  const lookalike = found.some(({ character }) => character.imitates?.length === 1)
  return problem(
    'error',
    onlyControls ? 'Credential contains control characters' : 'Credential contains non-ASCII characters',
    `${reader.subject} contains ${found.length === 1 ? 'a character' : `${found.length} characters`} outside printable ASCII, which credentials never contain and HTTP headers cannot carry: ${named.join('; ')}${more}.`,
    reader.where,
    lookalike
      ? `copy the token again from where it was issued and paste it into ${reader.holder} as plain text, or retype each lookalike as the ASCII character it imitates (a document, chat or web page replaced these characters)`
      : `copy the token again from where it was issued and paste it into ${reader.holder} as plain text (a document, chat, web page or terminal added these characters)`,
    { rule: SHAPE_RULES.nonAscii },
  )
}

function checkLength(reader: ShapeReader, value: string, known: KnownShape | undefined): Problem | undefined {
  const { subject, where: origin } = reader
  const length = value.length
  const expected = known?.length
  if (!known || !expected) {
    if (length <= LONGEST_CREDENTIAL) return undefined
    return problem(
      'error',
      'Credential too long',
      `${subject} is ${length} characters long, more than the ${LONGEST_CREDENTIAL} that any credential needs, gateway tokens and JWTs included (servers commonly refuse request headers above 8 KiB).`,
      origin,
      `store only the token in ${reader.holder}, not a file, a log or several tokens`,
      { rule: SHAPE_RULES.tooLong },
    )
  }
  const shape = `${expected.of} (\`${known.prefix}…\`)`
  const tooShort = length < Math.ceil(expected.characters * LENGTH_WINDOW.from)
  const tooLong = length > Math.floor(expected.characters * LENGTH_WINDOW.to)
  if (tooShort || tooLong) {
    return problem(
      'error',
      tooShort ? 'Credential too short' : 'Credential too long',
      `${subject} is ${length} characters long, but ${shape} have ${expected.characters}: ${
        tooShort ? 'it is probably cut short, often the first line of a token that wrapped in the terminal' : 'it probably holds more than one token, or more than the token'
      }.`,
      origin,
      tooShort ? `copy the whole token again, on one line, and store it in ${reader.holder}` : `store exactly one token in ${reader.holder}`,
      { rule: tooShort ? SHAPE_RULES.tooShort : SHAPE_RULES.tooLong },
    )
  }
  if (length === expected.characters) return undefined
  return problem(
    'warning',
    'Unexpected credential length',
    `${subject} is ${length} characters long; ${shape} have had ${expected.characters} so far.`,
    origin,
    `check that ${reader.holder} holds exactly one whole token; ignore this warning if the format has changed`,
    { rule: SHAPE_RULES.unexpectedLength },
  )
}
