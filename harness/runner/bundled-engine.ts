import { randomBytes } from 'node:crypto';
import type { Surface } from '../transport/peer-client.js';
import { UsageError } from '../support/usage-error.js';
import type { ReferenceTarget } from './peer-surface.js';

/** The bundled engine as a run uses it: where to dial, with which tokens, and its other surface. */
export interface BundledEngine {
  /** The listener the run dials: gRPC for `reference`, REST for `reference-rest`. */
  url: string;
  token: string;
  limitedToken: string;
  /** A token of a second tenant, so the tenant-isolation checks run on the bundled engine too. */
  otherTenantToken: string;
  /** The other surface of the same engine, for the parity area. */
  peer: { url: string; surface: Surface };
  stop(): Promise<void>;
}

export interface BundledEngineOptions {
  target: ReferenceTarget;
  faults: readonly string[];
  variants: readonly string[];
  /** The user's tokens, when given; otherwise fresh random ones. */
  token?: string;
  limitedToken?: string;
  otherTenantToken?: string;
}

/**
 * Starts the bundled reference engine for one run. It serves both surfaces from one core (issue 11),
 * so one run also checks that they agree; auth is on, with a full token and a limited one
 * (manifest:read only). Webhooks are in test mode: the suite's receiver listens on loopback, which
 * engines refuse by default (SSRF). The engine's code is loaded only here, so a run against another
 * engine never pays for it. A fault or variant it does not know is the user's error.
 */
export async function startBundledEngine(options: BundledEngineOptions): Promise<BundledEngine> {
  const token = options.token ?? randomBytes(16).toString('hex');
  const limitedToken = options.limitedToken ?? randomBytes(16).toString('hex');
  const otherTenantToken = options.otherTenantToken ?? randomBytes(16).toString('hex');
  let engine;
  try {
    const { startReferenceEngine } = await import('../../fixtures/reference-engine/index.js');
    engine = await startReferenceEngine({
      faults: [...options.faults],
      variants: [...options.variants],
      token,
      limitedToken,
      otherTenantToken,
      allowLoopbackWebhooks: true,
      restPort: 0,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const grpcUrl = engine.url;
  const restUrl = engine.restUrl ?? engine.url;
  const overRest = options.target === 'reference-rest';
  return {
    url: overRest ? restUrl : grpcUrl,
    token,
    limitedToken,
    otherTenantToken,
    peer: overRest ? { url: grpcUrl, surface: 'grpc' } : { url: restUrl, surface: 'rest' },
    stop: () => engine.stop(),
  };
}
