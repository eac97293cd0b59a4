import { jsonText, isJsonObject } from '../../harness/support/json.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { blockOnUninformative, jsonBody, mediaType, raw } from './raw-http.js';

/**
 * rest-endpoints.md §Required endpoints / Discovery: every server MUST expose `GET /v1/openapi.json`
 * with Auth None, a "Self-describing OpenAPI spec". The request carries no authorization header, so
 * a 401/403 is the finding here, not the user's credentials. The document is held to what makes it
 * an OpenAPI document at all (OpenAPI 3.x: `openapi`, `info`, `paths`), never to the spec's own
 * openapi.yaml: which operations an engine describes is its business.
 */

const PATH = '/v1/openapi.json';
const OPENAPI_3 = /^3\.\d+(\.\d+)?/;

function documentFindings(document: unknown): string[] {
  if (!isJsonObject(document)) return [`the body is not a JSON object`];
  const findings: string[] = [];
  const version = document['openapi'];
  if (typeof version !== 'string' || !OPENAPI_3.test(version))
    findings.push(`"openapi" is ${JSON.stringify(version) ?? 'absent'}, not an OpenAPI 3.x version string`);
  if (!isJsonObject(document['info'])) findings.push('"info" is not an object');
  if (!isJsonObject(document['paths'])) findings.push('"paths" is not an object');
  return findings;
}

export const OPENAPI_DOCUMENT_CHECKS = [
  check('rest.openapi-self-description', async (t: TestContext) => {
    const response = await raw(t, { method: 'GET', path: PATH, headers: { accept: 'application/json' } }, undefined, null);
    blockOnUninformative(t, `GET ${PATH}`, response, { authRefusalBlocks: false });
    if (response.status === 401 || response.status === 403) {
      t.fail(
        `GET ${PATH} without credentials answered HTTP ${response.status}: the self-description requires authentication, but rest-endpoints.md lists it with Auth None`,
        'HTTP 200 without credentials',
        String(response.status),
      );
    }
    if (response.status !== 200) {
      t.fail(
        `GET ${PATH} answered HTTP ${response.status}: the self-describing OpenAPI document is not served`,
        'HTTP 200 with an OpenAPI document',
        String(response.status),
      );
    }
    const type = mediaType(response);
    if (type === undefined || !(type === 'application/json' || type.endsWith('+json')))
      t.warn(`GET ${PATH} is served as ${type ?? '(no content type)'}, not a JSON media type`);
    const document = jsonBody(response);
    if (document === undefined)
      t.fail(`GET ${PATH} answered 200 with a body that is not JSON: ${JSON.stringify(response.body.slice(0, 120))}`, 'a JSON OpenAPI document', 'not JSON');
    t.assertNone(documentFindings(document), `the document at ${PATH}`, 'an OpenAPI 3.x document {openapi, info, paths}');
    if (isJsonObject(document)) {
      const paths = isJsonObject(document['paths']) ? Object.keys(document['paths']).length : 0;
      t.warn(`${PATH}: OpenAPI ${jsonText(document['openapi'])}, ${paths} path(s)${Array.isArray(document['servers']) ? ', with servers' : ''}`);
    }
  }),
];
