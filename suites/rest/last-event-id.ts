import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Fixture } from '../fixture-ids.js';
import { deliveredSequences, eventsPath, finishedRun, parseSseFrames, raw } from './raw-http.js';

/**
 * SSE resume (runs-events-digest §4): a reconnect with `Last-Event-ID: N` continues after N and MUST
 * NOT re-send N. Judged against the same run's full stream read from the start, in the same mode.
 */
export const LAST_EVENT_ID_CHECKS = [
  check('rest.last-event-id-resume', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.multiNode);
    const deadlineMs = t.deadlines.fixtureCompletion(Fixture.multiNode).ms;
    const full = await raw(t, { method: 'GET', path: eventsPath(runId), headers: { accept: 'text/event-stream' } }, deadlineMs);
    t.precondition(full.status === 200, `GET ${eventsPath(runId)} answered HTTP ${full.status}`);
    const all = deliveredSequences(parseSseFrames(full.body));
    t.precondition(all.length >= 3, `run ${runId}'s stream delivered too few events to resume in the middle (${all.join(', ') || 'none'})`);
    const cursor = all[Math.floor(all.length / 2) - 1]!;
    const resumed = await raw(t, { method: 'GET', path: eventsPath(runId), headers: { accept: 'text/event-stream', 'last-event-id': String(cursor) } }, deadlineMs);
    if (resumed.status !== 200) t.fail(`reconnecting with Last-Event-ID: ${cursor} answered HTTP ${resumed.status}`, '200', String(resumed.status));
    const got = deliveredSequences(parseSseFrames(resumed.body));
    const expected = all.filter((sequence) => sequence > cursor);
    const findings = [
      ...got.filter((sequence) => sequence <= cursor).map((sequence) => `sequence ${sequence} was re-sent`),
      ...expected.filter((sequence) => !got.includes(sequence)).map((sequence) => `sequence ${sequence} is missing`),
      ...got.filter((sequence) => sequence > cursor && !all.includes(sequence)).map((sequence) => `sequence ${sequence} is not in the full stream`),
    ];
    t.assertNone(findings, `reconnecting with Last-Event-ID: ${cursor} (full stream ${all.join(',')}; resumed ${got.join(',') || 'nothing'})`, `exactly ${expected.join(',')}`);
  }),
];
