import Mocha from 'mocha';
import type { AssertionCounter } from '../verdicts/counting-assert.js';
import type { Deadlines } from '../waits/deadlines.js';
import type { EngineClient } from '../transport/engine-client.js';
import type { Selection } from '../verdicts/gating.js';
import { decideApplicability } from '../verdicts/gating.js';
import type { JsonObject } from '../support/json.js';
import type { ReproTarget } from '../verdicts/repro.js';
import { reproCommand } from '../verdicts/curl-repro.js';
import type { CheckRecord } from '../verdicts/result-collector.js';
import { ResultCollector, classifyError } from '../verdicts/result-collector.js';
import type { PlannedCheck, RunProgress } from './run-progress.js';
import type { RequirementRegistry } from '../requirements/registry.js';
import type { Requirement } from '../requirements/requirement.js';
import { AREAS } from '../requirements/requirement.js';
import type { RequirementResult } from '../verdicts/results.js';
import type { RpcName } from '../transport/rpc-names.js';
import type { SchemaRegistry } from '../schemas/schema-registry.js';
import type { RequirementTest } from './suite-dsl.js';
import type { PeerView } from './test-context.js';
import { TestContext } from './test-context.js';
import type { Surface } from '../transport/peer-client.js';
import { withRestStatusAudit } from '../transport/rest/rest-status-audit.js';
import { createValidatingClient } from '../schemas/wire-validation.js';
import { evidenceOf } from '../verdicts/evidence.js';
import { withRateLimitRetry } from '../transport/rate-limit-retry.js';
import { EngineHealth, withCheckScope, withHealth } from '../transport/engine-health.js';
import { BlockedError } from '../verdicts/outcome-errors.js';
import { stopHeadline } from './run-budget.js';
import type { ReceiverBinding } from '../webhooks/webhook-receiver.js';
import { CheckScheduler } from './check-scheduler.js';
import type { ScheduledTask } from './check-scheduler.js';
import { isolationOf } from './check-isolation.js';

export interface SuiteRunInput {
  /** The bare transport; each check gets its own validating wrapper around it. */
  transport: EngineClient;
  schemas: SchemaRegistry;
  requirements: RequirementRegistry;
  checks: readonly RequirementTest[];
  capabilities: JsonObject;
  selection: Selection;
  deadlines: Deadlines;
  reproTarget: ReproTarget;
  /** Live progress (TTY line, CI lines); absent in tests and the self-test. */
  progress?: RunProgress;
  /** Aborting it (Ctrl-C) stops the run: the check in flight is cancelled and the rest blocked. */
  signal?: AbortSignal;
  /** Where webhook checks bind their receiver; default 127.0.0.1 on any free port. */
  webhookReceiver?: ReceiverBinding;
  /** --limited-token, handed to the checks that test scopes. */
  limitedToken?: string;
  /** --other-tenant-token, handed to the tenant-isolation checks. */
  otherTenantToken?: string;
  /**
   * --jobs: checks in flight at once (default 1). Results, progress lines and the report keep the
   * serial order whatever N is; checks that share engine-wide state run alone (check-isolation.ts).
   */
  jobs?: number;
  /**
   * The same engine over its other surface (parity area), bare like `transport`: each check gets it
   * decorated exactly like the main client. The selection's `peer` says whether checks may use it.
   */
  peer?: PeerInput;
}

/** The second surface as the runner hands it over: the bare client and which surface each side is. */
export interface PeerInput {
  transport: EngineClient;
  surface: Surface;
  mainSurface: Surface;
}

/** A check may not run longer than this, whatever its own waits say (scaled by --timeout-scale). */
const SAFETY_TIMEOUT_MS = 120_000;
const MOCHA_BACKSTOP_MS = 30_000;
export const INTERRUPTED = 'the run was interrupted (SIGINT/SIGTERM); the checks not yet run were not exercised';

interface PendingCheck {
  requirement: Requirement;
  record: CheckRecord;
}

