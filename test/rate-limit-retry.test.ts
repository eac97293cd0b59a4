import { assert } from 'chai';
import { RpcError } from '../harness/transport/rpc-error.js';
import { GrpcCode } from '../harness/transport/rpc-names.js';
import { retryAfterMs, withRateLimitRetry } from '../harness/transport/rate-limit-retry.js';
import { fakeEngineClient } from './support/fake-engine-client.js';

const limited = (trailers: Record<string, string[]> = {}, envelope: unknown = { error: 'rate_limited', message: 'slow down' }) =>
  new RpcError({
    rpc: 'GetRun',
    code: GrpcCode.RESOURCE_EXHAUSTED,
    statusMessage: 'limited',
    trailers,
    envelope: envelope as never,
    envelopeProblem: undefined,
  });

describe('rate-limit retry', () => {
  it('reads retry-after seconds from the metadata, else details.retryAfterMs', () => {
    assert.strictEqual(retryAfterMs(limited({ 'retry-after': ['2'] })), 2000);
    assert.strictEqual(retryAfterMs(limited({}, { error: 'rate_limited', message: 'm', details: { retryAfterMs: 30 } })), 30);
    assert.isUndefined(retryAfterMs(limited({ 'retry-after': ['soon'] })));
  });

  it('honours one refusal and tells the check about it', async () => {
    let calls = 0;
    const notes: string[] = [];
    const inner = fakeEngineClient({
      getRun: async () => {
        calls += 1;
        if (calls === 1) throw limited({ 'retry-after': ['0'] });
        return { snapshot: { runId: 'r', workflowId: 'w', status: 'running' } };
      },
    });
    const reply = await withRateLimitRetry(inner, { maxWaitMs: 1000, onRetry: (note) => notes.push(note) }).getRun({ runId: 'r' });
    assert.strictEqual(reply.snapshot?.['status'], 'running');
    assert.strictEqual(calls, 2);
    assert.lengthOf(notes, 1);
    assert.include(notes[0], 'GetRun was rate-limited');
  });

  it('lets a second refusal, or a wait longer than the bound, through to the check', async () => {
    let calls = 0;
    const always = fakeEngineClient({
      getRun: async () => {
        calls += 1;
        throw limited({ 'retry-after': ['0'] });
      },
    });
    const error = await withRateLimitRetry(always, { maxWaitMs: 1000 })
      .getRun({ runId: 'r' })
      .catch((caught: unknown) => caught);
    assert.instanceOf(error, RpcError);
    assert.strictEqual(calls, 2);
    calls = 0;
    const patient = fakeEngineClient({
      getRun: async () => {
        calls += 1;
        throw limited({ 'retry-after': ['60'] });
      },
    });
    await withRateLimitRetry(patient, { maxWaitMs: 1000 })
      .getRun({ runId: 'r' })
      .catch(() => undefined);
    assert.strictEqual(calls, 1, 'a minute-long retry-after is not waited out');
  });

  it('leaves other errors alone', async () => {
    let calls = 0;
    const inner = fakeEngineClient({
      getRun: async () => {
        calls += 1;
        throw new RpcError({ rpc: 'GetRun', code: GrpcCode.NOT_FOUND, statusMessage: 'no', trailers: {}, envelope: undefined, envelopeProblem: 'absent' });
      },
    });
    await withRateLimitRetry(inner, { maxWaitMs: 1000 })
      .getRun({ runId: 'r' })
      .catch(() => undefined);
    assert.strictEqual(calls, 1);
  });
});
