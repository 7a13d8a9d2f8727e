import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    // Runtime deprecation and create-block dates: tests (and the apps and CLIs they start) live on
    // one fixed day, so they do not rot when a runtime reaches its next date.
    env: { LAMBDAFORM_NOW: '2026-11-22' },
    // Two files at a time on two cores (vitest's default is one fewer than the cores): many files
    // wait on child processes (cfn-lint, the SAM translator, the CLI) or worker threads.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
