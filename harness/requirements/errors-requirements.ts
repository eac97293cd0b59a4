import type { Requirement } from './requirement.js';
import { RPC_NAMES } from '../transport/rpc-names.js';

const MAPPING = 'grpc-transport.md §Error mapping (protocol-digest §1.4)';
/** The RPCs the error-mapping table (suites/errors/error-mapping-rows.ts) provokes errors on. */
const TABLE_RPCS: Requirement['rpcs'] = RPC_NAMES.filter((rpc) => rpc !== 'GetCapabilities');

/**
 * The gRPC error mapping, judged layer by layer over one table of provoked errors (RPC × error
 * class × accepted status and envelope codes): the status code, the details trailer, the envelope
 * detail in it, the envelope's shape, and its code against the status. A missing or undecodable
 * layer fails its own requirement; the layers above it skip that error, saying so.
 */
export const ERRORS_REQUIREMENTS: Requirement[] = [
  {
    id: 'errors.status-code-mapped',
    title: 'Every provoked error (unknown id, invalid argument, wrong state, missing fixture) ends with the gRPC status the mapping table gives',
    level: 'MUST',
    area: 'errors',
    rpcs: TABLE_RPCS,
    specRef: `${MAPPING}; rest-endpoints.md per-operation errors`,
    // Both surfaces: over REST the status is the HTTP status (suites/errors/http-error-classes.ts), the envelope the body.
    transports: ['grpc', 'rest'],
    leniency:
      'For envelope codes the mapping table does not list (e.g. unsupported_stream_mode, interrupt_not_found) the envelope code is held strictly and the status class leniently, using the HTTP-class fallback (400→INVALID_ARGUMENT/FAILED_PRECONDITION/OUT_OF_RANGE, 404→NOT_FOUND); the status seen is recorded. An RPC whose feature is not advertised may answer UNIMPLEMENTED with an envelope.',
  },
  {
    id: 'errors.status-details-decodable',
    title: 'Every error carries a grpc-status-details-bin trailer that decodes as google.rpc.Status',
    level: 'MUST',
    area: 'errors',
    rpcs: TABLE_RPCS,
    specRef: `${MAPPING} (the envelope rides in google.rpc.Status.details[])`,
    transports: ['grpc'],
  },
  {
    id: 'errors.envelope-detail-present',
    title: 'google.rpc.Status.details holds an entry with type_url openwop.dev/spec/v1/ErrorEnvelope whose value is UTF-8 JSON',
    level: 'MUST',
    area: 'errors',
    rpcs: TABLE_RPCS,
    specRef: `${MAPPING} ([MUST] attach the envelope, value = the UTF-8 JSON bytes, not a protobuf message)`,
    // Both surfaces: over REST the status is the HTTP status (suites/errors/http-error-classes.ts), the envelope the body.
    transports: ['grpc', 'rest'],
  },
  {
    id: 'errors.envelope-schema-valid',
    title: 'The ErrorEnvelope has exactly error and message (strings) and an optional object details',
    level: 'MUST',
    area: 'errors',
    rpcs: TABLE_RPCS,
    specRef: 'error-envelope (protocol-digest §4: additionalProperties false)',
    // Both surfaces: over REST the status is the HTTP status (suites/errors/http-error-classes.ts), the envelope the body.
    transports: ['grpc', 'rest'],
  },
  {
    id: 'errors.envelope-code-matches-status',
    title: "The envelope's error code is one the status code stands for (the table's row, or the provoked case's accepted codes)",
    level: 'MUST',
    area: 'errors',
    rpcs: TABLE_RPCS,
    specRef: `${MAPPING}; conformance check 3 (details equal the REST body)`,
    // Both surfaces: over REST the status is the HTTP status (suites/errors/http-error-classes.ts), the envelope the body.
    transports: ['grpc', 'rest'],
  },
  {
    id: 'errors.unknown-method-unimplemented',
    title: 'A method the service does not declare is answered UNIMPLEMENTED',
    // SHOULD: the openwop spec says nothing about undeclared methods; UNIMPLEMENTED is gRPC's own
    // status-code guidance (grpc.io status codes: "not implemented or not supported"), not an openwop MUST.
    level: 'SHOULD',
    area: 'errors',
    // The service as a whole; GetCapabilities is the control that shows it is serving.
    rpcs: ['GetCapabilities'],
    specRef:
      'gRPC status codes (UNIMPLEMENTED: method not implemented; gRPC guidance, not openwop text); grpc-transport.md §Scope (one service openwop.v1.Engine; silent on undeclared methods)',
    transports: ['grpc'],
  },
  {
    id: 'errors.correlation-id-non-empty',
    title: 'An error envelope that carries details.correlationId carries it as a non-empty string',
    level: 'MUST',
    area: 'errors',
    rpcs: ['GetRun', 'GetWorkflow', 'CreateRun'],
    specRef:
      'rest-endpoints.md §details.correlationId convention ("When present, details.correlationId MUST be a non-empty string"; the convention itself is RECOMMENDED for 5xx)',
    transports: ['grpc', 'rest'],
    leniency:
      "Absence passes (the convention is RECOMMENDED, not REQUIRED); which probes carried one is recorded. The probes are the errors an engine can be made to answer from outside (unknown run, unknown workflow, CreateRun of an unknown workflow); a 5xx cannot be provoked, so the convention's own subject is judged only where an engine adds the id to 4xx answers too.",
  },
];
