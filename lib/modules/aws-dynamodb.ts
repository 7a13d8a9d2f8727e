/** `lambdaform/aws-dynamodb` (aws-cdk-lib/aws-dynamodb): tables and their streams. */
export {
  Table,
  AttributeType,
  BillingMode,
  StreamViewType,
  TableEncryption,
  TableClass,
  type Attribute,
  type TableProps,
  type PointInTimeRecoverySpecification,
} from '../constructs/table.js';
