import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/**
 * The suite's own check of audit-log checkpoints (auth-profiles.md annex, RFC 0218;
 * runs-events-digest §7): `signature` is base64 (padded) Ed25519 over the 32 raw bytes of the
 * hex-decoded `merkleRoot`, verifiable with `auth.auditLogIntegrity.checkpointPublicKey` (base64
 * SPKI DER). Done with node:crypto, independently of what the engine reports in `chainValid`.
 */

export type PublicKeyReading = { ok: true; key: KeyObject } | { ok: false; problem: string };

/** Reads the advertised key; anything but a base64 SPKI DER Ed25519 public key is a problem, said in words. */
export function readCheckpointPublicKey(advertised: unknown): PublicKeyReading {
  if (typeof advertised !== 'string' || advertised.length === 0) return { ok: false, problem: 'checkpointPublicKey is not advertised as a non-empty string' };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(advertised)) return { ok: false, problem: 'checkpointPublicKey is not base64' };
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(advertised, 'base64'), format: 'der', type: 'spki' });
  } catch (error) {
    return { ok: false, problem: `checkpointPublicKey is not an SPKI DER public key (${error instanceof Error ? error.message : String(error)})` };
  }
  if (key.asymmetricKeyType !== 'ed25519') return { ok: false, problem: `checkpointPublicKey is a ${key.asymmetricKeyType ?? 'unknown'} key, not ed25519` };
  return { ok: true, key };
}

export interface CheckpointLike {
  merkleRoot: unknown;
  signature: unknown;
}

/** Why the checkpoint's signature does not verify, or undefined when it does. */
export function checkpointSignatureProblem(key: KeyObject, checkpoint: CheckpointLike): string | undefined {
  const { merkleRoot, signature } = checkpoint;
  if (typeof merkleRoot !== 'string' || !/^[0-9a-f]{64}$/.test(merkleRoot)) return `merkleRoot ${JSON.stringify(merkleRoot)} is not 64 lowercase hex digits`;
  if (typeof signature !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return `signature ${JSON.stringify(signature)} is not base64`;
  const signatureBytes = Buffer.from(signature, 'base64');
  if (signatureBytes.length !== 64) return `signature decodes to ${signatureBytes.length} bytes, not the 64 of an Ed25519 signature`;
  const verified = verify(null, Buffer.from(merkleRoot, 'hex'), key, signatureBytes);
  return verified ? undefined : 'the Ed25519 signature does not verify over the 32 raw bytes of merkleRoot with the advertised checkpointPublicKey';
}
