import type { AcceptedError } from '../../harness/runner/test-context.js';
import { GRPC_CODE_BY_ENVELOPE } from '../../harness/transport/envelope-codes.js';
import { specStatusesFor, statusList } from '../../harness/transport/rest/envelope-http-statuses.js';
import type { RpcError } from '../../harness/transport/rpc-error.js';
import type { GrpcCodeName } from '../../harness/transport/rpc-names.js';

/**
 * The error table's accepted answers read over REST (issue 15 class 6): an entry (gRPC code +
 * envelope codes) stands for the HTTP statuses the spec gives its envelope codes (protocol-digest
 * §4, §1.4's unmapped list); an envelope code the spec gives no HTTP status for takes the statuses
 * of its gRPC code, through the codes the §1.4 table maps to that gRPC code. Only a gRPC code no
 * envelope code maps to falls back to the HTTP class (UNIMPLEMENTED → 501, §1.4 suggested fallback).
 */

const CLASS_FALLBACK: Partial<Record<GrpcCodeName, readonly number[]>> = {
  UNIMPLEMENTED: [501],
  OUT_OF_RANGE: [400],
};

/** The HTTP statuses a gRPC code stands for, through the envelope codes §1.4 maps to it. */
function statusesOfGrpcCode(code: GrpcCodeName): readonly number[] {
  const codes = Object.entries(GRPC_CODE_BY_ENVELOPE)
    .filter(([, grpc]) => grpc === code)
    .map(([envelope]) => envelope);
  const statuses = new Set<number>(codes.flatMap((envelope) => specStatusesFor(envelope) ?? []));
  return statuses.size > 0 ? [...statuses].sort((a, b) => a - b) : (CLASS_FALLBACK[code] ?? []);
}

/** The HTTP statuses one accepted entry allows over REST. */
export function httpStatusesOf(entry: AcceptedError): readonly number[] {
  const statuses = new Set<number>();
  for (const envelope of entry.envelopeCodes) for (const status of specStatusesFor(envelope) ?? statusesOfGrpcCode(entry.code)) statuses.add(status);
  return [...statuses].sort((a, b) => a - b);
}

/** The accepted entries whose HTTP statuses include the status the engine answered with. */
export function httpMatchingEntries(accepted: readonly AcceptedError[], error: RpcError): AcceptedError[] {
  const status = error.httpStatus;
  return status === undefined ? [] : accepted.filter((entry) => httpStatusesOf(entry).includes(status));
}

/** "HTTP 400 validation_error, or HTTP 404 not_found|run_not_found". */
export const describeAcceptedHttp = (accepted: readonly AcceptedError[]): string =>
  accepted.map((entry) => `HTTP ${statusList(httpStatusesOf(entry))} ${entry.envelopeCodes.join('|')}`).join(', or ');

/** How one error answer reads in a REST finding: `HTTP 404 workflow_not_found`. */
export const describeHttpAnswer = (error: RpcError): string => `HTTP ${error.httpStatus ?? '(none)'}${error.envelopeCode ? ` ${error.envelopeCode}` : ''}`;
