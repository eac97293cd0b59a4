import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { RawHttpResponse } from '../../harness/transport/engine-client.js';
import { mediaType, raw } from './raw-http.js';

/**
 * Error bodies over HTTP (protocol-digest §4): every 4xx/5xx body is the JSON envelope
 * `{error, message, details?}` served as application/json. Two reads that every engine must refuse
 * with 404: an unknown run and an unknown workflow.
 */

function findings(t: TestContext, what: string, response: RawHttpResponse): string[] {
  const type = mediaType(response);
  const problems: string[] = [];
  if (type !== 'application/json')
    problems.push(`${what}: the body's content type is ${type ?? '(none)'}, so it is not an error envelope served as application/json`);
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return [...problems, `${what}: the body is not JSON, so it is not an error envelope: ${JSON.stringify(response.body.slice(0, 120))}`];
  }
  const issues = t.envelopeIssues(body);
  if (issues.length > 0) problems.push(`${what}: the body is not an error envelope (${issues.join('; ')})`);
  return problems;
}

export const ERROR_BODY_CHECKS = [
  check('rest.error-body-envelope', async (t: TestContext) => {
    const probes = [
      { what: 'GET of an unknown run', path: `/v1/runs/${encodeURIComponent(t.unknownId('rest-unknown-run'))}` },
      { what: 'GET of an unknown workflow', path: `/v1/workflows/${encodeURIComponent(t.unknownId('rest-unknown-workflow'))}` },
    ];
    const found: string[] = [];
    for (const probe of probes) {
      const response = await raw(t, { method: 'GET', path: probe.path });
      if (response.status === 401 || response.status === 403) {
        t.precondition(false, `${probe.what} answered HTTP ${response.status}: the engine refused the suite's credentials`);
      }
      if (response.status < 400)
        t.fail(`${probe.what} answered HTTP ${response.status}, not an error`, 'HTTP 404 with an error envelope', String(response.status));
      if (response.status !== 404) t.warn(`${probe.what} answered HTTP ${response.status} rather than 404`);
      found.push(...findings(t, `${probe.what} (HTTP ${response.status})`, response));
    }
    t.assertNone(found, 'error bodies', 'application/json {error, message, details?}');
  }),
];
