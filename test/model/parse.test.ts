// Reading a model document: what an app writes is read back as it was; a corrupt or foreign
// document is a LambdaformError naming the file and the bad part, never a crash further on.
import { describe, expect, it } from 'vitest';
import { LambdaformError } from '../../lib/core/errors.js';
import { parseModel } from '../../lib/model/parse.js';
import { MODEL_VERSION } from '../../lib/model/types.js';
import { app as kitchenSink } from '../fixtures/apps/kitchen-sink.js';
import { thrown } from '../helpers/errors.js';

/** A small, valid model document (as JSON data) to break in one place. */
function minimalModel(): { version: number; stacks: Array<Record<string, unknown> & { nodes: Array<Record<string, unknown>>; edges: Array<Record<string, unknown>> }> } {
  return {
    version: MODEL_VERSION,
    stacks: [
      {
        name: 'S',
        path: 'S',
        tags: {},
        nodes: [
          { id: 'S/Q', kind: 'queue', logicalId: 'Q', origin: { path: 'S/Q', source: { file: 'app.ts', line: 3 } }, tags: {}, overrides: [], dependsOn: [], props: { fifo: false, encryption: 'sqs-managed' } },
          { id: 'S/R', kind: 'role', logicalId: 'R', origin: { path: 'S/R' }, tags: {}, overrides: [], dependsOn: [], props: { assumedBy: [], managedPolicies: [] } },
        ],
        edges: [{ id: 'S/R->S/Q', kind: 'grant', from: 'S/R', to: 'S/Q', origin: { path: 'S/R' }, props: { actions: ['sqs:SendMessage'], resources: [], reason: 'grantSendMessages' } }],
        outputs: [{ logicalId: 'QueueUrl', value: { $ref: 'S/Q', attr: 'Url' }, origin: { path: 'S/QueueUrl' } }],
        assets: [{ id: 'abc', path: 'handlers/w', exclude: [] }],
      },
    ],
  };
}

/** The LambdaformError parseModel throws for `text`, checked to be about `model.json`. */
function parseError(text: string): LambdaformError {
  const e = thrown(() => parseModel(text, 'model.json'));
  expect(e).toBeInstanceOf(LambdaformError);
  const err = e as LambdaformError;
  expect(err.path).toBe('model.json');
  expect(err.message).toBe(`model.json: ${err.detail}`);
  expect(err.message).not.toContain('\n');
  return err;
}

