import { status } from '@grpc/grpc-js';
import { assert } from 'chai';
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
      assert.strictEqual(missing.code, status.UNAUTHENTICATED);
      assert.strictEqual(envelopeOf(missing)['error'], 'unauthenticated');
      const wrong = await client.callFailing('GetWorkflow', { workflowId: 'conformance-noop' }, bearer('other'));
      assert.strictEqual(wrong.code, status.UNAUTHENTICATED);
      const stream = await client.streamEvents({ runId: 'run_missing', lastSequence: -1 });
      assert.strictEqual(stream.status.code, status.UNAUTHENTICATED);

      const capabilities = await client.call('GetCapabilities', {});
      assert.strictEqual(structToJson(capabilities['capabilities'])['protocolVersion'], '1.0');
      // The by-token RPCs are public too: an unknown token is looked up (NOT_FOUND), not refused for credentials.
      const byToken = await client.callFailing('InspectInterruptByToken', { token: 'x' });
      assert.strictEqual(byToken.code, status.NOT_FOUND);
      assert.strictEqual(envelopeOf(byToken)['error'], 'interrupt_not_found');

      const workflow = await client.call('GetWorkflow', { workflowId: 'conformance-noop' }, bearer(token));
      assert.strictEqual(structToJson(workflow['workflow'])['id'], 'conformance-noop');
      const notFound = await client.callFailing('GetRun', { runId: 'run_missing' }, bearer(token));
      assert.strictEqual(notFound.code, status.NOT_FOUND);
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
      // Not a speed target: the run in flight lasts 60 s, so ending well before proves the stop ended it.
      assert.isBelow(Date.now() - stoppedAt, 10_000);
      const { status: end } = await tail;
      assert.strictEqual(end.code, status.UNAVAILABLE);
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
    for (const name of ['no-such-fault', 'caps-missing-limits', 'bulk-cancel-empty-ok']) assert.include(message, name);
  });

  it('starts and stops cleanly with every fault in the catalogue', async () => {
    for (const fault of FAULTS) {
      const engine = await startReferenceEngine({ faults: [fault.name] });
      assert.isAbove(engine.port, 0, fault.name);
      await engine.stop();
    }
  });

  it('error-envelope-omitted: the status has no grpc-status-details-bin trailer', async () => {
    await withEngine({ faults: ['error-envelope-omitted'] }, async (client) => {
      const error = await client.callFailing('GetRun', { runId: 'run_missing' });
      assert.strictEqual(error.code, status.NOT_FOUND);
      assert.strictEqual(decodeStatusDetails(error), undefined);
    });
  });

  it('error-envelope-wrong-type-url and -extra-key break the detail, not the status code', async () => {
    await withEngine({ faults: ['error-envelope-wrong-type-url', 'error-envelope-extra-key'] }, async (client) => {
      const error = await client.callFailing('GetWorkflow', { workflowId: 'no-such-workflow' });
      assert.strictEqual(error.code, status.NOT_FOUND);
      const detail = decodeStatusDetails(error)?.details[0];
      assert.notStrictEqual(detail?.typeUrl, 'openwop.dev/spec/v1/ErrorEnvelope');
      assert.property(detail?.json, 'requestId');
    });
  });

  it('caps-protocol-major-2 and caps-volatile change the discovery document', async () => {
    await withEngine({ faults: ['caps-protocol-major-2', 'caps-volatile'] }, async (client) => {
      const first = structToJson((await client.call('GetCapabilities', {}))['capabilities']);
      const second = structToJson((await client.call('GetCapabilities', {}))['capabilities']);
      assert.strictEqual(first['protocolVersion'], '2.0');
      assert.isString(first['servedAt']);
      assert.notStrictEqual(first['servedAt'], second['servedAt']);
    });
  });

  it('caps-require-token: GetCapabilities wants any bearer token when none is configured', async () => {
    await withEngine({ faults: ['caps-require-token'] }, async (client) => {
      const error = await client.callFailing('GetCapabilities', {});
      assert.strictEqual(error.code, status.UNAUTHENTICATED);
      await client.call('GetCapabilities', {}, bearer('anything'));
    });
  });

  it('workflow-unknown-invalid-argument: only GetWorkflow changes its status code', async () => {
    await withEngine({ faults: ['workflow-unknown-invalid-argument'] }, async (client) => {
      const error = await client.callFailing('GetWorkflow', { workflowId: 'no-such-workflow' });
      assert.strictEqual(error.code, status.INVALID_ARGUMENT);
      assert.strictEqual(decodeStatusDetails(error)?.code, status.INVALID_ARGUMENT);
      assert.strictEqual(envelopeOf(error)['error'], 'workflow_not_found');
      const create = await client.callFailing('CreateRun', { workflowId: 'no-such-workflow' });
      assert.strictEqual(create.code, status.NOT_FOUND);
    });
  });

  it('cancel-keeps-executing: the run reads cancelled, then completes once the delay ends', async () => {
    await withEngine({ faults: ['cancel-keeps-executing'] }, async (client) => {
      // Long enough that a loaded machine cannot finish the delay between CancelRun and GetRun.
      const runId = await createRun(client, 'conformance-cancellable', { delayMs: 1_000 });
      await waitForEvent(client, runId, 'node.started');
      assert.deepEqual(await client.call('CancelRun', { runId }), { runId, status: 'cancelled' });
      assert.strictEqual((await snapshotOf(client, runId))['status'], 'cancelled');
      // Streams close at run.cancelled, so nothing streams the late completion. A companion run
      // with the same delay, started later, completes after the cancelled run's timer has fired.
      const companion = await createRun(client, 'conformance-delay', { delayMs: 1_000 });
      await waitForEvent(client, companion, 'run.completed');
      assert.strictEqual((await snapshotOf(client, runId))['status'], 'completed');
      const { events } = await allEvents(client, runId);
      assert.include(
        events.map((event) => event.type),
        'run.cancelled',
      );
    });
  });

  it('nodes-reverse-order and the bulk-prose-error-shape variant act at their hook points', async () => {
    await withEngine({ faults: ['nodes-reverse-order'], variants: ['bulk-prose-error-shape'] }, async (client) => {
      const runId = await createRun(client, 'conformance-multi-node');
      const { events } = await allEvents(client, runId);
      const completedNodes = events.filter((event) => event.type === 'node.completed').map((event) => event.nodeId);
      assert.deepEqual(completedNodes, ['c', 'b', 'a']);
      const reply = await client.call('BulkCancelRuns', { runIds: ['run_missing'] });
      const [entry] = reply['results'] as Record<string, unknown>[];
      assert.hasAllKeys(structToJson(entry?.['error']), ['code', 'message']);
    });
  });
});
