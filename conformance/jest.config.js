// The conformance suite runs the real Claude Code CLI; it is slow and needs
// the CLI download, so it has its own config, apart from the unit tests.
export default {
  rootDir: '..',
  testMatch: ['<rootDir>/conformance/**/*.test.ts'],
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  resolver: 'ts-jest-resolver',
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  // One file, one worker: the suite runs its cases in parallel itself.
  maxWorkers: 1,
  testTimeout: 26 * 60 * 1000,
  verbose: false,
}
