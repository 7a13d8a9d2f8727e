import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsYamlLibrary, yamlLibrary } from '../../lib/core/yaml-libraries.js';

const ROOT = path.resolve(__dirname, '..', '..');

/** What a fresh process loads to read a template of `kind`. */
function loads(kind: 'json' | 'yaml' | 'yaml-octal'): { resources: string[]; yaml: boolean; jsYaml: boolean } {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'bin', 'run-ts.mjs'), path.join(ROOT, 'test', 'fixtures', 'core', 'yaml-loads.ts'), kind], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

describe('YAML libraries, loaded when first needed', () => {
  it('are the packages themselves, one instance each', () => {
    expect(typeof yamlLibrary().parseDocument).toBe('function');
    expect(yamlLibrary()).toBe(yamlLibrary());
    expect(typeof jsYamlLibrary().load).toBe('function');
    expect(jsYamlLibrary()).toBe(jsYamlLibrary());
  });

  it('reading a JSON template loads neither; a YAML one, js-yaml, and the yaml package only for a scalar only its YAML 1.1 schema reads', () => {
    expect(loads('json')).toEqual({ resources: ['Q'], yaml: false, jsYaml: false });
    // words, plain decimal ints, booleans: settled without the schema
    expect(loads('yaml')).toEqual({ resources: ['Q'], yaml: false, jsYaml: true });
    // `030` is octal in YAML 1.1: the schema reads it
    expect(loads('yaml-octal')).toEqual({ resources: ['Q'], yaml: true, jsYaml: true });
  });
});
