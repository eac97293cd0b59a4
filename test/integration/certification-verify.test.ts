import { assert } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CertificationBundle, VerificationCheck } from '../../api/index.js';
import { renderCertificationBundle, runSuite, verificationExitCode, verifyBundle } from '../../api/index.js';
import { resultsDigest, configurationDigest, discoveryDigest } from '../../reporters/certification/bundle-digests.js';
import { signBundleDigests } from '../../reporters/certification/bundle-signature.js';
import { verifyCommand } from '../../harness/cli/verify-command.js';
import { startReferenceEngine } from '../../fixtures/reference-engine/index.js';

const keys = (): { privateKey: KeyObject; publicKey: KeyObject } => generateKeyPairSync('ed25519');
const failed = (checks: VerificationCheck[]): string[] => checks.filter((check) => check.outcome === 'fails').map((check) => `${check.check}: ${check.detail}`);
const clone = (bundle: CertificationBundle): CertificationBundle => structuredClone(bundle);

/** Asserts the bundle does not verify, and that some failing line names `field`. */
function assertCaught(bundle: unknown, publicKey: KeyObject, field: string): void {
  const checks = verifyBundle(bundle, { publicKey });
  assert.strictEqual(verificationExitCode(checks), 1, `a tampered bundle verified: ${JSON.stringify(checks)}`);
  assert.isTrue(
    failed(checks).some((line) => line.includes(field)),
    `no failing check names ${field}: ${failed(checks).join(' | ')}`,
  );
}

