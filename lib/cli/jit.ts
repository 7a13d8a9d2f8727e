import { setFlagsFromString } from 'node:v8';

/**
 * V8's interrupt budget for the one-shot commands (synth, plan, lint): 16 times its default
 * (67,584 bytes of bytecode run between two looks at whether a function should be optimized).
 *
 * A `synth` or `lint` process runs most of its code a few thousand times and ends: the optimizing
 * compiler (TurboFan), started for functions that get warm, costs more than it pays back before
 * the process ends, and its threads take the CPU the main thread and the garbage collector need
 * (on 2 CPUs, `synth` of a 1,000-unit app spent 0.6 s of CPU compiling for a 1.3 s run). With a
 * larger budget only what stays hot gets optimized. Measured interleaved on this project's
 * benchmark app (bench/generate.ts): synth at N = 1,000 about 15 % faster, N = 5,000 the same,
 * `lint` of templates and of an app about 10 % faster. The local runtime's commands (run, invoke,
 * start-api) keep V8's default: they run long. `LAMBDAFORM_JIT=default` leaves V8 as it is.
 */
export function tuneJitForShortRun(): void {
  if (process.env.LAMBDAFORM_JIT === 'default') return;
  setFlagsFromString(`--interrupt-budget=${SHORT_RUN_INTERRUPT_BUDGET}`);
}

/** Bytes of bytecode: 16 × V8's default (67,584 in Node 20's V8). */
export const SHORT_RUN_INTERRUPT_BUDGET = 16 * 67_584;
