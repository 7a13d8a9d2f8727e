/**
 * The YAML libraries, each loaded when first needed: loading `yaml` costs a command ~45 ms and
 * `js-yaml` ~10–25 ms, and most commands need neither (`synth` writes its YAML itself; a JSON
 * template is read without them).
 */
import { createRequire } from 'node:module';
import type JsYaml from 'js-yaml';
import type * as YAML from 'yaml';

const requireLib = createRequire(import.meta.url);
let yaml: typeof YAML | undefined;
let jsYaml: typeof JsYaml | undefined;

/** The `yaml` package: the oracle of the YAML writer, the full YAML reader, the lint of YAML's edge cases. */
export function yamlLibrary(): typeof YAML {
  return (yaml ??= requireLib('yaml') as typeof YAML);
}

/** `yaml/util`: the library's own scalar writers, which the YAML writer's escaped-string tag extends. */
export function yamlUtilLibrary(): typeof import('yaml/util') {
  return requireLib('yaml/util') as typeof import('yaml/util');
}

/** The `js-yaml` package: the fast YAML reader of templates. */
export function jsYamlLibrary(): typeof JsYaml {
  return (jsYaml ??= requireLib('js-yaml') as typeof JsYaml);
}
