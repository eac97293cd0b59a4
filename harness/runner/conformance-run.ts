import { Deadlines } from '../waits/deadlines.js';
import { isSelected } from '../verdicts/gating.js';
import type { PeerAvailability } from '../verdicts/gating.js';
import { discoveryDigest } from '../../reporters/certification/bundle-digests.js';
import { ResultCollector } from '../verdicts/result-collector.js';
import type { RunProgress } from '../verdicts/run-progress.js';
import { reproTargetFor } from '../verdicts/repro.js';
import type { ComplianceReport } from '../verdicts/results.js';
import type { EngineClient } from '../transport/engine-client.js';
import type { RequirementRegistry } from '../requirements/registry.js';
import { REQUIREMENTS } from '../requirements/registry.js';
import type { SuiteCredential } from '../requirements/requirement.js';
import { sharedSchemaRegistry } from '../schemas/schema-registry.js';
import type { ReportInput } from '../../reporters/report-builder.js';
import { buildReport } from '../../reporters/report-builder.js';
import { ALL_CHECKS } from '../../suites/index.js';
import type { RequirementTest } from './suite-dsl.js';
import { runSuites } from './suite-runner.js';
import { RunBudget, defaultBudgetMs } from './run-budget.js';
import type { BundledEngine } from './bundled-engine.js';
import { startBundledEngine } from './bundled-engine.js';
import { checkClient } from './check-client.js';
import { connectTarget, credentialsRefusal, discover } from './engine-preflight.js';
import type { PeerConnection } from './peer-surface.js';
import { advertisedPeer, isReferenceTarget, mainSurfaceOf, peerFlag } from './peer-surface.js';
import type { TargetConnection } from './engine-preflight.js';

import type { RunOptions, RunOutcome } from './run-options.js';

export type { RunOptions, RunOutcome } from './run-options.js';

export interface RunDependencies {
  requirements?: RequirementRegistry;
  checks?: readonly RequirementTest[];
  /** Wraps the bare transport, e.g. to time engine calls in the benchmark. */
  wrapTransport?: (transport: EngineClient) => EngineClient;
  /** Wraps the peer surface's bare transport after wrapTransport (tests alter one surface to prove the parity checks fail). */
  wrapPeer?: (transport: EngineClient) => EngineClient;
  /** Live progress of the checks (the CLI's TTY line or CI lines). */
  progress?: RunProgress;
}

/** How long the suite waits for a first connection before calling the engine unreachable. */
const CONNECT_TIMEOUT_MS = 3_000;

type ReportBase = Pick<ReportInput, 'options' | 'url' | 'startedAt' | 'reference'>;

/**
 * Runs the conformance suite once against one engine and returns the report; writing and printing
 * are the caller's, and so is checking the options (harness/cli/run-options-check.ts). Never throws
 * for engine behaviour: an unreachable engine or a failed discovery still yields a report in which
 * every requirement is blocked. Throws UsageError for a target it cannot dial or a bundled engine
 * that refuses its faults.
 */
