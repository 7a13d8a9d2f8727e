/** `lambdaform/aws-dynamodb` (aws-cdk-lib/aws-dynamodb): tables and their streams. */
export { Table, AttributeType, BillingMode, StreamViewType, type Attribute, type TableProps } from '../constructs/table.js';
