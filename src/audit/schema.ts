// The audit's two documents as zod schemas (zod/mini: the same checks as the
// classic API in a smaller bundle): `.github/claude-code-auth.yml`, which
// readConfig validates with ConfigSchema, and the `--format json` report,
// which renderJson passes through JsonReportSchema before printing it. The
// JSON Schema files in docs/ are generated from these (scripts/audit-schemas.mjs;
// a test fails when they differ). Loaded lazily (its own chunk,
// dist/audit-schema.js): only when a config file exists or the format is json.

import * as z from 'zod/mini'
import { JSON_VERSION } from './findings.js'

const severity = z.enum(['error', 'warning', 'notice'])
const describe = <T extends z.ZodMiniType>(schema: T, description: string): T => schema.check(z.describe(description)) as T
const nonEmpty = z.string().check(z.minLength(1))
const globs = z.union([z.string(), z.array(z.string())])

export const ConfigSchema = describe(
  z.strictObject({
    'min-severity': z.optional(describe(severity, 'The lowest severity reported (and counted for the exit code) when the command line gives no --min-severity.')),
    ignore: z.optional(
      describe(
        z.array(
          z.strictObject({
            rule: describe(nonEmpty, 'The rule id to ignore (docs/rules.md), for example `audit/secret-name-drift`.'),
            paths: z.optional(describe(globs, 'Globs of the files it is ignored in, relative to the repository; none: every file.')),
            path: z.optional(describe(globs, 'The same as `paths`.')),
            reason: z.optional(describe(z.string(), 'Why: an ignore without one is itself a warning (audit/ignore-without-reason).')),
          }),
        ),
        'Findings to ignore, by rule and path.',
      ),
    ),
  }),
  'claude-code-auth audit: .github/claude-code-auth.yml',
)

export type ConfigDocument = z.infer<typeof ConfigSchema>

const route = z.enum(['subscription OAuth', 'API key', 'gateway', 'Bedrock', 'Vertex', 'Foundry', 'federation', 'apiKeyHelper', 'login', 'none'])
const count = z.int().check(z.nonnegative())
const position = z.int().check(z.positive())

const job = z.strictObject({
  file: describe(z.string(), 'The workflow file, relative to the repository.'),
  job: describe(z.string(), 'Its key under `jobs:`.'),
  line: position,
  route: describe(route, 'Where its credential goes.'),
  verdict: describe(z.enum(['pass', 'fail', 'depends', 'warn']), "The action's verdict at run time: fail on a certain error, depends on a depends-on finding, warn on another warning."),
  setup: describe(z.enum(['this-action', 'virtual']), "This action's step in the job, or one the audit inserts before the first Claude step."),
  workflowFindings: describe(count, 'Findings of the audit’s own rules (audit/…) about the job at warning or above.'),
})

const finding = z.strictObject({
  rule: describe(z.string(), 'The rule id (docs/rules.md).'),
  severity,
  file: z.string(),
  line: position,
  column: position,
  job: z.optional(z.string()),
  title: z.string(),
  message: describe(z.string(), 'The cause, first sentence first.'),
  where: z.string(),
  fix: z.string(),
  dependsOn: z.optional(describe(z.string(), 'Only when the finding is not certain before the run: what it depends on.')),
  ignored: z.optional(describe(z.string(), 'Only when an ignore comment or the config file ignores it: the reason given.')),
})

export const JsonReportSchema = describe(
  z.strictObject({
    version: z.literal(JSON_VERSION),
    tool: z.strictObject({ name: z.literal('claude-code-auth'), version: z.string() }),
    minSeverity: severity,
    repositories: z.array(
      z.strictObject({
        path: describe(z.string(), 'The PATH as given.'),
        files: z.array(z.string()),
        jobs: z.array(job),
        findings: z.array(finding),
      }),
    ),
    totals: z.strictObject({ error: count, warning: count, notice: count, ignored: count, jobs: count }),
  }),
  'claude-code-auth audit --format json',
)

export type JsonReport = z.infer<typeof JsonReportSchema>

/** A config document that does not fit the schema: the first problem, in words, and where (its path of keys and indexes). */
export function configProblem(value: unknown): { path: (string | number)[]; reason: string } | undefined {
  const result = ConfigSchema.safeParse(value)
  if (result.success) return undefined
  const issue = result.error.issues[0]!
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol')
  const at = path.length === 0 ? 'the file' : `\`${path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[')}\``
  const key = path[path.length - 1]
  let reason: string
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `\`${k}\``).join(', ')
    reason = path.length === 0 ? `${keys} is not a setting (the settings are \`min-severity\` and \`ignore\`)` : `${keys} is not a key of an \`ignore\` entry (its keys are \`rule\`, \`paths\` and \`reason\`)`
  } else if (key === 'min-severity') reason = '`min-severity` must be `error`, `warning` or `notice`'
  else if (key === 'ignore') reason = '`ignore` must be a list of `{ rule, paths, reason }`'
  else if (key === 'rule' || (typeof key === 'number' && path[0] === 'ignore' && path.length === 2)) reason = 'each `ignore` entry needs a `rule` (a rule id)'
  else if (key === 'paths' || key === 'path' || path.includes('paths') || path.includes('path')) reason = `${at} must be a glob or a list of globs`
  else if (key === 'reason') reason = '`reason` must be text'
  else reason = `${at} is not valid here`
  if (issue.code === 'invalid_type' && path.length === 0) reason = 'the file is not a mapping'
  return { path, reason }
}

/** The report as renderJson prints it: checked against the schema it is documented by. */
export function checkedReport(report: unknown): JsonReport {
  return JsonReportSchema.parse(report)
}
