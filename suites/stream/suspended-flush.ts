import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { RunEvent } from '../../harness/transport/engine-client.js';
import { waitingApprovalRun } from '../interrupt/hitl-fixtures.js';
import { describeEvents, readFromStart } from './stream-reading.js';

/**
 * The node.suspended forced flush (stream-modes.md §bufferMs: "Forced-flush triggers (server MUST
 * flush regardless of bufferMs accumulation): … suspension transitions (node.suspended)"). A
 * waiting conformance-approval run is read twice at once, unbuffered and with the largest buffer the
 * spec allows (5000 ms). A batch held for its window can only arrive 5000 ms after its first event;
 * one flushed at node.suspended arrives within delivery jitter of the unbuffered copy. The run never
 * ends on its own, so no terminal flush can stand in for the suspended one.
 */

const BUFFER_MS = 5_000;
/** Suite-chosen allowance for delivery jitter between two streams of one run (as in buffering.ts). */
const JITTER_MS = 1_500;

const isSuspended = (event: RunEvent): boolean => event.type === 'node.suspended';

export const SUSPENDED_FLUSH_CHECKS = [
  check('stream.buffer-ms-suspended-flush', async (t: TestContext) => {
    const allowed = Math.round(JITTER_MS * t.deadlines.timeoutScale);
    t.precondition(
      allowed < BUFFER_MS - JITTER_MS,
      `with --timeout-scale ${t.deadlines.timeoutScale} the jitter allowance (${allowed} ms) leaves no margin below the ${BUFFER_MS} ms buffer, so a held batch cannot be told from a flushed one`,
    );
    const { runId } = await waitingApprovalRun(t);
    try {
      const deadline = t.deadlines.suite(
        BUFFER_MS + 5_000,
        `the suite reads a waiting run's stored log this long: a batch held for buffer_ms ${BUFFER_MS} has flushed by then`,
      );
      const [plain, buffered] = await Promise.all([
        readFromStart(t, runId, deadline, {}, isSuspended),
        readFromStart(t, runId, deadline, { bufferMs: BUFFER_MS }, isSuspended),
      ]);
      for (const read of [plain, buffered]) if (read.end === 'error' && read.error) throw read.error;
      const plainAt = plain.events.findIndex(isSuspended);
      t.precondition(plainAt >= 0, `the unbuffered stream of waiting run ${runId} delivered no node.suspended (${describeEvents(plain.events)})`);
      const bufferedAt = buffered.events.findIndex(isSuspended);
      t.precondition(
        bufferedAt >= 0,
        `with buffer_ms ${BUFFER_MS} no node.suspended came within the suite's ${deadline.ms} ms (${describeEvents(buffered.events)})`,
      );
      const late = buffered.receivedAt[bufferedAt]! - plain.receivedAt[plainAt]!;
      if (late >= BUFFER_MS - JITTER_MS)
        t.fail(
          `with buffer_ms ${BUFFER_MS} node.suspended came ${late} ms after the unbuffered stream's: it waited for the buffer window, no forced flush on node.suspended`,
          `within ${allowed} ms`,
          `${late} ms later`,
        );
      t.precondition(
        late <= allowed,
        `with buffer_ms ${BUFFER_MS} node.suspended came ${late} ms after the unbuffered copy: more than the ${allowed} ms jitter allowance, less than the window`,
      );
      t.assert.isAtMost(late, allowed, 'delay of the buffered node.suspended');
    } finally {
      await t.client.cancelRun({ runId, reason: 'conformance: end the waiting run' }).catch(() => undefined);
    }
  }),
];
