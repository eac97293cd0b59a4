import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';

/** --ca, --cert and --key as the user gave them (PEM files). */
export interface RestTlsFiles {
  caPath?: string | undefined;
  certPath?: string | undefined;
  keyPath?: string | undefined;
}

/**
 * An HTTPS connection pool that trusts the given CA and presents the given client certificate
 * (mutual TLS), for `https://` targets. Node's global fetch takes its trust roots from the process
 * only, so a per-client CA needs an undici dispatcher; the undici package is the one Node's fetch
 * is built on (same major), which is why fetch accepts its Agent. Undefined when no file is given:
 * the process's trust roots (and NODE_EXTRA_CA_CERTS) apply then.
 */
export function restTlsDispatcher(files: RestTlsFiles): Dispatcher | undefined {
  const ca = readPem(files.caPath, '--ca');
  const cert = readPem(files.certPath, '--cert');
  const key = readPem(files.keyPath, '--key');
  if (ca === undefined && cert === undefined && key === undefined) return undefined;
  if ((cert === undefined) !== (key === undefined)) throw new Error('--cert and --key go together (a client certificate and its key)');
  return new Agent({ connect: { ...(ca !== undefined && { ca }), ...(cert !== undefined && { cert }), ...(key !== undefined && { key }) } });
}

export const hasTlsFiles = (files: RestTlsFiles): boolean => [files.caPath, files.certPath, files.keyPath].some((path) => path !== undefined && path !== '');

function readPem(path: string | undefined, flag: string): Buffer | undefined {
  if (path === undefined || path === '') return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : error instanceof Error ? error.message : String(error);
    throw new Error(`cannot read ${flag} "${path}": ${reason}`, { cause: error });
  }
}
