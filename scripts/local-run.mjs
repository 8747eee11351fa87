#!/usr/bin/env node
// `npm start`: runs the built action (dist/index.js) on this machine the way
// the GitHub runner would, against your own environment, HOME and project.
// The runner emulation is TypeScript shared with the tests, so it is
// compiled here on the fly with esbuild (a dev dependency: run `npm ci` first).

import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
let esbuild
try {
  esbuild = await import('esbuild')
} catch {
  console.error('esbuild is not installed: run `npm ci` first.')
  process.exit(1)
}
const outDir = join(root, 'node_modules', '.cache', 'claude-code-auth')
mkdirSync(outDir, { recursive: true })
const outfile = join(outDir, 'local-run.mjs')
await esbuild.build({
  entryPoints: [join(root, 'scripts', 'local-run.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
})
const { main } = await import(pathToFileURL(outfile).href)
process.exitCode = await main(process.argv.slice(2), root)
