import type { JsonValue } from '../support/json.js';
import type { RpcName } from './rpc-names.js';
import { grpcCodeName } from './rpc-names.js';

/** The `type_url` under which the spec carries the JSON error envelope in google.rpc.Status.details. */
export const ERROR_ENVELOPE_TYPE_URL = 'openwop.dev/spec/v1/ErrorEnvelope';

/**
 * What the engine said when an RPC did not succeed: one error type for every transport. Holding a
 * status code and the decoded envelope side by side lets negative tests check both, as the spec's
 * error mapping requires (grpc-transport.md §Error mapping).
 */
export class RpcError extends Error {
  override readonly name = 'RpcError';
  readonly rpc: RpcName;
  /** Numeric gRPC status code. */
  readonly code: number;
  /** Display-only status message from the engine (grpc-message). */
  readonly statusMessage: string;
  /**
   * Trailing metadata, lower-cased keys; `-bin` values base64-encoded. Over REST, which has no
   * trailers, the HTTP response headers (so `retry-after` is read the same way on both).
   */
  readonly trailers: Record<string, string[]>;
  /**
   * The ErrorEnvelope decoded from `grpc-status-details-bin`: the parsed JSON of the details entry
   * whose type_url is ERROR_ENVELOPE_TYPE_URL. Undefined when absent or undecodable (see
   * envelopeProblem); its shape is checked by the schema layer, not here.
   */
  readonly envelope: JsonValue | undefined;
  /** Why no envelope could be read, in one sentence; undefined when one was read. */
  readonly envelopeProblem: string | undefined;
  /** The HTTP status the engine answered with (REST only); `code` is its transport-neutral reading. */
  readonly httpStatus: number | undefined;
  /** Schema issues found in the envelope by the validating layer (empty when valid or absent). */
  envelopeIssues: string[] = [];
  /** The request that was refused, set by the validating layer (for the reproduction command). */
  request: unknown = undefined;

  constructor(init: {
    rpc: RpcName;
    code: number;
    statusMessage: string;
    trailers: Record<string, string[]>;
    envelope: JsonValue | undefined;
    envelopeProblem: string | undefined;
    httpStatus?: number;
  }) {
    super(`[${grpcCodeName(init.code)}] ${init.rpc}: ${init.statusMessage}`);
    this.rpc = init.rpc;
    this.code = init.code;
    this.statusMessage = init.statusMessage;
    this.trailers = init.trailers;
    this.envelope = init.envelope;
    this.envelopeProblem = init.envelopeProblem;
    this.httpStatus = init.httpStatus;
  }

  get codeName(): string {
    return grpcCodeName(this.code);
  }

  /** The envelope's machine code (`error` field) when the envelope is an object with a string there. */
  get envelopeCode(): string | undefined {
    const envelope = this.envelope;
    if (typeof envelope === 'object' && envelope !== null && !Array.isArray(envelope)) {
      const code = envelope['error'];
      return typeof code === 'string' ? code : undefined;
    }
    return undefined;
  }
}

export function isRpcError(value: unknown): value is RpcError {
  return value instanceof RpcError;
}