/**
 * Runs the applicable checks as mocha tests, one mocha suite per area, through mocha's
 * programmatic API. Tests are built from check definitions for each run (not loaded from files),
 * so one process can run the suite many times. A reporter feeds our results model from mocha's
 * pass/fail events; requirements that are not run are decided before mocha starts.
 */
export interface SuiteRunOutput {
  results: RequirementResult[];
  /** Set when the engine stopped answering mid-run and the remaining checks were blocked. */
  stoppedAnswering: string | undefined;
  /** Fixtures and capabilities a core requirement needs that the engine does not advertise, one line each. */
  coreGaps: string[];
}

export async function runSuites(input: SuiteRunInput): Promise<SuiteRunOutput> {
  const collector = new ResultCollector(input.requirements, (rpc, request) => reproCommand(input.reproTarget, rpc, request), input.selection.transport);
  const checksById = new Map(input.checks.map((check) => [check.requirementId, check]));
  const pending = new Map<Mocha.Runnable, PendingCheck>();
  const gaps = new Map<string, string[]>();
  const health = new EngineHealth();
  const run: RunScope = { transport: withHealth(input.transport, health), health, inFlight: new Set(), memo: new Map() };
  health.onOpen(() => {
    for (const controller of run.inFlight) controller.abort();
  });
  if (input.peer) {
    // Its own circuit: a silent peer blocks the parity checks, never the single-surface ones.
    const peerHealth = new EngineHealth();
    run.peer = { ...input.peer, transport: withHealth(input.peer.transport, peerHealth), health: peerHealth };
    peerHealth.onOpen(() => {
      for (const controller of run.inFlight) controller.abort();
    });
  }
  // The stop signal is Ctrl-C's or the --max-duration budget's; the budget's reason names itself.
  const interrupt = (): void => health.stop(stopHeadline(input.signal) ?? INTERRUPTED);
  if (input.signal?.aborted) interrupt();
  input.signal?.addEventListener('abort', interrupt, { once: true });
  const scheduler = new CheckScheduler(input.jobs ?? 1);
  // Our own safety timeout (in the check) goes first and cancels the check's calls; mocha's is a
  // backstop. With jobs > 1 a test may also wait for a slot held by a later check (itself bounded).
  const backstopMs = (SAFETY_TIMEOUT_MS * input.deadlines.timeoutScale) * (scheduler.jobs > 1 ? 2 : 1) + MOCHA_BACKSTOP_MS;
  const mocha = new Mocha({ timeout: backstopMs, reporter: collectingReporter(collector, pending, input.progress) });
  const planned: PlannedCheck[] = [];
  const tasks: ScheduledTask<void>[] = [];
  let outcomes: Promise<void>[] | undefined;
  // Checks start when mocha starts its first test, through the scheduler; each mocha test then
  // awaits its own check's outcome in serial order, so mocha's events (our results) keep that order.
  const outcomeOf = (index: number): Promise<void> => {
    outcomes ??= scheduler.schedule(tasks);
    return outcomes[index] as Promise<void>;
  };

  for (const area of AREAS) {
    const suite = Mocha.Suite.create(mocha.suite, area);
    for (const requirement of input.requirements.all.filter((entry) => entry.area === area)) {
      const decision = decideApplicability(requirement, input.capabilities, input.selection);
      if (decision.kind === 'skipped') {
        collector.decided(requirement, 'skipped', decision.reason);
        continue;
      }
      if (decision.kind === 'inapplicable') {
        collector.decided(requirement, 'inapplicable', decision.reason, decision.warnings);
        if (requirement.core) for (const item of decision.missing) gaps.set(item, [...(gaps.get(item) ?? []), requirement.id]);
        continue;
      }
      if (decision.kind === 'required-but-missing') {
        collector.decided(requirement, 'fail', decision.reason);
        continue;
      }
      const check = checksById.get(requirement.id);
      if (!check) continue; // finalize() reports it blocked: no check implements it
      const record: CheckRecord = { assertions: 0, durationMs: 0, warnings: [] };
      const index = tasks.length;
      tasks.push({ isolation: isolationOf(requirement), run: () => runCheck(input, run, requirement, check, collector, record) });
      suite.addTest(
        new Mocha.Test(`${requirement.id}: ${requirement.title}`, async function (this: Mocha.Context): Promise<void> {
          if (this.test) pending.set(this.test, { requirement, record });
          input.progress?.checkStarted(requirement.id);
          await outcomeOf(index);
        }),
      );
      planned.push({ requirementId: requirement.id, area });
    }
  }
  input.progress?.planned(planned);

  await new Promise<void>((resolve) => {
    mocha.run(() => resolve());
  });
  mocha.dispose();
  const coreGaps = [...gaps].map(([item, ids]) => `${item} (needed by core requirement${ids.length === 1 ? '' : 's'} ${ids.join(', ')})`);
  input.signal?.removeEventListener('abort', interrupt);
  return { results: collector.finalize(), coreGaps, stoppedAnswering: health.headline };
}

