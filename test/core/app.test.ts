// Nothing is silently lost: every App of a program is synthesized, constructs added after an
// explicit app.synth() are in the model, and warnings (a deprecated runtime) reach the user.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { App, Code, Function, MODEL_FILE, Queue, Runtime, Stack, type AppModel } from '../../lib/all.js';
import { printWarnings } from '../../lib/cli/warnings.js';
import { runCli } from '../helpers/cli.js';
import { TODAY } from '../helpers/app.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-app-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

describe('App', () => {
  it('includes constructs added after synth() when synthesized again', () => {
    const app = new App({ now: TODAY });
    const stack = new Stack(app, 'S');
    new Queue(stack, 'Early');
    const first = app.synth();
    new Queue(stack, 'Late');
    const second = app.synth();
    expect(first.stacks[0]!.nodes.map((n) => n.id)).toEqual(['S/Early']);
    expect(second.stacks[0]!.nodes.map((n) => n.id)).toEqual(['S/Early', 'S/Late']);
  });

  it('includes changes to existing constructs made after synth(), and returns the same model when nothing changed', () => {
    const app = new App({ now: TODAY });
    const stack = new Stack(app, 'S');
    const fn = new Function(stack, 'Fn', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => 1;') });
    const q = new Queue(stack, 'Q');
    const first = app.synth();
    expect(app.synth()).toBe(first);
    fn.addEnvironment('LATE', 'yes');
    q.grantSendMessages(fn);
    const second = app.synth();
    const node = second.stacks[0]!.nodes.find((n) => n.id === 'S/Fn')!;
    expect((node.props as { environment: Record<string, string> }).environment).toEqual({ LATE: 'yes' });
    expect(second.stacks[0]!.edges.filter((e) => e.kind === 'grant').map((e) => e.props.reason)).toEqual(['grantSendMessages']);
  });

  it('an App with its own out directory writes only its own stacks', () => {
    const outdir = fs.mkdtempSync(path.join(TMP, 'own-'));
    const a = new App({ now: TODAY, outdir, autoSynth: false });
    new Queue(new Stack(a, 'Same'), 'Q');
    a.synth();
    const b = new App({ now: TODAY, outdir, autoSynth: false });
    new Queue(new Stack(b, 'Same'), 'Q');
    b.synth();
    const model = JSON.parse(fs.readFileSync(path.join(outdir, MODEL_FILE), 'utf8')) as AppModel;
    expect(model.stacks.map((s) => s.path)).toEqual(['Same']);
  });

  it('warns about a deprecated runtime, naming the date and the successor', () => {
    const stack = new Stack(new App({ now: TODAY }), 'S');
    new Function(stack, 'Legacy', { runtime: Runtime.NODEJS_20_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => 1;') });
    const [model] = App.of(stack).synth().stacks;
    expect(model!.warnings).toEqual([
      {
        code: 'deprecated-runtime',
        path: 'S/Legacy',
        message: expect.stringMatching(/^runtime nodejs20\.x is deprecated since 2026-04-30 .*; use nodejs24\.x$/),
      },
    ]);
    const lines: string[] = [];
    printWarnings([model!], (l) => lines.push(l));
    expect(lines).toEqual([`lambdaform: warning: S/Legacy: ${model!.warnings![0]!.message}\n`]);
  });

  it('gives no warning for a supported runtime', () => {
    const stack = new Stack(new App({ now: TODAY }), 'S');
    new Function(stack, 'Fn', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => 1;') });
    expect(App.of(stack).synth().stacks[0]!.warnings).toBeUndefined();
  });
});

describe('lambdaform synth with two Apps and a late construct', () => {
  it('synthesizes every stack of both Apps, with the construct added after synth(), and says the deprecation once (the linter says it)', () => {
    const out = path.join(TMP, 'cli');
    const r = runCli(['synth', '--app', 'test/fixtures/cli/two-apps.ts', '--format', 'cfn', '--out', out]);
    expect(r.stderr).toMatch(/Two\/Legacy uses runtime nodejs20\.x, deprecated since 2026-04-30.*\[deprecated-runtime\]/);
    expect(r.stderr).not.toContain('lambdaform: warning: Two/Legacy: runtime nodejs20.x is deprecated since 2026-04-30');
    expect(r.status).toBe(0);
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.yaml')).sort()).toEqual(['One.template.yaml', 'Two.template.yaml']);
    const one = fs.readFileSync(path.join(out, 'One.template.yaml'), 'utf8');
    expect(one).toMatch(/^  Early:$/m);
    expect(one).toMatch(/^  Late:$/m);
  });

  it('refuses two Apps whose stacks share a name', () => {
    const r = runCli(['synth', '--app', 'test/fixtures/cli/two-apps-clash.ts', '--out', path.join(TMP, 'clash')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^lambdaform: Same: stack name 'Same' is already used by Same of another App in this program/m);
  });
});

describe("App: aws-cdk-lib's AppProps", () => {
  it('postCliContext takes precedence over the CLI context and over context, as in aws-cdk-lib', () => {
    const saved = process.env.CDK_CONTEXT_JSON;
    process.env.CDK_CONTEXT_JSON = JSON.stringify({ fromCli: 'cli', both: 'cli' });
    try {
      const app = new App({ now: TODAY, context: { own: 'context', both: 'context' }, postCliContext: { both: 'post', '@aws-cdk/aws-lambda:useCdkManagedLogGroup': false } });
      expect(app.node.tryGetContext('both')).toBe('post');
      expect(app.node.tryGetContext('fromCli')).toBe('cli');
      expect(app.node.tryGetContext('own')).toBe('context');
      expect(app.node.tryGetContext('@aws-cdk/aws-lambda:useCdkManagedLogGroup')).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.CDK_CONTEXT_JSON;
      else process.env.CDK_CONTEXT_JSON = saved;
    }
  });

  it('accepts the cloud assembly switches (analyticsReporting, stackTraces, treeMetadata) and refuses a synthesizer by name', () => {
    expect(() => new App({ now: TODAY, analyticsReporting: false, stackTraces: false, treeMetadata: false })).not.toThrow();
    expect(() => new App({ now: TODAY, defaultStackSynthesizer: {} } as unknown as ConstructorParameters<typeof App>[0])).toThrow(
      /^App: defaultStackSynthesizer \(aws-cdk-lib's AppProps\.defaultStackSynthesizer\) is not supported by lambdaform: lambdaform writes its own templates/,
    );
    expect(() => new App({ now: TODAY, postCliContext: 'x' } as unknown as ConstructorParameters<typeof App>[0])).toThrow(/postCliContext/);
  });
});
