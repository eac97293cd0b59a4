import type { CallOptions, EngineClient, EventStream, RunEvent, StreamEnd, StreamRunEventsRequest } from '../transport/engine-client.js';
import { decorateClient } from '../transport/decorate-client.js';
import { BlockedError, ConformanceFailure, EngineEventsUnreadable, WireSchemaViolation } from '../verdicts/outcome-errors.js';
import { UnreadableEventError, UnreadableReplyError } from '../transport/unreadable-event.js';
import { isJsonObject } from '../support/json.js';
import { RpcError } from '../transport/rpc-error.js';
import type { RpcName } from '../transport/rpc-names.js';
import { SchemaId } from './schema-ids.js';
import type { SchemaIssue, SchemaRegistry } from './schema-registry.js';
import { formatSchemaIssue } from './schema-registry.js';
import { EVENT_CONTRACTS, REPLY_CONTRACTS, unknownMembersAreWarnings } from './wire-contract.js';
import { invalidUtf8Of } from '../transport/strict-utf8.js';

/** What the validating layer tells the test that is using it. */
export interface WireListener {
  /** Every request sent, for reproduction commands. */
  onCall(rpc: RpcName, request: unknown): void;
  /** Every schema violation found; the collector charges it to the requirement that owns the schema. */
  onViolation(violation: WireSchemaViolation): void;
  /** Findings that must not fail anything (unknown event types and fields: readers MUST ignore them). */
  onWarning(message: string): void;
}

export interface ValidatingClientOptions {
  listener: WireListener;
  /** Sent as `x-openwop-conformance-case` so engine logs can be matched to a requirement. */
  caseId?: string;
}

const schemaName = (id: string): string => id.slice(id.lastIndexOf('/') + 1);

/** protobuf strings must be valid UTF-8; the decoder would have replaced the bad bytes silently. */
const utf8Issues = (paths: readonly string[]): SchemaIssue[] =>
  paths.map((path) => ({
    instancePath: path,
    schemaPath: '#',
    keyword: 'utf8',
    message: 'is not valid UTF-8 on the wire (a proto string must be; the decoder replaced the bytes with U+FFFD)',
  }));

/** Unknown keys are a warning for documents the server emits (wire-contract.ts unknownMembersAreWarnings); every other issue is a violation. */
function splitIssues(schemaId: string, issues: SchemaIssue[]): { violations: SchemaIssue[]; unknownKeys: SchemaIssue[] } {
  if (!unknownMembersAreWarnings(schemaId)) return { violations: issues, unknownKeys: [] };
  const unknown = (issue: SchemaIssue): boolean => issue.keyword === 'additionalProperties' || issue.keyword === 'unevaluatedProperties';
  return { violations: issues.filter((issue) => !unknown(issue)), unknownKeys: issues.filter(unknown) };
}

/**
 * Wraps any transport so that every reply, stream event and error envelope is schema-checked before
 * a suite sees it (no suite can forget). A violation is reported to the listener, which charges it
 * to the requirement that owns the schema wherever it was seen; the reply is then handed on as sent,
 * so a check about something else reads past it. Only a reply whose schema no requirement owns yet
 * is thrown, so the check that met it reports it. Invalid envelopes are recorded on the RpcError
 * for the negative test to judge.
 */
