import { check } from '../../harness/runner/suite-dsl.js';
import type { PeerView, TestContext } from '../../harness/runner/test-context.js';
import { listDifferences, surfaceDifferences } from '../../harness/parity/surface-diff.js';
import type { Deadline } from '../../harness/waits/deadlines.js';
import { readRunLog } from '../../harness/waits/run-log-reader.js';
import type { RunLog } from '../../harness/waits/run-log-reader.js';
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

/** Parity compares whole events (timestamps too, after normalisation): a flood's repeats are kept, within the reader's bound. */
const WHOLE = { fold: false };

/**
 * The run's full log over the main surface: `debug` is every persisted event (runs-events §2), the
 * fullest sequence to compare; an engine that does not serve debug (a SHOULD) is compared on its
 * default mode, `updates`, which every engine serves.
 */
async function mainLog(t: TestContext, runId: string, deadline: Deadline): Promise<{ log: RunLog; modes: string[] | undefined }> {
  try {
    return { log: await readRunLog(t.client, runId, deadline, (message) => t.warn(message), ['debug'], WHOLE), modes: ['debug'] };
  } catch (error) {
    if (!(error instanceof RpcError) || error.code !== GrpcCode.INVALID_ARGUMENT) throw error;
    t.warn(`stream mode debug was refused (${error.envelopeCode ?? error.codeName}); the event sequences were compared in the default mode (updates)`);
    return { log: await readRunLog(t.client, runId, deadline, (message) => t.warn(message), undefined, WHOLE), modes: undefined };
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
    untilVisible(runId, deadline, () => peer.client.getRun({ runId }), (message) => t.warn(message)),
  );
  const peerEvents = await t.control(`StreamRunEvents over the ${peer.surface} surface`, readRunLog(peer.client, runId, deadline, (message) => t.warn(message), modes, WHOLE));
  t.precondition(mainEvents.omitted === 0 && peerEvents.omitted === 0, `run ${runId} logged more events than the suite keeps, so the sequences cannot be compared whole`);

  const where = `${fixture} run ${runId}`;
  const snapshots = bySurface(peer, plainJson(mainSnapshot), plainJson(peerSnapshot.snapshot));
  const events = bySurface(peer, plainJson(mainEvents.events.map(carried)), plainJson(peerEvents.events.map(carried)));
  return [...surfaceDifferences(snapshots, ['snapshot']), ...surfaceDifferences(events, ['events'])].map((line) => `${where}: ${line}`);
}

export const RUN_PARITY_CHECKS = [
  check('parity.run-observed-identically', async (t: TestContext) => {
    const peer = t.requirePeer();
    // conformance-noop always; the multi-node fixture too when listed, for a log with node events.
    const fixtures = [Fixture.noop, ...(advertisedFixtures(t.capabilities).includes(Fixture.multiNode) ? [Fixture.multiNode] : [])];
    const differences: string[] = [];
    for (const fixture of fixtures) differences.push(...(await compareRun(t, peer, fixture)));
    if (differences.length > 0) {
      t.fail(`the run read over the two surfaces differs: ${listDifferences(differences)}`, 'the same snapshot and event sequence over both surfaces', listDifferences(differences));
    }
    t.assert.isEmpty(differences, `runs of ${fixtures.join(', ')} read identically over both surfaces`);
  }),
];
