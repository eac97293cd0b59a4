import { isJsonObject } from '../../harness/support/json.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Fixture, LONG_DELAY_MS } from '../fixture-ids.js';
import { runningCancellable } from './cancel-run.js';

export const BULK_CANCEL_CHECKS = [
  check('lifecycle.bulk-cancel-result-per-id', async (t: TestContext) => {
    const first = await t.createRun({ workflowId: Fixture.cancellable, inputs: { delayMs: LONG_DELAY_MS } });
    const second = await t.createRun({ workflowId: Fixture.cancellable, inputs: { delayMs: LONG_DELAY_MS } });
    t.precondition(first.runId && second.runId, 'CreateRun returned no run id');
    const runIds = [first.runId, t.unknownId('run-absent'), second.runId];
    const { results } = await t.client.bulkCancelRuns({ runIds, reason: 'conformance: result per id' });
    t.assert.lengthOf(results, runIds.length, 'one result per requested id');
    t.assert.deepStrictEqual(
      results.map((result) => result.runId),
      runIds,
      'result run ids, in request order',
    );
  }),

  check('lifecycle.bulk-cancel-unknown-id-entry', async (t: TestContext) => {
    const unknown = t.unknownId('run-absent');
    const { results } = await t.client.bulkCancelRuns({ runIds: [unknown], reason: 'conformance: unknown id' });
    // One entry for our id is result-per-id's subject; here it only sets the stage.
    t.precondition(results.length === 1, `BulkCancelRuns answered ${results.length} entries for one id (lifecycle.bulk-cancel-result-per-id reports that)`);
    const [entry] = results;
    t.assert.strictEqual(entry?.ok, false, `ok for unknown id ${unknown}`);
    const error = entry?.error;
    t.assert.isTrue(isJsonObject(error), 'an ok:false entry carries an error object');
    // The schema says ErrorEnvelope {error, message}; the prose shows {code, message} (protocol-digest §8.3).
    const envelopeForm = t.envelopeIssues(error).length === 0;
    const proseForm = isJsonObject(error) && typeof error['code'] === 'string' && typeof error['message'] === 'string';
    if (!envelopeForm && !proseForm) {
      t.fail(
        'the entry error is neither an ErrorEnvelope {error, message, details?} nor the prose form {code, message}',
        'an ErrorEnvelope or {code, message}',
        JSON.stringify(error),
      );
    }
    const code = envelopeForm ? error?.['error'] : error?.['code'];
    t.warn(`the entry error uses the ${envelopeForm ? 'schema ErrorEnvelope form {error, message}' : 'prose form {code, message}'} (protocol-digest §8.3)`);
    t.assert.oneOf(code, ['not_found', 'run_not_found'], 'the entry error code for an unknown id');
  }),

  check('lifecycle.bulk-cancel-cancels-running', async (t: TestContext) => {
    const runId = await runningCancellable(t);
    const { results } = await t.client.bulkCancelRuns({ runIds: [runId], reason: 'conformance: bulk cancel a running run' });
    t.assert.lengthOf(results, 1, 'one result for one id');
    t.assert.strictEqual(results[0]?.ok, true, 'ok for a running run');
    t.assert.oneOf(results[0]?.status, ['cancelling', 'cancelled'], 'status for a running run');
    const outcome = await t.untilStatus(runId, ['cancelled'], t.deadlines.cancellation(), 'verdict');
    t.assert.strictEqual(outcome.status, 'cancelled', 'the run reaches cancelled');
  }),

  check('lifecycle.bulk-cancel-empty-rejected', async (t: TestContext) => {
    // Control: a non-empty request is served, so a refusal below is about the empty list.
    const control = await t.control(
      'BulkCancelRuns(one unknown id)',
      t.client.bulkCancelRuns({ runIds: [t.unknownId('run-absent')], reason: 'conformance: control call' }),
    );
    t.precondition(control.results.length === 1, 'control: BulkCancelRuns did not answer a one-id request with one entry');
    await t.expectRpcError(
      t.client.bulkCancelRuns({ runIds: [], reason: 'conformance: empty list' }, { deliberatelyInvalid: 'empty run id list' }),
      [{ code: 'INVALID_ARGUMENT', envelopeCodes: ['validation_error'] }],
      'BulkCancelRuns([])',
    );
  }),
];
