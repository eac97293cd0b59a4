import { check } from '../../harness/runner/suite-dsl.js';
import { GRPC_CODE_BY_ENVELOPE } from '../../harness/transport/envelope-codes.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { specStatusesFor, statusList } from '../../harness/transport/rest/envelope-http-statuses.js';
import type { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { uninformativeReason } from '../../harness/verdicts/uninformative-errors.js';
import type { RowOutcome } from './error-outcomes.js';
import { blockIfUninformative, describeAccepted, describeAnswer, errorsOnly, matchingAnswers, provokeRows } from './error-outcomes.js';

/** The mapping table of grpc-transport.md (protocol-digest §1.4): envelope code → gRPC status. */
export const MAPPED_STATUS = GRPC_CODE_BY_ENVELOPE;

/** An UNIMPLEMENTED answer: a gRPC 12, or over REST a 501 (or the client's reading of a route miss). */
const isUnimplemented = (error: RpcError): boolean => error.code === GrpcCode.UNIMPLEMENTED || error.httpStatus === 501;

/**
 * Whether the envelope code and the status agree on their own (beyond the row): over gRPC the §1.4
 * table's status for the code, over REST the HTTP statuses the spec gives the code. Undefined when
 * the spec gives the code no status on this surface.
 */
function codeStatusDisagreement(code: string, error: RpcError): string | undefined {
  if (error.httpStatus !== undefined) {
    const statuses = specStatusesFor(code);
    return statuses !== undefined && !statuses.includes(error.httpStatus)
      ? `envelope code ${code} stands for HTTP ${statusList(statuses)}, but the status is ${error.httpStatus}`
      : undefined;
  }
  const mapped = MAPPED_STATUS[code];
  return mapped !== undefined && GrpcCode[mapped] !== error.code ? `envelope code ${code} maps to ${mapped}, but the status is ${error.codeName}` : undefined;
}

/**
 * Whether a row whose refusal only a SHOULD asks for got an answer that breaks no MUST: OK, or an
 * error of another code that the table maps to the status it came with (e.g. 404 workflow_not_found
 * for an over-long id). A validation_error with the wrong status still breaks the mapping.
 */
function refusalNotOwed(outcome: RowOutcome): boolean {
  if (outcome.kind === 'ok') return true;
  const code = outcome.error.envelopeCode;
  if (code === undefined || code === 'validation_error' || matchingAnswers(outcome.accepted, outcome.error).length > 0) return false;
  const known = outcome.error.httpStatus !== undefined ? specStatusesFor(code) !== undefined : MAPPED_STATUS[code] !== undefined;
  return known && codeStatusDisagreement(code, outcome.error) === undefined;
}

export const STATUS_MAPPING_CHECKS = [
  check('errors.status-code-mapped', async (t: TestContext) => {
    const outcomes = await provokeRows(t);
    t.precondition(outcomes.length > 0, 'no error-mapping row applies to this engine');
    const findings: string[] = [];
    // Evidence first: an answer about the suite's reach or credentials blocks only when nothing else failed.
    const informative = outcomes.filter(
      (outcome) => outcome.kind === 'ok' || matchingAnswers(outcome.accepted, outcome.error).length > 0 || uninformativeReason(outcome.error) === undefined,
    );
    for (const outcome of informative) {
      const { row, accepted } = outcome;
      const shouldOnly = row.refusalOnlyShould;
      if (shouldOnly !== undefined && refusalNotOwed(outcome)) {
        t.warn(
          `${row.rpc} (${row.id}) answered ${outcome.kind === 'ok' ? 'OK' : describeAnswer(outcome.error)}, not ${describeAccepted(accepted, t.client.transport === 'rest')}: not a finding here, since ${shouldOnly}`,
        );
        continue;
      }
      if (outcome.kind === 'ok') {
        findings.push(`${row.rpc} (${row.id}, ${row.provokes}) answered OK; expected ${describeAccepted(accepted, t.client.transport === 'rest')}`);
        continue;
      }
      const { error } = outcome;
      if (matchingAnswers(accepted, error).length === 0) {
        findings.push(
          `${row.rpc} (${row.id}, ${row.provokes}) answered ${describeAnswer(error)}; expected ${describeAccepted(accepted, error.httpStatus !== undefined)}`,
        );
      } else if (isUnimplemented(error)) {
        t.warn(`${row.rpc} answered UNIMPLEMENTED: its feature is not advertised, so the row's error class was not reached`);
      } else if (row.unmappedCode) {
        t.warn(
          `${row.rpc} (${row.id}): the mapping table does not list ${error.envelopeCode ?? 'this code'}; status ${describeAnswer(error)} accepted by its class`,
        );
      }
    }
    if (findings.length === 0) blockIfUninformative(t, outcomes);
    t.assertNone(
      findings,
      t.client.transport === 'rest' ? 'HTTP status outside the mapping' : 'gRPC status outside the mapping',
      'every row answered with an accepted status',
    );
  }),

  check('errors.envelope-code-matches-status', async (t: TestContext) => {
    const outcomes = errorsOnly(t, await provokeRows(t));
    const findings: string[] = [];
    let judged = 0;
    for (const { row, accepted, error } of outcomes) {
      const entries = matchingAnswers(accepted, error);
      if (entries.length === 0) {
        t.warn(`row ${row.id}: status ${describeAnswer(error)} is outside the mapping (errors.status-code-mapped reports it); its envelope code is not judged`);
        continue;
      }
      if (error.envelope === undefined || error.envelopeCode === undefined) {
        t.warn(`row ${row.id}: no envelope code to read (the details requirements report why)`);
        continue;
      }
      judged += 1;
      const code = error.envelopeCode;
      const allowed = entries.flatMap((entry) => entry.envelopeCodes);
      const status = error.httpStatus !== undefined ? `HTTP ${error.httpStatus}` : error.codeName;
      const disagreement = codeStatusDisagreement(code, error);
      if (!allowed.includes(code) && entries.some((entry) => entry.anyEnvelopeCode === true)) {
        // The cited section pins the status only: a code of the engine's own is a warning, not a finding.
        t.warn(`row ${row.id}: ${status} with the non-canonical envelope code ${code} (canonical: ${allowed.join('|')}); the spec pins only the status`);
      } else if (!allowed.includes(code)) {
        findings.push(`${row.rpc} (${row.id}) answered ${status} with envelope code ${code}; ${status} here stands for ${allowed.join('|')}`);
      } else if (disagreement) {
        findings.push(`${row.rpc} (${row.id}): ${disagreement}`);
      }
    }
    t.precondition(judged > 0, 'no provoked error carried an envelope code with an accepted status');
    t.assertNone(findings, 'envelope code inconsistent with the status', 'envelope codes consistent with their status');
  }),
];
