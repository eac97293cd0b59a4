/**
 * The shape of one RPC of `openwop.v1.Engine` as the contract states it, for both surfaces (gRPC
 * `proto/openwop/v1/engine.proto`, REST per the shared REST wire contract, protocol-digest §1.2).
 * Types only: the suite's clients and the reference engine each interpret these descriptors with
 * their own code, so the engine stays independent of harness/ (it shares only contract/ and proto/).
 */

export type Surface = 'grpc' | 'rest';

/** `public`: no credential (discovery, the signed-token interrupt RPCs, protocol-digest §6); `token`: a bearer token holding `scopes`. */
export type RpcAccess = 'public' | 'token';

/** The optional features whose capability gates an RPC (the suite's areas hold each gate's conditions). */
export type RpcFeatureId = 'fork' | 'pause' | 'bulk-cancel' | 'interrupts' | 'artifacts' | 'webhooks' | 'audit';

/**
 * How a request field is written on the gRPC wire: `string` as given, `optional-string` left off
 * when empty, `struct` as google.protobuf.Struct, `int64` as a decimal string (safe integers
 * only), `int32` and `repeated` as given.
 */
export type RequestKind = 'string' | 'optional-string' | 'struct' | 'int64' | 'int32' | 'repeated';

/** Where a request field travels over REST: a `{name}` path segment, a body member, a query parameter, or a header. */
export type RestPlace = { in: 'path' } | { in: 'body'; name?: string } | { in: 'query' } | { in: 'header'; name: string };

export interface RequestField {
  /** The camelCase name the suite's requests and the JSON Schemas use. */
  json: string;
  /** The proto field name. */
  grpc: string;
  kind: RequestKind;
  /** Absent: REST carries the field its own way (the event stream's cursor and modes). */
  rest?: RestPlace;
}

/**
 * How a reply field is read from the gRPC wire: proto3 `string` (unset reads ""), `optional-string`
 * (absent when empty), `bool`, `struct` (the member is always present, undefined when unset),
 * `optional-struct` and `optional-timestamp` (absent when unset), `bytes`, or `messages`, a
 * repeated message read field by field.
 */
export type ReplyKind = 'string' | 'optional-string' | 'bool' | 'struct' | 'optional-struct' | 'optional-timestamp' | 'bytes' | 'messages';

/**
 * Where REST carries a reply field: a member of the JSON body (named `name`, default the JSON
 * name), the whole body, the raw body bytes, a response header, or the request field it echoes.
 */
export type RestSource =
  { from: 'member'; name?: string } | { from: 'whole-body' } | { from: 'bytes' } | { from: 'header'; name: string } | { from: 'request'; field: string };

export interface ReplyField {
  json: string;
  grpc: string;
  kind: ReplyKind;
  /** Default: the body member of the same JSON name. */
  rest?: RestSource;
  /** The fields of each entry, for `messages`. */
  fields?: readonly ReplyField[];
}

export interface RestOperation {
  method: 'GET' | 'POST' | 'DELETE';
  /** `{field}` marks a path parameter (percent-encoded); anything else is literal (`:fork` included). */
  path: string;
  /** The status the REST contract names for success (201 creates, 202 accepted, 204 no content). */
  successStatus: number;
  /** Body members the operation accepts beyond the ones the suite sends (openapi.yaml; bodies are closed). */
  otherMembers?: readonly string[];
  /** The streaming RPC's long-poll form (events as a JSON page). */
  pollPath?: string;
}

/** Which JSON Schema a reply is checked against and the requirement that owns a violation. */
export interface ReplyContractData {
  /** A schema key of harness/schemas/schema-ids.ts. */
  schema: string;
  /** The member that carries the document (GetRun's `snapshot`); absent: the whole reply. */
  field?: string;
  requirementId: string;
}

export interface RpcDescriptor {
  /** The proto method name. */
  name: string;
  /** The EngineClient method (lowerCamel of the name). */
  clientMethod: string;
  /** A server stream (StreamRunEvents) rather than a unary call. */
  streaming: boolean;
  access: RpcAccess;
  /** The normative method → scope table (protocol-digest §1.2); empty for public RPCs. */
  scopes: readonly string[];
  /** Changes state: a successful call is an audit-log entry (auth-profiles.md audit annex). */
  mutates: boolean;
  /** The feature whose capability gates the RPC; absent: core, always offered. */
  feature?: RpcFeatureId;
  surfaces: readonly Surface[];
  request: readonly RequestField[];
  /** The unary reply's fields (the stream's events are the run-event envelope, mapped on their own). */
  reply: readonly ReplyField[];
  rest: RestOperation;
  /** Absent: the reply carries nothing the schemas describe. */
  replyContract?: ReplyContractData;
}
