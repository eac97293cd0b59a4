import { readFileSync } from 'node:fs';
import grpc from '@grpc/grpc-js';

/**
 * The engine address as the user writes it. grpc-transport §1.6 uses the same URI form in the
 * capabilities `grpc.endpoint` field: `grpc://` is cleartext, `grpcs://` is TLS, and the port is part
 * of the URI.
 */
export interface GrpcTarget {
  /** Normalized URL, e.g. `grpc://127.0.0.1:50051`. */
  url: string;
  tls: boolean;
  /** Host name or IP; IPv6 literals keep their brackets. */
  host: string;
  port: number;
  /** What grpc-js dials: `host:port`. */
  address: string;
}

export interface TlsFiles {
  /** PEM bundle of trusted roots; the system roots are used when absent. */
  caPath?: string | undefined;
  /** PEM client certificate chain for mTLS (needs keyPath). */
  certPath?: string | undefined;
  /** PEM client private key for mTLS (needs certPath). */
  keyPath?: string | undefined;
}

const SCHEME_AND_REST = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s;
const AUTHORITY = /^(\[[0-9A-Fa-f:.]+\]|[^:/?#@[\]\s]*)(?::([^/?#]*))?(.*)$/s;

function invalidTarget(url: string, what: string): Error {
  // A target is echoed in messages, so never repeat credentials someone put in it.
  const shown = url.replace(/\/\/[^/@]*@/, '//***@');
  return new Error(`invalid gRPC target "${shown}": ${what}`);
}

export function parseGrpcTarget(url: string): GrpcTarget {
  const trimmed = url.trim();
  const fail = (what: string): never => {
    throw invalidTarget(trimmed, what);
  };
  const schemeMatch = SCHEME_AND_REST.exec(trimmed);
  if (!schemeMatch) return fail('expected grpc://host:port (plaintext) or grpcs://host:port (TLS)');
  const scheme = schemeMatch[1]!.toLowerCase();
  const rest = schemeMatch[2]!;
  if (scheme !== 'grpc' && scheme !== 'grpcs') {
    return fail(
      `unsupported scheme "${scheme}://"; use grpc:// (plaintext) or grpcs:// (TLS), http:// or https:// for REST + SSE, or "reference" for the bundled engine`,
    );
  }
  if (/^[^/?#]*@/.test(rest)) return fail('credentials in the URL are not accepted; pass the bearer token separately');
  const authority = AUTHORITY.exec(rest);
  if (!authority) return fail('cannot read host and port');
  const host = authority[1]!;
  const portText = authority[2];
  const tail = authority[3]!;
  if (host === '') return fail('the host is missing');
  if (tail !== '' && tail !== '/') return fail(`unexpected "${tail}" after the port; a target has no path, query or fragment`);
  if (portText === undefined || portText === '') return fail('the port is missing (e.g. grpc://127.0.0.1:50051)');
  if (!/^\d+$/.test(portText)) return fail(`the port "${portText}" is not a number`);
  const port = Number(portText);
  if (port < 1 || port > 65535) return fail(`the port ${port} is outside 1..65535`);
  const normalizedHost = host.toLowerCase();
  return {
    url: `${scheme}://${normalizedHost}:${port}`,
    tls: scheme === 'grpcs',
    host: normalizedHost,
    port,
    address: `${normalizedHost}:${port}`,
  };
}

function readPem(path: string, role: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : error instanceof Error ? error.message : String(error);
    throw new Error(`cannot read the ${role} file "${path}": ${reason}`, { cause: error });
  }
}

/** Channel credentials for the target: insecure for grpc://, TLS (optionally mutual) for grpcs://. */
export function channelCredentialsFor(target: GrpcTarget, files: TlsFiles = {}): grpc.ChannelCredentials {
  const given = (['caPath', 'certPath', 'keyPath'] as const).filter((name) => files[name] !== undefined && files[name] !== '');
  if (!target.tls) {
    if (given.length > 0) {
      throw new Error(`TLS options (${given.join(', ')}) were given but ${target.url} is plaintext; use grpcs:// for TLS`);
    }
    return grpc.credentials.createInsecure();
  }
  const hasCert = given.includes('certPath');
  const hasKey = given.includes('keyPath');
  if (hasCert !== hasKey) {
    throw new Error(`mutual TLS needs both a client certificate and its key; only ${hasCert ? 'the certificate (--cert)' : 'the key (--key)'} was given`);
  }
  const rootCerts = files.caPath ? readPem(files.caPath, 'CA certificate') : null;
  const privateKey = hasKey && files.keyPath ? readPem(files.keyPath, 'client key') : null;
  const certChain = hasCert && files.certPath ? readPem(files.certPath, 'client certificate') : null;
  try {
    return grpc.credentials.createSsl(rootCerts, privateKey, certChain);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot build TLS credentials for ${target.url}: ${reason}`, { cause: error });
  }
}
