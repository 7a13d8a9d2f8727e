// Round trip through SAM: for every example and the kitchen sink, the SAM template lambdaform
// writes, read back and imported, gives the app's model (same ids, kinds, logical ids and props;
// origins aside), the same SAM template again, and the same CloudFormation template as the app.
//
// What does not come back, each normalized below on purpose and checked apart where it can be:
// - nothing of the code: a SAM template names code by its directory, and the importer lists and
//   hashes it as Code.fromAsset does, so asset ids, and the config hashes and logical ids of the
//   versions of asset-code functions, are the app's (checked exactly below);
// - grants: the roles are plain `AWS::IAM::Role`s in lambdaform's SAM output, imported by the
//   CloudFormation importer, which reads the merged statements back (compared as each role's actions);
// - tags of what a template cannot tag (versions, aliases, layers, rules, raw resources);
// - the config hash of versions that are plain `AWS::Lambda::Version`s (not SAM's AutoPublishAlias);
// - an override of a modelled property (the kitchen sink's Worker Description) comes back as the property.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderTemplate, templateFileName } from '../../../lib/cli/synth.js';
import { importTemplate, readTemplateFile } from '../../../lib/import/index.js';
import type { StackModel } from '../../../lib/model/types.js';
import { toCloudFormation } from '../../../lib/synth/cfn/index.js';
import { toSam } from '../../../lib/synth/sam/index.js';
import { toYaml } from '../../../lib/synth/template.js';
import { stackModel } from '../../../lib/testing/index.js';
import { stack as kitchenSink } from '../../fixtures/apps/kitchen-sink.js';
import { EXAMPLES, loadExample } from '../../helpers/examples.js';
import { parse } from './helpers.js';
import { newFunction, newStack } from '../../helpers/app.js';
import { AttributeType, Bucket, BucketEncryption, Queue, Table, TableClass, TableEncryption, Topic } from '../../../lib/all.js';
import { LambdaDestination } from '../../../lib/modules/aws-s3-notifications.js';

/** The app's SAM template, read back (as `<stack>.yaml` beside the working directory, as `toSam`'s CodeUris are relative to it) and imported. */
function viaSam(app: StackModel): StackModel {
  return importTemplate(parse(toYaml(toSam(app)), `${app.name}.yaml`));
}

const sortKeys = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(sortKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])])) : v;

/** A model for comparison (see the file comment for each step). */
function comparable(s: StackModel, samVersions: ReadonlySet<string>): { things: unknown[]; grants: Record<string, string[]>; assets: unknown[] } {
  const things = [...s.nodes, ...s.edges]
    .filter((x) => x.kind !== 'grant')
    .map((x) => {
      const { origin: _origin, ...rest } = x as typeof x & { origin: unknown };
      let out: Record<string, unknown> = { ...rest };
      if (x.kind === 'version') {
        const exact = samVersions.has(x.id);
        out = { ...out, props: { ...x.props, configHash: exact ? x.props.configHash : undefined }, logicalId: exact ? x.logicalId : x.logicalId.replace(/[0-9A-F]{10}$/, '<hash>') };
      }
      if (['version', 'alias', 'layer', 'schedule', 'raw'].includes(x.kind)) out.tags = {};
      return sortKeys(out);
    })
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const grants: Record<string, string[]> = {};
  for (const e of s.edges) if (e.kind === 'grant') grants[e.from] = [...new Set([...(grants[e.from] ?? []), ...(e.props.actions ?? [])])].sort();
  // The app's own exclude patterns are not in a SAM template (CodeUri names the directory only),
  // nor the source a bundle was made from (NodejsFunction).
  return { things, grants, assets: s.assets.map(({ exclude: _e, include: _i, bundledFrom: _b, ...a }) => a).sort((a, b) => a.path.localeCompare(b.path)) };
}

/** The SAM-generated versions of a model: those the SAM backend writes as AutoPublishAlias. */
function autoPublished(app: StackModel): Set<string> {
  const sam = toSam(app);
  const fns = Object.entries(sam.Resources).filter(([, r]) => r.Type === 'AWS::Serverless::Function' && (r.Properties as { AutoPublishAlias?: string }).AutoPublishAlias);
  return new Set(fns.map(([id]) => app.nodes.find((n) => n.kind === 'function' && n.logicalId === id)!.id).map((fnId) => `${fnId}/CurrentVersion`));
}

function expectSameModel(app: StackModel): void {
  const imported = viaSam(app);
  const generated = autoPublished(app);
  const a = comparable(app, generated);
  const b = comparable(imported, generated);
  expect(b.assets).toEqual(a.assets);
  expect(b.grants).toEqual(a.grants);
  const fold = (things: unknown[]) => JSON.stringify(things).replace('"description":"overridden",', '').replace('"overrides":[{"path":"Description","value":"overridden"}]', '"overrides":[]');
  expect(JSON.parse(fold(b.things))).toEqual(JSON.parse(fold(a.things)));
}

const apps: Array<[string, () => Promise<readonly StackModel[]>]> = [
  ...EXAMPLES.map((name): [string, () => Promise<readonly StackModel[]>] => [`example ${name}`, async () => (await loadExample(name)).synth().stacks]),
  ['the kitchen sink', async () => [stackModel(kitchenSink)]],
];

