import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { Fixture } from '../fixture-ids.js';

/** The canonical conflict code and the retired spellings still seen (protocol-digest §1.4, §5). */
export const CANONICAL_MISMATCH = 'idempotency_key_mismatch';
export const LEGACY_MISMATCH_CODES = ['idempotency_key_conflict', 'idempotency_key_replay_mismatch'];

/** A conformance-idempotent body; the nonce is what makes two bodies differ. */
export const idempotentBody = (nonce: string, idempotencyKey: string) => ({ workflowId: Fixture.idempotent, inputs: { nonce }, idempotencyKey });

/** Creates a run under a fresh key, then reuses the key with another body; returns the first run and the second answer. */
async function reuseKeyWithOtherBody(t: TestContext): Promise<{ firstRunId: string; second: { runId: string } | RpcError }> {
  const key = t.unknownId('conformance-key');
  const first = await t.control('CreateRun under a fresh idempotency key', t.createRun(idempotentBody('first-body', key)));
  try {
    return { firstRunId: first.runId, second: await t.createRun(idempotentBody('second-body', key)) };
  } catch (error) {
    if (error instanceof RpcError) return { firstRunId: first.runId, second: error };
    throw error;
  }
}

export const IDEMPOTENCY_KEY_CHECKS = [
  check('idempotency.same-key-same-body-replays', async (t: TestContext) => {
    const key = t.unknownId('conformance-key');
    const nonce = t.unknownId('nonce');
    const first = await t.control('CreateRun under a fresh idempotency key', t.createRun(idempotentBody(nonce, key)));
    const replay = await t.createRun(idempotentBody(nonce, key));
    if (replay.runId !== first.runId) {
      t.fail(`the same idempotency_key and body created a second run (${replay.runId} after ${first.runId})`, first.runId, replay.runId);
    }
    t.assert.equal(replay.runId, first.runId, 'replayed run id');
  }),

  check('idempotency.same-key-other-body-aborted', async (t: TestContext) => {
    const key = t.unknownId('conformance-key');
    const first = await t.control('CreateRun under a fresh idempotency key', t.createRun(idempotentBody('first-body', key)));
    const error = await t.expectRpcError(
      t.createRun(idempotentBody('second-body', key)),
      [{ code: 'ABORTED', envelopeCodes: [CANONICAL_MISMATCH, ...LEGACY_MISMATCH_CODES] }],
      'CreateRun reusing an idempotency_key with a different body',
    );
    // A conflict carries no cached body: the first run's id must not leak into it (idempotency.md Layer 1).
    t.assert.notInclude(JSON.stringify(error.envelope ?? {}), first.runId, 'the conflict envelope names the first run');
  }),

  check('idempotency.mismatch-canonical-code', async (t: TestContext) => {
    const { second } = await reuseKeyWithOtherBody(t);
    t.precondition(
      second instanceof RpcError && second.code === GrpcCode.ABORTED,
      'the key reuse was not refused ABORTED (idempotency.same-key-other-body-aborted reports it)',
    );
    // A missing envelope is the errors area's finding; this requirement is about which code it names.
    t.precondition(second.envelopeCode !== undefined, `the conflict carries no envelope code (${second.envelopeProblem ?? 'absent'})`);
    const code = second.envelopeCode;
    if (LEGACY_MISMATCH_CODES.includes(code)) {
      t.fail(
        `the conflict uses the retired spelling ${code}; idempotency.md v1.5 made ${CANONICAL_MISMATCH} canonical (legacy spellings are tolerated only until the first minor after 2026-11-10)`,
        CANONICAL_MISMATCH,
        code,
      );
    }
    t.assert.equal(code, CANONICAL_MISMATCH, 'conflict envelope code');
  }),

  check('idempotency.other-key-new-run', async (t: TestContext) => {
    const nonce = t.unknownId('nonce');
    const first = await t.control('CreateRun under a fresh idempotency key', t.createRun(idempotentBody(nonce, t.unknownId('conformance-key'))));
    const second = await t.createRun(idempotentBody(nonce, t.unknownId('conformance-key')));
    if (second.runId === first.runId) {
      t.fail(
        `a different idempotency_key with the same body returned the same run id ${first.runId}: the key is not part of the record`,
        'a new run id',
        second.runId,
      );
    }
    t.assert.notEqual(second.runId, first.runId, 'run id under a new key');
  }),
];
