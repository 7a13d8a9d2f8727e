/**
 * No call from a handler reaches AWS: a host name in amazonaws.com is not looked up in an
 * execution environment, whatever sends to it (an SDK client given an AWS endpoint in code, fetch).
 */
import { describe, expect, it } from 'vitest';
import { fn, startRuntime, testPlan } from '../helpers.js';

const HANDLER = `import { SQSClient, ListQueuesCommand } from '@aws-sdk/client-sqs';
export const handler = async () => {
  const out = {};
  try { await new SQSClient({ endpoint: 'https://sqs.us-east-1.amazonaws.com', maxAttempts: 1 }).send(new ListQueuesCommand({})); out.sdk = 'reached'; } catch (e) { out.sdk = e.message; }
  try { await fetch('https://dynamodb.eu-west-1.amazonaws.com/'); out.fetch = 'reached'; } catch (e) { out.fetch = e.cause?.message ?? e.message; }
  try { await (await import('node:dns')).promises.lookup('s3.amazonaws.com'); out.dns = 'resolved'; } catch (e) { out.dns = e.code; }
  return out;
};`;

describe('calls to AWS from a handler', () => {
  it('are refused before any connection, naming the host and the endpoint to use', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Caller', HANDLER, { timeoutSeconds: 20 })] }));
    const p = rt.invoke({ function: 'Test/Caller' }, '{}', 'RequestResponse', rt.ledger.create(0, 'Test/Caller'));
    await rt.sim.run();
    const outcome = (await p)!;
    expect(outcome.error).toBeUndefined();
    const out = JSON.parse(outcome.json!) as Record<string, string>;
    expect(out.sdk).toMatch(/^lambdaform: sqs\.us-east-1\.amazonaws\.com is AWS, and the local runtime keeps every call on this machine: the AWS SDK sends to AWS_ENDPOINT_URL \(http:\/\/127\.0\.0\.1:\d+\)/);
    expect(out.fetch).toMatch(/^lambdaform: dynamodb\.eu-west-1\.amazonaws\.com is AWS/);
    expect(out.dns).toBe('ENOTFOUND');
  });
});
