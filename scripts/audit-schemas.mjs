// Writes docs/audit-config.schema.json and docs/audit-report-v1.schema.json
// from the audit's zod schemas (src/audit/schema.ts, through
// src/audit/schema-docs.ts). `--check` writes nothing and exits 1 when docs/
// differ. __tests__/audit/schema.test.ts makes the same comparison.

import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const built = await esbuild.build({ entryPoints: [join(root, 'src/audit/schema-docs.ts')], bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'warning' })
const { schemaDocuments } = await import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString('base64')}`)
const check = process.argv.includes('--check')
let stale = 0
for (const [name, text] of Object.entries(schemaDocuments())) {
  const path = join(root, 'docs', name)
  let current = ''
  try {
    current = readFileSync(path, 'utf8')
  } catch {
    // not written yet
  }
  if (current === text) continue
  stale++
  if (check) process.stderr.write(`docs/${name} differs from what src/audit/schema.ts generates: run node scripts/audit-schemas.mjs\n`)
  else {
    writeFileSync(path, text)
    process.stdout.write(`wrote docs/${name}\n`)
  }
}
process.exitCode = check && stale > 0 ? 1 : 0
