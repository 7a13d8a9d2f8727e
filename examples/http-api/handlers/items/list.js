'use strict';
// GET /items?limit=N — one page of items, with a cursor for the next page.
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, ScanCommand } = require('@aws-sdk/lib-dynamodb');
const { json, problem } = require('items-shared');

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

exports.handler = async (event) => {
  const q = event.queryStringParameters ?? {};
  const limit = q.limit === undefined ? 25 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return problem(400, 'limit must be an integer between 1 and 100');
  let start;
  if (q.cursor) {
    try {
      start = JSON.parse(Buffer.from(q.cursor, 'base64url').toString('utf8'));
    } catch {
      return problem(400, 'cursor is not valid');
    }
  }
  const page = await db.send(new ScanCommand({ TableName: process.env.TABLE_NAME, Limit: limit, ExclusiveStartKey: start }));
  const cursor = page.LastEvaluatedKey ? Buffer.from(JSON.stringify(page.LastEvaluatedKey)).toString('base64url') : undefined;
  return json(200, { items: page.Items ?? [], cursor });
};
