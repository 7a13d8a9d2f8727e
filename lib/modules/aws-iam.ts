/** `lambdaform/aws-iam` (aws-cdk-lib/aws-iam): roles, policies, policy statements and principals. */
import '../constructs/cdk-unsupported-methods.js';
export {
  AccountPrincipal,
  AccountRootPrincipal,
  ArnPrincipal,
  CompositePrincipal,
  Effect,
  ManagedPolicy,
  Policy,
  PolicyDocument,
  PolicyStatement,
  PrincipalBase,
  Role,
  ServicePrincipal,
  type Conditions,
  type IGrantable,
  type IManagedPolicy,
  type IPrincipal,
  type PolicyDocumentProps,
  type PolicyProps,
  type PolicyStatementProps,
  type RoleProps,
} from '../constructs/iam.js';
