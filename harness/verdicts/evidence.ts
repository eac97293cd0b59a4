import type { RpcName } from '../transport/rpc-names.js';
import { RpcError } from '../transport/rpc-error.js';
import { WireSchemaViolation } from './outcome-errors.js';

/** The call whose answer a finding is about: what the reproduction command must send again. */
export interface EvidenceCall {
  rpc: RpcName;
  request: unknown;
}

const EVIDENCE: unique symbol = Symbol('openwop.evidence');

/**
 * Marks an error with the call that produced it, unless it already names one. Waits and negative
 * checks use it so a failure's repro line is the failing call, not whatever the check sent last.
 */
export function attachEvidence<E>(error: E, call: EvidenceCall): E {
  if (typeof error === 'object' && error !== null && !(EVIDENCE in error)) {
    Object.defineProperty(error, EVIDENCE, { value: call, enumerable: false });
  }
  return error;
}

/** The call an error is about: attached evidence, else the call an RpcError or schema violation came from. */
export function evidenceOf(error: unknown): EvidenceCall | undefined {
  if (typeof error === 'object' && error !== null && EVIDENCE in error) return (error as { [EVIDENCE]: EvidenceCall })[EVIDENCE];
  if (error instanceof RpcError && error.request !== undefined) return { rpc: error.rpc, request: error.request };
  if (error instanceof WireSchemaViolation && error.request !== undefined) return { rpc: error.rpc, request: error.request };
  return undefined;
}
