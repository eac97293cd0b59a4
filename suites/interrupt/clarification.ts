import type { JsonValue } from '../../harness/support/json.js';
import { isJsonObject } from '../../harness/support/json.js';
import { readRunLog } from '../../harness/waits/run-log-reader.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Hitl, SUSPENDED_STATUSES, hitlDeadline } from './hitl-fixtures.js';
import { nodeOf } from './token-source.js';

/** Whether `value` holds the string `wanted` anywhere (the engine chooses the key it stores answers under). */
function holds(value: JsonValue | undefined, wanted: string): boolean {
  if (value === wanted) return true;
  if (Array.isArray(value)) return value.some((item) => holds(item, wanted));
  if (isJsonObject(value)) return Object.values(value).some((item) => holds(item, wanted));
  return false;
}

export const CLARIFICATION_CHECKS = [
  check('interrupt.clarification-answered', async (t: TestContext) => {
    const { runId } = await t.createRun({ workflowId: Hitl.clarification });
    t.precondition(runId, 'CreateRun returned no run id');
    const waiting = await t.untilStatus(runId, SUSPENDED_STATUSES, hitlDeadline(t, 'the clarification run to wait'), 'verdict');
    t.assert.strictEqual(waiting.status, 'waiting-input', 'status of the suspended clarification run');
    t.assert.strictEqual(waiting.snapshot['currentNodeId'], Hitl.clarificationNode, 'snapshot.currentNodeId while waiting-input');

    const reply = await t.client.resolveInterruptByRun({ runId, nodeId: Hitl.clarificationNode, resumeValue: { answers: { [Hitl.questionId]: Hitl.answer } } });
    t.assert.strictEqual(reply.nodeId, Hitl.clarificationNode, 'ResolveInterruptByRun reply nodeId');
    const done = await t.untilStatus(runId, ['completed'], hitlDeadline(t, 'the answered clarification run to complete'), 'verdict');

    // Visible to the run: in its variables, or in what the ask node or the run produced.
    if (holds(done.snapshot['variables'], Hitl.answer)) {
      t.assert.isTrue(true, 'the answer is in the completed snapshot variables');
      return;
    }
    const log = await readRunLog(t.client, runId, hitlDeadline(t, 'the clarification log'), (message) => t.warn(message));
    const outputs = log.events
      .filter((event) => (event.type === 'node.completed' && nodeOf(event) === Hitl.clarificationNode) || event.type === 'run.completed')
      .map((event) => (isJsonObject(event.payload) ? event.payload['outputs'] : undefined));
    if (!outputs.some((value) => holds(value, Hitl.answer))) {
      t.fail(
        `the answer "${Hitl.answer}" to ${Hitl.questionId} is not visible to the run`,
        `"${Hitl.answer}" in snapshot.variables or in the outputs of ${Hitl.clarificationNode}'s node.completed or run.completed`,
        JSON.stringify({ variables: done.snapshot['variables'] ?? null, outputs }),
      );
    }
    t.warn('leniency applied: the answer was found in event outputs, not in the snapshot variables');
    t.assert.isTrue(true, "the answer is in the run's outputs");
  }),
];