describe('certification bundles: signing and verify', function () {
  this.timeout(120_000);
  const publisher = keys();
  let signed: CertificationBundle;
  let claimed: string;

  before(async () => {
    // A small real run that certifies one profile: idempotency is a profile of its own.
    const run = await runSuite({ target: 'reference', only: ['idempotency.*'] });
    const bundle = renderCertificationBundle(run.report, { signingKey: publisher.privateKey });
    if (!bundle) throw new Error('the run wrote no bundle');
    signed = bundle;
    claimed = bundle.claimedProfiles[0] ?? '';
  });

  it("a signed bundle of a clean run verifies with the publisher's key, each check holding", () => {
    assert.deepEqual(signed.claimedProfiles, ['grpc-idempotency']);
    assert.match(signed.signature?.signingKeyId ?? '', /^sha256:[0-9a-f]{64}$/);
    const checks = verifyBundle(signed, { publicKey: publisher.publicKey });
    assert.deepEqual(failed(checks), []);
    assert.strictEqual(verificationExitCode(checks), 0);
    assert.includeMembers(
      checks.map((check) => check.check),
      [
        'schema',
        'suite.version',
        'discovery.sha256',
        'scenarioManifestSha256',
        'resultsSha256',
        'results.totals',
        'claimedProfiles',
        'signature.value',
        'signer',
        'signed fields',
      ],
    );
  });

  it('without --public-key the signer is not checked, so it does not verify', () => {
    const checks = verifyBundle(signed);
    assert.deepEqual(
      failed(checks).map((line) => line.split(':')[0]),
      ['signer'],
    );
  });

  it('catches a changed disposition, whether or not the digests were recomputed', () => {
    const plain = clone(signed);
    const row = plain.results.requirements.find((candidate) => candidate.disposition === 'executed-pass');
    if (!row) throw new Error('no pass to tamper with');
    Object.assign(row, { disposition: 'executed-fail', detail: 'edited' });
    assertCaught(plain, publisher.publicKey, 'resultsSha256');
    assertCaught(plain, publisher.publicKey, 'results.totals');
    const recomputed = clone(plain);
    recomputed.results.totals.executedPass -= 1;
    recomputed.results.totals.executedFail += 1;
    recomputed.resultsSha256 = resultsDigest(recomputed.results);
    recomputed.claimedProfiles = [];
    assertCaught(recomputed, publisher.publicKey, 'resultsSha256 changed after signing');
  });

  it('catches an added profile and an omitted one', () => {
    const added = clone(signed);
    added.claimedProfiles.push('grpc-core');
    assertCaught(added, publisher.publicKey, 'claims grpc-core');
    assertCaught(added, publisher.publicKey, 'claimedProfiles changed after signing');
    const omitted = clone(signed);
    omitted.claimedProfiles = [];
    assertCaught(omitted, publisher.publicKey, `omits ${claimed}`);
  });

  it('catches a swapped discovery document, even with its digests made consistent', () => {
    const swapped = clone(signed);
    swapped.discovery.document = { ...swapped.discovery.document, implementation: { name: 'another-engine', version: '9' } };
    assertCaught(swapped, publisher.publicKey, 'discovery.sha256');
    const consistent = clone(swapped);
    consistent.discovery.sha256 = discoveryDigest(consistent.discovery.document);
    consistent.targetConfiguration.discoverySha256 = consistent.discovery.sha256;
    consistent.targetConfigurationSha256 = configurationDigest(consistent.targetConfiguration);
    assertCaught(consistent, publisher.publicKey, 'discovery.sha256 changed after signing');
  });

  it('catches a wrong key, a re-signature by another key and a corrupted signature', () => {
    assertCaught(signed, keys().publicKey, 'signature.signingKeyId');
    const forger = keys();
    const forged = clone(signed);
    forged.claimedProfiles.push('grpc-core');
    forged.signature = signBundleDigests(forged, forger.privateKey);
    assertCaught(forged, publisher.publicKey, 'signature.signingKeyId');
    const corrupted = clone(signed);
    if (!corrupted.signature) throw new Error('unsigned');
    corrupted.signature.value = Buffer.alloc(64, 7).toString('base64');
    assertCaught(corrupted, publisher.publicKey, 'signature.value');
    const unsigned = clone(signed);
    delete unsigned.signature;
    assertCaught(unsigned, publisher.publicKey, 'unsigned');
  });

  it('catches a changed suite version, a disposition it does not know, an unknown requirement and a faulted run', () => {
    const version = clone(signed);
    version.suite.version = '9.9.9';
    assertCaught(version, publisher.publicKey, 'suite.version');
    assertCaught(version, publisher.publicKey, 'suite.version changed after signing');
    const unknownDisposition = structuredClone(signed) as unknown as { results: { requirements: { disposition: string; detail?: string }[] } };
    Object.assign(unknownDisposition.results.requirements[0] ?? {}, { disposition: 'error', detail: 'suite error' });
    assertCaught(unknownDisposition, publisher.publicKey, 'disposition');
    const unknownRequirement = clone(signed);
    const first = unknownRequirement.results.requirements[0];
    if (first) Object.assign(first, { requirementId: 'discovery.not-a-requirement', scenarioId: 'discovery/discovery.not-a-requirement' });
    assertCaught(unknownRequirement, publisher.publicKey, 'not a requirement of this suite version');
    const faulted = clone(signed);
    faulted.targetConfiguration.faults = ['some-fault'];
    faulted.targetConfigurationSha256 = configurationDigest(faulted.targetConfiguration);
    assertCaught(faulted, publisher.publicKey, 'targetConfiguration.faults');
  });

  it('a REST run claims rest-* profile ids and verifies under them', async () => {
    const run = await runSuite({ target: 'reference-rest', only: ['idempotency.*'] });
    const bundle = renderCertificationBundle(run.report, { signingKey: publisher.privateKey });
    assert.deepEqual(bundle?.claimedProfiles, ['rest-idempotency']);
    assert.deepEqual(failed(verifyBundle(bundle, { publicKey: publisher.publicKey })), []);
  });

  describe('the verify command', () => {
    const lines: string[] = [];
    const errors: string[] = [];
    const io = { out: (line: string) => lines.push(line), err: (line: string) => errors.push(line) };
    let dir: string;

    beforeEach(async () => {
      lines.length = 0;
      errors.length = 0;
      dir = await mkdtemp(join(tmpdir(), 'openwop-verify-'));
    });

    it('prints one line per check and exits 0, 1 on a tampered bundle, 2 on unreadable input', async () => {
      const bundlePath = join(dir, 'bundle.json');
      const keyPath = join(dir, 'public.pem');
      await writeFile(bundlePath, JSON.stringify(signed));
      await writeFile(keyPath, publisher.publicKey.export({ type: 'spki', format: 'pem' }).toString());
      assert.strictEqual(await verifyCommand({ bundlePath, publicKeyPath: keyPath }, io), 0);
      assert.isTrue(
        lines.slice(0, -1).every((line) => line.startsWith('ok ')),
        lines.join('\n'),
      );
      const tampered = clone(signed);
      tampered.claimedProfiles.push('grpc-core');
      await writeFile(bundlePath, JSON.stringify(tampered));
      lines.length = 0;
      assert.strictEqual(await verifyCommand({ bundlePath, publicKeyPath: keyPath }, io), 1);
      assert.isTrue(
        lines.some((line) => line.startsWith('FAIL claimedProfiles')),
        lines.join('\n'),
      );
      assert.strictEqual(await verifyCommand({ bundlePath: join(dir, 'missing.json'), publicKeyPath: keyPath }, io), 2);
      await writeFile(join(dir, 'not-a-key.pem'), 'hello');
      assert.strictEqual(await verifyCommand({ bundlePath, publicKeyPath: join(dir, 'not-a-key.pem') }, io), 2);
      assert.match(errors.join('\n'), /missing\.json \(ENOENT\)[\s\S]*not a public key in PEM/);
    });

    it('with --target, holds while the engine serves the pinned discovery document and fails on another engine', async () => {
      const token = 'verify-test-token';
      const engine = await startReferenceEngine({ token });
      const other = await startReferenceEngine({ token, variants: [] });
      try {
        const run = await runSuite({ target: engine.url, token, only: ['discovery.served-without-token'] });
        const bundle = renderCertificationBundle(run.report, { signingKey: publisher.privateKey });
        const bundlePath = join(dir, 'live.json');
        const keyPath = join(dir, 'public.pem');
        await writeFile(bundlePath, JSON.stringify(bundle));
        await writeFile(keyPath, publisher.publicKey.export({ type: 'spki', format: 'pem' }).toString());
        assert.strictEqual(await verifyCommand({ bundlePath, publicKeyPath: keyPath, target: engine.url }, io), 0, lines.join('\n'));
        assert.isTrue(
          lines.some((line) => line.startsWith('ok   live discovery')),
          lines.join('\n'),
        );
        lines.length = 0;
        assert.strictEqual(await verifyCommand({ bundlePath, publicKeyPath: keyPath, target: other.url }, io), 1, lines.join('\n'));
        assert.isTrue(
          lines.some((line) => line.startsWith('FAIL live discovery') && line.includes('not the pinned discovery.sha256')),
          lines.join('\n'),
        );
        lines.length = 0;
        await other.stop();
        assert.strictEqual(await verifyCommand({ bundlePath, publicKeyPath: keyPath, target: other.url, timeoutMs: 2_000 }, io), 2, lines.join('\n'));
      } finally {
        await engine.stop();
        await other.stop().catch(() => undefined);
      }
    });
  });
});
