import { assert } from 'chai';
import { BlockedError, EngineEventsUnreadable, WireSchemaViolation } from '../harness/verdicts/outcome-errors.js';
import { UnreadableEventError } from '../harness/transport/unreadable-event.js';
import { unknownMembersAreWarnings } from '../harness/schemas/wire-contract.js';
import { SchemaId } from '../harness/schemas/schema-ids.js';
import { RpcError } from '../harness/transport/rpc-error.js';
import { GrpcCode } from '../harness/transport/rpc-names.js';
import { sharedSchemaRegistry } from '../harness/schemas/schema-registry.js';
import type { WireListener } from '../harness/schemas/wire-validation.js';
import { createValidatingClient } from '../harness/schemas/wire-validation.js';
import { eventStreamOf, fakeEngineClient } from './support/fake-engine-client.js';

function recordingListener() {
  const seen = { calls: [] as string[], violations: [] as WireSchemaViolation[], warnings: [] as string[] };
  const listener: WireListener = {
    onCall: (rpc) => seen.calls.push(rpc),
    onViolation: (violation) => seen.violations.push(violation),
    onWarning: (message) => seen.warnings.push(message),
  };
  return { seen, listener };
}

const event = (sequence: number, type: string, payload: unknown) => ({
  eventId: `e${sequence}`,
  sequence,
  runId: 'r1',
  type,
  payload: payload as never,
  timestamp: '2026-11-24T00:00:00.000Z',
});