export function createValidatingClient(inner: EngineClient, registry: SchemaRegistry, options: ValidatingClientOptions): EngineClient {
  const { listener } = options;
  const withCase = (callOptions?: CallOptions): CallOptions => {
    const noticed: CallOptions = { ...callOptions, onNotice: (message) => listener.onWarning(message) };
    if (!options.caseId) return noticed;
    return { ...noticed, metadata: { 'x-openwop-conformance-case': options.caseId, ...callOptions?.metadata } };
  };

  /**
   * An event the engine sent that is no RunEventDoc: a finding of the envelope's owner (each
   * schema rule it breaks, or what made it unreadable), and a block, naming that owner, of the
   * check that needed the stream. Never a suite error.
   */
  const unreadable = (error: UnreadableEventError, request: StreamRunEventsRequest): EngineEventsUnreadable => {
    const document = error.document;
    const schemaIssues = isJsonObject(document) ? splitIssues(SchemaId.runEvent, registry.validate(SchemaId.runEvent, document)) : undefined;
    if (schemaIssues) warnUnknownKeys(`StreamRunEvents ${error.where}`, SchemaId.runEvent, schemaIssues.unknownKeys);
    const issues =
      schemaIssues && schemaIssues.violations.length > 0
        ? schemaIssues.violations
        : [{ instancePath: '', schemaPath: '#', keyword: 'readable', message: error.problem }];
    const type = isJsonObject(document) && typeof document['type'] === 'string' ? document['type'] : 'unreadable';
    listener.onViolation(
      new WireSchemaViolation({
        requirementId: EVENT_CONTRACTS.envelope,
        rpc: 'StreamRunEvents',
        schemaName: schemaName(SchemaId.runEvent),
        issues,
        subject: `${type} event envelope`,
        request,
      }),
    );
    return new EngineEventsUnreadable(EVENT_CONTRACTS.envelope, `${error.where} ${error.problem}`);
  };

  const warnUnknownKeys = (where: string, schemaId: string, issues: SchemaIssue[]): void => {
    if (issues.length === 0) return;
    listener.onWarning(
      `${where} carries fields ${schemaName(schemaId)} does not define (ignored, as readers must, RFC 0094 §G; the stored schema copy may be closed, both readings accepted): ${issues.map((issue) => formatSchemaIssue(issue)).join('; ')}`,
    );
  };

  const checkReply = (rpc: RpcName, request: unknown, reply: object): void => {
    const contract = REPLY_CONTRACTS[rpc];
    if (!contract) return;
    const subject = contract.field ? (reply as Record<string, unknown>)[contract.field] : reply;
    const schemaId = SchemaId[contract.schema];
    const issues =
      subject === undefined
        ? [{ instancePath: `/${contract.field ?? ''}`, schemaPath: '#', keyword: 'required', message: 'field is unset on the wire' }]
        : registry.validate(schemaId, subject);
    const split = splitIssues(schemaId, issues);
    const unknownKeys = split.unknownKeys;
    // Paths are from the reply's root; the schema's subject is the field (e.g. /snapshot/status).
    const violations = [...split.violations, ...utf8Issues(invalidUtf8Of(reply) ?? [])];
    warnUnknownKeys(`${rpc} reply`, schemaId, unknownKeys);
    if (violations.length === 0) return;
    const violation = new WireSchemaViolation({
      requirementId: contract.requirementId,
      rpc,
      schemaName: schemaName(schemaId),
      issues: violations,
      subject: `${rpc} reply`,
      reply,
      request,
    });
    listener.onViolation(violation);
    if (!contract.requirementId) throw violation;
  };

  /** A reply the transport could not decode: the engine's, charged to the reply schema's owner, which the caller is blocked naming. */
  const unreadableReply = (error: UnreadableReplyError, rpc: RpcName, request: unknown): Error => {
    const contract = REPLY_CONTRACTS[rpc];
    const owner = contract?.requirementId;
    // With no owner, the check that met it judges it: the engine answered something unreadable.
    if (!contract || !owner)
      return new ConformanceFailure(`the engine's ${rpc} reply cannot be read: ${error.problem}`, `a readable ${rpc} reply`, error.problem);
    const issues = [{ instancePath: '', schemaPath: '#', keyword: 'readable', message: error.problem }];
    listener.onViolation(
      new WireSchemaViolation({ requirementId: owner, rpc, schemaName: schemaName(SchemaId[contract.schema]), issues, subject: `${rpc} reply`, request }),
    );
    return new BlockedError(`the engine's ${rpc} reply cannot be read (see ${owner}): ${error.problem}`);
  };

  const checkEnvelope = (error: unknown, request?: unknown): unknown => {
    if (error instanceof RpcError && request !== undefined) error.request = request;
    if (error instanceof RpcError && error.envelope !== undefined) {
      error.envelopeIssues = registry.validate(SchemaId.errorEnvelope, error.envelope).map((issue) => formatSchemaIssue(issue));
    }
    return error;
  };

  const unary = async <T>(
    rpc: RpcName,
    request: unknown,
    callOptions: CallOptions | undefined,
    send: (options: CallOptions | undefined) => Promise<T>,
  ): Promise<T> => {
    listener.onCall(rpc, request);
    let reply: T;
    try {
      reply = await send(withCase(callOptions));
    } catch (error) {
      if (error instanceof UnreadableReplyError) throw unreadableReply(error, rpc, request);
      throw checkEnvelope(error, request);
    }
    checkReply(rpc, request, reply as object);
    return reply;
  };

  /** Never throws: the envelope and payload owners are charged, and the check sees the event as sent. */
  const checkEvent = (event: RunEvent, request: StreamRunEventsRequest): RunEvent => {
    let seen = event;
    if (event.payload === undefined) {
      // proto3 lets a message field stay unset; an unset payload Struct is read as the empty object.
      listener.onWarning(`StreamRunEvents sent ${event.type} events with the payload unset; read as {}`);
      seen = { ...event, payload: {} };
    }
    const badUtf8 = invalidUtf8Of(event) ?? [];
    const inPayload = (path: string): boolean => path === '/payload' || path.startsWith('/payload/');
    const envelopeUtf8 = utf8Issues(badUtf8.filter((path) => !inPayload(path)));
    const payloadUtf8 = utf8Issues(badUtf8.filter(inPayload));
    const envelope = splitIssues(SchemaId.runEvent, registry.validate(SchemaId.runEvent, seen));
    envelope.violations.push(...envelopeUtf8);
    warnUnknownKeys(`StreamRunEvents ${event.type} event`, SchemaId.runEvent, envelope.unknownKeys);
    if (envelope.violations.length > 0) {
      listener.onViolation(
        new WireSchemaViolation({
          requirementId: EVENT_CONTRACTS.envelope,
          rpc: 'StreamRunEvents',
          schemaName: schemaName(SchemaId.runEvent),
          issues: envelope.violations,
          subject: `${event.type} event envelope`,
          request,
        }),
      );
    }
    if (payloadUtf8.length > 0) {
      listener.onViolation(
        new WireSchemaViolation({
          requirementId: EVENT_CONTRACTS.payload,
          rpc: 'StreamRunEvents',
          schemaName: `run-event-payloads.schema.json#${event.type}`,
          issues: payloadUtf8,
          subject: `${event.type} payload`,
          request,
        }),
      );
    }
    const payload = registry.validateEventPayload(seen.type, seen.payload);
    if (!payload.known) {
      listener.onWarning(`StreamRunEvents delivered event type "${event.type}" that this suite does not know; ignored as the spec requires`);
      return seen;
    }
    const split = splitIssues(SchemaId.runEventPayloads, payload.issues);
    warnUnknownKeys(`StreamRunEvents ${event.type} payload`, SchemaId.runEventPayloads, split.unknownKeys);
    if (split.violations.length > 0) {
      listener.onViolation(
        new WireSchemaViolation({
          requirementId: EVENT_CONTRACTS.payload,
          rpc: 'StreamRunEvents',
          schemaName: `run-event-payloads.schema.json#${event.type}`,
          issues: split.violations,
          subject: `${event.type} payload`,
          request,
        }),
      );
    }
    return seen;
  };

  const streamRunEvents = (
    request: StreamRunEventsRequest,
    callOptions: CallOptions | undefined,
    open: (options: CallOptions | undefined) => EventStream,
  ): EventStream => {
    listener.onCall('StreamRunEvents', request);
    const stream = open(withCase(callOptions));
    // The finding is charged once per stream, whether the check iterates it or only awaits its end.
    let blocked: EngineEventsUnreadable | undefined;
    const asSeen = (error: unknown): unknown => {
      if (!(error instanceof UnreadableEventError)) return checkEnvelope(error, request);
      blocked ??= unreadable(error, request);
      return blocked;
    };
    const ended: Promise<StreamEnd> = stream.ended.then((end) => (end.kind === 'error' ? { kind: 'error', error: asSeen(end.error) as Error } : end));
    return {
      ended,
      cancel: () => stream.cancel(),
      async *[Symbol.asyncIterator]() {
        try {
          for await (const event of stream) yield checkEvent(event, request);
        } catch (error) {
          stream.cancel();
          throw asSeen(error);
        }
      },
    };
  };

  return decorateClient(inner, { unary, stream: streamRunEvents });
}
