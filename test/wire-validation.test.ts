import { assert } from 'chai';
import { WireSchemaViolation } from '../harness/verdicts/outcome-errors.js';
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

const event = (sequence: number, type: string, payload: unknown) => ({ eventId: `e${sequence}`, sequence, runId: 'r1', type, payload: payload as never, timestamp: '2026-11-24T00:00:00.000Z' });

describe('validating transport layer', () => {
  it('throws a violation naming the owning requirement, the field and the rule', async () => {
    const { seen, listener } = recordingListener();
    const inner = fakeEngineClient({ getRun: async () => ({ snapshot: { runId: 'r1', workflowId: 'w', status: 'done' } }) });
    const client = createValidatingClient(inner, sharedSchemaRegistry(), { listener });
    const error = await client.getRun({ runId: 'r1' }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.instanceOf(error, WireSchemaViolation);
    const violation = error as WireSchemaViolation;
    assert.strictEqual(violation.requirementId, 'lifecycle.snapshot-schema-valid');
    assert.include(violation.message, '/status');
    assert.include(violation.message, 'enum');
    assert.deepEqual(violation.reply, { snapshot: { runId: 'r1', workflowId: 'w', status: 'done' } });
    assert.deepEqual(seen.calls, ['GetRun']);
    assert.lengthOf(seen.violations, 1);
  });

  it('treats an unset Struct field as a violation, not as an empty document', async () => {
    const { listener } = recordingListener();
    const client = createValidatingClient(fakeEngineClient({ getCapabilities: async () => ({ capabilities: undefined }) }), sharedSchemaRegistry(), { listener });
    await client.getCapabilities().then(
      () => assert.fail('expected a violation'),
      (error: unknown) => assert.include(String(error), 'unset on the wire'),
    );
  });

  it('records envelope schema issues on the RpcError instead of throwing', async () => {
    const { listener } = recordingListener();
    const refused = new RpcError({ rpc: 'GetRun', code: GrpcCode.NOT_FOUND, statusMessage: 'no', trailers: {}, envelope: { error: 'run_not_found', message: 'no', requestId: 'x' }, envelopeProblem: undefined });
    const client = createValidatingClient(fakeEngineClient({ getRun: async () => Promise.reject(refused) }), sharedSchemaRegistry(), { listener });
    const error = await client.getRun({ runId: 'r1' }).catch((caught: unknown) => caught);
    assert.strictEqual(error, refused);
    assert.lengthOf(refused.envelopeIssues, 1);
    assert.include(refused.envelopeIssues[0], 'requestId');
  });

  it('warns about unknown event types and fails invalid payloads of known ones', async () => {
    const { seen, listener } = recordingListener();
    const events = [event(0, 'vendor.acme.thing', {}), event(1, 'run.started', {})];
    const client = createValidatingClient(fakeEngineClient({ streamRunEvents: () => eventStreamOf(events) }), sharedSchemaRegistry(), { listener });
    const received: number[] = [];
    const error = await (async () => {
      for await (const item of client.streamRunEvents({ runId: 'r1', lastSequence: -1 })) received.push(item.sequence);
    })().catch((caught: unknown) => caught);
    assert.deepEqual(received, [0]);
    assert.instanceOf(error, WireSchemaViolation);
    assert.include(String(error), 'workflowId');
    assert.lengthOf(seen.warnings, 1);
  });

  it('tags every call with the requirement being checked', async () => {
    const { listener } = recordingListener();
    let metadata: Record<string, string> | undefined;
    const inner = fakeEngineClient({
      getCapabilities: async (_request, options) => {
        metadata = options?.metadata;
        return { capabilities: { protocolVersion: '1.0', supportedEnvelopes: [], schemaVersions: {}, limits: { clarificationRounds: 1, schemaRounds: 1, envelopesPerTurn: 1 } } };
      },
    });
    await createValidatingClient(inner, sharedSchemaRegistry(), { listener, caseId: 'discovery.x' }).getCapabilities();
    assert.deepEqual(metadata, { 'x-openwop-conformance-case': 'discovery.x' });
  });
});
