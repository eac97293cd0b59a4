import type { WireSchemaViolation } from '../verdicts/outcome-errors.js';
import { randomUUID } from 'node:crypto';
import type { Assert, AssertionCounter } from '../verdicts/counting-assert.js';
import { createCountingAssert } from '../verdicts/counting-assert.js';
import type { Deadline, Deadlines } from '../waits/deadlines.js';
import type { CallOptions, CreateRunRequest, EngineClient } from '../transport/engine-client.js';
import type { JsonObject } from '../support/json.js';
import { BlockedError, ConformanceFailure } from '../verdicts/outcome-errors.js';
import type { Requirement } from '../requirements/requirement.js';
import { RpcError } from '../transport/rpc-error.js';
import { uninformativeReason } from '../verdicts/uninformative-errors.js';
import type { EvidenceCall } from '../verdicts/evidence.js';
import { attachEvidence } from '../verdicts/evidence.js';
import { GrpcCode } from '../transport/rpc-names.js';
import { RunWaiter, isTerminal } from '../waits/run-waits.js';
import { untilVisible } from '../waits/run-visibility.js';
import type { SchemaKey } from '../schemas/schema-ids.js';
import { SchemaId } from '../schemas/schema-ids.js';
import type { SchemaRegistry } from '../schemas/schema-registry.js';
import { formatSchemaIssue } from '../schemas/schema-registry.js';
import { unknownMembersAreWarnings } from '../schemas/wire-contract.js';
import type { ReceiverBinding } from '../webhooks/webhook-receiver.js';
import { DEFAULT_RECEIVER_BINDING } from '../webhooks/webhook-receiver.js';
import type { AcceptedError, PeerView, TestContextOptions } from './test-context-options.js';

export type { AcceptedError, PeerView, TestContextOptions } from './test-context-options.js';

/** Everything one requirement's check may use. A fresh context per requirement: no shared mutable state. */
export class TestContext {
  readonly assert: Assert;
  readonly requirement: Requirement;
  readonly client: EngineClient;
  readonly capabilities: JsonObject;
  readonly deadlines: Deadlines;
  readonly webhookReceiver: ReceiverBinding;
  readonly limitedToken?: string;
  /** Another tenant's token (--other-tenant-token) for the tenant-isolation checks; never printed. */
  readonly otherTenantToken?: string;
  readonly peer?: PeerView;
  private readonly schemas: SchemaRegistry;
  private readonly counter: AssertionCounter;
  private readonly warnings: string[];
  private readonly onFinding: (finding: WireSchemaViolation) => void;
  private readonly lastCall: () => EvidenceCall | undefined;
  private readonly runMemo: Map<string, Promise<unknown>>;
  private readonly waiter: RunWaiter;
  private readonly createdRuns: string[] = [];

  constructor(options: TestContextOptions) {
    this.requirement = options.requirement;
    this.client = options.client;
    this.capabilities = options.capabilities;
    this.deadlines = options.deadlines;
    this.schemas = options.schemas;
    this.counter = options.counter;
    this.warnings = options.warnings;
    this.onFinding = options.onFinding ?? ((): void => undefined);
    this.lastCall = options.lastCall ?? (() => undefined);
    this.runMemo = options.runMemo ?? new Map<string, Promise<unknown>>();
    this.webhookReceiver = options.webhookReceiver ?? DEFAULT_RECEIVER_BINDING;
    if (options.limitedToken !== undefined) this.limitedToken = options.limitedToken;
    if (options.peer !== undefined) this.peer = options.peer;
    if (options.otherTenantToken !== undefined) this.otherTenantToken = options.otherTenantToken;
    this.assert = createCountingAssert(this.counter);
    const client = this.client;
    this.waiter = new RunWaiter(
      client,
      async (runId) => (await client.getRun({ runId })).snapshot,
      (message) => this.warn(message),
    );
  }

