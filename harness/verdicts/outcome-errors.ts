import type { SchemaIssue } from '../schemas/schema-registry.js';
import { formatSchemaIssue } from '../schemas/schema-registry.js';
import type { RpcName } from '../transport/rpc-names.js';

/**
 * Errors a requirement test can end with, besides chai's AssertionError. Their class decides the
 * disposition, so an engine fault and a harness fault can never be confused (style-anchors §6).
 */

/** The engine violated the requirement: disposition `fail`. */
export class ConformanceFailure extends Error {
  override readonly name = 'ConformanceFailure';
  constructor(
    message: string,
    readonly expected?: string,
    readonly actual?: string,
  ) {
    super(message);
  }
}

/**
 * The requirement could not be exercised: a precondition was not reached, or a deadline the suite
 * chose (not the spec) passed. Disposition `blocked`, never `fail`: the suite must not blame the
 * engine for a bound it invented.
 */
export class BlockedError extends Error {
  override readonly name = 'BlockedError';
}

/**
 * The engine's event stream cannot be read (an event that is no RunEventDoc). Its owner is charged
 * with the finding; every other check that needed the stream is blocked naming that owner, since
 * what it was about could not be seen (never a suite error: the bytes are the engine's).
 */
export class EngineEventsUnreadable extends BlockedError {
  constructor(
    readonly owner: string,
    detail: string,
  ) {
    super(`the engine's events cannot be read (see ${owner}): ${detail}`);
  }
}

/**
 * A document the engine sent does not match its JSON Schema. It names the requirement the schema
 * backs, the RPC, and each failing field (instance path) with the schema rule it broke. The
 * collector charges it to that requirement wherever it was seen.
 */
export class WireSchemaViolation extends Error {
  override readonly name = 'WireSchemaViolation';
  readonly requirementId: string | undefined;
  readonly rpc: RpcName;
  readonly schemaName: string;
  readonly issues: SchemaIssue[];
  /** What was checked, e.g. `GetRun reply`, `run.started payload`. */
  readonly subject: string;
  /** The offending reply, when it was a unary reply. */
  readonly reply: unknown;
  /** The request that produced it, for the reproduction command. */
  readonly request: unknown;
  /** How the collector names findings of this kind, and what the owner expected (subclasses differ). */
  readonly findingLabel: string = 'schema finding';
  readonly findingExpectation: string = 'every document valid against its schema';

  constructor(init: {
    requirementId: string | undefined;
    rpc: RpcName;
    schemaName: string;
    issues: SchemaIssue[];
    subject: string;
    reply?: unknown;
    request?: unknown;
  }) {
    const where = init.issues.map((issue) => formatSchemaIssue(issue)).join('; ');
    super(`${init.subject} violates ${init.schemaName} ${where}`);
    this.requirementId = init.requirementId;
    this.rpc = init.rpc;
    this.schemaName = init.schemaName;
    this.issues = init.issues;
    this.subject = init.subject;
    this.reply = init.reply;
    this.request = init.request;
  }

  /** One finding per subject and rule, so 40 events with the same fault read as one line with a count. */
  findingKeys(): { key: string; text: string }[] {
    return this.issues.map((issue) => {
      const text = `${this.subject} ${formatSchemaIssue(issue)}`;
      return { key: `${this.subject}|${issue.instancePath}|${issue.keyword}|${issue.message}`, text };
    });
  }
}
