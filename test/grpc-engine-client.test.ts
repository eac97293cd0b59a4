import { EventEmitter, once } from 'node:events';
import grpc from '@grpc/grpc-js';
import { assert } from 'chai';
import type { RunEvent } from '../harness/transport/engine-client.js';
import { rawExchangeOf } from '../harness/transport/engine-client.js';
import type { JsonObject } from '../harness/support/json.js';
import { RpcError } from '../harness/transport/rpc-error.js';
import { GrpcCode } from '../harness/transport/rpc-names.js';
import type { GrpcEngineClient } from '../harness/transport/grpc-engine-client.js';
import { connectivityCheck, createGrpcEngineClient, metadataToRecord } from '../harness/transport/grpc-engine-client.js';
import { loadEngineProto } from '../harness/transport/load-engine-proto.js';
import { encodeStatusDetails, envelopeDetail, STATUS_DETAILS_TRAILER } from '../harness/transport/status-details.js';
import { jsonToStruct } from '../harness/transport/struct-codec.js';

type Wire = Record<string, unknown>;
type Unary = (call: grpc.ServerUnaryCall<Wire, unknown>, callback: grpc.sendUnaryData<unknown>) => void;
type ServerStream = (call: grpc.ServerWritableStream<Wire, unknown>) => void;

const CAPABILITIES: JsonObject = { protocolVersion: '1.0', supportedTransports: ['rest', 'grpc'], grpc: { supported: true, tls: 'disabled' }, limits: null };
const NOT_FOUND_ENVELOPE: JsonObject = { error: 'run_not_found', message: 'no run missing', details: { runId: 'missing' } };

/** Three events as an engine would send them: seq 0 left off the wire, empty optional strings. */
const WIRE_EVENTS: Wire[] = [
  { event_id: 'e0', run_id: 'r1', type: 'run.started', payload: jsonToStruct({ workflowId: 'wf' }), timestamp: { seconds: 1700000000 } },
  {
    event_id: 'e1',
    seq: '1',
    run_id: 'r1',
    type: 'node.completed',
    node_id: 'n1',
    payload: jsonToStruct({}),
    timestamp: { seconds: '1700000001', nanos: 250_000_000 },
    causation_id: 'e0',
  },
  {
    event_id: 'e2',
    seq: 2,
    run_id: 'r1',
    type: 'run.completed',
    node_id: '',
    causation_id: '',
    payload: jsonToStruct({ outputs: { list: [1, null] } }),
    timestamp: { seconds: 1700000002, nanos: 1 },
  },
];
const EXPECTED_EVENTS: RunEvent[] = [
  { eventId: 'e0', sequence: 0, runId: 'r1', type: 'run.started', payload: { workflowId: 'wf' }, timestamp: '2023-11-14T22:13:20Z' },
  { eventId: 'e1', sequence: 1, runId: 'r1', type: 'node.completed', nodeId: 'n1', payload: {}, timestamp: '2023-11-14T22:13:21.250Z', causationId: 'e0' },
  { eventId: 'e2', sequence: 2, runId: 'r1', type: 'run.completed', payload: { outputs: { list: [1, null] } }, timestamp: '2023-11-14T22:13:22.000000001Z' },
];

/** A tiny engine with hand-built replies; it records what each call carried. */
class TestEngine {
  readonly server = new grpc.Server();
  readonly seen: Array<{ rpc: string; request: Wire; metadata: Record<string, string[]> }> = [];
  readonly streamEvents = new EventEmitter();
  port = 0;

  lastSeen(rpc: string): { request: Wire; metadata: Record<string, string[]> } {
    const found = [...this.seen].reverse().find((entry) => entry.rpc === rpc);
    if (!found) throw new Error(`${rpc} was never called`);
    return found;
  }

