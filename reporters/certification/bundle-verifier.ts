import type { KeyObject } from 'node:crypto';
import type { Disposition } from '../../harness/verdicts/results.js';
import { SchemaId } from '../../harness/schemas/schema-ids.js';
import type { SchemaRegistry } from '../../harness/schemas/schema-registry.js';
import { formatSchemaIssue } from '../../harness/schemas/schema-registry.js';
import type { RequirementRegistry } from '../../harness/requirements/registry.js';
import type { BundleDisposition, CertificationBundle } from '../certification-bundle.js';
import type { ProfileInput } from '../profiles.js';
import { evaluateProfilesOf } from '../profiles.js';
import { documentBound } from '../bounded-document.js';
import { MAX_ENGINE_TEXT } from '../../harness/support/engine-text.js';
import { configurationDigest, discoveryDigest, manifestDigest, resultsDigest } from './bundle-digests.js';
import type { SignedDigests } from './bundle-signature.js';
import { SIGNED_FIELD_PATHS, signatureHolds, signedDigestsOf } from './bundle-signature.js';
import { keyFingerprint, parsePublicKey, SigningKeyError } from './signing-key.js';

/** One line of `verify`: `ok` true holds, false fails, `undecided` could not be checked (e.g. the engine did not answer). */
export interface VerificationCheck {
  check: string;
  outcome: 'holds' | 'fails' | 'undecided';
  detail: string;
}

export interface VerifyInput {
  /** The parsed bundle file (anything: it is schema-checked first). */
  bundle: unknown;
  schemas: SchemaRegistry;
  requirements: RequirementRegistry;
  /** This suite's package name and version: profile rules are a suite version's. */
  suite: { package: string; version: string };
  /** The publisher's public key; without it nobody's identity is checked and `signer` fails. */
  publicKey?: KeyObject;
  /** With `--target`: the sha256 of the live engine's discovery document, or why it could not be read. */
  live?: { url: string; sha256: string } | { url: string; error: string };
}

const BACK: Record<BundleDisposition, Disposition> = {
  'executed-pass': 'pass',
  'executed-fail': 'fail',
  skipped: 'skipped',
  inapplicable: 'inapplicable',
  blocked: 'blocked',
};

const holds = (check: string, detail: string): VerificationCheck => ({ check, outcome: 'holds', detail });
const fails = (check: string, detail: string): VerificationCheck => ({ check, outcome: 'fails', detail });

/** Re-derives everything a bundle claims; every check is one entry, in a fixed order. */
export function verifyBundle(input: VerifyInput): VerificationCheck[] {
  const issues = input.schemas.validate(SchemaId.certificationBundle, input.bundle);
  if (issues.length > 0) {
    // An unknown disposition (e.g. one a newer suite invented) lands here: strict, never mapped.
    return [
      fails(
        'schema',
        `not a certification bundle of this suite: ${issues
          .slice(0, 5)
          .map((issue) => formatSchemaIssue(issue))
          .join('; ')}`,
      ),
    ];
  }
  const bundle = input.bundle as CertificationBundle;
  const checks: VerificationCheck[] = [holds('schema', "certification bundle v2 (with this suite's extensions)")];
  checks.push(suiteCheck(bundle, input.suite));
  checks.push(discoveryCheck(bundle));
  checks.push(configurationCheck(bundle));
  checks.push(
    digestCheck(
      'scenarioManifestSha256',
      manifestDigest(bundle.results.requirements.map((row) => row.requirementId)),
      bundle.scenarioManifestSha256,
      'the listed requirement ids',
    ),
  );
  checks.push(totalsCheck(bundle));
  checks.push(digestCheck('resultsSha256', resultsDigest(bundle.results), bundle.resultsSha256, 'the listed results'));
  const known = requirementsCheck(bundle, input.requirements);
  checks.push(known);
  checks.push(
    known.outcome === 'holds'
      ? profilesCheck(bundle, input.requirements)
      : fails('claimedProfiles', 'not re-derived: the results name requirements this suite version does not define'),
  );
  checks.push(
    bundle.targetConfiguration.faults.length === 0
      ? holds('targetConfiguration.faults', 'no reference-engine fault was switched on')
      : fails('targetConfiguration.faults', `the run switched on faults (${bundle.targetConfiguration.faults.join(', ')}): such a bundle certifies nothing`),
  );
  checks.push(...signatureChecks(bundle, input.publicKey));
  if (input.live) checks.push(liveCheck(bundle, input.live));
  return checks;
}

