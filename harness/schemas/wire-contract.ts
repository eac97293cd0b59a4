import { RPC_TABLE } from '../../contract/rpc-table.js';
import type { RpcName } from '../transport/rpc-names.js';
import type { SchemaKey } from './schema-ids.js';
import { SchemaId } from './schema-ids.js';

/**
 * Which JSON Schema each reply is checked against, and which requirement a violation is filed
 * under. `field` names the Struct that carries a protocol document (GetRun's `snapshot`); without
 * it the whole reply body is checked. RPCs absent here carry nothing the schemas describe.
 */
export interface ReplyContract {
  schema: SchemaKey;
  field?: string;
  /** The requirement whose subject is this reply's shape; undefined where no requirement owns it yet. */
  requirementId?: string;
}

const isSchemaKey = (key: string): key is SchemaKey => Object.hasOwn(SchemaId, key);

/** Each RPC's reply contract, from the RPC table (contract/rpc-table.ts); a schema key the suite does not know is a build mistake. */
export const REPLY_CONTRACTS: Partial<Record<RpcName, ReplyContract>> = Object.fromEntries(
  RPC_TABLE.flatMap((entry): [RpcName, ReplyContract][] => {
    if (!('replyContract' in entry)) return [];
    const { schema, requirementId } = entry.replyContract;
    if (!isSchemaKey(schema)) throw new Error(`contract/rpc-table.ts: ${entry.name} names the unknown schema ${String(schema)}`);
    return [[entry.name, { schema, requirementId, ...('field' in entry.replyContract && { field: entry.replyContract.field }) }]];
  }),
);

/** Stream items: the envelope against run-event, then the payload against its type's def; each has an owner. */
export const EVENT_CONTRACTS = {
  envelope: 'stream.event-envelope-schema-valid',
  payload: 'stream.event-payloads-schema-valid',
} as const;

/**
 * The one rule for unknown members, decided here for every document the server emits (every reply
 * and event this layer validates): readers MUST ignore unknown fields (RFC 0094 §G), so a member
 * the schema does not define is a warning naming it, wherever the stored schema copy is closed
 * (audit-verify-result, the capabilities `limits`/`grpc` blocks, response shapes): where the copy
 * and §G conflict both readings are accepted and the one seen is recorded (protocol-digest §8).
 * Known members stay strict. The error envelope alone stays closed: the spec's own text closes it
 * (protocol-digest §4), and its extra keys are the errors area's finding. Client-submitted request
 * shapes are closed too, but they are never validated here (RFC 0094 §G).
 */
export const CLOSED_SERVER_DOCUMENTS: ReadonlySet<string> = new Set([SchemaId.errorEnvelope]);

/** Whether an unknown member of a document validated against `schemaId` is a warning (true) or a violation. */
export function unknownMembersAreWarnings(schemaId: string): boolean {
  return !CLOSED_SERVER_DOCUMENTS.has(schemaId);
}
