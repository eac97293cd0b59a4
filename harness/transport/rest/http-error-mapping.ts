import type { JsonValue } from '../../support/json.js';
import { RpcError } from '../rpc-error.js';
import type { GrpcCodeName, RpcName } from '../rpc-names.js';
import { GrpcCode } from '../rpc-names.js';
import { GRPC_CODE_BY_ENVELOPE } from '../envelope-codes.js';

/**
 * Reads an HTTP error answer as the transport-neutral RpcError the suites assert on (REST wire
 * contract "Errors"; protocol-digest §1.4). The envelope's `error` code decides where the §1.4 table
 * maps it; otherwise the HTTP class does (the digest's suggested fallback). The HTTP status stays on
 * the error for the report.
 */

/** 409 codes that name a state the resource is in, not a clash of requests: FAILED_PRECONDITION (§1.4 fallback). */
const STATE_CONFLICTS: ReadonlySet<string> = new Set(['run_state_conflict', 'run_terminal', 'run_not_paused', 'run_not_running']);

const CODE_BY_STATUS: Readonly<Record<number, GrpcCodeName>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'UNIMPLEMENTED',
  408: 'DEADLINE_EXCEEDED',
  409: 'ABORTED',
  410: 'NOT_FOUND',
  // No gRPC row for 413; size refusals read as RESOURCE_EXHAUSTED, as the reference engine maps them.
  413: 'RESOURCE_EXHAUSTED',
  422: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export interface HttpErrorAnswer {
  rpc: RpcName;
  status: number;
  /** Lower-cased response header names. */
  headers: Record<string, string[]>;
  body: string;
}

interface BodyReading {
  envelope?: JsonValue;
  problem?: string;
  /** The `error` string when the body is an object carrying one: what makes it an envelope at all. */
  errorCode?: string;
}

function readBody(answer: HttpErrorAnswer): BodyReading {
  const contentType = answer.headers['content-type']?.[0] ?? '(none)';
  if (answer.body.trim() === '')
    return { problem: `the HTTP ${answer.status} answer has an empty body (Content-Type ${contentType}), so the error carries no envelope.` };
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(answer.body) as JsonValue;
  } catch {
    return { problem: `the HTTP ${answer.status} body (Content-Type ${contentType}) is not JSON, so the error carries no envelope.` };
  }
  const errorCode =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && typeof parsed['error'] === 'string' ? parsed['error'] : undefined;
  return errorCode === undefined ? { envelope: parsed } : { envelope: parsed, errorCode };
}

/** The transport-neutral code for an HTTP error answer, from its status and envelope code. */
export function grpcCodeForHttp(status: number, envelopeCode: string | undefined): GrpcCodeName {
  // A missing route is not "unknown id": a 404/405 without an envelope means the operation is not served.
  if ((status === 404 || status === 405) && envelopeCode === undefined) return 'UNIMPLEMENTED';
  const byEnvelope = envelopeCode === undefined ? undefined : GRPC_CODE_BY_ENVELOPE[envelopeCode];
  if (byEnvelope) return byEnvelope;
  if (status === 409 && envelopeCode !== undefined && STATE_CONFLICTS.has(envelopeCode)) return 'FAILED_PRECONDITION';
  const byStatus = CODE_BY_STATUS[status];
  if (byStatus) return byStatus;
  if (status >= 500) return 'INTERNAL';
  if (status >= 400) return 'FAILED_PRECONDITION';
  return 'UNKNOWN';
}

export function errorFromHttp(answer: HttpErrorAnswer): RpcError {
  const reading = readBody(answer);
  const code = grpcCodeForHttp(answer.status, reading.errorCode);
  const envelope = reading.envelope;
  const message =
    typeof envelope === 'object' && envelope !== null && !Array.isArray(envelope) && typeof envelope['message'] === 'string'
      ? envelope['message']
      : answer.body.slice(0, 200);
  return new RpcError({
    rpc: answer.rpc,
    code: GrpcCode[code],
    statusMessage: `HTTP ${answer.status}${reading.errorCode ? ` ${reading.errorCode}` : ''}: ${message}`,
    trailers: answer.headers,
    envelope,
    envelopeProblem: reading.problem,
    httpStatus: answer.status,
  });
}

/** An error raised on the client side (no HTTP answer): unreachable, our deadline, or our cancel. */
export function localError(rpc: RpcName, code: 'UNAVAILABLE' | 'DEADLINE_EXCEEDED' | 'CANCELLED' | 'RESOURCE_EXHAUSTED', message: string): RpcError {
  return new RpcError({ rpc, code: GrpcCode[code], statusMessage: message, trailers: {}, envelope: undefined, envelopeProblem: `no HTTP answer (${message})` });
}
