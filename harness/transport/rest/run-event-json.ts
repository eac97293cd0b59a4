import type { RunEvent } from '../engine-client.js';
import type { JsonValue } from '../../support/json.js';
import { isJsonObject } from '../../support/json.js';

/**
 * A RunEventDoc as REST carries it (SSE data or a poll entry) read into the RunEvent the suites see.
 * The document is already in the schema's camelCase, so fields pass through unchanged, unknown ones
 * included (the validating layer warns about them, as readers must ignore them). Only what the
 * stream itself needs (a numeric sequence) is insisted on here.
 */
export function runEventFromJson(doc: JsonValue, where: string): RunEvent {
  if (!isJsonObject(doc)) throw new Error(`${where} is not a JSON object`);
  const sequence = doc['sequence'];
  if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence)) throw new Error(`${where} has sequence ${JSON.stringify(sequence)}, not an integer`);
  const text = (key: string): string => (typeof doc[key] === 'string' ? (doc[key] as string) : '');
  const event: RunEvent = {
    eventId: text('eventId'),
    sequence,
    runId: text('runId'),
    type: text('type'),
    payload: doc['payload'],
    timestamp: typeof doc['timestamp'] === 'string' ? doc['timestamp'] : undefined,
  };
  // Everything else, as sent (nodeId, causationId, vendor fields): the schema layer judges it.
  for (const [key, value] of Object.entries(doc)) {
    if (!(key in event)) Object.assign(event, { [key]: value });
  }
  return event;
}

/** Terminal run events: the server closes the stream after one of these (runs-events-digest §4). */
export const TERMINAL_EVENT_TYPES: ReadonlySet<string> = new Set(['run.completed', 'run.failed', 'run.cancelled']);

/** The data of one SSE event: a single RunEventDoc, or for `event: batch` an array of them. */
export function runEventsFromSseData(eventName: string | undefined, data: string, where: string): RunEvent[] {
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(data) as JsonValue;
  } catch {
    throw new Error(`${where}: the data is not JSON: ${data.slice(0, 120)}`);
  }
  if (eventName === 'batch' || Array.isArray(parsed)) {
    // stream-modes.md: a buffered batch is `event: batch` with a JSON array as data.
    if (!Array.isArray(parsed)) throw new Error(`${where}: an "event: batch" frame whose data is not a JSON array`);
    return parsed.map((item, index) => runEventFromJson(item, `${where} item ${index}`));
  }
  return [runEventFromJson(parsed, where)];
}
