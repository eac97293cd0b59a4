import { assert } from 'chai';
import { mergeRepeats, repeatLines } from '../../harness/cli/repeat-runs.js';
import type { RunOutcome } from '../../harness/runner/conformance-run.js';
import { SchemaId } from '../../harness/schemas/schema-ids.js';
import { sharedSchemaRegistry } from '../../harness/schemas/schema-registry.js';
import { result, sampleReport } from '../support/sample-report.js';

const run = (noop: 'pass' | 'fail', exitCode: RunOutcome['exitCode']): RunOutcome => ({
  report: sampleReport([
    result('discovery.served-without-token', 'pass'),
    result('lifecycle.noop-completes', noop),
    result('workflow.fixture-definitions', 'inapplicable'),
  ]),
  exitCode,
});

describe("run --repeat: pass ratios across runs, the worst run's verdict", () => {
  it("keeps the worst run as the report and records every exercised requirement's pass ratio", () => {
    const merged = mergeRepeats([run('pass', 0), run('fail', 1), run('pass', 0), run('pass', 0)]);
    assert.strictEqual(merged.exitCode, 1);
    assert.strictEqual(merged.report.verdict, 'non-conformant');
    const repeat = merged.report.repeat;
    assert.strictEqual(repeat?.runs, 4);
    assert.strictEqual(repeat?.worstRun, 2);
    assert.deepEqual(repeat?.verdicts, ['conformant', 'non-conformant', 'conformant', 'conformant']);
    assert.deepEqual(
      repeat?.requirements.map((entry) => [entry.requirementId, entry.passes, entry.passRatio]),
      [
        ['discovery.served-without-token', 4, 1],
        ['lifecycle.noop-completes', 3, 0.75],
      ],
      'inapplicable everywhere: no ratio',
    );
    assert.deepEqual(sharedSchemaRegistry().validate(SchemaId.complianceReport, merged.report), []);
    const lines = repeatLines(repeat ?? assert.fail('no repeat record'));
    assert.include(lines[0], '(conformant ×3, non-conformant ×1); 1/2 exercised requirements passed every run');
    assert.include(lines[0], "run 2's, the worst");
    assert.deepEqual(lines.slice(1), ['  lifecycle.noop-completes: passed 3/4 (75 %)']);
  });

  it('with every run alike, reports full stability and the first run', () => {
    const merged = mergeRepeats([run('pass', 0), run('pass', 0)]);
    assert.strictEqual(merged.exitCode, 0);
    assert.strictEqual(merged.report.repeat?.worstRun, 1);
    assert.isTrue(merged.report.repeat?.requirements.every((entry) => entry.passRatio === 1));
  });
});
