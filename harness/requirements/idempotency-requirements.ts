import type { Requirement } from './requirement.js';

const LAYER1 = 'idempotency.md v1.7 Layer 1 (protocol-digest §5)';
const FIXTURES = ['conformance-idempotent'];

/**
 * CreateRun idempotency over gRPC. The carrier is CreateRunRequest.idempotency_key (the seed
 * contract; grpc-transport.md names none, protocol-digest §1.3). Records are keyed by key + body.
 */
export const IDEMPOTENCY_REQUIREMENTS: Requirement[] = [
  {
    id: 'idempotency.same-key-same-body-replays',
    title: 'CreateRun repeated with the same idempotency_key and body returns the same run id',
    level: 'MUST',
    area: 'idempotency',
    rpcs: ['CreateRun'],
    specRef: `${LAYER1} (same key + same body: replay the cached response, the same runId)`,
    fixtures: FIXTURES,
  },
  {
    id: 'idempotency.same-key-other-body-aborted',
    title: 'CreateRun with a used idempotency_key and a different body fails ABORTED with an idempotency conflict envelope and no run id',
    level: 'MUST',
    area: 'idempotency',
    rpcs: ['CreateRun'],
    specRef: `${LAYER1} (409 idempotency_key_mismatch); grpc-transport.md §Error mapping (ABORTED)`,
    fixtures: FIXTURES,
    leniency:
      'The retired spellings idempotency_key_conflict and idempotency_key_replay_mismatch are accepted here (protocol-digest §1.4) and reported by idempotency.mismatch-canonical-code.',
  },
  {
    id: 'idempotency.mismatch-canonical-code',
    title: 'The idempotency conflict envelope uses the canonical code idempotency_key_mismatch, not a retired spelling',
    level: 'SHOULD',
    area: 'idempotency',
    rpcs: ['CreateRun'],
    specRef: 'idempotency.md v1.5 (idempotency_key_conflict retired; canonical idempotency_key_mismatch)',
    fixtures: FIXTURES,
  },
  {
    id: 'idempotency.concurrent-identical-one-run',
    title: 'Concurrent identical CreateRun requests with one idempotency_key create one run',
    level: 'MUST',
    area: 'idempotency',
    rpcs: ['CreateRun'],
    specRef: `${LAYER1} (first still executing: exactly one is processed; the other gets the same response or idempotency_in_flight)`,
    fixtures: FIXTURES,
    leniency:
      'A losing request may be refused idempotency_in_flight (409, not in the mapping table: ABORTED or FAILED_PRECONDITION accepted) instead of waiting for the same response; which was seen is recorded.',
  },
  {
    id: 'idempotency.other-key-new-run',
    title: 'CreateRun with the same body under a different idempotency_key creates a new run',
    level: 'MUST',
    area: 'idempotency',
    rpcs: ['CreateRun'],
    specRef: `${LAYER1} (the record key is tenant + endpoint + key; a new key is a new request)`,
    fixtures: FIXTURES,
  },
  {
    id: 'idempotency.replay-header',
    title: 'A CreateRun answered from the idempotency cache carries openwop-Idempotent-Replay: true',
    level: 'SHOULD',
    area: 'idempotency',
    rpcs: ['CreateRun'],
    specRef:
      'idempotency.md §Server responsibilities rule 2 ("SHOULD set a openwop-Idempotent-Replay: true response header") and §Response ("MUST add openwop-Idempotent-Replay: true")',
    transports: ['rest'],
    fixtures: FIXTURES,
    leniency:
      'The document states the header as a SHOULD (rule 2) and as a MUST (§Response). Both readings are accepted, so the requirement is held at the weaker one, SHOULD: an engine following rule 2 is not failed on a MUST. A header present with another value than `true` fails the same SHOULD; which was seen is recorded. A replay may answer 200 or 201.',
  },
  {
    id: 'idempotency.get-ignores-key',
    title: 'GET /v1/runs/{runId} carrying an Idempotency-Key is answered fresh: never from a cache, never marked as a replay',
    level: 'MUST',
    area: 'idempotency',
    rpcs: ['GetRun'],
    specRef: 'idempotency.md §Endpoints affected ("GET endpoints MUST NOT require or honor Idempotency-Key")',
    transports: ['rest'],
    fixtures: ['conformance-cancellable'],
    leniency:
      'Judged on one GET key reused across a status change of the run (running, then cancelled): the second read must show the new status and carry no openwop-Idempotent-Replay: true. "Not require" is what every other GET of the suite shows (none sends a key).',
  },
  {
    id: 'idempotency.endpoint-partitioned',
    title: 'An Idempotency-Key used on POST /v1/runs can be reused on POST /v1/runs/{runId}/cancel: the cancel is executed, not refused or replayed',
    level: 'MUST',
    area: 'idempotency',
    rpcs: ['CreateRun', 'CancelRun'],
    specRef:
      'idempotency.md §Cache key composition ("endpoint partitioning means the same Idempotency-Key value can be reused across different endpoints"); §Record shape (keyed by the canonical endpoint id)',
    transports: ['rest'],
    fixtures: ['conformance-cancellable'],
    leniency:
      'The cancel may answer cancelling or cancelled; either shows it was executed. The statement has no RFC keyword; it is held as the MUST of the record key (§Record shape: "A Layer-1 record MUST be keyed by (authenticatedTenantId, canonicalEndpointId, callerIdempotencyKey)").',
  },
];
