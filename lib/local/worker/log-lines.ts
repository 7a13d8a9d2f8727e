import * as util from 'node:util';

/**
 * A function's log line for a console call, as Lambda's Node.js runtime writes it
 * (aws-lambda-nodejs-runtime-interface-client, LogPatch), as plain JavaScript source: the one
 * definition both the runtime's thread (in-process handlers, `logLine` below) and each
 * environment's worker thread (interpolated into `host-source.ts`) run. It defines
 * `CONSOLE_LEVELS` (console method → level), `logEnabled(env, level)` and
 * `logLine(env, time, requestId, level, args)`, and reads `util` from its scope.
 *
 * - Text (`AWS_LAMBDA_LOG_FORMAT` unset or `Text`): `time\trequestId\tLEVEL\tmessage`, the
 *   message formatted as `util.format` does; every level is written.
 * - JSON (`AWS_LAMBDA_LOG_FORMAT=JSON`, from the function's `LoggingConfig.LogFormat`): one
 *   object, `{"timestamp","level","requestId","message"}`; a single argument is the message as
 *   it is (an object stays an object, an Error gives errorType, errorMessage and stackTrace),
 *   several are formatted into one string, with the fields of the first Error among them. Lines
 *   below `AWS_LAMBDA_LOG_LEVEL` (the function's `ApplicationLogLevel`) are not written.
 */
export const LOG_LINES_SOURCE = String.raw`
const CONSOLE_LEVELS = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE', fatal: 'FATAL' };
const LEVEL_PRIORITY = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
function isJsonLog(env) {
  return typeof env.AWS_LAMBDA_LOG_FORMAT === 'string' && env.AWS_LAMBDA_LOG_FORMAT.toUpperCase() === 'JSON';
}
function logEnabled(env, level) {
  const min = LEVEL_PRIORITY[typeof env.AWS_LAMBDA_LOG_LEVEL === 'string' ? env.AWS_LAMBDA_LOG_LEVEL.toUpperCase() : ''] ?? 1;
  return level === 'FATAL' || LEVEL_PRIORITY[level] >= min;
}
function errorFields(e) {
  return { errorType: e?.constructor?.name ?? 'UnknownError', errorMessage: e.message, stackTrace: typeof e.stack === 'string' ? e.stack.split('\n') : [] };
}
function jsonErrorReplacer(_, value) {
  return value instanceof Error ? Object.assign(errorFields(value), value) : value;
}
function logLine(env, time, requestId, level, args) {
  // The runtime's console methods take (message, ...params): console.log() logs the message undefined.
  if (args.length === 0) args = [undefined];
  if (!isJsonLog(env)) return time + '\t' + (requestId ?? 'undefined') + '\t' + level + '\t' + util.format(...args);
  const result = { timestamp: time, level, requestId };
  if (args.length === 1) {
    result.message = args[0];
    try {
      return JSON.stringify(result, jsonErrorReplacer);
    } catch {
      result.message = util.format(result.message);
      return JSON.stringify(result);
    }
  }
  result.message = util.format(...args);
  const e = args.find((a) => a instanceof Error);
  if (e) Object.assign(result, errorFields(e));
  return JSON.stringify(result);
}
`;

const made = new Function('util', `${LOG_LINES_SOURCE}\nreturn { CONSOLE_LEVELS, logEnabled, logLine };`)(util) as {
  CONSOLE_LEVELS: Readonly<Record<string, string>>;
  logEnabled: (env: Readonly<Record<string, string | undefined>>, level: string) => boolean;
  logLine: (env: Readonly<Record<string, string | undefined>>, time: string, requestId: string | undefined, level: string, args: unknown[]) => string;
};

/** Console methods and the level each writes (`console.log` is INFO, as in Lambda). */
export const CONSOLE_LEVELS = made.CONSOLE_LEVELS;
/** Whether a line of `level` is written, given the environment's `AWS_LAMBDA_LOG_LEVEL` (JSON logs only). */
export const logEnabled = made.logEnabled;
/** The log line of a console call (see LOG_LINES_SOURCE). */
export const logLine = made.logLine;
