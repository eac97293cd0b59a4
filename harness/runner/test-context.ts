import { randomUUID } from 'node:crypto';
import type { Assert, AssertionCounter } from '../verdicts/counting-assert.js';
import { createCountingAssert } from '../verdicts/counting-assert.js';
import type { Deadline, Deadlines } from '../waits/deadlines.js';
import type { CreateRunRequest, EngineClient } from '../transport/engine-client.js';
import type { JsonObject } from '../support/json.js';
import { BlockedError, ConformanceFailure, WireSchemaViolation } from '../verdicts/outcome-errors.js';
import type { Requirement } from '../requirements/requirement.js';
import { RpcError } from '../transport/rpc-error.js';
import type { GrpcCodeName } from '../transport/rpc-names.js';
import { GrpcCode } from '../transport/rpc-names.js';
import { RunWaiter, isTerminal } from '../waits/run-waits.js';
import { SchemaId } from '../schemas/schema-ids.js';
import type { SchemaRegistry } from '../schemas/schema-registry.js';
import { formatSchemaIssue } from '../schemas/schema-registry.js';

/** One acceptable way for an engine to refuse a request: a status code and the envelope codes that may go with it. */
export interface AcceptedError {
  code: GrpcCodeName;
  envelopeCodes: readonly string[];
}

/** Everything one requirement's check may use. A fresh context per requirement: no shared mutable state. */
export class TestContext {
  readonly assert: Assert;
  private readonly waiter: RunWaiter;
  private readonly createdRuns: string[] = [];

  constructor(
    readonly requirement: Requirement,
    readonly client: EngineClient,
    readonly capabilities: JsonObject,
    readonly deadlines: Deadlines,
    private readonly schemas: SchemaRegistry,
    private readonly counter: AssertionCounter,
    private readonly warnings: string[],
  ) {
    this.assert = createCountingAssert(counter);
    this.waiter = new RunWaiter(
      client,
      async (runId) => (await this.tolerateSchema(client.getRun({ runId }))).snapshot,
      (message) => this.warn(message),
    );
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /** Stops the check as blocked (not failed) when the stage for it could not be set. */
  precondition(condition: unknown, reason: string): asserts condition {
    if (!condition) throw new BlockedError(`precondition not reached: ${reason}`);
  }

  /** Fails the requirement with an explicit expected/actual pair; counts as an assertion. */
  fail(message: string, expected?: string, actual?: string): never {
    this.counter.count += 1;
    throw new ConformanceFailure(message, expected, actual);
  }

  /**
   * Awaits a call whose reply may break its schema when this check is about something else: the
   * violation is still charged to the requirement that owns the schema (the listener saw it), and
   * this check goes on with the reply as sent.
   */
  async tolerateSchema<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (error) {
      if (error instanceof WireSchemaViolation && error.reply !== undefined) {
        this.warn(`went on past a schema violation owned by another requirement: ${error.message}`);
        return error.reply as T;
      }
      throw error;
    }
  }

  /** Schema issues of a value that should be an ErrorEnvelope (e.g. a bulk-cancel entry error). */
  envelopeIssues(value: unknown): string[] {
    return this.schemas.validate(SchemaId.errorEnvelope, value).map((issue) => formatSchemaIssue(issue));
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
  async createRun(request: CreateRunRequest): Promise<{ runId: string; status: string }> {
    const reply = await this.client.createRun(request);
    if (reply.runId) this.createdRuns.push(reply.runId);
    return { runId: reply.runId, status: reply.status };
  }

  /**
   * Asserts that a call is refused in one of the accepted ways: the status code AND the envelope
   * (present in grpc-status-details-bin, schema-valid, with an expected `error` code) must match.
   * Checking both is what makes a negative test reason-bound (anchors §0.5).
   */
  async expectRpcError(call: Promise<unknown>, accepted: readonly AcceptedError[], what: string): Promise<RpcError> {
    const allowed = accepted.map((entry) => `${entry.code} + ${entry.envelopeCodes.join('|')}`).join(', or ');
    let error: unknown;
    try {
      await call;
    } catch (caught) {
      error = caught;
    }
    if (error === undefined) this.fail(`${what}: the engine answered OK`, allowed, 'OK');
    if (!(error instanceof RpcError)) throw error;
    const codeMatches = accepted.filter((entry) => GrpcCode[entry.code] === error.code);
    this.assert.isAbove(codeMatches.length, 0, `${what}: status ${error.codeName} (${error.statusMessage}); expected ${allowed}`);
    if (error.envelope === undefined) {
      this.fail(`${what}: ${error.codeName} carries no ErrorEnvelope: ${error.envelopeProblem ?? 'absent'}`, 'an ErrorEnvelope detail', error.envelopeProblem);
    }
    this.assertNone(error.envelopeIssues, `${what}: the ErrorEnvelope is malformed`, 'an ErrorEnvelope {error, message, details?} and nothing else');
    const envelopeCodes = codeMatches.flatMap((entry) => entry.envelopeCodes);
    this.assert.include(envelopeCodes, error.envelopeCode ?? '(none)', `${what}: envelope error code`);
    return error;
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
