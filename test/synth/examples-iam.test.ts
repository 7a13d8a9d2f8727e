// Least privilege in the shipped examples: each function's role allows exactly the AWS calls its
// handler makes (read from the code deployed: every `new XCommand(...)` of the AWS SDK in the
// handler's file, or in the esbuild bundle of a NodejsFunction) plus what Lambda itself needs for
// the function's event sources and destinations — nothing more.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FunctionNode, StackModel } from '../../lib/all.js';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import type { Template } from '../../lib/synth/template.js';
import { EXAMPLES, loadExample, ROOT } from '../helpers/examples.js';

/** The IAM action each AWS SDK v3 command the examples use needs. */
const COMMAND_ACTIONS: Record<string, string> = {
  GetObjectCommand: 's3:GetObject',
  PutObjectCommand: 's3:PutObject',
  PutCommand: 'dynamodb:PutItem',
  GetCommand: 'dynamodb:GetItem',
  ScanCommand: 'dynamodb:Scan',
  BatchWriteCommand: 'dynamodb:BatchWriteItem',
  SendMessageCommand: 'sqs:SendMessage',
};

/** What Lambda needs for a function's sources and destinations (not called by the handler): by example and function. */
const PLATFORM_ACTIONS: Record<string, Record<string, string[]>> = {
  'sqs-worker': { Worker: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'] },
  'http-api': { ListItems: [], GetItem: [], CreateItem: [] },
  thumbnail: { MakeThumbnail: ['sqs:SendMessage'] }, // async onFailure queue
  cron: { PruneSessions: ['sqs:SendMessage'] }, // async onFailure queue
};

/**
 * The actions a handler calls: each `new XCommand(` in the file Lambda loads, through the table
 * above. For a NodejsFunction that file is its bundle, where esbuild writes a command imported
 * from the AWS SDK (left out of the bundle) as a member of the module: `new import_lib_dynamodb.ScanCommand(`.
 */
function handlerActions(stack: StackModel, fn: FunctionNode): string[] {
  if (fn.props.code.kind !== 'asset') throw new Error(`${fn.id}: expected asset code`);
  const assetId = fn.props.code.assetId;
  const asset = stack.assets.find((a) => a.id === assetId)!;
  const file = fn.props.handler.split('.')[0]!;
  const dir = path.resolve(ROOT, asset.path);
  const source = ['.mjs', '.js', '.cjs'].map((ext) => path.join(dir, `${file}${ext}`)).find((f) => fs.existsSync(f));
  if (!source) throw new Error(`${fn.id}: no handler file ${file}.{mjs,js,cjs} in ${dir}`);
  const text = fs.readFileSync(source, 'utf8');
  return [...text.matchAll(/new (?:[\w$]+\.)?(\w+Command)\(/g)].map((m) => {
    const action = COMMAND_ACTIONS[m[1]!];
    if (!action) throw new Error(`${source}: add ${m[1]} to COMMAND_ACTIONS`);
    return action;
  });
}

/** Every action the role of a function allows, from its inline policy and any AWS::IAM::Policy attached to it. */
function roleActions(template: Template, functionLogicalId: string): string[] {
  const role = (template.Resources[functionLogicalId]!.Properties!.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const statements: Array<{ Effect: string; Action: string | string[] }> = [];
  const inline = (template.Resources[role]!.Properties!.Policies ?? []) as Array<{ PolicyDocument: { Statement: typeof statements } }>;
  statements.push(...inline.flatMap((p) => p.PolicyDocument.Statement));
  for (const r of Object.values(template.Resources)) {
    const p = r.Properties as { Roles?: Array<{ Ref: string }>; PolicyDocument?: { Statement: typeof statements } } | undefined;
    if (r.Type === 'AWS::IAM::Policy' && p?.Roles?.some((x) => x.Ref === role)) statements.push(...p.PolicyDocument!.Statement);
  }
  expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
  return [...new Set(statements.flatMap((s) => [s.Action].flat()))].sort();
}

describe.each(EXAMPLES)('examples/%s', (name) => {
  it("gives each function's role exactly the actions its handler calls and its sources and destinations need", async () => {
    // GIVEN the example's model and CloudFormation template
    const app = await loadExample(name);
    const [stack] = app.synth().stacks;
    const template = toCloudFormation(stack!);
    const functions = stack!.nodes.filter((n): n is FunctionNode => n.kind === 'function');
    expect(Object.keys(PLATFORM_ACTIONS[name] ?? {}).sort()).toEqual(functions.map((f) => f.logicalId).sort());
    for (const fn of functions) {
      // WHEN the role's actions are listed
      const actions = roleActions(template, fn.logicalId);
      // THEN they are the handler's calls plus what Lambda needs, and nothing else
      const expected = [...new Set([...handlerActions(stack!, fn), ...PLATFORM_ACTIONS[name]![fn.logicalId]!])].sort();
      expect({ fn: fn.logicalId, actions }).toEqual({ fn: fn.logicalId, actions: expected });
    }
  });
});
