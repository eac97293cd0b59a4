import type { RpcName } from '../transport/rpc-names.js';
import type { ReproTarget } from './repro.js';
import { REPRO_ENGINE_REST_PORT, REPRO_ENGINE_TOKEN, grpcReproCommand, restartReferenceEngineCommand } from './repro.js';

/** The HTTP request one call is sent as over REST: all a curl line needs, nothing of the REST client. */
export interface HttpRequestShape {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path and query, path parameters already percent-encoded. */
  path: string;
  headers?: Readonly<Record<string, string>>;
  body?: unknown;
  /** An SSE request (StreamRunEvents): curl prints events as they come (`-N`) and sends no `-X`. */
  eventStream?: boolean;
}

/**
 * The narrow view of the REST transport a repro line needs: which URLs are REST targets and how a
 * call maps to its HTTP request. The REST transport provides it (runner/rest-request-view.ts), so
 * this layer knows no REST internals.
 */
export interface RestRequestView {
  isRestUrl(url: string): boolean;
  /** Undefined when the request cannot be mapped to its REST operation. */
  httpRequestOf(rpc: RpcName, request: unknown): HttpRequestShape | undefined;
}

const shellQuote = (text: string): string => (/^[A-Za-z0-9_./:@=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

/**
 * A curl command that sends the same REST request to the same engine (REST wire contract table):
 * method, path, JSON body, `Idempotency-Key`, the token by environment variable. StreamRunEvents
 * becomes the SSE request (`-N` so events print as they come).
 */
export function curlCommand(target: ReproTarget, rpc: RpcName, request: unknown, rest: RestRequestView): string {
  const reference = target.referenceEngine;
  if (reference) {
    // The run's engine is gone: restart the bundled one on fixed ports and aim curl at its REST listener.
    const curl = curlCommand({ url: `http://127.0.0.1:${REPRO_ENGINE_REST_PORT}`, usesToken: false }, rpc, request, rest).replace(
      /^curl /,
      `curl -H ${shellQuote(`authorization: Bearer ${REPRO_ENGINE_TOKEN}`)} `,
    );
    return `${restartReferenceEngineCommand(reference.faults, reference.variants, true)} & sleep 2; ${curl}; kill %1`;
  }
  const parts = ['curl', '-sS', '-i'];
  if (target.usesToken) parts.push('-H', '"authorization: Bearer $OPENWOP_TOKEN"');
  const call = rest.httpRequestOf(rpc, request);
  if (!call) return `# ${rpc}: the request could not be mapped to its REST operation`;
  parts.push(...(call.eventStream ? ['-N'] : ['-X', call.method]));
  for (const [name, value] of Object.entries(call.headers ?? {})) parts.push('-H', shellQuote(`${name}: ${value}`));
  if (call.body !== undefined) parts.push('-H', shellQuote('content-type: application/json'), '-d', shellQuote(JSON.stringify(call.body)));
  parts.push(shellQuote(`${target.url}${call.path}`));
  return parts.join(' ');
}

/** The repro line for the target's transport: curl for http(s) targets; over gRPC the suite's own `call`, with grpcurl as the alternative. */
export function reproCommand(target: ReproTarget, rpc: RpcName, request: unknown, rest: RestRequestView): string {
  const overRest = target.referenceEngine ? target.referenceEngine.overRest === true : rest.isRestUrl(target.url);
  return overRest ? curlCommand(target, rpc, request, rest) : grpcReproCommand(target, rpc, request);
}
