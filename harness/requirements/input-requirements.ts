import type { Requirement } from './requirement.js';

/**
 * Hostile inputs: generated invalid requests (fast-check, seeded; the seed is in the report),
 * oversized Structs, and calls cut short by a deadline. An engine refuses them cleanly, keeps
 * serving, and leaves nothing half done behind.
 */
export const INPUT_REQUIREMENTS: Requirement[] = [
  {
    id: 'input.invalid-requests-refused',
    title:
      'Generated invalid requests (bad ids, wrong types in Structs, bad tags, bad enum strings, negative sequences) are refused INVALID_ARGUMENT, never INTERNAL or UNKNOWN',
    // SHOULD: the operations list 400 validation_error among their answers (rest-endpoints.md "400 Bad
    // Request — malformed body, unknown workflowId, invalid inputs") and the request schemas bound
    // these fields, but no sentence makes refusing each generated shape a MUST; the MUSTs among them
    // (stream-modes.md: an unsupported mode MUST be 400) are the stream area's own requirements.
    level: 'SHOULD',
    area: 'input',
    rpcs: ['GetWorkflow', 'CreateRun', 'GetRun', 'CancelRun', 'StreamRunEvents', 'ForkRun', 'PauseRun'],
    specRef:
      'rest-endpoints.md §POST /v1/runs status codes (400: malformed body, invalid inputs); openapi.yaml request schemas (ids 1–128 chars, tags ≤100 × ≤256); stream-modes.md (unsupported_stream_mode); grpc-transport.md §Error mapping (validation_error → INVALID_ARGUMENT)',
    leniency:
      'Beyond-spec robustness, so a SHOULD. Each kind of request is generated only when what it uses is there: wrong-type delayMs when conformance-delay is listed, wrong-type payload when conformance-identity is, requests naming a live run when conformance-cancellable is, ForkRun and PauseRun requests when fork and pause are offered; the kinds left out are listed in the warnings. Over REST an empty id is never sent (an empty path segment names another route, so the request cannot be expressed there). Codes the mapping table does not list (unsupported_stream_mode, unsupported drain policy) may use any client-error status class; a negative cursor may be OUT_OF_RANGE. Unknown fields are not generated: proto3 parsers must ignore unknown message fields, and the request Structs of the served RPCs (inputs, configurable, metadata) are open.',
  },
  {
    id: 'input.engine-survives-hostile-inputs',
    title: 'After a batch of hostile requests (including an oversized Struct) the engine still answers GetCapabilities',
    // SHOULD: grpc-transport.md maps every failure to a status (internal_error at worst), but no
    // sentence states that an engine keeps serving after hostile input; robustness, not a MUST.
    level: 'SHOULD',
    area: 'input',
    rpcs: ['GetCapabilities', 'CreateRun', 'GetRun', 'StreamRunEvents'],
    specRef:
      'grpc-transport.md §Error mapping (every failure is a status, internal_error at worst); beyond-spec robustness (no sentence requires surviving hostile input)',
    fixtures: ['conformance-noop'],
  },
  {
    id: 'input.oversized-request-refused',
    title: "A CreateRun whose Structs exceed the engine's request size is refused INVALID_ARGUMENT or RESOURCE_EXHAUSTED",
    // SHOULD: capabilities.md only describes limits.maxRequestBodyBytes ("Maximum REST request body
    // accepted by the host") and grpc-transport.md leaves message size unspecified (protocol-digest §1.7).
    level: 'SHOULD',
    area: 'input',
    rpcs: ['CreateRun'],
    specRef:
      'capabilities.md §Field reference limits.maxRequestBodyBytes ("Maximum REST request body accepted by the host"); REST 413 (protocol-digest §1.7: message size is not specified for gRPC)',
    fixtures: ['conformance-noop'],
    // HTTP has no default body limit: without an advertised one there is nothing to hold a REST engine to.
    transportGate: { rest: [{ path: 'limits.maxRequestBodyBytes', test: 'present' }] },
    leniency:
      "A size refusal may come from the gRPC library itself (RESOURCE_EXHAUSTED without an envelope). Over gRPC without an advertised limits.maxRequestBodyBytes the suite sends just over grpc-js's 4 MiB default receive size; over REST without one the requirement is inapplicable (an HTTP engine sets no limit unless it says so).",
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
    title:
      'A call cut short by its deadline ends DEADLINE_EXCEEDED on the client and leaves nothing half done (a tailed run keeps running; a timed-out CreateRun made one whole run or none)',
    level: 'MUST',
    area: 'input',
    rpcs: ['StreamRunEvents', 'CreateRun', 'GetRun'],
    specRef: 'grpc-transport.md §StreamRunEvents (a client cancel is a passive disconnect and MUST NOT cancel the run); idempotency.md Layer 1',
    fixtures: ['conformance-delay', 'conformance-idempotent'],
    // Not the area's exclusive default: it sends well-formed requests only (nothing that could take
    // the engine down) and judges only its own run and its own idempotency key.
    isolation: {},
    leniency:
      'Whether a CreateRun that timed out on the client had been accepted by the engine is up to timing; both outcomes pass and the one seen is recorded.',
  },
];
