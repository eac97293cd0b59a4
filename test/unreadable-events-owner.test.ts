import { assert } from 'chai';
import { runConformance } from '../harness/runner/conformance-run.js';

// Interop findings (in-memory host: SSE data {seq, …}, not RunEventDocs): checks that cannot read the
// events block naming the envelope's owner, and a status-only row takes any envelope code.
describe('blocks that name their owner, and status-only rows', function () {
  this.timeout(60_000);

  const run = async (only: string[], faults: string[], variants: string[] = []) =>
    (await runConformance({ target: 'reference-rest', only, requireBehavior: false, timeoutScale: 1, faults, variants })).report.results;

  it('SSE resume and the stream deadline check block naming stream.event-envelope-schema-valid', async () => {
    // As on the in-memory host: node.started in the default mode, so the tailing stream reads one before its deadline.
    const results = await run(['rest.last-event-id-resume', 'input.deadline-leaves-no-side-effect'], ['sse-unreadable-event', 'stream-default-mode-debug']);
    for (const id of ['rest.last-event-id-resume', 'input.deadline-leaves-no-side-effect']) {
      const result = results.find((entry) => entry.requirementId === id);
      assert.strictEqual(result?.disposition, 'blocked', `${id}: ${result?.reason ?? ''}`);
      assert.include(result?.reason ?? '', 'stream.event-envelope-schema-valid', id);
    }
  });

  it("an unknown-webhook 404 with a code of the engine's own passes the error table with a warning", async () => {
    const results = await run(['errors.*'], [], ['webhook-unknown-noncanonical-code']);
    const result = results.find((entry) => entry.requirementId === 'errors.envelope-code-matches-status');
    assert.strictEqual(result?.disposition, 'pass', result?.reason ?? '');
    assert.isTrue(
      result?.warnings.some((warning) => warning.includes('non-canonical envelope code hook_missing')),
      JSON.stringify(result?.warnings),
    );
  });
});
