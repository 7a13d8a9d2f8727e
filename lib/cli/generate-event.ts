/**
 * `lambdaform generate-event <source>`: a sample event in the shape AWS sends it (like
 * `sam local generate-event`), as JSON on stdout, to pipe into a handler or a test.
 */
import { NOW_ENV, parseNow } from '../core/app.js';
import { EVENT_SOURCES, generateEvent, type EventOptions, type EventSource } from '../local/events.js';
import { CliError } from './errors.js';

export { EVENT_SOURCES };

/** Prints the event; bad options are usage errors. */
export function generateEventCommand(source: string, options: EventOptions, write: (text: string) => void = (t) => process.stdout.write(t)): void {
  if (!(EVENT_SOURCES as readonly string[]).includes(source)) throw new CliError(`generate-event: unknown event source '${source}'; choose one of ${EVENT_SOURCES.join(', ')}`);
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
