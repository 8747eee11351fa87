#!/usr/bin/env node
// Runs a command with TEST_NODE_BINARY pointing at a Node 24 binary, the
// version GitHub runs the action on, so that process-level tests spawn
// dist/index.js under it. Node 24 comes from the npm registry (`node@24`)
// and is cached by npx.
// Usage: node scripts/with-node24.mjs <command> [args…]

import { spawnSync } from 'node:child_process'

const probe = spawnSync('npx', ['-y', 'node@24', '-p', 'process.execPath + " " + process.version'], { encoding: 'utf8' })
const [binary, version] = (probe.stdout ?? '').trim().split(' ')
if (probe.status !== 0 || !binary || !version?.startsWith('v24.')) {
  console.error(`Could not get Node 24 with \`npx -y node@24\` (exit ${probe.status}):\n${probe.stderr}`)
  process.exit(1)
}
console.log(`Process-level tests with the action under Node ${version} (${binary})`)
const [command, ...args] = process.argv.slice(2)
const run = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, TEST_NODE_BINARY: binary } })
process.exit(run.status ?? 1)
