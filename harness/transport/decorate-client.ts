import type { CallOptions, EngineClient, EventStream, StreamRunEventsRequest } from './engine-client.js';
import type { RpcName } from './rpc-names.js';

/**
 * What a decorator does around the calls of an EngineClient: `unary` wraps every unary call (it
 * may change the options, retry, observe the outcome); `stream` wraps opening an event stream.
 * Either may be left out to pass those calls through unchanged.
 */
export interface ClientDecoration {
  unary?<T>(rpc: RpcName, request: unknown, options: CallOptions | undefined, send: (options: CallOptions | undefined) => Promise<T>): Promise<T>;
  stream?(request: StreamRunEventsRequest, options: CallOptions | undefined, open: (options: CallOptions | undefined) => EventStream): EventStream;
}

/** Builds a client that routes each of the 17 RPCs through one decoration, so decorators stay small. */
export function decorateClient(inner: EngineClient, decoration: ClientDecoration): EngineClient {
  const unary = <T>(rpc: RpcName, request: unknown, options: CallOptions | undefined, send: (options: CallOptions | undefined) => Promise<T>): Promise<T> =>
    decoration.unary ? decoration.unary(rpc, request, options, send) : send(options);
  return {
    transport: inner.transport,
    target: inner.target,
    getCapabilities: (request, o) => unary('GetCapabilities', request, o, (c) => inner.getCapabilities(request, c)),
    getWorkflow: (request, o) => unary('GetWorkflow', request, o, (c) => inner.getWorkflow(request, c)),
    createRun: (request, o) => unary('CreateRun', request, o, (c) => inner.createRun(request, c)),
    getRun: (request, o) => unary('GetRun', request, o, (c) => inner.getRun(request, c)),
    cancelRun: (request, o) => unary('CancelRun', request, o, (c) => inner.cancelRun(request, c)),
    bulkCancelRuns: (request, o) => unary('BulkCancelRuns', request, o, (c) => inner.bulkCancelRuns(request, c)),
    forkRun: (request, o) => unary('ForkRun', request, o, (c) => inner.forkRun(request, c)),
    pauseRun: (request, o) => unary('PauseRun', request, o, (c) => inner.pauseRun(request, c)),
    resumeRun: (request, o) => unary('ResumeRun', request, o, (c) => inner.resumeRun(request, c)),
    streamRunEvents: (request, o) => (decoration.stream ? decoration.stream(request, o, (c) => inner.streamRunEvents(request, c)) : inner.streamRunEvents(request, o)),
    resolveInterruptByRun: (request, o) => unary('ResolveInterruptByRun', request, o, (c) => inner.resolveInterruptByRun(request, c)),
    resolveInterruptByToken: (request, o) => unary('ResolveInterruptByToken', request, o, (c) => inner.resolveInterruptByToken(request, c)),
    inspectInterruptByToken: (request, o) => unary('InspectInterruptByToken', request, o, (c) => inner.inspectInterruptByToken(request, c)),
    getArtifact: (request, o) => unary('GetArtifact', request, o, (c) => inner.getArtifact(request, c)),
    registerWebhook: (request, o) => unary('RegisterWebhook', request, o, (c) => inner.registerWebhook(request, c)),
    unregisterWebhook: (request, o) => unary('UnregisterWebhook', request, o, (c) => inner.unregisterWebhook(request, c)),
    verifyAuditLog: (request, o) => unary('VerifyAuditLog', request, o, (c) => inner.verifyAuditLog(request, c)),
    // A raw probe of a method the contract does not declare: nothing to decorate, passed through.
    ...(inner.probeUndeclaredMethod && { probeUndeclaredMethod: inner.probeUndeclaredMethod.bind(inner) }),
    // Raw HTTP for the rest area's framing checks: passed through like the probe (nothing to validate).
    ...(inner.rawRequest && { rawRequest: inner.rawRequest.bind(inner) }),
    close: () => inner.close(),
  };
}
