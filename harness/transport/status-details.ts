import protobuf from 'protobufjs';
import type { JsonValue } from '../support/json.js';
import { ERROR_ENVELOPE_TYPE_URL } from './rpc-error.js';

/**
 * Reads the error envelope an engine attaches to a failed RPC (grpc-transport §1.4): the
 * `grpc-status-details-bin` trailer holds a serialized google.rpc.Status whose `details[]` carries an
 * entry with type_url ERROR_ENVELOPE_TYPE_URL and the UTF-8 JSON bytes of the envelope as `value`.
 */

export const STATUS_DETAILS_TRAILER = 'grpc-status-details-bin';

/** The envelope, or one sentence saying why there is none. Exactly one of the two is set. */
export interface EnvelopeReading {
  envelope?: JsonValue;
  problem?: string;
}

export interface StatusDetail {
  typeUrl: string;
  value: Uint8Array;
}

// google.rpc.Status and google.protobuf.Any, declared here so decoding needs no extra .proto files.
const statusRoot = protobuf.Root.fromJSON({
  nested: {
    google: {
      nested: {
        rpc: {
          nested: {
            Status: {
              fields: {
                code: { type: 'int32', id: 1 },
                message: { type: 'string', id: 2 },
                details: { rule: 'repeated', type: 'google.protobuf.Any', id: 3 },
              },
            },
          },
        },
        protobuf: {
          nested: {
            Any: {
              fields: {
                type_url: { type: 'string', id: 1 },
                value: { type: 'bytes', id: 2 },
              },
            },
          },
        },
      },
    },
  },
});
const StatusType = statusRoot.lookupType('google.rpc.Status');

interface DecodedStatus {
  code: number;
  message: string;
  details: StatusDetail[];
}

function decodeStatus(bytes: Uint8Array): DecodedStatus {
  const message = StatusType.decode(bytes);
  const plain = StatusType.toObject(message, { defaults: true, arrays: true, bytes: Array });
  const details = Array.isArray(plain['details']) ? (plain['details'] as unknown[]) : [];
  return {
    code: typeof plain['code'] === 'number' ? plain['code'] : 0,
    message: typeof plain['message'] === 'string' ? plain['message'] : '',
    details: details.map((detail) => {
      const record = (detail ?? {}) as { type_url?: unknown; value?: unknown };
      return {
        typeUrl: typeof record.type_url === 'string' ? record.type_url : '',
        value: Uint8Array.from(Array.isArray(record.value) ? (record.value as number[]) : []),
      };
    }),
  };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes the trailer bytes (undefined when the engine sent no such trailer). */
export function readErrorEnvelope(statusDetailsBin: Uint8Array | undefined): EnvelopeReading {
  if (statusDetailsBin === undefined) {
    return { problem: `the engine sent no ${STATUS_DETAILS_TRAILER} trailer, so the error carries no envelope.` };
  }
  let status: DecodedStatus;
  try {
    status = decodeStatus(statusDetailsBin);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
    return { problem: `the ${STATUS_DETAILS_TRAILER} trailer (${statusDetailsBin.length} bytes) is not a valid google.rpc.Status: ${reason}.` };
  }
  const detail = status.details.find((entry) => entry.typeUrl === ERROR_ENVELOPE_TYPE_URL);
  if (!detail) {
    const seen = status.details.map((entry) => JSON.stringify(entry.typeUrl));
    return {
      problem: `google.rpc.Status.details has no entry with type_url "${ERROR_ENVELOPE_TYPE_URL}" (type_urls seen: ${seen.length > 0 ? seen.join(', ') : 'none'}).`,
    };
  }
  let text: string;
  try {
    text = strictUtf8.decode(detail.value);
  } catch {
    return { problem: `the "${ERROR_ENVELOPE_TYPE_URL}" detail value (${detail.value.length} bytes) is not valid UTF-8.` };
  }
  try {
    return { envelope: JSON.parse(text) as JsonValue };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
    return { problem: `the "${ERROR_ENVELOPE_TYPE_URL}" detail value is not JSON (${reason}).` };
  }
}

/** Serializes a google.rpc.Status; used by tests and the in-test servers that play an engine. */
export function encodeStatusDetails(code: number, message: string, details: StatusDetail[]): Buffer {
  const status = StatusType.fromObject({
    code,
    message,
    details: details.map((detail) => ({ type_url: detail.typeUrl, value: detail.value })),
  });
  return Buffer.from(StatusType.encode(status).finish());
}

/** Convenience for tests: an envelope detail as the spec requires it (UTF-8 JSON bytes). */
export function envelopeDetail(envelope: JsonValue): StatusDetail {
  return { typeUrl: ERROR_ENVELOPE_TYPE_URL, value: Buffer.from(JSON.stringify(envelope), 'utf8') };
}

/**
 * The first layer of an error's details, on its own: whether the trailer is there and decodes as
 * google.rpc.Status, and which type_urls its details carry. The errors area judges each layer
 * (trailer, envelope detail, envelope shape) under its own requirement.
 */
export interface StatusDetailsLayer {
  /** Why the trailer is missing or is not a google.rpc.Status; undefined when it decoded. */
  problem?: string;
  typeUrls: string[];
}

export function describeStatusDetails(statusDetailsBin: Uint8Array | undefined): StatusDetailsLayer {
  if (statusDetailsBin === undefined) return { problem: `no ${STATUS_DETAILS_TRAILER} trailer`, typeUrls: [] };
  try {
    return { typeUrls: decodeStatus(statusDetailsBin).details.map((detail) => detail.typeUrl) };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
    return { problem: `the ${STATUS_DETAILS_TRAILER} trailer (${statusDetailsBin.length} bytes) is not a valid google.rpc.Status: ${reason}`, typeUrls: [] };
  }
}
