import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Fixture } from '../fixture-ids.js';
import type { SseFrame } from './raw-http.js';
import { eventsPath, finishedRun, parseSseFrames, raw } from './raw-http.js';

/**
 * stream-modes.md §Aggregation hint ?bufferMs=: "Wire shape: `event: batch` SSE event with
 * `data: [<RunEventDoc>, <RunEventDoc>, ...]`. Single-event windows MAY still emit a 1-element
 * array; consumers MUST tolerate both single-element arrays and unbatched single-object events."
 * So a batch frame's data is a JSON array of RunEventDocs, and an array of events never travels
 * under another event name. Hosts MAY ignore bufferMs: without batch frames there is nothing to judge.
 */

const BUFFER_MS = 250;

function batchFindings(t: TestContext, frames: readonly SseFrame[]): string[] {
  const findings: string[] = [];
  frames.forEach((frame, index) => {
    let data: unknown;
    try {
      data = JSON.parse(frame.data);
    } catch {
      if (frame.event === 'batch') findings.push(`batch frame ${index}: data is not JSON`);
      return;
    }
    if (frame.event !== 'batch') {
      if (Array.isArray(data))
        findings.push(`frame ${index} carries a JSON array of ${data.length} item(s) under event: ${frame.event ?? 'message'}, not event: batch`);
      return;
    }
    if (!Array.isArray(data)) {
      findings.push(
        `batch frame ${index}: data is a JSON ${data === null ? 'null' : typeof data}${typeof data === 'object' && data !== null ? ` with keys ${Object.keys(data).join(', ')}` : ''}, not a JSON array of RunEventDocs`,
      );
      return;
    }
    if (data.length === 0) findings.push(`batch frame ${index}: data is an empty array`);
    data.forEach((item, position) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        findings.push(
          `batch frame ${index} item ${position} is a JSON ${item === null ? 'null' : Array.isArray(item) ? 'array' : typeof item}, not a RunEventDoc`,
        );
        return;
      }
      // The envelope's own rules belong to its owner, which judges every event wherever it travels
      // (issue 15 class 1); here only the batch's shape is judged, and unknown members are warnings.
      const issues = t.schemaIssues('runEvent', item);
      if (issues.length > 0)
        t.warn(
          `batch frame ${index} item ${position} breaks the RunEventDoc schema (stream.event-envelope-schema-valid judges it): ${issues.slice(0, 3).join('; ')}`,
        );
    });
  });
  return findings;
}

export const SSE_BATCH_SHAPE_CHECKS = [
  check('rest.sse-batch-wire-shape', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.multiNode);
    const path = eventsPath(runId, `?bufferMs=${BUFFER_MS}`);
    const response = await raw(t, { method: 'GET', path, headers: { accept: 'text/event-stream' } }, t.deadlines.fixtureCompletion(Fixture.multiNode).ms);
    t.precondition(response.status === 200, `GET ${path} answered HTTP ${response.status} (rest.sse-content-type judges the stream)`);
    const frames = parseSseFrames(response.body);
    const batches = frames.filter((frame) => frame.event === 'batch');
    const findings = batchFindings(t, frames);
    // An array under another name is a finding even when no frame is called batch.
    t.precondition(
      batches.length > 0 || findings.length > 0,
      `with bufferMs=${BUFFER_MS} the engine sent no batch frames (hosts MAY ignore bufferMs), so no batch shape could be judged`,
    );
    t.warn(`with bufferMs=${BUFFER_MS}: ${batches.length} batch frame(s) of ${frames.length}`);
    t.assertNone(findings, `SSE frames of run ${runId} with bufferMs=${BUFFER_MS}`, 'every batch frame: event: batch, data a JSON array of RunEventDocs');
  }),
];
