import { readFileSync } from 'node:fs';
import type { JsonObject } from '../../harness/support/json.js';
import { isJsonObject, jsonText } from '../../harness/support/json.js';
import { WORKFLOW_FIXTURES_DIR } from '../../harness/support/package-paths.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { readRunLog } from '../../harness/waits/run-log-reader.js';
import { TERMINAL_STATUSES } from '../../harness/waits/run-waits.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Fixture } from '../fixture-ids.js';
import { join } from 'node:path';

interface Edge {
  source: string;
  target: string;
}

function graphOf(workflow: JsonObject | undefined): { nodeIds: string[]; edges: Edge[] } {
  const nodes = Array.isArray(workflow?.['nodes']) ? workflow['nodes'].filter(isJsonObject) : [];
  const edges = Array.isArray(workflow?.['edges']) ? workflow['edges'].filter(isJsonObject) : [];
  return {
    nodeIds: nodes.map((node: JsonObject) => jsonText(node['id'])),
    edges: edges.map((edge: JsonObject) => ({ source: jsonText(edge['sourceNodeId']), target: jsonText(edge['targetNodeId']) })),
  };
}

/**
 * Node ids and edges of the fixture as the engine describes it, so no node name is assumed. The
 * fixture's graph is fixed by fixtures.md (A→B→C), so when the engine cannot serve the definition
 * (workflow.advertised-fixtures-served's finding) the suite's own copy stands in, with a warning.
 */
async function fixtureGraph(t: TestContext): Promise<{ nodeIds: string[]; edges: Edge[] }> {
  let graph;
  try {
    graph = graphOf((await t.client.getWorkflow({ workflowId: Fixture.multiNode })).workflow);
  } catch (error) {
    if (!(error instanceof RpcError)) throw error;
    t.warn(`GetWorkflow(${Fixture.multiNode}) failed (${error.codeName}); used the graph fixtures.md fixes for it, shipped in fixtures/workflows/`);
    const shipped: unknown = JSON.parse(readFileSync(join(WORKFLOW_FIXTURES_DIR(), `${Fixture.multiNode}.json`), 'utf8'));
    graph = graphOf(isJsonObject(shipped) ? shipped : undefined);
  }
  t.precondition(
    graph.nodeIds.length >= 2 && graph.edges.length >= 1,
    `the ${Fixture.multiNode} definition does not describe at least two nodes joined by an edge`,
  );
  return graph;
}

/** How long the suite reads a finished run's log (its own bound, so missing it blocks). */
const LOG_READ_MS = 30_000;

export const MULTI_NODE_ORDER_CHECKS = [
  check('lifecycle.multi-node-order', async (t: TestContext) => {
    const { nodeIds, edges } = await fixtureGraph(t);
    const { runId } = await t.createRun({ workflowId: Fixture.multiNode });
    t.precondition(runId, 'CreateRun returned no run id');
    // The fixture bound is the run's (conformance/fixtures.md), judged on its status; reading its
    // stored log afterwards is the suite's time (a flooding engine's log takes long to read).
    await t.untilStatus(runId, [...TERMINAL_STATUSES], t.deadlines.fixtureCompletion(Fixture.multiNode), 'verdict');
    const log = await readRunLog(
      t.client,
      runId,
      t.deadlines.suite(LOG_READ_MS, "the suite reads a finished run's log this long; the spec bounds the run, not the reading"),
      (message) => t.warn(message),
    );

    // Over every event read (the trace), not only those kept whole.
    const sequences = log.trace.indexes().map((index) => log.trace.sequence(index));
    const increasing = sequences.every((sequence, index) => index === 0 || sequence > (sequences[index - 1] ?? -1));
    t.assert.isTrue(increasing, `event sequences arrive in increasing order: ${sequences.join(', ')}`);
    t.assert.strictEqual(log.events[log.events.length - 1]?.type, 'run.completed', 'the log ends with run.completed');

    const completedAt = new Map<string, number>();
    for (const event of log.events) {
      if (event.type !== 'node.completed') continue;
      const nodeId = event.nodeId ?? (isJsonObject(event.payload) ? jsonText(event.payload['nodeId']) : undefined);
      if (nodeId !== undefined && !completedAt.has(nodeId)) completedAt.set(nodeId, event.sequence);
    }
    t.assert.sameMembers([...completedAt.keys()], nodeIds, 'nodes with a node.completed event');
    for (const { source, target } of edges) {
      const before = completedAt.get(source) ?? Infinity;
      const after = completedAt.get(target) ?? -Infinity;
      t.assert.isBelow(before, after, `node.completed of ${source} (seq ${before}) precedes that of ${target} (seq ${after}) along edge ${source}→${target}`);
    }
  }),
];
