/**
 * Synthesis benchmark: builds an app of N functions (each with an alias, a queue mapping and an
 * API route; 50 functions a stack, as a template holds at most 500 resources), then times model building, CloudFormation and SAM rendering, and reports the
 * process's peak memory. Run with `npm run bench [-- N]`.
 */
import { App, Code, Duration, Function, HttpApi, HttpLambdaIntegration, Queue, Runtime, SqsEventSource, Stack } from '../lib/all.js';
import { HttpMethod } from '../lib/modules/aws-apigatewayv2.js';
import { toCloudFormation } from '../lib/synth/cfn/index.js';
import { toSam } from '../lib/synth/sam/index.js';
import { toYaml } from '../lib/synth/template.js';
import { time } from './common.js';

const n = Number(process.argv[2] ?? 500);

/** Functions per stack: each brings 9 resources (queue, function, role, version, alias, mapping, integration, route, permission), and a template holds at most 500. */
const PER_STACK = 50;

const [app, build] = time(() => {
  const a = new App({ now: new Date('2026-11-22T00:00:00Z') });
  for (let s = 0; s * PER_STACK < n; s++) {
    const stack = new Stack(a, `Bench${s}`);
    const api = new HttpApi(stack, 'Api');
    for (let i = s * PER_STACK; i < Math.min(n, (s + 1) * PER_STACK); i++) {
      const q = new Queue(stack, `Q${i}`, { visibilityTimeout: Duration.seconds(60) });
      const f = new Function(stack, `F${i}`, { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => 1;'), timeout: Duration.seconds(10) });
      const live = f.addAlias('live');
      live.addEventSource(new SqsEventSource(q));
      api.addRoutes({ path: `/f${i}`, methods: [HttpMethod.GET], integration: new HttpLambdaIntegration(`F${i}`, live) });
    }
  }
  return a;
});
const [model, synth] = time(() => app.synth());
const [cfn, cfnMs] = time(() => model.stacks.map((s) => toCloudFormation(s)));
const [sam, samMs] = time(() => model.stacks.map((s) => toSam(s)));
const [, yamlMs] = time(() => [...cfn, ...sam].map((t) => toYaml(t)));
const resources = cfn.reduce((sum, t) => sum + Object.keys(t.Resources).length, 0);

console.log(`functions: ${n} in ${model.stacks.length} stacks (${resources} CloudFormation resources)`);
console.log(`constructs: ${build.toFixed(0)} ms | model: ${synth.toFixed(0)} ms | cfn: ${cfnMs.toFixed(0)} ms | sam: ${samMs.toFixed(0)} ms | yaml (both): ${yamlMs.toFixed(0)} ms`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
