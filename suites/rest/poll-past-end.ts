import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { isJsonObject } from '../../harness/support/json.js';
import { readPollPage } from '../../harness/transport/rest/poll-event-stream.js';
import { Fixture } from '../fixture-ids.js';
import { eventsPath, finishedRun, raw } from './raw-http.js';

/**
 * A poll cursor past the end of the log (version-negotiation.md): 200 with no events, never a 4xx.
 * The run is finished first and its last sequence read from a from-start poll, so "past the end" is
 * certain; both documented body shapes are read (protocol-digest §8.5) and the one seen is recorded.
 */

/** How far past the last sequence the cursor is put. */
const PAST_END_GAP = 1_000;

export const POLL_PAST_END_CHECKS = [
  check('rest.poll-past-end-empty', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.noop);
    const first = await raw(t, { method: 'GET', path: eventsPath(runId, '/poll?timeout=1') });
    t.precondition(first.status === 200, `the from-start poll of run ${runId} answered HTTP ${first.status}`);
    let firstPage;
    try {
      firstPage = readPollPage(JSON.parse(first.body));
    } catch {
      t.precondition(false, `the from-start poll of run ${runId} is not JSON`);
    }
    t.precondition(firstPage.events && firstPage.events.length > 0, `the from-start poll of run ${runId} returned no events to find the end by`);
    const last = Math.max(...firstPage.events.map((event) => (typeof event['sequence'] === 'number' ? event['sequence'] : -1)));
    const cursor = last + PAST_END_GAP;
    const path = eventsPath(runId, `/poll?lastSequence=${cursor}&timeout=1`);
    const response = await raw(t, { method: 'GET', path });
    if (response.status !== 200)
      t.fail(
        `the past-end poll (lastSequence ${cursor}, the log ends at ${last}) answered HTTP ${response.status}`,
        '200 with no events',
        String(response.status),
      );
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      t.fail(`the past-end poll answered 200 with a body that is not JSON: ${JSON.stringify(response.body.slice(0, 120))}`);
    }
    const page = readPollPage(body);
    if (page.events === undefined) t.fail('the past-end poll answered 200 without an events array', '{events: [], …}', JSON.stringify(body));
    t.warn(
      `poll body shape seen: ${page.shape === 'isComplete' ? '{events, isComplete} (openapi.yaml)' : page.shape === 'isTerminal' ? '{runId, events, lastEventSeq, runStatus, isTerminal} (version-negotiation.md)' : `neither documented shape (${isJsonObject(body) ? Object.keys(body).join(', ') : typeof body})`}`,
    );
    t.assert.lengthOf(page.events, 0, `the past-end poll (lastSequence ${cursor}) returned events`);
  }),
];
