// A resource's children are kept by `constructs` in an object keyed by their ids; lambdaform makes
// it a hash table from the start, so that ids unique to each resource (an alias's
// `SqsEventSource<Queue>` mapping) do not each become a hidden-class transition of every empty
// object (past about 1,500 of them, V8 gives every new plain object a hidden class of its own,
// and all later code slows down). The construct tree behaves as before.
import * as v8 from 'node:v8';
import { expect, it } from 'vitest';
import { Alias, Queue, SqsEventSource } from '../../lib/all.js';
import { newFunction, newStack } from '../helpers/app.js';

v8.setFlagsFromString('--allow-natives-syntax');
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;

it("keeps a resource's children in a hash table, in the order they were added", () => {
  const stack = newStack();
  const fn = newFunction(stack, 'Fn');
  const alias = new Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
  const queues = ['B', 'A', 'C'].map((id) => new Queue(stack, id));
  for (const q of queues) alias.addEventSource(new SqsEventSource(q));
  const children = (alias.node as unknown as { _children: object })._children;
  expect(hasFastProperties(children)).toBe(false);
  expect(Object.getPrototypeOf(children)).toBe(Object.prototype);
  // the tree is the same: children in the order added, found by id, removable
  const ids = alias.node.children.map((c) => c.node.id);
  expect(ids).toHaveLength(3);
  expect(ids.map((id) => /(B|A|C)[0-9A-F]*$/.exec(id)?.[1])).toEqual(['B', 'A', 'C']);
  expect(alias.node.findChild(ids[1]!)).toBe(alias.node.children[1]);
  expect(alias.node.tryRemoveChild(ids[0]!)).toBe(true);
  expect(alias.node.children.map((c) => c.node.id)).toEqual(ids.slice(1));
});
