import fc from 'fast-check';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { readCapability } from '../../harness/verdicts/gating.js';
import { uninformativeReason } from '../../harness/verdicts/uninformative-errors.js';
import { Fixture } from '../fixture-ids.js';
import { generationSeed, hostileRequests } from './generated-requests.js';

/** gRPC's default maximum receive size; the size an engine that advertises no limit is held to. */
const GRPC_DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
/** How far past the limit the oversized Struct goes. */
const OVERSHOOT_BYTES = 64 * 1024;
/** Past this the suite does not send: a limit this high is not something to probe over CI. */
const LARGEST_PROBE_BYTES = 16 * 1024 * 1024;
const BATCH_SIZE = 12;

/** CreateRun inputs that exceed the advertised request size (or gRPC's default one). */
function oversizedInputs(t: TestContext): { inputs: { blob: string }; bytes: number } | undefined {
  const advertised = readCapability(t.capabilities, 'limits.maxRequestBodyBytes');
  const limit = typeof advertised === 'number' && advertised > 0 ? advertised : GRPC_DEFAULT_MAX_MESSAGE_BYTES;
  const bytes = limit + OVERSHOOT_BYTES;
  return bytes > LARGEST_PROBE_BYTES ? undefined : { inputs: { blob: 'x'.repeat(bytes) }, bytes };
}

/** Settles a call whatever it answers: the batch is about surviving, not about the answers. */
const settle = async (call: Promise<unknown>): Promise<void> => {
  await call.then(
    () => undefined,
    () => undefined,
  );
};

export const HOSTILE_PAYLOAD_CHECKS = [
  check('input.engine-survives-hostile-inputs', async (t: TestContext) => {
    await t.control('GetCapabilities before the batch', t.client.getCapabilities({}, { token: null }));
    const { runId } = await t.control('CreateRun conformance-noop', t.createRun({ workflowId: Fixture.noop }));
    const seed = generationSeed();
    t.warn(`hostile batch drawn with fast-check seed ${seed}`);
    // The run named by live-run requests is the noop run (finished): the batch is about surviving.
    for (const request of fc.sample(hostileRequests(t.capabilities, t.client.transport, true).arbitrary, { seed, numRuns: BATCH_SIZE }))
      await settle(request.send(t, { runId }));
    const oversized = oversizedInputs(t);
    if (oversized) await settle(t.createRun({ workflowId: Fixture.noop, inputs: oversized.inputs }));
    try {
      const reply = await t.client.getCapabilities({}, { token: null, deadlineMs: t.deadlines.callDeadlineMs() });
      t.assert.isDefined(reply.capabilities, 'GetCapabilities answers after the hostile batch');
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      t.fail(
        `the engine no longer answers GetCapabilities after a batch of ${BATCH_SIZE} invalid requests and one oversized Struct: ${error.codeName} (${error.statusMessage})`,
        'GetCapabilities answers',
        error.codeName,
      );
    }
  }),

  check('input.oversized-request-refused', async (t: TestContext) => {
    const oversized = oversizedInputs(t);
    t.precondition(oversized, 'the advertised limits.maxRequestBodyBytes is above what the suite sends (16 MiB)');
    try {
      const { runId } = await t.createRun({ workflowId: Fixture.noop, inputs: oversized.inputs });
      t.fail(`a CreateRun with ${oversized.bytes} bytes of inputs was accepted (run ${runId})`, 'INVALID_ARGUMENT or RESOURCE_EXHAUSTED', 'OK');
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      if (error.code === GrpcCode.RESOURCE_EXHAUSTED) {
        // A size refusal may come from the gRPC library itself, with no envelope.
        t.warn(`the oversized request was refused RESOURCE_EXHAUSTED${error.envelopeCode ? ` ${error.envelopeCode}` : ' without an envelope'}`);
        t.assert.equal(error.code, GrpcCode.RESOURCE_EXHAUSTED, 'size refusal');
        return;
      }
      const uninformative = uninformativeReason(error);
      t.precondition(uninformative === undefined, uninformative ?? '');
      if (error.code !== GrpcCode.INVALID_ARGUMENT) {
        t.fail(
          `a CreateRun with ${oversized.bytes} bytes of inputs answered ${error.codeName}`,
          'INVALID_ARGUMENT validation_error or RESOURCE_EXHAUSTED',
          error.codeName,
        );
      }
      // A missing envelope is the errors area's finding; a wrong code is this one's.
      if (error.envelope !== undefined) t.assert.equal(error.envelopeCode, 'validation_error', 'envelope code of the size refusal');
      else t.assert.equal(error.code, GrpcCode.INVALID_ARGUMENT, 'size refusal');
    }
  }),

  check('input.refused-create-creates-no-run', async (t: TestContext) => {
    const key = t.unknownId('conformance-key');
    // Setting the stage: how the refusal is answered is input.invalid-requests-refused's subject.
    const refused = await t.createRun({ workflowId: Fixture.delay, inputs: { delayMs: 'not a number' }, idempotencyKey: key }).then(
      () => undefined,
      (error: unknown) => error,
    );
    t.precondition(
      refused instanceof RpcError && refused.code === GrpcCode.INVALID_ARGUMENT,
      'CreateRun with inputs.delayMs of the wrong type was not refused INVALID_ARGUMENT',
    );
    // A 400 is never cached (idempotency.md Layer 1): the key is still unused, so a valid body under
    // it creates a new run. A refused request that left a run and its record behind shows here as a
    // conflict or a replay; one that left a run without a record is not visible over the protocol.
    try {
      const { runId } = await t.createRun({ workflowId: Fixture.delay, inputs: { delayMs: 0 }, idempotencyKey: key });
      const snapshot = await t.readCreatedRun(runId, t.deadlines.fixtureCompletion(Fixture.delay));
      const inputs = snapshot['variables'];
      const delayMs = typeof inputs === 'object' && inputs !== null && !Array.isArray(inputs) ? inputs['delayMs'] : undefined;
      if (delayMs !== undefined && delayMs !== 0) {
        t.fail(
          `the refused CreateRun created run ${runId}: the key replays it with delayMs ${JSON.stringify(delayMs)}`,
          'a new run with delayMs 0',
          JSON.stringify(delayMs),
        );
      }
      t.assert.isString(runId, 'new run under the key of the refused request');
    } catch (error) {
      if (!(error instanceof RpcError) || error.code !== GrpcCode.ABORTED) throw error;
      t.fail(
        `the refused CreateRun left an idempotency record behind (a run was created): reusing its key with a valid body answered ${error.codeName} ${error.envelopeCode ?? ''}`.trim(),
        'a new run',
        error.codeName,
      );
    }
  }),
];
