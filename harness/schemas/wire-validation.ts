import type {
  CallOptions,
  EngineClient,
  EventStream,
  Reply,
  RunEvent,
  StreamEnd,
  StreamRunEventsRequest,
} from '../transport/engine-client.js';
import { WireSchemaViolation } from '../verdicts/outcome-errors.js';
import { RpcError } from '../transport/rpc-error.js';
import type { RpcName } from '../transport/rpc-names.js';
import { SchemaId } from './schema-ids.js';
import type { SchemaRegistry } from './schema-registry.js';
import { formatSchemaIssue } from './schema-registry.js';
import { REPLY_CONTRACTS } from './wire-contract.js';

/** What the validating layer tells the test that is using it. */
export interface WireListener {
  /** Every request sent, for reproduction commands. */
  onCall(rpc: RpcName, request: unknown): void;
  /** Every schema violation found, also when it is thrown, so the owning requirement can be failed. */
  onViolation(violation: WireSchemaViolation): void;
  /** Findings that must not fail anything (unknown event types: readers MUST ignore them). */
  onWarning(message: string): void;
}

export interface ValidatingClientOptions {
  listener: WireListener;
  /** Sent as `x-openwop-conformance-case` so engine logs can be matched to a requirement. */
  caseId?: string;
}

const schemaName = (id: string): string => id.slice(id.lastIndexOf('/') + 1);

/**
 * Wraps any transport so that every reply, stream event and error envelope is schema-checked before
 * a suite sees it (DEVELOPERS.md: no suite can forget). Invalid replies throw WireSchemaViolation;
 * invalid envelopes are recorded on the RpcError for the negative test to judge.
 */
export function createValidatingClient(inner: EngineClient, registry: SchemaRegistry, options: ValidatingClientOptions): EngineClient {
  const { listener } = options;
  const withCase = (callOptions?: CallOptions): CallOptions => {
    if (!options.caseId) return callOptions ?? {};
    return { ...callOptions, metadata: { 'x-openwop-conformance-case': options.caseId, ...callOptions?.metadata } };
  };

  const checkReply = (rpc: RpcName, reply: object): void => {
    const contract = REPLY_CONTRACTS[rpc];
    if (!contract) return;
    const subject = contract.field ? (reply as Record<string, unknown>)[contract.field] : reply;
    const schemaId = SchemaId[contract.schema];
    const issues =
      subject === undefined
        ? [{ instancePath: `/${contract.field ?? ''}`, schemaPath: '#', keyword: 'required', message: 'field is unset on the wire' }]
        : registry.validate(schemaId, subject);
    if (issues.length > 0) {
      const violation = new WireSchemaViolation(contract.requirementId, rpc, schemaName(schemaId), issues, 'reply', reply);
      listener.onViolation(violation);
      throw violation;
    }
  };

  const checkEnvelope = (error: unknown): unknown => {
    if (error instanceof RpcError && error.envelope !== undefined) {
      error.envelopeIssues = registry.validate(SchemaId.errorEnvelope, error.envelope).map((issue) => formatSchemaIssue(issue));
    }
    return error;
  };

  async function unary<T extends object>(rpc: RpcName, request: unknown, send: () => Promise<Reply<T>>): Promise<Reply<T>> {
    listener.onCall(rpc, request);
    let reply: Reply<T>;
    try {
      reply = await send();
    } catch (error) {
      throw checkEnvelope(error);
    }
    checkReply(rpc, reply);
    return reply;
  }

  const checkEvent = (event: RunEvent): void => {
    const issues = registry.validate(SchemaId.runEvent, event);
    if (issues.length > 0) {
      const violation = new WireSchemaViolation(undefined, 'StreamRunEvents', schemaName(SchemaId.runEvent), issues, `event #${event.sequence}`);
      listener.onViolation(violation);
      throw violation;
    }
    const payload = registry.validateEventPayload(event.type, event.payload);
    if (!payload.known) {
      listener.onWarning(`StreamRunEvents delivered event type "${event.type}" that this suite does not know; ignored as the spec requires`);
    } else if (payload.issues.length > 0) {
      const violation = new WireSchemaViolation(undefined, 'StreamRunEvents', `run-event-payloads.schema.json#${event.type}`, payload.issues, `event #${event.sequence} payload`);
      listener.onViolation(violation);
      throw violation;
    }
  };

  const streamRunEvents = (request: StreamRunEventsRequest, callOptions?: CallOptions): EventStream => {
    listener.onCall('StreamRunEvents', request);
    const stream = inner.streamRunEvents(request, withCase(callOptions));
    const ended: Promise<StreamEnd> = stream.ended.then((end) => (end.kind === 'error' ? { kind: 'error', error: checkEnvelope(end.error) as Error } : end));
    return {
      ended,
      cancel: () => stream.cancel(),
      async *[Symbol.asyncIterator]() {
        try {
          for await (const event of stream) {
            checkEvent(event);
            yield event;
          }
        } catch (error) {
          stream.cancel();
          throw checkEnvelope(error);
        }
      },
    };
  };

  return {
    transport: inner.transport,
    target: inner.target,
    getCapabilities: (request, o) => unary('GetCapabilities', request ?? {}, () => inner.getCapabilities(request, withCase(o))),
    getWorkflow: (request, o) => unary('GetWorkflow', request, () => inner.getWorkflow(request, withCase(o))),
    createRun: (request, o) => unary('CreateRun', request, () => inner.createRun(request, withCase(o))),
    getRun: (request, o) => unary('GetRun', request, () => inner.getRun(request, withCase(o))),
    cancelRun: (request, o) => unary('CancelRun', request, () => inner.cancelRun(request, withCase(o))),
    bulkCancelRuns: (request, o) => unary('BulkCancelRuns', request, () => inner.bulkCancelRuns(request, withCase(o))),
    forkRun: (request, o) => unary('ForkRun', request, () => inner.forkRun(request, withCase(o))),
    pauseRun: (request, o) => unary('PauseRun', request, () => inner.pauseRun(request, withCase(o))),
    resumeRun: (request, o) => unary('ResumeRun', request, () => inner.resumeRun(request, withCase(o))),
    streamRunEvents,
    resolveInterruptByRun: (request, o) => unary('ResolveInterruptByRun', request, () => inner.resolveInterruptByRun(request, withCase(o))),
    resolveInterruptByToken: (request, o) => unary('ResolveInterruptByToken', request, () => inner.resolveInterruptByToken(request, withCase(o))),
    inspectInterruptByToken: (request, o) => unary('InspectInterruptByToken', request, () => inner.inspectInterruptByToken(request, withCase(o))),
    getArtifact: (request, o) => unary('GetArtifact', request, () => inner.getArtifact(request, withCase(o))),
    registerWebhook: (request, o) => unary('RegisterWebhook', request, () => inner.registerWebhook(request, withCase(o))),
    unregisterWebhook: (request, o) => unary('UnregisterWebhook', request, () => inner.unregisterWebhook(request, withCase(o))),
    verifyAuditLog: (request, o) => unary('VerifyAuditLog', request, () => inner.verifyAuditLog(request, withCase(o))),
    close: () => inner.close(),
  };
}
