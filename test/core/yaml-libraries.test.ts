import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsYamlLibrary, yamlLibrary } from '../../lib/core/yaml-libraries.js';

const ROOT = path.resolve(__dirname, '..', '..');

/** What a fresh process loads to read a template of `kind`. */
function loads(kind: 'json' | 'yaml'): { resources: string[]; yaml: boolean; jsYaml: boolean } {
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

  it('reading a JSON template loads neither; reading a YAML one loads both', () => {
    expect(loads('json')).toEqual({ resources: ['Q'], yaml: false, jsYaml: false });
    expect(loads('yaml')).toEqual({ resources: ['Q'], yaml: true, jsYaml: true });
  });
});
