/**
 * The REST base URL as the user writes it: `http://host:port` or `https://host:port`, no path
 * (the wire contract fixes routes at the root, e.g. `/v1/runs`). The port may be left out for the
 * scheme's default.
 */
export interface RestTarget {
  /** Normalized origin, e.g. `http://127.0.0.1:8080` (no trailing slash). */
  url: string;
  tls: boolean;
}

function invalidTarget(url: string, what: string): Error {
  // A target is echoed in messages, so never repeat credentials someone put in it.
  const shown = url.replace(/\/\/[^/@]*@/, '//***@');
  return new Error(`invalid REST target "${shown}": ${what}`);
}

export function isRestTargetUrl(url: string): boolean {
  return /^https?:\/\//i.test(url.trim());
}

export function parseRestTarget(url: string): RestTarget {
  const trimmed = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw invalidTarget(trimmed, 'expected http://host:port or https://host:port');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidTarget(trimmed, `unsupported scheme "${parsed.protocol}//"; use http:// or https://`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw invalidTarget(trimmed, 'credentials in the URL are not accepted; pass the bearer token separately');
  }
  if (parsed.hostname === '') throw invalidTarget(trimmed, 'the host is missing');
  if ((parsed.pathname !== '/' && parsed.pathname !== '') || parsed.search !== '' || parsed.hash !== '') {
    throw invalidTarget(trimmed, 'a target has no path, query or fragment (routes start at the root, e.g. /v1/runs)');
  }
  return { url: parsed.origin, tls: parsed.protocol === 'https:' };
}
