import { assert } from 'chai';
import { BufferedEventStream, HIGH_WATER_EVENTS } from '../../harness/transport/buffered-event-stream.js';
import type { RunEvent } from '../../harness/transport/engine-client.js';

const event = (sequence: number): RunEvent => ({
  eventId: `e${sequence}`,
  sequence,
  runId: 'r',
  type: 'x-vendor.flood',
  payload: { sequence },
  timestamp: '2026-01-01T00:00:00Z',
});

describe('event stream back-pressure (a flooding engine)', () => {
  it('pauses the transport at the high-water mark, resumes once drained, and loses no event', async () => {
    const calls: string[] = [];
    const stream = new BufferedEventStream(() => calls.push('cancel'));
    stream.setFlowControl({ pause: () => calls.push('pause'), resume: () => calls.push('resume') });
    const total = HIGH_WATER_EVENTS * 3;
    // A transport keeps delivering what is already in flight after a pause; the queue takes it.
    for (let sequence = 0; sequence < total; sequence += 1) stream.push(event(sequence));
    assert.deepEqual(calls, ['pause'], 'paused once, when the queue first reached the mark');
    stream.finish({ kind: 'ok', trailers: {} });
    const seen: number[] = [];
    for await (const received of stream) seen.push(received.sequence);
    assert.strictEqual(seen.length, total);
    assert.isTrue(
      seen.every((sequence, index) => sequence === index),
      'in order',
    );
    assert.deepEqual(calls, ['pause', 'resume']);
  });

  it('without flow control (other transports) it buffers as before', async () => {
    const stream = new BufferedEventStream(() => undefined);
    for (let sequence = 0; sequence < HIGH_WATER_EVENTS + 10; sequence += 1) stream.push(event(sequence));
    stream.finish({ kind: 'ok', trailers: {} });
    let count = 0;
    for await (const _ of stream) count += 1;
    assert.strictEqual(count, HIGH_WATER_EVENTS + 10);
  });
});
