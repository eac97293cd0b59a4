import { isJsonObject } from '../../harness/support/json.js';
import type { RunEvent } from '../../harness/transport/engine-client.js';
import { readRunLog } from '../../harness/waits/run-log-reader.js';
import { BlockedError } from '../../harness/verdicts/outcome-errors.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { uninformativeReason } from '../../harness/verdicts/uninformative-errors.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Hitl, SUSPENDED_STATUSES, approvalResume, hitlDeadline, waitingApprovalRun } from './hitl-fixtures.js';
import { nodeOf } from './token-source.js';

/** Accepts a waiting approval run (a control: the resolution is interrupt.accept-completes' subject) and reads its whole log. */
async function acceptedRunLog(t: TestContext): Promise<RunEvent[]> {
  const { runId } = await waitingApprovalRun(t);
  await t.control(
    'ResolveInterruptByRun {action: accept}',
    t.client.resolveInterruptByRun({ runId, nodeId: Hitl.approvalNode, resumeValue: approvalResume('accept') }),
  );
  const log = await readRunLog(t.client, runId, hitlDeadline(t, 'the accepted approval run to finish'), (message) => t.warn(message));
  return log.events;
}

/** Whether the engine's own definition of the approval fixture routes the gate onward (a reject branch may exist). */
async function gateRoutesOnward(t: TestContext): Promise<boolean> {
  const { workflow } = await t.control(`GetWorkflow(${Hitl.approval})`, t.client.getWorkflow({ workflowId: Hitl.approval }));
  const edges = Array.isArray(workflow?.['edges']) ? workflow['edges'] : [];
  return edges.some((edge) => isJsonObject(edge) && edge['sourceNodeId'] === Hitl.approvalNode);
}

const describeTypes = (events: readonly RunEvent[]): string => events.map((event) => `${event.sequence}:${event.type}`).join(', ') || 'no events';

/** The first event of `type` for the gate, or undefined. */
const gateEvent = (events: readonly RunEvent[], type: string): RunEvent | undefined =>
  events.find((event) => event.type === type && nodeOf(event) === Hitl.approvalNode);

