// A handler's console lines as Lambda's Node.js runtime writes them (its LogPatch): text, or JSON
// with the level and request id, filtered by AWS_LAMBDA_LOG_LEVEL; in worker threads and in-process.
import { describe, expect, it } from 'vitest';
import { logEnabled, logLine } from '../../../lib/local/worker/log-lines.js';
import { fn, startRuntime, testPlan } from '../helpers.js';

const T = '2026-01-01T00:00:00.000Z';
const JSON_ENV = { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: 'INFO' };

describe('logLine', () => {
  it('text: time, request id, level and the message formatted as util.format does', () => {
    expect(logLine({}, T, 'r-1', 'INFO', ['n=%d', 3, { a: 1 }])).toBe(`${T}\tr-1\tINFO\tn=3 { a: 1 }`);
    expect(logLine({}, T, undefined, 'WARN', ['at init'])).toBe(`${T}\tundefined\tWARN\tat init`);
  });

  it('JSON: one argument is the message as it is; several are formatted into one string', () => {
    expect(JSON.parse(logLine(JSON_ENV, T, 'r-1', 'INFO', ['hello']))).toEqual({ timestamp: T, level: 'INFO', requestId: 'r-1', message: 'hello' });
    expect(logLine(JSON_ENV, T, 'r-1', 'INFO', [{ order: 7, ok: true }])).toBe(`{"timestamp":"${T}","level":"INFO","requestId":"r-1","message":{"order":7,"ok":true}}`);
    expect(JSON.parse(logLine(JSON_ENV, T, 'r-1', 'WARN', ['order %s', 'x7', 2]))).toEqual({ timestamp: T, level: 'WARN', requestId: 'r-1', message: 'order x7 2' });
    // No request id at INIT: the key is left out, as JSON.stringify leaves out undefined.
    expect(JSON.parse(logLine(JSON_ENV, T, undefined, 'INFO', ['init']))).toEqual({ timestamp: T, level: 'INFO', message: 'init' });
  });

  it('JSON: an Error gives errorType, errorMessage and stackTrace (alone, as the message; among others, beside it)', () => {
    const e = new TypeError('bad input');
    const alone = JSON.parse(logLine(JSON_ENV, T, 'r-1', 'ERROR', [e])) as { message: Record<string, unknown> };
    expect(alone.message).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input' });
    expect((alone.message.stackTrace as string[])[0]).toBe('TypeError: bad input');
    const among = JSON.parse(logLine(JSON_ENV, T, 'r-1', 'ERROR', ['failed:', e])) as Record<string, unknown>;
    expect(among).toMatchObject({ level: 'ERROR', errorType: 'TypeError', errorMessage: 'bad input' });
    expect(String(among.message)).toMatch(/^failed: TypeError: bad input/);
  });

  it('JSON: a value JSON.stringify cannot write is formatted instead', () => {
    const cyclic: Record<string, unknown> = { name: 'c' };
    cyclic.self = cyclic;
    expect(JSON.parse(logLine(JSON_ENV, T, 'r-1', 'INFO', [cyclic])).message).toBe("<ref *1> { name: 'c', self: [Circular *1] }");
  });

  it('no arguments (console.log()): the message is undefined, as the runtime passes console.log its first parameter', () => {
    expect(logLine({}, T, 'r-1', 'INFO', [])).toBe(`${T}\tr-1\tINFO\tundefined`);
    expect(JSON.parse(logLine(JSON_ENV, T, 'r-1', 'INFO', []))).toEqual({ timestamp: T, level: 'INFO', requestId: 'r-1' });
  });

  it('levels: AWS_LAMBDA_LOG_LEVEL is the lowest written (FATAL always); none set, every level', () => {
    const warn = { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: 'WARN' };
    expect(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].filter((l) => logEnabled(warn, l))).toEqual(['WARN', 'ERROR', 'FATAL']);
    expect(['TRACE', 'DEBUG', 'INFO'].every((l) => logEnabled({}, l))).toBe(true);
  });
});

const LOGS = [
  'export const handler = async () => {',
  '  console.debug("debug line");',
  '  console.log("info line", 1);',
  '  console.warn({ warned: true });',
  '  console.error(new RangeError("out of range"));',
  '  return "ok";',
  '};',
].join('\n');

for (const handlers of ['worker-threads', 'in-process'] as const) {
  describe(`JSON logs of a function (${handlers})`, () => {
    it('writes the console lines as JSON with the request id, at the application level and above; START, END and REPORT stay', async () => {
      const rt = await startRuntime(testPlan({ functions: [fn('Json', LOGS, { jsonLogs: { applicationLogLevel: 'WARN', systemLogLevel: 'INFO' } }), fn('Text', LOGS)] }), { handlers });
      const json = await rt.invoke({ function: 'Test/Json' }, '{}', 'RequestResponse', rt.ledger.create(0, 'Test/Json'));
      await rt.invoke({ function: 'Test/Text' }, '{}', 'RequestResponse', rt.ledger.create(0, 'Test/Text'));
      const lines = rt.functions.logs('Test/Json');
      expect(lines[0]).toMatch(/^START RequestId: /);
      const app = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(app.map((l) => l.level)).toEqual(['WARN', 'ERROR']);
      expect(app[0]).toEqual({ timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), level: 'WARN', requestId: json!.requestId, message: { warned: true } });
      expect(app[1]!.message).toMatchObject({ errorType: 'RangeError', errorMessage: 'out of range' });
      expect(lines.some((l) => l.startsWith('REPORT RequestId: '))).toBe(true);
      // Text logs: every level, Lambda's text lines.
      const text = rt.functions.logs('Test/Text').filter((l) => /\t(DEBUG|INFO|WARN|ERROR)\t/.test(l));
      expect(text.map((l) => l.split('\t')[2])).toEqual(['DEBUG', 'INFO', 'WARN', 'ERROR']);
      await rt.shutdown();
    });

    it('leaves out START, END and REPORT at system level WARN', async () => {
      const rt = await startRuntime(testPlan({ functions: [fn('Quiet', LOGS, { jsonLogs: { applicationLogLevel: 'INFO', systemLogLevel: 'WARN' } })] }), { handlers });
      await rt.invoke({ function: 'Test/Quiet' }, '{}', 'RequestResponse', rt.ledger.create(0, 'Test/Quiet'));
      const lines = rt.functions.logs('Test/Quiet');
      expect(lines.map((l) => (JSON.parse(l) as { level: string }).level)).toEqual(['INFO', 'WARN', 'ERROR']);
      await rt.shutdown();
    });
  });
}
