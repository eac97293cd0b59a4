import grpc from '@grpc/grpc-js';
import type { RunEvent } from './engine-client.js';
import { RpcError } from './rpc-error.js';
import type { RpcName } from './rpc-names.js';
import { GrpcCode } from './rpc-names.js';
import { readErrorEnvelope, STATUS_DETAILS_TRAILER } from './status-details.js';
import { int64ToNumber, structToJson, timestampToIso } from './struct-codec.js';

/**
 * Field-level mapping between the proto messages grpc-js hands over (snake_case, proto3 defaults)
 * and the camelCase JSON the EngineClient interface speaks (grpc-transport §1.1).
 */

export type WireMessage = Record<string, unknown>;

export function asWire(value: unknown): WireMessage {
  return typeof value === 'object' && value !== null ? (value as WireMessage) : {};
}
/** proto3 strings: unset and empty are the same on the wire. */
export const text = (message: WireMessage, field: string): string => (typeof message[field] === 'string' ? message[field] : '');
export const optionalText = (message: WireMessage, field: string): string | undefined => text(message, field) || undefined;
/** Empty optional request strings stay off the wire rather than being sent as "". */
export const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

export function int64Text(value: number, what: string): string {
  if (!Number.isSafeInteger(value)) throw new Error(`${what} must be a safe integer, got ${value}`);
  return String(value);
}

/** Drops undefined members so the request shows exactly which fields were set. */
export function compact(fields: Record<string, unknown>): WireMessage {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** Metadata as the RawExchange records it: lower-cased keys, `-bin` values base64. */
export function metadataToRecord(metadata: grpc.Metadata | undefined): Record<string, string[]> {
  const record: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(metadata?.toJSON() ?? {})) {
    record[key.toLowerCase()] = values.map((value) => (typeof value === 'string' ? value : Buffer.from(value).toString('base64')));
  }
  return record;
}

/**
 * grpc-js words the statuses it raises itself in its own terms ("Deadline exceeded after 10.002s,LB
 * pick: 0.001s,remote_addr=…", "Cancelled on client"): a user reads them as the engine's words.
 * Those two are rewritten to say whose they are; an engine's own message is kept as sent.
 */
export function tidyClientDetails(code: number, details: string): string {
  if (code === GrpcCode.DEADLINE_EXCEEDED && /^Deadline exceeded after [\d.]+s/.test(details)) return "no answer within the suite's call deadline";
  if (code === GrpcCode.CANCELLED && details === 'Cancelled on client') return 'cancelled by the suite';
  return details;
}

export function errorFromStatus(rpc: RpcName, status: { code: number; details: string; metadata: grpc.Metadata }): RpcError {
  const detailsBin = status.metadata.get(STATUS_DETAILS_TRAILER)[0];
  const reading = readErrorEnvelope(detailsBin === undefined ? undefined : typeof detailsBin === 'string' ? Buffer.from(detailsBin, 'base64') : detailsBin);
  return new RpcError({
    rpc,
    code: status.code,
    statusMessage: tidyClientDetails(status.code, status.details),
    trailers: metadataToRecord(status.metadata),
    envelope: reading.envelope,
    envelopeProblem: reading.problem,
  });
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function runEventFromWire(wire: unknown): RunEvent {
  const message = asWire(wire);
  const event: RunEvent = {
    eventId: text(message, 'event_id'),
    sequence: int64ToNumber(message['seq'] as string | number | undefined, 'RunEventEnvelope.seq'),
    runId: text(message, 'run_id'),
    type: text(message, 'type'),
    payload: structToJson(message['payload'], 'payload'),
    timestamp: timestampToIso(asOptionalWire(message['timestamp']), 'RunEventEnvelope.timestamp'),
  };
  const nodeId = optionalText(message, 'node_id');
  const causationId = optionalText(message, 'causation_id');
  if (nodeId !== undefined) event.nodeId = nodeId;
  if (causationId !== undefined) event.causationId = causationId;
  return event;
}

export function asOptionalWire(value: unknown): WireMessage | undefined {
  return value === undefined || value === null ? undefined : asWire(value);
}
