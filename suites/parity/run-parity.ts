import { check } from '../../harness/runner/suite-dsl.js';
import type { PeerView, TestContext } from '../../harness/runner/test-context.js';
import { listDifferences, surfaceDifferences, unknownOneSidedMembers } from '../../harness/parity/surface-diff.js';
import { sharedSchemaRegistry } from '../../harness/schemas/schema-registry.js';
import { SchemaId } from '../../harness/schemas/schema-ids.js';
import type { Deadline } from '../../harness/waits/deadlines.js';
import { readRunLog } from '../../harness/waits/run-log-reader.js';
import type { RunLog } from '../../harness/waits/run-log-reader.js';
import type { EventTrace } from '../../harness/waits/event-trace.js';
import type { BySurface } from '../../harness/parity/surface-diff.js';
import { untilVisible } from '../../harness/waits/run-visibility.js';
import { TERMINAL_STATUSES } from '../../harness/waits/run-waits.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { advertisedFixtures } from '../../harness/verdicts/gating.js';
import { Fixture } from '../fixture-ids.js';
import { bySurface, plainJson } from './surface-pair.js';
import type { RunEvent } from '../../harness/transport/engine-client.js';

/**
 * How long the suite waits for a fixture run to finish before comparing it. Borrowed from the
 * fixture's stated bound but held as the suite's: a slow run is the lifecycle area's finding, and
 * here it only blocks.
 */
function finishing(t: TestContext, fixture: string): Deadline {
  const bound = t.deadlines.fixtureCompletion(fixture);
  return { ms: bound.ms, source: 'suite', basis: `parity compares a finished run; ${bound.basis} is the lifecycle area's to judge` };
}

/**
 * The run's full log over the main surface: `debug` is every persisted event (runs-events §2), the
 * fullest sequence to compare; an engine that does not serve debug (a SHOULD) is compared on its
 * default mode, `updates`, which every engine serves.
 */
async function mainLog(t: TestContext, runId: string, deadline: Deadline): Promise<{ log: RunLog; modes: string[] | undefined }> {
  try {
    return { log: await readRunLog(t.client, runId, deadline, (message) => t.warn(message), ['debug']), modes: ['debug'] };
  } catch (error) {
    if (!(error instanceof RpcError) || error.code !== GrpcCode.INVALID_ARGUMENT) throw error;
    t.warn(`stream mode debug was refused (${error.envelopeCode ?? error.codeName}); the event sequences were compared in the default mode (updates)`);
    return { log: await readRunLog(t.client, runId, deadline, (message) => t.warn(message)), modes: undefined };
  }
}

/**
 * The event fields both wires carry: RunEventDoc's optional schemaVersion/engineVersion (§1.5) have
 * no field in this suite's RunEventEnvelope IDL (proto/openwop/v1), so their absence over gRPC is the
 * IDL's, not a difference the engine made; everything else is compared.
 */
const carried = (event: RunEvent): RunEvent => ({
  eventId: event.eventId,
  sequence: event.sequence,
  runId: event.runId,
  type: event.type,
  ...(event.nodeId !== undefined && { nodeId: event.nodeId }),
  payload: event.payload,
  timestamp: event.timestamp,
  ...(event.causationId !== undefined && { causationId: event.causationId }),
});

/**
 * One fixture run, created over the main surface and read over both once it finished: the
 * terminal snapshot and every event must be equal field by field. Nothing is exempt: a finished
 * run's snapshot no longer changes and both surfaces read one engine (§1.1), so the only
 * normalisation is the wire's own (numbers as doubles, date-times as instants, key order).
 */
