import type { EngineClient } from './engine-client.js';
import { createGrpcEngineClient } from './grpc-engine-client.js';
import type { ConnectOptions } from './connect-engine.js';
import { RestEngineClient } from './rest/rest-engine-client.js';

/**
 * The two surfaces an openwop engine can serve (protocol-digest §1.1: REST + SSE always, gRPC
 * optionally, both over one engine). Parity checks compare what one engine says over each.
 */
export type Surface = 'grpc' | 'rest';

/** How to reach the peer surface: the same credentials and options as the main target, its own URL. */
export type PeerClientOptions = Omit<ConnectOptions, 'target'>;

/** The surface a URL names by its scheme, or undefined for a scheme the suite does not know. */
export function surfaceOfUrl(url: string): Surface | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url.trim())?.[1]?.toLowerCase();
  if (scheme === 'grpc' || scheme === 'grpcs') return 'grpc';
  if (scheme === 'http' || scheme === 'https') return 'rest';
  return undefined;
}

/**
 * The one place a client for the second surface is built (--rest / --grpc, or the REST target's
 * advertised `grpc.endpoint`). It returns a bare client; the runner decorates it exactly like the
 * main one. Throws a one-line Error for a URL it cannot serve (the caller turns it into a usage error).
 */
export function createPeerClient(url: string, options: PeerClientOptions): EngineClient {
  const surface = surfaceOfUrl(url);
  if (surface === 'grpc') {
    return createGrpcEngineClient({ target: url, ...options });
  }
  if (surface === 'rest') {
    // The same --ca/--cert/--key apply to an https:// peer (rest-tls.ts); an http:// one ignores them.
    return new RestEngineClient({
      target: url,
      defaultDeadlineMs: options.defaultDeadlineMs,
      events: options.restEvents ?? 'sse',
      tls: { caPath: options.caPath, certPath: options.certPath, keyPath: options.keyPath },
      ...(options.token !== undefined && { token: options.token }),
      ...(options.maxReceiveMessageBytes !== undefined && { maxReceiveMessageBytes: options.maxReceiveMessageBytes }),
    });
  }
  throw new Error(`invalid peer surface "${shown(url)}": expected grpc://, grpcs://, http:// or https://`);
}

/** A URL echoed in a message never repeats credentials someone put in it. */
const shown = (url: string): string => url.trim().replace(/\/\/[^/@]*@/, '//***@');
