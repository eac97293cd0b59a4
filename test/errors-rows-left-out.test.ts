import { assert } from 'chai';
import { runConformance } from '../harness/runner/conformance-run.js';
import type { RunOptions } from '../harness/runner/conformance-run.js';

const options = (overrides: Partial<RunOptions>): RunOptions => ({
  target: 'reference-rest',
  only: ['errors.*'],
  requireBehavior: false,
  timeoutScale: 1,
  faults: [],
  ...overrides,
});

// A row of the error table that blocks is left out with a warning; the other rows still judge the
// engine (interop finding: one row blocking made every errors.* requirement blocked).
describe('error-table rows that block', function () {
  this.timeout(60_000);

  async function statusCodeMapped(overrides: Partial<RunOptions>) {
    const { report } = await runConformance(options(overrides));
    const result = report.results.find((entry) => entry.requirementId === 'errors.status-code-mapped');
    assert.isDefined(result);
    return result;
  }

  it('over --rest-events poll, leaves out the stream-mode row (poll carries no modes) and judges the rest', async () => {
    const result = await statusCodeMapped({ restEvents: 'poll' });
    assert.strictEqual(result.disposition, 'pass', result.reason ?? '');
    assert.isAbove(result.assertions, 0);
    assert.isTrue(
      result.warnings.some((warning) => warning.includes('left out') && warning.includes('poll')),
      JSON.stringify(result.warnings),
    );
  });

  it('with SSE events that are not RunEventDocs, leaves out the row whose stream cannot be read and judges the rest', async () => {
    // The in-memory host's shape: unknown stream modes accepted, then events that are no RunEventDocs.
    const result = await statusCodeMapped({ faults: ['sse-unreadable-event', 'stream-unknown-mode-accepted'] });
    assert.strictEqual(result.disposition, 'pass', result.reason ?? '');
    assert.isTrue(
      result.warnings.some((warning) => warning.includes('left out') && warning.includes('stream.event-envelope-schema-valid')),
      JSON.stringify(result.warnings),
    );
  });
});
