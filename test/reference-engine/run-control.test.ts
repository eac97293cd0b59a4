import { status } from '@grpc/grpc-js';
import { assert } from 'chai';
import type { RunningReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { startReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { allEvents, createRun, envelopeOf, jsonToStruct, snapshotOf, toWireEvent, waitForEvent } from './engine-helpers.js';
import { RawEngineClient, structToJson } from './raw-engine-client.js';

/** Pause/resume, fork and the stream modes of the clean engine, at wire level (runs-events-digest §2–4). */
describe('reference engine: pause, fork and stream modes', () => {
  let engine: RunningReferenceEngine;
  let client: RawEngineClient;

  before(async () => {
    engine = await startReferenceEngine();
    client = new RawEngineClient(engine.url);
  });

  after(async () => {
    client.close();
    await engine.stop();
  });

  describe('pause and resume', () => {
    it('pauses a running node at once, keeps the policy on run.paused, and resumes to completed', async () => {
      const runId = await createRun(client, 'conformance-delay', { delayMs: 300 });
      await waitForEvent(client, runId, 'node.started');
      const reply = await client.call('PauseRun', { runId, drainPolicy: 'immediate' });
      assert.include(reply, { runId, status: 'paused' });
      const paused = await waitForEvent(client, runId, 'run.paused');
      assert.deepEqual(paused.payload, { drainPolicy: 'immediate' });
      assert.strictEqual((await snapshotOf(client, runId))['status'], 'paused');
      assert.include(await client.call('ResumeRun', { runId }), { runId, status: 'running' });
      const { events } = await allEvents(client, runId);
      const types = events.map((event) => event.type);
      assert.deepEqual(types, ['run.started', 'node.started', 'run.paused', 'run.resumed', 'node.completed', 'run.completed']);
    });

    it('drains the node in flight before run.paused under drain-current-node', async () => {
      const runId = await createRun(client, 'conformance-delay', { delayMs: 100 });
      await waitForEvent(client, runId, 'node.started');
      await client.call('PauseRun', { runId, drainPolicy: 'drain-current-node' });
      const paused = await waitForEvent(client, runId, 'run.paused');
      const before = (await client.streamEvents({ runId, lastSequence: -1 }, (message) => message['type'] === 'run.paused')).messages.map(toWireEvent);
      assert.deepEqual(
        before.map((event) => event.type),
        ['run.started', 'node.completed', 'run.paused'],
      );
      assert.deepEqual(paused.payload, { drainPolicy: 'drain-current-node' });
      await client.call('CancelRun', { runId });
      assert.strictEqual((await allEvents(client, runId)).events.at(-1)?.type, 'run.cancelled');
    });

    it('refuses pause of a completed run and resume of a running one with run_state_conflict naming the status', async () => {
      const done = await createRun(client, 'conformance-noop');
      await waitForEvent(client, done, 'run.completed');
      const pause = await client.callFailing('PauseRun', { runId: done });
      assert.strictEqual(pause.code, status.FAILED_PRECONDITION);
      assert.deepInclude(envelopeOf(pause), { error: 'run_state_conflict', details: { runStatus: 'completed' } });
      const running = await createRun(client, 'conformance-delay', { delayMs: 5_000 });
      await waitForEvent(client, running, 'node.started');
      const resume = await client.callFailing('ResumeRun', { runId: running });
      assert.deepInclude(envelopeOf(resume), { error: 'run_state_conflict', details: { runStatus: 'running' } });
      await client.call('CancelRun', { runId: running });
    });
  });

  describe('fork', () => {
    it('replays a completed run as a new run with the same events', async () => {
      const source = await createRun(client, 'conformance-multi-node');
      await waitForEvent(client, source, 'run.completed');
      const reply = await client.call('ForkRun', { runId: source, fromSeq: 0, mode: 'replay' });
      const forkedRunId = String(reply['forkedRunId']);
      assert.notStrictEqual(forkedRunId, source);
      assert.notStrictEqual(forkedRunId, '');
      await waitForEvent(client, forkedRunId, 'run.completed');
      const shape = (events: { type: string; nodeId: string; payload: unknown }[]) => events.map((event) => [event.type, event.nodeId, event.payload]);
      assert.deepEqual(shape((await allEvents(client, forkedRunId)).events), shape((await allEvents(client, source)).events));
    });

    it('branches after run.started, re-executing the delay node with the overlay applied', async () => {
      const source = await createRun(client, 'conformance-delay', { delayMs: 50 });
      await waitForEvent(client, source, 'run.completed');
      const reply = await client.call('ForkRun', { runId: source, fromSeq: 1, mode: 'branch', overlay: jsonToStruct({ tags: ['branch'] }) });
      const forkedRunId = String(reply['forkedRunId']);
      assert.strictEqual(reply['status'], 'pending');
      await waitForEvent(client, forkedRunId, 'run.completed');
      assert.deepEqual(
        (await allEvents(client, forkedRunId)).events.map((event) => event.type),
        ['run.started', 'node.started', 'node.completed', 'run.completed'],
      );
      assert.deepEqual((await snapshotOf(client, forkedRunId))['tags'], ['branch']);
      assert.strictEqual((await snapshotOf(client, source))['tags'], undefined);
    });

    it('refuses a negative from_seq, an unknown mode, a replay overlay, a point beyond the log and an unknown source', async () => {
      const source = await createRun(client, 'conformance-noop');
      await waitForEvent(client, source, 'run.completed');
      for (const request of [
        { fromSeq: -1, mode: 'replay' },
        { fromSeq: 0, mode: 'rewind' },
        { fromSeq: 0, mode: 'replay', overlay: jsonToStruct({ tags: ['x'] }) },
      ]) {
        const error = await client.callFailing('ForkRun', { runId: source, ...request });
        assert.strictEqual(error.code, status.INVALID_ARGUMENT);
        assert.strictEqual(envelopeOf(error)['error'], 'validation_error');
      }
      const beyond = await client.callFailing('ForkRun', { runId: source, fromSeq: 999, mode: 'replay' });
      assert.strictEqual(beyond.code, status.FAILED_PRECONDITION);
      assert.strictEqual(envelopeOf(beyond)['error'], 'fork_point_invalid');
      const unknown = await client.callFailing('ForkRun', { runId: 'run_missing', fromSeq: 0, mode: 'replay' });
      assert.strictEqual(unknown.code, status.NOT_FOUND);
    });
  });

  describe('stream modes and buffering', () => {
    it('sends state.snapshot events in values mode and refuses values mixed with another mode', async () => {
      const runId = await createRun(client, 'conformance-noop');
      await waitForEvent(client, runId, 'run.completed');
      const values = await client.streamEvents({ runId, lastSequence: -1, streamModes: ['values'] });
      assert.strictEqual(values.status.code, status.OK);
      const events = values.messages.map(toWireEvent);
      assert.deepEqual(
        events.map((event) => event.type),
        ['state.snapshot', 'state.snapshot', 'state.snapshot'],
      );
      assert.include(events[0]?.payload, { runId, status: 'completed' });
      const mixed = await client.streamEvents({ runId, lastSequence: -1, streamModes: ['values', 'updates'] });
      assert.strictEqual(mixed.status.code, status.INVALID_ARGUMENT);
    });

    it('batches with buffer_ms in order and flushes the terminal event', async () => {
      const runId = await createRun(client, 'conformance-delay', { delayMs: 100 });
      const buffered = await client.streamEvents({ runId, lastSequence: -1, bufferMs: 5_000 });
      assert.strictEqual(buffered.status.code, status.OK);
      assert.deepEqual(
        buffered.messages.map(toWireEvent).map((event) => event.type),
        ['run.started', 'node.completed', 'run.completed'],
      );
    });
  });

  describe('the no-fork and no-pause-resume variants', () => {
    it('advertise neither family and answer the RPCs UNIMPLEMENTED with an envelope', async () => {
      const bare = await startReferenceEngine({ variants: ['no-fork', 'no-pause-resume'] });
      const bareClient = new RawEngineClient(bare.url);
      try {
        const document = structToJson((await bareClient.call('GetCapabilities', {}))['capabilities']);
        assert.notProperty(document, 'replay');
        assert.notProperty(document['runs'], 'pauseResume');
        for (const rpc of ['ForkRun', 'PauseRun', 'ResumeRun']) {
          const error = await bareClient.callFailing(rpc, { runId: 'run_x' });
          assert.strictEqual(error.code, status.UNIMPLEMENTED);
          assert.deepEqual(envelopeOf(error), { error: 'unimplemented', message: `${rpc} is not served by the reference engine` });
        }
      } finally {
        bareClient.close();
        await bare.stop();
      }
    });
  });
});
