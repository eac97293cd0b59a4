import type { JsonObject } from '../../harness/support/json.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { AcceptedError } from '../../harness/runner/test-context.js';
import type { GrpcCodeName } from '../../harness/transport/rpc-names.js';

/** The upstream interrupt fixtures and their node ids (conformance/fixtures.md). */
export const Hitl = {
  approval: 'conformance-approval',
  approvalNode: 'gate',
  clarification: 'conformance-clarification',
  clarificationNode: 'ask',
  questionId: 'q1',
  /** The fixture catalogue's example answer. */
  answer: 'blue',
} as const;

/** ApprovalResume (runs-events-digest §5): the action plus when it was decided. */
export function approvalResume(action: 'accept' | 'reject'): JsonObject {
  return { action, decidedAt: new Date().toISOString() };
}

/** How long the suite waits for a fixture run to suspend or finish; the spec states no bound, so this only blocks. */
export function hitlDeadline(t: TestContext, what: string) {
  return t.deadlines.suite(5_000, `the suite waits this long for ${what}; the fixture catalogue states no bound`);
}

/** Statuses a suspended run may show (run status table); waiting for any of them lets a wrong one fail at once. */
export const SUSPENDED_STATUSES = ['waiting-approval', 'waiting-input', 'waiting-external', 'paused'] as const;

/** A conformance-approval run seen waiting (a precondition: anything else blocks). */
export async function waitingApprovalRun(t: TestContext): Promise<{ runId: string; snapshot: JsonObject }> {
  const { runId } = await t.createRun({ workflowId: Hitl.approval });
  t.precondition(runId, 'CreateRun returned no run id');
  const { snapshot, status } = await t.untilStatus(runId, SUSPENDED_STATUSES, hitlDeadline(t, 'the approval run to wait'), 'precondition');
  t.precondition(status === 'waiting-approval', `the approval run waits in ${status}, not waiting-approval (interrupt.approval-waits reports that)`);
  return { runId, snapshot };
}

/**
 * Refusals of a resolution whose interrupt is no longer pending. The interrupt_* codes have no gRPC
 * mapping (protocol-digest §1.4), so the envelope code decides and every status an HTTP 404, 409,
 * 410 or 422 plausibly maps to is accepted for it.
 */
const STATE_STATUSES: readonly GrpcCodeName[] = ['NOT_FOUND', 'ABORTED', 'FAILED_PRECONDITION', 'ALREADY_EXISTS'];

export function stateRefusals(envelopeCodes: readonly string[]): AcceptedError[] {
  return STATE_STATUSES.map((code) => ({ code, envelopeCodes }));
}

/** Records which of the accepted readings the engine chose (leniency is reported, never silent). */
export function noteReading(t: TestContext, what: string, error: { codeName: string; envelopeCode?: string | undefined }): void {
  t.warn(`leniency applied: ${what} was refused ${error.codeName} + ${error.envelopeCode ?? '(no envelope code)'}`);
}
