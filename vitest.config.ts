import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const lib = (file: string): string => fileURLToPath(new URL(`./lib/${file}`, import.meta.url));

export default defineConfig({
  // In the repository, lambdaform's own package name resolves to its sources (the published
  // package resolves it to dist/): the examples' tests import 'lambdaform' as users do.
  resolve: {
    alias: [
      { find: /^lambdaform$/, replacement: lib('index.ts') },
      { find: /^lambdaform\/lint$/, replacement: lib('lint/index.ts') },
      { find: /^lambdaform\/local$/, replacement: lib('local-app/index.ts') },
      { find: /^lambdaform\/([a-z0-9-]+)$/, replacement: lib('modules/$1.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    // Runtime deprecation and create-block dates: tests (and the apps and CLIs they start) live on
    // one fixed day, so they do not rot when a runtime reaches its next date.
    env: { LAMBDAFORM_NOW: '2026-11-22' },
    // Two files at a time on two cores (vitest's default is one fewer than the cores): many files
    // wait on child processes (cfn-lint, the SAM translator, the CLI) or worker threads.
    maxWorkers: 2,
    // Test files share their worker's module cache and globals: lib/ is imported once per worker,
    // not once per file — about a third of the run. A test must not rely on module or global state
    // left by another file, and restores what it changes (process.env, mocks, FunctionService's
    // static timeouts).
    isolate: false,
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
