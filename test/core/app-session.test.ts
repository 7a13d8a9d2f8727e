// An App under the CLI's session (the CLI runs the app in its own process, lib/cli/app-in-process.ts):
// `synth()` before the CLI's own synthesis returns a model built when it is first read.
import { afterEach, describe, expect, it } from 'vitest';
import { App, Duration, Queue, Stack } from '../../lib/all.js';
import { CLI_SESSION, type CliSession } from '../../lib/core/app.js';
import { TODAY } from '../helpers/app.js';

const g = globalThis as { [CLI_SESSION]?: CliSession };
afterEach(() => {
  delete g[CLI_SESSION];
});

function session(): CliSession {
  const s: CliSession = { apps: [], synthesized: new Map() };
  g[CLI_SESSION] = s;
  return s;
}

const queues = (model: { stacks: ReadonlyArray<{ nodes: ReadonlyArray<{ kind: string; id: string }> }> }): string[] =>
  model.stacks.flatMap((s) => s.nodes.filter((n) => n.kind === 'queue').map((n) => n.id));

describe('App.synth() under the CLI session', () => {
  it('returns a model built when it is first read: what was added before the read is in it', () => {
    const s = session();
    const app = new App({ now: TODAY });
    const stack = new Stack(app, 'S');
    new Queue(stack, 'Early');
    const model = app.synth();
    expect(s.apps).toEqual([app]);
    expect(s.synthesized.get(app)).toBe(model);
    new Queue(stack, 'Late');
    expect(Object.keys(model)).toEqual(['version', 'stacks']);
    expect(queues(model)).toEqual(['S/Early', 'S/Late']);
    // Read once, it stays what it was: later changes are in the CLI's own synthesis.
    new Queue(stack, 'Later');
    expect(queues(model)).toEqual(['S/Early', 'S/Late']);
    s.final = true;
    expect(queues(app.synth())).toEqual(['S/Early', 'S/Late', 'S/Later']);
  });

  it('the same JSON as a model built at once', () => {
    const make = (): App => {
      const app = new App({ now: TODAY });
      new Queue(new Stack(app, 'S'), 'Jobs', { visibilityTimeout: Duration.seconds(40) });
      return app;
    };
    session();
    const deferred = make();
    delete g[CLI_SESSION];
    const direct = make();
    expect(JSON.stringify(deferred.synth())).toBe(JSON.stringify(direct.synth()));
  });

  it('an error of the synthesis is thrown where the model is read, and at once after the CLI takes over', () => {
    const s = session();
    const app = new App({ now: TODAY });
    const model = app.synth();
    expect(() => model.stacks).toThrow(/the app has no stacks/);
    s.final = true;
    expect(() => app.synth()).toThrow(/the app has no stacks/);
  });
});
