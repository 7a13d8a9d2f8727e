/** `lambdaform/aws-iam` (aws-cdk-lib/aws-iam): roles, policy statements and principals. */
export { PolicyStatement, Effect, Role, ServicePrincipal, type Conditions, type IGrantable, type PolicyStatementProps, type RoleProps } from '../constructs/iam.js';