/**
 * The embedded document digests to discovery.sha256; a bounded one (a hostile engine's huge values,
 * reporters/bounded-document.ts) cannot, so it is undecided unless the pinned digest is the one it
 * carries (and `verify --target` can still compare the live engine's).
 */
function discoveryCheck(bundle: CertificationBundle): VerificationCheck {
  const bound = documentBound(bundle.discovery.document);
  if (!bound) return digestCheck('discovery.sha256', discoveryDigest(bundle.discovery.document), bundle.discovery.sha256, 'the embedded discovery document');
  if (bound.sha256 !== bundle.discovery.sha256)
    return fails('discovery.sha256', `the bundle says ${bundle.discovery.sha256}, but its bounded discovery document carries the digest ${bound.sha256}`);
  const kept = bound.wholeDocumentOmitted ? 'only its size and digest were kept' : `${bound.valuesCut} value(s) over ${MAX_ENGINE_TEXT} characters were cut`;
  return {
    check: 'discovery.sha256',
    outcome: 'undecided',
    detail: `the embedded discovery document was bounded (${bound.chars} characters as served; ${kept}), so ${bundle.discovery.sha256} cannot be re-derived from the bundle; verify --target compares it with the live engine`,
  };
}

function digestCheck(field: string, computed: string, stated: string, over: string): VerificationCheck {
  return computed === stated
    ? holds(field, `${stated} is the digest of ${over}`)
    : fails(field, `the bundle says ${stated}, but ${over} digest to ${computed}`);
}

function suiteCheck(bundle: CertificationBundle, suite: VerifyInput['suite']): VerificationCheck {
  if (bundle.suite.package !== suite.package) return fails('suite.package', `made by ${bundle.suite.package}, this verifier is ${suite.package}`);
  if (bundle.suite.version !== suite.version) {
    return fails(
      'suite.version',
      `made by ${bundle.suite.package} ${bundle.suite.version}, this verifier is ${suite.version}: profile rules belong to a version; verify with npx ${suite.package}@${bundle.suite.version} verify`,
    );
  }
  return holds('suite.version', `${suite.package} ${suite.version}, this verifier's version`);
}

function configurationCheck(bundle: CertificationBundle): VerificationCheck {
  if (bundle.targetConfiguration.discoverySha256 !== bundle.discovery.sha256) {
    return fails('targetConfiguration.discoverySha256', `${bundle.targetConfiguration.discoverySha256} is not discovery.sha256 (${bundle.discovery.sha256})`);
  }
  return digestCheck('targetConfigurationSha256', configurationDigest(bundle.targetConfiguration), bundle.targetConfigurationSha256, 'targetConfiguration');
}

function totalsCheck(bundle: CertificationBundle): VerificationCheck {
  const rows = bundle.results.requirements;
  const listed = {
    executedPass: rows.filter((row) => row.disposition === 'executed-pass').length,
    executedFail: rows.filter((row) => row.disposition === 'executed-fail').length,
    skipped: rows.filter((row) => row.disposition === 'skipped').length,
    inapplicable: rows.filter((row) => row.disposition === 'inapplicable').length,
    blocked: rows.filter((row) => row.disposition === 'blocked').length,
  };
  const wrong = (Object.keys(listed) as (keyof typeof listed)[]).filter((key) => listed[key] !== bundle.results.totals[key]);
  if (wrong.length > 0)
    return fails('results.totals', wrong.map((key) => `results.totals.${key} says ${bundle.results.totals[key]}, ${listed[key]} listed`).join('; '));
  return holds(
    'results.totals',
    `${listed.executedPass} pass, ${listed.executedFail} fail, ${listed.blocked} blocked, ${listed.inapplicable} inapplicable, ${listed.skipped} skipped, as listed`,
  );
}

function requirementsCheck(bundle: CertificationBundle, requirements: RequirementRegistry): VerificationCheck {
  const problems: string[] = [];
  const seen = new Set<string>();
  bundle.results.requirements.forEach((row, index) => {
    const field = `results.requirements[${index}]`;
    if (seen.has(row.requirementId)) problems.push(`${field}.requirementId ${row.requirementId} is listed twice`);
    seen.add(row.requirementId);
    if (!requirements.has(row.requirementId)) problems.push(`${field}.requirementId ${row.requirementId} is not a requirement of this suite version`);
    else if (row.scenarioId !== `${requirements.get(row.requirementId).area}/${row.requirementId}`)
      problems.push(`${field}.scenarioId ${row.scenarioId} does not name the requirement's area`);
  });
  if (problems.length > 0) return fails('results.requirements', problems.slice(0, 5).join('; '));
  return holds('results.requirements', `${seen.size} requirements, each defined by this suite version`);
}

