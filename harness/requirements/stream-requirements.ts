import type { Requirement } from './requirement.js';

/**
 * Event streams (StreamRunEvents; runs-events-digest §1.2–1.3, §2). The two schema owners apply
 * always: every event any check reads is held to them, and each also reads a conformance-noop log
 * of its own so it is never decided by the absence of evidence.
 */
export const STREAM_REQUIREMENTS: Requirement[] = [
  {
    id: 'stream.event-envelope-schema-valid',
    title: 'Every streamed event envelope is valid against the run-event schema',
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    specRef: 'run-event.schema.json (RunEventDoc); grpc-transport.md §StreamRunEvents (RunEventEnvelope mirrors RunEventDoc)',
    fixtures: ['conformance-noop'],
    core: true,
    leniency: 'Unknown event types and unknown envelope fields are warnings (RFC 0094 §G: readers ignore them); an unset payload is read as {} with a warning.',
  },
  {
    id: 'stream.event-payloads-schema-valid',
    title: 'Every streamed event payload of a known type is valid against its run-event-payloads definition',
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    specRef: 'run-event-payloads.schema.json ($defs per event type)',
    fixtures: ['conformance-noop'],
    core: true,
    leniency: 'Unknown fields in a payload are warnings (RFC 0094 §G); payloads of unknown event types are not checked.',
  },
];
