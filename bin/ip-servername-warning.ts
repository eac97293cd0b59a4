/**
 * DEP0123 ("Setting the TLS ServerName to an IP address is not permitted by RFC 6066") is printed
 * on every grpcs:// run whose target is an IP address (grpcs://127.0.0.1:…): grpc-js sets the TLS
 * servername to the target host whatever it is (channel-credentials.js), and Node warns about an
 * IP there and ignores it, as RFC 6066 §3 asks. Nothing the user can change causes it and the
 * certificate is still checked against the IP, so this one warning, and only it, is dropped.
 */
const IP_SERVERNAME_WARNING = 'DEP0123';

export function dropIpServernameWarning(): void {
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = (warning: string | Error, ...rest: unknown[]): void => {
    const [typeOrOptions, code] = rest;
    const named = typeof typeOrOptions === 'object' && typeOrOptions !== null ? (typeOrOptions as { code?: unknown }).code : code;
    if (named === IP_SERVERNAME_WARNING) return;
    (emitWarning as (warning: string | Error, ...args: unknown[]) => void)(warning, ...rest);
  };
}
