import { expect } from 'chai';
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

  async function start(options: { faults?: string[]; variants?: string[] }): Promise<{ rest: RestCaller; grpc: RawEngineClient; engine: RunningReferenceEngine }> {
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
    const restOnly = ['sse-wrong-content-type', 'sse-event-without-id', 'sse-ignores-last-event-id', 'rest-error-body-not-envelope', 'rest-create-run-200', 'poll-past-end-404'];
    for (const name of restOnly) expect(FAULTS.find((fault) => fault.name === name)?.surfaces, name).to.deep.equal(['rest']);
    const parity = FAULTS.find((fault) => fault.name === 'rest-capabilities-differ');
    expect(parity).to.include({ parity: true });
    expect(parity?.kills).to.deep.equal([{ requirement: 'parity.capabilities-equal', because: 'capabilities differ at' }]);
    expect(FAULTS.find((fault) => fault.name === 'sse-unreadable-event')?.surfaces).to.deep.equal(['rest']);
    for (const name of ['sse-ignores-buffer-ms', 'poll-body-version-negotiation-shape', 'sse-unknown-event-name']) expect(TOLERATED_VARIANTS.find((variant) => variant.name === name)?.surfaces, name).to.deep.equal(['rest']);
  });

  it('sse-wrong-content-type answers text/plain; gRPC streams as before', async () => {
    const { rest, grpc } = await start({ faults: ['sse-wrong-content-type'] });
    const runId = await rest.createRun('conformance-noop');
    const { status, contentType } = await rest.sse(`/v1/runs/${runId}/events`);
    expect([status, contentType]).to.deep.equal([200, 'text/plain; charset=utf-8']);
    expect((await allEvents(grpc, runId)).events.at(-1)?.type).to.equal('run.completed');
  });

  it('sse-event-without-id sends frames without an id line', async () => {
    const { rest } = await start({ faults: ['sse-event-without-id'] });
    const runId = await rest.createRun('conformance-noop');
    const { frames } = await rest.sse(`/v1/runs/${runId}/events?streamMode=debug`);
    expect(frames.length).to.be.above(0);
    expect(frames.map((frame) => frame.id)).to.deep.equal(frames.map(() => undefined));
  });

  it('sse-ignores-last-event-id replays from the start over REST, while gRPC still resumes after the cursor', async () => {
    const { rest, grpc } = await start({ faults: ['sse-ignores-last-event-id'] });
    const runId = await rest.createRun('conformance-multi-node');
    await rest.events(runId);
    const { frames } = await rest.sse(`/v1/runs/${runId}/events?streamMode=debug`, { 'last-event-id': '2' });
    expect(frameEvents(frames[0] ?? { data: '' })[0]?.['sequence']).to.equal(0);
    const { messages } = await grpc.streamEvents({ runId, lastSequence: 2, streamModes: ['debug'] });
    expect(Number(messages[0]?.['seq'])).to.equal(3);
  });

  it('rest-error-body-not-envelope answers 4xx in plain text; the gRPC status still carries the envelope', async () => {
    const { rest, grpc } = await start({ faults: ['rest-error-body-not-envelope'] });
    const answer = await rest.call('GET', '/v1/runs/run_unknown');
    expect(answer.status).to.equal(404);
    expect(answer.headers.get('content-type')).to.match(/^text\/plain/);
    expect(answer.json).to.equal(undefined);
    expect(envelopeOf(await grpc.callFailing('GetRun', { runId: 'run_unknown' }))).to.include({ error: 'run_not_found' });
  });

  it('rest-create-run-200 answers CreateRun 200 with the same body', async () => {
    const { rest, grpc } = await start({ faults: ['rest-create-run-200'] });
    const created = await rest.object('POST', '/v1/runs', { workflowId: 'conformance-noop' });
    expect(created.status).to.equal(200);
    expect(created.body['runId']).to.be.a('string');
    expect(await createRun(grpc, 'conformance-noop')).to.be.a('string');
  });

  it('poll-past-end-404 answers a past-end poll 404', async () => {
    const { rest } = await start({ faults: ['poll-past-end-404'] });
    const runId = await rest.createRun('conformance-noop');
    const events = await rest.events(runId);
    const last = Number(events.at(-1)?.['sequence']);
    expect((await rest.call('GET', `/v1/runs/${runId}/events/poll?lastSequence=${last}`)).status).to.equal(404);
    expect((await rest.call('GET', `/v1/runs/${runId}/events/poll`)).status).to.equal(200);
  });

  it('rest-capabilities-differ changes limits.maxRequestBodyBytes over REST only', async () => {
    const { rest, grpc } = await start({ faults: ['rest-capabilities-differ'] });
    const overRest = (await rest.object('GET', '/.well-known/openwop')).body;
    const overGrpc = structToJson((await grpc.call('GetCapabilities', {}))['capabilities']);
    expect(overRest['limits']).to.include({ maxRequestBodyBytes: 2048 });
    expect(overGrpc['limits']).to.include({ maxRequestBodyBytes: 1024 * 1024 });
    expect({ ...overRest, limits: overGrpc['limits'] }).to.deep.equal(overGrpc);
  });

  it('sse-ignores-buffer-ms never sends batch frames', async () => {
    const { rest } = await start({ variants: ['sse-ignores-buffer-ms'] });
    const runId = await rest.createRun('conformance-multi-node');
    const { frames } = await rest.sse(`/v1/runs/${runId}/events?streamMode=debug&bufferMs=200`);
    expect(frames.length).to.be.above(2);
    expect(frames.filter((frame) => frame.event === 'batch')).to.deep.equal([]);
  });

  it('poll-body-version-negotiation-shape answers {runId, events, lastEventSeq, runStatus, isTerminal}', async () => {
    const { rest } = await start({ variants: ['poll-body-version-negotiation-shape'] });
    const runId = await rest.createRun('conformance-noop');
    const events = await rest.events(runId);
    const { body } = await rest.object('GET', `/v1/runs/${runId}/events/poll`);
    expect(Object.keys(body).sort()).to.deep.equal(['events', 'isTerminal', 'lastEventSeq', 'runId', 'runStatus']);
    expect(body).to.include({ runId, runStatus: 'completed', isTerminal: true, lastEventSeq: events.at(-1)?.['sequence'] });
  });

  it('applies a shared stream fault (sequence-gap) to SSE exactly as to gRPC', async () => {
    const { rest, grpc } = await start({ faults: ['stream-sequence-gap'] });
    const runId = await rest.createRun('conformance-multi-node');
    const overRest = (await rest.events(runId)).map((event) => event['sequence']);
    const overGrpc = (await allEvents(grpc, runId)).events.map((event) => event.seq);
    expect(overRest).to.deep.equal(overGrpc);
    expect(overRest.slice(0, 4)).to.deep.equal([0, 1, 3, 4]);
  });

  it('rate-limit-once refuses the first call 429 with Retry-After and an envelope, then serves', async () => {
    const { rest } = await start({ variants: ['rate-limit-once'] });
    const refused = await rest.object('GET', '/v1/workflows/conformance-noop');
    expect([refused.status, refused.body['error'], refused.headers.get('retry-after')]).to.deep.equal([429, 'rate_limited', '1']);
    expect((await rest.object('GET', '/v1/workflows/conformance-noop')).status).to.equal(200);
  });

  it('a gRPC status override shows as the HTTP status of that code (errors-internal-for-invalid-argument → 500)', async () => {
    const { rest } = await start({ faults: ['errors-internal-for-invalid-argument'] });
    const answer = await rest.object('GET', `/v1/runs/${'r'.repeat(129)}`);
    expect([answer.status, answer.body['error']]).to.deep.equal([500, 'validation_error']);
  });
});
