// The SAM backend takes the resources of some nodes (queues, roles, topics, ...) from the
// CloudFormation template of the same stack instead of writing them again. That must give the
// template writing them again gives: same resources, same values, same key order, on every
// example, the kitchen-sink app and every imported fixture template.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StackModel } from '../../lib/all.js';
import { importTemplate, parseTemplate } from '../../lib/import/index.js';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import { toSam } from '../../lib/synth/sam/index.js';
import { toJson, type Template } from '../../lib/synth/template.js';
import { app as kitchenSinkApp, stack as kitchenSink } from '../fixtures/apps/kitchen-sink.js';
import { EXAMPLES, ROOT, loadExample } from '../helpers/examples.js';


/** The SAM template of a fresh copy of the stack (nothing rendered before), with or without reuse. */
function samOf(stack: StackModel, reuse: boolean): string {
  return toJson(toSam(structuredClone(stack), { reuseCloudFormation: reuse }));
}

/** Logical ids of the SAM template that came from the CloudFormation one (the same objects). */
function adoptedIds(stack: StackModel): string[] {
  const copy = structuredClone(stack);
  const cfn: Template = toCloudFormation(copy);
  const sam = toSam(copy);
  return Object.keys(sam.Resources).filter((id) => sam.Resources[id] === cfn.Resources[id]);
}

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'templates');
const TEMPLATE_FILES = fs.readdirSync(FIXTURES).filter((f) => /\.(json|ya?ml)$/.test(f) && !f.endsWith('.expected.json'));

describe('SAM resources taken from the CloudFormation template are those SAM would write', () => {
  it('the kitchen-sink app (every construct), with resources taken over', () => {
    const s = kitchenSinkApp.synth().stacks.find((x) => x.name === kitchenSink.stackName)!;
    expect(samOf(s, true)).toBe(samOf(s, false));
    // Queues, roles and topics of it are taken over, as the same objects.
    const adopted = adoptedIds(s);
    expect(adopted.length).toBeGreaterThan(5);
  });

  it.each(EXAMPLES)('example %s', async (name) => {
    for (const s of (await loadExample(name)).synth().stacks) expect(samOf(s, true)).toBe(samOf(s, false));
  });

  it('every imported fixture template', () => {
    let compared = 0;
    for (const file of TEMPLATE_FILES) {
      let model: StackModel;
      try {
        model = importTemplate(parseTemplate(fs.readFileSync(path.join(FIXTURES, file), 'utf8'), file));
      } catch {
        continue; // a fixture of a template the importer refuses: nothing to render
      }
      let reused: string;
      try {
        reused = samOf(model, true);
      } catch (e) {
        // A model no SAM template can express is refused the same way both ways.
        expect(() => samOf(model, false)).toThrow((e as Error).message);
        continue;
      }
      expect(reused, file).toBe(samOf(model, false));
      compared++;
    }
    expect(compared).toBeGreaterThan(25);
  });
});
