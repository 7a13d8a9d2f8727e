import { App, Code, Function, Runtime, Stack, type FunctionProps } from '../../lib/all.js';

/** The date tests run "on", so runtime lifecycle checks do not rot. */
export const TODAY = new Date('2026-11-22T00:00:00Z');

/** A fresh app (dated TODAY) with one stack. */
export function newStack(id = 'Test'): Stack {
  const app = new App({ now: TODAY });
  return new Stack(app, id);
}

/** A minimal inline Node.js function; `props` override the defaults. */
export function newFunction(stack: Stack, id = 'Fn', props: Partial<FunctionProps> = {}): Function {
  return new Function(stack, id, {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromInline('exports.handler = async () => ({ ok: true });'),
    ...props,
  });
}
