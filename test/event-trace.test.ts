import { assert } from 'chai';
import type { RunEvent } from '../harness/transport/engine-client.js';
import { EventTrace, FloodFilter, KEPT_PER_REPEATED_TYPE } from '../harness/waits/event-trace.js';

const event = (sequence: number, type: string, extra: Partial<RunEvent> = {}): RunEvent => ({
  eventId: `e${sequence}`,
  sequence,
  runId: 'r1',
  type,
  payload: { index: sequence },
  timestamp: '2026-11-25T00:00:00.000Z',
  ...extra,
});

describe('event trace', () => {
  it('records sequence, type, identity and replay digests of every event, past its initial capacity', () => {
    const trace = new EventTrace('r1');
    for (let sequence = 0; sequence < 1_000; sequence += 1) trace.add(event(sequence, sequence % 2 ? 'x-a' : 'x-b'));
    assert.strictEqual(trace.length, 1_000);
    assert.strictEqual(trace.sequence(999), 999);
    assert.strictEqual(trace.type(999), 'x-a');
    assert.strictEqual(trace.label(998), '998:x-b');
    assert.notStrictEqual(trace.identity(1), trace.identity(2));
  });

  it('gives a replay the same replay digest despite new ids and clock fields, and flags a foreign run', () => {
    const trace = new EventTrace('r1');
    trace.add(event(3, 'node.completed', { nodeId: 'n', payload: { durationMs: 5, ok: true } }));
    trace.add(event(3, 'node.completed', { nodeId: 'n', eventId: 'other', runId: 'r2', payload: { ok: true, durationMs: 9 } }));
    trace.add(event(3, 'node.completed', { nodeId: 'n', payload: { ok: false } }));
    assert.strictEqual(trace.replayKey(0), trace.replayKey(1));
    assert.notStrictEqual(trace.replayKey(0), trace.replayKey(2));
    assert.notStrictEqual(trace.identity(0), trace.identity(1));
    assert.deepEqual(
      trace.indexes((index) => trace.namesOtherRun(index)),
      [1],
    );
  });
});

describe('flood filter', () => {
  it('keeps run, node and always-kept events, and only the first window of another repeated type', () => {
    const filter = new FloodFilter((candidate) => candidate.type === 'interrupt.requested');
    const kept = Array.from({ length: KEPT_PER_REPEATED_TYPE + 10 }, (_, index) => filter.keep(event(index, 'log.appended'))).filter(Boolean).length;
    assert.strictEqual(kept, KEPT_PER_REPEATED_TYPE);
    assert.strictEqual(filter.folded, 10);
    assert.isTrue(filter.keep(event(1, 'run.completed')));
    assert.isTrue(filter.keep(event(2, 'log.appended', { nodeId: 'n' })));
    assert.isTrue(filter.keep(event(3, 'interrupt.requested')));
  });
});
