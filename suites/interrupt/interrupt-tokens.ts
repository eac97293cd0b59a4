import { randomBytes } from 'node:crypto';
import type { JsonValue } from '../../harness/support/json.js';
import { isJsonObject } from '../../harness/support/json.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Hitl, approvalResume, hitlDeadline, noteReading, stateRefusals, waitingApprovalRun } from './hitl-fixtures.js';
import { eventsUntil, interruptToken, isRequestedAt } from './token-source.js';

/** By-token calls carry no bearer token: the signed token is the credential (auth.md). */
const NO_BEARER = { token: null } as const;

/** A waiting approval run and its interrupt token. */
async function waitingWithToken(t: TestContext) {
  const { runId, snapshot } = await waitingApprovalRun(t);
  const { token } = await interruptToken(t, runId, snapshot, Hitl.approvalNode);
  return { runId, token };
}

/**
 * Awaits a by-token call that must work without a bearer token. A refusal for want of credentials
 * is this requirement's failure (not an uninformative answer): the token alone must authorize it.
 */
async function withoutBearer<T>(t: TestContext, what: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof RpcError && (error.code === GrpcCode.UNAUTHENTICATED || error.code === GrpcCode.PERMISSION_DENIED)) {
      t.fail(
        `${what} without a bearer token was refused ${error.codeName} (${error.statusMessage}); the signed token is the credential`,
        'OK with no bearer token',
        error.codeName,
      );
    }
    throw error;
  }
}

/** Refusals of a token the engine did not issue for a pending interrupt. */
const BAD_TOKEN = [
  { code: 'NOT_FOUND', envelopeCodes: ['interrupt_not_found', 'not_found'] },
  { code: 'INVALID_ARGUMENT', envelopeCodes: ['validation_error'] },
  { code: 'UNAUTHENTICATED', envelopeCodes: ['interrupt_token_invalid', 'unauthenticated'] },
] as const;

/** The pending interrupt's id, from the snapshot or else from interrupt.requested, so a forged token names a real interrupt. */
async function realInterruptId(t: TestContext, runId: string, fromSnapshot: JsonValue | undefined): Promise<string> {
  const inSnapshot = isJsonObject(fromSnapshot) ? fromSnapshot['interruptId'] : undefined;
  if (typeof inSnapshot === 'string' && inSnapshot !== '') return inSnapshot;
  const events = await eventsUntil(t, runId, isRequestedAt(Hitl.approvalNode), `interrupt.requested for node ${Hitl.approvalNode}`);
  const payload = events.find(isRequestedAt(Hitl.approvalNode))?.payload;
  const inEvent = isJsonObject(payload) ? payload['interruptId'] : undefined;
  return typeof inEvent === 'string' && inEvent !== '' ? inEvent : t.unknownId('int');
}

/** The spec's token format (`base64url(claims).hex-hmac`) with the given claims and a signature nobody computed. */
function forgedToken(claims: Record<string, string | number>): string {
  return `${Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url')}.${randomBytes(32).toString('hex')}`;
}

export const INTERRUPT_TOKEN_CHECKS = [
  check('interrupt.inspect-by-token-public', async (t: TestContext) => {
    const { token } = await waitingWithToken(t);
    const reply = await withoutBearer(t, 'InspectInterruptByToken', t.client.inspectInterruptByToken({ token }, NO_BEARER));
    // The reply's shape is checked against suspend-request in the transport and charged here.
    t.assert.isTrue(isJsonObject(reply.interrupt), 'InspectInterruptByToken returns the suspend request');
    t.assert.strictEqual(reply.interrupt?.['kind'], 'approval', 'the inspected interrupt kind');
  }),

  check('interrupt.resolve-by-token-public', async (t: TestContext) => {
    const { runId, token } = await waitingWithToken(t);
    const reply = await withoutBearer(
      t,
      'ResolveInterruptByToken',
      t.client.resolveInterruptByToken({ token, resumeValue: approvalResume('accept') }, NO_BEARER),
    );
    t.assert.strictEqual(reply.runId, runId, 'ResolveInterruptByToken reply runId');
    t.assert.strictEqual(reply.nodeId, Hitl.approvalNode, 'ResolveInterruptByToken reply nodeId');
    const outcome = await t.untilStatus(runId, ['completed'], hitlDeadline(t, 'the run accepted by token to complete'), 'verdict');
    t.assert.strictEqual(outcome.status, 'completed', 'status after accepting by token');
  }),

  check('interrupt.bad-token-refused', async (t: TestContext) => {
    const waiting = await waitingApprovalRun(t);
    const { runId } = waiting;
    const interruptId = await realInterruptId(t, runId, waiting.snapshot['interrupt']);
    const expiresAt = Date.now() + 10 * 60_000;
    const probes = {
      malformed: 'not-a-token',
      unknown: forgedToken({ runId: t.unknownId('run'), nodeId: Hitl.approvalNode, interruptId: t.unknownId('int'), expiresAt, intent: 'resolve' }),
      // The real claims of this interrupt, signed by nobody: only an engine that checks the HMAC refuses it.
      forged: forgedToken({ runId, nodeId: Hitl.approvalNode, interruptId, expiresAt, intent: 'resolve' }),
    };
    for (const [kind, token] of Object.entries(probes)) {
      await t.expectRpcError(t.client.inspectInterruptByToken({ token }, NO_BEARER), BAD_TOKEN, `InspectInterruptByToken with a ${kind} token`);
      await t.expectRpcError(
        t.client.resolveInterruptByToken({ token, resumeValue: approvalResume('accept') }, NO_BEARER),
        BAD_TOKEN,
        `ResolveInterruptByToken with a ${kind} token`,
      );
    }
    const { snapshot } = await t.client.getRun({ runId });
    t.assert.strictEqual(snapshot?.['status'], 'waiting-approval', 'the run is still waiting after the refused tokens');
  }),

  check('interrupt.used-token-refused', async (t: TestContext) => {
    const { token } = await waitingWithToken(t);
    await t.control('the first ResolveInterruptByToken', t.client.resolveInterruptByToken({ token, resumeValue: approvalResume('accept') }, NO_BEARER));
    const error = await t.expectRpcError(
      t.client.resolveInterruptByToken({ token, resumeValue: approvalResume('accept') }, NO_BEARER),
      stateRefusals(['interrupt_already_resolved', 'interrupt_not_found', 'not_found', 'interrupt_expired', 'interrupt_gone', 'run_terminal']),
      'ResolveInterruptByToken with a token already used',
    );
    noteReading(t, 'the used token', error);
  }),

  check('interrupt.token-refused-after-cancel', async (t: TestContext) => {
    const { runId, token } = await waitingWithToken(t);
    await t.control('CancelRun of the waiting run', t.client.cancelRun({ runId, reason: 'conformance: invalidate the interrupt token' }));
    await t.untilStatus(runId, ['cancelled'], t.deadlines.cancellation(), 'precondition');
    const error = await t.expectRpcError(
      t.client.resolveInterruptByToken({ token, resumeValue: approvalResume('accept') }, NO_BEARER),
      stateRefusals(['interrupt_cancelled', 'interrupt_gone', 'interrupt_already_resolved', 'interrupt_not_found']),
      'ResolveInterruptByToken after the run was cancelled',
    );
    noteReading(t, 'the token of a cancelled run', error);
    const { snapshot } = await t.client.getRun({ runId });
    t.assert.strictEqual(snapshot?.['status'], 'cancelled', 'the cancelled run stays cancelled');
  }),
];
