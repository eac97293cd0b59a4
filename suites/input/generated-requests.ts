import fc from 'fast-check';
import type { AcceptedError, TestContext } from '../../harness/runner/test-context.js';
import type { JsonValue } from '../../harness/support/json.js';
import type { RpcName } from '../../harness/transport/rpc-names.js';
import { readCapability } from '../../harness/verdicts/gating.js';
import { UNIMPLEMENTED_ANSWER, streamOutcome } from '../errors/error-mapping-rows.js';
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
  /**
   * The invalid value is an empty id that REST carries as a path segment (`/v1/runs//cancel`): such
   * a request names no route, so an HTTP route miss is the answer it can get (REST wire contract).
   */
  emptyPathSegment?: boolean;
}

const validationError: AcceptedError = { code: 'INVALID_ARGUMENT', envelopeCodes: ['validation_error'] };
const validation = (): readonly AcceptedError[] => [validationError];
/** Codes the mapping table does not list: any client-error status class (protocol-digest §1.4 fallback). */
const clientErrorClass = (envelopeCodes: readonly string[]): AcceptedError[] =>
  (['INVALID_ARGUMENT', 'FAILED_PRECONDITION', 'OUT_OF_RANGE'] as const).map((code) => ({ code, envelopeCodes }));
/** Adds UNIMPLEMENTED while the feature behind an RPC is not advertised. */
const unlessServed = (path: string, accepted: readonly AcceptedError[]) => (t: TestContext): readonly AcceptedError[] =>
  readCapability(t.capabilities, path) === true ? accepted : [...accepted, UNIMPLEMENTED_ANSWER];

const clip = (text: string): string => (text.length > 24 ? `${JSON.stringify(text.slice(0, 24))}… (${text.length} chars)` : JSON.stringify(text));
const isBadId = (id: string): boolean => id.length === 0 || id.length > 128;
/** Ids of 1..128 characters are valid (rest-endpoints.md); generate empty or longer. */
const badId = fc.oneof(fc.constant(''), fc.string({ minLength: 129, maxLength: 400 }));
/** Enum values with a prefix no spec value has, so shrinking cannot land on a valid one. */
const bogusEnum = fc.string({ maxLength: 12 }).map((text) => `bogus-${text}`);
/** JSON values that are not numbers / not objects, for typed Struct fields. */
const notANumber: fc.Arbitrary<JsonValue> = fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }));
const notAnObject: fc.Arbitrary<JsonValue> = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));
const isPlainObject = (value: JsonValue): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

const idCases: fc.Arbitrary<HostileRequest>[] = [
  badId.map((id) => ({ rpc: 'GetRun', label: `GetRun run_id ${clip(id)}`, accepted: validation, stillInvalid: () => isBadId(id), emptyPathSegment: id === '', send: (t) => t.client.getRun({ runId: id }, FUZZED) })),
  badId.map((id) => ({ rpc: 'CancelRun', label: `CancelRun run_id ${clip(id)}`, accepted: validation, stillInvalid: () => isBadId(id), emptyPathSegment: id === '', send: (t) => t.client.cancelRun({ runId: id }, FUZZED) })),
  badId.map((id) => ({ rpc: 'GetWorkflow', label: `GetWorkflow workflow_id ${clip(id)}`, accepted: validation, stillInvalid: () => isBadId(id), emptyPathSegment: id === '', send: (t) => t.client.getWorkflow({ workflowId: id }, FUZZED) })),
  badId.map((id) => ({
    rpc: 'StreamRunEvents',
    label: `StreamRunEvents run_id ${clip(id)}`,
    accepted: validation,
    stillInvalid: () => isBadId(id),
    emptyPathSegment: id === '',
    send: (t) => streamOutcome(t.client.streamRunEvents({ runId: id, lastSequence: 0 }, FUZZED)),
  })),
];

const structCases: fc.Arbitrary<HostileRequest>[] = [
  notANumber.map((delayMs) => ({
    rpc: 'CreateRun',
    label: `CreateRun ${Fixture.delay} inputs.delayMs = ${clip(JSON.stringify(delayMs))}`,
    accepted: validation,
    stillInvalid: () => typeof delayMs !== 'number',
    send: (t) => t.createRun({ workflowId: Fixture.delay, inputs: { delayMs } }, FUZZED),
  })),
  notAnObject.map((payload) => ({
    rpc: 'CreateRun',
    label: `CreateRun ${Fixture.identity} inputs.payload = ${clip(JSON.stringify(payload))}`,
    accepted: validation,
    stillInvalid: () => !isPlainObject(payload),
    send: (t) => t.createRun({ workflowId: Fixture.identity, inputs: { payload } }, FUZZED),
  })),
  fc
    .oneof(fc.array(fc.string({ maxLength: 8 }), { minLength: 101, maxLength: 130 }), fc.string({ minLength: 257, maxLength: 400 }).map((tag) => [tag]))
    .map((tags) => ({
      rpc: 'CreateRun',
      label: `CreateRun tags (${tags.length} tags, longest ${Math.max(...tags.map((tag) => tag.length))} chars)`,
      accepted: validation,
      // RunOptions.tags: at most 100, each at most 256 characters (protocol-digest §2).
      stillInvalid: () => tags.length > 100 || tags.some((tag) => tag.length > 256),
      send: (t) => t.createRun({ workflowId: Fixture.delay, inputs: { delayMs: 0 }, tags }, FUZZED),
    })),
];

