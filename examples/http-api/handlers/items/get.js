'use strict';
// GET /items/{id}
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand } = require('@aws-sdk/lib-dynamodb');
const { json, problem } = require('items-shared');

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

exports.handler = async (event) => {
  const id = event.pathParameters?.id;
  if (!id) return problem(400, 'id is required');
  const res = await db.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { id } }));
  return res.Item ? json(200, res.Item) : problem(404, `item ${id} not found`);
};
