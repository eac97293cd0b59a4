import { sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { rfc8785 } from './bundle-digests.js';
import { keyFingerprint, publicKeyPem } from './signing-key.js';

/**
 * What a signature pins: the digests of what was tested and what came of it. Each member repeats a
 * bundle field, so a verifier can name the field that changed after signing.
 */
export interface SignedDigests {
  bundleVersion: '2';
  generatedAt: string;
  suitePackage: string;
  suiteVersion: string;
  discoverySha256: string;
  /** = the bundle's scenarioManifestSha256 (the requirement ids the run was asked to test). */
  requirementManifestSha256: string;
  resultsSha256: string;
  targetConfigurationSha256: string;
  claimedProfiles: string[];
}

export interface BundleSignature {
  algorithm: 'Ed25519';
  /** sha256 of the signer's public key (SPKI DER). */
  signingKeyId: string;
  /** The signer's public key (SPKI PEM): checks integrity; only `verify --public-key` checks who signed. */
  publicKey: string;
  signed: SignedDigests;
  /** base64 Ed25519 signature over the RFC 8785 canonical JSON of `signed`. */
  value: string;
}

/** The fields of a v2 bundle a signature covers. */
export interface SignableBundle {
  bundleVersion: '2';
  generatedAt: string;
  suite: { package: string; version: string };
  discovery: { sha256: string };
  claimedProfiles: string[];
  scenarioManifestSha256: string;
  resultsSha256: string;
  targetConfigurationSha256: string;
}

export function signedDigestsOf(bundle: SignableBundle): SignedDigests {
  return {
    bundleVersion: bundle.bundleVersion,
    generatedAt: bundle.generatedAt,
    suitePackage: bundle.suite.package,
    suiteVersion: bundle.suite.version,
    discoverySha256: bundle.discovery.sha256,
    requirementManifestSha256: bundle.scenarioManifestSha256,
    resultsSha256: bundle.resultsSha256,
    targetConfigurationSha256: bundle.targetConfigurationSha256,
    claimedProfiles: [...bundle.claimedProfiles],
  };
}

/** Where each signed member lives in the bundle, for messages that name the field. */
export const SIGNED_FIELD_PATHS: Record<keyof SignedDigests, string> = {
  bundleVersion: 'bundleVersion',
  generatedAt: 'generatedAt',
  suitePackage: 'suite.package',
  suiteVersion: 'suite.version',
  discoverySha256: 'discovery.sha256',
  requirementManifestSha256: 'scenarioManifestSha256',
  resultsSha256: 'resultsSha256',
  targetConfigurationSha256: 'targetConfigurationSha256',
  claimedProfiles: 'claimedProfiles',
};

export function signBundleDigests(bundle: SignableBundle, privateKey: KeyObject): BundleSignature {
  const signed = signedDigestsOf(bundle);
  // Ed25519 hashes internally: node:crypto takes `null` as the digest for it.
  const value = sign(null, Buffer.from(rfc8785(signed), 'utf8'), privateKey).toString('base64');
  return { algorithm: 'Ed25519', signingKeyId: keyFingerprint(privateKey), publicKey: publicKeyPem(privateKey), signed, value };
}

/** Whether `value` is a valid signature of `signed` by `publicKey`; never throws on a malformed value. */
export function signatureHolds(signed: unknown, value: string, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(rfc8785(signed), 'utf8'), publicKey, Buffer.from(value, 'base64'));
  } catch {
    return false;
  }
}
