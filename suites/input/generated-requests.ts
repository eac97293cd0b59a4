import fc from 'fast-check';
import type { AcceptedError, TestContext } from '../../harness/runner/test-context.js';
import type { JsonObject, JsonValue } from '../../harness/support/json.js';
import type { TransportKind } from '../../harness/transport/engine-client.js';
import type { RpcName } from '../../harness/transport/rpc-names.js';
import { advertisedFixtures, unofferedFeature } from '../../harness/verdicts/gating.js';
import { streamOutcome } from '../errors/error-mapping-rows.js';
import { Fixture } from '../fixture-ids.js';

/** Every generated request is invalid by construction: marked so the request recorder exempts it (request-recorder.ts). */
const FUZZED = { deliberatelyInvalid: 'generated invalid request (input area)' } as const;

/**
 * Generators of invalid requests (fast-check), each with the answers the spec accepts and a
 * re-validation: a shrunk input can become valid (an over-long id shrinks to 128 characters), so
 * before an answer is held against the engine the input is checked to still break the rule.
 */

/** A run the hostile requests can name: live, so state conflicts do not mask validation. */
export interface LiveRun {
  runId: string;
}

export interface HostileRequest {
  rpc: RpcName;
  /** What is wrong with it, for findings (short; generated strings are clipped). */
  label: string;
  accepted: (t: TestContext) => readonly AcceptedError[];
  /** Whether the input still breaks the rule it was generated to break. */
  stillInvalid(): boolean;
  send(t: TestContext, live: LiveRun): Promise<unknown>;
}

const validationError: AcceptedError = { code: 'INVALID_ARGUMENT', envelopeCodes: ['validation_error'] };
const validation = (): readonly AcceptedError[] => [validationError];
/** Codes the mapping table does not list: any client-error status class (protocol-digest §1.4 fallback). */
const clientErrorClass = (envelopeCodes: readonly string[]): AcceptedError[] =>
  (['INVALID_ARGUMENT', 'FAILED_PRECONDITION', 'OUT_OF_RANGE'] as const).map((code) => ({ code, envelopeCodes }));

const clip = (text: string): string => (text.length > 24 ? `${JSON.stringify(text.slice(0, 24))}… (${text.length} chars)` : JSON.stringify(text));
const isBadId = (id: string): boolean => id.length === 0 || id.length > 128;
/** Ids of 1..128 characters are valid (rest-endpoints.md); generate empty or longer. */
const badId = fc.oneof(fc.constant(''), fc.string({ minLength: 129, maxLength: 400 }));
/**
 * Over REST an id is a path segment: an empty one (`/v1/runs//cancel`) names another route (or
 * none), so the request "this RPC with an empty id" cannot be expressed there and is never sent;
 * only over-long ids are (rest-endpoints.md path templates).
 */
const longId = fc.string({ minLength: 129, maxLength: 400 });
/** Enum values with a prefix no spec value has, so shrinking cannot land on a valid one. */
const bogusEnum = fc.string({ maxLength: 12 }).map((text) => `bogus-${text}`);
/** JSON values that are not numbers / not objects, for typed Struct fields. */
const notANumber: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);
const notAnObject: fc.Arbitrary<JsonValue> = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));
const isPlainObject = (value: JsonValue): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

const idCases = (ids: fc.Arbitrary<string>): fc.Arbitrary<HostileRequest>[] => [
  ids.map((id) => ({
    rpc: 'GetRun',
    label: `GetRun run_id ${clip(id)}`,
    accepted: validation,
    stillInvalid: () => isBadId(id),
    send: (t) => t.client.getRun({ runId: id }, FUZZED),
  })),
  ids.map((id) => ({
    rpc: 'CancelRun',
    label: `CancelRun run_id ${clip(id)}`,
    accepted: validation,
    stillInvalid: () => isBadId(id),
    send: (t) => t.client.cancelRun({ runId: id }, FUZZED),
  })),
  ids.map((id) => ({
    rpc: 'GetWorkflow',
    label: `GetWorkflow workflow_id ${clip(id)}`,
    accepted: validation,
    stillInvalid: () => isBadId(id),
    send: (t) => t.client.getWorkflow({ workflowId: id }, FUZZED),
  })),
  ids.map((id) => ({
    rpc: 'StreamRunEvents',
    label: `StreamRunEvents run_id ${clip(id)}`,
    accepted: validation,
    stillInvalid: () => isBadId(id),
    send: (t) => streamOutcome(t, { runId: id, lastSequence: 0 }, FUZZED),
  })),
];

