// `lambdaform invoke <function>`, as `sam local invoke` without Docker: the result on stdout, the
// logs on stderr, exit 1 on a function error, exit 2 on bad input. In-process (invokeCommand),
// with a few end-to-end runs of the CLI itself.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeCommand, type InvokeOptions } from '../../lib/cli/invoke.js';
import { captured, usageError } from '../helpers/cli.js';
import { ROOT } from '../helpers/examples.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-cli-invoke-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));




const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    CodeUri: src/
Resources:
  Failures:
    Type: AWS::SQS::Queue
  Echo:
    Type: AWS::Serverless::Function
    Properties:
      Handler: echo.handler
      AutoPublishAlias: live
      Environment:
        Variables:
          GREETING: hello
  Boom:
    Type: AWS::Serverless::Function
    Properties:
      Handler: boom.handler
  Flaky:
    Type: AWS::Serverless::Function
    Properties:
      Handler: flaky.handler
  Doomed:
    Type: AWS::Serverless::Function
    Properties:
      Handler: boom.handler
      EventInvokeConfig:
        MaximumRetryAttempts: 1
        DestinationConfig:
          OnFailure:
            Type: SQS
            Destination: !GetAtt Failures.Arn
`;

let dir: string;
const invoke = (name: string, opts: Partial<InvokeOptions> = {}, stdin = () => '') => captured(() => invokeCommand(name, { template: ['t.yaml'], ...opts }, dir, stdin));

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(TMP, 'app-'));
  const counter = path.join(dir, 'flaky-count');
  const files: Record<string, string> = {
    't.yaml': TEMPLATE,
    'src/echo.mjs': `export const handler = async (event, context) => {
  console.log('echoing', JSON.stringify(event));
  return { greeting: process.env.GREETING, version: process.env.AWS_LAMBDA_FUNCTION_VERSION, invokedFunctionArn: context.invokedFunctionArn, event };
};
`,
    'src/boom.mjs': "export const handler = async () => { throw new TypeError('bad input'); };\n",
    // Fails its first two tries (counted in a file, whatever environment runs it), succeeds on the third.
    'src/flaky.mjs': `import * as fs from 'node:fs';
