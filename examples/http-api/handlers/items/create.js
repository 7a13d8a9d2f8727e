'use strict';
// POST /items — creates an item; the id is generated, so retries create distinct items unless
// the client sends an Idempotency-Key header, which becomes the id.
const { randomUUID } = require('node:crypto');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand } = require('@aws-sdk/lib-dynamodb');
const { json, problem, parseItem } = require('items-shared');

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

exports.handler = async (event) => {
  const { item, error } = parseItem(event.body, event.isBase64Encoded);
  if (error) return problem(400, error);
  const id = event.headers?.['idempotency-key'] ?? randomUUID();
  const record = { id, ...item, createdAt: new Date().toISOString() };
  try {
    await db.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: record, ConditionExpression: 'attribute_not_exists(id)' }));
  } catch (err) {
    if (err.name === 'ConditionalCheckFailedException') return problem(409, `item ${id} already exists`);
    throw err;
  }
  return json(201, record);
};
