// The layers of lib/ and which may import which (docs/architecture.md): the model is the ground
// floor every reader stands on, so it imports nothing but the error type; backends read only the
// model; nothing imports upwards; and no module imports itself through others.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/examples.js';

const LIB = path.join(ROOT, 'lib');

/** Every .ts file under lib/, relative to lib/ with `/`. */
function sources(dir = LIB): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) return sources(abs);
    return e.name.endsWith('.ts') ? [path.relative(LIB, abs).split(path.sep).join('/')] : [];
  });
}

interface Import {
  readonly target: string;
  /** `import type` / `export type`: erased at run time. */
  readonly typeOnly: boolean;
}

/** The lib/ files a file imports (relative specifiers only), resolved to paths relative to lib/. */
function importsOf(file: string): Import[] {
  const text = fs.readFileSync(path.join(LIB, file), 'utf8');
  const out: Import[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm)) {
    const spec = m[2]!;
    if (!spec.startsWith('.')) continue;
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts');
    if (!resolved.endsWith('.json')) out.push({ target: resolved, typeOnly: Boolean(m[1]) });
  }
  return out;
}

/** Which folders (or files) of lib/ each layer may import. */
const ALLOWED: Record<string, readonly string[]> = {
  'model/': ['model/', 'core/errors.ts'],
  'core/': ['core/', 'model/'],
  'constructs/': ['constructs/', 'core/', 'model/'],
  'synth/': ['synth/', 'model/', 'core/errors.ts', 'core/logical-id.ts', 'core/util.ts', 'core/asset.ts', 'core/yaml-libraries.ts'],
  'testing/': ['testing/', 'synth/', 'model/', 'core/'],
  'lint/': ['lint/', 'synth/', 'model/', 'core/errors.ts', 'core/util.ts'],
  'local/': ['local/', 'model/', 'core/errors.ts'],
  'import/': ['import/', 'synth/', 'model/', 'core/errors.ts', 'core/util.ts', 'core/logical-id.ts', 'core/asset.ts', 'core/yaml-libraries.ts'],
  'local-app/': ['local-app/', 'local/', 'model/', 'core/', 'cli/plan-source.ts'],
  'cli/': ['cli/', 'synth/', 'lint/', 'import/', 'local/', 'model/', 'core/errors.ts', 'core/app.ts', 'core/source.ts', 'core/util.ts'],
  'data/': [],
  'modules/': ['constructs/', 'core/', 'testing/'],
  'index.ts': ['core/', 'modules/'],
  'all.ts': ['core/', 'constructs/', 'model/'],
};

const FILES = sources();

describe('layers', () => {
  it('every file of lib/ belongs to a layer', () => {
    expect(FILES.filter((f) => !Object.keys(ALLOWED).some((l) => f.startsWith(l)))).toEqual([]);
  });

  it.each(Object.keys(ALLOWED))('%s imports only what its layer may', (layer) => {
    const allowed = ALLOWED[layer]!;
    const violations = FILES.filter((f) => f.startsWith(layer)).flatMap((f) =>
      importsOf(f)
        .filter((i) => !allowed.some((a) => i.target.startsWith(a)))
        .map((i) => `${f} imports ${i.target}`),
    );
    expect(violations).toEqual([]);
  });

  it('core/errors.ts imports nothing (the model stands on it)', () => {
    expect(importsOf('core/errors.ts')).toEqual([]);
  });

  it('core/yaml-libraries.ts imports nothing of lambdaform (the backends and the importer load the YAML libraries through it)', () => {
    expect(importsOf('core/yaml-libraries.ts')).toEqual([]);
  });

  it('the check would catch a model file importing a construct', () => {
    const allowed = ALLOWED['model/']!;
    expect(allowed.some((a) => 'constructs/function.ts'.startsWith(a))).toBe(false);
    expect(allowed.some((a) => 'core/resource.ts'.startsWith(a))).toBe(false);
    expect(allowed.some((a) => 'synth/render-context.ts'.startsWith(a))).toBe(false);
  });
});

describe('import cycles', () => {
  it('no module of lib/ imports itself through others (run-time imports)', () => {
    const graph = new Map(FILES.map((f) => [f, importsOf(f).filter((i) => !i.typeOnly).map((i) => i.target)]));
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'visiting') {
        cycles.push([...stack.slice(stack.indexOf(f)), f].join(' -> '));
        return;
      }
      state.set(f, 'visiting');
      stack.push(f);
      for (const t of graph.get(f) ?? []) visit(t);
      stack.pop();
      state.set(f, 'done');
    };
    FILES.forEach(visit);
    expect(cycles).toEqual([]);
  });

  it('the Function family imports its base, never a sibling (version and alias)', () => {
    for (const f of ['constructs/version.ts', 'constructs/alias.ts']) {
      const siblings = importsOf(f).filter((i) => !i.typeOnly && ['constructs/function.ts', 'constructs/version.ts', 'constructs/alias.ts'].includes(i.target));
      expect({ f, siblings }).toEqual({ f, siblings: [] });
    }
  });
});

describe('the public layout', () => {
  const modules = fs.readdirSync(path.join(LIB, 'modules')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  const index = fs.readFileSync(path.join(LIB, 'index.ts'), 'utf8');

  it('every module of lib/modules is a package subpath (node scripts/sync-exports.mjs) and a namespace of the root, as in aws-cdk-lib', () => {
    const subpaths = Object.keys(manifest.exports).filter((k) => !['.', './lint', './local', './package.json'].includes(k)).map((k) => k.slice(2)).sort();
    expect(subpaths).toEqual(modules);
    const namespaces = [...index.matchAll(/^export \* as (\w+) from '\.\/modules\/([a-z0-9-]+)\.js';$/gm)].map((m) => [m[1], m[2]]);
    expect(namespaces.map(([ns]) => ns).sort()).toEqual(modules.map((m) => m.replaceAll('-', '_')).sort());
    expect(namespaces.every(([ns, m]) => ns === m!.replaceAll('-', '_'))).toBe(true);
  });

  it('typesVersions names the declarations of every subpath but the root, as exports does (node10 resolution reads no exports)', () => {
    const m = manifest as unknown as { exports: Record<string, string | { types: string }>; typesVersions: Record<string, Record<string, string[]>> };
    const expected = Object.fromEntries(Object.entries(m.exports).filter(([k, v]) => k !== '.' && typeof v !== 'string').map(([k, v]) => [k.slice(2), [(v as { types: string }).types.slice(2)]]));
    expect(m.typesVersions).toEqual({ '*': expected });
    for (const [, [file]] of Object.entries(expected)) expect(file).toMatch(/^dist\/lib\/.*\.d\.ts$/);
  });
});
