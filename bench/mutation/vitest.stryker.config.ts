import { defineConfig } from 'vitest/config';

// Vitest config used only by Stryker: the unit tests without the slow ones that spawn external
// processes (cfn-lint, Python, the CLI), as in the "before" run.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      '**/node_modules/**',
      'test/synth/examples.test.ts',
      'test/synth/sam-examples.test.ts',
      'test/synth/kitchen-sink.test.ts',
      'test/cli/**',
      'test/helpers/tools.test.ts',
      'test/synth/examples-iam.test.ts',
    ],
    testNamePattern: /^(?!.*(cfn-lint|Python readers|lambdaform synth with two Apps)).*$/,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
