/**
 * `lambdaform generate-event <source>`: a sample event in the shape AWS sends it (like
 * `sam local generate-event`), as JSON on stdout, to pipe into a handler or a test.
 */
import { NOW_ENV, parseNow } from '../core/app.js';
import { EVENT_SOURCES, generateEvent, type EventOptions, type EventSource } from '../local/events.js';
import { CliError } from './errors.js';

export { EVENT_SOURCES };

/**
 * `sam local generate-event <service> <event>` names of the events lambdaform makes, so a SAM
 * user's command works as typed: the source they are, and the options they imply.
 */
export const SAM_EVENTS: Readonly<Record<string, { readonly source: EventSource; readonly options?: EventOptions }>> = {
  'alb request': { source: 'alb' },
  'apigateway aws-proxy': { source: 'apigw-rest' },
  'apigateway http-api-proxy': { source: 'apigw-http' },
  'cloudwatch scheduled-event': { source: 'schedule' },
  'dynamodb update': { source: 'dynamodb' },
  'kinesis get-records': { source: 'kinesis' },
  's3 put': { source: 's3', options: { eventName: 'ObjectCreated:Put' } },
  's3 delete': { source: 's3', options: { eventName: 'ObjectRemoved:Delete' } },
  'sns notification': { source: 'sns' },
  'sqs receive-message': { source: 'sqs' },
};

/**
 * Prints the event; bad options are usage errors. `event` is the second word of SAM's
 * `generate-event <service> <event>` (`sqs receive-message`, `apigateway http-api-proxy`).
 */
export function generateEventCommand(source: string, options: EventOptions, write: (text: string) => void = (t) => process.stdout.write(t), event?: string): void {
  if (event !== undefined) {
    const sam = SAM_EVENTS[`${source} ${event}`];
    if (!sam) {
      const of = Object.keys(SAM_EVENTS).filter((k) => k.startsWith(`${source} `));
      throw new CliError(
        `generate-event: unknown event '${source} ${event}'; ${of.length > 0 ? `${source} has ${of.map((k) => k.slice(source.length + 1)).join(', ')}` : `SAM's names lambdaform knows are ${Object.keys(SAM_EVENTS).join(', ')}`} (or name a source alone: ${EVENT_SOURCES.join(', ')})`,
      );
    }
    source = sam.source;
    options = { ...sam.options, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  }
  if (!(EVENT_SOURCES as readonly string[]).includes(source)) throw new CliError(`generate-event: unknown event source '${source}'; choose one of ${EVENT_SOURCES.join(', ')}${SAM_EVENTS_BY_SERVICE.has(source) ? `, or SAM's '${source} ${SAM_EVENTS_BY_SERVICE.get(source)!.join("' or '" + source + ' ')}'` : ''}`);
  if (options.detail !== undefined) {
    try {
      JSON.parse(options.detail);
    } catch (e) {
      throw new CliError(`generate-event: --detail must be JSON, such as '{"id": 1}': ${(e as Error).message}`);
    }
  }
  if (options.count !== undefined && (!Number.isInteger(options.count) || options.count < 1 || options.count > 10_000)) {
    throw new CliError(`generate-event: --count must be a whole number from 1 to 10000, got ${options.count}`);
  }
  write(`${JSON.stringify(generateEvent(source as EventSource, options, parseNow(process.env[NOW_ENV])), null, 2)}\n`);
}

/** SAM's services and their events, for the message naming a service alone. */
const SAM_EVENTS_BY_SERVICE = new Map<string, string[]>();
for (const key of Object.keys(SAM_EVENTS)) {
  const [service, name] = key.split(' ') as [string, string];
  SAM_EVENTS_BY_SERVICE.set(service, [...(SAM_EVENTS_BY_SERVICE.get(service) ?? []), name]);
}
