/** `lambdaform/assertions` (aws-cdk-lib/assertions): assertions on synthesized templates. */
export * from '../testing/index.js';
