import type { StreamRunEventsRequest } from '../transport/engine-client.js';
import type { RpcName } from '../transport/rpc-names.js';
import { httpCallFor } from '../transport/rest/rest-operations.js';
import { isRestTargetUrl } from '../transport/rest/rest-target.js';
import { FROM_START, eventsPath } from '../transport/rest/sse-event-stream.js';
import type { ReproTarget } from './repro.js';
import { REPRO_ENGINE_REST_PORT, REPRO_ENGINE_TOKEN, grpcReproCommand, restartReferenceEngineCommand } from './repro.js';

const shellQuote = (text: string): string => (/^[A-Za-z0-9_./:@=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

/**
 * A curl command that sends the same REST request to the same engine (REST wire contract table):
 * method, path, JSON body, `Idempotency-Key`, the token by environment variable. StreamRunEvents
 * becomes the SSE request (`-N` so events print as they come).
 */
export function curlCommand(target: ReproTarget, rpc: RpcName, request: unknown): string {
  const reference = target.referenceEngine;
  if (reference) {
    // The run's engine is gone: restart the bundled one on fixed ports and aim curl at its REST listener.
    const curl = curlCommand({ url: `http://127.0.0.1:${REPRO_ENGINE_REST_PORT}`, usesToken: false }, rpc, request).replace(/^curl /, `curl -H ${shellQuote(`authorization: Bearer ${REPRO_ENGINE_TOKEN}`)} `);
    return `${restartReferenceEngineCommand(reference.faults, reference.variants, true)} & sleep 2; ${curl}; kill %1`;
  }
  const parts = ['curl', '-sS', '-i'];
  if (target.usesToken) parts.push('-H', '"authorization: Bearer $OPENWOP_TOKEN"');
  if (rpc === 'StreamRunEvents') {
    const stream = (request ?? {}) as StreamRunEventsRequest;
    parts.push('-N', '-H', shellQuote('accept: text/event-stream'));
    if (typeof stream.lastSequence === 'number' && stream.lastSequence !== FROM_START) parts.push('-H', shellQuote(`last-event-id: ${stream.lastSequence}`));
    parts.push(shellQuote(`${target.url}${eventsPath({ ...stream, runId: String(stream.runId ?? '') })}`));
    return parts.join(' ');
  }
  const call = httpCallFor(rpc, request);
  if (!call) return `# ${rpc}: the request could not be mapped to its REST operation`;
  parts.push('-X', call.method);
  for (const [name, value] of Object.entries(call.headers ?? {})) parts.push('-H', shellQuote(`${name}: ${value}`));
  if (call.body !== undefined) parts.push('-H', shellQuote('content-type: application/json'), '-d', shellQuote(JSON.stringify(call.body)));
  parts.push(shellQuote(`${target.url}${call.path}`));
  return parts.join(' ');
}

/** The repro line for the target's transport: curl for http(s) targets; over gRPC the suite's own `call`, with grpcurl as the alternative. */
export function reproCommand(target: ReproTarget, rpc: RpcName, request: unknown): string {
  const overRest = target.referenceEngine ? target.referenceEngine.overRest === true : isRestTargetUrl(target.url);
  return overRest ? curlCommand(target, rpc, request) : grpcReproCommand(target, rpc, request);
}
