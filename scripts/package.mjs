#!/usr/bin/env node
// Builds dist/ from src/ with esbuild. Why esbuild and not ncc, and why the
// stubs: CONTRIBUTING.md "Start-up budget" has the measurements.
//
// - CommonJS output (dist/package.json says so): Node's ESM loader costs
//   about 9 ms more at start-up than the CommonJS one.
// - @actions/core's OIDC client, platform probe and summary helper are
//   replaced by stubs: this action never calls them, but importing them
//   evaluates undici, @actions/exec and fs/promises on every run.
// - Lazy chunks, each a separate file loaded with `await import()` only when a
//   run needs it: the live check (dist/live-check.js, `live-check: true`), the
//   cloud providers' live checks, each with its provider's SDK
//   (dist/live-check-bedrock.js, -vertex.js, -foundry.js: `live-check: true`
//   and that method, so one provider's check never loads another's SDK), and
//   the workflow reader with its YAML parser (dist/workflow.js, when there is a
//   workflow file to read).
// - js-yaml in that chunk is its event parser only (scripts/bundle/js-yaml-event-parser.mjs).
// - dist/cli.js: the `claude-code-auth` command (`doctor`), a second entry
//   point sharing the live-check chunk. It never loads @actions/core.
//   `claude-code-auth audit` is the chunk dist/audit.js, loaded only for it.

import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as acorn from 'acorn'
import * as esbuild from 'esbuild'
import { jsYamlEventParser } from './bundle/js-yaml-event-parser.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')

const UNUSED_CORE_MODULES = {
  './oidc-utils.js': 'export class OidcClient { static async getIDToken() { throw new Error("getIDToken is not bundled in claude-code-auth") } }',
  './platform.js': 'export {}',
  './summary.js': 'export const summary = undefined; export const markdownSummary = undefined; export const SUMMARY_ENV_VAR = "GITHUB_STEP_SUMMARY"',
}

/**
 * @actions/core's file commands import all of node:crypto (which loads
 * Node's streams too: about 6 ms of start-up) for one randomUUID() per
 * GITHUB_ENV/GITHUB_OUTPUT record delimiter. The same unguessable v4 UUID
 * comes from 16 bytes of the kernel's random source; node:crypto is loaded
 * only where there is none (Windows).
 */
const KERNEL_RANDOM_UUID = `import { closeSync, openSync, readSync } from 'fs'
export function randomUUID() {
  let bytes
  try {
    const fd = openSync('/dev/urandom', 'r')
    try {
      bytes = Buffer.alloc(16)
      if (readSync(fd, bytes, 0, 16, null) !== 16) bytes = undefined
    } finally {
      closeSync(fd)
    }
  } catch {
    bytes = undefined
  }
  if (!bytes) return require('crypto').randomUUID()
  bytes[6] = (bytes[6] & 0x0f) | 0x40
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20)
}`

const stubUnusedCoreModules = {
  name: 'stub-unused-actions-core-modules',
  setup(build) {
    build.onResolve({ filter: /^\.\/(oidc-utils|platform|summary)\.js$/ }, (args) =>
      /[\\/]@actions[\\/]core[\\/]/.test(args.importer) ? { path: args.path, namespace: 'unused-core' } : undefined,
    )
    build.onResolve({ filter: /^crypto$/ }, (args) =>
      /[\\/]@actions[\\/]core[\\/]lib[\\/]file-command\.js$/.test(args.importer) ? { path: 'kernel-random-uuid', namespace: 'unused-core' } : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'unused-core' }, (args) => ({
      contents: args.path === 'kernel-random-uuid' ? KERNEL_RANDOM_UUID : UNUSED_CORE_MODULES[args.path],
      loader: 'js',
    }))
  },
}

