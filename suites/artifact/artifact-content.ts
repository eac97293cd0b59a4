import { isJsonObject } from '../../harness/support/json.js';
import type { RunEvent } from '../../harness/transport/engine-client.js';
import { readRunLog } from '../../harness/waits/run-log-reader.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { ArtifactFixture, artifactBytes } from './artifact-fixture.js';

/** Runs conformance-artifact to its end and returns its artifact.created event, if any, with the whole log. */
async function artifactRun(t: TestContext): Promise<{ runId: string; created: RunEvent | undefined; types: string }> {
  const { runId } = await t.createRun({ workflowId: ArtifactFixture.id });
  t.precondition(runId, 'CreateRun returned no run id');
  const log = await readRunLog(t.client, runId, t.deadlines.fixtureCompletion(ArtifactFixture.id), (message) => t.warn(message));
  const created = log.events.find((event) => event.type === 'artifact.created');
  return { runId, created, types: log.events.map((event) => event.type).join(', ') || 'no events' };
}

const field = (event: RunEvent | undefined, name: string): string | undefined => {
  const value = isJsonObject(event?.payload) ? event.payload[name] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** Where two byte strings first differ, for a readable failure. */
function firstDifference(actual: Uint8Array, expected: Uint8Array): string {
  const length = Math.min(actual.length, expected.length);
  for (let index = 0; index < length; index += 1) {
    if (actual[index] !== expected[index]) return `byte ${index}: 0x${(actual[index] ?? 0).toString(16)} instead of 0x${(expected[index] ?? 0).toString(16)}`;
  }
  return `length ${actual.length} instead of ${expected.length}`;
}

export const ARTIFACT_CONTENT_CHECKS = [
  check('artifact.created-event', async (t: TestContext) => {
    const { created, types } = await artifactRun(t);
    if (!created) t.fail(`the ${ArtifactFixture.id} run logged no artifact.created event`, 'an artifact.created event', types);
    t.assert.isString(field(created, 'artifactId'), 'artifact.created payload artifactId (non-empty)');
    t.assert.isString(field(created, 'artifactType'), 'artifact.created payload artifactType (non-empty)');
  }),

  check('artifact.content-served', async (t: TestContext) => {
    const { runId, created } = await artifactRun(t);
    const artifactId = field(created, 'artifactId');
    t.precondition(artifactId, 'the run announced no artifact id (artifact.created-event reports that)');
    const reply = await t.client.getArtifact({ runId, artifactId });
    t.assert.strictEqual(reply.artifactId, artifactId, 'GetArtifact echoes the artifact id');
    t.assert.isAbove(reply.contentType.length, 0, 'GetArtifact names a content type');
    if (!reply.contentType.toLowerCase().startsWith('text/plain'))
      t.warn(`GetArtifact answered content type "${reply.contentType}" for the fixture's text/plain content`);
    const expected = artifactBytes();
    const actual = Buffer.from(reply.content);
    if (!actual.equals(expected)) {
      t.fail(
        `the artifact content differs from the fixture's at ${firstDifference(actual, expected)}`,
        JSON.stringify(ArtifactFixture.content),
        JSON.stringify(actual.toString('utf8')),
      );
    }
    t.assert.isTrue(true, "the artifact content equals the fixture's byte for byte");
  }),
];
