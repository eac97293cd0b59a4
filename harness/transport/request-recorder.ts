import type { RpcName } from './rpc-names.js';
import type { TransportKind } from './engine-client.js';

/**
 * A seam for proving what the suite sends (issue 15 class 8): each transport reports every request
 * in its wire form just before sending it — over REST the method, path, headers and JSON body;
 * over gRPC the proto-shaped request object (snake_case fields, Structs encoded) — with the reason
 * the call gave for sending it malformed on purpose. A test registers a recorder around a whole
 * run and validates each request against the spec's request shape; nothing is recorded, and
 * nothing costs more than one check, while no recorder is registered. The engine never hears of it.
 */
export interface RecordedRequest {
  surface: TransportKind;
  rpc: RpcName;
  /** REST: `{ method, path, headers, body }`; gRPC: the request message as handed to grpc-js. */
  wire: unknown;
  /** Set when the calling check marked the request deliberately invalid (CallOptions.deliberatelyInvalid). */
  deliberatelyInvalid?: string;
}

export type RequestRecorder = (request: RecordedRequest) => void;

const recorders = new Set<RequestRecorder>();

/** Registers a recorder; returns the function that removes it. */
export function recordRequests(recorder: RequestRecorder): () => void {
  recorders.add(recorder);
  return () => recorders.delete(recorder);
}

/** Called by the transports; a recorder's exception must not change what the suite does. */
export function noteRequest(request: RecordedRequest): void {
  for (const recorder of recorders) {
    try {
      recorder(request);
    } catch {
      // a recorder is a test's observer: its failure is the test's to report, not the run's
    }
  }
}
