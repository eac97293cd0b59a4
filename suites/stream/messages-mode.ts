import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { TERMINAL_STATUSES } from '../../harness/waits/run-waits.js';
import { Fixture } from '../fixture-ids.js';
import { acceptRefusal } from './stream-modes.js';
import { describeEvents, readFromStart, requireEnded } from './stream-reading.js';

/**
 * messages mode (stream-modes.md §messages): "Other event types are filtered out" — only
 * ai.message.chunk passes — and "If no AI nodes execute, the stream is empty until termination";
 * the server then closes. conformance-noop runs no AI node, so a served messages stream of it
 * delivers nothing and ends. Hosts SHOULD serve the mode; a refusal with unsupported_stream_mode
 * whose details.supported leaves it out is accepted.
 */
export const MESSAGES_MODE_CHECKS = [
  check('stream.messages-filtered', async (t: TestContext) => {
    const { runId } = await t.createRun({ workflowId: Fixture.noop });
    t.precondition(runId, 'CreateRun returned no run id');
    await t.untilStatus(runId, [...TERMINAL_STATUSES], t.deadlines.fixtureCompletion(Fixture.noop), 'precondition');
    const deadline = t.deadlines.fixtureCompletion(Fixture.noop);
    const read = await readFromStart(t, runId, deadline, { streamModes: ['messages'] });
    if (acceptRefusal(t, read, 'messages')) return;
    const others = read.events.filter((event) => event.type !== 'ai.message.chunk');
    if (others.length > 0)
      t.fail(
        `messages mode of a conformance-noop run (no AI node) delivered ${describeEvents(others)}: other event types are filtered out in messages mode`,
        'no event but ai.message.chunk',
        describeEvents(others),
      );
    requireEnded(read, deadline, `StreamRunEvents(${runId}, messages) of a finished run`);
    t.assert.strictEqual(read.end, 'ok', 'how a messages stream of a finished run ends');
    t.assert.lengthOf(others, 0, 'events other than ai.message.chunk in messages mode');
  }),
];