/** Modules loaded with `await import()` only when a run needs them: each is its own file in dist/. */
const LAZY_CHUNKS = [
  { source: 'src/live-check/index.ts', out: 'live-check.js' },
  { source: 'src/live-check/bedrock.ts', out: 'live-check-bedrock.js' },
  { source: 'src/live-check/vertex.ts', out: 'live-check-vertex.js' },
  { source: 'src/live-check/foundry.ts', out: 'live-check-foundry.js' },
  { source: 'src/scan/workflow/workflow.ts', out: 'workflow.js' },
  { source: 'src/keyless/federation.ts', out: 'federation.js' },
  // node:child_process pulls in net, streams and dgram: only for an apiKeyHelper.
  { source: 'src/keyless/helper.ts', out: 'helper.js' },
  // `claude-code-auth audit`: the doctor and the action never load it.
  { source: 'src/audit/run.ts', out: 'audit.js' },
  // zod and the audit's schemas: loaded by the audit only for a config file or `--format json`.
  { source: 'src/audit/schema.ts', out: 'audit-schema.js' },
]

/** A dynamic import of a chunk's source, from any file of src/, becomes an import of the chunk's file. */
const lazyChunks = {
  name: 'lazy-chunks',
  setup(build) {
    build.onResolve({ filter: /(live-check\/(index|bedrock|vertex|foundry)|scan\/workflow\/workflow|keyless\/federation|keyless\/helper|audit\/run|\/schema)\.js$/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined
      const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts')
      const chunk = LAZY_CHUNKS.find(({ source }) => join(root, source) === target)
      return chunk ? { path: `./${chunk.out}`, external: true } : undefined
    })
  },
}

/**
 * Modules the usual run never calls (wording of findings, the character-name
 * tables of a bad value, the cloud providers' judging): each is its own file
 * in dist/, loaded with a synchronous `require` on the first call of one of
 * its functions, so a run without that finding does not even parse it. In the
 * bundles that import one, the module is replaced by a stub: one forwarding
 * function per exported function, and each other export inlined as its JSON
 * value (the build fails on an export that is neither a function nor plain
 * data). A module's own imports are bundled into its file, except other
 * modules of this list, which stay stubs, and its `shared` modules: those it
 * takes from the bundle that loads it, so that a run needing the chunk does
 * not parse them twice. The stub hands them over when the loading bundle
 * loads (under Symbol.for("claude-code-auth.shared-modules")), so only a
 * bundle that imports the chunk's module may load the chunk's file.
 */
const SYNC_CHUNKS = [
  { source: 'src/inputs/character-names.ts', out: 'character-names.js' },
  { source: 'src/inputs/messages.ts', out: 'input-messages.js' },
  { source: 'src/keyless/messages.ts', out: 'keyless-messages.js' },
  { source: 'src/inputs/diagnose-missing.ts', out: 'diagnose-missing.js' },
  { source: 'src/decide/messages.ts', out: 'decide-messages.js' },
  { source: 'src/decide/providers.ts', out: 'providers.js' },
  { source: 'src/resolve/provider.ts', out: 'provider-resolve.js' },
  { source: 'src/inputs/provider-inputs.ts', out: 'provider-inputs.js' },
  // Judging the later steps: only with a workflow file (certainty, known-expression and same-value come along).
  // It joins the workflow chunk, which a run judging later steps has loaded already.
  { source: 'src/decide/later-steps.ts', out: 'workflow.js', shared: ['src/decide/decide.ts', 'src/decide/explain.ts', 'src/decide/places.ts', 'src/resolve/rules.ts'] },
]
const SHARED_KEY = 'Symbol.for("claude-code-auth.shared-modules")'

/** Each sync chunk's exports: [name, 'function' | JSON text], read by bundling and evaluating the module alone. */
async function syncChunkExports(common) {
  const { createRequire } = await import('node:module')
  const requireHere = createRequire(import.meta.url)
  const exports = new Map()
  const evaluate = async (source) => {
    const result = await esbuild.build({ ...common, metafile: false, sourcemap: false, minifyIdentifiers: false, entryPoints: [join(root, source)], write: false, outfile: join(root, 'evaluated.js') })
    const module = { exports: {} }
    new Function('module', 'exports', 'require', result.outputFiles[0].text)(module, module.exports, requireHere)
    return module.exports
  }
  for (const source of new Set(SYNC_CHUNKS.flatMap(({ shared = [] }) => shared))) exports.set(source, Object.keys(await evaluate(source)))
  for (const { source, out } of SYNC_CHUNKS) {
    const module = { exports: await evaluate(source) }
    exports.set(out, Object.entries(module.exports).map(([name, value]) => {
      if (typeof value === 'function') return [name, 'function']
      const json = JSON.stringify(value)
      if (json === undefined || JSON.stringify(JSON.parse(json)) !== json || !isPlainData(value)) throw new Error(`${source} exports ${name}, neither a function nor plain data: it cannot be a sync chunk (see SYNC_CHUNKS)`)
      return [name, json]
    }))
  }
  return exports
}
const isPlainData = (value) =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value) ||
  (Array.isArray(value) ? value.every(isPlainData) : typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype && Object.values(value).every(isPlainData))

