/**
 * ts-morph, loaded on first use: it brings the TypeScript compiler (most of a second to load), so
 * a lint run that analyses no Node.js handler, and every command that does not lint, never pays
 * for it.
 */
import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';

let loaded: typeof TsMorph | undefined;

/** The ts-morph module, required once. */
export function tsMorph(): typeof TsMorph {
  loaded ??= createRequire(import.meta.url)('ts-morph') as typeof TsMorph;
  return loaded;
}
