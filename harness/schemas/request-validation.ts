import protobuf from 'protobufjs';
import type { HttpCall } from '../transport/rest/rest-operations.js';
import type { RecordedRequest } from '../transport/request-recorder.js';
import type { RpcName } from '../transport/rpc-names.js';
import { ENGINE_PROTO_PATH } from '../support/package-paths.js';
import type { SchemaKey } from './schema-ids.js';
import { SchemaId } from './schema-ids.js';
import type { SchemaRegistry } from './schema-registry.js';
import { formatSchemaIssue } from './schema-registry.js';

/**
 * Whether a request the suite built has the shape the spec gives it (issue 15 class 8): a REST
 * body against the operation's request schema (schemas/*-request.schema.json, closed as
 * client-submitted shapes are, RFC 0094 §G), its path without empty segments and its query within
 * the spec's ranges; a gRPC request against its proto message (every field declared, each value of
 * the field's type, Structs well formed). Returns one line per problem; none for a good request.
 */

const BODY_SCHEMA: Partial<Record<RpcName, SchemaKey>> = {
  CreateRun: 'createRunRequest',
  CancelRun: 'cancelRunRequest',
  BulkCancelRuns: 'bulkCancelRunsRequest',
  ForkRun: 'forkRunRequest',
  PauseRun: 'pauseRunRequest',
  ResumeRun: 'resumeRunRequest',
  ResolveInterruptByRun: 'resolveInterruptRequest',
  ResolveInterruptByToken: 'resolveInterruptRequest',
  RegisterWebhook: 'registerWebhookRequest',
};

const STREAM_MODES = new Set(['values', 'updates', 'messages', 'debug']);

export function requestProblems(recorded: RecordedRequest, schemas: SchemaRegistry): string[] {
  return recorded.surface === 'rest' ? restProblems(recorded.rpc, recorded.wire, schemas) : grpcProblems(recorded.rpc, recorded.wire);
}

function restProblems(rpc: RpcName, wire: unknown, schemas: SchemaRegistry): string[] {
  if (rpc === 'StreamRunEvents') return streamProblems(wire);
  const call = wire as HttpCall;
  const problems: string[] = [];
  const [path = '', query = ''] = call.path.split('?');
  if (/\/\/|\/$|\/:/.test(path)) problems.push(`path ${call.path} has an empty segment`);
  const schema = BODY_SCHEMA[rpc];
  if (schema) {
    for (const issue of schemas.validate(SchemaId[schema], call.body ?? {})) problems.push(`body ${formatSchemaIssue(issue)}`);
  } else if (call.body !== undefined) {
    problems.push(`${call.method} ${path} carries a body, which the operation does not take`);
  }
  const key = call.headers?.['idempotency-key'];
  if (key !== undefined && (key.length === 0 || key.length > 255)) problems.push(`Idempotency-Key has ${key.length} characters (1..255, idempotency.md)`);
  if (rpc === 'VerifyAuditLog') {
    const params = new URLSearchParams(query);
    for (const name of ['fromSeq', 'toSeq'])
      if (!/^\d+$/.test(params.get(name) ?? '')) problems.push(`query ${name}=${params.get(name)} is not an integer ≥ 0`);
  }
  return problems;
}

function streamProblems(wire: unknown): string[] {
  const { request } = wire as { request: { runId: string; lastSequence: number; streamModes?: string[]; bufferMs?: number } };
  const problems: string[] = [];
  if (request.runId === '') problems.push('the run id is empty (an empty path segment)');
  // -1 is the suite's from-start sentinel: over REST it is no parameter at all.
  if (!Number.isInteger(request.lastSequence) || request.lastSequence < -1)
    problems.push(`lastSequence ${request.lastSequence} is not an integer ≥ 0 (or the from-start -1)`);
  for (const mode of request.streamModes ?? [])
    if (!STREAM_MODES.has(mode)) problems.push(`streamMode ${JSON.stringify(mode)} is not values|updates|messages|debug`);
  if (request.bufferMs !== undefined && (!Number.isInteger(request.bufferMs) || request.bufferMs < 0 || request.bufferMs > 5000))
    problems.push(`bufferMs ${request.bufferMs} is outside 0..5000`);
  return problems;
}

let root: protobuf.Root | undefined;
const protoRoot = (): protobuf.Root => (root ??= new protobuf.Root().loadSync(ENGINE_PROTO_PATH(), { keepCase: true }));

function grpcProblems(rpc: RpcName, wire: unknown): string[] {
  const type = protoRoot().lookupType(`openwop.v1.${rpc}Request`);
  return messageProblems(type, wire, rpc);
}

/** Every member a declared field of `type`, every value of the field's type (recursing into messages and maps). */
function messageProblems(type: protobuf.Type, value: unknown, where: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${where} is not a ${type.name} message object`];
  const problems: string[] = [];
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    if (member === undefined) continue;
    const field = type.fields[key];
    if (!field) {
      problems.push(`${where}.${key} is not a field of ${type.name}`);
      continue;
    }
    field.resolve();
    if (field.map) {
      if (typeof member !== 'object' || member === null) problems.push(`${where}.${key} is not a map`);
      else for (const [entry, item] of Object.entries(member)) problems.push(...valueProblems(field, item, `${where}.${key}[${entry}]`));
    } else if (field.repeated) {
      if (!Array.isArray(member)) problems.push(`${where}.${key} is repeated but not an array`);
      else member.forEach((item, index) => problems.push(...valueProblems(field, item, `${where}.${key}[${index}]`)));
    } else {
      problems.push(...valueProblems(field, member, `${where}.${key}`));
    }
  }
  return problems;
}

function valueProblems(field: protobuf.Field, value: unknown, where: string): string[] {
  if (field.resolvedType instanceof protobuf.Type) return messageProblems(field.resolvedType, value, where);
  if (field.resolvedType instanceof protobuf.Enum) return typeof value === 'string' || Number.isInteger(value) ? [] : [`${where} is not an enum value`];
  const ok = (() => {
    switch (field.type) {
      case 'string':
        return typeof value === 'string';
      case 'bool':
        return typeof value === 'boolean';
      case 'double':
      case 'float':
        return typeof value === 'number';
      case 'int32':
      case 'uint32':
      case 'sint32':
        return Number.isInteger(value);
      case 'int64':
      case 'uint64':
      case 'sint64':
        // The client sends int64 as a decimal string (proto-loader's longs: String).
        return Number.isSafeInteger(value) || (typeof value === 'string' && /^-?\d+$/.test(value));
      case 'bytes':
        return value instanceof Uint8Array || typeof value === 'string';
      default:
        return true;
    }
  })();
  return ok ? [] : [`${where} is not a ${field.type} (got ${JSON.stringify(value)?.slice(0, 60)})`];
}