/** An import of a sync chunk's source becomes its stub, except in the chunk's own build. */
const syncChunks = (exports, self, { bundled = [] } = {}) => ({
  name: 'sync-chunks',
  setup(build) {
    const own = SYNC_CHUNKS.find(({ out }) => out === self)
    build.onResolve({ filter: /\.(js|ts)$/ }, (args) => {
      if (args.namespace === 'sync-chunk' && args.kind === 'require-call') return { path: args.path, external: true }
      if (args.kind !== 'import-statement') return undefined
      const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts')
      // In a chunk's own build, a module the loading bundle hands over.
      const shared = own?.shared?.find((source) => join(root, source) === target)
      if (shared) return { path: shared, namespace: 'shared-module' }
      const chunk = SYNC_CHUNKS.find(({ source }) => join(root, source) === target)
      return chunk && chunk.out !== self && !bundled.includes(chunk.out) ? { path: chunk.out, namespace: 'sync-chunk' } : undefined
    })
    build.onLoad({ filter: /.*/, namespace: 'sync-chunk' }, (args) => {
      const { shared = [] } = SYNC_CHUNKS.find(({ out }) => out === args.path)
      return {
        loader: 'js',
        resolveDir: root,
        contents: [
          // Handed over as plain objects (a namespace's getters would each be compiled and run), by a
          // function the chunk calls when it loads: the bundle has finished loading by then.
          ...shared.map((source, i) => `import { ${exports.get(source).map((name) => `${name} as shared${i}_${name}`).join(', ')} } from ${JSON.stringify(`./${source}`)}`),
          ...(shared.length ? [`globalThis[${SHARED_KEY}] = () => ({ ${shared.map((source, i) => `${JSON.stringify(source)}: { ${exports.get(source).map((name) => `${name}: shared${i}_${name}`).join(', ')} }`).join(', ')} })`] : []),
          `let loaded; const chunk = () => loaded ??= require(${JSON.stringify(`./${args.path}`)})`,
          ...exports.get(args.path).map(([name, kind]) => (kind === 'function' ? `export function ${name}(...a) { return chunk().${name}(...a) }` : `export const ${name} = ${kind}`)),
        ].join('\n'),
      }
    })
    build.onLoad({ filter: /.*/, namespace: 'shared-module' }, (args) => ({
      loader: 'js',
      contents: [`const shared = globalThis[${SHARED_KEY}]()[${JSON.stringify(args.path)}]`, ...exports.get(args.path).map((name) => `export const ${name} = shared.${name}`)].join('\n'),
    }))
  },
})

const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version

// PACKAGE_METAFILE=dir: writes esbuild's metafile of each bundle there (bytes per module: what a run parses).
const metafileDir = process.env.PACKAGE_METAFILE
const common = {
  bundle: true,
  metafile: Boolean(metafileDir),
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'none',
  minifySyntax: true,
  minifyWhitespace: true,
  // Short names: a third less text for V8 to parse on every run (nothing here depends on function names).
  minifyIdentifiers: true,
  // Non-ASCII characters in strings are written as \u escapes: a pure ASCII
  // file becomes a one-byte source string without UTF-8 decoding, and V8
  // scans one-byte source faster (measured on Node 24 without a workflow:
  // 2.4 M instructions less, 7% of the action's own).
  charset: 'ascii',
  logLevel: 'warning',
  // package.json's version in every bundle (src/common/version.ts): the action's summary and the CLI's --version and JSON.
  define: { CLAUDE_CODE_AUTH_VERSION: JSON.stringify(version) },
}