  async start(): Promise<void> {
    const record = (rpc: string, call: { request: Wire; metadata: grpc.Metadata }) =>
      this.seen.push({ rpc, request: call.request, metadata: metadataToRecord(call.metadata) });
    const unary =
      (rpc: string, reply: Unary): Unary =>
      (call, callback) => {
        record(rpc, call);
        reply(call, callback);
      };
    const handlers: Record<string, Unary | ServerStream> = {
      GetCapabilities: unary('GetCapabilities', (call, callback) => {
        const headers = new grpc.Metadata();
        headers.set('x-engine-name', 'test-engine');
        headers.set('x-trace-bin', Buffer.from([1, 2, 3]));
        call.sendMetadata(headers);
        const trailers = new grpc.Metadata();
        trailers.set('x-served-by', 'unit');
        callback(null, { capabilities: jsonToStruct(CAPABILITIES) }, trailers);
      }),
      GetWorkflow: unary('GetWorkflow', () => undefined), // never answers: deadline and abort tests
      CreateRun: unary('CreateRun', (call, callback) => callback(null, { run_id: `run-of-${String(call.request['workflow_id'])}`, status: 'pending' })),
      GetRun: unary('GetRun', (call, callback) => {
        const runId = call.request['run_id'];
        const trailers = new grpc.Metadata();
        if (runId === 'missing') {
          trailers.set(STATUS_DETAILS_TRAILER, encodeStatusDetails(GrpcCode.NOT_FOUND, 'no run missing', [envelopeDetail(NOT_FOUND_ENVELOPE)]));
          callback({ code: GrpcCode.NOT_FOUND, details: 'no run missing', metadata: trailers });
        } else if (runId === 'wrong-type-url') {
          trailers.set(STATUS_DETAILS_TRAILER, encodeStatusDetails(GrpcCode.INTERNAL, 'oops', [{ typeUrl: 'example.com/Other', value: Buffer.from('{}') }]));
          callback({ code: GrpcCode.INTERNAL, details: 'oops', metadata: trailers });
        } else if (runId === 'bare-error') {
          callback({ code: GrpcCode.INTERNAL, details: 'no details here' });
        } else {
          callback(null, runId === 'with-snapshot' ? { snapshot: jsonToStruct({ runId, status: 'running' }) } : {});
        }
      }),
      BulkCancelRuns: unary('BulkCancelRuns', (_call, callback) =>
        callback(null, {
          results: [{ run_id: 'a', ok: true, status: 'cancelled' }, { run_id: 'b', ok: false, error: jsonToStruct(NOT_FOUND_ENVELOPE) }, { run_id: 'c' }],
        }),
      ),
      ForkRun: unary('ForkRun', (_call, callback) => callback(null, { forked_run_id: 'fork-1', status: 'pending' })),
      PauseRun: unary('PauseRun', (call, callback) =>
        callback(null, { run_id: call.request['run_id'], status: 'paused', paused_at: { seconds: '1700000000', nanos: 5_000_000 } }),
      ),
      ResumeRun: unary('ResumeRun', (call, callback) => callback(null, { run_id: call.request['run_id'], status: 'running' })),
      GetArtifact: unary('GetArtifact', (call, callback) =>
        callback(null, { artifact_id: call.request['artifact_id'], content_type: 'text/plain', content: Buffer.from('hello') }),
      ),
      VerifyAuditLog: unary('VerifyAuditLog', (_call, callback) => callback(null, { result: jsonToStruct({ valid: true }) })),
      StreamRunEvents: (call: grpc.ServerWritableStream<Wire, unknown>) => {
        record('StreamRunEvents', call);
        const runId = String(call.request['run_id']);
        call.on('cancelled', () => this.streamEvents.emit(`cancelled:${runId}`));
        if (runId === 'r1') {
          for (const event of WIRE_EVENTS) call.write(event);
          const trailers = new grpc.Metadata();
          trailers.set('x-stream-end', 'done');
          call.end(trailers);
        } else if (runId === 'r-fails') {
          call.write(WIRE_EVENTS[0]);
          call.write(WIRE_EVENTS[1]);
          const trailers = new grpc.Metadata();
          trailers.set(
            STATUS_DETAILS_TRAILER,
            encodeStatusDetails(GrpcCode.FAILED_PRECONDITION, 'log gone', [envelopeDetail({ error: 'replay_memory_snapshot_unavailable' })]),
          );
          call.emit('error', { code: GrpcCode.FAILED_PRECONDITION, details: 'log gone', metadata: trailers });
        } else if (runId === 'r-many') {
          for (let seq = 0; seq < 200; seq += 1) call.write({ ...WIRE_EVENTS[1], event_id: `e${seq}`, seq });
          call.end();
        } else if (runId === 'r-huge-seq') {
          call.write({ ...WIRE_EVENTS[1], seq: '9007199254740993' });
        } else {
          call.write(WIRE_EVENTS[0]); // 'r-hold': stays open until the client goes away
        }
      },
    };
    this.server.addService(loadEngineProto().service, handlers);
    this.port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );
  }
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return assert.fail('expected the call to fail');
}

