import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { TERMINAL_STATUSES } from '../../harness/waits/run-waits.js';
import { Fixture } from '../fixture-ids.js';
import type { FromStartRead } from './stream-reading.js';
import {
  describeEvents,
  envelopeDetails,
  finishedLogDeadline,
  isTerminalEvent,
  noTerminalReason,
  readFromStart,
  refusedAsUnsupported,
  requireEnded,
} from './stream-reading.js';

/**
 * Mixed mode lists (stream-modes.md §Mixed mode: `?streamMode=A,B`): the union of the named modes'
 * filters, events in the order they happened (never regrouped by list order), closed on the
 * terminal event like a single-mode stream. No capability advertises mixed lists and "unsupported
 * combinations return 400 unsupported_stream_mode" whose details.supported names single modes only,
 * so such a refusal is accepted with a warning; a list accepted but not honoured fails. Runs of
 * conformance-noop: its node.started is debug-only, so the union and the order are visible on it.
 */

/** updates ⊂ debug, so their union is debug's set; updates first, so regrouping by list order shows. */
export const MIXED_LIST = ['updates', 'debug'] as const;
const MIXED_TEXT = MIXED_LIST.join(',');

async function finishedRun(t: TestContext, workflowId: string): Promise<string> {
  const { runId } = await t.createRun({ workflowId });
  t.precondition(runId, 'CreateRun returned no run id');
  await t.untilStatus(runId, [...TERMINAL_STATUSES], t.deadlines.fixtureCompletion(workflowId), 'precondition');
  return runId;
}

/**
 * Whether the read is the spec's refusal of the combination: INVALID_ARGUMENT +
 * unsupported_stream_mode, details.supported a list of single mode names (never a combination).
 */
function acceptedCombinationRefusal(t: TestContext, read: FromStartRead): boolean {
  const error = read.error;
  if (read.end !== 'error' || !error || read.events.length > 0) return false;
  if (error.code !== GrpcCode.INVALID_ARGUMENT || error.envelopeCode !== 'unsupported_stream_mode') return false;
  const supported = envelopeDetails(error)?.['supported'];
  t.assert.isArray(supported, `the refusal of stream modes ${MIXED_TEXT}: details.supported`);
  const entries = supported as unknown[];
  t.assert.isAbove(entries.length, 0, `the refusal of stream modes ${MIXED_TEXT}: details.supported lists the modes served`);
  const combined = entries.filter((entry) => typeof entry !== 'string' || entry.includes(','));
  t.assertNone(
    combined.map((entry) => `details.supported advertises ${JSON.stringify(entry)}, which is no single mode name`),
    'details.supported entries that are not single mode names (mixed combinations are not advertised)',
  );
  t.warn(
    `stream modes ${MIXED_TEXT} were refused with unsupported_stream_mode (supported: ${entries.join(', ')}); accepted, the spec lets a host refuse a combination`,
  );
  return true;
}

/** The mixed read of a run, or undefined when the engine refused the combination the spec's way. */
async function readMixed(t: TestContext, runId: string, deadline = finishedLogDeadline(t)): Promise<FromStartRead | undefined> {
  const mixed = await readFromStart(t, runId, deadline, { streamModes: [...MIXED_LIST] });
  if (acceptedCombinationRefusal(t, mixed)) return undefined;
  if (mixed.end === 'error' && mixed.error) throw mixed.error;
  return mixed;
}

export const MIXED_MODE_CHECKS = [
  check('stream.mixed-modes-union', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.noop);
    const deadline = finishedLogDeadline(t);
    const mixed = await readMixed(t, runId, deadline);
    if (!mixed) return;
    const singles = [];
    for (const mode of MIXED_LIST) {
      const single = await readFromStart(t, runId, deadline, { streamModes: [mode] }, isTerminalEvent);
      // The mixed list was accepted, so each of its modes is served: a refused single mode leaves nothing to compare with.
      t.precondition(
        !refusedAsUnsupported(single, mode),
        `stream mode ${mode} alone is refused, though the list ${MIXED_TEXT} was accepted, so there is no single-mode stream to compare with`,
      );
      if (single.end === 'error' && single.error) throw single.error;
      t.precondition(
        single.events.some(isTerminalEvent),
        `the ${mode} stream of run ${runId} delivered no terminal event: ${noTerminalReason(single, deadline)}`,
      );
      singles.push(single);
    }
    t.precondition(
      mixed.events.some(isTerminalEvent),
      `the ${MIXED_TEXT} stream of run ${runId} delivered no terminal event: ${noTerminalReason(mixed, deadline)}`,
    );
    const union = new Map<number, string>();
    for (const single of singles) for (const index of single.trace.indexes()) union.set(single.trace.identity(index), single.trace.label(index));
    const inMixed = new Set(mixed.trace.indexes().map((index) => mixed.trace.identity(index)));
    const findings: string[] = [];
    for (const [identity, label] of union)
      if (!inMixed.has(identity)) findings.push(`${label} passes the ${MIXED_LIST.join(' or ')} filter but is not in the ${MIXED_TEXT} stream`);
    for (const index of mixed.trace.indexes())
      if (!union.has(mixed.trace.identity(index))) findings.push(`${mixed.trace.label(index)} is in the ${MIXED_TEXT} stream but passes neither filter`);
    t.assertNone(findings, `the ${MIXED_TEXT} stream against the union of its modes' streams`);
  }),

  check('stream.mixed-modes-order', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.noop);
    const deadline = finishedLogDeadline(t);
    const mixed = await readMixed(t, runId, deadline);
    if (!mixed) return;
    t.precondition(
      mixed.events.some(isTerminalEvent),
      `the ${MIXED_TEXT} stream of run ${runId} delivered no terminal event: ${noTerminalReason(mixed, deadline)}`,
    );
    const findings: string[] = [];
    const indexes = mixed.trace.indexes();
    for (let position = 1; position < indexes.length; position += 1) {
      const before = indexes[position - 1]!;
      const after = indexes[position]!;
      if (mixed.trace.sequence(after) <= mixed.trace.sequence(before))
        findings.push(`${mixed.trace.label(after)} was delivered after ${mixed.trace.label(before)}: out of order`);
    }
    t.assertNone(findings, `events of the ${MIXED_TEXT} stream not in the order they happened (${describeEvents(mixed.events)})`);
    t.assert.isAbove(indexes.length, 1, `events in the ${MIXED_TEXT} stream`);
  }),

  check('stream.mixed-modes-termination', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.noop);
    // The spec's bound: the fixture's completion bound covers the whole stream of a finished run.
    const deadline = t.deadlines.fixtureCompletion(Fixture.noop);
    const mixed = await readMixed(t, runId, deadline);
    if (!mixed) return;
    t.precondition(mixed.events.some(isTerminalEvent) || mixed.end !== 'deadline', `the ${MIXED_TEXT} stream of run ${runId} delivered no terminal event`);
    requireEnded(mixed, deadline, `StreamRunEvents(${runId}) with stream modes ${MIXED_TEXT}`);
    t.assert.strictEqual(mixed.end, 'ok', `how the ${MIXED_TEXT} stream ended`);
    const last = mixed.events[mixed.events.length - 1];
    t.assert.isTrue(
      last !== undefined && isTerminalEvent(last),
      `the ${MIXED_TEXT} stream closed with OK right after the terminal event (${describeEvents(mixed.events)})`,
    );
  }),
];