// Built next to dist/ and swapped in at the end, so that tests running
// meanwhile never see a half-written or missing dist/.
const chunkExports = await syncChunkExports(common)
const staging = mkdtempSync(join(root, '.dist-'))
const build = async (options) => {
  const result = await esbuild.build(options)
  if (metafileDir) writeFileSync(join(metafileDir, `${options.outfile.split(/[\\/]/).pop()}.meta.json`), JSON.stringify(result.metafile))
  return result
}
await build({
  ...common,
  entryPoints: [join(root, 'src/index.ts')],
  outfile: join(staging, 'index.js'),
  plugins: [stubUnusedCoreModules, lazyChunks, syncChunks(chunkExports)],
  // Workflow commands and log lines go to fd 1 directly: see scripts/bundle/stdout.js.
  define: { ...common.define, 'process.stdout.write': '__writeStdout' },
  inject: [join(root, 'scripts', 'bundle', 'stdout.js')],
})
await build({
  ...common,
  entryPoints: [join(root, 'src/doctor/cli.ts')],
  outfile: join(staging, 'cli.js'),
  banner: { js: '#!/usr/bin/env node' },
  plugins: [lazyChunks, syncChunks(chunkExports)],
})
// The audit action (audit/action.yml): the audit chunk's code behind its own entry.
await build({ ...common, entryPoints: [join(root, 'src/audit/action.ts')], outfile: join(staging, 'audit-action.js'), define: { CLAUDE_CODE_AUTH_VERSION: JSON.stringify(version) }, plugins: [jsYamlEventParser, lazyChunks] })
// The post step (runs.post): a tiny entry of its own.
await build({ ...common, entryPoints: [join(root, 'src/post.ts')], outfile: join(staging, 'post.js'), plugins: [stubUnusedCoreModules] })
for (const { source, out } of LAZY_CHUNKS) {
  // A sync chunk joining this lazy chunk is bundled into it (the audit bundles the workflow reader and the later-steps judging itself).
  const joined = SYNC_CHUNKS.filter((chunk) => chunk.out === out)
  const entry = joined.length
    ? { stdin: { contents: [source, ...joined.map((chunk) => chunk.source)].map((file) => `export * from ${JSON.stringify(`./${file}`)}`).join('\n'), resolveDir: root, loader: 'js' } }
    : { entryPoints: [join(root, source)] }
  await build({ ...common, ...entry, outfile: join(staging, out), plugins: [jsYamlEventParser, ...(out === 'audit.js' ? [lazyChunks] : []), syncChunks(chunkExports, out, { bundled: out === 'audit.js' ? ['workflow.js'] : [] })] })
}
for (const { source, out } of SYNC_CHUNKS.filter((chunk) => !LAZY_CHUNKS.some((lazy) => lazy.out === chunk.out))) {
  await build({ ...common, entryPoints: [join(root, source)], outfile: join(staging, out), plugins: [syncChunks(chunkExports, out)] })
}
// `import()` of a CommonJS file starts Node's ESM loader and runs its
// export-name lexer over the whole chunk: measured 70-150 ms for the workflow
// chunk. A chunk is CommonJS like the main bundle, so require it instead.
const requireChunks = (file, chunks) => {
  const path = join(staging, file)
  let bundled = readFileSync(path, 'utf8')
  for (const out of chunks) {
    const call = `import("./${out}")`
    const count = bundled.split(call).length - 1
    if (count !== 1) throw new Error(`expected one ${call} in ${file}, found ${count}: the lazy-chunk rewrite needs updating`)
    bundled = bundled.replace(call, `Promise.resolve().then(()=>require("./${out}"))`)
  }
  writeFileSync(path, bundled)
}
requireChunks('index.js', ['live-check.js', 'live-check-bedrock.js', 'live-check-vertex.js', 'live-check-foundry.js', 'workflow.js', 'federation.js', 'helper.js'])
requireChunks('cli.js', ['live-check.js', 'audit.js'])
requireChunks('audit.js', ['audit-schema.js'])
requireChunks('audit-action.js', ['audit-schema.js'])
for (const file of ['index.js', 'cli.js', 'audit.js', 'audit-action.js', 'workflow.js']) {
  if (/zod|ZodError|\$ZodType/.test(readFileSync(join(staging, file), 'utf8'))) throw new Error(`dist/${file} must not bundle zod: only dist/audit-schema.js does`)
}
/**
 * V8 compiles a function lazily: its text is pre-parsed when the file loads and
 * parsed again, fully, on its first call, so a function that runs on every
 * run pays both passes. V8 compiles a parenthesised function expression at
 * once instead (its "immediately invoked" heuristic): a top-level
 * `function f(…) {…}` becomes `var f=(function(…) {…});`, moved to the top of
 * the file, which keeps what hoisting gave it (defined before any statement
 * runs; `f.name` stays "f"). Only for the functions the usual runs call
 * (`eager`: their start offsets, from usualRunFunctions below): eager
 * compilation of a function that does not run costs more than its pre-parse.
 * `eager` undefined: every top-level function (the audit: nearly all of it
 * runs over a set of files).
 */
