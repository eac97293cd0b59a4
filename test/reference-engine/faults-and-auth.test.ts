import { status } from '@grpc/grpc-js';
import { expect } from 'chai';
import { FAULTS, startReferenceEngine } from '../../fixtures/reference-engine/index.js';
import type { RunningReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { allEvents, createRun, decodeStatusDetails, envelopeOf, snapshotOf, waitForEvent } from './engine-helpers.js';
import { RawEngineClient, bearer, structToJson } from './raw-engine-client.js';

/** Starts an engine with the given options, hands a raw client to `body`, and always stops both. */
async function withEngine(
  options: Parameters<typeof startReferenceEngine>[0],
  body: (client: RawEngineClient, engine: RunningReferenceEngine) => Promise<void>,
): Promise<void> {
  const engine = await startReferenceEngine(options);
  const client = new RawEngineClient(engine.url);
  try {
    await body(client, engine);
  } finally {
    client.close();
    await engine.stop();
  }
}

describe('reference engine: bearer auth', () => {
  const token = 'test-token';

  it('requires the token on run RPCs, before any lookup, and leaves GetCapabilities public', async () => {
    await withEngine({ token }, async (client) => {
      const missing = await client.callFailing('GetRun', { runId: 'run_missing' });
      expect(missing.code).to.equal(status.UNAUTHENTICATED);
      expect(envelopeOf(missing)['error']).to.equal('unauthenticated');
      const wrong = await client.callFailing('GetWorkflow', { workflowId: 'conformance-noop' }, bearer('other'));
      expect(wrong.code).to.equal(status.UNAUTHENTICATED);
      const stream = await client.streamEvents({ runId: 'run_missing', lastSequence: -1 });
      expect(stream.status.code).to.equal(status.UNAUTHENTICATED);

      const capabilities = await client.call('GetCapabilities', {});
      expect(structToJson(capabilities['capabilities'])['protocolVersion']).to.equal('1.0');
      // The by-token RPCs are public too: an unknown token is looked up (NOT_FOUND), not refused for credentials.
      const byToken = await client.callFailing('InspectInterruptByToken', { token: 'x' });
      expect(byToken.code).to.equal(status.NOT_FOUND);
      expect(envelopeOf(byToken)['error']).to.equal('interrupt_not_found');

      const workflow = await client.call('GetWorkflow', { workflowId: 'conformance-noop' }, bearer(token));
      expect(structToJson(workflow['workflow'])['id']).to.equal('conformance-noop');
      const notFound = await client.callFailing('GetRun', { runId: 'run_missing' }, bearer(token));
      expect(notFound.code).to.equal(status.NOT_FOUND);
    });
  });
});

describe('reference engine: stop', () => {
  it('ends tailing streams and pending timers at once, even with a 60 s delay in flight', async () => {
    const engine = await startReferenceEngine();
    const client = new RawEngineClient(engine.url);
    try {
      const runId = await createRun(client, 'conformance-cancellable', { delayMs: 60000 });
      await waitForEvent(client, runId, 'node.started');
      const tail = client.streamEvents({ runId, lastSequence: -1 });
      // The tailing stream has received its backlog once the run.started event is in; a GetRun
      // round trip after opening it orders the stop after the stream's registration.
      await snapshotOf(client, runId);
      const stoppedAt = Date.now();
      await engine.stop();
      expect(Date.now() - stoppedAt).to.be.below(1000);
      const { status: end } = await tail;
      expect(end.code).to.equal(status.UNAVAILABLE);
    } finally {
      client.close();
      await engine.stop();
    }
  });
});

describe('reference engine: faults', () => {
  it('rejects an unknown fault name, listing the valid ones', async () => {
    let message = '';
    try {
      await startReferenceEngine({ faults: ['no-such-fault'] });
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    expect(message).to.contain('no-such-fault').and.to.contain('caps-missing-limits').and.to.contain('bulk-cancel-empty-ok');
  });

  it('starts and stops cleanly with every fault in the catalogue', async () => {
    for (const fault of FAULTS) {
      const engine = await startReferenceEngine({ faults: [fault.name] });
      expect(engine.port, fault.name).to.be.greaterThan(0);
      await engine.stop();
    }
  });

  it('error-envelope-omitted: the status has no grpc-status-details-bin trailer', async () => {
    await withEngine({ faults: ['error-envelope-omitted'] }, async (client) => {
      const error = await client.callFailing('GetRun', { runId: 'run_missing' });
      expect(error.code).to.equal(status.NOT_FOUND);
      expect(decodeStatusDetails(error)).to.equal(undefined);
    });
  });

  it('error-envelope-wrong-type-url and -extra-key break the detail, not the status code', async () => {
    await withEngine({ faults: ['error-envelope-wrong-type-url', 'error-envelope-extra-key'] }, async (client) => {
      const error = await client.callFailing('GetWorkflow', { workflowId: 'no-such-workflow' });
      expect(error.code).to.equal(status.NOT_FOUND);
      const detail = decodeStatusDetails(error)?.details[0];
      expect(detail?.typeUrl).to.not.equal('openwop.dev/spec/v1/ErrorEnvelope');
      expect(detail?.json).to.have.property('requestId');
    });
  });

  it('caps-protocol-major-2 and caps-volatile change the discovery document', async () => {
    await withEngine({ faults: ['caps-protocol-major-2', 'caps-volatile'] }, async (client) => {
      const first = structToJson((await client.call('GetCapabilities', {}))['capabilities']);
      const second = structToJson((await client.call('GetCapabilities', {}))['capabilities']);
      expect(first['protocolVersion']).to.equal('2.0');
      expect(first['servedAt']).to.be.a('string').and.not.equal(second['servedAt']);
    });
  });

  it('caps-require-token: GetCapabilities wants any bearer token when none is configured', async () => {
    await withEngine({ faults: ['caps-require-token'] }, async (client) => {
      const error = await client.callFailing('GetCapabilities', {});
      expect(error.code).to.equal(status.UNAUTHENTICATED);
      await client.call('GetCapabilities', {}, bearer('anything'));
    });
  });

  it('workflow-unknown-invalid-argument: only GetWorkflow changes its status code', async () => {
    await withEngine({ faults: ['workflow-unknown-invalid-argument'] }, async (client) => {
      const error = await client.callFailing('GetWorkflow', { workflowId: 'no-such-workflow' });
      expect(error.code).to.equal(status.INVALID_ARGUMENT);
      expect(decodeStatusDetails(error)?.code).to.equal(status.INVALID_ARGUMENT);
      expect(envelopeOf(error)['error']).to.equal('workflow_not_found');
      const create = await client.callFailing('CreateRun', { workflowId: 'no-such-workflow' });
      expect(create.code).to.equal(status.NOT_FOUND);
    });
  });

  it('cancel-keeps-executing: the run reads cancelled, then completes once the delay ends', async () => {
    await withEngine({ faults: ['cancel-keeps-executing'] }, async (client) => {
      // Long enough that a loaded machine cannot finish the delay between CancelRun and GetRun.
      const runId = await createRun(client, 'conformance-cancellable', { delayMs: 1_000 });
      await waitForEvent(client, runId, 'node.started');
      expect(await client.call('CancelRun', { runId })).to.deep.equal({ runId, status: 'cancelled' });
      expect((await snapshotOf(client, runId))['status']).to.equal('cancelled');
      // Streams close at run.cancelled, so nothing streams the late completion. A companion run
      // with the same delay, started later, completes after the cancelled run's timer has fired.
      const companion = await createRun(client, 'conformance-delay', { delayMs: 1_000 });
      await waitForEvent(client, companion, 'run.completed');
      expect((await snapshotOf(client, runId))['status']).to.equal('completed');
      const { events } = await allEvents(client, runId);
      expect(events.map((event) => event.type)).to.include('run.cancelled');
    });
  });

  it('nodes-reverse-order and the bulk-prose-error-shape variant act at their hook points', async () => {
    await withEngine({ faults: ['nodes-reverse-order'], variants: ['bulk-prose-error-shape'] }, async (client) => {
      const runId = await createRun(client, 'conformance-multi-node');
      const { events } = await allEvents(client, runId);
      const completedNodes = events.filter((event) => event.type === 'node.completed').map((event) => event.nodeId);
      expect(completedNodes).to.deep.equal(['c', 'b', 'a']);
      const reply = await client.call('BulkCancelRuns', { runIds: ['run_missing'] });
      const [entry] = reply['results'] as Record<string, unknown>[];
      expect(structToJson(entry?.['error'])).to.have.keys('code', 'message');
    });
  });
});
