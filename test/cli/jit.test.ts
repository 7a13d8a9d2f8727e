// The one-shot commands raise V8's interrupt budget (lib/cli/jit.ts); LAMBDAFORM_JIT=default leaves V8 as it is.
import { afterEach, expect, it, vi } from 'vitest';

const setFlags = vi.hoisted(() => vi.fn());
vi.mock('node:v8', async (original) => ({ ...(await original<typeof import('node:v8')>()), setFlagsFromString: setFlags }));

const { SHORT_RUN_INTERRUPT_BUDGET, tuneJitForShortRun } = await import('../../lib/cli/jit.js');

afterEach(() => {
  setFlags.mockReset();
  delete process.env.LAMBDAFORM_JIT;
});

it("sets V8's interrupt budget to 16 times its default", () => {
  tuneJitForShortRun();
  expect(SHORT_RUN_INTERRUPT_BUDGET).toBe(1_081_344);
  expect(setFlags).toHaveBeenCalledExactlyOnceWith('--interrupt-budget=1081344');
});

it('LAMBDAFORM_JIT=default leaves V8 as it is', () => {
  process.env.LAMBDAFORM_JIT = 'default';
  tuneJitForShortRun();
  expect(setFlags).not.toHaveBeenCalled();
});
