import { assert } from 'chai';
import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { validate as validateCtrf } from 'ctrf';
import { canonicalJson } from '../harness/support/json.js';
import type { ComplianceReport } from '../harness/verdicts/results.js';
import { SchemaId } from '../harness/schemas/schema-ids.js';
import { sharedSchemaRegistry } from '../harness/schemas/schema-registry.js';
import { applyBaseline } from '../reporters/baseline.js';
import { BADGE_COLORS, renderBadge, renderBadgeSvg } from '../reporters/badge-renderer.js';
import { renderCertificationBundle } from '../reporters/certification-bundle.js';
import { renderCtrf } from '../reporters/ctrf-renderer.js';
import { MAX_ANNOTATIONS, errorAnnotations } from '../reporters/github-actions.js';
import { renderJunit } from '../reporters/junit-renderer.js';
import { SUMMARY_BYTE_LIMIT, renderMarkdownSummary } from '../reporters/markdown-summary.js';
import { CAPABILITIES, mixedResults, result, sampleReport } from './support/sample-report.js';

const schemas = sharedSchemaRegistry();
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const HOSTILE = `<script>alert(1)</script> & "quotes" ]]> \u0001`;

function baselined(report: ComplianceReport, globs: string[]): ComplianceReport {
  const record = applyBaseline(
    { path: 'known-failures.json', sha256: 'cd'.repeat(32), entries: globs.map((glob) => ({ requirement: glob, reason: `ticket for ${glob}` })) },
    report.results,
  );
  return { ...report, baseline: record };
}

interface JunitCase {
  '@_name': string;
  properties: { property: { '@_name': string; '@_value': string }[] };
  failure?: { '@_message': string; '#text'?: string };
  error?: { '@_message': string };
  skipped?: { '@_message': string } | string;
}

function junitCases(xml: string): JunitCase[] {
  assert.strictEqual(XMLValidator.validate(xml), true, 'junit.xml is well-formed XML');
  const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) }).parse(xml) as {
    testsuites: { testsuite: { testcase: JunitCase[] }[] };
  };
  return parsed.testsuites.testsuite.flatMap((suite) => suite.testcase);
}

const caseFor = (cases: JunitCase[], id: string): JunitCase => {
  const found = cases.find((entry) => entry['@_name'].startsWith(`${id}:`));
  if (!found) throw new Error(`no testcase for ${id}`);
  return found;
};
const property = (entry: JunitCase, name: string): string | undefined => entry.properties.property.find((item) => item['@_name'] === name)?.['@_value'];

describe('junit.xml', () => {
  it('has one testcase per requirement, with failure, error and skipped by disposition and the reason as message', () => {
    const report = sampleReport(mixedResults());
    const cases = junitCases(renderJunit(report));
    assert.lengthOf(cases, report.results.length);
    const fail = caseFor(cases, 'lifecycle.cancel-running-accepted');
    assert.strictEqual(fail.failure?.['@_message'], 'why lifecycle.cancel-running-accepted is fail');
    assert.include(fail.failure?.['#text'] ?? '', 'expected: completed');
    assert.include(fail.failure?.['#text'] ?? '', 'repro:    grpcurl');
    assert.strictEqual(caseFor(cases, 'lifecycle.cancelled-stays-cancelled').error?.['@_message'], 'why lifecycle.cancelled-stays-cancelled is blocked');
    const inapplicable = caseFor(cases, 'workflow.fixture-definitions').skipped;
    assert.isObject(inapplicable);
    assert.include(typeof inapplicable === 'object' ? inapplicable['@_message'] : '', 'inapplicable: why');
    const pass = caseFor(cases, 'lifecycle.noop-completes');
    assert.isUndefined(pass.failure ?? pass.error ?? pass.skipped);
    assert.strictEqual(property(pass, 'requirementId'), 'lifecycle.noop-completes');
    assert.strictEqual(property(pass, 'level'), 'MUST');
    assert.strictEqual(property(pass, 'area'), 'lifecycle');
  });

  it('keeps engine-supplied text intact and the XML well-formed', () => {
    const report = sampleReport([result('lifecycle.noop-completes', 'fail', { reason: HOSTILE, actual: HOSTILE })]);
    const fail = caseFor(junitCases(renderJunit(report)), 'lifecycle.noop-completes');
    assert.include(fail.failure?.['@_message'] ?? '', '<script>alert(1)</script> & "quotes" ]]>');
  });

  it('shows a baselined failure as skipped, naming the baseline reason', () => {
    const report = baselined(sampleReport(mixedResults()), ['lifecycle.cancel-running-accepted']);
    const entry = caseFor(junitCases(renderJunit(report)), 'lifecycle.cancel-running-accepted');
    assert.isUndefined(entry.failure);
    assert.include(typeof entry.skipped === 'object' ? entry.skipped['@_message'] : '', 'baselined fail (ticket for lifecycle.cancel-running-accepted)');
    assert.strictEqual(property(entry, 'baselined'), 'ticket for lifecycle.cancel-running-accepted');
  });
});

