import { existsSync } from 'node:fs';
import type { ReferenceEngineTls, RunningReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { startReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { UsageError } from './usage-error.js';
import type { CommandIO } from './command-io.js';

export interface EngineCommandOptions {
  host: string;
  port: number;
  /** Also serve REST + SSE on this port (0: any free one); absent: gRPC only. */
  restPort?: number;
  faults: string[];
  /** Tolerated variants (spec-allowed behaviour) to switch on. */
  variants: string[];
  token?: string | undefined;
  /** A second valid token holding only manifest:read (needs token). */
  limitedToken?: string | undefined;
  /** A token with every scope in a second tenant (needs token). */
  otherTenantToken?: string | undefined;
  /** Server certificate PEM; with tlsKey, the engine serves grpcs:// only. */
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
  /** CA PEM that client certificates must chain to; requires tlsCert/tlsKey and makes TLS mutual. */
  tlsClientCa?: string | undefined;
  /** Test mode: accept http webhook URLs on loopback. */
  allowLoopbackWebhooks?: boolean;
}

/** `openwop-conformance engine`: starts the bundled engine and says where; the CLI keeps it alive. */
export async function engineCommand(options: EngineCommandOptions, io: CommandIO): Promise<RunningReferenceEngine> {
  const tls = tlsOptions(options);
  let engine: RunningReferenceEngine;
  if (options.restPort !== undefined && (!Number.isInteger(options.restPort) || options.restPort < 0 || options.restPort > 65535)) {
    throw new UsageError(`--rest-port must be a port number from 0 to 65535, not ${options.restPort}`);
  }
  try {
    engine = await startReferenceEngine({
      host: options.host,
      port: options.port,
      ...(options.restPort !== undefined && { restPort: options.restPort }),
      faults: options.faults,
      variants: options.variants,
      ...(options.token && { token: options.token }),
      ...(options.token && options.limitedToken && { limitedToken: options.limitedToken }),
      ...(options.token && options.otherTenantToken && { otherTenantToken: options.otherTenantToken }),
      ...(tls && { tls }),
      ...(options.allowLoopbackWebhooks && { allowLoopbackWebhooks: true }),
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const switched = [...options.faults, ...options.variants.map((name) => `${name} (tolerated)`)];
  const faults = switched.length > 0 ? ` with ${switched.join(', ')}` : '';
  const security = tls?.clientCaPath ? ' (mutual TLS)' : tls ? ' (TLS)' : '';
  io.out(`openwop reference engine listening on ${engine.url}${security}${faults}${options.token ? ' (bearer token required)' : ''}`);
  const tlsFlags = tls ? ` --ca <PEM of the CA that issued the certificate>${tls.clientCaPath ? ' --cert <client cert> --key <client key>' : ''}` : '';
  if (engine.restUrl) io.out(`REST + SSE on ${engine.restUrl} (same engine)`);
  io.out(`test it: openwop-conformance run --target ${engine.url}${tlsFlags}${options.token ? ' --token <token>' : ''}`);
  if (engine.restUrl) io.out(`or over REST: openwop-conformance run --target ${engine.restUrl}${options.token ? ' --token <token>' : ''}`);
  if (!options.allowLoopbackWebhooks)
    io.out("webhooks: loopback receiver URLs are refused (SSRF safety); add --allow-loopback-webhooks so the suite's receiver on 127.0.0.1 gets deliveries");
  return engine;
}

/** Checks the TLS flags up front so a typo is one usage line, not a half-started engine. */
function tlsOptions(options: EngineCommandOptions): ReferenceEngineTls | undefined {
  const given = (value: string | undefined): value is string => value !== undefined && value !== '';
  const { tlsCert, tlsKey, tlsClientCa } = options;
  if (!given(tlsCert) && !given(tlsKey)) {
    if (given(tlsClientCa)) throw new UsageError('--tls-client-ca needs --tls-cert and --tls-key (mutual TLS is TLS first)');
    return undefined;
  }
  if (!given(tlsCert) || !given(tlsKey)) {
    throw new UsageError(
      `${given(tlsCert) ? '--tls-cert needs --tls-key' : '--tls-key needs --tls-cert'}: TLS takes the server certificate and its private key together`,
    );
  }
  for (const [flag, path] of [
    ['--tls-cert', tlsCert],
    ['--tls-key', tlsKey],
    ['--tls-client-ca', tlsClientCa],
  ] as const) {
    if (given(path) && !existsSync(path)) throw new UsageError(`${flag} file "${path}" does not exist`);
  }
  return { certPath: tlsCert, keyPath: tlsKey, ...(given(tlsClientCa) && { clientCaPath: tlsClientCa }) };
}
