import { assert } from 'chai';
import { startReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { createGrpcEngineClient } from '../../harness/transport/grpc-engine-client.js';
import { invalidUtf8Of, invalidUtf8Paths, responseTypeOf } from '../../harness/transport/strict-utf8.js';

/** protobufjs writes a lone surrogate as ED A0 80: bytes that are not valid UTF-8. */
const LONE = '\uD800';

// protobufjs's bundled google/protobuf/struct.proto names Value's fields in camelCase.
const text = (value: string) => ({ stringValue: value });
const struct = (fields: Record<string, unknown>) => ({ fields });

function encode(rpc: string, message: Record<string, unknown>): Uint8Array {
  const type = responseTypeOf(rpc);
  return type.encode(type.fromObject(message)).finish();
}

describe('strict UTF-8 in proto strings', function () {
  this.timeout(20_000);

  it('finds invalid strings inside Structs, lists and map keys, by the JSON path the suite reads', () => {
    const bytes = encode('GetCapabilities', {
      capabilities: struct({
        implementation: { structValue: struct({ vendor: text(`acme${LONE}`), name: text('fine') }) },
        fixtures: { listValue: { values: [text('conformance-noop'), text(`bad${LONE}`)] } },
        [`key${LONE}`]: text('value'),
      }),
    });
    assert.sameMembers(invalidUtf8Paths(responseTypeOf('GetCapabilities'), bytes), [
      '/capabilities/implementation/vendor',
      '/capabilities/fixtures/1',
      `/capabilities/key\uFFFD\uFFFD\uFFFD (a key)`,
    ]);
  });

  it('finds an invalid top-level string of an event envelope', () => {
    const bytes = encode('StreamRunEvents', { event_id: 'e1', run_id: `run${LONE}`, type: 'run.started' });
    assert.deepEqual(invalidUtf8Paths(responseTypeOf('StreamRunEvents'), bytes), ['/run_id']);
  });

  it('accepts valid UTF-8, astral characters included, and never throws on bytes it cannot parse', () => {
    const bytes = encode('GetRun', { snapshot: struct({ status: text('completed 😀 ü') }) });
    assert.deepEqual(invalidUtf8Paths(responseTypeOf('GetRun'), bytes), []);
    assert.deepEqual(invalidUtf8Paths(responseTypeOf('GetRun'), Uint8Array.from([0x0a, 0xff, 0x01])), []);
  });

  it('marks the decoded reply of an engine that sends invalid UTF-8 (the hostile-invalid-utf8 fault)', async () => {
    const engine = await startReferenceEngine({ faults: ['hostile-invalid-utf8'] });
    const client = createGrpcEngineClient({ target: engine.url, defaultDeadlineMs: 5_000 });
    try {
      const reply = await client.getCapabilities({});
      assert.deepEqual(invalidUtf8Of(reply), ['/capabilities/implementation/vendor']);
      const clean = await client.getRun({ runId: 'no-such-run' }).catch(() => undefined);
      assert.isUndefined(invalidUtf8Of(clean));
    } finally {
      client.close();
      await engine.stop();
    }
  });
});
