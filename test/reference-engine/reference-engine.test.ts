import { status } from '@grpc/grpc-js';
import { assert } from 'chai';
import type { RunningReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { startReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { allEvents, createRun, decodeStatusDetails, envelopeOf, jsonToStruct, snapshotOf, toWireEvent, waitForEvent } from './engine-helpers.js';
import { RawEngineClient, structToJson } from './raw-engine-client.js';
import type { Json } from './raw-engine-client.js';

const FIXTURE_IDS = [
  'conformance-approval',
  'conformance-artifact',
  'conformance-cancellable',
  'conformance-clarification',
  'conformance-delay',
  'conformance-failure',
  'conformance-idempotent',
  'conformance-identity',
  'conformance-interrupt-quorum',
  'conformance-multi-node',
  'conformance-noop',
];

/** The clean engine at wire level, through a raw grpc-js client built from the proto. */
describe('reference engine: clean engine over the wire', () => {
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

  describe('discovery and workflows', () => {
    it('binds a free loopback port and reports it in url', () => {
      assert.isAbove(engine.port, 0);
      assert.strictEqual(engine.url, `grpc://127.0.0.1:${engine.port}`);
    });

    it('serves the discovery document of protocol-digest §7', async () => {
      const reply = await client.call('GetCapabilities', {});
      const document = structToJson(reply['capabilities']);
      assert.strictEqual(document['protocolVersion'], '1.0');
      assert.deepEqual(document['protocolVersions'], ['1.0']);
      assert.deepEqual(document['supportedEnvelopes'], []);
      assert.deepEqual(document['schemaVersions'], {});
      assert.hasAllKeys(document['limits'], ['clarificationRounds', 'schemaRounds', 'envelopesPerTurn', 'maxRequestBodyBytes']);
      assert.include(document['implementation'], { name: 'openwop-conformance-reference', vendor: 'openwop-conformance' });
      assert.strictEqual(document['engineVersion'], 1);
      assert.strictEqual(document['eventLogSchemaVersion'], 2);
      assert.deepEqual(document['supportedTransports'], ['grpc']);
      assert.deepEqual(document['grpc'], { supported: true, service: 'openwop.v1.Engine', tls: 'disabled', endpoint: engine.url });
      assert.deepEqual([...(document['fixtures'] as string[])].sort(), FIXTURE_IDS);
      assert.deepEqual(document['runs'], {
        bulkCancel: { supported: true, maxRunIds: 100 },
        pauseResume: { supported: true, drainPolicies: ['immediate', 'drain-current-node'] },
      });
      assert.deepEqual(document['replay'], { supported: true, modes: ['replay', 'branch'], sideEffectSuppression: 'none' });
      assert.deepEqual(document['webhooks'], { supported: true, signatureAlgorithms: ['v1'], durable: false });
      assert.deepInclude(document['auth'], { profiles: ['openwop-audit-log-integrity'] });
      assert.include((document['auth'] as { auditLogIntegrity: object }).auditLogIntegrity, { hashChain: true, checkpointSignatureAlgorithm: 'ed25519' });
      const again = structToJson((await client.call('GetCapabilities', {}))['capabilities']);
      assert.deepEqual(again, document);
    });

    it('returns every fixture definition under its own id with only the schema top-level keys', async () => {
      for (const workflowId of FIXTURE_IDS) {
        const definition = structToJson((await client.call('GetWorkflow', { workflowId }))['workflow']);
        assert.strictEqual(definition['id'], workflowId);
        assert.hasAllKeys(definition, ['id', 'name', 'version', 'nodes', 'edges', 'triggers', 'variables', 'metadata', 'settings']);
      }
    });

    it('answers NOT_FOUND workflow_not_found with the envelope in grpc-status-details-bin', async () => {
      const error = await client.callFailing('GetWorkflow', { workflowId: 'no-such-workflow' });
      assert.strictEqual(error.code, status.NOT_FOUND);
      const decoded = decodeStatusDetails(error);
      assert.strictEqual(decoded?.code, status.NOT_FOUND);
      assert.lengthOf(decoded?.details ?? [], 1);
      assert.strictEqual(decoded?.details[0]?.typeUrl, 'openwop.dev/spec/v1/ErrorEnvelope');
      const envelope = envelopeOf(error);
      assert.strictEqual(envelope['error'], 'workflow_not_found');
      assert.isString(envelope['message']);
      assert.isNotEmpty(envelope['message']);
      assert.strictEqual(
        Object.keys(envelope).every((key) => ['error', 'message', 'details'].includes(key)),
        true,
      );
    });
  });

  describe('runs', () => {
    it('completes a noop run with a gap-free log ending run.completed, then closes the stream OK', async () => {
      const reply = await client.call('CreateRun', { workflowId: 'conformance-noop' });
      assert.isString(reply['runId']);
      assert.isNotEmpty(reply['runId']);
      assert.include(['pending', 'running'], reply['status']);
      const runId = String(reply['runId']);
      const { events, code } = await allEvents(client, runId);
      assert.strictEqual(code, status.OK);
      assert.deepEqual(
        events.map((event) => event.seq),
        events.map((_, index) => index),
      );
      assert.deepEqual(
        events.map((event) => event.type),
        ['run.started', 'node.started', 'node.completed', 'run.completed'],
      );
      assert.strictEqual(new Set(events.map((event) => event.eventId)).size, events.length);
      assert.strictEqual(
        events.every((event) => event.runId === runId && event.timestampMs > 0),
        true,
      );
      assert.deepInclude(events[0]?.payload, { workflowId: 'conformance-noop' });
      assert.deepEqual(events[1]?.payload, { nodeId: 'noop', typeId: 'core.noop' });
      const snapshot = await snapshotOf(client, runId);
      assert.include(snapshot, { runId, workflowId: 'conformance-noop', status: 'completed' });
      assert.deepEqual(snapshot['nodeStates'], { noop: { status: 'completed' } });
      assert.isString(snapshot['startedAt']);
      assert.isString(snapshot['completedAt']);
    });

    it('leaves node.started out of the updates stream and honours last_sequence as exclusive', async () => {
      const runId = await createRun(client, 'conformance-multi-node');
      await allEvents(client, runId);
      const updates = await client.streamEvents({ runId, lastSequence: -1 });
      assert.strictEqual(updates.status.code, status.OK);
      assert.deepEqual(
        updates.messages.map((message) => message['type']),
        ['run.started', 'node.completed', 'node.completed', 'node.completed', 'run.completed'],
      );
      assert.deepEqual(updates.messages.map((message) => toWireEvent(message).nodeId).slice(1, 4), ['a', 'b', 'c']);
      const resumed = await client.streamEvents({ runId, lastSequence: 0, streamModes: ['debug'] });
      assert.strictEqual(resumed.messages.map((message) => Number(message['seq']))[0], 1);
    });

    it('echoes the identity payload, nulls and nesting included, into variables.payload', async () => {
      const payload: { [key: string]: Json } = { keep: null, list: [1, null, 'x'], nested: { deep: { flag: true } } };
      const runId = await createRun(client, 'conformance-identity', { payload });
      await allEvents(client, runId);
      const snapshot = await snapshotOf(client, runId);
      assert.strictEqual(snapshot['status'], 'completed');
      assert.deepEqual((snapshot['variables'] as { [key: string]: Json })['payload'], payload);
    });

    it('fails a failure run with error{code, message} on node.failed, run.failed and the snapshot', async () => {
      const runId = await createRun(client, 'conformance-failure');
      const { events, code } = await allEvents(client, runId);
      assert.strictEqual(code, status.OK);
      assert.deepEqual(
        events.map((event) => event.type),
        ['run.started', 'node.started', 'node.failed', 'run.failed'],
      );
      const snapshot = await snapshotOf(client, runId);
      assert.strictEqual(snapshot['status'], 'failed');
      assert.deepEqual(snapshot['error'], { code: 'node_failed', message: 'conformance-failure fails by design' });
      assert.deepEqual(events[3]?.payload['error'], snapshot['error']);
    });

    it('is running during a delay and completes only after delayMs', async () => {
      const delayMs = 60;
      const runId = await createRun(client, 'conformance-delay', { delayMs });
      const started = await waitForEvent(client, runId, 'node.started');
      assert.strictEqual((await snapshotOf(client, runId))['status'], 'running');
      const { events } = await allEvents(client, runId);
      const completed = events.find((event) => event.type === 'run.completed');
      assert.notStrictEqual(completed, undefined, 'run.completed');
      assert.isAtLeast((completed?.timestampMs ?? 0) - started.timestampMs, delayMs - 5);
    });

    it('rejects inputs that break the workflow variables with INVALID_ARGUMENT validation_error', async () => {
      const outOfRange = await client.callFailing('CreateRun', { workflowId: 'conformance-delay', inputs: jsonToStruct({ delayMs: 30001 }) });
      assert.strictEqual(outOfRange.code, status.INVALID_ARGUMENT);
      assert.strictEqual(envelopeOf(outOfRange)['error'], 'validation_error');
      const missing = await client.callFailing('CreateRun', { workflowId: 'conformance-identity' });
      assert.strictEqual(envelopeOf(missing)['error'], 'validation_error');
      const wrongType = await client.callFailing('CreateRun', { workflowId: 'conformance-idempotent', inputs: jsonToStruct({ nonce: 7 }) });
      assert.strictEqual(envelopeOf(wrongType)['error'], 'validation_error');
      const unknown = await client.callFailing('CreateRun', { workflowId: 'no-such-workflow' });
      assert.strictEqual(unknown.code, status.NOT_FOUND);
      assert.strictEqual(envelopeOf(unknown)['error'], 'workflow_not_found');
    });

    it('replays the run for the same idempotency key and body, and aborts on another body', async () => {
      const request = { workflowId: 'conformance-idempotent', inputs: jsonToStruct({ nonce: 'one' }), idempotencyKey: 'key-1' };
      const first = await client.call('CreateRun', request);
      const second = await client.call('CreateRun', request);
      assert.strictEqual(second['runId'], first['runId']);
      const conflict = await client.callFailing('CreateRun', { ...request, inputs: jsonToStruct({ nonce: 'two' }) });
      assert.strictEqual(conflict.code, status.ABORTED);
      assert.strictEqual(envelopeOf(conflict)['error'], 'idempotency_key_mismatch');
      const other = await client.call('CreateRun', { workflowId: 'conformance-idempotent', inputs: jsonToStruct({ nonce: 'one' }) });
      assert.notStrictEqual(other['runId'], first['runId']);
    });

    it('rejects an unsupported stream mode naming the supported ones, and an unknown run NOT_FOUND', async () => {
      const runId = await createRun(client, 'conformance-noop');
      const unknownMode = await client.streamEvents({ runId, lastSequence: -1, streamModes: ['x-unknown'] });
      assert.strictEqual(unknownMode.status.code, status.INVALID_ARGUMENT);
      const unknown = await client.streamEvents({ runId: 'run_missing', lastSequence: -1 });
      assert.strictEqual(unknown.status.code, status.NOT_FOUND);
      const missingGet = await client.callFailing('GetRun', { runId: 'run_missing' });
      assert.strictEqual(missingGet.code, status.NOT_FOUND);
      assert.strictEqual(envelopeOf(missingGet)['error'], 'run_not_found');
    });
  });

  describe('cancel', () => {
    it('cancels a running delay: cancelling, then node.cancelled and run.cancelled, then cancelled', async () => {
      const runId = await createRun(client, 'conformance-cancellable');
      await waitForEvent(client, runId, 'node.started');
      const reply = await client.call('CancelRun', { runId, reason: 'test' });
      assert.deepEqual(reply, { runId, status: 'cancelling' });
      const { events, code } = await allEvents(client, runId);
      assert.strictEqual(code, status.OK);
      assert.deepEqual(
        events.map((event) => event.type),
        ['run.started', 'node.started', 'node.cancelled', 'run.cancelled'],
      );
      assert.deepEqual(events[3]?.payload, { reason: 'test' });
      assert.strictEqual((await snapshotOf(client, runId))['status'], 'cancelled');
    });

    it('keeps a completed run completed when cancelled, and NOT_FOUNDs unknown runs', async () => {
      const runId = await createRun(client, 'conformance-noop');
      await allEvents(client, runId);
      assert.deepEqual(await client.call('CancelRun', { runId }), { runId, status: 'completed' });
      assert.strictEqual((await snapshotOf(client, runId))['status'], 'completed');
      const error = await client.callFailing('CancelRun', { runId: 'run_missing' });
      assert.strictEqual(error.code, status.NOT_FOUND);
      assert.strictEqual(envelopeOf(error)['error'], 'run_not_found');
    });

    it('a client disconnect does not cancel the run', async () => {
      const runId = await createRun(client, 'conformance-delay', { delayMs: 30 });
      await waitForEvent(client, runId, 'run.started');
      const { events } = await allEvents(client, runId);
      assert.strictEqual(events.at(-1)?.type, 'run.completed');
    });

    it('bulk-cancels per id in request order: running, unknown, completed, already cancelled', async () => {
      const running = await createRun(client, 'conformance-cancellable');
      const done = await createRun(client, 'conformance-noop');
      await allEvents(client, done);
      const cancelled = await createRun(client, 'conformance-cancellable');
      await client.call('CancelRun', { runId: cancelled });
      await allEvents(client, cancelled);
      const reply = await client.call('BulkCancelRuns', { runIds: [running, 'run_missing', done, cancelled] });
      const results = (reply['results'] as Record<string, unknown>[]).map((result) => ({
        runId: result['runId'],
        ok: result['ok'],
        status: result['status'],
        error: result['error'] ? structToJson(result['error'])['error'] : undefined,
      }));
      assert.deepEqual(results, [
        { runId: running, ok: true, status: 'cancelling', error: undefined },
        { runId: 'run_missing', ok: false, status: '', error: 'not_found' },
        { runId: done, ok: false, status: '', error: 'run_terminal' },
        { runId: cancelled, ok: true, status: 'cancelled', error: undefined },
      ]);
      const { events } = await allEvents(client, running);
      assert.strictEqual(events.at(-1)?.type, 'run.cancelled');
    });

    it('rejects an empty bulk-cancel list with validation_error and details.maxRunIds', async () => {
      const error = await client.callFailing('BulkCancelRuns', { runIds: [] });
      assert.strictEqual(error.code, status.INVALID_ARGUMENT);
      const envelope = envelopeOf(error);
      assert.strictEqual(envelope['error'], 'validation_error');
      assert.deepInclude(envelope['details'], { maxRunIds: 100 });
      const tooMany = await client.callFailing('BulkCancelRuns', { runIds: Array.from({ length: 101 }, (_, index) => `run_${index}`) });
      assert.strictEqual(tooMany.code, status.INVALID_ARGUMENT);
    });
  });
});
