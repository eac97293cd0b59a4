import { assert } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReferenceEngine } from '../../fixtures/reference-engine/index.js';
import type { RunningReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { runConformance } from '../../harness/runner/conformance-run.js';
import { jsonText, canonicalJson } from '../../harness/support/json.js';
import type { JsonObject } from '../../harness/support/json.js';
import { BOUND_MARKER, MAX_DOCUMENT_CHARS, boundDocument, canonicalLength, documentBound } from '../../reporters/bounded-document.js';
import { discoveryDigest } from '../../reporters/certification/bundle-digests.js';
import { writeReportArtifacts } from '../../reporters/report-artifacts.js';
import { writeReport } from '../../reporters/report-writer.js';
import { verifyBundle } from '../../reporters/certification/bundle-verifier.js';
import { sharedSchemaRegistry } from '../../harness/schemas/schema-registry.js';
import { REQUIREMENTS } from '../../harness/requirements/registry.js';
import { startHostileProxy, withLargeStructMember } from './hostile-grpc-proxy.js';
import type { RunningProxy } from './hostile-grpc-proxy.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Issue 19 item 3: a huge engine-chosen value stays out of the reports (its start, size and digest stay in). */
describe('a large reply (bounded documents in reports)', function () {
  this.timeout(120_000);

  it('digests a document like sha256(canonicalJson) without building it, surrogate pairs across slices included', () => {
    const astral = '😀'.repeat(70_000); // 140,000 UTF-16 units: slice ends fall inside pairs
    const documents: unknown[] = [{ b: 1, a: [true, null, 'x"\\\n'] }, { long: 'y'.repeat(200_000), astral, lone: '\ud800x'.repeat(40_000) }, [], 'text', 3.5];
    for (const document of documents) assert.strictEqual(discoveryDigest(document), sha256(canonicalJson(document)));
    for (const document of documents as JsonObject[]) assert.strictEqual(canonicalLength(document), canonicalJson(document).length);
  });

  it('keeps an ordinary or long-listed document whole, cuts a long value to its start, size and digest, and omits a document over the bound', () => {
    const ordinary = { name: 'engine', fixtures: Array.from({ length: 20_000 }, (_, index) => `conformance-fixture-${index}`) };
    assert.strictEqual(boundDocument(ordinary), ordinary, 'no copy, no marker');
    const value = 'v'.repeat(5_000_000);
    const bounded = boundDocument({ protocolVersion: '1.0.0', 'x-padding': value });
    assert.strictEqual(bounded['protocolVersion'], '1.0.0');
    assert.match(jsonText(bounded['x-padding']), new RegExp(`^v{600}… \\(4999400 more characters; 5000000 in all, sha256 ${sha256(value)}\\)$`));
    assert.deepEqual(documentBound(bounded), {
      sha256: discoveryDigest({ protocolVersion: '1.0.0', 'x-padding': value }),
      chars: 5_000_042,
      valuesCut: 1,
      wholeDocumentOmitted: false,
    });
    const many = { list: Array.from({ length: MAX_DOCUMENT_CHARS / 4 }, () => 'abc') };
    const omitted = boundDocument(many);
    assert.deepEqual(Object.keys(omitted), [BOUND_MARKER]);
    assert.isTrue(documentBound(omitted)?.wholeDocumentOmitted);
  });

  describe('a run against an engine whose discovery document holds a 50 MB value', () => {
    let engine: RunningReferenceEngine;
    let proxy: RunningProxy;
    before(async () => {
      engine = await startReferenceEngine();
      proxy = await startHostileProxy(engine.url, {
        replaceReply: (rpc, reply) => (rpc === 'GetCapabilities' ? withLargeStructMember(reply, 'x-conformance-padding', 50_000_000) : undefined),
      });
    });
    after(async () => {
      await proxy.stop();
      await engine.stop();
    });

    it('writes every report file under 1 MB, pins the served digest, and a bundle whose discovery digest verify calls undecided, never forged', async () => {
      const { report } = await runConformance({
        target: proxy.url,
        only: ['discovery.capabilities-schema-valid', 'discovery.capabilities-stable'],
        requireBehavior: false,
        timeoutScale: 1,
        faults: [],
      });
      assert.strictEqual(report.verdict, 'conformant', report.verdictReason);
      const bound = documentBound(report.capabilities);
      assert.isDefined(bound);
      assert.strictEqual(bound?.sha256, report.capabilitiesSha256);
      assert.isAbove(bound?.chars ?? 0, 50_000_000);
      const dir = await mkdtemp(join(tmpdir(), 'openwop-large-reply-'));
      await writeReport(dir, report, sharedSchemaRegistry());
      const written = await writeReportArtifacts(dir, report, sharedSchemaRegistry());
      assert.include(written.paths.join(' '), 'certification-bundle.json');
      for (const file of [join(dir, 'report.json'), ...written.paths])
        assert.isBelow((await stat(file.startsWith('/') ? file : join(dir, file))).size, 1_000_000, file);
      const bundle = JSON.parse(await readFile(join(dir, 'certification-bundle.json'), 'utf8')) as { discovery: { sha256: string } };
      assert.strictEqual(bundle.discovery.sha256, report.capabilitiesSha256);
      const checks = verifyBundle({
        bundle,
        schemas: sharedSchemaRegistry(),
        requirements: REQUIREMENTS,
        suite: { package: report.suite.name, version: report.suite.version },
      });
      const discovery = checks.find((entry) => entry.check === 'discovery.sha256');
      assert.strictEqual(discovery?.outcome, 'undecided');
      assert.include(discovery?.detail, 'bounded');
    });
  });
});
