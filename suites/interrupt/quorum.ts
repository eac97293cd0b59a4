import { isJsonObject } from '../../harness/support/json.js';
import type { RunEvent } from '../../harness/transport/engine-client.js';
import { readRunLog } from '../../harness/waits/run-log-reader.js';
import { BlockedError } from '../../harness/verdicts/outcome-errors.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { SUSPENDED_STATUSES, hitlDeadline } from './hitl-fixtures.js';
import { nodeOf } from './token-source.js';

/**
 * Multi-approver quorum (interrupt.md §Host-side enforcement boundary, "Multi-approver quorum
 * composition"): whether the host or the engine composes the quorum, the FINAL terminal
 * approval.received MUST carry a decidedBy representing whoever closed it — the last approver, or a
 * synthetic `quorum:<n>-of-<m>`. The fixture is the upstream `conformance-interrupt-quorum`
 * (conformance/fixtures.md: requiredApprovals 3, rejectionPolicy majority, node `gate`; completed
 * after 3 accepts). Votes are told apart by the resume value's `voter`, as in the upstream
 * interrupt-quorum-resolution scenario.
 */
export const Quorum = { fixture: 'conformance-interrupt-quorum', node: 'gate', required: 3 } as const;

const SYNTHETIC = /^quorum:\d+-of-\d+$/;
const describeTypes = (events: readonly RunEvent[]): string => events.map((event) => `${event.sequence}:${event.type}`).join(', ') || 'no events';

/** Casts `Quorum.required` accepts by distinct voters, checking that the run still waits between them. */
async function closeQuorum(t: TestContext, runId: string): Promise<string> {
  let voter = '';
  for (let vote = 1; vote <= Quorum.required; vote += 1) {
    voter = `approver-${vote}`;
    await t.control(
      `ResolveInterruptByRun vote ${vote}/${Quorum.required} {action: accept, voter: ${voter}}`,
      t.client.resolveInterruptByRun({ runId, nodeId: Quorum.node, resumeValue: { action: 'accept', voter, decidedAt: new Date().toISOString() } }),
    );
    if (vote === Quorum.required) break;
    const { snapshot } = await t.control(`GetRun after vote ${vote}`, t.client.getRun({ runId }));
    // Closing early breaks the profile's quorum rule, not this requirement's subject (the final decidedBy).
    const status = snapshot?.['status'];
    t.precondition(
      status === 'waiting-approval',
      `the quorum run left waiting-approval (${JSON.stringify(status)}) after ${vote} of ${Quorum.required} accepts; the quorum did not hold`,
    );
  }
  return voter;
}

export const QUORUM_CHECKS = [
  check('interrupt.quorum-decided-by', async (t: TestContext) => {
    const { runId } = await t.createRun({ workflowId: Quorum.fixture });
    t.precondition(runId, 'CreateRun returned no run id');
    const { status } = await t.untilStatus(runId, SUSPENDED_STATUSES, hitlDeadline(t, 'the quorum run to wait'), 'precondition');
    t.precondition(status === 'waiting-approval', `the quorum run waits in ${status}, not waiting-approval`);
    const closer = await closeQuorum(t, runId);
    // A host that counts the three calls as one principal never closes the quorum: that blocks, naming why.
    await t.untilStatus(
      runId,
      ['completed', 'failed'],
      hitlDeadline(t, `the quorum run to finish after ${Quorum.required} accepts by distinct voters (told apart by resumeValue.voter)`),
      'precondition',
    );
    const log = await readRunLog(t.client, runId, hitlDeadline(t, 'the quorum run log'), (message) => t.warn(message));
    const received = log.events.filter((event) => event.type === 'approval.received' && nodeOf(event) === Quorum.node);
    // decidedBy is a duty of an emitted approval.received; with none there is nothing to judge.
    if (received.length === 0) throw new BlockedError(`the quorum run logged no approval.received for ${Quorum.node} (${describeTypes(log.events)})`);
    const final = received.at(-1);
    t.precondition(final, 'no approval.received to judge');
    const payload = isJsonObject(final.payload) ? final.payload : {};
    const decidedBy = payload['decidedBy'];
    if (typeof decidedBy !== 'string' || decidedBy === '')
      t.fail(
        `the final approval.received (sequence ${final.sequence}) carries decidedBy ${JSON.stringify(decidedBy)}: the closer of the quorum is not recorded`,
        'a non-empty decidedBy (the last approver or quorum:<n>-of-<m>)',
        JSON.stringify(decidedBy),
      );
    // decidedBy is opaque (never parsed for a verdict); which reading the engine chose is only recorded.
    const reading = SYNTHETIC.test(decidedBy)
      ? 'a synthetic quorum:<n>-of-<m>'
      : decidedBy === closer
        ? `the last approver's voter (${closer})`
        : 'a host-chosen principal';
    t.warn(`reading seen: the final approval.received names ${reading} in decidedBy (${received.length} approval.received event(s) for ${Quorum.node})`);
    t.assert.isNotEmpty(decidedBy, 'decidedBy of the final approval.received');
  }),
];