/** Wrong types in the inputs of the fixture that declares them, each used only when that fixture is listed. */
const delayInputCases: fc.Arbitrary<HostileRequest> = notANumber.map((delayMs) => ({
  rpc: 'CreateRun',
  label: `CreateRun ${Fixture.delay} inputs.delayMs = ${clip(JSON.stringify(delayMs))}`,
  accepted: validation,
  stillInvalid: () => typeof delayMs !== 'number',
  send: (t) => t.createRun({ workflowId: Fixture.delay, inputs: { delayMs } }, FUZZED),
}));
const identityInputCases: fc.Arbitrary<HostileRequest> = notAnObject.map((payload) => ({
  rpc: 'CreateRun',
  label: `CreateRun ${Fixture.identity} inputs.payload = ${clip(JSON.stringify(payload))}`,
  accepted: validation,
  stillInvalid: () => !isPlainObject(payload),
  send: (t) => t.createRun({ workflowId: Fixture.identity, inputs: { payload } }, FUZZED),
}));
/** RunOptions.tags: at most 100, each at most 256 characters (protocol-digest §2); on any listed fixture. */
const tagCases = (workflowId: string): fc.Arbitrary<HostileRequest> =>
  fc
    .oneof(
      fc.array(fc.string({ maxLength: 8 }), { minLength: 101, maxLength: 130 }),
      fc.string({ minLength: 257, maxLength: 400 }).map((tag) => [tag]),
    )
    .map((tags) => ({
      rpc: 'CreateRun',
      label: `CreateRun ${workflowId} tags (${tags.length} tags, longest ${Math.max(...tags.map((tag) => tag.length))} chars)`,
      accepted: validation,
      stillInvalid: () => tags.length > 100 || tags.some((tag) => tag.length > 256),
      send: (t) => t.createRun({ workflowId, ...(workflowId === Fixture.delay && { inputs: { delayMs: 0 } }), tags }, FUZZED),
    }));

/** Requests naming the live run (conformance-cancellable). */
const streamCases: fc.Arbitrary<HostileRequest>[] = [
  bogusEnum.map((mode) => ({
    rpc: 'StreamRunEvents',
    label: `StreamRunEvents stream_modes [${clip(mode)}]`,
    accepted: () => clientErrorClass(['unsupported_stream_mode', 'validation_error']),
    stillInvalid: () => !['values', 'updates', 'messages', 'debug'].includes(mode),
    send: (t, live) => streamOutcome(t, { runId: live.runId, lastSequence: 0, streamModes: [mode] }, FUZZED),
  })),
  fc.integer({ min: -2_147_483_648, max: -2 }).map((lastSequence) => ({
    rpc: 'StreamRunEvents',
    label: `StreamRunEvents last_sequence ${lastSequence}`,
    // -1 is the seed contract's from-start sentinel; anything lower is no sequence (poll lastSequence minimum 0).
    accepted: () => [validationError, { code: 'OUT_OF_RANGE', envelopeCodes: ['validation_error'] }],
    stillInvalid: () => lastSequence < -1,
    send: (t, live) => streamOutcome(t, { runId: live.runId, lastSequence }, FUZZED),
  })),
];

/** ForkRun cases: only when the engine offers fork (replay.supported with modes). */
const forkCases: fc.Arbitrary<HostileRequest>[] = [
  bogusEnum.map((mode) => ({
    rpc: 'ForkRun',
    label: `ForkRun mode ${clip(mode)}`,
    accepted: validation,
    stillInvalid: () => !['replay', 'branch'].includes(mode),
    send: (t, live) => t.client.forkRun({ runId: live.runId, fromSeq: 0, mode }, FUZZED),
  })),
  fc.integer({ min: -2_147_483_648, max: -1 }).map((fromSeq) => ({
    rpc: 'ForkRun',
    label: `ForkRun from_seq ${fromSeq}`,
    accepted: validation,
    stillInvalid: () => fromSeq < 0,
    send: (t, live) => t.client.forkRun({ runId: live.runId, fromSeq, mode: 'replay' }, FUZZED),
  })),
];