const enumAndSequenceCases: fc.Arbitrary<HostileRequest>[] = [
  bogusEnum.map((mode) => ({
    rpc: 'StreamRunEvents',
    label: `StreamRunEvents stream_modes [${clip(mode)}]`,
    accepted: () => clientErrorClass(['unsupported_stream_mode', 'validation_error']),
    stillInvalid: () => !['values', 'updates', 'messages', 'debug'].includes(mode),
    send: (t, live) => streamOutcome(t.client.streamRunEvents({ runId: live.runId, lastSequence: 0, streamModes: [mode] }, FUZZED)),
  })),
  fc.integer({ min: -2_147_483_648, max: -2 }).map((lastSequence) => ({
    rpc: 'StreamRunEvents',
    label: `StreamRunEvents last_sequence ${lastSequence}`,
    // -1 is the seed contract's from-start sentinel; anything lower is no sequence (poll lastSequence minimum 0).
    accepted: () => [validationError, { code: 'OUT_OF_RANGE', envelopeCodes: ['validation_error'] }],
    stillInvalid: () => lastSequence < -1,
    send: (t, live) => streamOutcome(t.client.streamRunEvents({ runId: live.runId, lastSequence }, FUZZED)),
  })),
  bogusEnum.map((mode) => ({
    rpc: 'ForkRun',
    label: `ForkRun mode ${clip(mode)}`,
    accepted: unlessServed('replay.supported', [validationError]),
    stillInvalid: () => !['replay', 'branch'].includes(mode),
    send: (t, live) => t.client.forkRun({ runId: live.runId, fromSeq: 0, mode }, FUZZED),
  })),
  fc.integer({ min: -2_147_483_648, max: -1 }).map((fromSeq) => ({
    rpc: 'ForkRun',
    label: `ForkRun from_seq ${fromSeq}`,
    accepted: unlessServed('replay.supported', [validationError]),
    stillInvalid: () => fromSeq < 0,
    send: (t, live) => t.client.forkRun({ runId: live.runId, fromSeq, mode: 'replay' }, FUZZED),
  })),
  bogusEnum.map((drainPolicy) => ({
    rpc: 'PauseRun',
    label: `PauseRun drain_policy ${clip(drainPolicy)}`,
    // [REF] the Python host answers an unadvertised policy 422 (FAILED_PRECONDITION by class).
    accepted: unlessServed('runs.pauseResume.supported', clientErrorClass(['validation_error', 'unsupported_drain_policy'])),
    stillInvalid: () => drainPolicy.startsWith('bogus-'),
    send: (t, live) => t.client.pauseRun({ runId: live.runId, drainPolicy }, FUZZED),
  })),
];

/** Every kind of invalid request, drawn with equal weight. */
export const hostileRequest: fc.Arbitrary<HostileRequest> = fc.oneof(...idCases, ...structCases, ...enumAndSequenceCases);

/** The seed for this run: OPENWOP_CONFORMANCE_SEED when set (to replay a report), else a fresh one. */
export function generationSeed(): number {
  const fromEnvironment = Number.parseInt(process.env['OPENWOP_CONFORMANCE_SEED'] ?? '', 10);
  return Number.isSafeInteger(fromEnvironment) ? fromEnvironment : Math.floor(Math.random() * 2 ** 31);
}

/** A conformance-cancellable run that stays live during the batch (cleaned up after the check). */
export async function startLiveRun(t: TestContext): Promise<LiveRun> {
  const { runId } = await t.control('CreateRun conformance-cancellable', t.createRun({ workflowId: Fixture.cancellable, inputs: { delayMs: 30_000 } }));
  // Visible before it is aimed at: an eventually consistent engine's NOT_FOUND would otherwise mask the refusal under test.
  await t.readCreatedRun(runId, t.deadlines.fixtureCompletion(Fixture.noop));
  return { runId };
}