export const APPROVAL_FLOW_CHECKS = [
  check('interrupt.approval-waits', async (t: TestContext) => {
    const { runId } = await t.createRun({ workflowId: Hitl.approval });
    t.precondition(runId, 'CreateRun returned no run id');
    const { snapshot } = await t.untilStatus(runId, SUSPENDED_STATUSES, hitlDeadline(t, 'the approval run to wait'), 'verdict');
    t.assert.strictEqual(snapshot['status'], 'waiting-approval', 'status of the suspended approval run');
    t.assert.strictEqual(snapshot['currentNodeId'], Hitl.approvalNode, 'snapshot.currentNodeId while waiting-approval');
  }),

  check('interrupt.suspension-events', async (t: TestContext) => {
    const events = await acceptedRunLog(t);
    const suspended = gateEvent(events, 'node.suspended');
    const requested = gateEvent(events, 'interrupt.requested');
    if (!suspended) t.fail(`no node.suspended event names node ${Hitl.approvalNode}`, `node.suspended for ${Hitl.approvalNode}`, describeTypes(events));
    if (!requested)
      t.fail(`no interrupt.requested event names node ${Hitl.approvalNode}`, `interrupt.requested for ${Hitl.approvalNode}`, describeTypes(events));
    const kind = isJsonObject(requested.payload) ? requested.payload['kind'] : undefined;
    t.assert.strictEqual(kind, 'approval', 'interrupt.requested payload kind');
  }),

  check('interrupt.accept-completes', async (t: TestContext) => {
    const { runId } = await waitingApprovalRun(t);
    const reply = await t.client.resolveInterruptByRun({ runId, nodeId: Hitl.approvalNode, resumeValue: approvalResume('accept') });
    t.assert.strictEqual(reply.runId, runId, 'ResolveInterruptByRun reply runId');
    t.assert.strictEqual(reply.nodeId, Hitl.approvalNode, 'ResolveInterruptByRun reply nodeId');
    const outcome = await t.untilStatus(runId, ['completed'], hitlDeadline(t, 'the accepted run to complete'), 'verdict');
    t.assert.strictEqual(outcome.status, 'completed', 'status after accepting the gate');
  }),

  check('interrupt.resolution-events', async (t: TestContext) => {
    const events = await acceptedRunLog(t);
    const requested = gateEvent(events, 'interrupt.requested');
    t.precondition(requested, `the log has no interrupt.requested for ${Hitl.approvalNode} (interrupt.suspension-events reports that)`);
    for (const type of ['interrupt.resolved', 'node.resumed']) {
      const event = gateEvent(events, type);
      if (!event)
        t.fail(`no ${type} event names node ${Hitl.approvalNode} after the interrupt was resolved`, `${type} for ${Hitl.approvalNode}`, describeTypes(events));
      t.assert.isAbove(event.sequence, requested.sequence, `${type} follows interrupt.requested`);
    }
  }),

  check('interrupt.approval-received-decided-by', async (t: TestContext) => {
    const events = await acceptedRunLog(t);
    const received = events.filter((event) => event.type === 'approval.received');
    // decidedBy is a duty of an emitted approval.received; with none there is nothing to judge.
    if (received.length === 0)
      throw new BlockedError(`the accepted ${Hitl.approval} run logged no approval.received (${describeTypes(events)}), so there is no decidedBy to judge`);
    const findings = received.flatMap((event) => {
      const payload = isJsonObject(event.payload) ? event.payload : {};
      const decidedBy = payload['decidedBy'];
      if (payload['action'] === 'timeout' || (typeof decidedBy === 'string' && decidedBy !== '')) return [];
      return [`approval.received ${event.sequence} carries decidedBy ${JSON.stringify(decidedBy)}: no decidedBy recorded`];
    });
    t.assertNone(findings, 'approval.received events without a decidedBy principal');
    t.assert.isAbove(received.length, 0, 'approval.received events judged');
  }),

  check('interrupt.legacy-decision-normalised', async (t: TestContext) => {
    const { runId } = await waitingApprovalRun(t);
    const legacy = { decision: 'approved', decidedAt: new Date().toISOString() };
    const what = 'ResolveInterruptByRun with the legacy body {decision: "approved"} (no action)';
    try {
      await t.client.resolveInterruptByRun({ runId, nodeId: Hitl.approvalNode, resumeValue: legacy });
    } catch (error) {
      if (!(error instanceof RpcError) || uninformativeReason(error)) throw error;
      t.fail(
        `${what} was refused ${error.codeName} ${error.envelopeCode ?? ''} (${error.statusMessage}): the legacy decision was not normalised to accept`,
        'accepted as {action: accept}',
        error.codeName,
      );
    }
    const outcome = await t.untilStatus(runId, ['completed'], hitlDeadline(t, 'the run approved with a legacy decision to complete'), 'verdict');
    t.assert.strictEqual(outcome.status, 'completed', 'status after a legacy {decision: approved}');
  }),

  check('interrupt.legacy-rejected-normalised', async (t: TestContext) => {
    const routed = await gateRoutesOnward(t);
    const { runId } = await waitingApprovalRun(t);
    const what = 'ResolveInterruptByRun with the legacy body {decision: "rejected"} (no action, no feedback)';
    try {
      await t.client.resolveInterruptByRun({ runId, nodeId: Hitl.approvalNode, resumeValue: { decision: 'rejected', decidedAt: new Date().toISOString() } });
    } catch (error) {
      if (!(error instanceof RpcError) || uninformativeReason(error)) throw error;
      t.fail(
        `${what} was refused ${error.codeName} ${error.envelopeCode ?? ''} (${error.statusMessage}): the legacy decision was not normalised to reject`,
        'accepted as {action: reject}',
        error.codeName,
      );
    }
    const wanted = routed ? ['failed', 'completed'] : ['failed'];
    // Read as an approval, the run would complete: with no branch out of gate that ends the wait as a failure.
    const outcome = await t.untilStatus(runId, wanted, hitlDeadline(t, 'the run rejected with a legacy decision to end'), 'verdict');
    t.assert.oneOf(outcome.status, wanted, 'status after a legacy {decision: rejected}');
  }),

  check('interrupt.reject-fails', async (t: TestContext) => {
    const routed = await gateRoutesOnward(t);
    const { runId } = await waitingApprovalRun(t);
    await t.control(
      'ResolveInterruptByRun {action: reject}',
      t.client.resolveInterruptByRun({ runId, nodeId: Hitl.approvalNode, resumeValue: approvalResume('reject') }),
    );
    // Without a branch out of the gate a rejection fails it (approval_rejected); with one, the run may complete through it.
    const wanted = routed ? ['failed', 'completed'] : ['failed'];
    if (routed)
      t.warn(`leniency applied: the engine's ${Hitl.approval} has edges out of ${Hitl.approvalNode}, so a rejection may complete through the routed branch`);
    const outcome = await t.untilStatus(runId, wanted, hitlDeadline(t, 'the rejected run to end'), 'verdict');
    t.assert.oneOf(outcome.status, wanted, 'status after rejecting the gate');
  }),

  check('interrupt.cancel-waiting-run', async (t: TestContext) => {
    const { runId } = await waitingApprovalRun(t);
    const reply = await t.client.cancelRun({ runId, reason: 'conformance: cancel a waiting run' });
    t.assert.oneOf(reply.status, ['cancelling', 'cancelled'], 'CancelRun status for a waiting-approval run');
    // The 5 s cancel bound of the fixture catalogue: a waiting gate has no work to drain.
    const outcome = await t.untilStatus(runId, ['cancelled'], t.deadlines.cancellation(), 'verdict');
    t.assert.strictEqual(outcome.status, 'cancelled', 'status after cancelling a waiting run');
  }),
];