describe('summary.md and GitHub annotations', () => {
  it('has the verdict, profile and area tables, and each failure with its repro line', () => {
    const markdown = renderMarkdownSummary(sampleReport(mixedResults()));
    assert.include(markdown, 'NON-CONFORMANT');
    assert.match(markdown, /\| `grpc-core` \| ❌ failed \| 2\/7 \|/);
    assert.match(markdown, /\| lifecycle \| 1 \| 2 \| 1 \| 0 \| 1 \|/);
    assert.include(markdown, '`lifecycle.cancel-running-accepted` [MUST] fail');
    assert.include(markdown, "grpcurl -plaintext -d '{}' 127.0.0.1:50051 openwop.v1.Engine/GetRun");
  });

  it('stays under 1 MiB however many and however long the failures are', () => {
    const huge = 'x'.repeat(200_000);
    const results = Array.from({ length: 400 }, (_, index) =>
      result(`lifecycle.case-${index}`, 'fail', { reason: huge, expected: huge, actual: huge, repro: huge }),
    );
    const markdown = renderMarkdownSummary(sampleReport(results));
    assert.isBelow(Buffer.byteLength(markdown), SUMMARY_BYTE_LIMIT);
    assert.include(markdown, 'and 380 more');
  });

  it('emits at most ten ::error annotations, escaped, skipping baselined failures', () => {
    const results = Array.from({ length: 15 }, (_, index) => result(`lifecycle.case-${index}`, 'fail', { reason: 'line one\nline two 100%' }));
    const lines = errorAnnotations(baselined(sampleReport(results), ['lifecycle.case-0']));
    assert.lengthOf(lines, MAX_ANNOTATIONS);
    assert.notInclude(lines.join('\n'), 'lifecycle.case-0 ');
    assert.match(lines[0] ?? '', /^::error title=lifecycle\.case-1 \[MUST\] fail::line one%0Aline two 100%25/);
  });
});

