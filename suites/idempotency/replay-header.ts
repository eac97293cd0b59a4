import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Fixture } from '../fixture-ids.js';
import { REPLAY_HEADER, bodyText, replayHeaderOf, withKey } from './rest-idempotency.js';

/**
 * idempotency.md says it twice, at two levels: §Server responsibilities rule 2 "SHOULD set a
 * openwop-Idempotent-Replay: true response header", §Response "MUST add openwop-Idempotent-Replay:
 * true to any response that was served from the idempotency cache". Both readings are accepted, so
 * the requirement is the weaker, a SHOULD (idempotency.replay-header in the registry says why).
 */
export const REPLAY_HEADER_CHECKS = [
  check('idempotency.replay-header', async (t: TestContext) => {
    const key = t.unknownId('conformance-key');
    // The REST carrier is the header; the body holds no key there.
    const restBody = { workflowId: Fixture.idempotent, inputs: { nonce: t.unknownId('nonce') } };
    const first = await withKey(t, 'POST /v1/runs under a fresh Idempotency-Key', { method: 'POST', path: '/v1/runs', json: restBody }, key);
    t.precondition(first.status === 201 || first.status === 200, `control: POST /v1/runs answered HTTP ${first.status}`);
    const firstRunId = bodyText(first, 'runId');
    t.precondition(firstRunId, 'control: POST /v1/runs answered no runId');
    if (replayHeaderOf(first) !== undefined) t.warn(`the first, fresh POST /v1/runs already carries ${REPLAY_HEADER}: ${replayHeaderOf(first)}`);
    const replay = await withKey(t, 'POST /v1/runs repeated with the same Idempotency-Key and body', { method: 'POST', path: '/v1/runs', json: restBody }, key);
    const replayRunId = bodyText(replay, 'runId');
    t.precondition(
      replay.status < 300 && replayRunId === firstRunId,
      `the repeat answered HTTP ${replay.status} with run ${replayRunId ?? '(none)'}, not a replay of run ${firstRunId} (idempotency.same-key-same-body-replays reports that)`,
    );
    const header = replayHeaderOf(replay);
    if (header === undefined) {
      t.fail(
        `the replayed POST /v1/runs (HTTP ${replay.status}, run ${firstRunId}) carries no ${REPLAY_HEADER} header (idempotency.md rule 2 SHOULD, §Response MUST)`,
        `${REPLAY_HEADER}: true`,
        '(absent)',
      );
    }
    if (header.toLowerCase() !== 'true') t.fail(`the replayed POST /v1/runs carries ${REPLAY_HEADER}: ${header}, not true`, `${REPLAY_HEADER}: true`, header);
    t.assert.strictEqual(header.toLowerCase(), 'true', `${REPLAY_HEADER} on the replay`);
    t.warn(`the replay answered HTTP ${replay.status} with ${REPLAY_HEADER}: ${header}`);
  }),
];
