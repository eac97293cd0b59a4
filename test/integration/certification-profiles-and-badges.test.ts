import { assert } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { SchemaId } from '../../harness/schemas/schema-ids.js';
import { sharedSchemaRegistry } from '../../harness/schemas/schema-registry.js';
import { renderBadge, renderBadgeSvg, renderProfileBadges } from '../../reporters/badge-renderer.js';
import { renderCertificationBundle } from '../../reporters/certification-bundle.js';
import { renderBundleV3, UNFILLED_V3_FIELDS } from '../../reporters/certification/bundle-v3.js';
import { PROFILES, evaluateProfiles, profileIdsFor, unknownProfiles, unknownProfilesMessage } from '../../reporters/profiles.js';
import { CAPABILITIES, result, sampleReport } from '../support/sample-report.js';

const BIN = fileURLToPath(new URL('../../bin/openwop-conformance.js', import.meta.url));
const schemas = sharedSchemaRegistry();
const restTarget = { url: 'http://127.0.0.1:8080', transport: 'rest', reference: false, faults: [], variants: [] };
const passing = [result('discovery.served-without-token', 'pass'), result('lifecycle.noop-completes', 'pass')];

describe("profile ids name the run's transport", () => {
  it('keeps the gRPC ids on gRPC runs and names REST runs rest-*', () => {
    assert.strictEqual(evaluateProfiles(sampleReport(passing)).find((profile) => profile.status === 'certified')?.id, 'grpc-core');
    const rest = evaluateProfiles(sampleReport(passing, { target: restTarget }));
    assert.strictEqual(rest.find((profile) => profile.status === 'certified')?.id, 'rest-core');
    assert.isFalse(
      rest.some((profile) => profile.id.startsWith('grpc-')),
      'a REST run names no grpc-* profile',
    );
    assert.deepEqual(
      profileIdsFor('grpc'),
      PROFILES.map((profile) => profile.id),
    );
    assert.include(profileIdsFor('rest'), 'rest-framing');
  });

  it("accepts each transport's ids only, and says what the other spelling means", () => {
    assert.deepEqual(unknownProfiles(['rest-core', 'grpc-core', 'transport-parity'], 'rest'), ['grpc-core']);
    assert.deepEqual(unknownProfiles(['grpc-core', 'rest-core'], 'grpc'), ['rest-core']);
    const message = unknownProfilesMessage(['grpc-core'], 'rest');
    assert.include(message, 'not a profile of a REST run (grpc-core is the gRPC name of rest-core)');
    assert.include(message, `valid: ${profileIdsFor('rest').join(', ')}`);
  });

  it('a REST run given a gRPC profile id says so on one line and exits 2', async function () {
    this.timeout(60_000);
    const dir = await mkdtemp(join(tmpdir(), 'openwop-profiles-'));
    const outcome = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          BIN,
          'run',
          '--target',
          'reference-rest',
          '--only',
          'discovery.served-without-token',
          '--report-dir',
          dir,
          '--quiet',
          '--require-profile',
          'grpc-core',
        ],
        { env: { ...process.env, OPENWOP_TOKEN: '', GITHUB_ACTIONS: '' } },
        (error, _stdout, stderr) => {
          resolve({ code: error && typeof error.code === 'number' ? error.code : 0, stderr });
        },
      );
    });
    assert.strictEqual(outcome.code, 2);
    assert.match(outcome.stderr, /^openwop-conformance: --require-profile grpc-core: not a profile of a REST run .*valid: rest-core, /m);
  });
});

describe("badges carry the bundle's results digest", () => {
  const report = sampleReport(passing, { capabilities: CAPABILITIES });
  const bundle = renderCertificationBundle(report, schemas);
  const digest = bundle?.resultsSha256 ?? '';

  it("in the label of badge.json, which stays exactly shields' endpoint format", () => {
    const badge = renderBadge(report, digest);
    assert.strictEqual(badge.label, `openwop grpc · ${digest.slice(0, 12)}`);
    assert.deepEqual(Object.keys(badge).sort(), ['color', 'label', 'message', 'schemaVersion']);
    assert.deepEqual(schemas.validate(SchemaId.shieldsEndpoint, badge), []);
  });

  it("in full in the SVG's title and metadata", () => {
    const svg = renderBadgeSvg(renderBadge(report, digest), digest);
    assert.strictEqual(XMLValidator.validate(svg), true);
    assert.match(svg, new RegExp(`<title>[^<]*resultsSha256 ${digest}\\)</title><metadata>openwop-conformance resultsSha256=${digest}</metadata>`));
  });

  it('one green badge per certified profile, none for the others', () => {
    const badges = renderProfileBadges(sampleReport([...passing, result('workflow.fixture-definitions', 'fail')], { target: restTarget }), digest);
    assert.deepEqual(badges, []);
    const certified = renderProfileBadges(sampleReport(passing, { target: restTarget }), digest);
    assert.deepEqual(
      certified.map((entry) => [entry.profileId, entry.badge.message, entry.badge.color]),
      [['rest-core', 'core 2/2', '#2ea44f']],
    );
    assert.strictEqual(certified[0]?.badge.label, `openwop rest · ${digest.slice(0, 12)}`);
  });
});

describe('certification bundle v3', () => {
  it('fills what it honestly can and leaves out host.build, relaxations, specArtifactsVersion and the signature', () => {
    const bundle = renderCertificationBundle(sampleReport(passing, { capabilities: CAPABILITIES }), schemas);
    if (!bundle) throw new Error('no bundle');
    const v3 = renderBundleV3(bundle);
    assert.strictEqual(v3.bundleVersion, '3');
    assert.deepEqual(v3.suite, { name: 'openwop-conformance', version: '0.1.0', targetMajor: 1 });
    assert.deepEqual(v3.host, { name: 'sample-engine', version: '2.0.0' });
    assert.deepInclude(v3.discovery, { protocolVersions: ['1.0'], preferredVersion: '1.0' });
    assert.deepInclude(v3.claimedProfiles, { id: 'grpc-core', evidenceTier: 'self', witnessCount: 2, certified: true });
    assert.strictEqual(v3.witnessSha256, bundle.resultsSha256);
    assert.strictEqual(v3.assertionCount, 4);
    assert.deepEqual(
      UNFILLED_V3_FIELDS.map((entry) => entry.field),
      ['host.build', 'host.relaxations', 'suite.specArtifactsVersion', 'signature'],
    );
    assert.notProperty(v3, 'signature');
  });
});
