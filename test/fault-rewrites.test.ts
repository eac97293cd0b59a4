import { assert } from 'chai';
import { credentials, makeGenericClientConstructor } from '@grpc/grpc-js';
import type { Client, ServiceError } from '@grpc/grpc-js';
import { startReferenceEngine } from '../fixtures/reference-engine/index.js';
import type { RunningReferenceEngine } from '../fixtures/reference-engine/index.js';
import type { Fault } from '../fixtures/reference-engine/faults/fault-types.js';
import { loadEngineService } from '../fixtures/reference-engine/wire/engine-proto.js';
import { packageFiles } from '../fixtures/reference-engine/catalogue/package-files.js';
import { WireInterceptor } from '../fixtures/reference-engine/faults/wire-interceptor.js';
import { RestInterceptor } from '../fixtures/reference-engine/faults/rest-interceptor.js';

/**
 * Faults of the rewrite kind are data (faults/rewrite-effects.ts): a new one is a catalogue entry
 * and nothing else. Each fault below is declared inline, exactly as it would be in a catalogue
 * file, and the engine started with its effects shows the rewrite on both surfaces.
 */

type Unary = (request: object, callback: (error: ServiceError | null, reply?: Record<string, unknown>) => void) => void;

function grpcCall(client: Client, rpc: string, request: object): Promise<{ reply?: Record<string, unknown>; error?: ServiceError }> {
  const method = (client as unknown as Record<string, Unary>)[rpc];
  if (!method) throw new Error(`no method ${rpc}`);
  return new Promise((resolve) => method.call(client, request, (error, reply) => resolve(error ? { error } : { ...(reply && { reply }) })));
}

async function withEngine(fault: Fault | undefined, use: (engine: RunningReferenceEngine, client: Client) => Promise<void>): Promise<void> {
  const engine = await startReferenceEngine({ restPort: 0, ...(fault && { effects: fault.effects }) });
  const Engine = makeGenericClientConstructor(loadEngineService(packageFiles().protoPath), 'Engine');
  const client = new Engine(`127.0.0.1:${engine.port}`, credentials.createInsecure());
  try {
    await use(engine, client);
  } finally {
    client.close();
    await engine.stop();
  }
}

