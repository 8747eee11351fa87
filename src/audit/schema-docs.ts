// The JSON Schema files of docs/, generated from the zod schemas the audit
// uses (schema.ts): scripts/audit-schemas.mjs writes them, and
// __tests__/audit/schema.test.ts fails when docs/ differ from this. Not part
// of any bundle (toJSONSchema stays out of dist/).

import { toJSONSchema } from 'zod/mini'
import { JSON_VERSION } from './findings.js'
import { ConfigSchema, JsonReportSchema } from './schema.js'

const BASE = 'https://github.com/claude-code-auth/claude-code-auth/blob/v1/docs/'

/** File name under docs/ → its text (JSON Schema draft-07, which editors and ajv read). */
export function schemaDocuments(): Record<string, string> {
  const document = (name: string, schema: typeof ConfigSchema | typeof JsonReportSchema): string => {
    const json = toJSONSchema(schema, { target: 'draft-7' }) as Record<string, unknown>
    return `${JSON.stringify({ $schema: json.$schema, $id: `${BASE}${name}`, ...json }, null, 2)}\n`
  }
  return {
    'audit-config.schema.json': document('audit-config.schema.json', ConfigSchema),
    [`audit-report-v${JSON_VERSION}.schema.json`]: document(`audit-report-v${JSON_VERSION}.schema.json`, JsonReportSchema),
  }
}
