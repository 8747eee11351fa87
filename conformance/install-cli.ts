// Installs the pinned Claude Code CLI into a git-ignored cache and finds its
// native executable. The version lives in cli-version.json; CLAUDE_CODE_VERSION
// overrides it (the drift workflow sets it to `latest`).

import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { arch, platform } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)

const here = path.dirname(fileURLToPath(import.meta.url))
export const repoRoot = path.resolve(here, '..')
const pin = JSON.parse(readFileSync(path.join(here, 'cli-version.json'), 'utf8')) as { package: string; version: string; alsoSupported?: string[] }

/**
 * Older versions the action still promises to get right. The suite runs its
 * cases on the pinned (or requested) version; it only asks these whether a
 * rejection was justified (see action-check.ts).
 */
export const alsoSupportedVersions: readonly string[] = pin.alsoSupported ?? []

export interface InstalledCli {
  version: string
  executable: string
}

export const cacheRoot = (): string => process.env.CLAUDE_CODE_CACHE_DIR ?? path.join(repoRoot, '.cache', 'claude-code')

/** The pinned version, for reports. */
export const pinnedVersion = pin.version

/** The version asked for: the override if set, else the pin. `latest` is resolved through the registry. */
export async function requestedVersion(): Promise<string> {
  const wanted = process.env.CLAUDE_CODE_VERSION?.trim() || pin.version
  if (/^\d+\.\d+\.\d+$/.test(wanted)) return wanted
  const { stdout } = await run('npm', ['view', `${pin.package}@${wanted}`, 'version', '--json'], { timeout: 60_000 })
  const parsed = JSON.parse(stdout) as string | string[]
  const versions = Array.isArray(parsed) ? parsed : [parsed]
  const newest = versions.at(-1)
  if (!newest || !/^\d+\.\d+\.\d+$/.test(newest)) throw new Error(`cannot resolve ${pin.package}@${wanted}`)
  return newest
}

/** The platform package the wrapper depends on, e.g. `@anthropic-ai/claude-code-linux-x64`. */
function platformPackage(): string {
  const musl = platform() === 'linux' && !existsSync('/lib64/ld-linux-x86-64.so.2') && !existsSync('/lib/ld-linux-aarch64.so.1')
  return `${pin.package}-${platform()}-${arch()}${musl ? '-musl' : ''}`
}

// npm 11 may skip the wrapper's postinstall (which copies the native binary
// over bin/claude.exe), so prefer the platform package's binary and fall back
// to the wrapper's bin only when it is the real thing.
function candidateExecutables(prefix: string): string[] {
  const modules = path.join(prefix, 'node_modules')
  const binary = platform() === 'win32' ? 'claude.exe' : 'claude'
  return [path.join(modules, platformPackage(), binary), path.join(modules, pin.package, 'bin', 'claude.exe')]
}

async function reportedVersion(executable: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(executable, ['--version'], { timeout: 30_000, env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent' } })
    return /^(\d+\.\d+\.\d+)/.exec(stdout.trim())?.[1]
  } catch {
    return undefined
  }
}

async function findRunnable(prefix: string, version: string): Promise<string | undefined> {
  for (const candidate of candidateExecutables(prefix)) {
    if (existsSync(candidate) && (await reportedVersion(candidate)) === version) return candidate
  }
  return undefined
}

/** Reuses `<cache>/<version>` when it holds a runnable CLI of that version; installs it otherwise. */
export async function ensureCli(log: (line: string) => void = () => {}, exactVersion?: string): Promise<InstalledCli> {
  const version = exactVersion ?? (await requestedVersion())
  const prefix = path.join(cacheRoot(), version)
  const cached = await findRunnable(prefix, version)
  if (cached) return { version, executable: cached }

  // Install into a scratch folder and rename it into place, so an
  // interrupted download never looks like a usable cache entry.
  const scratch = `${prefix}.partial-${process.pid}`
  rmSync(scratch, { recursive: true, force: true })
  mkdirSync(scratch, { recursive: true })
  log(`installing ${pin.package}@${version} into ${prefix}`)
  await run(
    'npm',
    ['install', '--prefix', scratch, '--no-audit', '--no-fund', '--no-save', '--include=optional', '--engine-strict=false', `${pin.package}@${version}`],
    { timeout: 8 * 60_000, maxBuffer: 16 * 1024 * 1024 },
  )
  rmSync(prefix, { recursive: true, force: true })
  renameSync(scratch, prefix)
  const installed = await findRunnable(prefix, version)
  if (!installed) throw new Error(`${pin.package}@${version} installed into ${prefix}, but no runnable executable was found`)
  return { version, executable: installed }
}
