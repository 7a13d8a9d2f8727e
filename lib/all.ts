/**
 * Every export of lib/, flat: for lambdaform's own tests, benchmarks and fixtures. Not part of the
 * package's exports: users import the root (`lambdaform`) and its modules (`lambdaform/aws-lambda`, …).
 */
export * from './core/index.js';
export * from './constructs/index.js';
export * from './model/index.js';
