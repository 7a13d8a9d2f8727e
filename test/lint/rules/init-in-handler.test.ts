import { Code, NodejsFunction, Runtime, type Stack } from '../../../lib/all.js';
import { initInHandler } from '../../../lib/lint/rules/init-in-handler.js';
import { newFunction } from '../../helpers/app.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const inline = (s: Stack, source: string) => newFunction(s, 'Fn', { code: Code.fromInline(source) });

ruleTester(initInHandler, {
  valid: [
    {
      name: 'an SDK v3 client at module level (JavaScript)',
      build: (s) =>
        inline(
          s,
          `const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
const s3 = new S3Client({});
exports.handler = async (event) => s3.send(new GetObjectCommand({ Bucket: event.bucket, Key: event.key }));`,
        ),
    },
    {
      name: 'a pool created lazily once, in a module-level variable',
      build: (s) =>
        inline(
          s,
          `import { Pool } from 'pg';
let pool;
function db() {
  if (!pool) pool = new Pool({ max: 1 });
  return pool;
}
export const handler = async (event) => (await db().query('select 1')).rows;`,
        ),
    },
    {
      name: 'a TypeScript handler (asset) whose clients are at module level or cached',
      build: (s) => newFunction(s, 'Fn', { code: Code.fromAsset('test/fixtures/handlers/loop-ts') }),
    },
    {
      name: 'a Python function: not read',
      build: (s) => newFunction(s, 'Fn', { runtime: Runtime.PYTHON_3_13, code: Code.fromInline('import boto3\ndef handler(event, context):\n    return boto3.client("s3")') }),
    },
    {
      name: 'a handler file with a syntax error: skipped, not a crash',
      build: (s) => inline(s, "exports.handler = async () => { new (require('@aws-sdk/client-s3').S3Client)( };"),
    },
  ],
  invalid: [
    {
      name: 'an SDK v3 client inside a NodejsFunction\'s TypeScript handler: read in the source, not the bundle',
      build: (s) => new NodejsFunction(s, 'Fn', { entry: 'test/fixtures/handlers/exports/arrow.ts' }),
      findings: [
        {
          path: 'Test/Fn',
          message: /^new S3Client\(\) at test\/fixtures\/handlers\/exports\/arrow\.ts:6:10 runs on every invocation: create it once at module level/,
        },
      ],
    },
    {
      name: 'an SDK v3 client inside a TypeScript handler (asset)',
      build: (s) => newFunction(s, 'Fn', { code: Code.fromAsset('test/fixtures/handlers/exports'), handler: 'arrow.handler' }),
      findings: [
        {
          path: 'Test/Fn',
          message: /^new S3Client\(\) at test\/fixtures\/handlers\/exports\/arrow\.ts:6:10 runs on every invocation: create it once at module level \(outside the handler\) so warm invocations reuse it and its connections$/,
        },
      ],
    },
    {
      name: 'a pg Pool inside a JavaScript handler',
      build: (s) =>
        inline(
          s,
          `const { Pool } = require('pg');
exports.handler = async () => {
  const pool = new Pool({ max: 1 });
  return (await pool.query('select 1')).rows;
};`,
        ),
      findings: [{ path: 'Test/Fn', message: /^new Pool\(\) at inline:index\.js:3:16 runs on every invocation: .* \(one per invocation also uses up the database connection limit\)$/ }],
    },
    {
      name: 'axios.create inside the handler, and a client in a function it calls',
      build: (s) =>
        inline(
          s,
          `import axios from 'axios';
import { SQSClient } from '@aws-sdk/client-sqs';
function queue() { return new SQSClient({}); }
export const handler = async () => {
  const api = axios.create({ baseURL: 'https://api.example.com' });
  queue();
  return api.get('/');
};`,
        ),
      findings: [
        { path: 'Test/Fn', message: /^axios\.create\(\) at inline:index\.js:5:15 runs on every invocation: .* kept-alive connections$/ },
        { path: 'Test/Fn', message: /^new SQSClient\(\) at inline:index\.js:3:27 \(in queue, which the handler calls\) runs on every invocation/ },
      ],
    },
    {
      name: 'an SDK v2 client inside a CommonJS handler',
      build: (s) =>
        inline(
          s,
          `const AWS = require('aws-sdk');
exports.handler = async (event) => new AWS.DynamoDB.DocumentClient().get({ TableName: 'orders', Key: { id: event.id } }).promise();`,
        ),
      findings: [{ path: 'Test/Fn', message: /^new AWS\.DynamoDB\.DocumentClient\(\) at inline:index\.js:2:36 runs on every invocation/ }],
    },
  ],
});
