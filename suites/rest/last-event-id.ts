import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Fixture } from '../fixture-ids.js';
import { deliveredSequences, eventsPath, finishedRun, parseSseFrames, raw } from './raw-http.js';

/**
 * SSE resume (runs-events-digest §4; stream-modes.md §Resumption): a reconnect with `Last-Event-ID`
 * set to a frame's id continues after that frame's event and MUST NOT re-send it. The id sent back
 * is the one the engine put on the frame (its sequence or an event id: the spec asks for an id to
 * look the event up by, not for ids equal to sequences). Judged against the same run's full stream
 * read from the start, in the same mode.
 */
export const LAST_EVENT_ID_CHECKS = [
  check('rest.last-event-id-resume', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.multiNode);
    const deadlineMs = t.deadlines.fixtureCompletion(Fixture.multiNode).ms;
    const full = await raw(t, { method: 'GET', path: eventsPath(runId), headers: { accept: 'text/event-stream' } }, deadlineMs);
    t.precondition(full.status === 200, `GET ${eventsPath(runId)} answered HTTP ${full.status}`);
    const frames = parseSseFrames(full.body);
    const all = deliveredSequences(frames);
    // Frames whose data carries no `sequence` are not RunEventDocs: the envelope's owner judges that.
    t.precondition(
      all.length > 0 || frames.length === 0,
      `run ${runId}'s stream sent ${frames.length} frame(s) and none carries a readable sequence (data is not a RunEventDoc; stream.event-envelope-schema-valid judges that over --rest-events sse)`,
    );
    t.precondition(all.length >= 3, `run ${runId}'s stream delivered too few events to resume in the middle (${all.join(', ') || 'none'})`);
    // The middle frame that carries an id (frames without one are rest.sse-event-ids' finding).
    const resumable = frames.filter((frame) => frame.id !== undefined && frame.id !== '' && frame.sequences.length > 0);
    const point = resumable[Math.floor(resumable.length / 2) - 1] ?? resumable[0];
    t.precondition(point?.id, `no frame of run ${runId}'s stream carries an id to resume from (rest.sse-event-ids judges that)`);
    const cursor = Math.max(...point.sequences);
    const lastEventId = point.id;
    const resumed = await raw(
      t,
      { method: 'GET', path: eventsPath(runId), headers: { accept: 'text/event-stream', 'last-event-id': lastEventId } },
      deadlineMs,
    );
    if (resumed.status !== 200)
      t.fail(
        `reconnecting with Last-Event-ID: ${lastEventId} (the id of sequence ${cursor}'s frame) answered HTTP ${resumed.status}`,
        '200',
        String(resumed.status),
      );
    const got = deliveredSequences(parseSseFrames(resumed.body));
    const expected = all.filter((sequence) => sequence > cursor);
    const findings = [
      ...got.filter((sequence) => sequence <= cursor).map((sequence) => `sequence ${sequence} was re-sent`),
      ...expected.filter((sequence) => !got.includes(sequence)).map((sequence) => `sequence ${sequence} is missing`),
      ...got.filter((sequence) => sequence > cursor && !all.includes(sequence)).map((sequence) => `sequence ${sequence} is not in the full stream`),
    ];
    t.assertNone(
      findings,
      `reconnecting with Last-Event-ID: ${lastEventId} (the id of sequence ${cursor}'s frame; full stream ${all.join(',')}; resumed ${got.join(',') || 'nothing'})`,
      `exactly ${expected.join(',')}`,
    );
  }),
];
