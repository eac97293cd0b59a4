import { assert } from 'chai';
import { runConformance } from '../../harness/runner/conformance-run.js';
import type { RunOptions } from '../../harness/runner/conformance-run.js';
import { requestProblems } from '../../harness/schemas/request-validation.js';
import { sharedSchemaRegistry } from '../../harness/schemas/schema-registry.js';
import type { RecordedRequest } from '../../harness/transport/request-recorder.js';
import { recordRequests } from '../../harness/transport/request-recorder.js';

/**
 * What the suite sends is checked too (issue 15 class 8): a whole run against the reference engine
 * over each surface records every request in its wire form, and each one that its check did not
 * mark deliberately invalid must have the spec's request shape. A finding here is a suite bug.
 */
const options = (target: 'reference' | 'reference-rest'): RunOptions => ({ target, only: [], requireBehavior: false, timeoutScale: 1, faults: [] });

async function recordRun(target: 'reference' | 'reference-rest'): Promise<RecordedRequest[]> {
  const recorded: RecordedRequest[] = [];
  const stop = recordRequests((request) => recorded.push(request));
  try {
    const { report } = await runConformance(options(target));
    assert.strictEqual(report.verdict, 'conformant');
  } finally {
    stop();
  }
  return recorded;
}

function problemsOf(recorded: readonly RecordedRequest[]): string[] {
  const schemas = sharedSchemaRegistry();
  const lines = new Set<string>();
  for (const request of recorded) {
    if (request.deliberatelyInvalid !== undefined) continue;
    for (const problem of requestProblems(request, schemas)) lines.add(`${request.surface} ${request.rpc}: ${problem}`);
  }
  return [...lines];
}

describe('every request the suite sends has the spec request shape', function () {
  this.timeout(120_000);

  for (const target of ['reference', 'reference-rest'] as const) {
    it(`over ${target === 'reference' ? 'gRPC (and the REST peer)' : 'REST + SSE (and the gRPC peer)'}`, async () => {
      const recorded = await recordRun(target);
      const surfaces = new Set(recorded.map((request) => request.surface));
      assert.deepEqual([...surfaces].sort(), ['grpc', 'rest'], 'both surfaces were exercised');
      assert.isAbove(recorded.filter((request) => request.deliberatelyInvalid !== undefined).length, 0, 'the negative checks mark what they send malformed');
      assert.deepEqual(problemsOf(recorded), []);
    });
  }

  it('finds a malformed request that is not marked, and exempts one that is', () => {
    const schemas = sharedSchemaRegistry();
    const bad: RecordedRequest = {
      surface: 'rest',
      rpc: 'RegisterWebhook',
      wire: { method: 'POST', path: '/v1/webhooks', body: { url: 'https://example.com/h', eventTypes: ['run.completed'] } },
    };
    assert.isNotEmpty(requestProblems(bad, schemas));
    assert.deepEqual(problemsOf([{ ...bad, deliberatelyInvalid: 'test' }]), []);
    assert.isNotEmpty(requestProblems({ surface: 'grpc', rpc: 'ForkRun', wire: { run_id: 'r', runOptionsOverlay: {} } }, schemas));
    assert.deepEqual(requestProblems({ surface: 'grpc', rpc: 'ForkRun', wire: { run_id: 'r', from_seq: '0', mode: 'replay' } }, schemas), []);
  });
});
