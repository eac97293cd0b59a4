import { jsonText } from '../../harness/support/json.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { JsonValue } from '../../harness/support/json.js';
import { comparable } from '../../harness/waits/event-trace.js';
import { readCapability } from '../../harness/verdicts/gating.js';
import { TERMINAL_STATUSES, isTerminal } from '../../harness/waits/run-waits.js';
import { Fixture } from '../fixture-ids.js';
import { describeEvents, finishedLogDeadline, isTerminalEvent, noTerminalReason, readFromStart, refusedAsUnsupported } from '../stream/stream-reading.js';
import type { StreamRead } from '../stream/stream-reading.js';
import type { ForkRunRequest, RunEvent } from '../../harness/transport/engine-client.js';

/**
 * ForkRun that succeeds (runs-events-digest §3): a replay fork is a new run that repeats the
 * source's events; a branch fork keeps the history before from_seq and re-executes the rest; and
 * the source never changes.
 */

/** Informational replay events a fork may add (replay.md: divergence is reported, the run continues). */
const REPLAY_NOTES = new Set(['replay.diverged', 'replay.divergedAtRefusal']);
/** A delay a re-executed node takes, long enough that a fork cannot be over when ForkRun answers. */
const BRANCH_DELAY_MS = 2_000;

/** A finished run of `workflowId`, created by the check. */
export async function finishedSource(t: TestContext, workflowId: string, inputs?: Record<string, JsonValue>): Promise<string> {
  const { runId } = await t.createRun({ workflowId, ...(inputs && { inputs }) });
  t.precondition(runId, 'CreateRun returned no run id');
  await t.untilStatus(
    runId,
    ['completed'],
    t.deadlines.fixtureCompletion(workflowId, typeof inputs?.['delayMs'] === 'number' ? inputs['delayMs'] : 0),
    'precondition',
  );
  return runId;
}

/**
 * A run's whole log up to its terminal event, in debug mode when served (updates otherwise): every
 * event in `trace`, those kept whole (all but a flood's repeats) in `events`.
 */
export async function fullLog(t: TestContext, runId: string, debug = true): Promise<StreamRead> {
  // The run is finished: reading its log is on the suite's time.
  const deadline = finishedLogDeadline(t);
  let read = await readFromStart(t, runId, deadline, debug ? { streamModes: ['debug'] } : {}, isTerminalEvent);
  if (debug && refusedAsUnsupported(read, 'debug')) read = await readFromStart(t, runId, deadline, {}, isTerminalEvent);
  if (read.end === 'error' && read.error) throw read.error;
  t.precondition(
    read.events.some(isTerminalEvent),
    `the stream of run ${runId} did not reach its terminal event: ${noTerminalReason(read, deadline)} (${describeEvents(read.events)})`,
  );
  return read;
}

/** One side of a comparison: a log read whole, and which of its events take part. */
interface Side {
  read: StreamRead;
  include: (index: number) => boolean;
}

/** The event at trace `index`, described for a message: in full when kept, else by label and digest. */
function describeAt(read: StreamRead, index: number): string {
  const sequence = read.trace.sequence(index);
  const kept = read.events.find((event) => event.sequence === sequence);
  return kept ? comparable(kept) : `${read.trace.label(index)} (replay digest ${read.trace.replayKey(index).toString(16)})`;
}

/**
 * Pairs the two logs' events in order (every event delivered, from the traces) and names the first
 * difference in type, node or payload minus clock fields, or returns undefined.
 */
function firstDifference(source: Side, fork: Side): string | undefined {
  const a = source.read.trace.indexes(source.include);
  const b = fork.read.trace.indexes(fork.include);
  for (let position = 0; position < Math.max(a.length, b.length); position += 1) {
    const left = a[position];
    const right = b[position];
    if (left !== undefined && right !== undefined && source.read.trace.replayKey(left) === fork.read.trace.replayKey(right)) continue;
    const described = (side: Side, index: number | undefined): string => (index === undefined ? 'nothing' : describeAt(side.read, index));
    return `event #${position}: the source has ${described(source, left)}, the fork ${described(fork, right)}`;
  }
  return undefined;
}

/**
 * Whether the fork ran its delay node again, by the engine's own clock (runs-events-digest §3;
 * event ids are unique only per run, so they prove nothing across runs): the re-executed
 * node.completed is stamped after the source's end, and its node's span covers the delay.
 */
