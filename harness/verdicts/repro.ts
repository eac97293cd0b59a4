import { resolve } from 'node:path';
import { ENGINE_PROTO_PATH, packagePath } from '../support/package-paths.js';
import { ENGINE_SERVICE } from '../transport/rpc-names.js';
import type { RpcName } from '../transport/rpc-names.js';

export interface ReproTarget {
  /** `grpc://host:port` or `grpcs://host:port`. */
  url: string;
  /** TLS files as the user gave them; the command names them by absolute path. */
  caPath?: string;
  certPath?: string;
  keyPath?: string;
  /** Whether a token was configured; the command names $OPENWOP_TOKEN and never the token itself. */
  usesToken: boolean;
  /**
   * Set for `--target reference`: the engine the run used is gone when the user reads the report,
   * so the command first restarts the bundled engine with the same faults on a fixed port.
   */
  referenceEngine?: { faults: string[]; variants: string[]; overRest?: boolean };
}

/** The bundled engine a repro line restarts: fixed port and a token that is not a secret. */
export const REPRO_ENGINE_PORT = 50051;
/** Its REST + SSE listener, for runs over `--target reference-rest`. */
export const REPRO_ENGINE_REST_PORT = 50080;
export const REPRO_ENGINE_TOKEN = 'openwop-repro';

const shellQuote = (text: string): string => (/^[A-Za-z0-9_./:@=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

/** What conformance-run knows about the target, turned into what a repro line needs. */
export function reproTargetFor(
  options: {
    target: string;
    caPath?: string | undefined;
    certPath?: string | undefined;
    keyPath?: string | undefined;
    faults: readonly string[];
    variants?: readonly string[];
  },
  dialledUrl: string,
  usesToken: boolean,
): ReproTarget {
  if (options.target === 'reference' || options.target === 'reference-rest') {
    const overRest = options.target === 'reference-rest';
    return {
      url: dialledUrl,
      usesToken: true,
      referenceEngine: { faults: [...options.faults], variants: [...(options.variants ?? [])], ...(overRest && { overRest }) },
    };
  }
  return {
    url: options.target,
    usesToken,
    ...(options.caPath && { caPath: options.caPath }),
    ...(options.certPath && { certPath: options.certPath }),
    ...(options.keyPath && { keyPath: options.keyPath }),
  };
}

/** `node …/openwop-conformance.js engine --port 50051 …`: restarts the bundled engine as the run had it. */
export function restartReferenceEngineCommand(faults: readonly string[], variants: readonly string[] = [], overRest = false): string {
  const bin = packagePath('dist', 'bin', 'openwop-conformance.js');
  const rest = overRest ? ['--rest-port', String(REPRO_ENGINE_REST_PORT)] : [];
  const parts = [
    'node',
    shellQuote(bin),
    'engine',
    '--port',
    String(REPRO_ENGINE_PORT),
    ...rest,
    '--token',
    REPRO_ENGINE_TOKEN,
    ...faults.flatMap((fault) => ['--fault', shellQuote(fault)]),
    ...variants.flatMap((variant) => ['--variant', shellQuote(variant)]),
  ];
  return parts.join(' ');
}

/**
 * A grpcurl command that sends the same request to the same engine, runnable from any directory:
 * the .proto shipped with the suite by absolute path (engines need not offer reflection), the TLS
 * files by absolute path, the token by environment variable. For the bundled engine the line first
 * starts it again with the same faults. grpcurl accepts the proto3 JSON (camelCase) names we send.
 */
export function grpcurlCommand(target: ReproTarget, rpc: RpcName, request: unknown): string {
  const reference = target.referenceEngine;
  const url = reference ? `grpc://127.0.0.1:${REPRO_ENGINE_PORT}` : target.url;
  const match = /^(grpcs?):\/\/(.+)$/.exec(url);
  const scheme = match?.[1] ?? 'grpc';
  const address = match?.[2] ?? url;
  const protoPath = ENGINE_PROTO_PATH();
  const importPath = protoPath.slice(0, protoPath.length - 'openwop/v1/engine.proto'.length - 1);
  const parts = ['grpcurl'];
  if (scheme === 'grpc') parts.push('-plaintext');
  if (scheme === 'grpcs' && target.caPath) parts.push('-cacert', shellQuote(resolve(target.caPath)));
  if (scheme === 'grpcs' && target.certPath) parts.push('-cert', shellQuote(resolve(target.certPath)));
  if (scheme === 'grpcs' && target.keyPath) parts.push('-key', shellQuote(resolve(target.keyPath)));
  parts.push('-import-path', shellQuote(importPath), '-proto', 'openwop/v1/engine.proto');
  if (reference) parts.push('-H', shellQuote(`authorization: Bearer ${REPRO_ENGINE_TOKEN}`));
  else if (target.usesToken) parts.push('-H', '"authorization: Bearer $OPENWOP_TOKEN"');
  parts.push('-d', shellQuote(JSON.stringify(request ?? {})));
  parts.push(address, `${ENGINE_SERVICE}/${rpc}`);
  const grpcurl = parts.join(' ');
  // The engine needs a moment to listen before grpcurl dials (grpcurl does not retry a refused connection).
  return reference ? `${restartReferenceEngineCommand(reference.faults, reference.variants)} & sleep 2; ${grpcurl}; kill %1` : grpcurl;
}

/**
 * The suite's own one-call replay (`openwop-conformance call`, harness/cli/call-command.ts): it needs
 * nothing but the suite, where grpcurl is a separate install. Same target, TLS files by absolute
 * path, the token from $OPENWOP_TOKEN (call reads it), the request as the report shows it.
 */
export function suiteCallCommand(target: ReproTarget, rpc: RpcName, request: unknown): string {
  const bin = packagePath('dist', 'bin', 'openwop-conformance.js');
  const reference = target.referenceEngine;
  const parts = ['node', shellQuote(bin), 'call', '--target', reference ? `grpc://127.0.0.1:${REPRO_ENGINE_PORT}` : shellQuote(target.url)];
  if (reference) parts.push('--token', REPRO_ENGINE_TOKEN);
  if (!reference && target.caPath) parts.push('--ca', shellQuote(resolve(target.caPath)));
  if (!reference && target.certPath) parts.push('--cert', shellQuote(resolve(target.certPath)));
  if (!reference && target.keyPath) parts.push('--key', shellQuote(resolve(target.keyPath)));
  parts.push(rpc, shellQuote(JSON.stringify(request ?? {})));
  return parts.join(' ');
}

/**
 * A gRPC repro line: the suite's own replay, then the grpcurl command after a shell comment that
 * says grpcurl is a separate install (issue 19: repro lines needed grpcurl without saying so).
 */
export function grpcReproCommand(target: ReproTarget, rpc: RpcName, request: unknown): string {
  const reference = target.referenceEngine;
  const call = suiteCallCommand(target, rpc, request);
  const replay = reference ? `${restartReferenceEngineCommand(reference.faults, reference.variants)} & sleep 2; ${call}; kill %1` : call;
  const grpcurl = grpcurlCommand(target, rpc, request).replace(/^.* & sleep 2; (grpcurl .*); kill %1$/, '$1');
  return `${replay}  # or, with grpcurl installed (not bundled with the suite): ${grpcurl}`;
}