async function compareRun(t: TestContext, peer: PeerView, fixture: string): Promise<string[]> {
  const { runId } = await t.control(`CreateRun ${fixture}`, t.createRun({ workflowId: fixture }));
  t.precondition(runId, `CreateRun ${fixture} returned no run id`);
  const deadline = finishing(t, fixture);
  const { log: mainEvents, modes } = await mainLog(t, runId, deadline);
  const mainSnapshot = (await t.untilStatus(runId, TERMINAL_STATUSES, deadline, 'precondition')).snapshot;
  // The peer reads a run another surface created: allow it to catch up (eventual consistency).
  const peerSnapshot = await t.control(
    `GetRun over the ${peer.surface} surface`,
    untilVisible(
      runId,
      deadline,
      () => peer.client.getRun({ runId }),
      (message) => t.warn(message),
    ),
  );
  const peerEvents = await t.control(
    `StreamRunEvents over the ${peer.surface} surface`,
    readRunLog(peer.client, runId, deadline, (message) => t.warn(message), modes),
  );
  const where = `${fixture} run ${runId}`;
  // A surface that refused the seed's from-start cursor -1 was read from 0, without event 0 (readRunLog
  // warns; protocol-digest §1.5: -1 is not spec text): event 0 is then compared on one surface only.
  const startsAtZero = (log: RunLog): boolean => log.trace.length > 0 && log.trace.sequence(0) === 0;
  const skipFirst = { main: false, peer: false };
  if (startsAtZero(mainEvents) !== startsAtZero(peerEvents)) {
    t.warn(`${where}: event 0 was read over one surface only (the other was read from cursor 0); the sequences were compared from event 1`);
    skipFirst.main = startsAtZero(mainEvents);
    skipFirst.peer = startsAtZero(peerEvents);
  }
  const snapshots = bySurface(peer, plainJson(mainSnapshot), plainJson(peerSnapshot.snapshot));
  // Unknown members are judged once, as everywhere (wire-contract.ts): one surface's extra member
  // the snapshot schema does not define is a warning, not a difference.
  const extra = unknownOneSidedMembers(snapshots, sharedSchemaRegistry().document(SchemaId.runSnapshot), ['snapshot']);
  for (const note of extra.notes) t.warn(`${where}: ${note}`);
  // Every event is compared by its trace (sequence, type, id, content digest); the events the
  // reader kept whole on both surfaces (every run.*/node.* event, the first of a flood's repeats)
  // also field by field, timestamps included.
  const traced = traceDifferences(bySurface(peer, mainEvents.trace, peerEvents.trace), bySurface(peer, skipFirst.main, skipFirst.peer));
  const peerKept = new Map(peerEvents.events.map((event) => [event.sequence, event]));
  const mainKept = mainEvents.events.filter((event) => peerKept.has(event.sequence) && !(event.sequence === 0 && (skipFirst.main || skipFirst.peer)));
  const folded = Math.max(mainEvents.trace.length - mainKept.length, 0);
  if (folded > 0 && traced.length === 0)
    t.warn(
      `${where}: ${folded} repeated event(s) were compared by sequence, type, id and a digest of their content, not field by field (the reader keeps a flood's repeats as a trace)`,
    );
  const events = bySurface(peer, plainJson(mainKept.map(carried)), plainJson(mainKept.map((event) => carried(peerKept.get(event.sequence) as RunEvent))));
  return [...surfaceDifferences(snapshots, ['snapshot'], extra.ignore), ...traced, ...surfaceDifferences(events, ['events'])].map(
    (line) => `${where}: ${line}`,
  );
}

/** The two traces event by event: count, then sequence, type, identity and content digest at each position. */
function traceDifferences(traces: BySurface<EventTrace>, skipFirst: BySurface<boolean>): string[] {
  const offset = { grpc: skipFirst.grpc ? 1 : 0, rest: skipFirst.rest ? 1 : 0 };
  const count = { grpc: traces.grpc.length - offset.grpc, rest: traces.rest.length - offset.rest };
  const differences: string[] = [];
  if (count.grpc !== count.rest) differences.push(`event count: grpc ${count.grpc}, rest ${count.rest}`);
  for (let index = 0; index < Math.min(count.grpc, count.rest) && differences.length < MAX_TRACE_DIFFERENCES; index += 1) {
    const g = index + offset.grpc;
    const r = index + offset.rest;
    const same =
      traces.grpc.sequence(g) === traces.rest.sequence(r) &&
      traces.grpc.type(g) === traces.rest.type(r) &&
      traces.grpc.identity(g) === traces.rest.identity(r) &&
      traces.grpc.replayKey(g) === traces.rest.replayKey(r);
    if (!same) differences.push(`event #${index}: grpc ${traces.grpc.label(g)}, rest ${traces.rest.label(r)} (sequence, type, id or content differ)`);
  }
  return differences;
}

const MAX_TRACE_DIFFERENCES = 8;

export const RUN_PARITY_CHECKS = [
  check('parity.run-observed-identically', async (t: TestContext) => {
    const peer = t.requirePeer();
    // conformance-noop always; the multi-node fixture too when listed, for a log with node events.
    const fixtures = [Fixture.noop, ...(advertisedFixtures(t.capabilities).includes(Fixture.multiNode) ? [Fixture.multiNode] : [])];
    const differences: string[] = [];
    for (const fixture of fixtures) differences.push(...(await compareRun(t, peer, fixture)));
    if (differences.length > 0) {
      t.fail(
        `the run read over the two surfaces differs: ${listDifferences(differences)}`,
        'the same snapshot and event sequence over both surfaces',
        listDifferences(differences),
      );
    }
    t.assert.isEmpty(differences, `runs of ${fixtures.join(', ')} read identically over both surfaces`);
  }),
];
