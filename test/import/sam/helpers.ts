// Shared by the SAM import tests: reading a template text, importing it, and finding what came of it.
import { expect } from 'vitest';
import { ImportContext, type ImportOptions } from '../../../lib/import/context.js';
import { importTemplate } from '../../../lib/import/index.js';
import { parseTemplate, type TemplateDocument } from '../../../lib/import/read.js';
import { importSam, type SamUnmodelled } from '../../../lib/import/sam/index.js';
import type { EdgeKind, EdgeOfKind, ModelEdge, ModelNode, NodeKind, NodeOfKind, StackModel } from '../../../lib/model/types.js';

/** A SAM function's lines in a template (inline code), with more properties. */
export const samFunction = (name: string, ...props: string[]): string[] => [
  `  ${name}:`,
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Handler: index.handler',
  '      Runtime: nodejs22.x',
  '      InlineCode: exports.handler = async () => 1;',
  ...props.map((p) => `      ${p}`),
];

/** The event sources the event tests read from: queues, a stream, a table with a stream, a topic, a bucket. */
export const EVENT_SOURCES = [
  '  Jobs: { Type: AWS::SQS::Queue, Properties: { VisibilityTimeout: 60 } }',
  '  Failures: { Type: AWS::SQS::Queue }',
  '  Clicks: { Type: AWS::Kinesis::Stream, Properties: { ShardCount: 1 } }',
  '  Carts:',
  '    Type: AWS::DynamoDB::Table',
  '    Properties:',
  '      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]',
  '      KeySchema: [{ AttributeName: id, KeyType: HASH }]',
  '      BillingMode: PAY_PER_REQUEST',
  '      StreamSpecification: { StreamViewType: NEW_IMAGE }',
  '  Topic: { Type: AWS::SNS::Topic }',
  '  Uploads: { Type: AWS::S3::Bucket }',
];

/** Lines of a template, joined. */
export const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

/** Parses a template with `parseTemplate`. */
export function parse(text: string, file = 'template.yaml'): TemplateDocument {
  return parseTemplate(text, file);
}

/** A template text imported: the stack, and what the SAM import kept without modelling. */
export function load(text: string, file = 'template.yaml', options: ImportOptions = {}): { stack: StackModel; unmodelled: SamUnmodelled[]; doc: TemplateDocument } {
  const doc = parse(text, file);
  const stack = importTemplate(doc, options);
  // importTemplate does not return the SAM import's list (yet): import the SAM resources once more, alone.
  const ctx = new ImportContext(doc, options);
  const unmodelled = importSam(ctx, Object.keys(ctx.resources).filter((id) => ctx.exists(id)));
  return { stack, unmodelled, doc };
}

/** The node of an id, which must be of `kind`. */
export function node<K extends NodeKind>(stack: StackModel, id: string, kind: K): NodeOfKind<K> {
  const n = stack.nodes.find((x) => x.id === id);
  expect(n, `node ${id} (have ${stack.nodes.map((x) => x.id).join(', ')})`).toBeDefined();
  expect(n!.kind).toBe(kind);
  return n as NodeOfKind<K>;
}

/** The edge of an id, which must be of `kind`. */
export function edge<K extends EdgeKind>(stack: StackModel, id: string, kind: K): EdgeOfKind<K> {
  const e = stack.edges.find((x) => x.id === id);
  expect(e, `edge ${id} (have ${stack.edges.map((x) => x.id).join(', ')})`).toBeDefined();
  expect(e!.kind).toBe(kind);
  return e as EdgeOfKind<K>;
}

/** The edges of a kind. */
export function edges<K extends EdgeKind>(stack: StackModel, kind: K): EdgeOfKind<K>[] {
  return stack.edges.filter((e): e is EdgeOfKind<K> & ModelEdge => e.kind === kind) as EdgeOfKind<K>[];
}

/** The nodes of a kind. */
export function nodes<K extends NodeKind>(stack: StackModel, kind: K): NodeOfKind<K>[] {
  return stack.nodes.filter((n): n is NodeOfKind<K> & ModelNode => n.kind === kind) as NodeOfKind<K>[];
}

/** The line a text is written on in a template (the first line containing it). */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  expect(i, `'${needle}' in the template`).toBeGreaterThanOrEqual(0);
  return i + 1;
}

/** `arn:${AWS::Partition}:iam::aws:policy/<name>` as the model holds it. */
export const managed = (name: string) => ({ $join: ['arn:', { $pseudo: 'AWS::Partition' }, `:iam::aws:policy/${name}`] });
