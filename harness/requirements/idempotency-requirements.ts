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
    leniency: 'The retired spellings idempotency_key_conflict and idempotency_key_replay_mismatch are accepted here (protocol-digest §1.4) and reported by idempotency.mismatch-canonical-code.',
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
    leniency: 'A losing request may be refused idempotency_in_flight (409, not in the mapping table: ABORTED or FAILED_PRECONDITION accepted) instead of waiting for the same response; which was seen is recorded.',
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
];
