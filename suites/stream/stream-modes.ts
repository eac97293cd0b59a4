import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { EventTrace } from '../../harness/waits/event-trace.js';
import { TERMINAL_STATUSES } from '../../harness/waits/run-waits.js';
import { Fixture } from '../fixture-ids.js';
import {
  describeEvents,
  envelopeDetails,
  finishedLogDeadline,
  isTerminalEvent,
  noTerminalReason,
  readFromStart,
  readStream,
  refusedAsUnsupported,
  streamOutcome,
} from './stream-reading.js';

/**
 * stream_modes (stream-modes.md; runs-events-digest §2): none means updates (node.started is
 * debug-only); debug is a superset of updates; values sends state.snapshot events carrying run
 * snapshots; an unknown mode, or values with another mode, is refused with unsupported_stream_mode
 * and details.supported. A mode the engine does not serve must be refused, never ignored.
 */

/** A mode no engine serves. */
const UNKNOWN_MODE = 'x-conformance-unknown';

async function finishedRun(t: TestContext, workflowId: string): Promise<string> {
  const { runId } = await t.createRun({ workflowId });
  t.precondition(runId, 'CreateRun returned no run id');
  await t.untilStatus(runId, [...TERMINAL_STATUSES], t.deadlines.fixtureCompletion(workflowId), 'precondition');
  return runId;
}

/** `sequence:type` of every event delivered. */
const labels = (trace: EventTrace): string[] => trace.indexes().map((index) => trace.label(index));

/** Accepts a refusal of `mode` made the way the spec says; returns whether the mode was refused. */
export function acceptRefusal(t: TestContext, read: Awaited<ReturnType<typeof readFromStart>>, mode: string): boolean {
  const supported = refusedAsUnsupported(read, mode);
  if (!supported) return false;
  t.warn(`${mode} mode is refused with unsupported_stream_mode (supported: ${supported.join(', ')}); accepted, the mode is a SHOULD`);
  t.assert.notInclude(supported, mode, `details.supported of the ${mode} refusal`);
  return true;
}

/**
 * stream-modes.md §Mixed mode: details.supported "MUST include each individual mode name; mixed
 * combinations are NOT advertised". A comma-joined entry is a combination; a name outside the four
 * canonical modes is recorded, not failed (the spec names no rule for it).
 */
function supportedFindings(t: TestContext, supported: readonly unknown[]): string[] {
  const canonical = ['values', 'updates', 'messages', 'debug'];
  const findings: string[] = [];
  for (const entry of supported) {
    if (typeof entry !== 'string') findings.push(`entry ${JSON.stringify(entry)} is not a mode name`);
    else if (entry.includes(',')) findings.push(`entry "${entry}" names a mode combination`);
    else if (!canonical.includes(entry.trim())) t.warn(`details.supported names "${entry}", not one of the four canonical modes`);
  }
  if (!supported.includes('updates')) t.warn('details.supported leaves out updates, the mode every host MUST serve');
  return findings;
}