  /**
   * An engine finding (its bytes, seen by this check) for the requirement that owns it: charged
   * there like a schema violation, whichever check saw it. The caller then blocks or goes on.
   */
  reportFinding(finding: WireSchemaViolation): void {
    this.onFinding(finding);
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /**
   * Computes a value once per run and shares it with later checks (e.g. each fixture definition:
   * an engine listing 20,000 fixtures must not be asked for each of them three times). Only for
   * reads whose answer does not depend on the check; a failed read is shared too.
   */
  once<T>(key: string, make: () => Promise<T>): Promise<T> {
    let value = this.runMemo.get(key) as Promise<T> | undefined;
    if (!value) {
      value = make();
      value.catch(() => undefined);
      this.runMemo.set(key, value);
    }
    return value;
  }

  /** The peer surface; gating runs cross-surface checks only with one, so its absence is a harness gap. */
  requirePeer(): PeerView {
    if (!this.peer) throw new BlockedError('precondition not reached: no second surface was handed to this check');
    return this.peer;
  }

  /** Stops the check as blocked (not failed) when the stage for it could not be set. */
  precondition(condition: unknown, reason: string): asserts condition {
    if (!condition) throw new BlockedError(`precondition not reached: ${reason}`);
  }

  /**
   * Awaits a control call: one that only sets the stage or shows the same RPC works with the same
   * credentials. Its failure blocks the check with the reason; it never fails it, because the
   * control's subject belongs to another requirement (which reports it on its own).
   */
  async control<T>(what: string, call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (error) {
      if (error instanceof RpcError)
        throw new BlockedError(`control call failed: ${what} answered ${error.codeName} (${error.statusMessage}); that is another requirement's finding`);
      throw error;
    }
  }

  /** Fails the requirement with an explicit expected/actual pair; counts as an assertion. */
  fail(message: string, expected?: string, actual?: string): never {
    this.counter.count += 1;
    throw new ConformanceFailure(message, expected, actual);
  }

  /** Schema issues of a value that should be an ErrorEnvelope (e.g. a bulk-cancel entry error). */
  envelopeIssues(value: unknown): string[] {
    return this.schemas.validate(SchemaId.errorEnvelope, value).map((issue) => formatSchemaIssue(issue));
  }

  /**
   * Schema issues of a value the engine sent, against one of the suite's schemas (e.g. a snapshot
   * carried in an event payload). Members the schema does not define are warnings, not issues, by
   * the one rule for server-emitted documents (wire-contract.ts unknownMembersAreWarnings, RFC 0094 §G).
   */
  schemaIssues(schema: SchemaKey, value: unknown): string[] {
    const schemaId = SchemaId[schema];
    const issues = this.schemas.validate(schemaId, value);
    const lenient = unknownMembersAreWarnings(schemaId);
    const unknown = issues.filter((issue) => lenient && (issue.keyword === 'additionalProperties' || issue.keyword === 'unevaluatedProperties'));
    if (unknown.length > 0)
      this.warn(
        `${schema} carries fields its schema does not define (ignored, as readers must, RFC 0094 §G): ${unknown.map((issue) => formatSchemaIssue(issue)).join('; ')}`,
      );
    return issues.filter((issue) => !unknown.includes(issue)).map((issue) => formatSchemaIssue(issue));
  }

  /**
   * Asserts that a list of findings is empty, failing with the findings themselves as the actual
   * value (one line each, joined), which reads better than a diff against [].
   */
  assertNone(findings: readonly unknown[], what: string, expected = 'none'): void {
    if (findings.length === 0) {
      this.counter.count += 1;
      return;
    }
    const listed = findings.map((finding) => (typeof finding === 'string' ? finding : JSON.stringify(finding))).join('; ');
    this.fail(`${what}: ${listed}`, expected, listed);
  }

  /** A fresh, syntactically valid identifier that no engine can know (for not-found probes). */
  unknownId(prefix: string): string {
    return `${prefix}-${randomUUID()}`;
  }

  /** CreateRun, remembering the run so it is cancelled after the check if still live. */
  async createRun(request: CreateRunRequest, options?: CallOptions): Promise<{ runId: string; status: string }> {
    const reply = await this.client.createRun(request, options);
    if (reply.runId) this.createdRuns.push(reply.runId);
    return { runId: reply.runId, status: reply.status };
  }

  /**
   * Asserts that a call is refused in one of the accepted ways: the status code AND the envelope
   * (present in grpc-status-details-bin, schema-valid, with an expected `error` code) must match.
   * Checking both is what makes a negative test reason-bound (anchors §0.5).
   */
  async expectRpcError(call: Promise<unknown>, accepted: readonly AcceptedError[], what: string): Promise<RpcError> {
    // The call was sent when its promise was made, so it is the last call now.
    const evidence = this.lastCall();
    try {
      return await this.judgeRefusal(call, accepted, what);
    } catch (error) {
      throw evidence ? attachEvidence(error, evidence) : error;
    }
  }

  private async judgeRefusal(call: Promise<unknown>, accepted: readonly AcceptedError[], what: string): Promise<RpcError> {
    const allowed = accepted.map((entry) => `${entry.code} + ${entry.envelopeCodes.join('|')}`).join(', or ');
    let error: unknown;
    try {
      await call;
    } catch (caught) {
      error = caught;
    }
    if (error === undefined) this.fail(`${what}: the engine answered OK`, allowed, 'OK');
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the check's own exception, handed on unchanged for the collector to classify
    if (!(error instanceof RpcError)) throw error;
    const codeMatches = accepted.filter((entry) => GrpcCode[entry.code] === error.code);
    if (codeMatches.length === 0) {
      // Outside the refusal set, an answer about reachability, rate limits, the suite's deadline or
      // the user's credentials says nothing about this requirement: block, never fail.
      const uninformative = uninformativeReason(error);
      if (uninformative) throw new BlockedError(`${what}: ${uninformative}`);
    }
    this.assert.isAbove(codeMatches.length, 0, `${what}: status ${error.codeName} (${error.statusMessage}); expected ${allowed}`);
    if (error.envelope === undefined) {
      this.fail(`${what}: ${error.codeName} carries no ErrorEnvelope: ${error.envelopeProblem ?? 'absent'}`, 'an ErrorEnvelope detail', error.envelopeProblem);
    }
    this.assertNone(error.envelopeIssues, `${what}: the ErrorEnvelope is malformed`, 'an ErrorEnvelope {error, message, details?} and nothing else');
    const envelopeCodes = codeMatches.flatMap((entry) => entry.envelopeCodes);
    if (error.envelopeCode && !envelopeCodes.includes(error.envelopeCode) && codeMatches.some((entry) => entry.anyEnvelopeCode === true)) {
      this.warn(
        `${what}: envelope code ${error.envelopeCode} is not a canonical one (${envelopeCodes.join('|')}); accepted, the spec pins only the status ${error.codeName}`,
      );
      return error;
    }
    this.assert.include(envelopeCodes, error.envelopeCode ?? '(none)', `${what}: envelope error code`);
    return error;
  }

  /** GetRun of a run this check created, retrying NOT_FOUND (eventual consistency) until the deadline. */
  async readCreatedRun(runId: string, deadline: Deadline): Promise<JsonObject> {
    const { snapshot } = await untilVisible(
      runId,
      deadline,
      () => this.client.getRun({ runId }),
      (message) => this.warn(message),
    );
    this.precondition(snapshot, `GetRun(${runId}) returned no snapshot`);
    return snapshot;
  }

  /** Waits for a run's status; see RunWaiter for how verdict and precondition waits differ. */
  untilStatus(runId: string, wanted: readonly string[], deadline: Deadline, purpose: 'verdict' | 'precondition') {
    return this.waiter.untilStatus(runId, wanted, deadline, purpose);
  }

  /** Best-effort: cancel runs the check left live, so they do not load the engine during later checks. */
  async cleanup(): Promise<void> {
    for (const runId of this.createdRuns) {
      try {
        const { snapshot } = await this.client.getRun({ runId }, { deadlineMs: 2_000 });
        const status = snapshot?.['status'];
        if (typeof status === 'string' && !isTerminal(status)) await this.client.cancelRun({ runId, reason: 'conformance cleanup' }, { deadlineMs: 2_000 });
      } catch {
        // Cleanup never decides a verdict; the check itself already reported what it saw.
      }
    }
  }
}
