import type { CallOptions, EngineClient, EventStream, StreamRunEventsRequest } from './engine-client.js';
import type { RpcName } from './rpc-names.js';
import { callUnary, unaryRpcMethods } from './rpc-methods.js';

/**
 * What a decorator does around the calls of an EngineClient: `unary` wraps every unary call (it
 * may change the options, retry, observe the outcome); `stream` wraps opening an event stream.
 * Either may be left out to pass those calls through unchanged.
 */
export interface ClientDecoration {
  unary?<T>(rpc: RpcName, request: unknown, options: CallOptions | undefined, send: (options: CallOptions | undefined) => Promise<T>): Promise<T>;
  stream?(request: StreamRunEventsRequest, options: CallOptions | undefined, open: (options: CallOptions | undefined) => EventStream): EventStream;
}

/** Builds a client that routes each RPC of the table (contract/rpc-table.ts) through one decoration, so decorators stay small. */
export function decorateClient(inner: EngineClient, decoration: ClientDecoration): EngineClient {
  const unary = <T>(rpc: RpcName, request: unknown, options: CallOptions | undefined, send: (options: CallOptions | undefined) => Promise<T>): Promise<T> =>
    decoration.unary ? decoration.unary(rpc, request, options, send) : send(options);
  return {
    transport: inner.transport,
    target: inner.target,
    ...unaryRpcMethods((descriptor, request, o) => unary(descriptor.name, request, o, (c) => callUnary(inner, descriptor, request, c))),
    streamRunEvents: (request, o) =>
      decoration.stream ? decoration.stream(request, o, (c) => inner.streamRunEvents(request, c)) : inner.streamRunEvents(request, o),
    // A raw probe of a method the contract does not declare: nothing to decorate, passed through.
    ...(inner.probeUndeclaredMethod && { probeUndeclaredMethod: inner.probeUndeclaredMethod.bind(inner) }),
    // Raw HTTP for the rest area's framing checks: passed through like the probe (nothing to validate).
    ...(inner.rawRequest && { rawRequest: inner.rawRequest.bind(inner) }),
    close: () => inner.close(),
  };
}
