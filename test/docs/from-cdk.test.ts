// docs/from-cdk.md is kept true: every module it lists is a lambdaform module (a package.json
// subpath and a namespace on the root, or the root itself), every name it marks supported or
// different is exported there (a `Class.member` is a member of that class), and every name it
// marks not supported is not exported (when it is, the table is out of date).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as root from '../../lib/index.js';
import { ROOT } from '../helpers/examples.js';

interface Row {
  readonly module: string;
  readonly name: string;
  readonly status: 'supported' | 'differs' | 'not supported';
  readonly line: number;
}

/** The rows of the doc's tables: `## <module>` headings, then `| \`Name\` | status | notes |` rows. */
function rows(): Row[] {
  const text = fs.readFileSync(path.join(ROOT, 'docs', 'from-cdk.md'), 'utf8').split('\n');
  const out: Row[] = [];
  let module: string | undefined;
  text.forEach((line, i) => {
    const heading = /^## `(aws-cdk-lib(?:\/[a-z0-9-]+)?)`/.exec(line);
    if (heading) module = heading[1]!.replace(/^aws-cdk-lib\/?/, '');
    const row = /^\| `([A-Za-z_][\w.]*)(?:\([^)]*\))?` \| (supported|differs|not supported) \|/.exec(line);
    if (row && module !== undefined) out.push({ module, name: row[1]!, status: row[2] as Row['status'], line: i + 1 });
  });
  return out;
}

const ROWS = rows();
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };

/** The exports of a module: the root for '', else the root's namespace (aws-lambda → aws_lambda). */
function moduleExports(module: string): Record<string, unknown> | undefined {
  if (module === '') return root as unknown as Record<string, unknown>;
  return (root as unknown as Record<string, Record<string, unknown> | undefined>)[module.replaceAll('-', '_')];
}

const REFUSED = Symbol.for('lambdaform.unsupportedCdkMethod');

/** Whether `Name` or `Name.member` exists among a module's exports (members: static or on the prototype). */
function exists(exports: Record<string, unknown>, name: string): boolean {
  const [top, member] = name.split('.');
  const value = exports[top!];
  if (value === undefined) return false;
  if (member === undefined) return true;
  const holder = value as { prototype?: object } & Record<string, unknown>;
  // An aws-cdk-lib method lambdaform refuses (lib/core/cdk-unsupported-methods.ts) is not there.
  const real = (o: object): boolean => {
    // Read the descriptor, not the value: a getter on a prototype must not run.
    for (let p: object | null = o; p !== null; p = Object.getPrototypeOf(p)) {
      const d = Object.getOwnPropertyDescriptor(p, member);
      if (d) return (d.value as { [REFUSED]?: string } | undefined)?.[REFUSED] === undefined;
    }
    return false;
  };
  if (real(holder)) return true;
  if (holder.prototype !== undefined && real(holder.prototype)) return true;
  // An instance property the constructor sets (`public readonly queueUrl`): in the class's source.
  return new RegExp(`this\\.${member}\\s*=`).test(String(value));
}

describe('docs/from-cdk.md', () => {
  it('has a table for each module it names, with rows', () => {
    expect(ROWS.length).toBeGreaterThan(100);
  });

  const modules = [...new Set(ROWS.map((r) => r.module))];
  it.each(modules)('module %s: a lambdaform subpath and root namespace, or a module lambdaform does not have yet (every row not supported)', (module) => {
    const exports = moduleExports(module);
    const ofModule = ROWS.filter((r) => r.module === module);
    if (exports === undefined) {
      expect(ofModule.filter((r) => r.status !== 'not supported').map((r) => `line ${r.line}: ${r.name}`)).toEqual([]);
      expect(manifest.exports[`./${module}`]).toBeUndefined();
    } else if (module !== '') {
      expect(manifest.exports[`./${module}`]).toBeDefined();
    }
  });

  it('every name marked supported or differs is exported by its module', () => {
    const missing = ROWS.filter((r) => r.status !== 'not supported').filter((r) => {
      const exports = moduleExports(r.module);
      return exports === undefined || !exists(exports, r.name);
    });
    expect(missing.map((r) => `line ${r.line}: ${r.module || '(root)'} ${r.name}`)).toEqual([]);
  });

  it('every name marked not supported is absent (else the table is out of date)', () => {
    const present = ROWS.filter((r) => r.status === 'not supported').filter((r) => {
      const exports = moduleExports(r.module);
      return exports !== undefined && exists(exports, r.name);
    });
    expect(present.map((r) => `line ${r.line}: ${r.module || '(root)'} ${r.name}`)).toEqual([]);
  });
});
