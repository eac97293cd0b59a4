import { assert } from 'chai';
import { Metadata } from '@grpc/grpc-js';
import { FAULTS, startReferenceEngine } from '../../fixtures/reference-engine/index.js';
import type { RunningReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { envelopeOf } from '../reference-engine/engine-helpers.js';
import { RawEngineClient } from '../reference-engine/raw-engine-client.js';
import { RestCaller } from '../reference-engine/rest/rest-helpers.js';

/**
 * The REST status faults bend the HTTP status alone: the envelope stays the clean engine's, and
 * so does the gRPC surface (gRPC NOT_FOUND = 5, UNAUTHENTICATED = 16).
 */
describe('reference engine REST status faults', function () {
  this.timeout(20_000);
  const token = 'rest-status-faults-token';
  let engine: RunningReferenceEngine | undefined;
  let grpc: RawEngineClient | undefined;

  async function start(fault: string): Promise<{ rest: RestCaller; anonymous: RestCaller; grpc: RawEngineClient }> {
    engine = await startReferenceEngine({ faults: [fault], token, restPort: 0 });
    if (!engine.restUrl) throw new Error('no REST URL');
    grpc = new RawEngineClient(engine.url);
    return { rest: new RestCaller(engine.restUrl, token), anonymous: new RestCaller(engine.restUrl), grpc };
  }

  afterEach(async () => {
    grpc?.close();
    await engine?.stop();
    grpc = undefined;
    engine = undefined;
  });

  it('catalogues both as REST-only kills of rest.error-status-matches-code', () => {
    for (const name of ['rest-not-found-as-500', 'rest-unauthenticated-as-400']) {
      const fault = FAULTS.find((entry) => entry.name === name);
      assert.deepEqual(fault?.surfaces, ['rest'], name);
      assert.deepEqual(
        fault?.kills.map((kill) => kill.requirement),
        ['rest.error-status-matches-code'],
        name,
      );
    }
  });

  it('rest-not-found-as-500 answers an unknown run with 500 and the run_not_found envelope; gRPC is unchanged', async () => {
    const { rest, grpc } = await start('rest-not-found-as-500');
    const answer = await rest.call('GET', '/v1/runs/run_unknown');
    assert.strictEqual(answer.status, 500);
    assert.deepInclude(answer.json, { error: 'run_not_found' });
    const workflow = await rest.call('GET', '/v1/workflows/workflow_unknown');
    assert.strictEqual(workflow.status, 404, 'other not-found codes keep their status');
    const failed = await grpc.callFailing('GetRun', { runId: 'run_unknown' }, bearer(token));
    assert.strictEqual(failed.code, 5);
    assert.deepInclude(envelopeOf(failed), { error: 'run_not_found' });
  });

  it('rest-unauthenticated-as-400 answers a missing token with 400 and the unauthenticated envelope; gRPC is unchanged', async () => {
    const { rest, anonymous, grpc } = await start('rest-unauthenticated-as-400');
    const answer = await anonymous.call('GET', '/v1/runs/run_unknown');
    assert.strictEqual(answer.status, 400);
    assert.deepInclude(answer.json, { error: 'unauthenticated' });
    assert.strictEqual((await rest.call('GET', '/v1/runs/run_unknown')).status, 404, 'the right token still reaches the lookup');
    const failed = await grpc.callFailing('GetRun', { runId: 'run_unknown' });
    assert.strictEqual(failed.code, 16);
  });
});

function bearer(value: string): Metadata {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${value}`);
  return metadata;
}
