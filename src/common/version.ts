// The package version, one source of truth: package.json's "version", written
// into every bundle of dist/ at build time (scripts/package.mjs, esbuild
// `define`). The action's job summary and the `claude-code-auth` command
// (`--version`, the doctor's JSON `tool.version`) both read it from here, so
// they cannot disagree. Run from src/ (unit tests), it is 0.0.0-dev.

declare const CLAUDE_CODE_AUTH_VERSION: string | undefined

export const VERSION: string = typeof CLAUDE_CODE_AUTH_VERSION === 'string' ? CLAUDE_CODE_AUTH_VERSION : '0.0.0-dev'
