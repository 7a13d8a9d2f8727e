import { jsonService } from './protocol.js';

/** DynamoDB on AWS JSON 1.0. */
export const DYNAMODB_API = jsonService({ signingName: 'dynamodb', title: 'DynamoDB', targetPrefix: 'DynamoDB_20120810', version: '1.0', errorNamespace: 'com.amazonaws.dynamodb.v20120810#', operations: {} });
