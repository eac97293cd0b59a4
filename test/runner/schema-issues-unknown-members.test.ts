import { assert } from 'chai';
import { REQUIREMENTS } from '../../harness/requirements/registry.js';
import { TestContext } from '../../harness/runner/test-context.js';
import { sharedSchemaRegistry } from '../../harness/schemas/schema-registry.js';
import { Deadlines } from '../../harness/waits/deadlines.js';
import { fakeEngineClient } from '../support/fake-engine-client.js';

function contextWith(warnings: string[]): TestContext {
  return new TestContext({
    requirement: REQUIREMENTS.get('rest.sse-batch-wire-shape'),
    client: fakeEngineClient({}),
    capabilities: {},
    deadlines: new Deadlines(1),
    schemas: sharedSchemaRegistry(),
    counter: { count: 0 },
    warnings,
  });
}

const runEvent = { eventId: 'e1', sequence: 1, runId: 'r1', type: 'run.started', payload: {}, timestamp: '2026-12-07T00:00:00.000Z' };

// The interop matrix saw rest.sse-batch-wire-shape fail sqlite and postgres on `seq` and `data`
// members of batch items, which the single-frame reader only warns about (RFC 0094 §G).
describe('TestContext.schemaIssues: unknown members of a server-emitted document', () => {
  it('are warnings, not issues', () => {
    const warnings: string[] = [];
    const issues = contextWith(warnings).schemaIssues('runEvent', { ...runEvent, seq: 1, data: {} });
    assert.deepEqual(issues, []);
    assert.lengthOf(warnings, 1);
    assert.include(warnings[0], '"seq"');
    assert.include(warnings[0], 'RFC 0094 §G');
  });

  it('leave the known members strict', () => {
    const warnings: string[] = [];
    const issues = contextWith(warnings).schemaIssues('runEvent', { ...runEvent, nodeId: null, seq: 1 });
    assert.lengthOf(issues, 1);
    assert.include(issues[0], '/nodeId');
    assert.lengthOf(warnings, 1);
  });

  it('stay issues for the error envelope, which the spec closes', () => {
    const issues = contextWith([]).schemaIssues('errorEnvelope', { error: 'not_found', message: 'x', hint: 'y' });
    assert.isAbove(issues.length, 0);
  });
});