describe('parseModel', () => {
  it('reads back the model an app synthesizes, every node and edge kind included', () => {
    // GIVEN the kitchen-sink app's model, written as the app writes it
    const model = kitchenSink.synth();
    // WHEN read back / THEN it is the same model
    expect(parseModel(`${JSON.stringify(model, null, 2)}\n`, 'model.json')).toEqual(model);
  });

  it('reads a minimal document, and one with a byte order mark', () => {
    const text = JSON.stringify(minimalModel());
    expect(parseModel(text, 'model.json')).toEqual(minimalModel());
    expect(parseModel(`\uFEFF${text}`, 'model.json')).toEqual(minimalModel());
  });

  it('text that is not JSON, empty or truncated', () => {
    expect(parseError('garbage').detail).toMatch(/^is not valid JSON \(.+\); it is corrupt or truncated, or not a lambdaform app model$/);
    expect(parseError('').detail).toBe('is empty; the app that wrote it probably stopped while writing it');
    const truncated = JSON.stringify(minimalModel()).slice(0, 80);
    expect(parseError(truncated).detail).toMatch(/^is not valid JSON \(.+\); it is corrupt or truncated/);
  });

  it('JSON that is not an object', () => {
    expect(parseError('[1, 2]').message).toBe('model.json: is not a lambdaform app model: expected a JSON object with "version" and "stacks", got an array');
    expect(parseError('"model"').detail).toBe(`is not a lambdaform app model: expected a JSON object with "version" and "stacks", got 'model'`);
    expect(parseError('null').detail).toBe('is not a lambdaform app model: expected a JSON object with "version" and "stacks", got null');
  });

  it('another model version names both versions and the likely cause', () => {
    expect(parseError(JSON.stringify({ ...minimalModel(), version: MODEL_VERSION + 1 })).message).toBe(
      `model.json: is a version ${MODEL_VERSION + 1} model, but this lambdaform reads version ${MODEL_VERSION} models: the app and the CLI use different lambdaform versions; run the lambdaform CLI the app itself depends on (npx lambdaform), or give both the same version`,
    );
    expect(parseError(JSON.stringify({ ...minimalModel(), version: 1 })).detail).toMatch(/^is a version 1 model, but this lambdaform reads version 2 models/);
    expect(parseError(JSON.stringify({ ...minimalModel(), version: '1' })).detail).toBe("version must be a number, got '1'");
    expect(parseError(JSON.stringify({ stacks: [] })).detail).toBe('has no "version": it is not a lambdaform app model');
  });

  it('a document without a stacks array', () => {
    expect(parseError(JSON.stringify({ version: MODEL_VERSION })).detail).toBe('stacks is missing (it must be an array)');
    expect(parseError(JSON.stringify({ version: MODEL_VERSION, stacks: {} })).detail).toBe('stacks must be an array, got an object');
  });

  it('names the bad part of a stack, node, edge, output or asset', () => {
    // GIVEN a valid document broken in one place each time / THEN the message points there
    const broken = (change: (m: ReturnType<typeof minimalModel>) => void): string => {
      const m = minimalModel();
      change(m);
      return parseError(JSON.stringify(m)).message;
    };
    expect(broken((m) => (m.stacks[0]!.nodes[1]!.kind = 'lambda'))).toBe(
      "model.json: stacks[0].nodes[1].kind must be one of function, version, alias, layer, queue, topic, bucket, table, stream, api, schedule, role, raw, got 'lambda'",
    );
    expect(broken((m) => delete m.stacks[0]!.name)).toBe('model.json: stacks[0].name is missing (it must be a string)');
    expect(broken((m) => (m.stacks[0]!.edges = null as never))).toBe('model.json: stacks[0].edges must be an array, got null');
    expect(broken((m) => delete m.stacks[0]!.assets)).toBe('model.json: stacks[0].assets is missing (it must be an array)');
    expect(broken((m) => (m.stacks[0]!.nodes[0]!.props = []))).toBe('model.json: stacks[0].nodes[0].props must be an object, got an array');
    expect(broken((m) => (m.stacks[0]!.nodes[0]!.logicalId = 7))).toBe('model.json: stacks[0].nodes[0].logicalId must be a string, got 7');
    expect(broken((m) => delete m.stacks[0]!.nodes[0]!.origin)).toBe('model.json: stacks[0].nodes[0].origin must be an object, got nothing');
    expect(broken((m) => (m.stacks[0]!.nodes[0]!.dependsOn = [1]))).toBe('model.json: stacks[0].nodes[0].dependsOn[0] must be a string, got 1');
    expect(broken((m) => delete m.stacks[0]!.edges[0]!.from)).toBe('model.json: stacks[0].edges[0].from is missing (it must be a string)');
    expect(broken((m) => (m.stacks[0]!.edges[0]!.kind = 'link'))).toMatch(/^model\.json: stacks\[0\]\.edges\[0\]\.kind must be one of eventSourceMapping, destination, grant, .*, got 'link'$/);
    expect(broken((m) => (m.stacks[0]!.outputs = [{ logicalId: 'X', origin: { path: 'S/X' } }]))).toBe('model.json: stacks[0].outputs[0].value is missing');
    expect(broken((m) => (m.stacks[0]!.assets = [{ id: 'a', path: 3 }]))).toBe('model.json: stacks[0].assets[0].path must be a string, got 3');
    expect(broken((m) => (m.stacks[0]!.assets = [{ id: 'a', path: 'fn.zip', zipFile: 'yes' }]))).toBe("model.json: stacks[0].assets[0].zipFile must be a boolean, got 'yes'");
  });
});
