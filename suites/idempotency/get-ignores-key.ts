import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { runningCancellable } from '../lifecycle/cancel-run.js';
import { REPLAY_HEADER, bodyText, replayHeaderOf, withKey } from './rest-idempotency.js';

/**
 * idempotency.md §Endpoints affected: "GET endpoints MUST NOT require or honor Idempotency-Key".
 * One key is sent on two reads of a run with a status change between them (running, then
 * cancelled): an engine honouring the key would answer the second read from its cache, showing
 * the old status or marking it as a replay.
 */
export const GET_IGNORES_KEY_CHECKS = [
  check('idempotency.get-ignores-key', async (t: TestContext) => {
    const runId = await runningCancellable(t);
    const key = t.unknownId('conformance-get-key');
    const path = `/v1/runs/${encodeURIComponent(runId)}`;
    const before = await withKey(t, `GET ${path} with an Idempotency-Key`, { method: 'GET', path }, key);
    t.precondition(before.status === 200, `control: GET ${path} with an Idempotency-Key answered HTTP ${before.status}`);
    const statusBefore = bodyText(before, 'status');
    await t.control(`CancelRun(${runId})`, t.client.cancelRun({ runId, reason: 'conformance: status change between two keyed GETs' }));
    await t.untilStatus(runId, ['cancelled'], t.deadlines.cancellation(), 'precondition');
    const after = await withKey(t, `GET ${path} again with the same Idempotency-Key`, { method: 'GET', path }, key);
    if (after.status !== 200)
      t.fail(`GET ${path} repeated with the same Idempotency-Key answered HTTP ${after.status}`, 'HTTP 200 with the current snapshot', String(after.status));
    const statusAfter = bodyText(after, 'status');
    const findings: string[] = [];
    if (statusAfter !== 'cancelled')
      findings.push(
        `the second keyed read shows status ${statusAfter ?? '(none)'} (the first showed ${statusBefore ?? '(none)'}) though the run is cancelled: the GET was answered from the key's cache`,
      );
    const header = replayHeaderOf(after);
    if (header?.toLowerCase() === 'true') findings.push(`the second keyed read carries ${REPLAY_HEADER}: true: the GET was served as an idempotent replay`);
    t.assertNone(findings, `GET ${path} with a reused Idempotency-Key`, 'a fresh read: status cancelled, no replay header');
  }),
];