function judgeReExecution(t: TestContext, source: readonly RunEvent[], fork: readonly RunEvent[], fromSeq: number, delayMs: number, overEarly: boolean): void {
  const sourceEnd = Date.parse(source.find(isTerminalEvent)?.timestamp ?? '');
  const forkCompleted = fork.find((event) => event.type === 'node.completed' && event.sequence >= fromSeq);
  const completedAt = Date.parse(forkCompleted?.timestamp ?? '');
  if (forkCompleted && Number.isFinite(sourceEnd) && Number.isFinite(completedAt) && completedAt < sourceEnd) {
    t.fail(
      `the fork's node.completed (sequence ${forkCompleted.sequence}) is stamped ${forkCompleted.timestamp}, before the source run ended (${new Date(sourceEnd).toISOString()}): the events from from_seq ${fromSeq} were copied, not re-executed`,
      'a node.completed stamped after the source ended',
      forkCompleted.timestamp ?? '',
    );
  }
  const started = fork.find((event) => event.type === 'node.started' && event.sequence >= fromSeq);
  const completed = fork.find((event) => event.type === 'node.completed' && event.sequence >= fromSeq);
  const span = started && completed ? Date.parse(completed.timestamp ?? '') - Date.parse(started.timestamp ?? '') : Number.NaN;
  // Timestamps are milliseconds at best; allow one tick either side.
  if (Number.isFinite(span) && span + 1 < delayMs)
    t.fail(
      `the fork's node ran ${span} ms by its own timestamps (node.started → node.completed), less than the node's ${delayMs} ms delay: the events from from_seq ${fromSeq} were not re-executed`,
      `a node span of at least ${delayMs} ms`,
      `${span} ms`,
    );
  // Without timestamps, a fork over before the suite could look is judged by nothing it saw.
  if (!Number.isFinite(span) && overEarly)
    t.precondition(
      false,
      `the fork was over before the suite could look, and its node events carry no timestamps: whether it re-executed cannot be told (the suite was slow, not necessarily the engine)`,
    );
}

/** `sequence:type` and the event id's digest of every event of a log. */
const identities = (read: StreamRead): string[] => read.trace.indexes().map((index) => `${read.trace.label(index)}:${read.trace.identity(index).toString(16)}`);

export const advertisesMode = (t: TestContext, mode: string): boolean => {
  const modes = readCapability(t.capabilities, 'replay.modes');
  return Array.isArray(modes) && modes.includes(mode);
};

/**
 * A fork request in a mode the engine lists (replay.modes): replay from `fromSeq` when listed, else
 * branch (which needs from_seq; no overlay, so the request differs from replay only in its mode).
 */
