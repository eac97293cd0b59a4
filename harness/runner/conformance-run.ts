import { createHash, randomBytes } from 'node:crypto';
import { Deadlines } from '../waits/deadlines.js';
import { isSelected } from '../verdicts/gating.js';
import type { EngineClient } from '../transport/engine-client.js';
import type { JsonObject } from '../support/json.js';
import { canonicalJson, isJsonObject } from '../support/json.js';
import type { RequirementRegistry } from '../requirements/registry.js';
import type { SuiteCredential } from '../requirements/requirement.js';
import { REQUIREMENTS } from '../requirements/registry.js';
import { ResultCollector } from '../verdicts/result-collector.js';
import type { ComplianceReport } from '../verdicts/results.js';
import { RpcError } from '../transport/rpc-error.js';
import { GrpcCode } from '../transport/rpc-names.js';
import { sharedSchemaRegistry } from '../schemas/schema-registry.js';
import type { RequirementTest } from './suite-dsl.js';
import { runSuites } from './suite-runner.js';
import { createEngineClient } from '../transport/connect-engine.js';
import type { RestEventsMode } from '../transport/rest/rest-engine-client.js';
import { withRateLimitRetry } from '../transport/rate-limit-retry.js';
import { withCheckScope } from '../transport/engine-health.js';
import { UsageError } from '../cli/usage-error.js';
import { RunBudget, defaultBudgetMs } from './run-budget.js';
import type { RunProgress } from './run-progress.js';
import { reproTargetFor } from '../verdicts/repro.js';
import type { ReportInput } from '../../reporters/report-builder.js';
import { buildReport } from '../../reporters/report-builder.js';
import { ALL_CHECKS } from '../../suites/index.js';
import type { RunningReferenceEngine } from '../../fixtures/reference-engine/index.js';
import type { ReceiverBinding } from '../webhooks/webhook-receiver.js';
import type { PeerAvailability } from '../verdicts/gating.js';
import type { PeerConnection } from './peer-surface.js';
import { advertisedPeer, connectFlaggedPeer, isReferenceTarget, mainSurfaceOf, peerFlag } from './peer-surface.js';
import type { Surface } from '../transport/peer-client.js';

export interface RunOptions {
  /** `grpc://host:port`, `grpcs://host:port`, `http(s)://host:port` (REST + SSE), or `reference` for the bundled engine. */
  target: string;
  /** REST targets: StreamRunEvents over SSE (default) or the long-poll endpoint. */
  restEvents?: RestEventsMode;
  token?: string;
  /** A valid token without the run scopes, for the auth area's PERMISSION_DENIED checks. */
  limitedToken?: string;
  /** A valid token with the run scopes in another tenant, for the tenant-isolation checks; never reported. */
  otherTenantToken?: string;
  caPath?: string;
  certPath?: string;
  keyPath?: string;
  only: string[];
  requireBehavior: boolean;
  timeoutScale: number;
  /** Reference-engine faults to switch on (only with target `reference`). */
  faults: string[];
  /** Reference-engine tolerated variants to switch on (only with target `reference`). */
  variants?: string[];
  /** The largest reply accepted from the engine, in bytes (default 64 MiB). */
  maxMessageBytes?: number;
  /** Aborting it (Ctrl-C) ends the run early with a partial report (exit 130). */
  signal?: AbortSignal;
  /** --max-duration: the run's global budget in seconds (default: defaultBudgetMs of the selection). */
  maxDurationSeconds?: number;
  /** Where the suite's webhook receiver listens (default 127.0.0.1, port 0: any free port). */
  webhookReceiver?: ReceiverBinding;
  /** The engine's REST surface when the target is gRPC (--rest): enables the parity area. */
  rest?: string;
  /** The engine's gRPC surface when the target is REST (--grpc); default: its advertised grpc.endpoint. */
  grpc?: string;
  /** --jobs: checks in flight at once against the engine (default 1 here; the CLI's default is DEFAULT_JOBS). */
  jobs?: number;
}

