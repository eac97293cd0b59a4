import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { blockOnUninformative, envelopeCodeOf, raw } from './raw-http.js';

/**
 * rest-endpoints.md §Versioning: "Servers MUST return 400 Bad Request for paths under unversioned
 * roots." The probes are operation paths the engine serves under /v1/, sent without the prefix, so
 * a generic "no such route" 404 is exactly the answer the sentence rules out.
 */
export const UNVERSIONED_ROOT_CHECKS = [
  check('rest.unversioned-root-400', async (t: TestContext) => {
    const probes = [
      { what: 'GET of a run under the unversioned root /runs', path: `/runs/${encodeURIComponent(t.unknownId('rest-unversioned-run'))}` },
      { what: 'GET of a workflow under the unversioned root /workflows', path: `/workflows/${encodeURIComponent(t.unknownId('rest-unversioned-workflow'))}` },
    ];
    const findings: string[] = [];
    for (const probe of probes) {
      const response = await raw(t, { method: 'GET', path: probe.path });
      blockOnUninformative(t, probe.what, response, { authRefusalBlocks: true });
      const code = envelopeCodeOf(response);
      if (response.status === 400) {
        t.warn(`${probe.what} (${probe.path}) answered 400${code ? ` with envelope code ${code}` : ' without an error envelope'}`);
        continue;
      }
      findings.push(`${probe.what} (${probe.path}) answered HTTP ${response.status}${code ? ` (${code})` : ''}, not 400`);
    }
    t.assertNone(findings, 'paths under an unversioned root', 'HTTP 400 for every path outside /v1/');
  }),
];
