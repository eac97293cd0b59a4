import { assert } from 'chai';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { AREAS } from '../harness/requirements/requirement.js';
import type { ComplianceReport } from '../harness/verdicts/results.js';
import { sharedSchemaRegistry } from '../harness/schemas/schema-registry.js';
import { UsageError } from '../harness/cli/usage-error.js';
import { applyBaseline, loadBaseline } from '../reporters/baseline.js';
import { PROFILES, evaluateProfile, evaluateProfiles } from '../reporters/profiles.js';
import { decideGate } from '../reporters/run-gate.js';
import { mixedResults, result, sampleReport } from './support/sample-report.js';

const core = PROFILES.find((profile) => profile.id === 'grpc-core');
if (!core) throw new Error('grpc-core is not defined');

async function baselineFile(body: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'owc-baseline-'));
  const path = join(dir, 'known-failures.json');
  await writeFile(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
}

async function withBaseline(report: ComplianceReport, entries: { requirement: string; reason: string }[]): Promise<ComplianceReport> {
  const baseline = await loadBaseline(await baselineFile({ knownFailures: entries }), sharedSchemaRegistry());
  return { ...report, baseline: applyBaseline(baseline, report.results) };
}

describe('profiles', () => {
  it('every area the suite knows belongs to a profile, so a new area cannot go unreported', () => {
    for (const area of AREAS)
      assert.isTrue(
        PROFILES.some((profile) => profile.areas.includes(area)),
        `area ${area} is in no profile`,
      );
  });

  it('certifies a profile only when every MUST in it passed', () => {
    const passing = sampleReport([
      result('discovery.served-without-token', 'pass'),
      result('lifecycle.noop-completes', 'pass'),
      result('lifecycle.x-should', 'fail', { level: 'SHOULD' }),
    ]);
    assert.strictEqual(evaluateProfile(core, passing).status, 'certified');
    const oneInapplicable = sampleReport([result('discovery.served-without-token', 'pass'), result('lifecycle.noop-completes', 'inapplicable')]);
    assert.strictEqual(evaluateProfile(core, oneInapplicable).status, 'incomplete', 'advertising less is never certified');
  });

  it('is failed on a MUST failure, incomplete on a blocked MUST, not-assessed when nothing was exercised or it has no requirements', () => {
    assert.strictEqual(evaluateProfile(core, sampleReport(mixedResults())).status, 'failed');
    assert.strictEqual(
      evaluateProfile(core, sampleReport([result('lifecycle.noop-completes', 'pass'), result('lifecycle.cancel-running-accepted', 'blocked')])).status,
      'incomplete',
    );
    assert.strictEqual(evaluateProfile(core, sampleReport([result('lifecycle.noop-completes', 'skipped')])).status, 'not-assessed');
    const auth = evaluateProfiles(sampleReport(mixedResults())).find((profile) => profile.id === 'grpc-auth');
    assert.deepInclude(auth, { status: 'not-assessed', requirementIds: [], gatePasses: false });
  });

  it('counts MUST and SHOULD separately', () => {
    const profile = evaluateProfile(core, sampleReport(mixedResults()));
    assert.deepEqual(profile.must, { total: 7, pass: 2, fail: 2, blocked: 1, error: 0, notRun: 2 });
    assert.deepEqual(profile.should, { total: 1, pass: 1, fail: 0, blocked: 0, error: 0, notRun: 0 });
  });
});

describe('baseline file', () => {
  const schemas = sharedSchemaRegistry();

  it('records the sha256 of the file bytes', async () => {
    const text = JSON.stringify({ knownFailures: [{ requirement: 'lifecycle.cancel-*', reason: 'ENG-1' }] });
    const baseline = await loadBaseline(await baselineFile(text), schemas);
    assert.strictEqual(baseline.sha256, createHash('sha256').update(text).digest('hex'));
    assert.deepEqual(baseline.entries, [{ requirement: 'lifecycle.cancel-*', reason: 'ENG-1' }]);
  });

  for (const [label, body, mention] of [
    ['not JSON', '{ nope', 'not valid JSON'],
    ['an entry without a reason', { knownFailures: [{ requirement: 'lifecycle.x' }] }, 'reason'],
    ['the wrong shape', ['lifecycle.x'], 'not a known-failures file'],
  ] as const) {
    it(`rejects ${label} with a one-line usage error`, async () => {
      const path = await baselineFile(body);
      const error = await loadBaseline(path, schemas).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      assert.instanceOf(error, UsageError);
      assert.include(error.message, path);
      assert.include(error.message, mention);
      assert.notInclude(error.message, '\n');
    });
  }

  it('rejects a missing file', async () => {
    const error = await loadBaseline('/nonexistent/known-failures.json', schemas).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.instanceOf(error, UsageError);
    assert.include(error.message, 'ENOENT');
  });
});