export function advertisedFork(t: TestContext, runId: string, fromSeq: number): ForkRunRequest {
  if (advertisesMode(t, 'replay')) return { runId, fromSeq, mode: 'replay' };
  t.warn('replay is not among replay.modes; the fork was requested in branch mode');
  return { runId, fromSeq, mode: 'branch' };
}

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
    const source = await fullLog(t, sourceId);
    const reply = await t.control('ForkRun replay from 0', t.client.forkRun({ runId: sourceId, fromSeq: 0, mode: 'replay' }));
    t.precondition(reply.forkedRunId && reply.forkedRunId !== sourceId, 'ForkRun answered no new run id');
    await t.untilStatus(reply.forkedRunId, [...TERMINAL_STATUSES], t.deadlines.fixtureCompletion(Fixture.multiNode), 'precondition');
    const fork = await fullLog(t, reply.forkedRunId);
    const notNote = (index: number): boolean => !REPLAY_NOTES.has(fork.trace.type(index));
    const difference = firstDifference({ read: source, include: () => true }, { read: fork, include: notNote });
    if (difference)
      t.fail(
        `the replay fork differs from the source: ${difference}`,
        describeEvents(source.events),
        describeEvents(fork.events.filter((event) => !REPLAY_NOTES.has(event.type))),
      );
    t.assert.strictEqual(fork.trace.indexes(notNote).length, source.trace.length, 'events in the replay fork vs the source');
  }),

  check('fork.branch-from-seq', async (t: TestContext) => {
    const delayMs = Math.round(BRANCH_DELAY_MS * t.deadlines.timeoutScale);
    const sourceId = await finishedSource(t, Fixture.delay, { delayMs });
    const sourceRead = await fullLog(t, sourceId);
    const source = sourceRead.events;
    // Fork right after run.started: the delay node is after the fork point and must run again.
    // Without event 0 (an engine refusing the -1 cursor) the first event read is the one after it.
    const started = source.find((event) => event.type === 'run.started');
    if (!started) t.warn(`run.started of run ${sourceId} was not read (cursor 0); the fork point is the first event read`);
    const fromSeq = started ? started.sequence + 1 : source[0]!.sequence;
    // Gated on replay.modes listing branch (harness/requirements/fork-requirements.ts).
    const sentAt = performance.now();
    const reply = await t.client.forkRun({ runId: sourceId, fromSeq, mode: 'branch', overlay: { tags: ['conformance-branch'] } });
    t.precondition(reply.forkedRunId && reply.forkedRunId !== sourceId, 'ForkRun answered no new run id');
    // Re-executing the delay node takes delayMs: a fork already over sooner than that was not
    // re-executed. Later than that (a loaded machine) the status says nothing; the log decides.
    const { snapshot } = await t.client.getRun({ runId: reply.forkedRunId });
    const status = jsonText(snapshot?.['status']);
    const elapsedMs = Math.round(performance.now() - sentAt);
    const overEarly = isTerminal(status);
    if (overEarly && elapsedMs < delayMs)
      t.fail(
        `the fork was already ${status} ${elapsedMs} ms after ForkRun was sent: the events from from_seq ${fromSeq} were not re-executed (the node takes ${delayMs} ms)`,
        'a fork still executing',
        status,
      );
    if (overEarly)
      t.warn(
        `the fork was ${status} when GetRun answered, ${elapsedMs} ms after ForkRun was sent (the node takes ${delayMs} ms): its log decides whether it re-executed`,
      );
    const outcome = await t.untilStatus(reply.forkedRunId, ['completed'], t.deadlines.fixtureCompletion(Fixture.delay, delayMs), 'verdict');
    t.assert.strictEqual(outcome.status, 'completed', 'status of the branch fork');
    const forkRead = await fullLog(t, reply.forkedRunId);
    const fork = forkRead.events;
    // The fork-prefix bracket is ambiguous: [0, fromSeq) is compared, the event at fromSeq is not.
    const before =
      (read: StreamRead) =>
      (index: number): boolean =>
        read.trace.sequence(index) < fromSeq;
    const difference = firstDifference({ read: sourceRead, include: before(sourceRead) }, { read: forkRead, include: before(forkRead) });
    if (difference) t.fail(`the fork's history before from_seq ${fromSeq} is not the source's: ${difference}`, describeEvents(source), describeEvents(fork));
    judgeReExecution(t, source, fork, fromSeq, delayMs, overEarly);
    t.assert.isTrue(
      fork.some((event) => event.type === 'node.completed' && event.sequence >= fromSeq),
      'the fork re-executed the node after from_seq (node.completed at or after from_seq)',
    );
  }),

  check('fork.source-unchanged', async (t: TestContext) => {
    const sourceId = await finishedSource(t, Fixture.noop);
    const before = (await t.client.getRun({ runId: sourceId })).snapshot;
    const logBefore = identities(await fullLog(t, sourceId));
    const branch = advertisesMode(t, 'branch');
    const request: ForkRunRequest = branch
      ? { runId: sourceId, fromSeq: 1, mode: 'branch', overlay: { tags: ['conformance-fork-overlay'] } }
      : advertisedFork(t, sourceId, 0);
    const reply = await t.control('ForkRun of a completed run', t.client.forkRun(request));
    t.precondition(reply.forkedRunId, 'ForkRun answered no run id');
    if (reply.forkedRunId !== sourceId)
      await t.untilStatus(reply.forkedRunId, [...TERMINAL_STATUSES], t.deadlines.fixtureCompletion(Fixture.noop), 'precondition');
    const after = (await t.client.getRun({ runId: sourceId })).snapshot;
    const changed = Object.keys({ ...before, ...after }).filter((key) => JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key]));
    t.assertNone(
      changed.map((key) => `snapshot.${key} changed from ${JSON.stringify(before?.[key])} to ${JSON.stringify(after?.[key])}`),
      `the source run ${sourceId} after a ${request.mode} fork`,
    );
    const logAfter = identities(await fullLog(t, sourceId));
    t.assert.deepEqual(logAfter, logBefore, `the source run's log after a ${request.mode} fork`);
  }),
];
