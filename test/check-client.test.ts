import { assert } from 'chai';
import { checkClient } from '../harness/runner/check-client.js';
import { sharedSchemaRegistry } from '../harness/schemas/schema-registry.js';
import type { CallOptions } from '../harness/transport/engine-client.js';
import { RpcError } from '../harness/transport/rpc-error.js';
import { GrpcCode } from '../harness/transport/rpc-names.js';
import type { RpcName } from '../harness/transport/rpc-names.js';
import type { WireSchemaViolation } from '../harness/verdicts/outcome-errors.js';
import { fakeEngineClient } from './support/fake-engine-client.js';

const rateLimited = (): RpcError =>
  new RpcError({
    rpc: 'GetRun',
    code: GrpcCode.RESOURCE_EXHAUSTED,
    statusMessage: 'slow down',
    trailers: { 'retry-after': ['0'] },
    envelope: undefined,
    envelopeProblem: 'absent',
  });

/** The one per-check client chain (scope → rate limit → REST status audit → validation), over a fake surface. */
describe('checkClient: the per-check client for either surface', () => {
  it('carries the check signal, honours one rate limit, validates the reply and names the call sent', async () => {
    const seen: CallOptions[] = [];
    let calls = 0;
    const inner = fakeEngineClient({
      getRun: async (_request, options) => {
        seen.push(options ?? {});
        calls += 1;
        if (calls === 1) throw rateLimited();
        // A snapshot without its required fields: a schema violation the collector would charge.
        return { snapshot: { runId: 'r-1' } };
      },
    });
    const controller = new AbortController();
    const warnings: string[] = [];
    const violations: WireSchemaViolation[] = [];
    const sent: { rpc: RpcName; request: unknown }[] = [];
    const { client, close } = checkClient(inner, {
      signal: controller.signal,
      rateLimitWaitMs: 1_000,
      onWarning: (message) => warnings.push(message),
      validation: {
        schemas: sharedSchemaRegistry(),
        caseId: 'lifecycle.example',
        onViolation: (violation) => violations.push(violation),
        onCall: (rpc, request) => sent.push({ rpc, request }),
      },
    });
    const reply = await client.getRun({ runId: 'r-1' });
    close();
    assert.deepEqual(reply.snapshot, { runId: 'r-1' });
    assert.strictEqual(calls, 2, 'the refused call and its one retry');
    assert.strictEqual(
      seen.every((options) => options.signal !== undefined),
      true,
      'every call carries an abort signal',
    );
    controller.abort();
    assert.strictEqual(
      seen.every((options) => options.signal?.aborted === true),
      true,
      "the signal is the check's",
    );
    assert.lengthOf(warnings, 1);
    assert.deepEqual(
      violations.map((violation) => violation.rpc),
      ['GetRun'],
    );
    assert.deepEqual(sent, [{ rpc: 'GetRun', request: { runId: 'r-1' } }]);
  });

  it("without validation (the runner's own calls) hands replies on unchecked", async () => {
    const inner = fakeEngineClient({ getRun: async () => ({ snapshot: { runId: 'r-1' } }) });
    const { client } = checkClient(inner, { signal: new AbortController().signal, rateLimitWaitMs: 1_000 });
    assert.deepEqual((await client.getRun({ runId: 'r-1' })).snapshot, { runId: 'r-1' });
  });
});
