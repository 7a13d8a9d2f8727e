/** What the endpoint tests share: a synchronous invocation run to its end, and the error a call failed with. */
import type { InvokeOutcome } from '../../../lib/local/functions.js';
import type { InputRecord } from '../../../lib/local/ledger.js';
import type { Runtime } from '../../../lib/local/runtime.js';

/** An AWS SDK error with the fields the tests read. */
export type SdkError = Error & { $metadata?: { httpStatusCode?: number }; Code?: string; Error?: { Code?: string }; Item?: unknown };

/** The error a call failed with; a call that succeeds fails the test. */
export async function failure(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p;
  } catch (e) {
    return e as SdkError;
  }
  throw new Error('the call succeeded');
}

/**
 * Invokes `Test/<name>` synchronously and runs the simulation until nothing is left; `hopFrom`:
 * its input was sent on by that function (lineage { [hopFrom]: 1 }).
 */
export async function invoke(rt: Runtime, name: string, event: unknown, hopFrom?: string): Promise<{ outcome: InvokeOutcome; input: InputRecord }> {
  const input = hopFrom === undefined ? rt.ledger.create(0, `Test/${name}`) : rt.ledger.child(rt.ledger.create(0, hopFrom), `Test/${name}`, hopFrom);
  const p = rt.invoke({ function: `Test/${name}` }, JSON.stringify(event), 'RequestResponse', input);
  await rt.sim.run();
  return { outcome: (await p)!, input };
}
