import { documentBound } from './bounded-document.js';
import type { KeyObject } from 'node:crypto';
import type { JsonObject } from '../harness/support/json.js';
import type { ComplianceReport, Disposition } from '../harness/verdicts/results.js';
import { SchemaId } from '../harness/schemas/schema-ids.js';
import type { SchemaRegistry } from '../harness/schemas/schema-registry.js';
import { formatSchemaIssue } from '../harness/schemas/schema-registry.js';
import { evaluateProfiles } from './profiles.js';
import { configurationDigest, discoveryDigest, manifestDigest, resultsDigest } from './certification/bundle-digests.js';
import type { BundleSignature } from './certification/bundle-signature.js';
import { signBundleDigests } from './certification/bundle-signature.js';

export const BUNDLE_FILE = 'certification-bundle.json';

/** Upstream ledger dispositions (certification bundle v2, RFC 0148 §C). */
export type BundleDisposition = 'executed-pass' | 'executed-fail' | 'skipped' | 'inapplicable' | 'blocked';

const DISPOSITION_MAP: Record<Disposition, BundleDisposition> = {
  pass: 'executed-pass',
  fail: 'executed-fail',
  skipped: 'skipped',
  inapplicable: 'inapplicable',
  blocked: 'blocked',
  // The upstream ledger has no suite-error disposition: not executed, so blocked, with the suite error as its detail.
  error: 'blocked',
};

export interface CertificationBundle {
  bundleVersion: '2';
  generatedAt: string;
  generator: string;
  suite: { package: string; version: string };
  host: { name: string; version: string; vendor?: string };
  discovery: { url: string; sha256: string; document: JsonObject };
  /** Profiles every MUST of which passed in this run; never what the engine merely advertises. */
  claimedProfiles: string[];
  results: {
    totals: { executedPass: number; executedFail: number; skipped: number; inapplicable: number; blocked: number };
    requirements: { requirementId: string; scenarioId: string; disposition: BundleDisposition; assertionCount: number; detail?: string }[];
  };
  /** sha256 of the requirement ids, sorted, one per line. */
  scenarioManifestSha256: string;
  /** sha256 of the canonical JSON of what was tested and how (target, discovery digest, options). */
  targetConfigurationSha256: string;
  /** Extension (not in upstream v2): the configuration `targetConfigurationSha256` is the digest of, so a verifier can recompute it and knows the transport. */
  targetConfiguration: TargetConfiguration;
  /** Extension: sha256 of the RFC 8785 form of `results`; badges carry it, so a badge traces to its bundle. */
  resultsSha256: string;
  /** Extension: present when the run was given a signing key (`run --sign-key`). */
  signature?: BundleSignature;
}

export interface TargetConfiguration {
  targetUrl: string;
  transport: string;
  discoverySha256: string;
  requireBehavior: boolean;
  only: string[];
  /** Present when the run left requirements out (`--skip`): the certificate does not cover them. */
  skip?: string[];
  faults: string[];
  variants: string[];
}

export interface BundleOptions {
  /** An Ed25519 private key: the bundle is signed (reporters/certification/bundle-signature.ts). */
  signingKey?: KeyObject;
}

/** Thrown when the bundle breaks its own schema or its digests disagree: a suite bug. */
export class InvalidBundleError extends Error {
  override readonly name = 'InvalidBundleError';
}

/**
 * certification-bundle.json in the upstream v2 shape, from the report alone. Undefined when the
 * run read no discovery document (nothing to certify against). Validated before it is returned.
 */
export function renderCertificationBundle(report: ComplianceReport, schemas: SchemaRegistry, options: BundleOptions = {}): CertificationBundle | undefined {
  const document = report.capabilities;
  if (!document) return undefined;
  // A bounded document (a hostile engine's huge values) pins the digest of the document as served.
  const discoverySha256 = documentBound(document)?.sha256 ?? discoveryDigest(document);
  if (report.capabilitiesSha256 !== null && report.capabilitiesSha256 !== discoverySha256) {
    throw new InvalidBundleError(
      `the report's capabilitiesSha256 ${report.capabilitiesSha256} is not the digest of its capabilities document (${discoverySha256})`,
    );
  }
  const count = (disposition: Disposition): number => report.results.filter((result) => result.disposition === disposition).length;
  const targetConfiguration: TargetConfiguration = {
    targetUrl: report.target.url,
    transport: report.target.transport,
    discoverySha256,
    requireBehavior: report.options.requireBehavior,
    only: [...report.options.only].sort(),
    ...((report.options.skip ?? []).length > 0 && { skip: [...(report.options.skip ?? [])].sort() }),
    faults: [...report.target.faults].sort(),
    variants: [...(report.target.variants ?? [])].sort(),
  };
  const results: CertificationBundle['results'] = {
    totals: {
      executedPass: count('pass'),
      executedFail: count('fail'),
      skipped: count('skipped'),
      inapplicable: count('inapplicable'),
      blocked: count('blocked') + count('error'),
    },
    requirements: report.results.map((result) => ({
      requirementId: result.requirementId,
      scenarioId: `${result.area}/${result.requirementId}`,
      disposition: DISPOSITION_MAP[result.disposition],
      assertionCount: result.assertions,
      ...(result.reason && { detail: result.reason }),
    })),
  };
  const bundle: CertificationBundle = {
    bundleVersion: '2',
    generatedAt: report.finishedAt,
    generator: `${report.suite.name} ${report.suite.version}`,
    suite: { package: report.suite.name, version: report.suite.version },
    host: {
      name: report.engine?.name ?? 'unidentified',
      version: report.engine?.version ?? 'unknown',
      ...(report.engine?.vendor && { vendor: report.engine.vendor }),
    },
    discovery: { url: report.target.url, sha256: discoverySha256, document },
    claimedProfiles: evaluateProfiles(report)
      .filter((profile) => profile.status === 'certified')
      .map((profile) => profile.id),
    results,
    scenarioManifestSha256: manifestDigest(report.results.map((result) => result.requirementId)),
    targetConfigurationSha256: configurationDigest(targetConfiguration),
    targetConfiguration,
    resultsSha256: resultsDigest(results),
  };
  if (options.signingKey) bundle.signature = signBundleDigests(bundle, options.signingKey);
  const issues = schemas.validate(SchemaId.certificationBundle, bundle);
  if (issues.length > 0)
    throw new InvalidBundleError(
      `certification-bundle.json is outside its schema (a suite bug): ${issues.map((issue) => formatSchemaIssue(issue)).join('; ')}`,
    );
  return bundle;
}
