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
 * A reply the engine sent does not match its JSON Schema. It names the requirement the schema
 * backs, the RPC, and each failing field (instance path) with the schema rule it broke.
 */
export class WireSchemaViolation extends Error {
  override readonly name = 'WireSchemaViolation';
  constructor(
    readonly requirementId: string | undefined,
    readonly rpc: RpcName,
    readonly schemaName: string,
    readonly issues: SchemaIssue[],
    readonly subject = 'reply',
    /** The offending reply, so a check about something else can still read it (TestContext.tolerateSchema). */
    readonly reply?: unknown,
  ) {
    const where = issues.map((issue) => formatSchemaIssue(issue)).join('; ');
    const owner = requirementId ? `[${requirementId}] ` : '';
    super(`${owner}${rpc} ${subject} violates ${schemaName} ${where}`);
  }
}
