/**
 * What happens to a resource when it leaves the stack or is replaced, as aws-cdk-lib's
 * `RemovalPolicy`: written as the resource's `DeletionPolicy` and `UpdateReplacePolicy`.
 */
export enum RemovalPolicy {
  /** Deleted (DeletionPolicy and UpdateReplacePolicy `Delete`). */
  DESTROY = 'destroy',
  /** Kept in the account, orphaned from the stack (`Retain`). */
  RETAIN = 'retain',
  /** A snapshot is kept (`Snapshot`): only resources CloudFormation snapshots (RDS, EBS, …), none lambdaform models. */
  SNAPSHOT = 'snapshot',
  /** Kept, except when the stack's creation fails (DeletionPolicy `RetainExceptOnCreate`, UpdateReplacePolicy `Retain`). */
  RETAIN_ON_UPDATE_OR_DELETE = 'retain-on-update-or-delete',
}