describe('validating transport layer', () => {
  it('reports a violation to its owner, naming the field, the rule and the value, and hands the reply on', async () => {
    const { seen, listener } = recordingListener();
    const inner = fakeEngineClient({ getRun: async () => ({ snapshot: { runId: 'r1', workflowId: 'w', status: 'done' } }) });
    const client = createValidatingClient(inner, sharedSchemaRegistry(), { listener });
    const reply = await client.getRun({ runId: 'r1' });
    assert.deepEqual(reply, { snapshot: { runId: 'r1', workflowId: 'w', status: 'done' } });
    assert.lengthOf(seen.violations, 1);
    const [violation] = seen.violations;
    assert.strictEqual(violation?.requirementId, 'lifecycle.snapshot-schema-valid');
    assert.include(violation?.message, '/status');
    assert.include(violation?.message, 'enum');
    assert.include(violation?.message, '(got "done")');
    assert.deepEqual(violation?.request, { runId: 'r1' });
    assert.deepEqual(seen.calls, ['GetRun']);
  });

  it('charges a ForkRun reply violation to its owner, fork.replay-new-run, without throwing', async () => {
    // Every reply contract has an owner now, so the unowned-throw path has no production RPC left.
    const { seen, listener } = recordingListener();
    const inner = fakeEngineClient({ forkRun: async () => ({ forkedRunId: '', status: 7 as never }) });
    const reply = await createValidatingClient(inner, sharedSchemaRegistry(), { listener }).forkRun({ runId: 'r1', fromSeq: 0, mode: 'replay' });
    assert.deepEqual(reply, { forkedRunId: '', status: 7 as never });
    assert.lengthOf(seen.violations, 1);
    assert.strictEqual(seen.violations[0]?.requirementId, 'fork.replay-new-run');
  });

  it('treats an unset Struct field as a violation, not as an empty document', async () => {
    const { seen, listener } = recordingListener();
    const client = createValidatingClient(fakeEngineClient({ getCapabilities: async () => ({ capabilities: undefined }) }), sharedSchemaRegistry(), {
      listener,
    });
    await client.getCapabilities();
    assert.lengthOf(seen.violations, 1);
    assert.include(String(seen.violations[0]), 'unset on the wire');
  });

  it('turns unknown keys of server documents into warnings, keeping known keys strict', async () => {
    const { seen, listener } = recordingListener();
    const definition = {
      id: 'w',
      name: 'w',
      version: '1',
      nodes: [{ id: 'n', typeId: 'core.noop', name: 'n', position: { x: 0, y: 0 }, config: {}, inputs: {}, vendorHint: 1 }],
      edges: [],
      triggers: [],
      variables: [],
      metadata: {},
      settings: {},
      vendorBuild: 7,
    };
    const client = createValidatingClient(fakeEngineClient({ getWorkflow: async () => ({ workflow: definition }) }), sharedSchemaRegistry(), { listener });
    await client.getWorkflow({ workflowId: 'w' });
    assert.lengthOf(seen.violations, 0);
    assert.lengthOf(seen.warnings, 1);
    assert.include(seen.warnings[0], 'vendorBuild');
    assert.include(seen.warnings[0], 'vendorHint');
    await createValidatingClient(fakeEngineClient({ getWorkflow: async () => ({ workflow: { ...definition, nodes: [] } }) }), sharedSchemaRegistry(), {
      listener,
    }).getWorkflow({ workflowId: 'w' });
    assert.lengthOf(seen.violations, 1, 'an empty nodes list still breaks the schema');
  });

  it('records envelope schema issues on the RpcError instead of throwing', async () => {
    const { listener } = recordingListener();
    const refused = new RpcError({
      rpc: 'GetRun',
      code: GrpcCode.NOT_FOUND,
      statusMessage: 'no',
      trailers: {},
      envelope: { error: 'run_not_found', message: 'no', requestId: 'x' },
      envelopeProblem: undefined,
    });
    const client = createValidatingClient(fakeEngineClient({ getRun: async () => Promise.reject(refused) }), sharedSchemaRegistry(), { listener });
    const error = await client.getRun({ runId: 'r1' }).catch((caught: unknown) => caught);
    assert.strictEqual(error, refused);
    assert.lengthOf(refused.envelopeIssues, 1);
    assert.include(refused.envelopeIssues[0], 'requestId');
  });

  it('warns about unknown event types, charges invalid payloads to their owner, and reads past both', async () => {
    const { seen, listener } = recordingListener();
    const events = [event(0, 'vendor.acme.thing', {}), event(1, 'run.started', {}), event(2, 'run.completed', undefined)];
    const client = createValidatingClient(fakeEngineClient({ streamRunEvents: () => eventStreamOf(events) }), sharedSchemaRegistry(), { listener });
    const received: { sequence: number; payload: unknown }[] = [];
    for await (const item of client.streamRunEvents({ runId: 'r1', lastSequence: -1 })) received.push({ sequence: item.sequence, payload: item.payload });
    assert.deepEqual(
      received.map((item) => item.sequence),
      [0, 1, 2],
    );
    assert.deepEqual(received[2]?.payload, {}, 'an unset payload is read as {}');
    assert.lengthOf(seen.violations, 1);
    assert.strictEqual(seen.violations[0]?.requirementId, 'stream.event-payloads-schema-valid');
    assert.include(String(seen.violations[0]), 'workflowId');
    assert.isTrue(seen.warnings.some((warning) => warning.includes('vendor.acme.thing')));
    assert.isTrue(seen.warnings.some((warning) => warning.includes('payload unset')));
  });

  it('charges a broken event envelope to the envelope owner', async () => {
    const { seen, listener } = recordingListener();
    const client = createValidatingClient(
      fakeEngineClient({ streamRunEvents: () => eventStreamOf([{ ...event(0, 'run.completed', {}), eventId: '' }]) }),
      sharedSchemaRegistry(),
      { listener },
    );
    for await (const item of client.streamRunEvents({ runId: 'r1', lastSequence: -1 })) void item;
    assert.strictEqual(seen.violations[0]?.requirementId, 'stream.event-envelope-schema-valid');
    assert.include(String(seen.violations[0]), '/eventId');
  });

  it('tags every call with the requirement being checked', async () => {
    const { listener } = recordingListener();
    let metadata: Record<string, string> | undefined;
    const inner = fakeEngineClient({
      getCapabilities: async (_request, options) => {
        metadata = options?.metadata;
        return {
          capabilities: {
            protocolVersion: '1.0',
            supportedEnvelopes: [],
            schemaVersions: {},
            limits: { clarificationRounds: 1, schemaRounds: 1, envelopesPerTurn: 1 },
          },
        };
      },
    });
    await createValidatingClient(inner, sharedSchemaRegistry(), { listener, caseId: 'discovery.x' }).getCapabilities();
    assert.deepEqual(metadata, { 'x-openwop-conformance-case': 'discovery.x' });
  });

  it("charges an unreadable event to the envelope's owner and blocks the reader naming it (never a suite error)", async () => {
    const { seen, listener } = recordingListener();
    const document = { seq: 0, runId: 'r1', type: 'run.started', data: {}, timestamp: '2026-11-24T00:00:00.000Z' };
    const failure = new UnreadableEventError('SSE event 1 (id 0)', 'has no integer sequence', document);
    const broken = {
      ended: Promise.resolve({ kind: 'error' as const, error: failure }),
      cancel: () => undefined,
      async *[Symbol.asyncIterator]() {
        yield* [];
        throw failure;
      },
    };
    const client = createValidatingClient(fakeEngineClient({ streamRunEvents: () => broken }), sharedSchemaRegistry(), { listener });
    const stream = client.streamRunEvents({ runId: 'r1', lastSequence: -1 });
    const error = await (async () => {
      for await (const item of stream) void item;
    })().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.instanceOf(error, EngineEventsUnreadable);
    assert.instanceOf(error, BlockedError);
    assert.match((error as Error).message, /^the engine's events cannot be read \(see stream.event-envelope-schema-valid\): SSE event 1/);
    const end = await stream.ended;
    assert.strictEqual(end.kind === 'error' ? end.error : undefined, error, 'the end carries the same block');
    assert.lengthOf(seen.violations, 1, 'charged once per stream');
    assert.strictEqual(seen.violations[0]?.requirementId, 'stream.event-envelope-schema-valid');
    assert.include(seen.violations[0]?.message, "must have required property 'sequence'");
    assert.isTrue(
      seen.warnings.some((warning) => warning.includes('"seq"')),
      'its unknown members are named as warnings',
    );
  });

  it('records unknown members of a closed stored schema (audit checkpoints) as a warning, and keeps the error envelope closed', async () => {
    const { seen, listener } = recordingListener();
    const result = {
      fromSeq: 0,
      toSeq: 4,
      chainValid: true,
      checkpoints: [{ checkpoint: 'c1', atSequence: 4, merkleRoot: 'a'.repeat(64), signature: 'AAAA', verified: true }],
      anomalies: [],
    };
    const client = createValidatingClient(fakeEngineClient({ verifyAuditLog: async () => ({ result }) }), sharedSchemaRegistry(), { listener });
    await client.verifyAuditLog({ fromSeq: 0, toSeq: 100 });
    assert.deepEqual(seen.violations, []);
    assert.isTrue(seen.warnings.some((warning) => warning.includes('"verified"')));
    assert.isFalse(unknownMembersAreWarnings(SchemaId.errorEnvelope));
  });
});
