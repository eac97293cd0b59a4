import type { ServiceError } from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import type { Json, Message, RawEngineClient } from './raw-engine-client.js';
import { isMessage, statusDetailsBytes, structToJson } from './raw-engine-client.js';

/**
 * Test-side readers for what the reference engine sends: run events, snapshots and the error
 * envelope in `grpc-status-details-bin`. google.rpc.Status is parsed from proto text here,
 * independently of the engine's reflection-built type.
 */

export interface WireEvent {
  eventId: string;
  seq: number;
  runId: string;
  type: string;
  nodeId: string;
  payload: { [key: string]: Json };
  timestampMs: number;
}

export function toWireEvent(message: Message): WireEvent {
  const timestamp = isMessage(message['timestamp']) ? message['timestamp'] : {};
  return {
    eventId: String(message['eventId']),
    seq: Number(message['seq']),
    runId: String(message['runId']),
    type: String(message['type']),
    nodeId: String(message['nodeId']),
    payload: structToJson(message['payload']),
    timestampMs: Number(timestamp['seconds'] ?? 0) * 1000 + Math.floor(Number(timestamp['nanos'] ?? 0) / 1e6),
  };
}

/** Streams a run's events from the start in `debug` mode until the server closes the stream. */
export async function allEvents(client: RawEngineClient, runId: string): Promise<{ events: WireEvent[]; code: number }> {
  const { messages, status } = await client.streamEvents({ runId, lastSequence: -1, streamModes: ['debug'] });
  return { events: messages.map(toWireEvent), code: status.code };
}

/** Streams in debug mode until an event of `type` arrives, then disconnects (not a cancel of the run). */
export async function waitForEvent(client: RawEngineClient, runId: string, type: string): Promise<WireEvent> {
  const { messages } = await client.streamEvents({ runId, lastSequence: -1, streamModes: ['debug'] }, (message) => message['type'] === type);
  const found = messages.map(toWireEvent).find((event) => event.type === type);
  if (!found) throw new Error(`run ${runId} ended without a ${type} event`);
  return found;
}

export async function createRun(client: RawEngineClient, workflowId: string, inputs: { [key: string]: Json } = {}): Promise<string> {
  const reply = await client.call('CreateRun', { workflowId, inputs: jsonToStruct(inputs) });
  return String(reply['runId']);
}

export async function snapshotOf(client: RawEngineClient, runId: string): Promise<{ [key: string]: Json }> {
  const reply = await client.call('GetRun', { runId });
  return structToJson(reply['snapshot']);
}

/** JSON → protobufjs Struct object (camelCase Value members), written by hand for the tests. */
export function jsonToStruct(document: { [key: string]: Json }): Message {
  const fields: Message = {};
  for (const [key, value] of Object.entries(document)) fields[key] = jsonToValue(value);
  return { fields };
}

function jsonToValue(value: Json): Message {
  if (value === null) return { nullValue: 'NULL_VALUE' };
  if (Array.isArray(value)) return { listValue: { values: value.map(jsonToValue) } };
  if (typeof value === 'object') return { structValue: jsonToStruct(value) };
  if (typeof value === 'number') return { numberValue: value };
  if (typeof value === 'string') return { stringValue: value };
  return { boolValue: value };
}

const statusRoot = protobuf.parse(
  `syntax = "proto3";
   package google.rpc;
   message Any { string type_url = 1; bytes value = 2; }
   message Status { int32 code = 1; string message = 2; repeated Any details = 3; }`,
  { keepCase: true },
).root;
const statusType = statusRoot.lookupType('google.rpc.Status');

export interface DecodedStatus {
  code: number;
  message: string;
  details: { typeUrl: string; json: Json }[];
}

/** Decodes the details trailer; undefined when the engine sent none. */
export function decodeStatusDetails(error: ServiceError): DecodedStatus | undefined {
  const bytes = statusDetailsBytes(error);
  if (!bytes) return undefined;
  const status = statusType.toObject(statusType.decode(bytes), { defaults: true, bytes: Buffer });
  const details = Array.isArray(status['details']) ? status['details'] : [];
  return {
    code: Number(status['code']),
    message: String(status['message']),
    details: details.filter(isMessage).map((detail) => {
      const value = detail['value'];
      return {
        typeUrl: String(detail['type_url']),
        json: Buffer.isBuffer(value) ? (JSON.parse(value.toString('utf8')) as Json) : null,
      };
    }),
  };
}

/** The one ErrorEnvelope detail of an error, asserting the spec's type_url. */
export function envelopeOf(error: ServiceError): { [key: string]: Json } {
  const decoded = decodeStatusDetails(error);
  if (!decoded) throw new Error(`no grpc-status-details-bin trailer on ${error.message}`);
  const envelope = decoded.details.find((detail) => detail.typeUrl === 'openwop.dev/spec/v1/ErrorEnvelope')?.json;
  if (!isMessage(envelope)) throw new Error(`no ErrorEnvelope detail on ${error.message}`);
  return envelope;
}
