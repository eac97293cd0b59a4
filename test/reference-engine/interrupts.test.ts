import { status } from '@grpc/grpc-js';
import { assert } from 'chai';
import { readFileSync } from 'node:fs';
import { startReferenceEngine } from '../../fixtures/reference-engine/index.js';
import type { RunningReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { InterruptTokens } from '../../fixtures/reference-engine/interrupts/interrupt-tokens.js';
import { approvalResumeSchema, clarificationResumeSchema, resumeValueProblem } from '../../fixtures/reference-engine/interrupts/resume-schemas.js';
import { EngineError } from '../../fixtures/reference-engine/wire/error-status.js';
import { ArtifactFixture } from '../../suites/artifact/artifact-fixture.js';
import type { WireEvent } from './engine-helpers.js';
import { envelopeOf, jsonToStruct, toWireEvent } from './engine-helpers.js';
import { RawEngineClient, bearer, structToJson } from './raw-engine-client.js';
import { jsonText } from '../../harness/support/json.js';

const claims = { runId: 'run_1', nodeId: 'gate', interruptId: 'int_1', expiresAt: Date.now() + 3_600_000, intent: 'resolve' as const };

function refusalCode(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    if (error instanceof EngineError) return error.envelope.error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('reference engine: interrupt tokens', () => {
  it('verifies what it signed and refuses malformed, tampered, forged and expired tokens alike', () => {
    const tokens = new InterruptTokens();
    const token = tokens.sign(claims);
    assert.deepEqual(tokens.verify(token), claims);
    const [body, mac] = token.split('.') as [string, string];
    const forgedBody = Buffer.from(JSON.stringify({ ...claims, interruptId: 'int_2' })).toString('base64url');
    for (const bad of ['', 'x', `${body}`, `${body}.${mac}.extra`, `${body}.${'0'.repeat(64)}`, `${forgedBody}.${mac}`]) {
      assert.strictEqual(
        refusalCode(() => tokens.verify(bad)),
        'interrupt_not_found',
        bad,
      );
    }
    assert.strictEqual(
      refusalCode(() => tokens.verify(tokens.sign({ ...claims, expiresAt: Date.now() - 1 }))),
      'interrupt_expired',
    );
    // Another engine's secret: the same claims, a different signature.
    assert.strictEqual(
      refusalCode(() => tokens.verify(new InterruptTokens().sign(claims))),
      'interrupt_not_found',
    );
  });

  it('accepts a forged token only with the signature check switched off (the fault)', () => {
    const unchecked = new InterruptTokens(false);
    const forged = `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${'ab'.repeat(32)}`;
    assert.deepEqual(unchecked.verify(forged), claims);
  });
});

describe('reference engine: resume schemas', () => {
  it('holds approval resume values to the gate actions and clarification answers to their question schemas', () => {
    const approval = approvalResumeSchema(['accept', 'reject']);
    assert.strictEqual(resumeValueProblem(approval, { action: 'accept', decidedAt: '2026-11-25T00:00:00Z' }), undefined);
    assert.include(resumeValueProblem(approval, { action: 'maybe' }), '/action');
    assert.include(resumeValueProblem(approval, {}), 'action');
    const clarification = clarificationResumeSchema([{ id: 'q1', question: 'Colour?', schema: { type: 'string', minLength: 1 } }]);
    assert.strictEqual(resumeValueProblem(clarification, { answers: { q1: 'blue' } }), undefined);
    assert.include(resumeValueProblem(clarification, { answers: { q1: '' } }), '/answers/q1');
    assert.include(resumeValueProblem(clarification, { answers: {} }), 'q1');
  });
});

describe('reference engine: interrupts and artifacts over the wire', () => {
  const token = 'test-token';
  let engine: RunningReferenceEngine;
  let client: RawEngineClient;
  const auth = () => bearer(token);

  // With a token, so the by-token RPCs are seen to need none.
  before(async () => {
    engine = await startReferenceEngine({ token });
    client = new RawEngineClient(engine.url);
  });
  after(async () => {
    client.close();
    await engine.stop();
  });

  const createRun = async (workflowId: string): Promise<string> => String((await client.call('CreateRun', { workflowId }, auth()))['runId']);
  /** The run's events in debug mode until one of `type` (or the end of the run when undefined). */
  async function events(runId: string, type?: string): Promise<WireEvent[]> {
    const { messages } = await client.streamEvents(
      { runId, lastSequence: -1, streamModes: ['debug'] },
      type ? (message) => message['type'] === type : undefined,
      auth(),
    );
    return messages.map(toWireEvent);
  }
  async function waitingApproval(): Promise<string> {
    const runId = await createRun('conformance-approval');
    await events(runId, 'interrupt.requested');
    return runId;
  }
  const snapshot = async (runId: string) => structToJson((await client.call('GetRun', { runId }, auth()))['snapshot']);
  const resolve = (runId: string, resumeValue: { [key: string]: string }) => ({ runId, nodeId: 'gate', resumeValue: jsonToStruct(resumeValue) });

  it('suspends the approval gate, refuses an invalid value without a state change, and completes on accept', async () => {
    const runId = await waitingApproval();
    const waiting = await snapshot(runId);
    assert.include(waiting, { status: 'waiting-approval', currentNodeId: 'gate' });
    const invalid = await client.callFailing('ResolveInterruptByRun', resolve(runId, { action: 'maybe' }), auth());
    assert.strictEqual(invalid.code, status.INVALID_ARGUMENT);
    assert.strictEqual(envelopeOf(invalid)['error'], 'validation_error');
    assert.strictEqual((await snapshot(runId))['status'], 'waiting-approval');

    const reply = await client.call('ResolveInterruptByRun', resolve(runId, { action: 'accept' }), auth());
    assert.include(reply, { runId, nodeId: 'gate', status: 'running' });
    const again = await client.callFailing('ResolveInterruptByRun', resolve(runId, { action: 'accept' }), auth());
    assert.strictEqual(again.code, status.NOT_FOUND);
    assert.strictEqual(envelopeOf(again)['error'], 'interrupt_not_found');
    assert.deepEqual(
      (await events(runId)).map((event) => event.type),
      [
        'run.started',
        'node.started',
        'node.suspended',
        'interrupt.requested',
        'interrupt.resolved',
        'approval.received',
        'node.resumed',
        'node.completed',
        'run.completed',
      ],
    );
  });

  it('serves the token without a bearer token, refuses it once used, and after a cancel says interrupt_cancelled', async () => {
    const runId = await waitingApproval();
    const interrupt = (await snapshot(runId))['interrupt'] as { [key: string]: string };
    const inspected = await client.call('InspectInterruptByToken', { token: interrupt['interruptToken'] });
    assert.notStrictEqual(inspected['interrupt'], undefined);
    await client.call('ResolveInterruptByToken', { token: interrupt['interruptToken'], resumeValue: jsonToStruct({ action: 'accept' }) });
    const used = await client.callFailing('ResolveInterruptByToken', { token: interrupt['interruptToken'], resumeValue: jsonToStruct({ action: 'accept' }) });
    assert.strictEqual(envelopeOf(used)['error'], 'interrupt_already_resolved');

    const cancelledRun = await waitingApproval();
    const cancelledToken = ((await snapshot(cancelledRun))['interrupt'] as { [key: string]: string })['interruptToken'];
    await client.call('CancelRun', { runId: cancelledRun }, auth());
    await events(cancelledRun, 'run.cancelled');
    const refused = await client.callFailing('ResolveInterruptByToken', { token: cancelledToken, resumeValue: jsonToStruct({ action: 'accept' }) });
    assert.strictEqual(refused.code, status.FAILED_PRECONDITION);
    assert.strictEqual(envelopeOf(refused)['error'], 'interrupt_cancelled');
    assert.strictEqual((await snapshot(cancelledRun))['status'], 'cancelled');
  });

  it('stores the conformance-artifact content and serves it byte for byte, only with a bearer token', async () => {
    const runId = await createRun('conformance-artifact');
    const created = (await events(runId, 'artifact.created')).find((event) => event.type === 'artifact.created');
    if (!created) throw new Error(`run ${runId} logged no artifact.created`);
    const artifactId = jsonText(created.payload['artifactId']);
    const reply = await client.call('GetArtifact', { runId, artifactId }, auth());
    assert.strictEqual(Buffer.from(reply['content'] as Uint8Array).toString('utf8'), ArtifactFixture.content);
    assert.strictEqual(reply['contentType'], 'text/plain; charset=utf-8');
    const unauthenticated = await client.callFailing('GetArtifact', { runId, artifactId: 'art_missing' });
    assert.strictEqual(unauthenticated.code, status.UNAUTHENTICATED);
    const missing = await client.callFailing('GetArtifact', { runId, artifactId: 'art_missing' }, auth());
    assert.strictEqual(envelopeOf(missing)['error'], 'not_found');
  });

  it("keeps the suite's copy of the artifact content in step with the fixture file", () => {
    const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/workflows/conformance-artifact.json', import.meta.url), 'utf8')) as {
      nodes: { config: { content: string } }[];
    };
    assert.strictEqual(fixture.nodes[0]?.config.content, ArtifactFixture.content);
  });
});
