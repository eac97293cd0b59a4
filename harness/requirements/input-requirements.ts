import type { Requirement } from './requirement.js';

/**
 * Hostile inputs: generated invalid requests (fast-check, seeded; the seed is in the report),
 * oversized Structs, and calls cut short by a deadline. An engine refuses them cleanly, keeps
 * serving, and leaves nothing half done behind.
 */
export const INPUT_REQUIREMENTS: Requirement[] = [
  {
    id: 'input.invalid-requests-refused',
    title: 'Generated invalid requests (bad ids, wrong types in Structs, bad tags, bad enum strings, negative sequences) are refused INVALID_ARGUMENT, never INTERNAL or UNKNOWN',
    level: 'MUST',
    area: 'input',
    rpcs: ['GetWorkflow', 'CreateRun', 'GetRun', 'CancelRun', 'StreamRunEvents', 'ForkRun', 'PauseRun'],
    specRef: 'rest-endpoints.md (ids 1–128 chars, invalid inputs → 400 validation_error); stream-modes.md (unsupported_stream_mode); grpc-transport.md §Error mapping',
    fixtures: ['conformance-delay', 'conformance-identity', 'conformance-cancellable'],
    leniency:
      'Codes the mapping table does not list (unsupported_stream_mode, unsupported drain policy) may use any client-error status class; a negative cursor may be OUT_OF_RANGE; RPCs whose feature is not advertised may answer UNIMPLEMENTED. Unknown fields are not generated: proto3 parsers must ignore unknown message fields, and the request Structs of the served RPCs (inputs, configurable, metadata) are open. Over REST an empty id empties its path segment (`/v1/runs//cancel`), which names no route: an HTTP 404/405 without an envelope is accepted there and recorded.',
  },
  {
    id: 'input.engine-survives-hostile-inputs',
    title: 'After a batch of hostile requests (including an oversized Struct) the engine still answers GetCapabilities',
    level: 'MUST',
    area: 'input',
    rpcs: ['GetCapabilities', 'CreateRun', 'GetRun', 'StreamRunEvents'],
    specRef: 'grpc-transport.md §Error mapping (every failure is a status, internal_error at worst; never a crash)',
    fixtures: ['conformance-noop'],
  },
  {
    id: 'input.oversized-request-refused',
    title: 'A CreateRun whose Structs exceed the engine\'s request size is refused INVALID_ARGUMENT or RESOURCE_EXHAUSTED',
    level: 'MUST',
    area: 'input',
    rpcs: ['CreateRun'],
    specRef: 'capabilities limits.maxRequestBodyBytes; REST 413 (protocol-digest §1.7: message size is not specified for gRPC)',
    fixtures: ['conformance-noop'],
    leniency: 'A size refusal may come from the gRPC library itself (RESOURCE_EXHAUSTED without an envelope); without an advertised limits.maxRequestBodyBytes the suite sends just over gRPC\'s 4 MiB default.',
  },
  {
    id: 'input.refused-create-creates-no-run',
    title: 'A CreateRun refused for invalid inputs leaves no run and no idempotency record behind',
    level: 'MUST',
    area: 'input',
    rpcs: ['CreateRun'],
    specRef: 'idempotency.md Layer 1 (400 validation_error is never cached); rest-endpoints.md §createRun (400 creates nothing)',
    fixtures: ['conformance-delay'],
  },
  {
    id: 'input.deadline-leaves-no-side-effect',
    title: 'A call cut short by its deadline ends DEADLINE_EXCEEDED on the client and leaves nothing half done (a tailed run keeps running; a timed-out CreateRun made one whole run or none)',
    level: 'MUST',
    area: 'input',
    rpcs: ['StreamRunEvents', 'CreateRun', 'GetRun'],
    specRef: 'grpc-transport.md §StreamRunEvents (a client cancel is a passive disconnect and MUST NOT cancel the run); idempotency.md Layer 1',
    fixtures: ['conformance-delay', 'conformance-idempotent'],
    leniency: 'Whether a CreateRun that timed out on the client had been accepted by the engine is up to timing; both outcomes pass and the one seen is recorded.',
  },
];
