import type { EngineClient } from '../transport/engine-client.js';
import { createEngineClient } from '../transport/connect-engine.js';
import type { PeerClientOptions, Surface } from '../transport/peer-client.js';
import { UsageError } from '../support/usage-error.js';
import type { Deadlines } from '../waits/deadlines.js';
import type { PeerConnection } from './peer-surface.js';
import { connectFlaggedPeer } from './peer-surface.js';
import type { RunOptions } from './run-options.js';

/** The run's bare client to its target, and how to reach the same engine's other surface with the same options. */
export interface TargetConnection {
  client: EngineClient;
  /** Resolves once the engine answers; rejects with one line otherwise. */
  checkConnectivity(timeoutMs: number): Promise<void>;
  /** Token, TLS files, deadlines and message limits as the target has them; the peer's URL is its own. */
  peerOptions: PeerClientOptions;
  /** A client for a named second surface (a flag or the bundled engine's other listener). */
  connectPeer(peer: { url: string; surface: Surface }, mainSurface: Surface): PeerConnection;
}

/**
 * Dials the target (gRPC or REST by its scheme). A URL no client serves, or TLS files for a plain
 * target, is the user's error: one line, exit 2.
 */
export function connectTarget(url: string, token: string | undefined, options: RunOptions, deadlines: Deadlines): TargetConnection {
  const peerOptions: PeerClientOptions = {
    token,
    caPath: options.caPath,
    certPath: options.certPath,
    keyPath: options.keyPath,
    defaultDeadlineMs: deadlines.callDeadlineMs(),
    maxReceiveMessageBytes: options.maxMessageBytes,
    ...(options.restEvents !== undefined && { restEvents: options.restEvents }),
  };
  let connected;
  try {
    connected = createEngineClient({ target: url, ...peerOptions });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return {
    client: connected.client,
    checkConnectivity: (timeoutMs) => connected.checkConnectivity(timeoutMs),
    peerOptions,
    connectPeer: (peer, mainSurface) => connectFlaggedPeer(peer, mainSurface, peerOptions),
  };
}
