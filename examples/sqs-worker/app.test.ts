/**
 * The sqs-worker app in lambdaform's local runtime: hours of SQS retries in milliseconds.
 *
 *   npx vitest run examples/sqs-worker/app.test.ts
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Duration } from 'lambdaform';
import { LocalApp } from 'lambdaform/local';

const job = (jobId: string, quantity = 2) => ({ jobId, items: [{ sku: 'A-1', quantity, unitPrice: 9.5 }] });

describe('sqs-worker', () => {
  let app: LocalApp;
  beforeAll(async () => {
    app = await LocalApp.fromAppFile(fileURLToPath(new URL('./app.ts', import.meta.url)));
  });
  beforeEach(() => app.reset());
  afterAll(() => app.close());

  it('processes a valid job once and deletes it', async () => {
    await app.send('Jobs', job('j-1'));
    await app.idle();
    expect(app.metrics('Worker').Invocations).toBe(1);
    expect(app.messages('Jobs')).toEqual([]);
    expect(app.logs('Worker').some((l) => l.includes('"totalCents":1900'))).toBe(true);
  });

  it('moves an invalid job to the dead-letter queue after 5 receives, 15 minutes later', async () => {
    await app.send('Jobs', job('bad', 0));
    await app.advance(Duration.minutes(10));
    expect(app.messages('JobsDlq')).toEqual([]);
    await app.idle();
    expect(app.now).toBeGreaterThanOrEqual(5 * 180_000);
    expect(app.messages('JobsDlq').map((m) => JSON.parse(m.body).jobId)).toEqual(['bad']);
    expect(app.metrics('Worker').Invocations).toBe(5);
    expect(app.report().summary).toMatchObject({ deadLetter: 1, queued: 0, total: 1 });
  });

  it('redrives the dead-letter queue back to the jobs queue', async () => {
    await app.send('Jobs', job('bad', 0));
    await app.idle();
    expect(app.redrive('JobsDlq')).toEqual({ moved: 1 });
    expect(app.messages('JobsDlq')).toEqual([]);
    expect(app.messages('Jobs').map((m) => JSON.parse(m.body).jobId)).toEqual(['bad']);
    // Still invalid: five more receives and back in the DLQ; the report follows both journeys.
    await app.idle();
    expect(app.messages('JobsDlq')).toHaveLength(1);
    expect(app.metrics('Worker').Invocations).toBe(10);
    expect(app.report().summary).toMatchObject({ deadLetter: 2, total: 2 });
  });

  it('keeps messages waiting while the mapping is paused', async () => {
    app.pauseMapping('WorkerSqsEventSourceJobs');
    await app.send('Jobs', job('j-2'));
    await app.advance(Duration.minutes(1));
    expect(app.messages('Jobs')).toHaveLength(1);
    app.resumeMapping('WorkerSqsEventSourceJobs');
    await app.idle();
    expect(app.messages('Jobs')).toEqual([]);
  });
});