/** What every check of one run shares: the health-watched transport and the checks in flight. */
interface RunScope {
  transport: EngineClient;
  health: EngineHealth;
  /** One controller per check in flight; an open circuit (or Ctrl-C) aborts them all. */
  inFlight: Set<AbortController>;
  /** TestContext.once: answers shared by the checks of this run. */
  memo: Map<string, Promise<unknown>>;
  /** The health-watched peer surface, when the run has one. */
  peer?: PeerInput & { health: EngineHealth };
}

/** The peer's circuit headline, for a check that uses the peer. */
const peerHeadline = (run: RunScope, requirement: Requirement): string | undefined =>
  requirement.needsPeer && run.peer?.health.headline ? `the ${run.peer.surface} surface: ${run.peer.health.headline}` : undefined;

/** One check, start to end: its own scoped, validating client and context; throws its outcome. */
async function runCheck(input: SuiteRunInput, run: RunScope, requirement: Requirement, check: RequirementTest, collector: ResultCollector, record: CheckRecord): Promise<void> {
  const counter: AssertionCounter = { count: 0 };
  const warnings = record.warnings;
  // Once the engine stopped answering, the rest is blocked with one headline, not waited out call by call.
  if (run.health.headline) throw new BlockedError(`not exercised: ${run.health.headline}`);
  const peerDown = peerHeadline(run, requirement);
  if (peerDown) throw new BlockedError(`not exercised: ${peerDown}`);
  let lastCall: { rpc: RpcName; request: unknown } | undefined;
  const controller = new AbortController();
  run.inFlight.add(controller);
  const scope = withCheckScope(run.transport, controller.signal);
  // A rate limit is honoured once per call (retry-after), then blocks: it says nothing about conformance.
  const warn = (message: string): void => {
    if (!warnings.includes(message)) warnings.push(message);
  };
  const patient = withRateLimitRetry(scope.client, { maxWaitMs: input.deadlines.rateLimitWaitMs(), onRetry: warn });
  // Over REST every answer of every check is held to the status table, charged to its owner (issue 15).
  const audited = run.transport.transport === 'rest' ? withRestStatusAudit(patient, (finding) => collector.violationSeen(finding, requirement.id)) : patient;
  const client = createValidatingClient(audited, input.schemas, {
    caseId: requirement.id,
    listener: {
      onCall: (rpc, request) => {
        lastCall = { rpc, request };
      },
      onViolation: (violation) => collector.violationSeen(violation, requirement.id),
      onWarning: warn,
    },
  });
  // The peer is decorated exactly like the main client (scope, rate limit, validation), but its
  // calls are not the repro evidence: the reproduction command speaks the main target's transport.
  const peerScope = run.peer && requirement.needsPeer ? withCheckScope(run.peer.transport, controller.signal) : undefined;
  const peer: PeerView | undefined =
    run.peer && peerScope
      ? {
          surface: run.peer.surface,
          mainSurface: run.peer.mainSurface,
          client: createValidatingClient(withRateLimitRetry(peerScope.client, { maxWaitMs: input.deadlines.rateLimitWaitMs(), onRetry: warn }), input.schemas, {
            caseId: requirement.id,
            listener: { onCall: () => undefined, onViolation: (violation) => collector.violationSeen(violation, requirement.id), onWarning: warn },
          }),
        }
      : undefined;
  const context = new TestContext(requirement, client, input.capabilities, input.deadlines, input.schemas, counter, warnings, () => lastCall, run.memo, input.webhookReceiver, input.limitedToken, peer, input.otherTenantToken);
  const started = performance.now();
  let failure: unknown;
  const safetyMs = SAFETY_TIMEOUT_MS * input.deadlines.timeoutScale;
  let safetyTimer: NodeJS.Timeout | undefined;
  const outran = new Promise<never>((_, reject) => {
    safetyTimer = setTimeout(() => {
      // Rejected before the abort, so the race reports the timeout, not the cancellation.
      reject(new BlockedError(`the check outran the suite's safety timeout of ${Math.round(safetyMs / 1000)} s (the suite's bound, not the spec's); its calls were cancelled`));
      controller.abort();
    }, safetyMs);
  });
  // A stopped run (Ctrl-C, --max-duration, the circuit) does not wait for a check that ignores its signal.
  const stopped = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(new BlockedError(`not finished: ${run.health.headline ?? 'the check was cancelled'}`)), { once: true });
  });
  stopped.catch(() => undefined);
  try {
    await Promise.race([check.run(context), outran, stopped]);
  } catch (error) {
    failure = error;
  }
  record.durationMs = performance.now() - started;
  record.assertions = counter.count;
  // The call the finding is about when it says so; else the last one sent. Discovery checks
  // read the document the runner fetched, so their evidence is GetCapabilities.
  const evidence = evidenceOf(failure) ?? lastCall ?? (requirement.rpcs.includes('GetCapabilities') ? { rpc: 'GetCapabilities' as const, request: {} } : undefined);
  if (evidence) record.repro = reproCommand(input.reproTarget, evidence.rpc, evidence.request);
  clearTimeout(safetyTimer);
  // Cleanup (cancelling the runs the check left live) still runs in the check's scope; then every
  // call and stream the check left open is cancelled, so nothing keeps calling the engine.
  if (!run.health.headline) await context.cleanup();
  controller.abort();
  scope.close();
  peerScope?.close();
  run.inFlight.delete(controller);
  if (failure === undefined) return;
  // A check cut short because the engine went silent is not a finding about the engine.
  if (run.health.headline && !(failure instanceof BlockedError)) throw new BlockedError(`not finished: ${run.health.headline}`);
  const peerSilent = peerHeadline(run, requirement);
  if (peerSilent && !(failure instanceof BlockedError)) throw new BlockedError(`not finished: ${peerSilent}`);
  throw failure;
}

/** Our mocha reporter: turns mocha's verdict on each test into a requirement result. */
function collectingReporter(collector: ResultCollector, pending: Map<Mocha.Runnable, PendingCheck>, progress: RunProgress | undefined) {
  const { EVENT_TEST_PASS, EVENT_TEST_FAIL } = Mocha.Runner.constants;
  return class CollectingReporter extends Mocha.reporters.Base {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
      super(runner, options);
      runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => {
        const entry = pending.get(test);
        if (entry) collector.checked(entry.requirement, undefined, entry.record);
        if (entry) progress?.checkFinished(entry.requirement.id, entry.record.assertions > 0 ? 'pass' : 'blocked');
      });
      runner.on(EVENT_TEST_FAIL, (test: Mocha.Test, error: unknown) => {
        const entry = pending.get(test);
        if (entry && !collector.has(entry.requirement.id)) collector.checked(entry.requirement, error ?? new Error('mocha reported a failure without an error'), entry.record);
        if (entry) progress?.checkFinished(entry.requirement.id, classifyError(error).disposition);
      });
    }
  };
}