function compileTopLevelFunctionsEagerly(file, eager) {
  const path = join(staging, file)
  const code = readFileSync(path, 'utf8')
  const program = acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true, allowHashBang: true })
  // After the #! line and the "use strict" directive.
  let at = code.startsWith('#!') ? code.indexOf('\n') + 1 : 0
  for (const statement of program.body) {
    if (statement.type !== 'ExpressionStatement' || !statement.directive) break
    at = statement.end
  }
  const ran = (f) => !eager || [...eager].some((offset) => offset >= f.start && offset <= f.body.start)
  const moved = program.body.filter((s) => s.type === 'FunctionDeclaration' && !s.generator && ran(s))
  if (moved.length === 0) throw new Error(`dist/${file}: no top-level function declaration to compile eagerly: compileTopLevelFunctionsEagerly needs updating`)
  let hoisted = at > 0 && !/[;\n]$/.test(code.slice(0, at)) ? ';' : ''
  let rest = ''
  let from = at
  for (const f of moved) {
    hoisted += `var ${f.id.name}=(${code.slice(f.start, f.id.start)}${code.slice(f.id.end, f.end)});`
    rest += code.slice(from, f.start)
    from = f.end
  }
  writeFileSync(path, code.slice(0, at) + hoisted + rest + code.slice(from))
}

/**
 * The functions the usual runs call, per file: the staged bundles run once
 * each, in a clean environment, on the success paths `npm run bench` times
 * (the action without a workflow file and judging scripts/bench/workflow.yml,
 * the doctor), with V8's function-events log; each function's first call is
 * logged with its start offset. The copies run read no managed settings file
 * of this machine. A run that does not succeed leaves its files undecided:
 * all eager, and a warning, since dist/ then differs from a clean build. Node 20 and 24
 * record the same functions (a build with either gives the same dist/).
 */
