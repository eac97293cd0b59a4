import type { JsonValue } from '../../harness/support/json.js';
import { REQUIREMENTS } from '../../harness/requirements/registry.js';
import type { CertificationBundle } from '../certification-bundle.js';
import { evaluateProfilesOf } from '../profiles.js';
import type { ProfileInput } from '../profiles.js';
import type { Disposition } from '../../harness/verdicts/results.js';

export const BUNDLE_V3_FILE = 'certification-bundle.v3.json';

/**
 * Fields of the upstream v3 bundle (RFC 0168 §E; upstream-conformance.md §3.3) this suite leaves out,
 * and why. A v3 reader that requires them will refuse the file, which is the honest outcome.
 */
export const UNFILLED_V3_FIELDS: readonly { field: string; why: string }[] = [
  { field: 'host.build', why: "the engine's image digest, commit or artifact hash is not observable over the protocol" },
  { field: 'host.relaxations', why: "which obligations a host relaxed is its operator's statement, not something a run sees" },
  { field: 'suite.specArtifactsVersion', why: 'the suite ships its own schemas, not a stamped upstream spec-artifacts release' },
  { field: 'signature', why: "v3 signs host.build, which cannot be filled; the v2 bundle's signature member signs this run's digests" },
];

/** The upstream v3 shape where its fields can be filled honestly from a v2 bundle of ours. */
export interface CertificationBundleV3 {
  bundleVersion: '3';
  generatedAt: string;
  suite: { name: string; version: string; targetMajor: 1 };
  host: { name: string; version: string };
  discovery: { url: string; sha256: string; protocolVersions?: string[]; preferredVersion?: string; document: Record<string, JsonValue> };
  /**
   * evidenceTier is `self`, the weakest: a run cannot know who ran it, and `independent` needs a
   * verifier key distinct from the host's, which a verifier states, not the run.
   */
  claimedProfiles: { id: string; evidenceTier: 'self'; witnessCount: number; certified: boolean }[];
  results: {
    totals: CertificationBundle['results']['totals'];
    requirements: { id: string; scenario: string; result: string; assertions?: number; detail?: string }[];
  };
  /** = the v2 bundle's resultsSha256 (RFC 8785 form of its results). */
  witnessSha256: string;
  assertionCount: number;
}

const BACK: Record<string, Disposition> = {
  'executed-pass': 'pass',
  'executed-fail': 'fail',
  skipped: 'skipped',
  inapplicable: 'inapplicable',
  blocked: 'blocked',
};

const strings = (value: JsonValue | undefined): string[] | undefined =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;

export function renderBundleV3(bundle: CertificationBundle): CertificationBundleV3 {
  const rows = bundle.results.requirements;
  const inputs: ProfileInput[] = rows.flatMap((row) => {
    const disposition = BACK[row.disposition];
    if (!disposition || !REQUIREMENTS.has(row.requirementId)) return [];
    const requirement = REQUIREMENTS.get(row.requirementId);
    return [{ requirementId: row.requirementId, area: requirement.area, level: requirement.level, disposition }];
  });
  const profiles = evaluateProfilesOf(inputs, bundle.targetConfiguration.transport).filter((profile) => profile.requirementIds.length > 0);
  const document = bundle.discovery.document;
  const protocolVersions =
    strings(document['protocolVersions']) ?? (typeof document['protocolVersion'] === 'string' ? [document['protocolVersion']] : undefined);
  const preferred = typeof document['protocolVersion'] === 'string' ? document['protocolVersion'] : protocolVersions?.[0];
  return {
    bundleVersion: '3',
    generatedAt: bundle.generatedAt,
    suite: { name: bundle.suite.package, version: bundle.suite.version, targetMajor: 1 },
    host: { name: bundle.host.name, version: bundle.host.version },
    discovery: {
      url: bundle.discovery.url,
      sha256: bundle.discovery.sha256,
      ...(protocolVersions && { protocolVersions }),
      ...(preferred !== undefined && { preferredVersion: preferred }),
      document,
    },
    claimedProfiles: profiles.map((profile) => ({
      id: profile.id,
      evidenceTier: 'self',
      witnessCount: profile.must.pass + profile.should.pass,
      certified: bundle.claimedProfiles.includes(profile.id),
    })),
    results: {
      totals: bundle.results.totals,
      requirements: rows.map((row) => ({
        id: row.requirementId,
        scenario: row.scenarioId,
        result: row.disposition,
        ...(row.assertionCount !== undefined && { assertions: row.assertionCount }),
        ...(row.detail !== undefined && { detail: row.detail }),
      })),
    },
    witnessSha256: bundle.resultsSha256,
    assertionCount: rows.reduce((sum, row) => sum + (row.assertionCount ?? 0), 0),
  };
}
