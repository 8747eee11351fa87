#!/usr/bin/env node
// Start-up benchmark: median wall time of a full successful run of the
// bundle against a bare `node -e 0`, interleaved so that machine noise hits
// both alike. Usage: npm run bench [-- --runs 30] [-- --entry dist/index.js]

import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? args[at + 1] : fallback
}
const runs = Math.max(10, Number(option('runs', 30)))
const entry = resolve(root, option('entry', 'dist/index.js'))
const TARGET_RATIO = 1.5

const scratch = mkdtempSync(join(tmpdir(), 'claude-code-auth-bench-'))
const home = join(scratch, 'home')
const workspace = join(scratch, 'workspace')
for (const dir of [home, workspace]) rmSync(dir, { recursive: true, force: true })
spawnSync('mkdir', ['-p', home, workspace])

// A fixed, fake but well-formed API key: the run is the action's success path.
const credential = `sk-ant-api03-${'b'.repeat(86)}-AAAAAAAA`
function actionEnv() {
  const files = {}
  for (const name of ['GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_PATH']) {
    files[name] = join(scratch, name)
    writeFileSync(files[name], '')
  }
  return {
    PATH: process.env.PATH,
    HOME: home,
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: scratch,
    ...files,
    'INPUT_ANTHROPIC-API-KEY': credential,
  }
}

function time(command, commandArgs, env) {
  const start = process.hrtime.bigint()
  const result = spawnSync(command, commandArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6
  return { elapsed, status: result.status, output: `${result.stdout}${result.stderr}` }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

// One untimed run of each to warm the file cache.
const warm = time(process.execPath, [entry], actionEnv())
if (warm.status !== 0) {
  console.error(`The benchmark run of ${entry} failed (exit ${warm.status}); it must be the success path:\n${warm.output}`)
  process.exit(1)
}
time(process.execPath, ['-e', '0'], { PATH: process.env.PATH })

const action = []
const baseline = []
for (let i = 0; i < runs; i++) {
  const run = time(process.execPath, [entry], actionEnv())
  if (run.status !== 0) {
    console.error(`Run ${i + 1} failed (exit ${run.status}):\n${run.output}`)
    process.exit(1)
  }
  action.push(run.elapsed)
  baseline.push(time(process.execPath, ['-e', '0'], { PATH: process.env.PATH }).elapsed)
}
rmSync(scratch, { recursive: true, force: true })

const distDir = dirname(entry)
const files = readdirSync(distDir).filter((f) => f.endsWith('.js'))
const bytes = (f) => statSync(join(distDir, f)).size
const ratio = median(action) / median(baseline)
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`

console.log(`node ${process.version}, ${runs} interleaved runs each`)
console.log(`action (dist/index.js, success path): median ${median(action).toFixed(1)} ms`)
console.log(`node -e 0:                            median ${median(baseline).toFixed(1)} ms`)
console.log(`ratio: ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO})`)
console.log(`bundle: ${kb(bytes('index.js'))} loaded at start-up; ${files.filter((f) => f !== 'index.js').map((f) => `${f} ${kb(bytes(f))}`).join(', ') || 'no lazy chunks'} loaded on demand`)
if (ratio > TARGET_RATIO) process.exitCode = 1
