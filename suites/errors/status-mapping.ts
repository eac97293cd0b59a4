import { check } from '../../harness/runner/suite-dsl.js';
import { GRPC_CODE_BY_ENVELOPE } from '../../harness/transport/envelope-codes.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { uninformativeReason } from '../../harness/verdicts/uninformative-errors.js';
import { blockIfUninformative, describeAccepted, errorsOnly, matchingEntries, provokeRows } from './error-outcomes.js';

/** The mapping table of grpc-transport.md (protocol-digest §1.4): envelope code → gRPC status. */
export const MAPPED_STATUS = GRPC_CODE_BY_ENVELOPE;

export const STATUS_MAPPING_CHECKS = [
  check('errors.status-code-mapped', async (t: TestContext) => {
    const outcomes = await provokeRows(t);
    t.precondition(outcomes.length > 0, 'no error-mapping row applies to this engine');
    const findings: string[] = [];
    // Evidence first: an answer about the suite's reach or credentials blocks only when nothing else failed.
    const informative = outcomes.filter((outcome) => outcome.kind === 'ok' || matchingEntries(outcome.accepted, outcome.error).length > 0 || uninformativeReason(outcome.error) === undefined);
    for (const outcome of informative) {
      const { row, accepted } = outcome;
      if (outcome.kind === 'ok') {
        findings.push(`${row.rpc} (${row.id}, ${row.provokes}) answered OK; expected ${describeAccepted(accepted)}`);
        continue;
      }
      const { error } = outcome;
      if (matchingEntries(accepted, error).length === 0) {
        findings.push(`${row.rpc} (${row.id}, ${row.provokes}) answered ${error.codeName}${error.envelopeCode ? ` ${error.envelopeCode}` : ''}; expected ${describeAccepted(accepted)}`);
      } else if (error.code === GrpcCode.UNIMPLEMENTED) {
        t.warn(`${row.rpc} answered UNIMPLEMENTED: its feature is not advertised, so the row's error class was not reached`);
      } else if (row.unmappedCode) {
        t.warn(`${row.rpc} (${row.id}): the mapping table does not list ${error.envelopeCode ?? 'this code'}; status ${error.codeName} accepted by its class`);
      }
    }
    if (findings.length === 0) blockIfUninformative(t, outcomes);
    t.assertNone(findings, 'gRPC status outside the mapping', 'every row answered with an accepted status');
  }),

  check('errors.envelope-code-matches-status', async (t: TestContext) => {
    const outcomes = errorsOnly(t, await provokeRows(t));
    const findings: string[] = [];
    let judged = 0;
    for (const { row, accepted, error } of outcomes) {
      const entries = matchingEntries(accepted, error);
      if (entries.length === 0) {
        t.warn(`row ${row.id}: status ${error.codeName} is outside the mapping (errors.status-code-mapped reports it); its envelope code is not judged`);
        continue;
      }
      if (error.envelope === undefined || error.envelopeCode === undefined) {
        t.warn(`row ${row.id}: no envelope code to read (the details requirements report why)`);
        continue;
      }
      judged += 1;
      const code = error.envelopeCode;
      const allowed = entries.flatMap((entry) => entry.envelopeCodes);
      const mapped = MAPPED_STATUS[code];
      if (!allowed.includes(code)) {
        findings.push(`${row.rpc} (${row.id}) answered ${error.codeName} with envelope code ${code}; ${error.codeName} here stands for ${allowed.join('|')}`);
      } else if (mapped !== undefined && GrpcCode[mapped] !== error.code) {
        findings.push(`${row.rpc} (${row.id}): envelope code ${code} maps to ${mapped}, but the status is ${error.codeName}`);
      }
    }
    t.precondition(judged > 0, 'no provoked error carried an envelope code with an accepted status');
    t.assertNone(findings, 'envelope code inconsistent with the status', 'envelope codes consistent with their status');
  }),
];
