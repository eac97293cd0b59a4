import { readRunLog } from '../../harness/waits/run-log-reader.js';
import { BlockedError, ConformanceFailure } from '../../harness/verdicts/outcome-errors.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Fixture } from '../fixture-ids.js';

/**
 * The event-schema owners. Every event any check reads is validated in the transport and charged
 * here; each owner also reads one conformance-noop log itself, so it is never decided by the mere
 * absence of evidence.
 */
async function readNoopLog(t: TestContext): Promise<void> {
  const { runId } = await t.createRun({ workflowId: Fixture.noop });
  t.precondition(runId, 'CreateRun returned no run id');
  // A run that does not finish is lifecycle.noop-completes' finding; here it only leaves less to validate.
  const log = await readRunLog(t.client, runId, t.deadlines.fixtureCompletion(Fixture.noop), (message) => t.warn(message)).catch((error: unknown) => {
    if (error instanceof ConformanceFailure) throw new BlockedError(`precondition not reached: ${error.message}`);
    throw error;
  });
  t.precondition(log.events.length > 0, `StreamRunEvents delivered no event for run ${runId}`);
  t.assert.isAbove(log.events.length, 0, 'a conformance-noop log with events to validate');
}

export const EVENT_SCHEMA_CHECKS = [check('stream.event-envelope-schema-valid', readNoopLog), check('stream.event-payloads-schema-valid', readNoopLog)];