describe.each(apps)('%s: SAM -> import', (_name, stacks) => {
  it('gives the app model (ids, kinds, logical ids, props, tags, overrides; origins aside)', async () => {
    for (const s of await stacks()) expectSameModel(s);
  });

  it('gives the same SAM template again', async () => {
    for (const s of await stacks()) {
      const before = JSON.parse(JSON.stringify(toSam(s)));
      expect(JSON.parse(JSON.stringify(toSam(viaSam(s))))).toEqual(before);
    }
  });

  it("gives the app's CloudFormation template", async () => {
    for (const s of await stacks()) expect(JSON.parse(JSON.stringify(toCloudFormation(viaSam(s))))).toEqual(JSON.parse(JSON.stringify(toCloudFormation(s))));
  });
});

describe('what differs, exactly', () => {
  it("asset code: the asset is the app's (the same directory, hashed and listed as Code.fromAsset does), and so is the version SAM publishes for it", async () => {
    const [app] = (await loadExample('thumbnail')).synth().stacks;
    const imported = viaSam(app!);
    // (the app's own exclude patterns, `node_modules/.cache` here, are not in a SAM template)
    const withoutPatterns = (m: StackModel) => m.assets.map(({ exclude: _e, include: _i, ...a }) => a);
    expect(withoutPatterns(imported)).toEqual(withoutPatterns(app!));
    const version = (m: StackModel) => m.nodes.find((n) => n.id === 'Thumbnail/MakeThumbnail/CurrentVersion')!;
    expect(version(imported).logicalId).toBe(version(app!).logicalId);
    expect(version(imported).props).toEqual(version(app!).props);
  });

  it('a version SAM publishes for inline code keeps its config hash and logical id exactly', () => {
    const app = stackModel(kitchenSink);
    const imported = viaSam(app);
    const id = 'KitchenSink/Deployed/CurrentVersion';
    const [a, b] = [app, imported].map((s) => s.nodes.find((n) => n.id === id)!);
    expect(b!.logicalId).toBe(a!.logicalId);
    expect(b!.props).toEqual(a!.props);
  });

  it('event edges keep the ids of the constructs they came from, and point at the event in the template', () => {
    const app = stackModel(kitchenSink);
    const text = toYaml(toSam(app));
    const imported = importTemplate(parse(text, 'KitchenSink.yaml'));
    const mapping = imported.edges.find((e) => e.id === 'KitchenSink/Worker/SqsEventSourceJobs')!;
    expect(mapping.origin.source).toEqual({ file: 'KitchenSink.yaml', line: text.split('\n').findIndex((l) => l.trim() === 'SqsEventSourceJobs:') + 1, column: 9 });
    const rule = imported.nodes.find((n) => n.id === 'KitchenSink/Deployed/Aliaslive/Weekdays')!;
    expect(rule.origin.source?.line).toBe(text.split('\n').findIndex((l) => l.trim() === 'AliasliveWeekdays:') + 1);
  });
});

describe("synth's layout: a SAM template in an out directory, its CodeUris relative to it", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-sam-import-'));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it.each(EXAMPLES)('example %s: the code directories are the app\'s assets (same paths from the working directory, same sizes)', async (name) => {
    for (const s of (await loadExample(name)).synth().stacks) {
      const file = path.join(out, templateFileName(s, 'sam', false));
      fs.writeFileSync(file, toYaml(renderTemplate(s, 'sam', process.cwd(), out)));
      const imported = importTemplate(readTemplateFile(file));
      expect(imported.assets.map((a) => [a.path, a.unzippedBytes]).sort()).toEqual(s.assets.map((a) => [a.path, a.unzippedBytes]).sort());
      const codeOf = (m: StackModel) => m.nodes.flatMap((n) => (n.kind === 'function' || n.kind === 'layer') && n.props.code.kind === 'asset' ? [[n.id, m.assets.find((a) => a.id === (n.props.code as { assetId: string }).assetId)!.path]] : []);
      expect(codeOf(imported)).toEqual(codeOf(s));
    }
  });
});

describe('the data resources\' props round-trip through SAM', () => {
  it('gives the same SAM template, the policies taken in by their nodes', () => {
    const stack = newStack();
    new Table(stack, 'T', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'ttl',
      deletionProtection: false,
      tableClass: TableClass.STANDARD,
    });
    const bucket = new Bucket(stack, 'B', { encryption: BucketEncryption.DSSE_MANAGED, enforceSSL: true, eventBridgeEnabled: true });
    bucket.addObjectCreatedNotification(new LambdaDestination(newFunction(stack, 'Fn')));
    new Topic(stack, 'Tp', { enforceSSL: true });
    new Queue(stack, 'Q', { enforceSSL: true, maxMessageSizeBytes: 4096 });
    const app = stackModel(stack);
    const imported = viaSam(app);
    expect(imported.nodes.filter((n) => n.kind === 'raw')).toEqual([]);
    expect(JSON.parse(JSON.stringify(toSam(imported)))).toEqual(JSON.parse(JSON.stringify(toSam(app))));
  });
});