export const handler = async () => {
  const n = (fs.existsSync(${JSON.stringify(counter)}) ? Number(fs.readFileSync(${JSON.stringify(counter)}, 'utf8')) : 0) + 1;
  fs.writeFileSync(${JSON.stringify(counter)}, String(n));
  if (n < 3) throw new Error('try ' + n + ' fails');
  return { tries: n };
};
`,
    'event.json': '{"id": 42, "kind": "file"}',
    'not-json.json': '{"id": 42,,}',
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
});

describe('lambdaform invoke', () => {
  it('prints the result on stdout and the logs (START, the handler output, END, REPORT) on stderr; exit 0', async () => {
    const r = await invoke('Echo', { event: 'event.json' });
    expect(r.error).toBeUndefined();
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ greeting: 'hello', version: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:t-Echo', event: { id: 42, kind: 'file' } });
    expect(r.stdout.endsWith('}\n')).toBe(true);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^START RequestId: ([0-9a-f-]{36}) Version: \$LATEST$/);
    const requestId = /RequestId: (\S+)/.exec(lines[0]!)![1]!;
    expect(lines[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${requestId}\\tINFO\\techoing {"id":42,"kind":"file"}$`));
    expect(lines[2]).toBe(`END RequestId: ${requestId}`);
    expect(lines[3]).toMatch(new RegExp(`^REPORT RequestId: ${requestId}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: [\\d.]+ ms$`));
    expect(lines).toHaveLength(4);
  });

  it('the event from stdin with --event -; {} without --event', async () => {
    const piped = await invoke('Echo', { event: '-' }, () => '{"from": "stdin"}');
    expect(piped.code).toBe(0);
    expect(JSON.parse(piped.stdout).event).toEqual({ from: 'stdin' });
    const none = await invoke('Echo', {}, () => {
      throw new Error('stdin must not be read without --event -');
    });
    expect(JSON.parse(none.stdout).event).toEqual({});
  });

  it('--qualifier live: through the alias, to the version it points at', async () => {
    const r = await invoke('Echo', { qualifier: 'live' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ version: '1', invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:t-Echo:live' });
    expect(r.stderr).toMatch(/^START RequestId: \S+ Version: 1$/m);
  });

  it('a failing handler: the error Lambda returns (errorType, errorMessage, trace) on stdout; exit 1', async () => {
    const r = await invoke('Boom');
    expect(r.error).toBeUndefined();
    expect(r.code).toBe(1);
    const error = JSON.parse(r.stdout) as { errorType: string; errorMessage: string; trace: string[] };
    expect(Object.keys(error)).toEqual(['errorType', 'errorMessage', 'trace']);
    expect(error.errorType).toBe('TypeError');
    expect(error.errorMessage).toBe('bad input');
    expect(error.trace[0]).toBe('TypeError: bad input');
    expect(error.trace[1]).toContain('boom.mjs:1:');
    expect(r.stderr).toMatch(/\tERROR\tInvoke Error \t\{"errorType":"TypeError","errorMessage":"bad input"/);
    expect(r.stderr).toMatch(/^END RequestId: /m);
  });

  it('--invocation-type Event: retries on the simulated clock (1 min, then 2 min), the disposition on stderr', async () => {
    const r = await invoke('Flaky', { invocationType: 'Event' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ StatusCode: 202 });
    expect(r.stderr.match(/^START /gm)).toHaveLength(3);
    expect(r.stderr).toContain('"errorMessage":"try 1 fails"');
    expect(r.stderr).toContain('"errorMessage":"try 2 fails"');
    // The third try, ~1 min after the first retry's 1 min (plus the handlers' own run times).
    const last = /^event processed after 3 tries, at simulated (\d+\.\d{3}) s$/m.exec(r.stderr);
    expect(last, r.stderr).not.toBeNull();
    expect(Number(last![1])).toBeGreaterThanOrEqual(180);
    expect(Number(last![1])).toBeLessThan(190);
  });

  it('--invocation-type Event: an event that fails every try goes to the failure destination; exit 1', async () => {
    const r = await invoke('Doomed', { invocationType: 'Event' });
    expect(r.code).toBe(1);
    expect(r.stderr.match(/^START /gm)).toHaveLength(2);
    expect(r.stderr).toMatch(/^event failureDestination to Failures after 2 tries, at simulated 6\d\.\d{3} s$/m);
  });

  it('an event that is not JSON: exit 2 naming the file (or stdin), before the app is loaded', async () => {
    expect(usageError(await invoke('Echo', { event: 'not-json.json' }))).toMatch(/^not-json\.json: the event is not JSON: [^\n]+$/);
    expect(usageError(await invoke('Echo', { event: '-' }, () => 'hello'))).toMatch(/^stdin: the event is not JSON: /);
    expect(usageError(await invoke('Echo', { event: 'missing.json' }))).toBe('missing.json: no such file');
    expect(usageError(await invoke('Echo', { event: 'src' }))).toBe('src: not a file; --event takes a JSON file, or - for stdin');
    expect(usageError(await invoke('Echo', { event: 'not-json.json', template: ['nowhere.yaml'] }))).toMatch(/^not-json\.json: /);
  });

  it('an unknown function or qualifier: exit 2 naming the ones there are', async () => {
    expect(usageError(await invoke('Nope'))).toBe("no function 'Nope' in the plan; there are: Echo, Boom, Flaky, Doomed");
    expect(usageError(await invoke('Echo', { qualifier: 'beta' }))).toBe("Echo: has no alias or version 'beta'; it has $LATEST, 1, live");
  });

  it('end to end: the CLI prints the error on stdout and exits 1; reads the event from its stdin', () => {
    const cli = (args: string[], input?: string) => spawnSync(process.execPath, [path.join(ROOT, 'bin', 'lambdaform.mjs'), ...args], { cwd: dir, encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
    const failed = cli(['invoke', 'Boom', '--template', 't.yaml']);
    expect(failed.status, failed.stderr).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input' });
    const piped = cli(['invoke', 'Echo', '--template', 't.yaml', '--event', '-'], '{"piped": true}');
    expect(piped.status, piped.stderr).toBe(0);
    expect(JSON.parse(piped.stdout).event).toEqual({ piped: true });
    const bad = cli(['invoke', 'Echo', '--template', 't.yaml', '--event', '-'], 'nope');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^lambdaform: stdin: the event is not JSON: [^\n]+\n$/);
    expect(bad.stdout).toBe('');
  });
});
