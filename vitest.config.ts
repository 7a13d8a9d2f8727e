import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Runtime deprecation and create-block dates: tests (and the apps and CLIs they start) live on
    // one fixed day, so they do not rot when a runtime reaches its next date.
    env: { LAMBDAFORM_NOW: '2026-11-22' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
