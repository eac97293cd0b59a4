import type { JsonValue } from '../support/json.js';

/**
 * Bytes the engine sent on an event stream that cannot be read as a RunEventDoc (runs-events-digest
 * §1.2): not JSON, not an object, or without an integer `sequence` (e.g. `{seq, data}` instead of
 * `{sequence, payload}`). The transport ends the stream with it; the validating layer charges it
 * to the requirement that owns the event envelope and blocks every other check naming that owner.
 * It is the engine's doing, never a suite error.
 */
export class UnreadableEventError extends Error {
  override readonly name = 'UnreadableEventError';
  constructor(
    /** Where on the stream, e.g. `SSE event 3 (id 2, event run.started)`. */
    readonly where: string,
    /** What was wrong, in words an engine author can act on. */
    readonly problem: string,
    /** The parsed document when it was JSON, for the schema check that names each missing field. */
    readonly document?: JsonValue,
  ) {
    super(`StreamRunEvents: cannot read an event: ${where} ${problem}`);
  }
}

/**
 * A unary reply the transport cannot decode (a 2xx body that is not JSON, a proto message that
 * does not map): the engine's bytes, charged to the requirement that owns the reply's schema.
 */
export class UnreadableReplyError extends Error {
  override readonly name = 'UnreadableReplyError';
  constructor(
    readonly rpc: string,
    readonly problem: string,
  ) {
    super(`${rpc}: cannot decode the reply: ${problem}`);
  }
}
