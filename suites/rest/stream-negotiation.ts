import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Fixture } from '../fixture-ids.js';
import { blockOnUninformative, envelopeCodeOf, eventsPath, finishedRun, mediaType, raw } from './raw-http.js';

/**
 * stream-modes.md §Content negotiation: hosts MAY answer `Accept: application/json` on the events
 * endpoint with a JSON body; those that do "MUST ensure validation gates (streamMode, bufferMs) run
 * BEFORE the content-shape branch — an invalid streamMode MUST return 400 regardless of the requested
 * response format". A host that ignores Accept answers the SSE path's 400, which passes as well.
 * Whether the engine negotiates is read from a valid request first and recorded.
 */

const INVALID_MODE = 'conformance-no-such-mode';

export const STREAM_NEGOTIATION_CHECKS = [
  check('rest.sse-negotiation-validates-first', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.noop);
    const deadline = t.deadlines.fixtureCompletion(Fixture.noop).ms;
    const valid = await raw(t, { method: 'GET', path: eventsPath(runId), headers: { accept: 'application/json' } }, deadline);
    const validType = mediaType(valid);
    t.warn(
      `a valid events request with Accept: application/json answered HTTP ${valid.status} as ${validType ?? '(no content type)'}: ${validType === 'application/json' && valid.status === 200 ? 'the engine negotiates JSON' : 'the engine does not serve JSON here'}`,
    );
    const path = eventsPath(runId, `?streamMode=${INVALID_MODE}`);
    const what = `GET ${path} with Accept: application/json`;
    const response = await raw(t, { method: 'GET', path, headers: { accept: 'application/json' } }, deadline);
    blockOnUninformative(t, what, response, { authRefusalBlocks: true });
    const code = envelopeCodeOf(response);
    if (response.status !== 400) {
      t.fail(
        `${what} answered HTTP ${response.status}${code ? ` (${code})` : ''} as ${mediaType(response) ?? '(no content type)'}: the invalid streamMode was not refused 400 before the response format was chosen`,
        'HTTP 400 unsupported_stream_mode',
        String(response.status),
      );
    }
    if (code !== 'unsupported_stream_mode')
      t.warn(`${what} answered 400 with envelope code ${code ?? '(none)'}, not unsupported_stream_mode (the stream area holds the code)`);
    t.assert.strictEqual(response.status, 400, `${what}: status`);
  }),
];