function profilesCheck(bundle: CertificationBundle, requirements: RequirementRegistry): VerificationCheck {
  // Level and area come from this suite version's registry, never from the bundle.
  const inputs: ProfileInput[] = bundle.results.requirements.map((row) => {
    const requirement = requirements.get(row.requirementId);
    return { requirementId: row.requirementId, area: requirement.area, level: requirement.level, disposition: BACK[row.disposition] };
  });
  const derived = evaluateProfilesOf(inputs, bundle.targetConfiguration.transport)
    .filter((profile) => profile.status === 'certified')
    .map((profile) => profile.id);
  const added = bundle.claimedProfiles.filter((id) => !derived.includes(id));
  const missing = derived.filter((id) => !bundle.claimedProfiles.includes(id));
  if (added.length > 0 || missing.length > 0) {
    const parts = [
      ...(added.length > 0 ? [`claims ${added.join(', ')}, which the listed results do not certify`] : []),
      ...(missing.length > 0 ? [`omits ${missing.join(', ')}, which they do`] : []),
    ];
    return fails('claimedProfiles', `${parts.join('; ')} (${bundle.targetConfiguration.transport} run)`);
  }
  return holds(
    'claimedProfiles',
    derived.length > 0 ? `${derived.join(', ')} follow from the listed results` : 'no profile claimed, none certified by the listed results',
  );
}

function signatureChecks(bundle: CertificationBundle, publicKey: KeyObject | undefined): VerificationCheck[] {
  const signature = bundle.signature;
  if (!signature) return [fails('signature', 'the bundle is unsigned (run --sign-key signs it)')];
  let embedded: KeyObject;
  try {
    embedded = parsePublicKey(signature.publicKey, 'signature.publicKey');
  } catch (error) {
    if (!(error instanceof SigningKeyError)) throw error;
    return [fails('signature.publicKey', error.message)];
  }
  const checks: VerificationCheck[] = [];
  if (keyFingerprint(embedded) !== signature.signingKeyId)
    checks.push(fails('signature.signingKeyId', `${signature.signingKeyId} is not the fingerprint of signature.publicKey (${keyFingerprint(embedded)})`));
  else if (!signatureHolds(signature.signed, signature.value, embedded))
    checks.push(fails('signature.value', 'not a valid Ed25519 signature of signature.signed by signature.publicKey'));
  else checks.push(holds('signature.value', `Ed25519 over signature.signed by ${signature.signingKeyId}`));
  if (!publicKey)
    checks.push(
      fails(
        'signer',
        `not checked: pass --public-key with the publisher's key (the bundle names ${signature.signingKeyId}; anyone can sign with a key of their own)`,
      ),
    );
  else if (keyFingerprint(publicKey) !== signature.signingKeyId)
    checks.push(fails('signature.signingKeyId', `signed by ${signature.signingKeyId}, but --public-key is ${keyFingerprint(publicKey)}`));
  else checks.push(holds('signer', `signed with the key given by --public-key (${signature.signingKeyId})`));
  const now = signedDigestsOf(bundle);
  const changed = (Object.keys(SIGNED_FIELD_PATHS) as (keyof SignedDigests)[]).filter(
    (key) => JSON.stringify(now[key]) !== JSON.stringify(signature.signed[key]),
  );
  if (changed.length > 0)
    checks.push(
      fails(
        'signed fields',
        changed
          .map((key) => `${SIGNED_FIELD_PATHS[key]} changed after signing (signed ${JSON.stringify(signature.signed[key])}, now ${JSON.stringify(now[key])})`)
          .join('; '),
      ),
    );
  else checks.push(holds('signed fields', 'suite, discovery, manifest, results, configuration and profiles are as signed'));
  return checks;
}

function liveCheck(bundle: CertificationBundle, live: NonNullable<VerifyInput['live']>): VerificationCheck {
  if ('error' in live) return { check: 'live discovery', outcome: 'undecided', detail: `${live.url}: ${live.error}` };
  if (live.sha256 !== bundle.discovery.sha256)
    return fails(
      'live discovery',
      `${live.url} serves a discovery document with sha256 ${live.sha256}, not the pinned discovery.sha256 ${bundle.discovery.sha256}`,
    );
  return holds('live discovery', `${live.url} still serves the pinned discovery document (${live.sha256})`);
}

/** 0 every check holds; 1 one fails; 2 none fails but one could not be decided. */
export function verificationExitCode(checks: readonly VerificationCheck[]): 0 | 1 | 2 {
  if (checks.some((check) => check.outcome === 'fails')) return 1;
  return checks.some((check) => check.outcome === 'undecided') ? 2 : 0;
}
