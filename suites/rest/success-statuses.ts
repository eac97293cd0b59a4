import { pausePolicy, withPolicy } from '../pause/drain-policies.js';
import { uninformativeReason } from '../../harness/verdicts/uninformative-errors.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { rawExchangeOf } from '../../harness/transport/engine-client.js';
import { readCapability } from '../../harness/verdicts/gating.js';
import { TERMINAL_STATUSES } from '../../harness/waits/run-waits.js';
import { Fixture, LONG_DELAY_MS } from '../fixture-ids.js';
import { withWebhookSession } from '../webhook/webhook-session.js';

/**
 * The success status of each operation (openapi.yaml responses): 201 for what creates a resource,
 * 202 for pause/resume (accepted, applied at a node boundary), 204 for a delete with no body, 200
 * otherwise. Read from the typed client's raw exchange, so the calls are the same ones every other
 * area makes.
 */

type Seen = { operation: string; expected: number; status: number | undefined };

function statusOf(reply: object): number | undefined {
  return rawExchangeOf(reply)?.httpStatus;
}

/** A webhook registration's reply, or the engine's refusal (any other failure still throws). */
async function settleRegistration<T>(call: Promise<T>): Promise<T | RpcError> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof RpcError && uninformativeReason(error) === undefined) return error;
    throw error;
  }
}

/** A fork mode the engine advertises under replay.modes (replay first), when replay.supported is true. */
function advertisedForkMode(t: TestContext): 'replay' | 'branch' | undefined {
  if (readCapability(t.capabilities, 'replay.supported') !== true) return undefined;
  const modes = readCapability(t.capabilities, 'replay.modes');
  const listed = Array.isArray(modes) ? modes : [];
  if (listed.includes('replay')) return 'replay';
  return listed.includes('branch') ? 'branch' : undefined;
}

export const SUCCESS_STATUS_CHECKS = [
  check('rest.success-status-codes', async (t: TestContext) => {
    const seen: Seen[] = [];
    const created = await t.control('CreateRun conformance-noop', t.client.createRun({ workflowId: Fixture.noop }));
    seen.push({ operation: 'CreateRun', expected: 201, status: statusOf(created) });
    t.precondition(created.runId, 'CreateRun returned no run id');
    await t.untilStatus(created.runId, [...TERMINAL_STATUSES], t.deadlines.fixtureCompletion(Fixture.noop), 'precondition');
    seen.push({ operation: 'GetRun', expected: 200, status: statusOf(await t.control('GetRun', t.client.getRun({ runId: created.runId }))) });
    // ForkRun creates a run: 201 (openapi.yaml forkRun). Probed in a mode the engine advertises.
    const forkMode = advertisedForkMode(t);
    if (forkMode) {
      const fork = await t.control(`ForkRun (${forkMode}) of the finished run`, t.client.forkRun({ runId: created.runId, fromSeq: 0, mode: forkMode }));
      seen.push({ operation: 'ForkRun', expected: 201, status: statusOf(fork) });
      if (fork.forkedRunId) await t.untilStatus(fork.forkedRunId, [...TERMINAL_STATUSES], t.deadlines.fixtureCompletion(Fixture.noop), 'precondition');
    }

    const long = await t.control('CreateRun conformance-delay', t.createRun({ workflowId: Fixture.delay, inputs: { delayMs: LONG_DELAY_MS } }));
    await t.untilStatus(long.runId, ['running'], t.deadlines.runStart(), 'precondition');
    if (readCapability(t.capabilities, 'runs.pauseResume.supported') === true) {
      seen.push({
        operation: 'PauseRun',
        expected: 202,
        status: statusOf(
          await t.control('PauseRun', t.client.pauseRun({ runId: long.runId, reason: 'rest status check', ...withPolicy(pausePolicy(t, 'immediate')) })),
        ),
      });
      await t.untilStatus(long.runId, ['paused'], t.deadlines.runStart(), 'precondition');
      seen.push({ operation: 'ResumeRun', expected: 202, status: statusOf(await t.control('ResumeRun', t.client.resumeRun({ runId: long.runId }))) });
    }
    seen.push({
      operation: 'CancelRun',
      expected: 200,
      status: statusOf(await t.control('CancelRun', t.client.cancelRun({ runId: long.runId, reason: 'rest status check' }))),
    });

    if (readCapability(t.capabilities, 'webhooks.supported') === true) {
      await withWebhookSession(t, async (session) => {
        const endpoint = session.receiver.endpoint();
        const registration = await settleRegistration(t.client.registerWebhook({ url: endpoint.url, eventTypes: ['run.completed'], secret: endpoint.secret }));
        if (registration instanceof RpcError) {
          // A refusal (an engine may refuse loopback receivers, webhooks.md) has no success status to judge; the webhook area reports it.
          t.warn(
            `RegisterWebhook was refused (${registration.codeName}${registration.envelopeCode ? ` ${registration.envelopeCode}` : ''}); its success statuses (201, 204) were not judged`,
          );
          return;
        }
        const registered = registration;
        seen.push({ operation: 'RegisterWebhook', expected: 201, status: statusOf(registered) });
        t.precondition(registered.webhookId, 'RegisterWebhook returned no webhookId');
        seen.push({
          operation: 'UnregisterWebhook',
          expected: 204,
          status: statusOf(await t.control('UnregisterWebhook', t.client.unregisterWebhook({ webhookId: registered.webhookId }))),
        });
      });
    }

    t.precondition(
      seen.every((entry) => entry.status !== undefined),
      'a reply carried no HTTP status (not a REST exchange)',
    );
    const wrong = seen
      .filter((entry) => entry.status !== entry.expected)
      .map((entry) => `${entry.operation} answered HTTP ${entry.status}, expected ${entry.expected}`);
    t.assertNone(wrong, 'success statuses', seen.map((entry) => `${entry.operation} ${entry.expected}`).join(', '));
  }),
];
