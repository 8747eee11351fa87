// How a path is shown to the user: relative to the repository when it is in
// it (the form annotations and `git` use), `~/…` under the home folder, else
// as it is.

import { isAbsolute, relative } from 'node:path'

/** The path relative to `root`, when it is inside it. */
export function inside(path: string, root: string): string | undefined {
  if (!root) return undefined
  const rel = relative(root, path)
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : undefined
}

export function displayPath(path: string, repoRoot: string, home: string): string {
  if (isKeychainPlace(path)) return path
  const inRepo = inside(path, repoRoot)
  if (inRepo) return inRepo
  const inHome = inside(path, home)
  return inHome ? `~/${inHome}` : path
}

/** A `/login` kept in the macOS Keychain, named where a credentials file's path would be (the doctor only checks that it exists). */
export const keychainPlace = (service: string): string => `the macOS Keychain (item "${service}")`
export const isKeychainPlace = (path: string): boolean => path.startsWith('the macOS Keychain (item "')
