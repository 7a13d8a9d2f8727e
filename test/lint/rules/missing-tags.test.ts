import { describe, expect, it } from 'vitest';
import { AttributeType, Bucket, CfnResource, HttpApi, Queue, Stream, Table, Tags, Topic, type Stack } from '../../../lib/all.js';
import { missingTags } from '../../../lib/lint/rules/missing-tags.js';
import { newFunction } from '../../helpers/app.js';
import { findingsOf, ruleTester } from '../../helpers/rule-tester.js';

const REQUIRED = ['warning', { required: ['team', 'cost-center'] }] as const;
/** One resource of each taggable kind: a function (and its role), a queue, a topic, a bucket, a table, a stream, an API. */
const everything = (stack: Stack) => {
  newFunction(stack, 'Fn');
  new Queue(stack, 'Q');
  new Topic(stack, 'T');
  new Bucket(stack, 'B');
  new Table(stack, 'Tbl', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  new Stream(stack, 'S');
  new HttpApi(stack, 'Api');
};
const tagged = (tags: Record<string, string>) => (stack: Stack) => {
  everything(stack);
  for (const [k, v] of Object.entries(tags)) Tags.of(stack).add(k, v);
};

ruleTester(missingTags, {
  valid: [
    { name: 'no required tags (the default): nothing is reported', build: everything },
    { name: 'an empty list of required tags', build: everything, setting: ['warning', { required: [] }] },
    { name: 'the stack tags every resource', build: tagged({ team: 'payments', 'cost-center': '42' }), setting: REQUIRED },
    {
      name: "tags on the constructs themselves (a function's tags reach its role), and on the stack",
      build: (s) => {
        Tags.of(s).add('team', 'payments');
        newFunction(s, 'Fn', { tags: { 'cost-center': '42' } });
        Tags.of(new Queue(s, 'Q')).add('cost-center', '42');
      },
      setting: REQUIRED,
    },
    { name: 'an empty tag value still carries the key', build: tagged({ team: '', 'cost-center': '' }), setting: REQUIRED },
    { name: 'resources that are not taggable kinds (raw resources, versions, aliases)', build: (s) => { Tags.of(s).add('team', 'x'); new CfnResource(s, 'Param', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: 'x' } }); newFunction(s, 'Fn').addAlias('live'); }, setting: ['warning', { required: ['team'] }] },
  ],
  invalid: [
    {
      name: 'every taggable kind without the tags, in path order',
      build: everything,
      setting: REQUIRED,
      findings: [
        { path: 'Test/Api', message: /^Test\/Api \(api\) is missing the required tags 'team', 'cost-center'$/ },
        { path: 'Test/B', message: /^Test\/B \(bucket\) is missing the required tags 'team', 'cost-center'$/ },
        { path: 'Test/Fn', message: /^Test\/Fn \(function\) is missing/ },
        { path: 'Test/Fn/ServiceRole', message: /^Test\/Fn\/ServiceRole \(role\) is missing/ },
        { path: 'Test/Q', message: /^Test\/Q \(queue\) is missing/ },
        { path: 'Test/S', message: /^Test\/S \(stream\) is missing/ },
        { path: 'Test/T', message: /^Test\/T \(topic\) is missing/ },
        { path: 'Test/Tbl', message: /^Test\/Tbl \(table\) is missing/ },
      ],
    },
    {
      name: 'one of two tags on the stack: the other is named',
      build: (s) => { Tags.of(s).add('team', 'payments'); new Queue(s, 'Q'); },
      setting: REQUIRED,
      findings: [{ path: 'Test/Q', message: /^Test\/Q \(queue\) is missing the required tag 'cost-center'$/ }],
    },
    {
      name: 'tag keys are case-sensitive, as in AWS',
      build: (s) => { Tags.of(s).add('Team', 'payments'); new Queue(s, 'Q'); },
      setting: ['warning', { required: ['team'] }],
      findings: [{ path: 'Test/Q', message: /is missing the required tag 'team'$/ }],
    },
    {
      name: 'only the resource without its own tag',
      build: (s) => { new Queue(s, 'Tagged'); Tags.of(s.node.findChild('Tagged')).add('team', 'x'); new Queue(s, 'Untagged'); },
      setting: ['warning', { required: ['team'] }],
      findings: [{ path: 'Test/Untagged', message: /is missing the required tag 'team'/ }],
    },
    {
      name: 'a required key listed twice is asked once',
      build: (s) => void new Topic(s, 'T'),
      setting: ['warning', { required: ['team', 'team'] }],
      findings: [{ path: 'Test/T', message: /is missing the required tag 'team'$/ }],
    },
    {
      name: 'an imported model whose tags lack a key',
      build: (s) => void new Bucket(s, 'B'),
      edit: (m) => ({ ...m, nodes: m.nodes.map((n) => (n.id === 'Test/B' ? { ...n, tags: { team: 'x' } } : n)) }),
      setting: REQUIRED,
      findings: [{ path: 'Test/B', message: /is missing the required tag 'cost-center'$/ }],
    },
    { name: 'a severity from the configuration', build: (s) => void new Queue(s, 'Q'), setting: ['error', { required: ['team'] }], findings: [{ path: 'Test/Q', severity: 'error', message: /'team'/ }] },
  ],
});

describe('missing-tags: options', () => {
  it.each([['team'], [[1]], [['team', '']], [null], [{ team: true }]])('refuses required %j', (required) => {
    expect(() => findingsOf(missingTags, everything, ['warning', { required }])).toThrow(/option required must be an array of tag keys \(non-empty strings\), got/);
  });
  it('refuses with the invalid-config code', () => {
    expect(() => findingsOf(missingTags, everything, ['warning', { required: 'team' }])).toThrow(expect.objectContaining({ code: 'invalid-config' }));
  });
  it('is not in the recommended preset', () => {
    expect(missingTags.meta.recommended).toBe(false);
  });
});
