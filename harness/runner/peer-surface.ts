import type { EngineClient } from '../transport/engine-client.js';
import type { PeerClientOptions, Surface } from '../transport/peer-client.js';
import { createPeerClient, surfaceOfUrl } from '../transport/peer-client.js';
import { RpcError } from '../transport/rpc-error.js';
import { GrpcCode } from '../transport/rpc-names.js';
import type { JsonObject } from '../support/json.js';
import { readCapability } from '../verdicts/gating.js';
import type { PeerAvailability } from '../verdicts/gating.js';
import { UsageError } from '../support/usage-error.js';

/** Where the second surface's URL came from: a flag the user gave, or the target's discovery document. */
export type PeerSource = 'flag' | 'advertised' | 'reference';

/** The second surface of one run: its client (bare), which surface it is and which the target is. */
export interface PeerConnection {
  client: EngineClient;
  url: string;
  surface: Surface;
  mainSurface: Surface;
  source: PeerSource;
}

/** What the runner knows about the second surface once discovery is done. */
export interface PeerResolution {
  connection?: PeerConnection;
  /** For the selection: absent means "none configured" (gating's default reason). */
  availability?: PeerAvailability;
}

/** The bundled engine, reached over gRPC (`reference`) or over REST + SSE (`reference-rest`); both serve both surfaces. */
export const REFERENCE_TARGETS = ['reference', 'reference-rest'] as const;
export type ReferenceTarget = (typeof REFERENCE_TARGETS)[number];

export function isReferenceTarget(target: string): target is ReferenceTarget {
  return (REFERENCE_TARGETS as readonly string[]).includes(target);
}

/** The surface of the target itself: `reference` is the bundled engine's gRPC listener, `reference-rest` its REST one. */
export function mainSurfaceOf(target: string): Surface | undefined {
  if (target === 'reference') return 'grpc';
  if (target === 'reference-rest') return 'rest';
  return surfaceOfUrl(target);
}

/**
 * Checks --rest/--grpc against the target before anything starts: each names the surface the target
 * is not. The peer URL's own scheme only picks the client (a grpc:// URL may stand in for the REST
 * surface in tests); the flag decides which surface it is reported as.
 */
export function peerFlag(options: { target: string; rest?: string; grpc?: string }): { url: string; surface: Surface } | undefined {
  const main = mainSurfaceOf(options.target);
  if (options.rest !== undefined && options.grpc !== undefined)
    throw new UsageError('give --rest (with a gRPC --target) or --grpc (with a REST --target), not both');
  if (options.rest !== undefined) {
    if (main === 'rest')
      throw new UsageError('--rest names the REST surface of a gRPC --target; the target is REST already: use --grpc <url> for its gRPC surface');
    return { url: options.rest, surface: 'rest' };
  }
  if (options.grpc !== undefined) {
    // An unreadable target is reported by the target's own check, not as a misplaced --grpc.
    if (main === 'grpc')
      throw new UsageError('--grpc names the gRPC surface of a REST --target; the target is gRPC already: use --rest <url> for its REST surface');
    return { url: options.grpc, surface: 'grpc' };
  }
  return undefined;
}

/** Builds the client for a peer the user named; a URL no client serves is a usage error. */
export function connectFlaggedPeer(flag: { url: string; surface: Surface }, mainSurface: Surface, options: PeerClientOptions): PeerConnection {
  try {
    return { client: createPeerClient(flag.url, options), url: flag.url, surface: flag.surface, mainSurface, source: 'flag' };
  } catch (error) {
    throw new UsageError(`--${flag.surface} ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * With a REST target and no --grpc, the engine's own `grpc.endpoint` (root block, `supported: true`;
 * protocol-digest §1.6) is the peer. An endpoint that cannot be reached at all makes parity
 * inapplicable, not blocked: a gRPC listener kept on an internal network is legitimate, and the
 * user can point --grpc at a reachable one.
 */
export async function advertisedPeer(
  capabilities: JsonObject,
  options: PeerClientOptions,
  probe: (client: EngineClient) => EngineClient,
  probeDeadlineMs: number,
): Promise<PeerResolution> {
  if (readCapability(capabilities, 'grpc.supported') !== true) return {};
  const endpoint = readCapability(capabilities, 'grpc.endpoint');
  if (typeof endpoint !== 'string' || endpoint === '') {
    return {
      availability: { available: false, reason: 'the engine advertises grpc.supported but no grpc.endpoint; pass --grpc <url> to compare its gRPC surface' },
    };
  }
  let client;
  try {
    client = createPeerClient(endpoint, options);
  } catch (error) {
    return {
      availability: {
        available: false,
        reason: `the advertised grpc.endpoint cannot be dialled (${error instanceof Error ? error.message : String(error)}); pass --grpc <url>`,
      },
    };
  }
  try {
    await probe(client).getCapabilities({}, { deadlineMs: probeDeadlineMs });
  } catch (error) {
    // Not reached at all: nothing answered (UNAVAILABLE), or nothing within the probe's deadline.
    if (error instanceof RpcError && (error.code === GrpcCode.UNAVAILABLE || error.code === GrpcCode.DEADLINE_EXCEEDED)) {
      client.close();
      return {
        availability: {
          available: false,
          reason: `the advertised gRPC endpoint ${endpoint} could not be reached (${error.codeName}: ${error.statusMessage}); if it listens only internally, pass --grpc <url> of a reachable gRPC surface`,
        },
      };
    }
    // Any other answer came from a gRPC listener: parity applies and its checks judge the answers.
  }
  return { connection: { client, url: endpoint, surface: 'grpc', mainSurface: 'rest', source: 'advertised' }, availability: { available: true } };
}
