/** One-line reasons for failed connection attempts, from grpc-js's call error text. */

const CONNECT_ERROR_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
};

/** TLS failures as OpenSSL and Node word them, and what the user can do about each. */
const TLS_FAILURES: Array<[RegExp, string]> = [
  [/certificate required/i, 'the engine requires a client certificate (mTLS): pass --cert and --key'],
  [
    /unable to verify|self[- ]signed|unable to get (local )?issuer|certificate chain/i,
    "the engine's TLS certificate is not trusted: pass --ca with the CA that signed it",
  ],
  [/ERR_TLS_CERT_ALTNAME_INVALID|altnames|Hostname\/IP does not match/i, "the engine's TLS certificate does not name the host in the URL"],
  [/certificate has expired|CERT_HAS_EXPIRED/i, "the engine's TLS certificate has expired"],
  [
    /wrong version number|packet length too long|http\/1\.1|unknown protocol/i,
    'TLS and plaintext do not match: use grpc:// for a plaintext engine and grpcs:// for a TLS one',
  ],
];

/**
 * `No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. …` →
 * `connection refused`; TLS failures become advice; grpc-js's trailing timestamp is dropped.
 */
export function describeConnectFailure(details: string): string {
  const lastError = /Last error: (?:Error: )?(.*?)(?:\.\s*Resolution note:.*)?$/s.exec(details)?.[1] ?? details;
  const tls = TLS_FAILURES.find(([pattern]) => pattern.test(lastError));
  if (tls) return tls[1];
  const code = /\b(E[A-Z_]{3,})\b/.exec(lastError)?.[1];
  const words = code !== undefined ? CONNECT_ERROR_WORDS[code] : undefined;
  const plain = (words ?? lastError)
    .replace(/\s*\(\d{4}-\d{2}-\d{2}T[^)]*\)\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  // grpc-js's whole account of a server that answered in HTTP/1.x.
  if (/^Protocol error$/i.test(plain)) return 'this port does not speak gRPC (it answered, but not over HTTP/2: an HTTP/1.x server?)';
  if (/^Failed to connect$/i.test(plain))
    return 'connection failed (a plaintext/TLS mismatch, or a client certificate the engine does not trust, looks like this)';
  return plain || 'connection failed';
}
