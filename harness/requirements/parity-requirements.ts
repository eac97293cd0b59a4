import type { Requirement } from './requirement.js';

/**
 * Cross-surface parity: one engine serving REST + SSE and gRPC must say the same thing over both
 * (grpc-transport.md: "behaviour is identical to the REST operation; there are no gRPC-only
 * semantics", protocol-digest §1.1), which the spec turns into four conformance checks (§1.6). They
 * apply only when the suite reaches the engine over both surfaces (--rest / --grpc, or a REST
 * target's advertised grpc.endpoint); otherwise they are inapplicable, saying which flag to pass.
 */
const CHECKS = 'grpc-transport.md §Conformance (protocol-digest §1.6)';

export const PARITY_REQUIREMENTS: Requirement[] = [
  {
    id: 'parity.capabilities-equal',
    title: 'GetCapabilities over gRPC equals the REST discovery document after proto↔JSON normalisation',
    level: 'MUST',
    area: 'parity',
    rpcs: ['GetCapabilities'],
    specRef: `${CHECKS} check 1 (byte-equivalent after proto↔JSON normalisation)`,
    needsPeer: true,
  },
  {
    id: 'parity.run-observed-identically',
    title: 'A run created over one surface has the same terminal snapshot and the same event sequence read over either',
    level: 'MUST',
    area: 'parity',
    rpcs: ['CreateRun', 'GetRun', 'StreamRunEvents'],
    specRef: `${CHECKS} check 2 (CreateRun + GetRun + StreamRunEvents give the same event sequence as REST)`,
    fixtures: ['conformance-noop'],
    needsPeer: true,
  },
  {
    id: 'parity.error-envelope-equal',
    title: 'The same failure yields the same status class and the same error envelope (error, details) over both surfaces',
    level: 'MUST',
    area: 'parity',
    rpcs: ['GetRun', 'CreateRun'],
    specRef: `${CHECKS} check 3 (Status.details equals the REST 4xx/5xx body); protocol-digest §1.4`,
    leniency:
      'The envelope message is display-only (§1.4), so a different message is a warning, not a failure. For an unknown workflow on CreateRun either reading of protocol-digest §8.1 (400 validation_error or 404 workflow_not_found) is accepted, as long as both surfaces give the same one; the reading seen is recorded.',
    needsPeer: true,
  },
  {
    id: 'parity.auth-outcomes-agree',
    title: 'No token and an invalid token give UNAUTHENTICATED, and a token without the scope PERMISSION_DENIED, on both surfaces alike',
    level: 'MUST',
    area: 'parity',
    rpcs: ['GetRun', 'GetWorkflow'],
    specRef: `${CHECKS} check 4; grpc-transport.md §Metadata expected auth outcomes (protocol-digest §1.3, §6)`,
    fixtures: ['conformance-noop'],
    credentials: ['token'],
    needsPeer: true,
  },
];