async function collect(stream: AsyncIterable<RunEvent>): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe('grpc-engine-client', () => {
  const engine = new TestEngine();
  let client: GrpcEngineClient;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  before(async () => {
    await engine.start();
    client = createGrpcEngineClient({ target: `grpc://127.0.0.1:${engine.port}`, token: 'configured-token', defaultDeadlineMs: 5000 });
    process.on('unhandledRejection', onUnhandled);
  });
  after(() => {
    process.off('unhandledRejection', onUnhandled);
    client.close();
    engine.server.forceShutdown();
  });

  describe('request and reply mapping', () => {
    it('maps camelCase requests to snake_case fields, leaving empty optional strings off', async () => {
      const reply = await client.createRun({ workflowId: 'wf', inputs: { n: 1 }, tags: ['t'], idempotencyKey: 'key-1' });
      assert.deepEqual(reply, { runId: 'run-of-wf', status: 'pending' });
      assert.deepEqual(engine.lastSeen('CreateRun').request, {
        workflow_id: 'wf',
        inputs: { fields: { n: { numberValue: 1, kind: 'numberValue' } } },
        tags: ['t'],
        idempotency_key: 'key-1',
      });
      await client.createRun({ workflowId: 'wf', idempotencyKey: '' });
      assert.deepEqual(engine.lastSeen('CreateRun').request, { workflow_id: 'wf' });
    });

    it('sends int64 fields and maps renamed reply fields (forked_run_id → forkedRunId)', async () => {
      const reply = await client.forkRun({ runId: 'r1', fromSeq: 5, mode: 'replay' });
      assert.deepEqual(reply, { forkedRunId: 'fork-1', status: 'pending' });
      assert.deepEqual(engine.lastSeen('ForkRun').request, { run_id: 'r1', from_seq: '5', mode: 'replay' });
      await client.verifyAuditLog({ fromSeq: 0, toSeq: 9 });
      assert.deepEqual(engine.lastSeen('VerifyAuditLog').request, { from_seq: '0', to_seq: '9' });
    });

    it('refuses an int64 request value that is not a safe integer', async () => {
      const error = await rejectionOf(client.forkRun({ runId: 'r1', fromSeq: 1.5, mode: 'replay' }));
      assert.include(String(error), 'fromSeq must be a safe integer');
    });

    it('turns Timestamps into RFC 3339 and omits unset ones', async () => {
      assert.deepEqual(await client.pauseRun({ runId: 'r1', drainPolicy: 'immediate' }), {
        runId: 'r1',
        status: 'paused',
        pausedAt: '2023-11-14T22:13:20.005Z',
      });
      assert.deepEqual(engine.lastSeen('PauseRun').request, { run_id: 'r1', drain_policy: 'immediate' });
      const resumed = await client.resumeRun({ runId: 'r1' });
      assert.deepEqual(resumed, { runId: 'r1', status: 'running' });
      assert.notProperty(resumed, 'resumedAt');
    });

    it('decodes Struct fields, keeping absent (undefined) apart from present', async () => {
      assert.deepEqual((await client.getCapabilities()).capabilities, CAPABILITIES);
      assert.deepEqual((await client.getRun({ runId: 'with-snapshot' })).snapshot, { runId: 'with-snapshot', status: 'running' });
      assert.strictEqual((await client.getRun({ runId: 'r-empty' })).snapshot, undefined);
    });

    it('maps bulk-cancel results, omitting an empty status and an unset error', async () => {
      const reply = await client.bulkCancelRuns({ runIds: ['a', 'b', 'c'], reason: '' });
      assert.deepEqual(engine.lastSeen('BulkCancelRuns').request, { run_ids: ['a', 'b', 'c'] });
      assert.deepEqual(reply.results, [
        { runId: 'a', ok: true, status: 'cancelled' },
        { runId: 'b', ok: false, error: NOT_FOUND_ENVELOPE },
        { runId: 'c', ok: false },
      ]);
    });

    it('returns artifact bytes as a Uint8Array', async () => {
      const reply = await client.getArtifact({ runId: 'r1', artifactId: 'a1' });
      assert.strictEqual(reply.artifactId, 'a1');
      assert.strictEqual(reply.contentType, 'text/plain');
      assert.strictEqual(Buffer.from(reply.content).toString('utf8'), 'hello');
    });
  });

  describe('metadata', () => {
    it('sends the configured bearer token', async () => {
      await client.getCapabilities();
      assert.deepEqual(engine.lastSeen('GetCapabilities').metadata['authorization'], ['Bearer configured-token']);
    });

    it('sends no authorization metadata at all with token: null', async () => {
      await client.getCapabilities({}, { token: null });
      assert.notProperty(engine.lastSeen('GetCapabilities').metadata, 'authorization');
    });

    it('lets a call override the token and add metadata', async () => {
      await client.getCapabilities(
        {},
        { token: 'other', metadata: { 'x-openwop-conformance-case': 'Discovery/grpc/x', 'x-blob-bin': Buffer.from([9, 8]).toString('base64') } },
      );
      const { metadata } = engine.lastSeen('GetCapabilities');
      assert.deepEqual(metadata['authorization'], ['Bearer other']);
      assert.deepEqual(metadata['x-openwop-conformance-case'], ['Discovery/grpc/x']);
      assert.deepEqual(metadata['x-blob-bin'], [Buffer.from([9, 8]).toString('base64')]);
    });

    it('exposes headers, trailers and timing through rawExchangeOf, invisible to JSON', async () => {
      const reply = await client.getCapabilities();
      const exchange = rawExchangeOf(reply);
      assert.strictEqual(exchange?.rpc, 'GetCapabilities');
      assert.deepEqual(exchange?.headers['x-engine-name'], ['test-engine']);
      assert.deepEqual(exchange?.headers['x-trace-bin'], [Buffer.from([1, 2, 3]).toString('base64')]);
      assert.deepEqual(exchange?.trailers['x-served-by'], ['unit']);
      assert.isAtLeast(exchange?.elapsedMs ?? -1, 0);
      assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(reply)) as object), ['capabilities']);
    });
  });

  describe('errors', () => {
    it('rejects with an RpcError carrying the decoded envelope and the trailers', async () => {
      const error = await rejectionOf(client.getRun({ runId: 'missing' }));
      assert.instanceOf(error, RpcError);
      const rpcError = error;
      assert.strictEqual(rpcError.rpc, 'GetRun');
      assert.strictEqual(rpcError.code, GrpcCode.NOT_FOUND);
      assert.strictEqual(rpcError.statusMessage, 'no run missing');
      assert.deepEqual(rpcError.envelope, NOT_FOUND_ENVELOPE);
      assert.strictEqual(rpcError.envelopeCode, 'run_not_found');
      assert.strictEqual(rpcError.envelopeProblem, undefined);
      assert.lengthOf(rpcError.trailers[STATUS_DETAILS_TRAILER] ?? [], 1);
    });

    it('explains a missing envelope: no trailer, or no detail with the envelope type_url', async () => {
      const bare = (await rejectionOf(client.getRun({ runId: 'bare-error' }))) as RpcError;
      assert.strictEqual(bare.code, GrpcCode.INTERNAL);
      assert.strictEqual(bare.envelope, undefined);
      assert.include(bare.envelopeProblem, 'no grpc-status-details-bin trailer');
      const wrongType = (await rejectionOf(client.getRun({ runId: 'wrong-type-url' }))) as RpcError;
      assert.include(wrongType.envelopeProblem, '"example.com/Other"');
    });

    it('enforces the per-call deadline as DEADLINE_EXCEEDED', async () => {
      const started = Date.now();
      const error = (await rejectionOf(client.getWorkflow({ workflowId: 'slow' }, { deadlineMs: 150 }))) as RpcError;
      assert.instanceOf(error, RpcError);
      assert.strictEqual(error.codeName, 'DEADLINE_EXCEEDED');
      assert.isBelow(Date.now() - started, 2000);
    });

    it('cancels a call when its AbortSignal fires', async () => {
      const controller = new AbortController();
      const pending = client.getWorkflow({ workflowId: 'slow' }, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      assert.strictEqual(((await rejectionOf(pending)) as RpcError).code, GrpcCode.CANCELLED);
    });
  });

  describe('streamRunEvents', () => {
    it('delivers events in order, decoded, and ends when the server closes OK', async () => {
      const stream = client.streamRunEvents({ runId: 'r1', lastSequence: -1, streamModes: ['updates', 'debug'], bufferMs: 50 });
      assert.deepEqual(await collect(stream), EXPECTED_EVENTS);
      assert.deepEqual(await stream.ended, { kind: 'ok', trailers: { 'x-stream-end': ['done'] } });
      assert.deepEqual(engine.lastSeen('StreamRunEvents').request, { run_id: 'r1', last_sequence: '-1', stream_modes: ['updates', 'debug'], buffer_ms: 50 });
      assert.deepEqual(engine.lastSeen('StreamRunEvents').metadata['authorization'], ['Bearer configured-token']);
    });

    it('buffers everything for a consumer that starts late', async () => {
      const stream = client.streamRunEvents({ runId: 'r-many', lastSequence: -1 });
      await stream.ended; // the server has finished before the first read
      const events = await collect(stream);
      assert.deepEqual(
        events.map((event) => event.sequence),
        [...Array(200).keys()],
      );
    });

    it('throws the RpcError after the events that preceded a server error', async () => {
      const stream = client.streamRunEvents({ runId: 'r-fails', lastSequence: -1 });
      const events: RunEvent[] = [];
      let thrown: unknown;
      try {
        for await (const event of stream) events.push(event);
      } catch (error) {
        thrown = error;
      }
      assert.deepEqual(
        events.map((event) => event.eventId),
        ['e0', 'e1'],
      );
      assert.instanceOf(thrown, RpcError);
      assert.strictEqual(thrown.code, GrpcCode.FAILED_PRECONDITION);
      assert.strictEqual(thrown.envelopeCode, 'replay_memory_snapshot_unavailable');
      const end = await stream.ended;
      assert.strictEqual(end.kind, 'error');
    });

    it('does not leave an unhandled rejection when a failing stream is never read', async () => {
      const stream = client.streamRunEvents({ runId: 'r-fails', lastSequence: -1 });
      const end = await stream.ended;
      await new Promise((resolve) => setImmediate(resolve));
      assert.strictEqual(end.kind, 'error');
      assert.deepEqual(unhandled, []);
    });

    it('ends quietly on a local cancel, which the server sees as a disconnect', async () => {
      const stream = client.streamRunEvents({ runId: 'r-hold', lastSequence: -1 });
      const serverSawCancel = once(engine.streamEvents, 'cancelled:r-hold');
      const events: RunEvent[] = [];
      for await (const event of stream) {
        events.push(event);
        stream.cancel();
      }
      assert.lengthOf(events, 1);
      assert.deepEqual(await stream.ended, { kind: 'cancelled' });
      await serverSawCancel;
    });

    it('cancels the call when the consumer leaves the loop early or aborts', async () => {
      const broken = client.streamRunEvents({ runId: 'r-hold', lastSequence: -1 });
      for await (const event of broken) {
        assert.strictEqual(event.eventId, 'e0');
        break;
      }
      assert.deepEqual(await broken.ended, { kind: 'cancelled' });
      const controller = new AbortController();
      const aborted = client.streamRunEvents({ runId: 'r-hold', lastSequence: -1 }, { signal: controller.signal });
      controller.abort();
      assert.deepEqual(await aborted.ended, { kind: 'cancelled' });
      assert.deepEqual(await collect(aborted), []);
    });

    it('ends with a descriptive error when an event cannot be represented (seq beyond 2^53)', async () => {
      const stream = client.streamRunEvents({ runId: 'r-huge-seq', lastSequence: -1 });
      const end = await stream.ended;
      assert.strictEqual(end.kind, 'error');
      assert.match(end.kind === 'error' ? end.error.message : '', /cannot read an event: .*9007199254740993 is outside the safe integer range/);
    });

    it('applies the deadline to streams too', async () => {
      const stream = client.streamRunEvents({ runId: 'r-hold', lastSequence: -1 }, { deadlineMs: 150 });
      const end = await stream.ended;
      assert.strictEqual(end.kind === 'error' && end.error instanceof RpcError ? end.error.codeName : end.kind, 'DEADLINE_EXCEEDED');
    });
  });

  describe('connectivity', () => {
    it('resolves for a reachable engine', async () => {
      await connectivityCheck(client, 2000);
    });

    it('fails fast with one line for an unreachable target', async () => {
      const unreachable = createGrpcEngineClient({ target: 'grpc://127.0.0.1:1', defaultDeadlineMs: 5000 });
      try {
        const started = Date.now();
        const error = await rejectionOf(connectivityCheck(unreachable, 3000));
        assert.isBelow(Date.now() - started, 3000);
        assert.strictEqual((error as Error).message, 'cannot reach grpc://127.0.0.1:1: connection refused');
        const callError = (await rejectionOf(unreachable.getCapabilities({}, { deadlineMs: 3000 }))) as RpcError;
        assert.strictEqual(callError.codeName, 'UNAVAILABLE');
      } finally {
        unreachable.close();
      }
    });

    it('close() fails pending calls and streams with CANCELLED, and later calls too', async () => {
      const closing = createGrpcEngineClient({ target: `grpc://127.0.0.1:${engine.port}`, defaultDeadlineMs: 5000 });
      await closing.getCapabilities();
      const pending = closing.getWorkflow({ workflowId: 'slow' });
      const stream = closing.streamRunEvents({ runId: 'r-hold', lastSequence: -1 });
      const iterating = (async () => {
        for await (const event of stream) {
          assert.strictEqual(event.eventId, 'e0');
          closing.close();
        }
      })();
      assert.strictEqual(((await rejectionOf(iterating)) as RpcError).codeName, 'CANCELLED');
      assert.strictEqual(((await rejectionOf(pending)) as RpcError).codeName, 'CANCELLED');
      assert.strictEqual((await stream.ended).kind, 'error');
      await rejectionOf(closing.getCapabilities());
    });
  });
});
