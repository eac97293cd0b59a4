import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { ERROR_ENVELOPE_TYPE_URL } from '../../harness/transport/rpc-error.js';
import { describeStatusDetails } from '../../harness/transport/status-details.js';
import { errorsOnly, provokeRows, statusDetailsBytes } from './error-outcomes.js';

/**
 * The details of every provoked error, one layer per requirement (protocol-digest §1.4): the
 * trailer decodes as google.rpc.Status; it holds the envelope detail; the envelope is well formed.
 * A layer that is missing fails its own requirement and is skipped, with a warning, above it.
 */
export const STATUS_DETAILS_CHECKS = [
  check('errors.status-details-decodable', async (t: TestContext) => {
    const outcomes = errorsOnly(t, await provokeRows(t));
    t.precondition(outcomes.length > 0, 'no provoked call ended with an error');
    const findings = outcomes.flatMap(({ row, error }) => {
      const layer = describeStatusDetails(statusDetailsBytes(error));
      return layer.problem ? [`${row.rpc} (${row.id}) ${error.codeName}: ${layer.problem}`] : [];
    });
    t.assertNone(findings, 'error without a decodable google.rpc.Status', 'a grpc-status-details-bin trailer holding a google.rpc.Status on every error');
  }),

  check('errors.envelope-detail-present', async (t: TestContext) => {
    const findings: string[] = [];
    let judged = 0;
    for (const { row, error } of errorsOnly(t, await provokeRows(t))) {
      if (error.httpStatus !== undefined) {
        // REST has no trailer: the body itself is the envelope (protocol-digest §4), an object with a string `error`.
        judged += 1;
        if (error.envelope === undefined)
          findings.push(`${row.rpc} (${row.id}) HTTP ${error.httpStatus}: ${error.envelopeProblem ?? 'the body could not be read'}`);
        else if (error.envelopeCode === undefined)
          findings.push(`${row.rpc} (${row.id}) HTTP ${error.httpStatus}: the JSON body carries no string "error" code, so it is not an error envelope`);
        continue;
      }
      const layer = describeStatusDetails(statusDetailsBytes(error));
      if (layer.problem) {
        t.warn(`row ${row.id}: ${layer.problem} (errors.status-details-decodable reports it)`);
        continue;
      }
      judged += 1;
      if (!layer.typeUrls.includes(ERROR_ENVELOPE_TYPE_URL)) {
        const seen = layer.typeUrls.length > 0 ? layer.typeUrls.map((url) => JSON.stringify(url)).join(', ') : 'none';
        findings.push(`${row.rpc} (${row.id}): google.rpc.Status.details has no entry with type_url "${ERROR_ENVELOPE_TYPE_URL}" (type_urls seen: ${seen})`);
      } else if (error.envelope === undefined) {
        findings.push(`${row.rpc} (${row.id}): ${error.envelopeProblem ?? 'the envelope detail could not be read'}`);
      }
    }
    t.precondition(judged > 0, 'no provoked error carried a decodable google.rpc.Status');
    const expected =
      t.client.transport === 'rest'
        ? 'an error body that is the JSON error envelope'
        : `a details entry with type_url ${ERROR_ENVELOPE_TYPE_URL} and a JSON value`;
    t.assertNone(findings, 'error without a readable ErrorEnvelope', expected);
  }),

  check('errors.envelope-schema-valid', async (t: TestContext) => {
    const findings: string[] = [];
    let judged = 0;
    for (const { row, error } of errorsOnly(t, await provokeRows(t))) {
      if (error.envelope === undefined) {
        t.warn(`row ${row.id}: no envelope to validate (${error.envelopeProblem ?? 'absent'})`);
        continue;
      }
      judged += 1;
      if (error.envelopeIssues.length > 0) findings.push(`${row.rpc} (${row.id}): ${error.envelopeIssues.join('; ')}`);
    }
    t.precondition(judged > 0, 'no provoked error carried an ErrorEnvelope');
    t.assertNone(findings, 'malformed ErrorEnvelope', 'an ErrorEnvelope {error, message, details?} and nothing else');
  }),
];
