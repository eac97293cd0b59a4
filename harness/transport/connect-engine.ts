import type { EngineClient } from './engine-client.js';
import { connectivityCheck, createGrpcEngineClient } from './grpc-engine-client.js';
import type { GrpcClientOptions } from './grpc-engine-client.js';
import type { RestEventsMode } from './rest/rest-engine-client.js';
import { RestEngineClient } from './rest/rest-engine-client.js';
import { isRestTargetUrl } from './rest/rest-target.js';
import { hasTlsFiles } from './rest/rest-tls.js';

/**
 * Chooses the transport from the target's scheme: `http(s)://` is REST + SSE, `grpc(s)://` is gRPC
 * (every engine serves REST; gRPC is the optional second surface, issue 11).
 */
export interface ConnectOptions extends GrpcClientOptions {
  /** REST only: how StreamRunEvents is carried (default sse). */
  restEvents?: RestEventsMode;
}

export interface ConnectedEngine {
  client: EngineClient;
  /** Resolves once the engine answers; rejects with one line otherwise. */
  checkConnectivity(timeoutMs: number): Promise<void>;
}

export function createEngineClient(options: ConnectOptions): ConnectedEngine {
  if (isRestTargetUrl(options.target)) {
    const tls = { caPath: options.caPath, certPath: options.certPath, keyPath: options.keyPath };
    if (hasTlsFiles(tls) && !options.target.trim().toLowerCase().startsWith('https:'))
      throw new Error('--ca/--cert/--key need an https:// target (the engine is dialled in plain HTTP)');
    const client = new RestEngineClient({
      target: options.target,
      defaultDeadlineMs: options.defaultDeadlineMs,
      events: options.restEvents ?? 'sse',
      tls,
      ...(options.token !== undefined && { token: options.token }),
      ...(options.maxReceiveMessageBytes !== undefined && { maxReceiveMessageBytes: options.maxReceiveMessageBytes }),
    });
    return { client, checkConnectivity: (timeoutMs) => client.checkConnectivity(timeoutMs) };
  }
  if (options.restEvents !== undefined && options.restEvents !== 'sse') {
    throw new Error(`--rest-events ${options.restEvents} applies only to http:// or https:// targets`);
  }
  const client = createGrpcEngineClient(options);
  return { client, checkConnectivity: (timeoutMs) => connectivityCheck(client, timeoutMs) };
}