describe('badge.json and badge.svg', () => {
  const conformant = sampleReport([result('discovery.served-without-token', 'pass'), result('lifecycle.noop-completes', 'pass')]);

  it('says "core passed/total" in green for a conformant run, valid against the shields endpoint schema', () => {
    const badge = renderBadge(conformant);
    assert.deepEqual(badge, { schemaVersion: 1, label: 'openwop grpc', message: 'core 2/2', color: BADGE_COLORS.green });
    assert.deepEqual(schemas.validate(SchemaId.shieldsEndpoint, badge), []);
  });

  it('is red when non-conformant, amber when only baselined failures stand in the way and says how many, grey when incomplete', () => {
    assert.strictEqual(renderBadge(sampleReport(mixedResults())).color, BADGE_COLORS.red);
    const excused = renderBadge(baselined(sampleReport(mixedResults()), ['lifecycle.cancel-*', 'lifecycle.cancelled-stays-cancelled']));
    assert.deepEqual([excused.message, excused.color], ['core 2/7 · 3 baselined', BADGE_COLORS.amber]);
    assert.strictEqual(renderBadge({ ...conformant, verdict: 'incomplete', verdictReason: 'fixtures missing' }).color, BADGE_COLORS.grey);
  });

  it('draws a self-contained SVG with the same text', () => {
    const svg = renderBadgeSvg(renderBadge(conformant));
    assert.strictEqual(XMLValidator.validate(svg), true);
    assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.include(svg, 'core 2/2');
    assert.notMatch(svg, /(href|src)="https?:/, 'no external references');
  });
});

describe('ctrf.json', () => {
  it('validates with the CTRF reference implementation and maps dispositions', () => {
    const document = renderCtrf(baselined(sampleReport(mixedResults()), ['lifecycle.cancel-reaches-cancelled']));
    assert.isTrue(validateCtrf(document).valid);
    const status = (id: string): [string, string | undefined] => {
      const test = document.results.tests.find((entry) => entry.name.startsWith(`${id}:`));
      return [test?.status ?? 'missing', test?.rawStatus];
    };
    assert.deepEqual(status('lifecycle.noop-completes'), ['passed', 'pass']);
    assert.deepEqual(status('lifecycle.cancel-running-accepted'), ['failed', 'fail']);
    assert.deepEqual(status('lifecycle.cancel-reaches-cancelled'), ['skipped', 'fail (baselined)']);
    assert.deepEqual(status('lifecycle.cancelled-stays-cancelled'), ['other', 'blocked']);
    assert.deepEqual(status('workflow.fixture-definitions'), ['skipped', 'inapplicable']);
    assert.include(document.results.summary, { tests: 8, passed: 3, failed: 1, other: 1, skipped: 3 });
  });
});

describe('certification-bundle.json', () => {
  const withDiscovery = (report: ComplianceReport): ComplianceReport => ({
    ...report,
    capabilities: CAPABILITIES,
    capabilitiesSha256: sha256(canonicalJson(CAPABILITIES)),
  });

  it('is the upstream v2 shape with mapped dispositions and the three digests, valid against its schema', () => {
    const report = withDiscovery(sampleReport(mixedResults()));
    const bundle = renderCertificationBundle(report, schemas);
    if (!bundle) throw new Error('no bundle');
    assert.deepEqual(schemas.validate(SchemaId.certificationBundle, bundle), []);
    assert.deepEqual(bundle.results.totals, { executedPass: 3, executedFail: 2, skipped: 1, inapplicable: 1, blocked: 1 });
    const disposition = (id: string): string | undefined => bundle.results.requirements.find((entry) => entry.requirementId === id)?.disposition;
    assert.deepEqual(
      [
        'lifecycle.noop-completes',
        'lifecycle.cancel-running-accepted',
        'lifecycle.cancelled-stays-cancelled',
        'workflow.fixture-definitions',
        'lifecycle.bulk-cancel-order',
      ].map(disposition),
      ['executed-pass', 'executed-fail', 'blocked', 'inapplicable', 'skipped'],
    );
    assert.strictEqual(bundle.discovery.sha256, sha256(canonicalJson(CAPABILITIES)));
    assert.strictEqual(
      bundle.scenarioManifestSha256,
      sha256(
        report.results
          .map((entry) => entry.requirementId)
          .sort()
          .join('\n'),
      ),
    );
    assert.match(bundle.targetConfigurationSha256, /^[0-9a-f]{64}$/);
    assert.notStrictEqual(
      renderCertificationBundle({ ...report, options: { ...report.options, requireBehavior: true } }, schemas)?.targetConfigurationSha256,
      bundle.targetConfigurationSha256,
    );
    assert.deepEqual(bundle.claimedProfiles, [], 'a failed profile is never claimed');
  });

  it('claims a profile only when every MUST in it passed', () => {
    const bundle = renderCertificationBundle(
      withDiscovery(sampleReport([result('discovery.served-without-token', 'pass'), result('lifecycle.noop-completes', 'pass')])),
      schemas,
    );
    assert.deepEqual(bundle?.claimedProfiles, ['grpc-core']);
  });

  it('is not written without a discovery document, and refuses a digest that does not match the document', () => {
    assert.isUndefined(renderCertificationBundle(sampleReport(mixedResults()), schemas));
    assert.throws(
      () => renderCertificationBundle({ ...sampleReport(mixedResults()), capabilities: CAPABILITIES, capabilitiesSha256: 'ef'.repeat(32) }, schemas),
      /not the digest/,
    );
  });
});
