import { RpcError } from '../../harness/transport/rpc-error.js';
import { BlockedError } from '../../harness/verdicts/outcome-errors.js';
import { uninformativeReason } from '../../harness/verdicts/uninformative-errors.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { Hitl, approvalResume, hitlDeadline, noteReading, stateRefusals, waitingApprovalRun } from './hitl-fixtures.js';

/** A resolution of an interrupt that is no longer pending (interrupt.md: 404 missing or resolved; 409 concurrent). */
const ALREADY_RESOLVED = stateRefusals(['interrupt_not_found', 'not_found', 'interrupt_already_resolved', 'run_terminal']);

export const RESOLVE_REFUSAL_CHECKS = [
  check('interrupt.invalid-resume-rejected', async (t: TestContext) => {
    const { runId } = await waitingApprovalRun(t);
    const error = await t.expectRpcError(
      t.client.resolveInterruptByRun({ runId, nodeId: Hitl.approvalNode, resumeValue: { action: 'maybe', decidedAt: new Date().toISOString() } }),
      [{ code: 'INVALID_ARGUMENT', envelopeCodes: ['validation_error', 'INVALID_RESUME_VALUE', 'invalid_resume_value'] }],
      'ResolveInterruptByRun with {action: "maybe"}, outside the gate\'s actions',
    );
    if (error.envelopeCode !== 'validation_error') noteReading(t, 'the invalid resume value', error);
    const { snapshot } = await t.client.getRun({ runId });
    t.assert.strictEqual(snapshot?.['status'], 'waiting-approval', 'the run stays waiting after an invalid resume value');
  }),

  check('interrupt.unknown-node-not-found', async (t: TestContext) => {
    const { runId } = await waitingApprovalRun(t);
    await t.expectRpcError(
      t.client.resolveInterruptByRun({ runId, nodeId: t.unknownId('node'), resumeValue: approvalResume('accept') }),
      [{ code: 'NOT_FOUND', envelopeCodes: ['interrupt_not_found', 'not_found'] }],
      'ResolveInterruptByRun for a node that has no interrupt',
    );
  }),

  check('interrupt.resolve-twice-refused', async (t: TestContext) => {
    const { runId } = await waitingApprovalRun(t);
    await t.control(
      'the first ResolveInterruptByRun',
      t.client.resolveInterruptByRun({ runId, nodeId: Hitl.approvalNode, resumeValue: approvalResume('accept') }),
    );
    const error = await t.expectRpcError(
      t.client.resolveInterruptByRun({ runId, nodeId: Hitl.approvalNode, resumeValue: approvalResume('accept') }),
      ALREADY_RESOLVED,
      'a second ResolveInterruptByRun of the same interrupt',
    );
    noteReading(t, 'the second resolution', error);
  }),

  check('interrupt.concurrent-resolve-one-wins', async (t: TestContext) => {
    const { runId } = await waitingApprovalRun(t);
    const actions = ['accept', 'reject'] as const;
    const settled = await Promise.allSettled(
      actions.map((action) => t.client.resolveInterruptByRun({ runId, nodeId: Hitl.approvalNode, resumeValue: approvalResume(action) })),
    );
    const winners = actions.filter((_, index) => settled[index]?.status === 'fulfilled');
    if (winners.length === 2) t.fail('both concurrent resolutions (accept and reject) were answered OK', 'exactly one OK and one refusal', 'two OK replies');
    for (const outcome of settled) {
      if (outcome.status === 'fulfilled') continue;
      const error: unknown = outcome.reason;
      if (!(error instanceof RpcError)) throw error;
      const uninformative = uninformativeReason(error);
      if (uninformative) throw new BlockedError(uninformative);
      const accepted = ALREADY_RESOLVED.some((entry) => GrpcCode[entry.code] === error.code && entry.envelopeCodes.includes(error.envelopeCode ?? ''));
      if (!accepted)
        t.fail(
          `the losing resolution was refused ${error.codeName} + ${error.envelopeCode ?? '(no envelope)'}`,
          'interrupt_already_resolved or interrupt_not_found',
          `${error.codeName} ${error.envelopeCode ?? ''}`,
        );
      noteReading(t, 'the losing concurrent resolution', error);
    }
    const winner = winners[0];
    if (!winner) t.fail('neither concurrent resolution succeeded', 'exactly one OK', 'two refusals');
    const expected = winner === 'accept' ? 'completed' : 'failed';
    const outcome = await t.untilStatus(runId, ['completed', 'failed'], hitlDeadline(t, 'the resolved run to end'), 'verdict');
    t.assert.strictEqual(outcome.status, expected, `the run ends as the winning ${winner} decided`);
  }),
];
