/** `lambdaform/aws-kms` (aws-cdk-lib/aws-kms): existing KMS keys and aliases, for the props that take a key. */
import '../constructs/cdk-unsupported-methods.js';
export { Key, Alias, type IKey, type IAlias } from '../constructs/kms.js';
