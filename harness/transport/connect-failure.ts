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

/** `No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. …` → `connection refused`. */
export function describeConnectFailure(details: string): string {
  const lastError = /Last error: (?:Error: )?(.*?)(?:\.\s*Resolution note:.*)?$/s.exec(details)?.[1] ?? details;
  const code = /\b(E[A-Z_]{3,})\b/.exec(lastError)?.[1];
  const words = code !== undefined ? CONNECT_ERROR_WORDS[code] : undefined;
  return (words ?? lastError).replace(/\s+/g, ' ').trim() || 'connection failed';
}

