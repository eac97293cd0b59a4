import { assert } from 'chai';
import { REQUIREMENTS } from '../harness/requirements/registry.js';
import { TestContext } from '../harness/runner/test-context.js';
import { sharedSchemaRegistry } from '../harness/schemas/schema-registry.js';
import type { EventStream, RunEvent, StreamRunEventsRequest } from '../harness/transport/engine-client.js';
import { RpcError } from '../harness/transport/rpc-error.js';
import { GrpcCode } from '../harness/transport/rpc-names.js';
import { BlockedError } from '../harness/verdicts/outcome-errors.js';
import { Deadlines } from '../harness/waits/deadlines.js';
import { eventsUntil, isRequestedAt } from '../suites/interrupt/token-source.js';
import { eventStreamOf, fakeEngineClient } from './support/fake-engine-client.js';

const event = (sequence: number, type: string, nodeId?: string): RunEvent => ({
  eventId: `e${sequence}`,
  sequence,
  runId: 'r1',
  type,
  payload: {},
  timestamp: '2026-11-25T00:00:00.000Z',
  ...(nodeId !== undefined && { nodeId }),
});

function contextWith(streamRunEvents: (request: StreamRunEventsRequest) => EventStream, warnings: string[] = []): TestContext {
  const client = fakeEngineClient({ streamRunEvents });
  return new TestContext({
    requirement: REQUIREMENTS.get('interrupt.bad-token-refused'),
    client,
    capabilities: {},
    deadlines: new Deadlines(1),
    schemas: sharedSchemaRegistry(),
    counter: { count: 0 },
    warnings,
  });
}

function refusingStream(error: Error): EventStream {
  return {
    ended: Promise.resolve({ kind: 'error', error }),
    cancel: () => undefined,
    async *[Symbol.asyncIterator]() {
      yield* []; // a stream that fails before its first event
      throw error;
    },
  };
}

describe("reading a waiting run's events until one arrives", () => {
  const log = [event(0, 'run.started'), event(1, 'node.suspended', 'gate'), event(2, 'interrupt.requested', 'gate'), event(3, 'node.completed', 'other')];

  it('stops at the wanted event without waiting for a terminal one', async () => {
    const t = contextWith(() => eventStreamOf(log));
    const read = await eventsUntil(t, 'r1', isRequestedAt('gate'), 'interrupt.requested');
    assert.deepEqual(
      read.map((item) => item.sequence),
      [0, 1, 2],
    );
  });

  it('reads from 0 when the engine refuses the -1 cursor, and says so', async () => {
    const cursors: number[] = [];
    const warnings: string[] = [];
    const refusal = new RpcError({
      rpc: 'StreamRunEvents',
      code: GrpcCode.OUT_OF_RANGE,
      statusMessage: 'no negative cursors',
      trailers: {},
      envelope: undefined,
      envelopeProblem: undefined,
    });
    const t = contextWith((request) => {
      cursors.push(request.lastSequence);
      return request.lastSequence < 0 ? refusingStream(refusal) : eventStreamOf(log.slice(1));
    }, warnings);
    const read = await eventsUntil(t, 'r1', isRequestedAt('gate'), 'interrupt.requested');
    assert.deepEqual(cursors, [-1, 0]);
    assert.deepEqual(
      read.map((item) => item.type),
      ['node.suspended', 'interrupt.requested'],
    );
    assert.include(warnings.join(' '), 'refused last_sequence -1');
  });

  it('blocks (never fails) when the stream ends before the wanted event', async () => {
    const t = contextWith(() => eventStreamOf([event(0, 'run.started')]));
    const outcome = await eventsUntil(t, 'r1', isRequestedAt('gate'), 'interrupt.requested').catch((error: unknown) => error);
    assert.instanceOf(outcome, BlockedError);
    assert.include(String(outcome), 'ended before interrupt.requested');
  });
});
