import { assert } from 'chai';
import { EngineHealth, withCheckScope, withHealth } from '../harness/transport/engine-health.js';
import type { EventStream, StreamEnd } from '../harness/transport/engine-client.js';
import { RpcError } from '../harness/transport/rpc-error.js';
import { GrpcCode } from '../harness/transport/rpc-names.js';
import { fakeEngineClient } from './support/fake-engine-client.js';

const failing = (code: number) => async () => {
  throw new RpcError({ rpc: 'GetRun', code, statusMessage: 'x', trailers: {}, envelope: undefined, envelopeProblem: 'absent' });
};

describe('engine health (the circuit over a run)', () => {
  it('opens after consecutive unanswered calls, once, with a headline', async () => {
    const health = new EngineHealth(3);
    let opened = 0;
    health.onOpen(() => (opened += 1));
    const client = withHealth(fakeEngineClient({ getRun: failing(GrpcCode.DEADLINE_EXCEEDED) }), health);
    for (let i = 0; i < 4; i += 1) await client.getRun({ runId: 'r' }).catch(() => undefined);
    assert.strictEqual(opened, 1);
    assert.include(health.headline ?? '', 'the engine stopped answering: 3 calls in a row');
    assert.include(health.headline ?? '', 'DEADLINE_EXCEEDED');
  });

  it('counts only silence: any answer from the engine, errors included, closes the count', async () => {
    const health = new EngineHealth(2);
    const silent = withHealth(fakeEngineClient({ getRun: failing(GrpcCode.UNAVAILABLE) }), health);
    const answering = withHealth(fakeEngineClient({ getRun: failing(GrpcCode.NOT_FOUND) }), health);
    const cancelled = withHealth(fakeEngineClient({ getRun: failing(GrpcCode.CANCELLED) }), health);
    await silent.getRun({ runId: 'r' }).catch(() => undefined);
    await answering.getRun({ runId: 'r' }).catch(() => undefined);
    await silent.getRun({ runId: 'r' }).catch(() => undefined);
    await cancelled.getRun({ runId: 'r' }).catch(() => undefined);
    assert.isUndefined(health.headline);
  });
});

describe('check scope', () => {
  it("gives every call the check's signal and cancels the streams it left open", async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    let cancelled = 0;
    const end = new Promise<StreamEnd>(() => undefined);
    const stream: EventStream = { ended: end, cancel: () => (cancelled += 1), async *[Symbol.asyncIterator]() {} };
    const inner = fakeEngineClient({
      getRun: async (_request, options) => {
        seen = options?.signal;
        return { snapshot: undefined };
      },
      streamRunEvents: () => stream,
    });
    const scope = withCheckScope(inner, controller.signal);
    await scope.client.getRun({ runId: 'r' });
    scope.client.streamRunEvents({ runId: 'r', lastSequence: -1 });
    assert.isFalse(seen?.aborted);
    controller.abort();
    assert.isTrue(seen?.aborted);
    scope.close();
    assert.strictEqual(cancelled, 1);
  });
});
