import { randomBytes } from 'node:crypto';
import type { EngineClient } from '../transport/engine-client.js';
import { RpcError } from '../transport/rpc-error.js';
import { GrpcCode } from '../transport/rpc-names.js';
import type { JsonObject } from '../support/json.js';
import { isJsonObject } from '../support/json.js';
import { createEngineClient } from '../transport/connect-engine.js';
import type { PeerClientOptions, Surface } from '../transport/peer-client.js';
import { UsageError } from '../support/usage-error.js';
import type { Deadlines } from '../waits/deadlines.js';
import type { PeerConnection } from './peer-surface.js';
import { connectFlaggedPeer } from './peer-surface.js';
import type { RunOptions } from './run-options.js';

/**
 * What the runner does before any check: dial the target, then its own two calls, discovery (which
 * gates every requirement) and one probe of the credentials. Neither call is evidence about a
 * requirement; a failure of either leaves nothing assessable, and the run reports every
 * requirement blocked with the reason.
 */

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

/**
 * The runner's one discovery call. It goes without a token first, as the spec makes GetCapabilities
 * public, and retries with the token so a wrongly protected engine can still be measured:
 * discovery.served-without-token reports that fault on its own. A string is the failure's reason.
 */
export async function discover(client: EngineClient): Promise<JsonObject | string> {
  try {
    let reply;
    try {
      reply = await client.getCapabilities({}, { token: null });
    } catch (error) {
      if (!(error instanceof RpcError) || error.code !== GrpcCode.UNAUTHENTICATED) throw error;
      reply = await client.getCapabilities({});
    }
    if (!isJsonObject(reply.capabilities)) return 'discovery failed: GetCapabilities returned no capabilities document';
    return reply.capabilities;
  } catch (error) {
    return `discovery failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * One authenticated call before the checks: if the engine refuses our credentials outright, every
 * check would fail for the user's reason, not the engine's ("401 everywhere"). GetRun of an unknown
 * id is harmless, and auth comes before existence (protocol-digest §2), so a correct engine with a
 * good token answers NOT_FOUND.
 */
export async function credentialsRefusal(client: EngineClient): Promise<string | undefined> {
  try {
    await client.getRun({ runId: `credentials-probe-${randomBytes(8).toString('hex')}` });
  } catch (error) {
    if (error instanceof RpcError && error.code === GrpcCode.UNAUTHENTICATED) {
      return `the engine refused the credentials (${error.message}); pass a valid --token or set OPENWOP_TOKEN`;
    }
  }
  return undefined;
}
