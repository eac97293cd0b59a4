import { assert } from 'chai';
import type { Deadline } from '../harness/waits/deadlines.js';
import { Deadlines } from '../harness/waits/deadlines.js';
import type { EventStream, RunEvent, StreamEnd } from '../harness/transport/engine-client.js';
import type { JsonObject } from '../harness/support/json.js';
import { BlockedError, ConformanceFailure } from '../harness/verdicts/outcome-errors.js';
import { RunWaiter } from '../harness/waits/run-waits.js';
import { fakeEngineClient } from './support/fake-engine-client.js';

/** A stream the test feeds by hand: each push wakes the waiter. */
function manualStream() {
  const queue: RunEvent[] = [];
  let notify: (() => void) | undefined;
  let closed = false;
  let endResolve: (end: StreamEnd) => void = () => undefined;
  const stream: EventStream = {
    ended: new Promise((resolve) => {
      endResolve = resolve;
    }),
    cancel: () => {
      closed = true;
      notify?.();
      endResolve({ kind: 'cancelled' });
    },
    async *[Symbol.asyncIterator]() {
      while (!closed) {
        const next = queue.shift();
        if (next) yield next;
        else await new Promise<void>((resolve) => (notify = resolve));
      }
    },
  };
  const push = (type: string) => {
    queue.push({ eventId: type, sequence: queue.length, runId: 'r1', type, payload: {}, timestamp: undefined });
    notify?.();
  };
  return { stream, push };
}

const spec = (ms: number): Deadline => ({ ms, source: 'spec', basis: 'a bound the spec states' });
const suite = (ms: number): Deadline => ({ ms, source: 'suite', basis: 'a bound the suite chose' });

function waiterOver(statuses: string[], stream = manualStream()) {
  let reads = 0;
  const client = fakeEngineClient({ streamRunEvents: () => stream.stream });
  const read = async (): Promise<JsonObject> => ({ runId: 'r1', workflowId: 'w', status: statuses[Math.min(reads++, statuses.length - 1)] ?? 'running' });
  const warnings: string[] = [];
  return { waiter: new RunWaiter(client, read, (message) => warnings.push(message)), stream, warnings, reads: () => reads };
}

describe('run waits', () => {
  it('re-reads the snapshot when the stream delivers an event, not on a timer', async () => {
    const { waiter, stream, reads } = waiterOver(['running', 'completed']);
    const waiting = waiter.untilStatus('r1', ['completed'], spec(5_000), 'verdict');
    await new Promise((resolve) => setImmediate(resolve));
    assert.strictEqual(reads(), 1, 'one read before any event');
    stream.push('run.completed');
    const outcome = await waiting;
    assert.strictEqual(outcome.status, 'completed');
    assert.deepEqual(outcome.seen, ['running', 'completed']);
  });

  it('fails a verdict wait that outlives a bound the spec states', async () => {
    const { waiter } = waiterOver(['running']);
    const error = await waiter.untilStatus('r1', ['completed'], spec(30), 'verdict').catch((caught: unknown) => caught);
    assert.instanceOf(error, ConformanceFailure);
    assert.include(String(error), 'a bound the spec states');
  });

  it("only blocks when the bound was the suite's own", async () => {
    const { waiter } = waiterOver(['running']);
    const error = await waiter.untilStatus('r1', ['completed'], suite(30), 'verdict').catch((caught: unknown) => caught);
    assert.instanceOf(error, BlockedError);
    assert.include(String(error), 'not held against the engine');
  });

  it('fails at once when a verdict wait sees another terminal status, but blocks a precondition', async () => {
    const verdict = await waiterOver(['failed'])
      .waiter.untilStatus('r1', ['completed'], spec(5_000), 'verdict')
      .catch((caught: unknown) => caught);
    assert.instanceOf(verdict, ConformanceFailure);
    const precondition = await waiterOver(['completed'])
      .waiter.untilStatus('r1', ['running'], spec(5_000), 'precondition')
      .catch((caught: unknown) => caught);
    assert.instanceOf(precondition, BlockedError);
  });

  it('scales every deadline by --timeout-scale and keeps its basis', () => {
    const deadlines = new Deadlines(2.5);
    assert.deepInclude(deadlines.fixtureCompletion('conformance-noop'), { ms: 12_500, source: 'spec' });
    assert.deepInclude(deadlines.runStart(), { source: 'suite' });
    assert.strictEqual(deadlines.callDeadlineMs(), 25_000);
    assert.strictEqual(deadlines.fixtureCompletion('conformance-unlisted').source, 'suite');
  });
});
