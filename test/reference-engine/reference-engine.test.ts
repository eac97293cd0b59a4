import { status } from '@grpc/grpc-js';
import { expect } from 'chai';
import type { RunningReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { startReferenceEngine } from '../../fixtures/reference-engine/index.js';
import {
  allEvents,
  createRun,
  decodeStatusDetails,
  envelopeOf,
  jsonToStruct,
  snapshotOf,
  toWireEvent,
  waitForEvent,
} from './engine-helpers.js';
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
      expect(engine.port).to.be.greaterThan(0);
      expect(engine.url).to.equal(`grpc://127.0.0.1:${engine.port}`);
    });

    it('serves the discovery document of protocol-digest §7', async () => {
      const reply = await client.call('GetCapabilities', {});
      const document = structToJson(reply['capabilities']);
      expect(document['protocolVersion']).to.equal('1.0');
      expect(document['protocolVersions']).to.deep.equal(['1.0']);
      expect(document['supportedEnvelopes']).to.deep.equal([]);
      expect(document['schemaVersions']).to.deep.equal({});
      expect(document['limits']).to.have.all.keys('clarificationRounds', 'schemaRounds', 'envelopesPerTurn', 'maxRequestBodyBytes');
      expect(document['implementation']).to.include({ name: 'openwop-conformance-reference', vendor: 'openwop-conformance' });
      expect(document['engineVersion']).to.equal(1);
      expect(document['eventLogSchemaVersion']).to.equal(2);
      expect(document['supportedTransports']).to.deep.equal(['grpc']);
      expect(document['grpc']).to.deep.equal({ supported: true, service: 'openwop.v1.Engine', tls: 'disabled', endpoint: engine.url });
      expect([...(document['fixtures'] as string[])].sort()).to.deep.equal(FIXTURE_IDS);
      expect(document['runs']).to.deep.equal({
        bulkCancel: { supported: true, maxRunIds: 100 },
        pauseResume: { supported: true, drainPolicies: ['immediate', 'drain-current-node'] },
      });
      expect(document['replay']).to.deep.equal({ supported: true, modes: ['replay', 'branch'], sideEffectSuppression: 'none' });
      expect(document['webhooks']).to.deep.equal({ supported: true, signatureAlgorithms: ['v1'], durable: false });
      expect(document['auth']).to.deep.include({ profiles: ['openwop-audit-log-integrity'] });
      expect((document['auth'] as { auditLogIntegrity: object }).auditLogIntegrity).to.include({ hashChain: true, checkpointSignatureAlgorithm: 'ed25519' });
      const again = structToJson((await client.call('GetCapabilities', {}))['capabilities']);
      expect(again).to.deep.equal(document);
    });

    it('returns every fixture definition under its own id with only the schema top-level keys', async () => {
      for (const workflowId of FIXTURE_IDS) {
        const definition = structToJson((await client.call('GetWorkflow', { workflowId }))['workflow']);
        expect(definition['id']).to.equal(workflowId);
        expect(definition).to.have.all.keys('id', 'name', 'version', 'nodes', 'edges', 'triggers', 'variables', 'metadata', 'settings');
      }
    });

    it('answers NOT_FOUND workflow_not_found with the envelope in grpc-status-details-bin', async () => {
      const error = await client.callFailing('GetWorkflow', { workflowId: 'no-such-workflow' });
      expect(error.code).to.equal(status.NOT_FOUND);
      const decoded = decodeStatusDetails(error);
      expect(decoded?.code).to.equal(status.NOT_FOUND);
      expect(decoded?.details).to.have.length(1);
      expect(decoded?.details[0]?.typeUrl).to.equal('openwop.dev/spec/v1/ErrorEnvelope');
      const envelope = envelopeOf(error);
      expect(envelope['error']).to.equal('workflow_not_found');
      expect(envelope).to.have.property('message').that.is.a('string').and.not.empty;
      expect(Object.keys(envelope).every((key) => ['error', 'message', 'details'].includes(key))).to.equal(true);
    });
  });

  describe('runs', () => {
    it('completes a noop run with a gap-free log ending run.completed, then closes the stream OK', async () => {
      const reply = await client.call('CreateRun', { workflowId: 'conformance-noop' });
      expect(reply['runId']).to.be.a('string').and.not.empty;
      expect(['pending', 'running']).to.include(reply['status']);
      const runId = String(reply['runId']);
      const { events, code } = await allEvents(client, runId);
      expect(code).to.equal(status.OK);
      expect(events.map((event) => event.seq)).to.deep.equal(events.map((_, index) => index));
      expect(events.map((event) => event.type)).to.deep.equal(['run.started', 'node.started', 'node.completed', 'run.completed']);
      expect(new Set(events.map((event) => event.eventId)).size).to.equal(events.length);
      expect(events.every((event) => event.runId === runId && event.timestampMs > 0)).to.equal(true);
      expect(events[0]?.payload).to.deep.include({ workflowId: 'conformance-noop' });
      expect(events[1]?.payload).to.deep.equal({ nodeId: 'noop', typeId: 'core.noop' });
      const snapshot = await snapshotOf(client, runId);
      expect(snapshot).to.include({ runId, workflowId: 'conformance-noop', status: 'completed' });
      expect(snapshot['nodeStates']).to.deep.equal({ noop: { status: 'completed' } });
      expect(snapshot).to.have.property('startedAt').that.is.a('string');
      expect(snapshot).to.have.property('completedAt').that.is.a('string');
    });

    it('leaves node.started out of the updates stream and honours last_sequence as exclusive', async () => {
      const runId = await createRun(client, 'conformance-multi-node');
      await allEvents(client, runId);
      const updates = await client.streamEvents({ runId, lastSequence: -1 });
      expect(updates.status.code).to.equal(status.OK);
      expect(updates.messages.map((message) => message['type'])).to.deep.equal([
        'run.started',
        'node.completed',
        'node.completed',
        'node.completed',
        'run.completed',
      ]);
      expect(updates.messages.map((message) => toWireEvent(message).nodeId).slice(1, 4)).to.deep.equal(['a', 'b', 'c']);
      const resumed = await client.streamEvents({ runId, lastSequence: 0, streamModes: ['debug'] });
      expect(resumed.messages.map((message) => Number(message['seq']))[0]).to.equal(1);
    });

    it('echoes the identity payload, nulls and nesting included, into variables.payload', async () => {
      const payload: { [key: string]: Json } = { keep: null, list: [1, null, 'x'], nested: { deep: { flag: true } } };
      const runId = await createRun(client, 'conformance-identity', { payload });
      await allEvents(client, runId);
      const snapshot = await snapshotOf(client, runId);
      expect(snapshot['status']).to.equal('completed');
      expect((snapshot['variables'] as { [key: string]: Json })['payload']).to.deep.equal(payload);
    });

    it('fails a failure run with error{code, message} on node.failed, run.failed and the snapshot', async () => {
      const runId = await createRun(client, 'conformance-failure');
      const { events, code } = await allEvents(client, runId);
      expect(code).to.equal(status.OK);
      expect(events.map((event) => event.type)).to.deep.equal(['run.started', 'node.started', 'node.failed', 'run.failed']);
      const snapshot = await snapshotOf(client, runId);
      expect(snapshot['status']).to.equal('failed');
      expect(snapshot['error']).to.deep.equal({ code: 'node_failed', message: 'conformance-failure fails by design' });
      expect(events[3]?.payload['error']).to.deep.equal(snapshot['error']);
    });

    it('is running during a delay and completes only after delayMs', async () => {
      const delayMs = 60;
      const runId = await createRun(client, 'conformance-delay', { delayMs });
      const started = await waitForEvent(client, runId, 'node.started');
      expect((await snapshotOf(client, runId))['status']).to.equal('running');
      const { events } = await allEvents(client, runId);
      const completed = events.find((event) => event.type === 'run.completed');
      expect(completed, 'run.completed').to.not.equal(undefined);
      expect((completed?.timestampMs ?? 0) - started.timestampMs).to.be.at.least(delayMs - 5);
    });

    it('rejects inputs that break the workflow variables with INVALID_ARGUMENT validation_error', async () => {
      const outOfRange = await client.callFailing('CreateRun', { workflowId: 'conformance-delay', inputs: jsonToStruct({ delayMs: 30001 }) });
      expect(outOfRange.code).to.equal(status.INVALID_ARGUMENT);
      expect(envelopeOf(outOfRange)['error']).to.equal('validation_error');
      const missing = await client.callFailing('CreateRun', { workflowId: 'conformance-identity' });
      expect(envelopeOf(missing)['error']).to.equal('validation_error');
      const wrongType = await client.callFailing('CreateRun', { workflowId: 'conformance-idempotent', inputs: jsonToStruct({ nonce: 7 }) });
      expect(envelopeOf(wrongType)['error']).to.equal('validation_error');
      const unknown = await client.callFailing('CreateRun', { workflowId: 'no-such-workflow' });
      expect(unknown.code).to.equal(status.NOT_FOUND);
      expect(envelopeOf(unknown)['error']).to.equal('workflow_not_found');
    });

    it('replays the run for the same idempotency key and body, and aborts on another body', async () => {
      const request = { workflowId: 'conformance-idempotent', inputs: jsonToStruct({ nonce: 'one' }), idempotencyKey: 'key-1' };
      const first = await client.call('CreateRun', request);
      const second = await client.call('CreateRun', request);
      expect(second['runId']).to.equal(first['runId']);
      const conflict = await client.callFailing('CreateRun', { ...request, inputs: jsonToStruct({ nonce: 'two' }) });
      expect(conflict.code).to.equal(status.ABORTED);
      expect(envelopeOf(conflict)['error']).to.equal('idempotency_key_mismatch');
      const other = await client.call('CreateRun', { workflowId: 'conformance-idempotent', inputs: jsonToStruct({ nonce: 'one' }) });
      expect(other['runId']).to.not.equal(first['runId']);
    });

    it('rejects an unsupported stream mode naming the supported ones, and an unknown run NOT_FOUND', async () => {
      const runId = await createRun(client, 'conformance-noop');
      const unknownMode = await client.streamEvents({ runId, lastSequence: -1, streamModes: ['x-unknown'] });
      expect(unknownMode.status.code).to.equal(status.INVALID_ARGUMENT);
      const unknown = await client.streamEvents({ runId: 'run_missing', lastSequence: -1 });
      expect(unknown.status.code).to.equal(status.NOT_FOUND);
      const missingGet = await client.callFailing('GetRun', { runId: 'run_missing' });
      expect(missingGet.code).to.equal(status.NOT_FOUND);
      expect(envelopeOf(missingGet)['error']).to.equal('run_not_found');
    });
  });

  describe('cancel', () => {
    it('cancels a running delay: cancelling, then node.cancelled and run.cancelled, then cancelled', async () => {
      const runId = await createRun(client, 'conformance-cancellable');
      await waitForEvent(client, runId, 'node.started');
      const reply = await client.call('CancelRun', { runId, reason: 'test' });
      expect(reply).to.deep.equal({ runId, status: 'cancelling' });
      const { events, code } = await allEvents(client, runId);
      expect(code).to.equal(status.OK);
      expect(events.map((event) => event.type)).to.deep.equal(['run.started', 'node.started', 'node.cancelled', 'run.cancelled']);
      expect(events[3]?.payload).to.deep.equal({ reason: 'test' });
      expect((await snapshotOf(client, runId))['status']).to.equal('cancelled');
    });

    it('keeps a completed run completed when cancelled, and NOT_FOUNDs unknown runs', async () => {
      const runId = await createRun(client, 'conformance-noop');
      await allEvents(client, runId);
      expect(await client.call('CancelRun', { runId })).to.deep.equal({ runId, status: 'completed' });
      expect((await snapshotOf(client, runId))['status']).to.equal('completed');
      const error = await client.callFailing('CancelRun', { runId: 'run_missing' });
      expect(error.code).to.equal(status.NOT_FOUND);
      expect(envelopeOf(error)['error']).to.equal('run_not_found');
    });

    it('a client disconnect does not cancel the run', async () => {
      const runId = await createRun(client, 'conformance-delay', { delayMs: 30 });
      await waitForEvent(client, runId, 'run.started');
      const { events } = await allEvents(client, runId);
      expect(events.at(-1)?.type).to.equal('run.completed');
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
      expect(results).to.deep.equal([
        { runId: running, ok: true, status: 'cancelling', error: undefined },
        { runId: 'run_missing', ok: false, status: '', error: 'not_found' },
        { runId: done, ok: false, status: '', error: 'run_terminal' },
        { runId: cancelled, ok: true, status: 'cancelled', error: undefined },
      ]);
      const { events } = await allEvents(client, running);
      expect(events.at(-1)?.type).to.equal('run.cancelled');
    });

    it('rejects an empty bulk-cancel list with validation_error and details.maxRunIds', async () => {
      const error = await client.callFailing('BulkCancelRuns', { runIds: [] });
      expect(error.code).to.equal(status.INVALID_ARGUMENT);
      const envelope = envelopeOf(error);
      expect(envelope['error']).to.equal('validation_error');
      expect(envelope['details']).to.deep.include({ maxRunIds: 100 });
      const tooMany = await client.callFailing('BulkCancelRuns', { runIds: Array.from({ length: 101 }, (_, index) => `run_${index}`) });
      expect(tooMany.code).to.equal(status.INVALID_ARGUMENT);
    });
  });
});
