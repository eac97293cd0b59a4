import type { AssertionCounter } from '../verdicts/counting-assert.js';
import type { Deadlines } from '../waits/deadlines.js';
import type { EngineClient } from '../transport/engine-client.js';
import type { EngineHealth } from '../transport/engine-health.js';
import type { Surface } from '../transport/peer-client.js';
import type { RpcName } from '../transport/rpc-names.js';
import type { JsonObject } from '../support/json.js';
import type { Requirement } from '../requirements/requirement.js';
import type { SchemaRegistry } from '../schemas/schema-registry.js';
import type { CheckRecord } from '../verdicts/result-collector.js';
import type { WireSchemaViolation } from '../verdicts/outcome-errors.js';
import { BlockedError } from '../verdicts/outcome-errors.js';
import { evidenceOf } from '../verdicts/evidence.js';
import type { ReceiverBinding } from '../webhooks/webhook-receiver.js';
import type { RequirementTest } from './suite-dsl.js';
import type { PeerView } from './test-context.js';
import { TestContext } from './test-context.js';
import { checkClient } from './check-client.js';

/** A check may not run longer than this, whatever its own waits say (scaled by --timeout-scale). */
const SAFETY_TIMEOUT_MS = 120_000;

/** What every check of one run shares: the health-watched transports, the checks in flight, the run's memo. */
export interface RunScope {
  transport: EngineClient;
  health: EngineHealth;
  /** One controller per check in flight; an open circuit (or Ctrl-C) aborts them all. */
  inFlight: Set<AbortController>;
  /** TestContext.once: answers shared by the checks of this run. */
  memo: Map<string, Promise<unknown>>;
  /** The health-watched peer surface, when the run has one. */
  peer?: { transport: EngineClient; surface: Surface; mainSurface: Surface; health: EngineHealth };
  capabilities: JsonObject;
  deadlines: Deadlines;
  schemas: SchemaRegistry;
  webhookReceiver?: ReceiverBinding;
  limitedToken?: string;
  otherTenantToken?: string;
  /** A schema or status finding, charged by the collector to its owner; `seenIn` is the check that met it. */
  onViolation(violation: WireSchemaViolation, seenIn: string): void;
  /** The repro line for a call against the target. */
  reproFor(rpc: RpcName, request: unknown): string;
}

/** The peer's circuit headline, for a check that uses the peer. */
const peerHeadline = (run: RunScope, requirement: Requirement): string | undefined =>
  requirement.needsPeer && run.peer?.health.headline ? `the ${run.peer.surface} surface: ${run.peer.health.headline}` : undefined;

/**
 * One check, start to end: its own clients and context, its safety timeout, its cleanup. Returns
 * what the check threw (undefined when it returned); the record gets its assertions, duration,
 * warnings and repro line. Deciding the result from these is the collector's, in one place.
 */