/** PauseRun cases: only when the engine offers pause (runs.pauseResume.supported). */
const pauseCases: fc.Arbitrary<HostileRequest>[] = [
  bogusEnum.map((drainPolicy) => ({
    rpc: 'PauseRun',
    label: `PauseRun drain_policy ${clip(drainPolicy)}`,
    // [REF] the Python host answers an unadvertised policy 422 (FAILED_PRECONDITION by class).
    accepted: () => clientErrorClass(['validation_error', 'unsupported_drain_policy']),
    stillInvalid: () => drainPolicy.startsWith('bogus-'),
    send: (t, live) => t.client.pauseRun({ runId: live.runId, drainPolicy }, FUZZED),
  })),
];

/** What the generators may use: the transport, the listed fixtures, the offered features, a live run. */
export interface GenerationScope {
  /** The generators in use, and a note for each kind left out (and why). */
  arbitrary: fc.Arbitrary<HostileRequest>;
  leftOut: string[];
}

/**
 * Every kind of invalid request this engine can be sent, drawn with equal weight: each kind is
 * used when what it needs is there (its fixture listed, its RPC's feature offered, a live run), so
 * a kind's absence never hides the others (gate a probe on what it uses).
 */
export function hostileRequests(capabilities: JsonObject, transport: TransportKind, live: boolean): GenerationScope {
  const fixtures = advertisedFixtures(capabilities);
  const rest = transport === 'rest';
  const leftOut: string[] = [];
  const kinds: fc.Arbitrary<HostileRequest>[] = [...idCases(rest ? longId : badId)];
  if (rest) leftOut.push('empty ids: over REST an empty path segment names another route, so the request cannot be expressed (only over-long ids are sent)');
  if (fixtures.includes(Fixture.delay)) kinds.push(delayInputCases);
  else leftOut.push(`wrong-type delayMs: ${Fixture.delay} is not listed`);
  if (fixtures.includes(Fixture.identity)) kinds.push(identityInputCases);
  else leftOut.push(`wrong-type payload: ${Fixture.identity} is not listed`);
  const tagFixture = [Fixture.noop, Fixture.delay].find((id) => fixtures.includes(id));
  if (tagFixture) kinds.push(tagCases(tagFixture));
  else leftOut.push(`bad tags: neither ${Fixture.noop} nor ${Fixture.delay} is listed`);
  if (!live) leftOut.push(`stream modes, cursors, fork and pause requests: they name a live run of ${Fixture.cancellable}, which is not listed`);
  else {
    kinds.push(...streamCases);
    const forkNote = unofferedFeature(capabilities, 'ForkRun');
    if (forkNote) leftOut.push(`ForkRun requests: ${forkNote}`);
    else kinds.push(...forkCases);
    const pauseNote = unofferedFeature(capabilities, 'PauseRun');
    if (pauseNote) leftOut.push(`PauseRun requests: ${pauseNote}`);
    else kinds.push(...pauseCases);
  }
  return { arbitrary: fc.oneof(...kinds), leftOut };
}

/** The seed for this run: OPENWOP_CONFORMANCE_SEED when set (to replay a report), else a fresh one. */
export function generationSeed(): number {
  const fromEnvironment = Number.parseInt(process.env['OPENWOP_CONFORMANCE_SEED'] ?? '', 10);
  return Number.isSafeInteger(fromEnvironment) ? fromEnvironment : Math.floor(Math.random() * 2 ** 31);
}

/** A conformance-cancellable run that stays live during the batch (cleaned up after the check); none when the fixture is not listed. */
export async function startLiveRun(t: TestContext): Promise<LiveRun | undefined> {
  if (!advertisedFixtures(t.capabilities).includes(Fixture.cancellable)) return undefined;
  const { runId } = await t.control('CreateRun conformance-cancellable', t.createRun({ workflowId: Fixture.cancellable, inputs: { delayMs: 30_000 } }));
  // Visible before it is aimed at: an eventually consistent engine's NOT_FOUND would otherwise mask the refusal under test.
  await t.readCreatedRun(runId, t.deadlines.fixtureCompletion(Fixture.noop));
  return { runId };
}