async function restCall(
  engine: RunningReferenceEngine,
  method: string,
  path: string,
  body?: object,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${engine.restUrl ?? ''}${path}`, {
    method,
    ...(body && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A new fault, written as a catalogue entry: one data entry, no engine file touched. */
const CREATE_STATUS_REWRITTEN: Fault = {
  name: 'inline-create-status-rewritten',
  breaks: 'CreateRun answers a status no run has',
  kills: [],
  effects: [{ kind: 'reply-field', rpc: 'CreateRun', field: 'status', value: 'rewritten-inline' }],
};

const NOOP_HIDDEN_AS_INVALID: Fault = {
  name: 'inline-noop-refused-invalid-argument',
  breaks: 'GetWorkflow refuses conformance-noop with workflow_not_found sent as INVALID_ARGUMENT, and adds a member to the definitions it serves',
  kills: [],
  effects: [
    { kind: 'refuse', rpc: 'GetWorkflow', when: { field: 'workflow_id', equals: 'conformance-noop' }, error: 'workflow_not_found', message: 'hidden' },
    { kind: 'error-rewrite', match: { rpc: 'GetWorkflow', errorCode: 'workflow_not_found' }, grpcStatus: 3 },
    { kind: 'reply-edit', rpc: 'GetWorkflow', struct: 'workflow', edit: { op: 'set', path: 'x-inline', value: 'edited' } },
  ],
};

const CREATE_REST_200: Fault = {
  name: 'inline-rest-create-200',
  breaks: 'POST /v1/runs answers 200 instead of 201 (REST only)',
  kills: [],
  effects: [{ kind: 'rest-reply', rpc: 'CreateRun', httpStatus: 200, edit: { op: 'set', path: 'x-inline', value: true } }],
};

describe('faults of the rewrite kind are data', function () {
  this.timeout(30000);

  it('a clean engine answers CreateRun with a real status (the control)', async () => {
    await withEngine(undefined, async (engine, client) => {
      const grpc = await grpcCall(client, 'CreateRun', { workflow_id: 'conformance-noop' });
      assert.notEqual(grpc.reply?.['status'], 'rewritten-inline');
      const rest = await restCall(engine, 'POST', '/v1/runs', { workflowId: 'conformance-noop' });
      assert.strictEqual(rest.status, 201);
      assert.notEqual(rest.json['status'], 'rewritten-inline');
    });
  });

  it('one reply-field entry rewrites the CreateRun reply on gRPC and REST', async () => {
    await withEngine(CREATE_STATUS_REWRITTEN, async (engine, client) => {
      const grpc = await grpcCall(client, 'CreateRun', { workflow_id: 'conformance-noop' });
      assert.strictEqual(grpc.reply?.['status'], 'rewritten-inline');
      const rest = await restCall(engine, 'POST', '/v1/runs', { workflowId: 'conformance-noop' });
      assert.strictEqual(rest.status, 201);
      assert.strictEqual(rest.json['status'], 'rewritten-inline');
    });
  });

  it('a conditional refusal, an error rewrite and a Struct edit show on both surfaces; other calls are served', async () => {
    await withEngine(NOOP_HIDDEN_AS_INVALID, async (engine, client) => {
      const refused = await grpcCall(client, 'GetWorkflow', { workflow_id: 'conformance-noop' });
      assert.strictEqual(refused.error?.code, 3);
      const served = await grpcCall(client, 'GetWorkflow', { workflow_id: 'conformance-identity' });
      assert.isUndefined(served.error);
      const workflow = served.reply?.['workflow'] as { fields?: Record<string, { stringValue?: string }> } | undefined;
      assert.strictEqual(workflow?.fields?.['x-inline']?.stringValue, 'edited');
      const definition = await restCall(engine, 'GET', '/v1/workflows/conformance-identity');
      assert.strictEqual(definition.json['x-inline'], 'edited');
      assert.strictEqual(definition.json['id'], 'conformance-identity');
      const rest = await restCall(engine, 'GET', '/v1/workflows/conformance-noop');
      // The HTTP status follows the rewritten gRPC status (400), the envelope keeps its code.
      assert.strictEqual(rest.status, 400);
      assert.strictEqual(rest.json['error'], 'workflow_not_found');
    });
  });

  it('a rest-reply entry changes the REST answer only', async () => {
    await withEngine(CREATE_REST_200, async (engine, client) => {
      const rest = await restCall(engine, 'POST', '/v1/runs', { workflowId: 'conformance-noop' });
      assert.strictEqual(rest.status, 200);
      assert.strictEqual(rest.json['x-inline'], true);
      const grpc = await grpcCall(client, 'CreateRun', { workflow_id: 'conformance-noop' });
      assert.notProperty(grpc.reply ?? {}, 'x-inline');
      assert.isString(grpc.reply?.['run_id']);
    });
  });

  it('the interceptors: first status and code win, envelope breaks add up, REST rules need an envelope', () => {
    const wire = new WireInterceptor([
      { kind: 'error-rewrite', match: { rpc: 'GetRun' }, grpcStatus: 13, envelope: 'omit' },
      { kind: 'error-rewrite', match: { rpc: 'GetRun', errorCode: 'run_not_found' }, grpcStatus: 3, sendCode: 'not_found', envelope: 'wrong-type-url' },
    ]);
    const rewrite = wire.error('GetRun', 'run_not_found');
    assert.deepEqual(
      { grpcStatus: rewrite.grpcStatus, sendCode: rewrite.sendCode, breaks: [...rewrite.breaks] },
      { grpcStatus: 13, sendCode: 'not_found', breaks: ['omit', 'wrong-type-url'] },
    );
    assert.deepEqual([...wire.error('CancelRun', 'run_not_found').breaks], []);
    const rest = new RestInterceptor([{ kind: 'rest-error', match: { httpStatusBelow: 500 }, body: 'plain-text' }]);
    assert.isUndefined(rest.error({ status: 404, envelope: { error: 'run_not_found' }, message: 'm' }, 'GetRun', 5).envelope);
    assert.deepEqual(rest.error({ status: 500, envelope: { error: 'internal_error' }, message: 'm' }, 'GetRun', 13).envelope, { error: 'internal_error' });
    assert.deepEqual(rest.error({ status: 404, envelope: undefined, message: 'm' }, 'GetRun', 5), { status: 404, envelope: undefined, message: 'm' });
  });
});
