/** `lambdaform/aws-dynamodb` (aws-cdk-lib/aws-dynamodb): tables and their streams. */
import '../constructs/cdk-unsupported-methods.js';
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
export type { ITable, TableAttributes } from '../constructs/table.js';
