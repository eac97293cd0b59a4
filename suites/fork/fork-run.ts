import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { JsonValue } from '../../harness/support/json.js';
import type { RunEvent } from '../../harness/transport/engine-client.js';
import { readCapability } from '../../harness/verdicts/gating.js';
import { TERMINAL_STATUSES, isTerminal } from '../../harness/waits/run-waits.js';
import { Fixture } from '../fixture-ids.js';
import { describeEvents, isTerminalEvent, readFromStart, refusedAsUnsupported } from '../stream/stream-reading.js';

/**
 * ForkRun that succeeds (runs-events-digest §3): a replay fork is a new run that repeats the
 * source's events; a branch fork keeps the history before from_seq and re-executes the rest; and
 * the source never changes.
 */

/** Payload fields that are clock readings, not behaviour (RFC 0041 §C excepts clock fields). */
const CLOCK_FIELDS = new Set(['durationMs']);
/** Informational replay events a fork may add (replay.md: divergence is reported, the run continues). */
const REPLAY_NOTES = new Set(['replay.diverged', 'replay.divergedAtRefusal']);
/** A delay a re-executed node takes, long enough that a fork cannot be over when ForkRun answers. */
const BRANCH_DELAY_MS = 2_000;

/** A finished run of `workflowId`, created by the check. */
export async function finishedSource(t: TestContext, workflowId: string, inputs?: Record<string, JsonValue>): Promise<string> {
  const { runId } = await t.createRun({ workflowId, ...(inputs && { inputs }) });
  t.precondition(runId, 'CreateRun returned no run id');
  await t.untilStatus(runId, ['completed'], t.deadlines.fixtureCompletion(workflowId, typeof inputs?.['delayMs'] === 'number' ? inputs['delayMs'] : 0), 'precondition');
  return runId;
}

/** A run's whole log up to its terminal event, in debug mode when served (updates otherwise). */
export async function fullLog(t: TestContext, runId: string, workflowId: string, debug = true): Promise<RunEvent[]> {
  const deadline = t.deadlines.fixtureCompletion(workflowId);
  let read = await readFromStart(t, runId, deadline, debug ? { streamModes: ['debug'] } : {}, isTerminalEvent);
  if (debug && refusedAsUnsupported(read, 'debug')) read = await readFromStart(t, runId, deadline, {}, isTerminalEvent);
  if (read.end === 'error' && read.error) throw read.error;
  t.precondition(read.events.some(isTerminalEvent), `the stream of run ${runId} did not reach its terminal event (${describeEvents(read.events)})`);
  return read.events;
}

/** What must be equal between a source event and its fork counterpart: type, node and payload minus clock fields. */
function comparable(event: RunEvent): string {
  const payload = event.payload && typeof event.payload === 'object' && !Array.isArray(event.payload)
    ? Object.fromEntries(Object.entries(event.payload).filter(([key]) => !CLOCK_FIELDS.has(key)).sort(([a], [b]) => a.localeCompare(b)))
    : event.payload;
  return `${event.type}@${event.nodeId ?? '-'} ${JSON.stringify(payload)}`;
}

/** Pairs the two lists in order and names the first difference, or returns undefined. */
function firstDifference(source: readonly RunEvent[], fork: readonly RunEvent[]): string | undefined {
  const length = Math.max(source.length, fork.length);
  for (let index = 0; index < length; index += 1) {
    const a = source[index] ? comparable(source[index]!) : 'nothing';
    const b = fork[index] ? comparable(fork[index]!) : 'nothing';
    if (a !== b) return `event #${index}: the source has ${a}, the fork ${b}`;
  }
  return undefined;
}

const advertisesMode = (t: TestContext, mode: string): boolean => {
  const modes = readCapability(t.capabilities, 'replay.modes');
  return Array.isArray(modes) && modes.includes(mode);
};

