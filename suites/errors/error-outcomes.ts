import type { AcceptedError, TestContext } from '../../harness/runner/test-context.js';
import { advertisedFixtures, readCapability, unofferedFeature } from '../../harness/verdicts/gating.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { STATUS_DETAILS_TRAILER } from '../../harness/transport/status-details.js';
import { uninformativeReason } from '../../harness/verdicts/uninformative-errors.js';
import { BlockedError } from '../../harness/verdicts/outcome-errors.js';
import type { ErrorMappingRow } from './error-mapping-rows.js';
import { ERROR_MAPPING_ROWS, UNIMPLEMENTED_ANSWER } from './error-mapping-rows.js';
import { describeAcceptedHttp, describeHttpAnswer, httpMatchingEntries } from './http-error-classes.js';

/** What one row's provoking call came back with. */
export type RowOutcome =
  | { row: ErrorMappingRow; accepted: readonly AcceptedError[]; kind: 'ok' }
  | { row: ErrorMappingRow; accepted: readonly AcceptedError[]; kind: 'error'; error: RpcError };

/** The rows that apply to this engine, each with the answers accepted from it. */
export function applicableRows(t: TestContext): { row: ErrorMappingRow; accepted: readonly AcceptedError[] }[] {
  const fixtures = advertisedFixtures(t.capabilities);
  const rows: { row: ErrorMappingRow; accepted: readonly AcceptedError[] }[] = [];
  for (const row of ERROR_MAPPING_ROWS) {
    const missing = (row.fixtures ?? []).filter((fixture) => !fixtures.includes(fixture));
    if (missing.length > 0) {
      t.warn(`error-mapping row ${row.id} left out: fixture ${missing.join(', ')} is not advertised`);
      continue;
    }
    if (row.requires && readCapability(t.capabilities, row.requires) === false) continue;
    // Probe only what the engine offers: an RPC of a feature it does not advertise is not held to
    // the error table (over REST its route may simply not exist, a bare 404).
    const unoffered = unofferedFeature(t.capabilities, row.rpc);
    if (unoffered !== undefined) {
      t.warn(`error-mapping row ${row.id} left out: ${unoffered}`);
      continue;
    }
    if (t.client.transport === 'rest' && row.restUnexpressible) {
      t.warn(`error-mapping row ${row.id} left out over REST: ${row.restUnexpressible}`);
      continue;
    }
    const served = row.unimplementedUnlessAdvertised !== undefined && readCapability(t.capabilities, row.unimplementedUnlessAdvertised) === true;
    const accepted = row.unimplementedUnlessAdvertised === undefined || served ? row.accepted : [...row.accepted, UNIMPLEMENTED_ANSWER];
    rows.push({ row, accepted });
  }
  return rows;
}

/**
 * Sends every applicable row's provoking call, one after another. A row that blocks (its carrier
 * cannot express it, or the engine's answer cannot be read) is left out with a warning; any other
 * error that is not an RpcError (a harness or decoding problem) is thrown: it says nothing about
 * the mapping.
 */
export async function provokeRows(t: TestContext): Promise<RowOutcome[]> {
  const outcomes: RowOutcome[] = [];
  for (const { row, accepted } of applicableRows(t)) {
    try {
      await row.provoke(t);
      outcomes.push({ row, accepted, kind: 'ok' });
    } catch (error) {
      if (error instanceof BlockedError) {
        // The carrier could not express the row (stream modes over --rest-events poll), or the
        // answer could not be read (its owner is named): that row is left out, not the table blocked.
        t.warn(`error-mapping row ${row.id} left out: ${error.message}`);
        continue;
      }
      if (!(error instanceof RpcError)) throw error;
      outcomes.push({ row, accepted, kind: 'error', error });
    }
  }
  return outcomes;
}

/**
 * The accepted entries whose status the error has: over gRPC its status code, over REST its HTTP
 * status (the REST client reads the class from the envelope first, so only the HTTP status itself
 * says which status the engine chose).
 */
export function matchingAnswers(accepted: readonly AcceptedError[], error: RpcError): AcceptedError[] {
  return error.httpStatus !== undefined ? httpMatchingEntries(accepted, error) : matchingEntries(accepted, error);
}

/** The accepted entries whose transport-neutral status code the error has (the REST client's reading of it). */
export function matchingEntries(accepted: readonly AcceptedError[], error: RpcError): AcceptedError[] {
  return accepted.filter((entry) => GrpcCode[entry.code] === error.code);
}

/** The accepted answers as the surface shows them (gRPC code + envelope codes, or HTTP status + envelope codes). */
export const describeAccepted = (accepted: readonly AcceptedError[], overRest = false): string =>
  overRest ? describeAcceptedHttp(accepted) : accepted.map((entry) => `${entry.code}+${entry.envelopeCodes.join('|')}`).join(', ');

/** The status an error answered with, as its surface shows it. */
export const describeAnswer = (error: RpcError): string =>
  error.httpStatus !== undefined ? describeHttpAnswer(error) : `${error.codeName}${error.envelopeCode ? ` ${error.envelopeCode}` : ''}`;

/** The decoded bytes of the details trailer, if the engine sent one. */
export function statusDetailsBytes(error: RpcError): Buffer | undefined {
  const value = error.trailers[STATUS_DETAILS_TRAILER]?.[0];
  return value === undefined ? undefined : Buffer.from(value, 'base64');
}

/**
 * Errors whose status is outside the row's accepted set and says nothing about the engine
 * (unreachable, rate-limited, the suite's deadline, the user's credentials) block the check.
 */
export function blockIfUninformative(t: TestContext, outcomes: readonly RowOutcome[]): void {
  for (const outcome of outcomes) {
    if (outcome.kind !== 'error' || matchingAnswers(outcome.accepted, outcome.error).length > 0) continue;
    const reason = uninformativeReason(outcome.error);
    t.precondition(reason === undefined, `row ${outcome.row.id}: ${reason ?? ''}`);
  }
}

/** Only errors can be read for details: an OK answer is the status requirement's finding. */
export function errorsOnly(t: TestContext, outcomes: readonly RowOutcome[]): Extract<RowOutcome, { kind: 'error' }>[] {
  const errors: Extract<RowOutcome, { kind: 'error' }>[] = [];
  const unjudged: string[] = [];
  for (const outcome of outcomes) {
    // An error outside the row's accepted set that says nothing about the engine (the suite's own
    // deadline on a stream that never ended, unreachable, rate-limited) has no details to judge.
    const uninformative =
      outcome.kind === 'error' && matchingEntries(outcome.accepted, outcome.error).length === 0 ? uninformativeReason(outcome.error) : undefined;
    if (uninformative) {
      unjudged.push(`row ${outcome.row.id}: ${uninformative}`);
      t.warn(`row ${outcome.row.id}: ${uninformative}; the engine sent no error of its own, so its details are not judged`);
    } else if (outcome.kind === 'error') errors.push(outcome);
    else t.warn(`row ${outcome.row.id}: ${outcome.row.rpc} answered OK, so it has no error details to read (errors.status-code-mapped reports it)`);
  }
  t.precondition(errors.length > 0 || unjudged.length === 0, unjudged.join('; '));
  return errors;
}
