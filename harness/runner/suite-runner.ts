import type { Deadlines } from '../waits/deadlines.js';
import type { EngineClient } from '../transport/engine-client.js';
import { EngineHealth, withHealth } from '../transport/engine-health.js';
import type { Surface } from '../transport/peer-client.js';
import type { Selection } from '../verdicts/gating.js';
import { decideApplicability } from '../verdicts/gating.js';
import type { JsonObject } from '../support/json.js';
import type { ReproTarget } from '../verdicts/repro.js';
import type { CheckRecord } from '../verdicts/result-collector.js';
import { ResultCollector } from '../verdicts/result-collector.js';
import type { PlannedCheck, RunProgress } from '../verdicts/run-progress.js';
import type { RequirementResult } from '../verdicts/results.js';
import type { RequirementRegistry } from '../requirements/registry.js';
import type { Requirement } from '../requirements/requirement.js';
import { AREAS } from '../requirements/requirement.js';
import type { SchemaRegistry } from '../schemas/schema-registry.js';
import type { ReceiverBinding } from '../webhooks/webhook-receiver.js';
import type { RequirementTest } from './suite-dsl.js';
import { stopHeadline } from './run-budget.js';
import { CheckScheduler } from './check-scheduler.js';
import { isolationOf, startOrder } from './check-isolation.js';
import type { RunScope } from './check-execution.js';
import { runCheck } from './check-execution.js';
import { reproFor } from './rest-request-view.js';

export interface SuiteRunInput {
  /** The bare transport; each check gets its own client around it (check-client.ts). */
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

export interface SuiteRunOutput {
  results: RequirementResult[];
  /** Set when the engine stopped answering mid-run and the remaining checks were blocked. */
  stoppedAnswering: string | undefined;
  /** Fixtures and capabilities a core requirement needs that the engine does not advertise, one line each. */
  coreGaps: string[];
}

export const INTERRUPTED = 'the run was interrupted (SIGINT/SIGTERM); the checks not yet run were not exercised';

/** A requirement whose check will run: what the collector needs once it is over. */
interface PlannedEntry {
  requirement: Requirement;
  check: RequirementTest;
  record: CheckRecord;
}

/**
 * The one path of a run: gating decides the requirements that are not run; the scheduler runs the
 * rest (up to --jobs at once); each outcome goes to the collector, which decides the result, in
 * the serial order (areas, then registry order) whatever order the checks ran in. No mocha under
 * the run: it only awaited outcomes the scheduler had settled, its timeout doubled the check's own
 * safety timeout, and its reporter was a second place deciding a result (mocha stays the project's
 * own test runner).
 */
export async function runSuites(input: SuiteRunInput): Promise<SuiteRunOutput> {
  const repro = reproFor(input.reproTarget);
  const collector = new ResultCollector(input.requirements, repro, input.selection.transport);
  const run = openRunScope(input, repro, collector);
  // The stop signal is Ctrl-C's or the --max-duration budget's; the budget's reason names itself.
  const interrupt = (): void => run.health.stop(stopHeadline(input.signal) ?? INTERRUPTED);
  if (input.signal?.aborted) interrupt();
  input.signal?.addEventListener('abort', interrupt, { once: true });
  try {
    const { entries, coreGaps } = plan(input, collector);
    input.progress?.planned(entries.map(({ requirement }): PlannedCheck => ({ requirementId: requirement.id, area: requirement.area })));
    const scheduler = new CheckScheduler(input.jobs ?? 1);
    const ordered = startOrder(entries, scheduler.jobs);
    const settled = scheduler.schedule(
      ordered.map((entry) => ({ isolation: isolationOf(entry.requirement), run: () => runCheck(run, entry.requirement, entry.check, entry.record) })),
    );
    const outcomes = new Map(ordered.map((entry, position) => [entry, settled[position]]));
    for (const entry of entries) {
      input.progress?.checkStarted(entry.requirement.id);
      // runCheck returns the check's outcome; a rejection here is a bug in the runner itself.
      const failure: unknown = await (outcomes.get(entry) ?? Promise.reject(new Error(`${entry.requirement.id} was never scheduled`))).catch(
        (error: unknown) => error,
      );
      const disposition = collector.checked(entry.requirement, failure, entry.record);
      input.progress?.checkFinished(entry.requirement.id, disposition);
    }
    return { results: collector.finalize(), coreGaps, stoppedAnswering: run.health.headline };
  } finally {
    input.signal?.removeEventListener('abort', interrupt);
  }
}

/** Decides every requirement that will not run (skipped, inapplicable, required but missing); lists the rest. */
function plan(input: SuiteRunInput, collector: ResultCollector): { entries: PlannedEntry[]; coreGaps: string[] } {
  const checksById = new Map(input.checks.map((check) => [check.requirementId, check]));
  const gaps = new Map<string, string[]>();
  const entries: PlannedEntry[] = [];
  for (const area of AREAS) {
    for (const requirement of input.requirements.all.filter((entry) => entry.area === area)) {
      const decision = decideApplicability(requirement, input.capabilities, input.selection);
      if (decision.kind === 'skipped') {
        collector.decided(requirement, 'skipped', decision.reason);
      } else if (decision.kind === 'inapplicable') {
        collector.decided(requirement, 'inapplicable', decision.reason, decision.warnings);
        if (requirement.core) for (const item of decision.missing) gaps.set(item, [...(gaps.get(item) ?? []), requirement.id]);
      } else if (decision.kind === 'required-but-missing') {
        collector.decided(requirement, 'fail', decision.reason);
      } else {
        const check = checksById.get(requirement.id);
        // Without a check, finalize() reports it blocked: no check implements it.
        if (check) entries.push({ requirement, check, record: { assertions: 0, durationMs: 0, warnings: [] } });
      }
    }
  }
  const coreGaps = [...gaps].map(([item, ids]) => `${item} (needed by core requirement${ids.length === 1 ? '' : 's'} ${ids.join(', ')})`);
  return { entries, coreGaps };
}

/** The run's shared state: one health circuit per surface, each aborting every check in flight when it opens. */
function openRunScope(input: SuiteRunInput, repro: RunScope['reproFor'], collector: ResultCollector): RunScope {
  const health = new EngineHealth();
  const inFlight = new Set<AbortController>();
  const abortAll = (): void => {
    for (const controller of inFlight) controller.abort();
  };
  health.onOpen(abortAll);
  const run: RunScope = {
    transport: withHealth(input.transport, health),
    health,
    inFlight,
    memo: new Map(),
    capabilities: input.capabilities,
    deadlines: input.deadlines,
    schemas: input.schemas,
    onViolation: (violation, seenIn) => collector.violationSeen(violation, seenIn),
    reproFor: repro,
    ...(input.webhookReceiver && { webhookReceiver: input.webhookReceiver }),
    ...(input.limitedToken !== undefined && { limitedToken: input.limitedToken }),
    ...(input.otherTenantToken !== undefined && { otherTenantToken: input.otherTenantToken }),
  };
  if (input.peer) {
    // Its own circuit: a silent peer blocks the parity checks, never the single-surface ones.
    const peerHealth = new EngineHealth();
    peerHealth.onOpen(abortAll);
    run.peer = { ...input.peer, transport: withHealth(input.peer.transport, peerHealth), health: peerHealth };
  }
  return run;
}