describe('run gate (exit code)', () => {
  it('passes a conformant run and fails a non-conformant one', () => {
    assert.strictEqual(decideGate(sampleReport([result('lifecycle.noop-completes', 'pass')]), []).code, 0);
    const failing = decideGate(sampleReport(mixedResults()), []);
    assert.strictEqual(failing.code, 1);
    assert.match(failing.reasons.join(' '), /non-conformant/);
  });

  it('exits 2 when the engine could not be exercised, 1 when the verdict is incomplete', () => {
    assert.strictEqual(decideGate(sampleReport(mixedResults(), { connectionError: 'ECONNREFUSED' }), []).code, 2);
    assert.strictEqual(
      decideGate(sampleReport([result('lifecycle.noop-completes', 'pass')], { verdict: 'incomplete', verdictReason: 'fixtures missing' }), []).code,
      1,
    );
  });

  it('does not fail a run whose only MUST problems are baselined', async () => {
    const report = await withBaseline(sampleReport(mixedResults()), [
      { requirement: 'lifecycle.cancel-r*', reason: 'ENG-7 async cancel' },
      { requirement: 'lifecycle.cancelled-stays-cancelled', reason: 'ENG-7' },
    ]);
    assert.deepEqual(report.baseline?.baselined, [
      'lifecycle.cancel-running-accepted',
      'lifecycle.cancel-reaches-cancelled',
      'lifecycle.cancelled-stays-cancelled',
    ]);
    assert.deepEqual(decideGate(report, []), { code: 0, reasons: [] });
  });

  it('forgives an incomplete verdict only when its causes are baselined blocked requirements', async () => {
    const results = [result('lifecycle.noop-completes', 'pass'), result('lifecycle.cancelled-stays-cancelled', 'blocked')];
    const blockedCause = {
      verdict: 'incomplete' as const,
      verdictReason: '1 MUST blocked',
      incompleteCauses: ['lifecycle.cancelled-stays-cancelled: why it is blocked'],
    };
    const excused = await withBaseline(sampleReport(results, blockedCause), [{ requirement: 'lifecycle.cancelled-stays-cancelled', reason: 'ENG-7' }]);
    assert.strictEqual(decideGate(excused, []).code, 0);
    const fixtureMissing = await withBaseline(
      sampleReport(results, { ...blockedCause, incompleteCauses: ['fixture conformance-noop (needed by core requirement lifecycle.noop-completes)'] }),
      [{ requirement: 'lifecycle.cancelled-stays-cancelled', reason: 'ENG-7' }],
    );
    assert.strictEqual(decideGate(fixtureMissing, []).code, 1, 'a baseline never stands in for a missing fixture');
  });

  it('still fails when one MUST failure is not baselined', async () => {
    const report = await withBaseline(sampleReport(mixedResults()), [{ requirement: 'lifecycle.cancel-running-accepted', reason: 'ENG-7' }]);
    assert.strictEqual(decideGate(report, []).code, 1);
  });

  it('fails when a baselined requirement now passes: the baseline can only shrink', async () => {
    const results = [result('lifecycle.noop-completes', 'pass'), result('lifecycle.cancel-running-accepted', 'fail')];
    const report = await withBaseline(sampleReport(results), [
      { requirement: 'lifecycle.cancel-running-accepted', reason: 'ENG-7' },
      { requirement: 'lifecycle.noop-completes', reason: 'was flaky' },
    ]);
    const gate = decideGate(report, []);
    assert.strictEqual(gate.code, 1);
    assert.match(gate.reasons.join(' '), /now pass.*lifecycle\.noop-completes/);
  });

  it('fails when a baseline glob matches no requirement', async () => {
    const results = [result('lifecycle.noop-completes', 'pass'), result('lifecycle.cancel-running-accepted', 'fail')];
    const report = await withBaseline(sampleReport(results), [
      { requirement: 'lifecycle.cancel-running-accepted', reason: 'ENG-7' },
      { requirement: 'lifecycle.renamed-*', reason: 'typo' },
    ]);
    const gate = decideGate(report, []);
    assert.strictEqual(gate.code, 1);
    assert.match(gate.reasons.join(' '), /match no requirement: lifecycle\.renamed-\*/);
  });

  it('with --require-profile depends on those profiles only', async () => {
    const coreFails = sampleReport(mixedResults());
    assert.strictEqual(decideGate(coreFails, ['grpc-core']).code, 1);
    const corePasses = sampleReport([result('discovery.served-without-token', 'pass'), result('lifecycle.noop-completes', 'pass')], {
      verdict: 'non-conformant',
      verdictReason: 'stand-in for a failure outside grpc-core',
    });
    assert.strictEqual(decideGate(corePasses, ['grpc-core']).code, 0);
    assert.strictEqual(decideGate(corePasses, []).code, 1);
    assert.strictEqual(decideGate(corePasses, ['grpc-core', 'grpc-auth']).code, 1, 'a profile with nothing to assess cannot pass a gate');
  });

  it('accepts a required profile whose failing MUSTs are all baselined', async () => {
    const results = [result('lifecycle.noop-completes', 'pass'), result('lifecycle.cancel-running-accepted', 'fail')];
    const report = await withBaseline(sampleReport(results), [{ requirement: 'lifecycle.cancel-running-accepted', reason: 'ENG-7' }]);
    assert.strictEqual(evaluateProfile(core, report).status, 'failed', 'the status stays honest');
    assert.strictEqual(decideGate(report, ['grpc-core']).code, 0);
  });
});
