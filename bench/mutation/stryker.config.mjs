// @ts-check
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: {
    configFile: 'bench/mutation/vitest.stryker.config.ts',
  },
  // No type checker (too slow here): mutants that would not type-check still run, since vitest strips types.
  checkers: [],
  coverageAnalysis: 'perTest',
  mutate: ['lib/synth/**/*.ts', 'lib/model/**/*.ts'],
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'lambdaform.out/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, reportMutants: true, reportTests: false, maxTestsToLog: 0 },
  // Static mutants (module-level code) need a full test run each; skipped (reported as Ignored).
  ignoreStatic: true,
  // The machine is shared (2 cores, load ~7): a longer timeout avoids spurious timeouts under CPU starvation.
  timeoutMS: 10000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
export default config;