export interface RunOutcome {
  report: ComplianceReport;
  /** 0 conformant; 1 non-conformant, or incomplete for lack of fixtures/capabilities; 2 nothing (more) assessable (unreachable, discovery failed, credentials refused, the engine stopped answering); 3 a suite error (a result is `error`); 130 interrupted. */
  exitCode: 0 | 1 | 2 | 3 | 130;
}

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

/**
 * Runs the conformance suite once against one engine and returns the report; writing and printing
 * are the caller's. Never throws for engine behaviour: an unreachable engine or a failed discovery
 * still yields a report in which every requirement is blocked.
 */
export async function runConformance(options: RunOptions, dependencies: RunDependencies = {}): Promise<RunOutcome> {
  const requirements = dependencies.requirements ?? REQUIREMENTS;
  const checks = dependencies.checks ?? ALL_CHECKS;
  if (!(options.timeoutScale > 0)) throw new UsageError(`--timeout-scale must be a positive number, got ${options.timeoutScale}`);
  if (options.maxMessageBytes !== undefined && !(Number.isInteger(options.maxMessageBytes) && options.maxMessageBytes > 0)) {
    throw new UsageError(`--max-message-bytes must be a positive whole number, got ${options.maxMessageBytes}`);
  }
  if (options.jobs !== undefined && !(Number.isInteger(options.jobs) && options.jobs >= 1)) throw new UsageError(`--jobs must be a whole number of at least 1, got ${Number.isNaN(options.jobs) ? 'something else' : options.jobs}`);
  if (options.faults.length > 0 && !isReferenceTarget(options.target)) throw new UsageError('--fault only applies to --target reference or reference-rest');
  if ((options.variants ?? []).length > 0 && !isReferenceTarget(options.target)) throw new UsageError('--variant only applies to --target reference or reference-rest');
  // A glob that selects nothing is a typo, not a wish to run nothing (style-anchors §8).
  const unmatched = options.only.filter((glob) => !requirements.all.some((requirement) => isSelected(requirement.id, [glob])));
  if (unmatched.length > 0) throw new UsageError(`--only ${unmatched.join(', ')} matches no requirement; see 'openwop-conformance requirements'`);

  const flaggedPeer = peerFlag(options);
  if (options.maxDurationSeconds !== undefined && !(options.maxDurationSeconds > 0 && Number.isFinite(options.maxDurationSeconds))) {
    throw new UsageError(`--max-duration must be a positive number of seconds, got ${options.maxDurationSeconds}`);
  }

  const startedAt = new Date();
  const deadlines = new Deadlines(options.timeoutScale);
  const selected = requirements.all.filter((requirement) => isSelected(requirement.id, options.only));
  const budgetMs = options.maxDurationSeconds !== undefined ? options.maxDurationSeconds * 1000 : defaultBudgetMs(selected, options.timeoutScale);
  // Ctrl-C and the budget share one stop signal; only Ctrl-C makes the exit code 130.
  const budget = new RunBudget(budgetMs, options.signal);
  const stopSignal = budget.signal;
  let engine: RunningReferenceEngine | undefined;
  let transport: EngineClient | undefined;
  let peer: PeerConnection | undefined;
  try {
    let url = options.target;
    let token = options.token;
    let limitedToken = options.limitedToken;
    let otherTenantToken = options.otherTenantToken;
    let referencePeer: { url: string; surface: Surface } | undefined;
    if (isReferenceTarget(options.target)) {
      // The bundled engine runs with auth on: a full token and a limited one (manifest:read only).
      token = options.token ?? randomBytes(16).toString('hex');
      limitedToken = options.limitedToken ?? randomBytes(16).toString('hex');
      // And a second tenant, so the tenant-isolation checks run on the bundled engine too.
      otherTenantToken = options.otherTenantToken ?? randomBytes(16).toString('hex');
      try {
        // Both surfaces from one core (issue 11), so one run also checks that they agree. Test mode for
        // webhooks: the suite's receiver listens on loopback, which engines refuse by default (SSRF).
        // Loaded only for a reference target: a run against another engine never pays for it.
        const { startReferenceEngine } = await import('../../fixtures/reference-engine/index.js');
        engine = await startReferenceEngine({ faults: options.faults, variants: options.variants ?? [], token, limitedToken, otherTenantToken, allowLoopbackWebhooks: true, restPort: 0 });
      } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
      }
      const restUrl = engine.restUrl ?? engine.url;
      url = options.target === 'reference-rest' ? restUrl : engine.url;
      referencePeer = options.target === 'reference-rest' ? { url: engine.url, surface: 'grpc' } : { url: restUrl, surface: 'rest' };
    }
    let connected;
    try {
      connected = createEngineClient({
        target: url,
        token,
        caPath: options.caPath,
        certPath: options.certPath,
        keyPath: options.keyPath,
        defaultDeadlineMs: deadlines.callDeadlineMs(),
        maxReceiveMessageBytes: options.maxMessageBytes,
        ...(options.restEvents !== undefined && { restEvents: options.restEvents }),
      });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const client = connected.client;
    transport = client;
    const mainSurface = mainSurfaceOf(url) ?? 'grpc';
    const peerOptions = { token, caPath: options.caPath, certPath: options.certPath, keyPath: options.keyPath, defaultDeadlineMs: deadlines.callDeadlineMs(), maxReceiveMessageBytes: options.maxMessageBytes, ...(options.restEvents !== undefined && { restEvents: options.restEvents }) };
    // A peer the user named is taken as given: if it does not answer, the parity checks block.
    if (flaggedPeer) peer = connectFlaggedPeer(flaggedPeer, mainSurface, peerOptions);
    else if (referencePeer) peer = { ...connectFlaggedPeer(referencePeer, mainSurface, peerOptions), source: 'reference' };
    const reportBase: ReportBase = { options, url, startedAt, reference: engine !== undefined };

    const secrets = [token, limitedToken, otherTenantToken];
    try {
      await connected.checkConnectivity(Math.round(CONNECT_TIMEOUT_MS * options.timeoutScale));
    } catch (error) {
      return redactSecrets(unreachable(reportBase, requirements, error instanceof Error ? error.message : String(error)), secrets);
    }
    // The runner's own calls honour a rate limit once too, or a limited engine would look unreachable,
    // and a Ctrl-C during them cancels them at once.
    const patient = withRateLimitRetry(withCheckScope(client, stopSignal).client, { maxWaitMs: deadlines.rateLimitWaitMs() });
    const discovery = await discover(patient);
    if (typeof discovery === 'string') return redactSecrets(unreachable(reportBase, requirements, budget.expired ?? discovery), secrets);
    const refusal = await credentialsRefusal(patient);
    if (refusal) return redactSecrets(unreachable(reportBase, requirements, refusal), secrets);
    let peerAvailability: PeerAvailability | undefined = peer ? { available: true } : undefined;
    if (!peer && mainSurface === 'rest') {
      const patientPeer = (inner: EngineClient): EngineClient => withRateLimitRetry(withCheckScope(inner, stopSignal).client, { maxWaitMs: deadlines.rateLimitWaitMs() });
      const advertised = await advertisedPeer(discovery, peerOptions, patientPeer, Math.round(CONNECT_TIMEOUT_MS * options.timeoutScale));
      peer = advertised.connection;
      peerAvailability = advertised.availability;
    }
    const wrap = (inner: EngineClient): EngineClient => (dependencies.wrapTransport ? dependencies.wrapTransport(inner) : inner);

    const { results, coreGaps, stoppedAnswering } = await runSuites({
      transport: wrap(client),
      schemas: sharedSchemaRegistry(),
      requirements,
      checks,
      capabilities: discovery,
      selection: {
        only: options.only,
        requireBehavior: options.requireBehavior,
        transport: client.transport,
        credentials: heldCredentials(token, limitedToken, otherTenantToken),
        eventsOverPoll: client.transport === 'rest' && options.restEvents === 'poll',
        ...(peerAvailability && { peer: peerAvailability }),
      },
      deadlines,
      reproTarget: reproTargetFor(options, url, token !== undefined),
      ...(dependencies.progress && { progress: dependencies.progress }),
      signal: stopSignal,
      ...(options.webhookReceiver && { webhookReceiver: options.webhookReceiver }),
      ...(limitedToken && { limitedToken }),
      ...(otherTenantToken && { otherTenantToken }),
      ...(peer && { peer: { transport: dependencies.wrapPeer ? dependencies.wrapPeer(wrap(peer.client)) : wrap(peer.client), surface: peer.surface, mainSurface: peer.mainSurface } }),
      ...(options.jobs !== undefined && { jobs: options.jobs }),
    });
    const peerRecord = peer && { url: peer.url, surface: peer.surface, source: peer.source };
    const built = buildReport({ ...reportBase, ...(peerRecord && { peer: peerRecord }), capabilities: discovery, capabilitiesSha256: sha256(canonicalJson(discovery)), results, connectionError: stoppedAnswering ?? null, coreGaps });
    // An engine may echo a credential in a status message; the report never carries one.
    const report = redactSecrets(built, secrets);
    if (options.signal?.aborted && !budget.expired) return { report, exitCode: 130 };
    // An engine that stopped answering mid-run leaves the rest unassessable: exit 2, like an unreachable one.
    if (!stoppedAnswering && report.results.some((result) => result.disposition === 'error')) return { report, exitCode: 3 };
    return { report, exitCode: stoppedAnswering ? 2 : report.verdict === 'conformant' ? 0 : 1 };
  } finally {
    budget.dispose();
    transport?.close();
    peer?.client.close();
    await engine?.stop();
  }
}

