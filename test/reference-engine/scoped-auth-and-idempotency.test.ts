import { status } from '@grpc/grpc-js';
import { assert } from 'chai';
import { startReferenceEngine } from '../../fixtures/reference-engine/index.js';
import type { RunningReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { envelopeOf, jsonToStruct } from './engine-helpers.js';
import { RawEngineClient, bearer } from './raw-engine-client.js';

const token = 'full-token';
const limitedToken = 'limited-token';

async function withEngine(options: Parameters<typeof startReferenceEngine>[0], body: (client: RawEngineClient) => Promise<void>): Promise<void> {
  const engine: RunningReferenceEngine = await startReferenceEngine(options);
  const client = new RawEngineClient(engine.url);
  try {
    await body(client);
  } finally {
    client.close();
    await engine.stop();
  }
}

describe('reference engine: scoped tokens', () => {
  it('serves manifest:read to the limited token and refuses run RPCs PERMISSION_DENIED forbidden', async () => {
    await withEngine({ token, limitedToken }, async (client) => {
      await client.call('GetWorkflow', { workflowId: 'conformance-noop' }, bearer(limitedToken));
      const denied = await client.callFailing('GetRun', { runId: 'run_missing' }, bearer(limitedToken));
      assert.strictEqual(denied.code, status.PERMISSION_DENIED);
      assert.deepInclude(envelopeOf(denied), { error: 'forbidden', details: { scopeRequired: 'runs:read' } });
      const created = await client.callFailing('CreateRun', { workflowId: 'conformance-noop' }, bearer(limitedToken));
      assert.strictEqual(created.code, status.PERMISSION_DENIED);
    });
  });

  it('refuses an unknown token UNAUTHENTICATED, and a fault turns that into PERMISSION_DENIED', async () => {
    await withEngine({ token, limitedToken }, async (client) => {
      const refused = await client.callFailing('GetRun', { runId: 'run_missing' }, bearer('unknown'));
      assert.strictEqual(refused.code, status.UNAUTHENTICATED);
    });
    await withEngine({ token, limitedToken, faults: ['auth-bad-token-permission-denied'] }, async (client) => {
      const refused = await client.callFailing('GetRun', { runId: 'run_missing' }, bearer('unknown'));
      assert.strictEqual(refused.code, status.PERMISSION_DENIED);
    });
  });

  it('checks the token before existence unless the existence-before-auth fault is on', async () => {
    await withEngine({ token }, async (client) => {
      assert.strictEqual((await client.callFailing('GetRun', { runId: 'run_missing' })).code, status.UNAUTHENTICATED);
    });
    await withEngine({ token, faults: ['auth-existence-before-auth'] }, async (client) => {
      assert.strictEqual((await client.callFailing('GetRun', { runId: 'run_missing' })).code, status.NOT_FOUND);
    });
  });
});

describe('reference engine: idempotency records and hostile inputs', () => {
  const create = (client: RawEngineClient, nonce: string, key: string) =>
    client.call('CreateRun', { workflowId: 'conformance-idempotent', inputs: jsonToStruct({ nonce }), idempotencyKey: key });

  it('replays the same key and body, refuses another body ABORTED idempotency_key_mismatch', async () => {
    await withEngine({}, async (client) => {
      const first = await create(client, 'a', 'key-1');
      const replay = await create(client, 'a', 'key-1');
      assert.strictEqual(replay['runId'], first['runId']);
      const conflict = await client.callFailing('CreateRun', {
        workflowId: 'conformance-idempotent',
        inputs: jsonToStruct({ nonce: 'b' }),
        idempotencyKey: 'key-1',
      });
      assert.strictEqual(conflict.code, status.ABORTED);
      assert.strictEqual(envelopeOf(conflict)['error'], 'idempotency_key_mismatch');
      const other = await create(client, 'a', 'key-2');
      assert.notStrictEqual(other['runId'], first['runId']);
    });
  });

  it('creates one run per concurrent identical request only under the lookup-race fault', async () => {
    const concurrentIds = async (faults: string[]): Promise<number> => {
      let distinct = 0;
      await withEngine({ faults }, async (client) => {
        const replies = await Promise.all(Array.from({ length: 4 }, () => create(client, 'same', 'key-race')));
        distinct = new Set(replies.map((reply) => reply['runId'])).size;
      });
      return distinct;
    };
    assert.strictEqual(await concurrentIds([]), 1);
    assert.isAbove(await concurrentIds(['idempotency-lookup-race']), 1);
  });

  it('refuses a request Struct over limits.maxRequestBodyBytes with validation_error', async () => {
    await withEngine({}, async (client) => {
      const refused = await client.callFailing('CreateRun', { workflowId: 'conformance-noop', inputs: jsonToStruct({ blob: 'x'.repeat(1024 * 1024 + 10) }) });
      assert.strictEqual(refused.code, status.INVALID_ARGUMENT);
      assert.strictEqual(envelopeOf(refused)['error'], 'validation_error');
    });
  });
});
