import type { RunEvent } from '../engine-client.js';
import type { JsonValue } from '../../support/json.js';
import { isJsonObject } from '../../support/json.js';
import { UnreadableEventError } from '../unreadable-event.js';
import { text } from '../wire-mapping.js';

/**
 * A RunEventDoc as REST carries it (SSE data or a poll entry) read into the RunEvent the suites see.
 * The document is already in the schema's camelCase, so fields pass through unchanged, unknown ones
 * included (the validating layer warns about them, as readers must ignore them). Only what the
 * stream itself needs (a numeric sequence) is insisted on here; a document without it is the
 * engine's unreadable event (UnreadableEventError), never the suite's error.
 */
export function runEventFromJson(doc: JsonValue, where: string): RunEvent {
  if (!isJsonObject(doc)) throw new UnreadableEventError(where, `is not a JSON object (got ${shortJson(doc)})`, doc);
  const sequence = doc['sequence'];
  if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence)) {
    const members = Object.keys(doc).slice(0, 12).join(', ');
    throw new UnreadableEventError(
      where,
      `has no integer sequence (sequence ${sequence === undefined ? 'absent' : shortJson(sequence)}; members: ${members || 'none'}), so it is not a RunEventDoc`,
      doc,
    );
  }
  const event: RunEvent = {
    eventId: text(doc, 'eventId'),
    sequence,
    runId: text(doc, 'runId'),
    type: text(doc, 'type'),
    payload: doc['payload'],
    timestamp: typeof doc['timestamp'] === 'string' ? doc['timestamp'] : undefined,
  };
  // Everything else, as sent (nodeId, causationId, vendor fields): the schema layer judges it.
  for (const [key, value] of Object.entries(doc)) {
    if (!(key in event)) Object.assign(event, { [key]: value });
  }
  return event;
}

const shortJson = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
};

/** Terminal run events: the server closes the stream after one of these (runs-events-digest §4). */
export const TERMINAL_EVENT_TYPES: ReadonlySet<string> = new Set(['run.completed', 'run.failed', 'run.cancelled']);

/** SSE event names that announce run events whatever else: the default, batches, and the stream modes (a mixed-mode frame SHOULD name its mode, stream-modes.md). */
const RUN_EVENT_FRAME_NAMES: ReadonlySet<string> = new Set([
  'message',
  'batch',
  'updates',
  'values',
  'messages',
  'debug',
  'state.snapshot',
  'ai.message.chunk',
]);

/** What an SSE frame is to a reader: run events to read, or a frame of an event name it does not know. */
export type SseFrameKind = 'run-events' | 'unknown';

/**
 * Whether an SSE frame carries run events. It does when its name is the default, `batch`, a stream
 * mode or an event type the suite knows, or when it carries an `id:` (only run events are resumable),
 * or when its data reads as RunEventDoc(s) (a vendor event type). Anything else — `event:
 * acme.heartbeat` without an id, with data that is no event — is a frame of an unknown event name,
 * which readers ignore (runs-events-digest §0, RFC 0094 §G): it is not an event and breaks nothing.
 */
export function sseFrameKind(
  frame: { event?: string | undefined; id?: string | undefined; data: string },
  knownEventType: (type: string) => boolean,
): SseFrameKind {
  const name = frame.event ?? 'message';
  if (RUN_EVENT_FRAME_NAMES.has(name) || knownEventType(name)) return 'run-events';
  if (frame.id !== undefined && frame.id !== '') return 'run-events';
  try {
    const parsed: unknown = JSON.parse(frame.data);
    const items = Array.isArray(parsed) ? parsed : [parsed];
    const looksLikeEvents =
      items.length > 0 && items.every((item) => isJsonObject(item as JsonValue) && typeof (item as Record<string, unknown>)['sequence'] === 'number');
    return looksLikeEvents ? 'run-events' : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The data of one SSE event: a single RunEventDoc, or for `event: batch` an array of them. */
export function runEventsFromSseData(eventName: string | undefined, data: string, where: string): RunEvent[] {
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(data) as JsonValue;
  } catch {
    throw new UnreadableEventError(where, `carries data that is not JSON: ${data.slice(0, 120)}`);
  }
  if (eventName === 'batch' || Array.isArray(parsed)) {
    // stream-modes.md: a buffered batch is `event: batch` with a JSON array as data.
    if (!Array.isArray(parsed)) throw new UnreadableEventError(where, 'is an "event: batch" frame whose data is not a JSON array', parsed);
    return parsed.map((item, index) => runEventFromJson(item, `${where} item ${index}`));
  }
  return [runEventFromJson(parsed, where)];
}
