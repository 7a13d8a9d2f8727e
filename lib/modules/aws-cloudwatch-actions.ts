/** `lambdaform/aws-cloudwatch-actions` (aws-cdk-lib/aws-cloudwatch-actions): what alarms do (`SnsAction`). */
import '../constructs/cdk-unsupported-methods.js';
export { SnsAction } from '../constructs/cloudwatch-actions.js';
