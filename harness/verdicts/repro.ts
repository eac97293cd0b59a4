import { ENGINE_SERVICE } from '../transport/rpc-names.js';
import type { RpcName } from '../transport/rpc-names.js';

export interface ReproTarget {
  /** `grpc://host:port` or `grpcs://host:port`. */
  url: string;
  caPath?: string;
  /** Whether a token was configured; the command names $OPENWOP_TOKEN and never the token itself. */
  usesToken: boolean;
}

const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * A grpcurl command that sends the same request to the same engine, using the .proto shipped with
 * the suite (engines need not offer reflection: grpc-transport.md says the suite must not rely on it).
 * grpcurl accepts the proto3 JSON (camelCase) names the harness uses for requests.
 */
export function grpcurlCommand(target: ReproTarget, rpc: RpcName, request: unknown): string {
  const match = /^(grpcs?):\/\/(.+)$/.exec(target.url);
  const scheme = match?.[1] ?? 'grpc';
  const address = match?.[2] ?? target.url;
  const parts = ['grpcurl'];
  if (scheme === 'grpc') parts.push('-plaintext');
  if (scheme === 'grpcs' && target.caPath) parts.push('-cacert', shellQuote(target.caPath));
  parts.push('-import-path', 'proto', '-proto', 'openwop/v1/engine.proto');
  if (target.usesToken) parts.push('-H', '"authorization: Bearer $OPENWOP_TOKEN"');
  parts.push('-d', shellQuote(JSON.stringify(request ?? {})));
  parts.push(address, `${ENGINE_SERVICE}/${rpc}`);
  return parts.join(' ');
}
