import type { JsonObject } from '../../harness/support/json.js';
import { isDeepStrictEqual } from 'node:util';
import { isJsonObject } from '../../harness/support/json.js';
import { readRunLog } from '../../harness/waits/run-log-reader.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Fixture } from '../fixture-ids.js';

/**
 * A payload that exercises what a Struct round trip can lose: null members, nested and empty
 * lists and objects, negative and fractional numbers, non-ASCII text.
 */
const IDENTITY_PAYLOAD: JsonObject = {
  text: 'héllo ✓ 日本',
  count: 42,
  ratio: 0.125,
  negative: -7,
  flag: false,
  nothing: null,
  nested: { list: [1, 'two', null, { deep: [] }], empty: {} },
  emptyList: [],
};

export const FIXTURE_OUTCOME_CHECKS = [
  check('lifecycle.noop-completes', async (t: TestContext) => {
    const { runId } = await t.createRun({ workflowId: Fixture.noop });
    t.precondition(runId, 'CreateRun returned no run id');
    const outcome = await t.untilStatus(runId, ['completed'], t.deadlines.fixtureCompletion(Fixture.noop), 'verdict');
    t.assert.strictEqual(outcome.status, 'completed', 'final status of a conformance-noop run');
  }),

  check('lifecycle.failure-reaches-failed', async (t: TestContext) => {
    const { runId } = await t.createRun({ workflowId: Fixture.failure });
    t.precondition(runId, 'CreateRun returned no run id');
    const outcome = await t.untilStatus(runId, ['failed'], t.deadlines.fixtureCompletion(Fixture.failure), 'verdict');
    t.assert.strictEqual(outcome.status, 'failed', 'final status of a conformance-failure run');
  }),

  check('lifecycle.failure-error-object', async (t: TestContext) => {
    const { runId } = await t.createRun({ workflowId: Fixture.failure });
    t.precondition(runId, 'CreateRun returned no run id');
    const { snapshot } = await t.untilStatus(runId, ['failed'], t.deadlines.fixtureCompletion(Fixture.failure), 'precondition');
    const error = snapshot['error'];
    t.assert.isTrue(isJsonObject(error), `a failed snapshot carries an error object (got ${JSON.stringify(error)})`);
    const { code, message } = error as JsonObject;
    t.assert.isString(code, 'error.code is a string');
    t.assert.isNotEmpty(code as string, 'error.code is not empty');
    t.assert.isString(message, 'error.message is a string');
    t.assert.isNotEmpty(message as string, 'error.message is not empty');
  }),

  check('lifecycle.identity-echoes-input', async (t: TestContext) => {
    const { runId } = await t.createRun({ workflowId: Fixture.identity, inputs: { payload: IDENTITY_PAYLOAD } });
    t.precondition(runId, 'CreateRun returned no run id');
    const { snapshot } = await t.untilStatus(runId, ['completed'], t.deadlines.fixtureCompletion(Fixture.identity), 'verdict');
    const variables = snapshot['variables'];
    t.assert.isTrue(isJsonObject(variables), 'the completed snapshot carries variables');
    t.assert.deepStrictEqual((variables as JsonObject)['payload'], IDENTITY_PAYLOAD, 'variables.payload equals inputs.payload');
    // variables.payload alone cannot tell an echo from inputs seeding the variables, so where the
    // engine reports the node's outputs (node.completed payload.outputs), they must carry it too.
    const log = await readRunLog(t.client, runId, t.deadlines.fixtureCompletion(Fixture.identity), (message) => t.warn(message));
    const outputs = log.events
      .filter((event) => event.type === 'node.completed' && isJsonObject(event.payload) && event.payload['outputs'] !== undefined)
      .map((event) => (event.payload as JsonObject)['outputs']);
    if (outputs.length === 0) {
      t.warn('the engine reports no node outputs in node.completed, so only variables.payload shows the echo');
      return;
    }
    const echoed = outputs.some((value) => isJsonObject(value) && Object.values(value).some((output) => isDeepStrictEqual(output, IDENTITY_PAYLOAD)));
    t.assert.isTrue(echoed, `node.completed outputs carry inputs.payload (outputs seen: ${JSON.stringify(outputs).slice(0, 200)})`);
  }),
];
