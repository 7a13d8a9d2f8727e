import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** JSON with object keys sorted: the same data always gives the same text (for hashing). */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * lambdaform's package root: the first directory above `moduleUrl` whose package.json names
 * lambdaform. The same from the sources (lib/…), the compiled package (dist/lib/…) and the CLI's
 * bundle (.lambdaform/cli/…).
 */
export function packageRoot(moduleUrl: string): string {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (;;) {
    const file = path.join(dir, 'package.json');
    try {
      if ((JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string }).name === 'lambdaform') return dir;
    } catch {
      // No package.json here (or not JSON): look further up.
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`lambdaform's package.json is not above ${moduleUrl}`);
    dir = up;
  }
}
