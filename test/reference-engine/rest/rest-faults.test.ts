import { assert } from 'chai';
import type { RunningReferenceEngine } from '../../../fixtures/reference-engine/index.js';
import { FAULTS, TOLERATED_VARIANTS, startReferenceEngine } from '../../../fixtures/reference-engine/index.js';
import { allEvents, createRun, envelopeOf } from '../engine-helpers.js';
import { RawEngineClient, structToJson } from '../raw-engine-client.js';
import { RestCaller, frameEvents } from './rest-helpers.js';

/**
 * The REST-only faults and variants: each shows over REST and leaves the gRPC surface as the clean
 * engine serves it; a fault shared by both surfaces (sequence-gap) shows on both.
 */
describe('reference engine REST surface: faults and variants', () => {
  let engine: RunningReferenceEngine | undefined;
  let grpc: RawEngineClient | undefined;

  async function start(options: {
    faults?: string[];
    variants?: string[];
  }): Promise<{ rest: RestCaller; grpc: RawEngineClient; engine: RunningReferenceEngine }> {
    engine = await startReferenceEngine({ ...options, restPort: 0 });
    if (!engine.restUrl) throw new Error('no REST URL');
    grpc = new RawEngineClient(engine.url);
    return { rest: new RestCaller(engine.restUrl), grpc, engine };
  }

  afterEach(async () => {
    grpc?.close();
    await engine?.stop();
    grpc = undefined;
    engine = undefined;
  });

  it('catalogues the REST faults and variants as REST-only, and the parity fault as needing both surfaces', () => {
    const restOnly = [
      'sse-wrong-content-type',
      'sse-event-without-id',
      'sse-ignores-last-event-id',
      'rest-error-body-not-envelope',
      'rest-create-run-200',
      'poll-past-end-404',
    ];
    for (const name of restOnly) assert.deepEqual(FAULTS.find((fault) => fault.name === name)?.surfaces, ['rest'], name);
    const parity = FAULTS.find((fault) => fault.name === 'rest-capabilities-differ');
    assert.include(parity, { parity: true });
    assert.deepEqual(parity?.kills, [{ requirement: 'parity.capabilities-equal', because: 'capabilities differ at' }]);
    assert.deepEqual(FAULTS.find((fault) => fault.name === 'sse-unreadable-event')?.surfaces, ['rest']);
    for (const name of ['sse-ignores-buffer-ms', 'poll-body-version-negotiation-shape', 'sse-unknown-event-name'])
      assert.deepEqual(TOLERATED_VARIANTS.find((variant) => variant.name === name)?.surfaces, ['rest'], name);
  });

  it('sse-wrong-content-type answers text/plain; gRPC streams as before', async () => {
    const { rest, grpc } = await start({ faults: ['sse-wrong-content-type'] });
    const runId = await rest.createRun('conformance-noop');
    const { status, contentType } = await rest.sse(`/v1/runs/${runId}/events`);
    assert.deepEqual([status, contentType], [200, 'text/plain; charset=utf-8']);
    assert.strictEqual((await allEvents(grpc, runId)).events.at(-1)?.type, 'run.completed');
  });

  it('sse-event-without-id sends frames without an id line', async () => {
    const { rest } = await start({ faults: ['sse-event-without-id'] });
    const runId = await rest.createRun('conformance-noop');
    const { frames } = await rest.sse(`/v1/runs/${runId}/events?streamMode=debug`);
    assert.isAbove(frames.length, 0);
    assert.deepEqual(
      frames.map((frame) => frame.id),
      frames.map(() => undefined),
    );
  });

  it('sse-ignores-last-event-id replays from the start over REST, while gRPC still resumes after the cursor', async () => {
    const { rest, grpc } = await start({ faults: ['sse-ignores-last-event-id'] });
    const runId = await rest.createRun('conformance-multi-node');
    await rest.events(runId);
    const { frames } = await rest.sse(`/v1/runs/${runId}/events?streamMode=debug`, { 'last-event-id': '2' });
    assert.strictEqual(frameEvents(frames[0] ?? { data: '' })[0]?.['sequence'], 0);
    const { messages } = await grpc.streamEvents({ runId, lastSequence: 2, streamModes: ['debug'] });
    assert.strictEqual(Number(messages[0]?.['seq']), 3);
  });

  it('rest-error-body-not-envelope answers 4xx in plain text; the gRPC status still carries the envelope', async () => {
    const { rest, grpc } = await start({ faults: ['rest-error-body-not-envelope'] });
    const answer = await rest.call('GET', '/v1/runs/run_unknown');
    assert.strictEqual(answer.status, 404);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/plain/);
    assert.strictEqual(answer.json, undefined);
    assert.include(envelopeOf(await grpc.callFailing('GetRun', { runId: 'run_unknown' })), { error: 'run_not_found' });
  });

  it('rest-create-run-200 answers CreateRun 200 with the same body', async () => {
    const { rest, grpc } = await start({ faults: ['rest-create-run-200'] });
    const created = await rest.object('POST', '/v1/runs', { workflowId: 'conformance-noop' });
    assert.strictEqual(created.status, 200);
    assert.typeOf(created.body['runId'], 'string');
    assert.typeOf(await createRun(grpc, 'conformance-noop'), 'string');
  });

  it('poll-past-end-404 answers a past-end poll 404', async () => {
    const { rest } = await start({ faults: ['poll-past-end-404'] });
    const runId = await rest.createRun('conformance-noop');
    const events = await rest.events(runId);
    const last = Number(events.at(-1)?.['sequence']);
    assert.strictEqual((await rest.call('GET', `/v1/runs/${runId}/events/poll?lastSequence=${last}`)).status, 404);
    assert.strictEqual((await rest.call('GET', `/v1/runs/${runId}/events/poll`)).status, 200);
  });

  it('rest-capabilities-differ changes limits.maxRequestBodyBytes over REST only', async () => {
    const { rest, grpc } = await start({ faults: ['rest-capabilities-differ'] });
    const overRest = (await rest.object('GET', '/.well-known/openwop')).body;
    const overGrpc = structToJson((await grpc.call('GetCapabilities', {}))['capabilities']);
    assert.include(overRest['limits'], { maxRequestBodyBytes: 2048 });
    assert.include(overGrpc['limits'], { maxRequestBodyBytes: 1024 * 1024 });
    assert.deepEqual<unknown>({ ...overRest, limits: overGrpc['limits'] }, overGrpc);
  });

  it('sse-ignores-buffer-ms never sends batch frames', async () => {
    const { rest } = await start({ variants: ['sse-ignores-buffer-ms'] });
    const runId = await rest.createRun('conformance-multi-node');
    const { frames } = await rest.sse(`/v1/runs/${runId}/events?streamMode=debug&bufferMs=200`);
    assert.isAbove(frames.length, 2);
    assert.deepEqual(
      frames.filter((frame) => frame.event === 'batch'),
      [],
    );
  });

  it('poll-body-version-negotiation-shape answers {runId, events, lastEventSeq, runStatus, isTerminal}', async () => {
    const { rest } = await start({ variants: ['poll-body-version-negotiation-shape'] });
    const runId = await rest.createRun('conformance-noop');
    const events = await rest.events(runId);
    const { body } = await rest.object('GET', `/v1/runs/${runId}/events/poll`);
    assert.deepEqual(Object.keys(body).sort(), ['events', 'isTerminal', 'lastEventSeq', 'runId', 'runStatus']);
    assert.include(body, { runId, runStatus: 'completed', isTerminal: true, lastEventSeq: events.at(-1)?.['sequence'] });
  });

  it('applies a shared stream fault (sequence-gap) to SSE exactly as to gRPC', async () => {
    const { rest, grpc } = await start({ faults: ['stream-sequence-gap'] });
    const runId = await rest.createRun('conformance-multi-node');
    const overRest = (await rest.events(runId)).map((event) => event['sequence']);
    const overGrpc = (await allEvents(grpc, runId)).events.map((event) => event.seq);
    assert.deepEqual(overRest, overGrpc);
    assert.deepEqual(overRest.slice(0, 4), [0, 1, 3, 4]);
  });

  it('rate-limit-once refuses the first call 429 with Retry-After and an envelope, then serves', async () => {
    const { rest } = await start({ variants: ['rate-limit-once'] });
    const refused = await rest.object('GET', '/v1/workflows/conformance-noop');
    assert.deepEqual([refused.status, refused.body['error'], refused.headers.get('retry-after')], [429, 'rate_limited', '1']);
    assert.strictEqual((await rest.object('GET', '/v1/workflows/conformance-noop')).status, 200);
  });

  it('a gRPC status override shows as the HTTP status of that code (errors-internal-for-invalid-argument → 500)', async () => {
    const { rest } = await start({ faults: ['errors-internal-for-invalid-argument'] });
    const answer = await rest.object('GET', `/v1/runs/${'r'.repeat(129)}`);
    assert.deepEqual([answer.status, answer.body['error']], [500, 'validation_error']);
  });
});
