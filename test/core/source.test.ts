// Every construct and grant knows the line of user code that made it. What lambdaform makes on
// the user's behalf inside one call (a function's default role, the grant of a queue to the mapping
// that polls it) gets that call's line without a stack of its own (`madeAt`); what the user makes
// afterwards is looked up again.
import * as fs from 'node:fs';
import { expect, it } from 'vitest';
import { Code, Duration, Function, Queue, Runtime, SqsEventSource, Stream, KinesisEventSource, StartingPosition } from '../../lib/all.js';
import { madeAt } from '../../lib/core/source.js';
import { stackModel } from '../../lib/testing/index.js';
import { newStack } from '../helpers/app.js';

const FILE = 'test/core/source.test.ts';
/** The line of this file holding `marker` (written in a comment on that line). */
const lineOf = (marker: string): number => {
  const line = fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n').findIndex((l) => l.endsWith(`// ${marker}`)) + 1;
  expect(line).toBeGreaterThan(0);
  return line;
};

it("gives a function's default role the function's line, a queue mapping's grant the mapping's line, and later constructs their own", () => {
  const stack = newStack();
  const queue = new Queue(stack, 'Jobs'); // @queue
  const fn = new Function(stack, 'Worker', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => {}') }); // @function
  fn.addEventSource(new SqsEventSource(queue)); // @mapping
  const stream = new Stream(stack, 'Clicks'); // @stream
  fn.addEventSource(new KinesisEventSource(stream, { startingPosition: StartingPosition.LATEST })); // @stream-mapping
  const after = new Queue(stack, 'After'); // @after
  expect(after.node.path).toBe('Test/After');

  const model = stackModel(stack);
  const nodeLine = (path: string) => model.nodes.find((n) => n.id === path)?.origin.source;
  expect(nodeLine('Test/Jobs')).toEqual({ file: FILE, line: lineOf('@queue'), column: expect.any(Number) });
  expect(nodeLine('Test/Worker')).toMatchObject({ file: FILE, line: lineOf('@function') });
  // the default role: made inside the function's constructor, for the same line
  expect(nodeLine('Test/Worker/ServiceRole')).toEqual(nodeLine('Test/Worker'));
  expect(nodeLine('Test/After')).toMatchObject({ file: FILE, line: lineOf('@after') });
  // the grants: the queue's (made for the mapping) on the mapping's line; the stream's (captured) on its mapping's line too
  const grants = model.edges.filter((e) => e.kind === 'grant');
  const grantTo = (path: string) => grants.find((e) => e.to === path);
  expect(grantTo('Test/Jobs')?.origin.source).toMatchObject({ file: FILE, line: lineOf('@mapping') });
  expect(grantTo('Test/Clicks')?.origin.source).toMatchObject({ file: FILE, line: lineOf('@stream-mapping') });
});

it('madeAt gives its source to what is made inside it only, and nests', () => {
  const a = { file: 'a.ts', line: 1, column: 1 };
  const b = { file: 'b.ts', line: 2, column: 2 };
  const stack = newStack();
  const [q1, q2] = madeAt(a, () => [new Queue(stack, 'Q1'), madeAt(b, () => new Queue(stack, 'Q2'))]);
  expect(q1!.source).toEqual(a);
  expect(q2!.source).toEqual(b);
  // each gets a copy
  expect(q1!.source).not.toBe(a);
  const q3 = new Queue(stack, 'Q3'); // @q3
  expect(q3.source).toMatchObject({ file: FILE, line: lineOf('@q3') });
  // an error inside leaves no source behind
  expect(() => madeAt(a, () => { throw new Error('boom'); })).toThrow('boom');
  const q4 = new Queue(stack, 'Q4'); // @q4
  expect(q4.source).toMatchObject({ file: FILE, line: lineOf('@q4') });
});

it('with LAMBDAFORM_SOURCES=off when the App is made, the model records no lines (no stack is captured); errors still name the line', () => {
  const saved = process.env.LAMBDAFORM_SOURCES;
  process.env.LAMBDAFORM_SOURCES = 'off';
  try {
    const stack = newStack();
    const queue = new Queue(stack, 'Jobs');
    const fn = new Function(stack, 'Worker', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => {}') });
    fn.addEventSource(new SqsEventSource(queue));
    queue.grantSendMessages(fn);
    const model = stackModel(stack);
    expect(model.nodes.length).toBeGreaterThanOrEqual(3);
    expect(model.edges.length).toBeGreaterThanOrEqual(2);
    expect(model.nodes.filter((n) => n.origin.source !== undefined)).toEqual([]);
    expect(model.edges.filter((e) => e.origin.source !== undefined)).toEqual([]);
    // an error made outside any construct still names the user's line
    expect(() => Duration.seconds(-1)).toThrow(new RegExp(`^${FILE}:${lineOf('@error')}: `)); // @error
  } finally {
    if (saved === undefined) delete process.env.LAMBDAFORM_SOURCES;
    else process.env.LAMBDAFORM_SOURCES = saved;
  }
  // the next App reads the setting again: lines are recorded
  const q = new Queue(newStack(), 'Again'); // @again
  expect(q.source).toMatchObject({ file: FILE, line: lineOf('@again') });
});

it('a line that makes many constructs (a loop) gives each its own copy of one location, relative to the working directory of the moment', () => {
  const stack = newStack();
  const make = (id: string): Queue => new Queue(stack, id); // @make
  const made = ['A', 'B', 'C'].map(make);
  expect(made.map((q) => q.source)).toEqual(made.map(() => ({ file: FILE, line: lineOf('@make'), column: expect.any(Number) })));
  expect(made[0]!.source).not.toBe(made[1]!.source);
  // the same line after the working directory changed: named from there, then from here again
  const cwd = process.cwd();
  let moved: Queue;
  try {
    process.chdir('test');
    moved = make('Moved');
  } finally {
    process.chdir(cwd);
  }
  expect(moved.source).toMatchObject({ file: 'core/source.test.ts', line: lineOf('@make') });
  expect(make('Back').source).toMatchObject({ file: FILE, line: lineOf('@make') });
});