/**
 * The runner's one discovery call (used for gating). It goes without a token first, as the spec
 * makes GetCapabilities public, and retries with the token so a wrongly protected engine can still
 * be measured: discovery.served-without-token reports that fault on its own.
 */
async function discover(client: EngineClient): Promise<JsonObject | string> {
  try {
    let reply;
    try {
      reply = await client.getCapabilities({}, { token: null });
    } catch (error) {
      if (!(error instanceof RpcError) || error.code !== GrpcCode.UNAUTHENTICATED) throw error;
      reply = await client.getCapabilities({});
    }
    if (!isJsonObject(reply.capabilities)) return 'discovery failed: GetCapabilities returned no capabilities document';
    return reply.capabilities;
  } catch (error) {
    return `discovery failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

type ReportBase = Pick<ReportInput, 'options' | 'url' | 'startedAt' | 'reference'>;

/**
 * One authenticated call before the checks: if the engine refuses our credentials outright, every
 * check would fail for the user's reason, not the engine's ("401 everywhere"). GetRun of an unknown
 * id is harmless, and auth comes before existence (protocol-digest §2), so a correct engine with a
 * good token answers NOT_FOUND.
 */
async function credentialsRefusal(client: EngineClient): Promise<string | undefined> {
  try {
    await client.getRun({ runId: `credentials-probe-${randomBytes(8).toString('hex')}` });
  } catch (error) {
    if (error instanceof RpcError && error.code === GrpcCode.UNAUTHENTICATED) {
      return `the engine refused the credentials (${error.message}); pass a valid --token or set OPENWOP_TOKEN`;
    }
  }
  return undefined;
}

function unreachable(base: ReportBase, requirements: RequirementRegistry, reason: string): RunOutcome {
  const collector = new ResultCollector(requirements, undefined, mainSurfaceOf(base.url));
  for (const requirement of requirements.all) collector.decided(requirement, 'blocked', `not exercised: ${reason}`);
  const report = buildReport({ ...base, capabilities: undefined, capabilitiesSha256: null, results: collector.finalize(), connectionError: reason, coreGaps: [] });
  return { report, exitCode: 2 };
}

function heldCredentials(token: string | undefined, limitedToken: string | undefined, otherTenantToken: string | undefined): SuiteCredential[] {
  return [...(token ? (['token'] as const) : []), ...(token && limitedToken ? (['limited-token'] as const) : []), ...(token && otherTenantToken ? (['other-tenant-token'] as const) : [])];
}

/** Replaces every occurrence of the given secrets in the report with `***`. */
export function redactSecrets<T>(report: T, secrets: readonly (string | undefined)[]): T {
  const present = secrets.filter((secret): secret is string => secret !== undefined && secret.length > 0);
  if (present.length === 0) return report;
  let text = JSON.stringify(report);
  for (const secret of present) text = text.split(JSON.stringify(secret).slice(1, -1)).join('***');
  return JSON.parse(text) as T;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
