import { status } from '@grpc/grpc-js';
import { expect } from 'chai';
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
      expect(denied.code).to.equal(status.PERMISSION_DENIED);
      expect(envelopeOf(denied)).to.deep.include({ error: 'forbidden', details: { scopeRequired: 'runs:read' } });
      const created = await client.callFailing('CreateRun', { workflowId: 'conformance-noop' }, bearer(limitedToken));
      expect(created.code).to.equal(status.PERMISSION_DENIED);
    });
  });

  it('refuses an unknown token UNAUTHENTICATED, and a fault turns that into PERMISSION_DENIED', async () => {
    await withEngine({ token, limitedToken }, async (client) => {
      const refused = await client.callFailing('GetRun', { runId: 'run_missing' }, bearer('unknown'));
      expect(refused.code).to.equal(status.UNAUTHENTICATED);
    });
    await withEngine({ token, limitedToken, faults: ['auth-bad-token-permission-denied'] }, async (client) => {
      const refused = await client.callFailing('GetRun', { runId: 'run_missing' }, bearer('unknown'));
      expect(refused.code).to.equal(status.PERMISSION_DENIED);
    });
  });

  it('checks the token before existence unless the existence-before-auth fault is on', async () => {
    await withEngine({ token }, async (client) => {
      expect((await client.callFailing('GetRun', { runId: 'run_missing' })).code).to.equal(status.UNAUTHENTICATED);
    });
    await withEngine({ token, faults: ['auth-existence-before-auth'] }, async (client) => {
      expect((await client.callFailing('GetRun', { runId: 'run_missing' })).code).to.equal(status.NOT_FOUND);
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
      expect(replay['runId']).to.equal(first['runId']);
      const conflict = await client.callFailing('CreateRun', { workflowId: 'conformance-idempotent', inputs: jsonToStruct({ nonce: 'b' }), idempotencyKey: 'key-1' });
      expect(conflict.code).to.equal(status.ABORTED);
      expect(envelopeOf(conflict)['error']).to.equal('idempotency_key_mismatch');
      const other = await create(client, 'a', 'key-2');
      expect(other['runId']).to.not.equal(first['runId']);
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
    expect(await concurrentIds([])).to.equal(1);
    expect(await concurrentIds(['idempotency-lookup-race'])).to.be.above(1);
  });

  it('refuses a request Struct over limits.maxRequestBodyBytes with validation_error', async () => {
    await withEngine({}, async (client) => {
      const refused = await client.callFailing('CreateRun', { workflowId: 'conformance-noop', inputs: jsonToStruct({ blob: 'x'.repeat(1024 * 1024 + 10) }) });
      expect(refused.code).to.equal(status.INVALID_ARGUMENT);
      expect(envelopeOf(refused)['error']).to.equal('validation_error');
    });
  });
});
