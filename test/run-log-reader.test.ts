import { assert } from 'chai';
import type { EventStream, RunEvent, StreamEnd, StreamRunEventsRequest } from '../harness/transport/engine-client.js';
import { BlockedError, ConformanceFailure } from '../harness/verdicts/outcome-errors.js';
import { RpcError } from '../harness/transport/rpc-error.js';
import { GrpcCode } from '../harness/transport/rpc-names.js';
import { KEPT_PER_REPEATED_TYPE } from '../harness/waits/event-trace.js';
import { KEPT_HEAD, KEPT_TAIL, readRunLog } from '../harness/waits/run-log-reader.js';
import { Deadlines } from '../harness/waits/deadlines.js';
import { eventStreamOf, fakeEngineClient } from './support/fake-engine-client.js';

const event = (sequence: number, type: string): RunEvent => ({ eventId: `e${sequence}`, sequence, runId: 'r1', type, payload: {}, timestamp: undefined });

/** A stream that never delivers anything and never ends (until cancelled). */
function silentStream(): EventStream {
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const end: StreamEnd = { kind: 'cancelled' };
  return {
    ended: stopped.then(() => end),
    cancel: () => stop(),
    async *[Symbol.asyncIterator]() {
      await stopped; // a stream that ends, cancelled, without an event
      yield* [];
    },
  };
}

function failingStream(error: Error): EventStream {
  return {
    ended: Promise.resolve({ kind: 'error', error }),
    cancel: () => undefined,
    async *[Symbol.asyncIterator]() {
      yield* [];
      throw error;
    },
  };
}

describe('run log reader', () => {
  it('stops at the terminal run event without waiting for the stream to close', async () => {
    const client = fakeEngineClient({ streamRunEvents: () => eventStreamOf([event(0, 'run.started'), event(1, 'run.completed'), event(2, 'vendor.after')]) });
    const log = await readRunLog(client, 'r1', { ms: 1_000, source: 'spec', basis: 'b' }, () => undefined);
    assert.deepEqual(
      log.events.map((item) => item.type),
      ['run.started', 'run.completed'],
    );
    assert.strictEqual(log.endedBy, 'terminal-event');
  });

  it('fails on a spec deadline and only blocks on a suite deadline', async () => {
    const client = fakeEngineClient({ streamRunEvents: () => silentStream() });
    const spec = await readRunLog(client, 'r1', { ms: 20, source: 'spec', basis: 'b' }, () => undefined).catch((error: unknown) => error);
    assert.instanceOf(spec, ConformanceFailure);
    const suite = await readRunLog(client, 'r1', { ms: 20, source: 'suite', basis: 'b' }, () => undefined).catch((error: unknown) => error);
    assert.instanceOf(suite, BlockedError);
  });

  it('reads from 0 with a warning when the engine refuses the -1 from-start sentinel', async () => {
    const cursors: number[] = [];
    const refusal = new RpcError({
      rpc: 'StreamRunEvents',
      code: GrpcCode.INVALID_ARGUMENT,
      statusMessage: 'negative cursor',
      trailers: {},
      envelope: undefined,
      envelopeProblem: 'absent',
    });
    const client = fakeEngineClient({
      streamRunEvents: (request: StreamRunEventsRequest) => {
        cursors.push(request.lastSequence);
        return request.lastSequence < 0 ? failingStream(refusal) : eventStreamOf([event(1, 'node.completed'), event(2, 'run.completed')]);
      },
    });
    const warnings: string[] = [];
    const log = await readRunLog(client, 'r1', { ms: 1_000, source: 'spec', basis: 'b' }, (message) => warnings.push(message));
    assert.deepEqual(cursors, [-1, 0]);
    assert.lengthOf(log.events, 2);
    assert.lengthOf(warnings, 1);
  });
});

describe('run log reader under a flood', () => {
  it('keeps the head and the tail of a very long log and counts what it dropped (fold: false, as parity reads)', async () => {
    const total = KEPT_HEAD + KEPT_TAIL + 25_000;
    const flood = Array.from({ length: total }, (_, sequence) => ({
      eventId: `e${sequence}`,
      sequence,
      runId: 'r1',
      type: sequence === total - 1 ? 'run.completed' : 'log.appended',
      payload: {},
      timestamp: '2026-11-25T00:00:00.000Z',
    }));
    const client = fakeEngineClient({ streamRunEvents: () => eventStreamOf(flood) });
    const log = await readRunLog(client, 'r1', new Deadlines(1).suite(10_000, 'test'), () => undefined, undefined, { fold: false });
    assert.strictEqual(log.endedBy, 'terminal-event');
    assert.lengthOf(log.events, KEPT_HEAD + KEPT_TAIL);
    assert.strictEqual(log.omitted, 25_000);
    assert.strictEqual(log.trace.length, total);
    assert.strictEqual(log.events[0]?.sequence, 0);
    assert.strictEqual(log.events[log.events.length - 1]?.type, 'run.completed');
  });

  it('folds a repeated node-less type past its window by default, tracing every event', async () => {
    const total = 5_000;
    const flood = Array.from({ length: total }, (_, sequence) => ({
      eventId: `e${sequence}`,
      sequence,
      runId: 'r1',
      type: sequence === 0 ? 'run.started' : sequence === total - 1 ? 'run.completed' : 'x-vendor.flood',
      payload: { index: sequence },
      timestamp: '2026-11-25T00:00:00.000Z',
    }));
    const client = fakeEngineClient({ streamRunEvents: () => eventStreamOf(flood) });
    const log = await readRunLog(client, 'r1', new Deadlines(1).suite(10_000, 'test'), () => undefined);
    assert.lengthOf(log.events, KEPT_PER_REPEATED_TYPE + 2);
    assert.strictEqual(log.omitted, total - KEPT_PER_REPEATED_TYPE - 2);
    assert.strictEqual(log.trace.length, total);
    assert.strictEqual(log.trace.sequence(total - 1), total - 1);
    assert.strictEqual(log.trace.type(total - 2), 'x-vendor.flood');
    assert.strictEqual(log.events[log.events.length - 1]?.type, 'run.completed');
  });
});