export async function runCheck(run: RunScope, requirement: Requirement, check: RequirementTest, record: CheckRecord): Promise<unknown> {
  // Once the engine stopped answering, the rest is blocked with one headline, not waited out call by call.
  if (run.health.headline) return new BlockedError(`not exercised: ${run.health.headline}`);
  const peerDown = peerHeadline(run, requirement);
  if (peerDown) return new BlockedError(`not exercised: ${peerDown}`);
  const counter: AssertionCounter = { count: 0 };
  const warn = (message: string): void => {
    if (!record.warnings.includes(message)) record.warnings.push(message);
  };
  let lastCall: { rpc: RpcName; request: unknown } | undefined;
  const controller = new AbortController();
  run.inFlight.add(controller);
  const common = { signal: controller.signal, rateLimitWaitMs: run.deadlines.rateLimitWaitMs(), onWarning: warn };
  const onViolation = (violation: WireSchemaViolation): void => run.onViolation(violation, requirement.id);
  const main = checkClient(run.transport, {
    ...common,
    onStatusFinding: onViolation,
    validation: { schemas: run.schemas, caseId: requirement.id, onViolation, onCall: (rpc, request) => (lastCall = { rpc, request }) },
  });
  // The peer is decorated like the main client, but its calls are not the repro evidence: the
  // reproduction command speaks the main target's transport.
  const peerClient =
    run.peer && requirement.needsPeer
      ? checkClient(run.peer.transport, { ...common, validation: { schemas: run.schemas, caseId: requirement.id, onViolation } })
      : undefined;
  const peer: PeerView | undefined =
    run.peer && peerClient ? { surface: run.peer.surface, mainSurface: run.peer.mainSurface, client: peerClient.client } : undefined;
  const context = new TestContext({
    requirement,
    client: main.client,
    capabilities: run.capabilities,
    deadlines: run.deadlines,
    schemas: run.schemas,
    counter,
    warnings: record.warnings,
    lastCall: () => lastCall,
    runMemo: run.memo,
    onFinding: onViolation,
    ...(run.webhookReceiver && { webhookReceiver: run.webhookReceiver }),
    ...(run.limitedToken !== undefined && { limitedToken: run.limitedToken }),
    ...(run.otherTenantToken !== undefined && { otherTenantToken: run.otherTenantToken }),
    ...(peer && { peer }),
  });
  const started = performance.now();
  const failure = await bounded(check.run(context), controller, run);
  record.durationMs = performance.now() - started;
  record.assertions = counter.count;
  // The call the finding is about when it says so; else the last one sent. Discovery checks
  // read the document the runner fetched, so their evidence is GetCapabilities.
  const evidence =
    evidenceOf(failure) ?? lastCall ?? (requirement.rpcs.includes('GetCapabilities') ? { rpc: 'GetCapabilities' as const, request: {} } : undefined);
  if (evidence) record.repro = run.reproFor(evidence.rpc, evidence.request);
  // Cleanup (cancelling the runs the check left live) still runs in the check's scope; then every
  // call and stream the check left open is cancelled, so nothing keeps calling the engine.
  if (!run.health.headline) await context.cleanup();
  controller.abort();
  main.close();
  peerClient?.close();
  run.inFlight.delete(controller);
  if (failure === undefined) return undefined;
  // A check cut short because the engine went silent is not a finding about the engine.
  if (run.health.headline && !(failure instanceof BlockedError)) return new BlockedError(`not finished: ${run.health.headline}`);
  const peerSilent = peerHeadline(run, requirement);
  if (peerSilent && !(failure instanceof BlockedError)) return new BlockedError(`not finished: ${peerSilent}`);
  return failure;
}

/**
 * The check's own promise, raced against the suite's safety timeout and the check's cancellation
 * (Ctrl-C, --max-duration, the circuit), so a stopped run never waits for a check that ignores its
 * signal. Returns what the check threw, or undefined.
 */
async function bounded(checking: Promise<void>, controller: AbortController, run: RunScope): Promise<unknown> {
  const safetyMs = SAFETY_TIMEOUT_MS * run.deadlines.timeoutScale;
  let safetyTimer: NodeJS.Timeout | undefined;
  const outran = new Promise<never>((_, reject) => {
    safetyTimer = setTimeout(() => {
      // Rejected before the abort, so the race reports the timeout, not the cancellation.
      reject(
        new BlockedError(
          `the check outran the suite's safety timeout of ${Math.round(safetyMs / 1000)} s (the suite's bound, not the spec's); its calls were cancelled`,
        ),
      );
      controller.abort();
    }, safetyMs);
  });
  const stopped = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(new BlockedError(`not finished: ${run.health.headline ?? 'the check was cancelled'}`)), {
      once: true,
    });
  });
  stopped.catch(() => undefined);
  try {
    await Promise.race([checking, outran, stopped]);
    return undefined;
  } catch (error) {
    // A check that throws nothing at all (`throw undefined`) is still a thrown outcome: a suite bug.
    return error === undefined ? new Error('the check threw undefined') : error;
  } finally {
    clearTimeout(safetyTimer);
  }
}