export const STREAM_MODE_CHECKS = [
  check('stream.default-mode-updates', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.noop);
    const deadline = t.deadlines.fixtureCompletion(Fixture.noop);
    const unset = await readFromStart(t, runId, deadline, {}, isTerminalEvent);
    const updates = await readFromStart(t, runId, deadline, { streamModes: ['updates'] }, isTerminalEvent);
    for (const read of [unset, updates]) if (read.end === 'error' && read.error) throw read.error;
    t.precondition(unset.events.some(isTerminalEvent), `the stream of run ${runId} delivered no terminal event`);
    const debugOnly = unset.events.filter((event) => event.type === 'node.started');
    if (debugOnly.length > 0)
      t.fail(
        `a stream without stream_modes delivered node.started, which only debug carries: ${describeEvents(debugOnly)}`,
        'the updates tier only',
        describeEvents(unset.events),
      );
    t.assert.deepEqual(labels(unset.trace), labels(updates.trace), 'events without stream_modes vs with stream_modes [updates]');
  }),

  check('stream.debug-superset', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.multiNode);
    const deadline = finishedLogDeadline(t);
    const debug = await readFromStart(t, runId, deadline, { streamModes: ['debug'] }, isTerminalEvent);
    if (acceptRefusal(t, debug, 'debug')) return;
    const updates = await readFromStart(t, runId, deadline, { streamModes: ['updates'] }, isTerminalEvent);
    for (const read of [debug, updates]) if (read.end === 'error' && read.error) throw read.error;
    t.precondition(
      updates.events.some(isTerminalEvent) && debug.events.some(isTerminalEvent),
      `a stream of run ${runId} delivered no terminal event: ${noTerminalReason(updates.events.some(isTerminalEvent) ? debug : updates, deadline)}`,
    );
    // Compared over every event delivered (the traces), not only those kept whole.
    const inDebug = new Set(debug.trace.indexes().map((index) => debug.trace.identity(index)));
    const missing = updates.trace.indexes((index) => updates.trace.sequence(index) > debug.cursor && !inDebug.has(updates.trace.identity(index)));
    t.assertNone(
      missing.map((index) => `${updates.trace.label(index)} is in updates but not in debug`),
      'events debug mode leaves out',
    );
    t.assert.isAtLeast(debug.trace.length, updates.trace.length, 'debug carries at least as many events as updates');
  }),

  check('stream.values-snapshots', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.noop);
    const deadline = t.deadlines.suite(5_000, "the suite reads a finished run's values stream this long");
    const values = await readFromStart(t, runId, deadline, { streamModes: ['values'] });
    if (acceptRefusal(t, values, 'values')) return;
    if (values.end === 'error' && values.error) throw values.error;
    const snapshots = values.events.filter((event) => event.type === 'state.snapshot');
    if (snapshots.length === 0)
      t.fail(
        `values mode was accepted but sent no state.snapshot event (sent: ${describeEvents(values.events)})`,
        'state.snapshot events',
        describeEvents(values.events),
      );
    const findings: string[] = [];
    for (const event of snapshots) {
      for (const issue of t.schemaIssues('runSnapshot', event.payload)) findings.push(`state.snapshot ${event.sequence}: ${issue}`);
      const payload = event.payload;
      const payloadRunId = payload && typeof payload === 'object' && !Array.isArray(payload) ? payload['runId'] : undefined;
      if (payloadRunId !== runId) findings.push(`state.snapshot ${event.sequence} is the snapshot of run ${JSON.stringify(payloadRunId)}`);
    }
    t.assertNone(findings, 'state.snapshot payloads that are not valid snapshots of the run');
  }),

  check('stream.values-resume-snapshot-first', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.noop);
    const deadline = finishedLogDeadline(t);
    const first = await readFromStart(t, runId, deadline, { streamModes: ['values'] }, (_event, events) => events.length >= 2);
    if (acceptRefusal(t, first, 'values')) return;
    if (first.end === 'error' && first.error) throw first.error;
    t.precondition(first.end === 'stopped', `the values stream of run ${runId} had fewer than 2 events to resume after (${describeEvents(first.events)})`);
    // stream-modes.md §Resumption: resuming a values stream sends a baseline snapshot before anything else.
    const cursor = first.events[0]!.sequence;
    const resumed = await readStream(t, { runId, lastSequence: cursor, streamModes: ['values'] }, deadline, () => true);
    if (resumed.end === 'error' && resumed.error) throw resumed.error;
    const opening = resumed.events[0];
    t.precondition(opening, `the values stream of run ${runId} resumed after sequence ${cursor} delivered nothing: ${noTerminalReason(resumed, deadline)}`);
    if (opening.type !== 'state.snapshot')
      t.fail(
        `the values stream resumed after sequence ${cursor} opened with ${opening.sequence}:${opening.type}, not a state.snapshot baseline`,
        'state.snapshot first',
        `${opening.sequence}:${opening.type}`,
      );
    const payloadRunId = opening.payload && typeof opening.payload === 'object' && !Array.isArray(opening.payload) ? opening.payload['runId'] : undefined;
    t.assertNone(
      [...t.schemaIssues('runSnapshot', opening.payload), ...(payloadRunId === runId ? [] : [`it is the snapshot of run ${JSON.stringify(payloadRunId)}`])],
      'problems of the baseline state.snapshot (a run snapshot of this run)',
    );
  }),

  check('stream.unsupported-mode-refused', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.noop);
    const deadline = t.deadlines.suite(5_000, 'the suite waits this long for a refused stream to end');
    const probes: { modes: string[]; what: string }[] = [
      { modes: [UNKNOWN_MODE], what: `StreamRunEvents with stream mode "${UNKNOWN_MODE}"` },
      { modes: ['values', 'updates'], what: 'StreamRunEvents with values combined with updates' },
    ];
    for (const probe of probes) {
      const error = await t.expectRpcError(
        streamOutcome(t, { runId, lastSequence: -1, streamModes: probe.modes }, deadline, probe.what),
        [{ code: 'INVALID_ARGUMENT', envelopeCodes: ['unsupported_stream_mode'] }],
        probe.what,
      );
      const supported = envelopeDetails(error)?.['supported'];
      t.assert.isArray(supported, `${probe.what}: details.supported`);
      t.assert.isAbove((supported as unknown[]).length, 0, `${probe.what}: details.supported lists the modes served`);
      t.assertNone(supportedFindings(t, supported as unknown[]), `${probe.what}: details.supported ${JSON.stringify(supported)}`, 'single mode names only');
    }
  }),
];