function usualRunFunctions() {
  const scratch = mkdtempSync(join(tmpdir(), 'claude-code-auth-usual-run-'))
  const executed = new Map()
  try {
    const home = join(scratch, 'home')
    const workspace = join(scratch, 'workspace')
    for (const dir of [home, join(workspace, '.git'), join(workspace, '.github', 'workflows')]) mkdirSync(dir, { recursive: true })
    writeFileSync(join(workspace, '.git', 'HEAD'), 'ref: refs/heads/main\n')
    writeFileSync(join(workspace, '.github', 'workflows', 'review.yml'), readFileSync(join(root, 'scripts', 'bench', 'workflow.yml')))
    // A copy of the staged bundles that reads no managed settings file of this machine: the path
    // replaced by one of the same length that does not exist, so that the offsets stay those of the staged files.
    const bundle = join(scratch, 'bundle')
    mkdirSync(bundle)
    const managed = '/etc/claude-code/managed-settings.json'
    const nowhere = `/${'no-such-claude-code-auth-dir-'.repeat(2)}`.slice(0, managed.length - 5) + '.json'
    let redirected = 0
    for (const file of readdirSync(staging)) {
      const text = readFileSync(join(staging, file), 'utf8')
      if (text.includes(managed)) redirected++
      writeFileSync(join(bundle, file), text.split(managed).join(nowhere))
    }
    if (redirected === 0 || nowhere.length !== managed.length) throw new Error(`the bundles no longer name ${managed}: update usualRunFunctions`)
    const credential = `sk-ant-oat01-${'b'.repeat(95)}`
    const actionEnv = (withWorkflow) => {
      const files = Object.fromEntries(['GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_PATH'].map((name) => [name, join(scratch, name)]))
      for (const file of Object.values(files)) writeFileSync(file, '')
      const workflow = withWorkflow
        ? { GITHUB_REPOSITORY: 'owner/project', GITHUB_WORKFLOW_REF: 'owner/project/.github/workflows/review.yml@refs/heads/main', GITHUB_JOB: 'review', GITHUB_ACTION: 'auth', GITHUB_ACTION_REPOSITORY: 'claude-code-auth/claude-code-auth' }
        : {}
      return { PATH: process.env.PATH, HOME: home, GITHUB_WORKSPACE: workspace, GITHUB_ACTIONS: 'true', RUNNER_TEMP: scratch, ...files, ...workflow, 'INPUT_CLAUDE-CODE-OAUTH-TOKEN': credential }
    }
    const runs = [
      { files: ['index.js'], args: ['index.js'], env: () => actionEnv(false) },
      { files: ['index.js', 'workflow.js'], args: ['index.js'], env: () => actionEnv(true), check: () => /"runs-claude":true/.test(readFileSync(join(scratch, 'GITHUB_OUTPUT'), 'utf8')) },
      { files: ['cli.js'], args: ['cli.js', 'doctor', '--expect', 'oauth-token'], env: () => ({ PATH: process.env.PATH, HOME: home, CLAUDE_CODE_OAUTH_TOKEN: credential }) },
    ]
    runs.forEach((run, i) => {
      const log = join(scratch, `functions-${i}.log`)
      const [entry, ...rest] = run.args
      const result = spawnSync(process.execPath, ['--log-function-events', `--logfile=${log}`, '--no-logfile-per-isolate', join(bundle, entry), ...rest], { cwd: workspace, env: run.env(), encoding: 'utf8' })
      if (result.status !== 0 || (run.check && !run.check())) {
        console.warn(`scripts/package.mjs: the usual-run recording of ${run.args.join(' ')} did not succeed (exit ${result.status}); ${run.files.join(', ')} compile every top-level function eagerly, and dist/ differs from a clean build:\n${`${result.stdout}${result.stderr}`.slice(0, 1000)}`)
        for (const file of run.files) executed.set(file, undefined)
        return
      }
      const scripts = new Map()
      for (const line of readFileSync(log, 'latin1').split('\n')) {
        const fields = line.split(',')
        if (fields[0] === 'script-details') scripts.set(fields[1], fields[2])
        // A lazy function is compiled on its first call: `interpreter` (bytecode) or `first-execution…`; Node 24 logs fewer of the latter.
        if (fields[0] !== 'function' || !(fields[1] === 'interpreter' || fields[1].startsWith('first-execution'))) continue
        const file = run.files.find((f) => scripts.get(fields[2]) === join(bundle, f))
        if (!file || (executed.has(file) && executed.get(file) === undefined)) continue
        if (!executed.has(file)) executed.set(file, new Set())
        executed.get(file).add(Number(fields[3]))
      }
      for (const file of run.files) if (!executed.has(file)) throw new Error(`scripts/package.mjs: the function-events log of ${run.args.join(' ')} names no function of ${file}: its format may have changed`)
    })
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  return executed
}
// The bundles are CommonJS: the staged ones too, for the recording.
writeFileSync(join(staging, 'package.json'), '{ "type": "commonjs" }\n')
const usual = usualRunFunctions()
for (const file of ['index.js', 'cli.js', 'workflow.js']) compileTopLevelFunctionsEagerly(file, usual.get(file))
compileTopLevelFunctionsEagerly('audit.js')
if (/@actions\/core|actions_core|ACTIONS_/.test(readFileSync(join(staging, 'cli.js'), 'utf8'))) throw new Error('dist/cli.js must not bundle @actions/core')
for (const file of readdirSync(staging).filter((f) => f.endsWith('.js'))) {
  const at = readFileSync(join(staging, file), 'latin1').search(/[^\x00-\x7f]/)
  if (at >= 0) throw new Error(`dist/${file} has a non-ASCII byte at offset ${at}: it would load as a two-byte source string (see charset above)`)
}
chmodSync(join(staging, 'cli.js'), 0o755)
writeFileSync(join(staging, 'package.json'), '{ "type": "commonjs" }\n')
const previous = `${staging}-old`
try {
  renameSync(dist, previous)
} catch {
  // no dist/ yet
}
renameSync(staging, dist)
rmSync(previous, { recursive: true, force: true })
