/** `lambdaform/assertions` (aws-cdk-lib/assertions): assertions on synthesized templates. */
export { Capture, Match, Matcher } from '../testing/match.js';
export { Template, type AssertFormat } from '../testing/template.js';
