import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { advertisedFixtures } from '../../harness/verdicts/gating.js';
import { Fixture } from '../fixture-ids.js';
import { isTerminalEvent, readFromStart, streamOutcome } from './stream-reading.js';

/** StreamRunEvents for a run that does not exist (protocol-digest §1.5: unknown run → NOT_FOUND). */
export const UNKNOWN_RUN_CHECKS = [
  check('stream.unknown-run-not-found', async (t: TestContext) => {
    // Control: the same RPC with the same credentials streams a run that exists.
    if (advertisedFixtures(t.capabilities).includes(Fixture.noop)) {
      const { runId } = await t.createRun({ workflowId: Fixture.noop });
      t.precondition(runId, 'CreateRun returned no run id');
      const control = await readFromStart(t, runId, t.deadlines.fixtureCompletion(Fixture.noop), {}, isTerminalEvent);
      if (control.end === 'error' && control.error) await t.control('StreamRunEvents of an existing run', Promise.reject(control.error));
    } else {
      t.warn(`${Fixture.noop} is not advertised, so no control call shows StreamRunEvents succeeding with these credentials`);
    }
    const unknown = t.unknownId('run-absent');
    await t.expectRpcError(
      // Cursor 0: valid under every reading (-1 is the seed's sentinel, which an engine may refuse first).
      streamOutcome(t, { runId: unknown, lastSequence: 0 }, t.deadlines.suite(5_000, 'the suite waits this long for the answer about an unknown run')),
      [{ code: 'NOT_FOUND', envelopeCodes: ['run_not_found', 'not_found'] }],
      `StreamRunEvents(${unknown})`,
    );
  }),
];