export const FORK_CHECKS = [
  check('fork.replay-new-run', async (t: TestContext) => {
    const sourceId = await finishedSource(t, Fixture.noop);
    const reply = await t.client.forkRun({ runId: sourceId, fromSeq: 0, mode: 'replay' });
    t.assert.isNotEmpty(reply.forkedRunId, 'ForkRun forkedRunId');
    if (reply.forkedRunId === sourceId) t.fail(`ForkRun answered the source run's own id ${sourceId} as the fork`, 'a new run id', sourceId);
    const outcome = await t.untilStatus(reply.forkedRunId, ['completed'], t.deadlines.fixtureCompletion(Fixture.noop), 'verdict');
    t.assert.strictEqual(outcome.status, 'completed', 'status of the replay fork of a completed conformance-noop run');
  }),

  check('fork.replay-matches-source', async (t: TestContext) => {
    const sourceId = await finishedSource(t, Fixture.multiNode);
    const source = await fullLog(t, sourceId, Fixture.multiNode);
    const reply = await t.control('ForkRun replay from 0', t.client.forkRun({ runId: sourceId, fromSeq: 0, mode: 'replay' }));
    t.precondition(reply.forkedRunId && reply.forkedRunId !== sourceId, 'ForkRun answered no new run id');
    await t.untilStatus(reply.forkedRunId, [...TERMINAL_STATUSES], t.deadlines.fixtureCompletion(Fixture.multiNode), 'precondition');
    const fork = (await fullLog(t, reply.forkedRunId, Fixture.multiNode)).filter((event) => !REPLAY_NOTES.has(event.type));
    const difference = firstDifference(source, fork);
    if (difference) t.fail(`the replay fork differs from the source: ${difference}`, describeEvents(source), describeEvents(fork));
    t.assert.strictEqual(fork.length, source.length, 'events in the replay fork vs the source');
  }),

  check('fork.branch-from-seq', async (t: TestContext) => {
    const delayMs = Math.round(BRANCH_DELAY_MS * t.deadlines.timeoutScale);
    const sourceId = await finishedSource(t, Fixture.delay, { delayMs });
    const source = await fullLog(t, sourceId, Fixture.delay);
    // Fork right after run.started: the delay node is after the fork point and must run again.
    // Without event 0 (an engine refusing the -1 cursor) the first event read is the one after it.
    const started = source.find((event) => event.type === 'run.started');
    if (!started) t.warn(`run.started of run ${sourceId} was not read (cursor 0); the fork point is the first event read`);
    const fromSeq = started ? started.sequence + 1 : source[0]!.sequence;
    const mode = advertisesMode(t, 'branch') ? 'branch' : 'replay';
    if (mode === 'replay') t.warn('branch is not among replay.modes; the fork point was exercised with a replay fork and no overlay');
    const reply = await t.client.forkRun({ runId: sourceId, fromSeq, mode, ...(mode === 'branch' && { overlay: { tags: ['conformance-branch'] } }) });
    t.precondition(reply.forkedRunId && reply.forkedRunId !== sourceId, 'ForkRun answered no new run id');
    // Re-executing the delay node takes delayMs: a fork that is already over was not re-executed.
    const { snapshot } = await t.client.getRun({ runId: reply.forkedRunId });
    const status = String(snapshot?.['status']);
    if (isTerminal(status)) t.fail(`the fork was already ${status} when ForkRun answered: the events from from_seq ${fromSeq} were not re-executed (the node takes ${delayMs} ms)`, 'a fork still executing', status);
    const outcome = await t.untilStatus(reply.forkedRunId, ['completed'], t.deadlines.fixtureCompletion(Fixture.delay, delayMs), 'verdict');
    t.assert.strictEqual(outcome.status, 'completed', 'status of the branch fork');
    const fork = await fullLog(t, reply.forkedRunId, Fixture.delay);
    // The fork-prefix bracket is ambiguous: [0, fromSeq) is compared, the event at fromSeq is not.
    const difference = firstDifference(source.filter((event) => event.sequence < fromSeq), fork.filter((event) => event.sequence < fromSeq));
    if (difference) t.fail(`the fork's history before from_seq ${fromSeq} is not the source's: ${difference}`, describeEvents(source), describeEvents(fork));
    t.assert.isTrue(fork.some((event) => event.type === 'node.completed' && event.sequence >= fromSeq), 'the fork re-executed the node after from_seq (node.completed at or after from_seq)');
  }),

  check('fork.source-unchanged', async (t: TestContext) => {
    const sourceId = await finishedSource(t, Fixture.noop);
    const before = (await t.client.getRun({ runId: sourceId })).snapshot;
    const logBefore = await fullLog(t, sourceId, Fixture.noop);
    const branch = advertisesMode(t, 'branch');
    const request = branch ? { runId: sourceId, fromSeq: 1, mode: 'branch', overlay: { tags: ['conformance-fork-overlay'] } } : { runId: sourceId, fromSeq: 0, mode: 'replay' };
    const reply = await t.control('ForkRun of a completed run', t.client.forkRun(request));
    t.precondition(reply.forkedRunId, 'ForkRun answered no run id');
    if (reply.forkedRunId !== sourceId) await t.untilStatus(reply.forkedRunId, [...TERMINAL_STATUSES], t.deadlines.fixtureCompletion(Fixture.noop), 'precondition');
    const after = (await t.client.getRun({ runId: sourceId })).snapshot;
    const changed = Object.keys({ ...before, ...after }).filter((key) => JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key]));
    t.assertNone(changed.map((key) => `snapshot.${key} changed from ${JSON.stringify(before?.[key])} to ${JSON.stringify(after?.[key])}`), `the source run ${sourceId} after a ${request.mode} fork`);
    const logAfter = await fullLog(t, sourceId, Fixture.noop);
    t.assert.deepEqual(logAfter.map((event) => `${event.sequence}:${event.type}:${event.eventId}`), logBefore.map((event) => `${event.sequence}:${event.type}:${event.eventId}`), `the source run's log after a ${request.mode} fork`);
  }),
];
