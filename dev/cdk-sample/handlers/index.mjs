// Handlers of the CDK sample. Only their presence matters for the fixture (the asset hash in the
// template's S3Key is computed from this folder); they are never deployed from here.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

const db = new DynamoDBClient({});

/** SQS worker: stores each job, reports the messages that failed. */
export const worker = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      const job = JSON.parse(record.body);
      await db.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: { pk: { S: job.id }, status: { S: 'received' } } }));
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};

/** S3 ingest: logs each new object under incoming/. */
export const ingest = async (event) => {
  for (const record of event.Records) console.log('new object', record.s3.bucket.name, record.s3.object.key);
};

/** DynamoDB stream: logs each change. */
export const changes = async (event) => {
  for (const record of event.Records) console.log(record.eventName, JSON.stringify(record.dynamodb.Keys));
};