export async function runConformance(options: RunOptions, dependencies: RunDependencies = {}): Promise<RunOutcome> {
  const requirements = dependencies.requirements ?? REQUIREMENTS;
  const startedAt = new Date();
  const deadlines = new Deadlines(options.timeoutScale);
  const selected = requirements.all.filter((requirement) => isSelected(requirement.id, options.only, options.skip ?? []));
  const budgetMs = options.maxDurationSeconds !== undefined ? options.maxDurationSeconds * 1000 : defaultBudgetMs(selected, options.timeoutScale);
  // Ctrl-C and the budget share one stop signal; only Ctrl-C makes the exit code 130.
  const budget = new RunBudget(budgetMs, options.signal);
  let engine: BundledEngine | undefined;
  let target: TargetConnection | undefined;
  let peer: PeerConnection | undefined;
  try {
    const flaggedPeer = peerFlag(options);
    if (isReferenceTarget(options.target)) {
      engine = await startBundledEngine({
        target: options.target,
        faults: options.faults,
        variants: options.variants ?? [],
        ...(options.token !== undefined && { token: options.token }),
        ...(options.limitedToken !== undefined && { limitedToken: options.limitedToken }),
        ...(options.otherTenantToken !== undefined && { otherTenantToken: options.otherTenantToken }),
      });
    }
    const url = engine?.url ?? options.target;
    const token = engine?.token ?? options.token;
    const limitedToken = engine?.limitedToken ?? options.limitedToken;
    const otherTenantToken = engine?.otherTenantToken ?? options.otherTenantToken;
    target = connectTarget(url, token, options, deadlines);
    const mainSurface = mainSurfaceOf(url) ?? 'grpc';
    // A peer the user named is taken as given: if it does not answer, the parity checks block.
    const namedPeer = flaggedPeer ?? engine?.peer;
    if (namedPeer) peer = { ...target.connectPeer(namedPeer, mainSurface), ...(!flaggedPeer && { source: 'reference' as const }) };
    const reportBase: ReportBase = { options, url, startedAt, reference: engine !== undefined };
    const secrets = [token, limitedToken, otherTenantToken];
    const blockedAll = (reason: string): RunOutcome => redactSecrets(unreachable(reportBase, requirements, reason), secrets);

    try {
      await target.checkConnectivity(Math.round(CONNECT_TIMEOUT_MS * options.timeoutScale));
    } catch (error) {
      return blockedAll(error instanceof Error ? error.message : String(error));
    }
    // The runner's own calls honour a rate limit once too, or a limited engine would look
    // unreachable, and a Ctrl-C during them cancels them at once. Not validated: not evidence.
    const runnerClient = (inner: EngineClient): EngineClient =>
      checkClient(inner, { signal: budget.signal, rateLimitWaitMs: deadlines.rateLimitWaitMs() }).client;
    const client = target.client;
    const discovery = await discover(runnerClient(client));
    if (typeof discovery === 'string') return blockedAll(budget.expired ?? discovery);
    const refusal = await credentialsRefusal(runnerClient(client));
    if (refusal) return blockedAll(refusal);
    let peerAvailability: PeerAvailability | undefined = peer ? { available: true } : undefined;
    if (!peer && mainSurface === 'rest') {
      const advertised = await advertisedPeer(discovery, target.peerOptions, runnerClient, Math.round(CONNECT_TIMEOUT_MS * options.timeoutScale));
      peer = advertised.connection;
      peerAvailability = advertised.availability;
    }
    const wrap = dependencies.wrapTransport ?? ((inner: EngineClient): EngineClient => inner);
    const peerTransport = peer && (dependencies.wrapPeer ? dependencies.wrapPeer(wrap(peer.client)) : wrap(peer.client));

    const { results, coreGaps, stoppedAnswering } = await runSuites({
      transport: wrap(client),
      schemas: sharedSchemaRegistry(),
      requirements,
      checks: dependencies.checks ?? ALL_CHECKS,
      capabilities: discovery,
      selection: {
        only: options.only,
        skip: options.skip ?? [],
        requireBehavior: options.requireBehavior,
        transport: client.transport,
        credentials: heldCredentials(token, limitedToken, otherTenantToken),
        eventsOverPoll: client.transport === 'rest' && options.restEvents === 'poll',
        ...(peerAvailability && { peer: peerAvailability }),
      },
      deadlines,
      reproTarget: reproTargetFor(options, url, token !== undefined),
      ...(dependencies.progress && { progress: dependencies.progress }),
      signal: budget.signal,
      ...(options.webhookReceiver && { webhookReceiver: options.webhookReceiver }),
      ...(limitedToken && { limitedToken }),
      ...(otherTenantToken && { otherTenantToken }),
      ...(peer && peerTransport && { peer: { transport: peerTransport, surface: peer.surface, mainSurface: peer.mainSurface } }),
      ...(options.jobs !== undefined && { jobs: options.jobs }),
    });
    const peerRecord = peer && { url: peer.url, surface: peer.surface, source: peer.source };
    const built = buildReport({
      ...reportBase,
      ...(peerRecord && { peer: peerRecord }),
      capabilities: discovery,
      capabilitiesSha256: discoveryDigest(discovery),
      results,
      connectionError: stoppedAnswering ?? null,
      coreGaps,
    });
    // An engine may echo a credential in a status message; the report never carries one.
    const report = redactSecrets(built, secrets);
    return {
      report,
      exitCode: exitCodeOf(report, { interrupted: options.signal?.aborted === true && !budget.expired, stoppedAnswering: stoppedAnswering !== undefined }),
    };
  } finally {
    budget.dispose();
    target?.client.close();
    peer?.client.close();
    await engine?.stop();
  }
}

/**
 * The run's exit code from its report: 130 interrupted (Ctrl-C, not the budget); 2 when the engine
 * stopped answering mid-run (the rest is unassessable, like an unreachable engine); 3 for a suite
 * error; else 0 conformant, 1 not.
 */
function exitCodeOf(report: ComplianceReport, run: { interrupted: boolean; stoppedAnswering: boolean }): RunOutcome['exitCode'] {
  if (run.interrupted) return 130;
  if (run.stoppedAnswering) return 2;
  if (report.results.some((result) => result.disposition === 'error')) return 3;
  return report.verdict === 'conformant' ? 0 : 1;
}

function unreachable(base: ReportBase, requirements: RequirementRegistry, reason: string): RunOutcome {
  const collector = new ResultCollector(requirements, undefined, mainSurfaceOf(base.url));
  for (const requirement of requirements.all) collector.decided(requirement, 'blocked', `not exercised: ${reason}`);
  const report = buildReport({
    ...base,
    capabilities: undefined,
    capabilitiesSha256: null,
    results: collector.finalize(),
    connectionError: reason,
    coreGaps: [],
  });
  return { report, exitCode: 2 };
}

function heldCredentials(token: string | undefined, limitedToken: string | undefined, otherTenantToken: string | undefined): SuiteCredential[] {
  return [
    ...(token ? (['token'] as const) : []),
    ...(token && limitedToken ? (['limited-token'] as const) : []),
    ...(token && otherTenantToken ? (['other-tenant-token'] as const) : []),
  ];
}

/** Replaces every occurrence of the given secrets in the report with `***`. */
export function redactSecrets<T>(report: T, secrets: readonly (string | undefined)[]): T {
  const present = secrets.filter((secret): secret is string => secret !== undefined && secret.length > 0);
  if (present.length === 0) return report;
  let text = JSON.stringify(report);
  for (const secret of present) text = text.split(JSON.stringify(secret).slice(1, -1)).join('***');
  return JSON.parse(text) as T;
}
