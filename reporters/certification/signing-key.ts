import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** A key that is not an Ed25519 key in PEM: the caller's input, reported as a usage problem. */
export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError';
}

/** Reads an Ed25519 private key (PKCS#8 PEM, as `openssl genpkey -algorithm ed25519` writes it). */
export function parsePrivateKey(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new SigningKeyError(`${source} is not a private key in PEM (${error instanceof Error ? error.message : String(error)})`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new SigningKeyError(`${source} is a ${key.asymmetricKeyType ?? 'symmetric'} key; certification bundles are signed with Ed25519`);
  return key;
}

/** Reads an Ed25519 public key (SPKI PEM); a private key is accepted too and its public half taken. */
export function parsePublicKey(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new SigningKeyError(`${source} is not a public key in PEM (${error instanceof Error ? error.message : String(error)})`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new SigningKeyError(`${source} is a ${key.asymmetricKeyType ?? 'symmetric'} key; certification bundles are signed with Ed25519`);
  return key;
}

/** The public half (node refuses createPublicKey of a key that is public already). */
const publicOf = (key: KeyObject): KeyObject => (key.type === 'public' ? key : createPublicKey(key));

export const publicKeyPem = (key: KeyObject): string => publicOf(key).export({ type: 'spki', format: 'pem' }).toString();

/** `sha256:<hex>` of the public key's SPKI DER: names the key without trusting any registry. */
export function keyFingerprint(key: KeyObject): string {
  const der = publicOf(key).export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}
