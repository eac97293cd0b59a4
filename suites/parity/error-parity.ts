import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { BySurface } from '../../harness/parity/surface-diff.js';
import { listDifferences, surfaceDifferences, varyingPaths } from '../../harness/parity/surface-diff.js';
import type { EngineClient } from '../../harness/transport/engine-client.js';
import { isJsonObject } from '../../harness/support/json.js';
import type { Outcome } from './surface-pair.js';
import { blockOnNoAnswer, clients, describeOutcome, httpStatusOf, plainJson, settle } from './surface-pair.js';
import type { RpcError } from '../../harness/transport/rpc-error.js';

/**
 * The HTTP statuses each gRPC status stands for (protocol-digest §1.4 mapping and its suggested
 * fallback, with the v2 registry's statuses per code, §4). The REST client maps a status to a code
 * by the envelope first, so a REST answer can carry the right code under the wrong HTTP status;
 * this catches that (NOT_FOUND ↔ 404).
 */
const HTTP_FOR_CODE: Partial<Record<string, readonly number[]>> = {
  INVALID_ARGUMENT: [400],
  UNAUTHENTICATED: [401],
  PERMISSION_DENIED: [403],
  NOT_FOUND: [404, 410],
  ALREADY_EXISTS: [409],
  ABORTED: [409],
  FAILED_PRECONDITION: [409, 422, 501],
  RESOURCE_EXHAUSTED: [422, 429],
  INTERNAL: [500],
  UNIMPLEMENTED: [501],
  UNAVAILABLE: [503],
};

/** The REST side's HTTP status when it does not stand for the gRPC side's code; undefined when it does or is unknown. */
function statusMismatch(grpc: RpcError, rest: RpcError): string | undefined {
  const http = httpStatusOf(rest);
  const allowed = HTTP_FOR_CODE[grpc.codeName];
  if (http === undefined || allowed === undefined || allowed.includes(http)) return undefined;
  return `grpc ${grpc.codeName} stands for HTTP ${allowed.join(' or ')}, rest answered HTTP ${http}`;
}

/** One failure provoked the same way over both surfaces. */
interface FailureProbe {
  what: string;
  send(client: EngineClient): Promise<unknown>;
  /** Records which reading of a spec contradiction the engine chose (protocol-digest §8). */
  reading?(outcome: Outcome<unknown>): string | undefined;
}

function probes(t: TestContext): FailureProbe[] {
  // One id for both surfaces: the same request, so any difference is the surface's.
  const runId = t.unknownId('run-absent');
  const workflowId = t.unknownId('conformance-absent');
  return [
    { what: `GetRun of an unknown run`, send: (client) => client.getRun({ runId }) },
    {
      what: `CreateRun of an unknown workflow`,
      send: (client) => client.createRun({ workflowId }),
      reading: (outcome) =>
        outcome.kind === 'error'
          ? `CreateRun of an unknown workflow answered ${describeOutcome(outcome)} over both surfaces (protocol-digest §8.1: the spec reads 400 validation_error, the reference hosts 404 workflow_not_found; either is accepted when both surfaces agree)`
          : undefined,
    },
  ];
}

/**
 * The differences between the two answers to one probe: the status class (REST statuses come
 * through the transport's mapping, so NOT_FOUND ↔ 404), then the envelope's `error` and `details`.
 * `message` is display-only (§1.4): a different one is a warning.
 */
function compareAnswers(t: TestContext, probe: FailureProbe, outcomes: BySurface<Outcome<unknown>>, varying: ReadonlySet<string>): string[] {
  const { grpc, rest } = outcomes;
  if (grpc.kind === 'ok' || rest.kind === 'ok') {
    if (grpc.kind === rest.kind) {
      t.warn(`${probe.what} was served OK over both surfaces; that it should fail is another area's finding`);
      return [];
    }
    return [`${probe.what}: grpc ${describeOutcome(grpc)}, rest ${describeOutcome(rest)}`];
  }
  const differences: string[] = [];
  if (grpc.error.code !== rest.error.code) differences.push(`${probe.what}: status grpc ${describeOutcome(grpc)}, rest ${describeOutcome(rest)}`);
  else {
    const mismatch = statusMismatch(grpc.error, rest.error);
    if (mismatch) differences.push(`${probe.what}: status ${mismatch}`);
  }
  const envelopes = { grpc: plainJson(grpc.error.envelope), rest: plainJson(rest.error.envelope) };
  if (envelopes.grpc === undefined || envelopes.rest === undefined) {
    if (envelopes.grpc !== envelopes.rest) {
      const missing =
        envelopes.grpc === undefined
          ? `grpc carries none (${grpc.error.envelopeProblem ?? 'absent'})`
          : `rest carries none (${rest.error.envelopeProblem ?? 'absent'})`;
      differences.push(`${probe.what}: envelope ${missing}`);
    }
    return differences;
  }
  const field = (surface: 'grpc' | 'rest', key: string) => {
    const envelope = envelopes[surface];
    return isJsonObject(envelope) ? envelope[key] : undefined;
  };
  differences.push(
    ...surfaceDifferences({ grpc: field('grpc', 'error'), rest: field('rest', 'error') }, ['error']).map((line) => `${probe.what}: envelope ${line}`),
  );
  differences.push(
    ...surfaceDifferences({ grpc: field('grpc', 'details'), rest: field('rest', 'details') }, ['details'], varying).map(
      (line) => `${probe.what}: envelope ${line}`,
    ),
  );
  if (field('grpc', 'message') !== field('rest', 'message'))
    t.warn(
      `${probe.what}: the envelope messages differ (display-only, §1.4): grpc ${JSON.stringify(field('grpc', 'message'))}, rest ${JSON.stringify(field('rest', 'message'))}`,
    );
  return differences;
}

/** An error's envelope `details`, as plain JSON (undefined when it carries none). */
function detailsOf(error: RpcError) {
  const envelope = plainJson(error.envelope);
  return isJsonObject(envelope) ? envelope['details'] : undefined;
}

export const ERROR_PARITY_CHECKS = [
  check('parity.error-envelope-equal', async (t: TestContext) => {
    const surfaces = clients(t);
    const differences: string[] = [];
    for (const probe of probes(t)) {
      const outcomes = { grpc: await settle(probe.send(surfaces.grpc)), rest: await settle(probe.send(surfaces.rest)) };
      blockOnNoAnswer(outcomes, probe.what, true);
      // The same request sent again over gRPC: details that differ between those two answers are per
      // call (a timestamp, a correlation id), which "the detail equals the REST body" (§1.4) cannot mean.
      const again = await settle(probe.send(surfaces.grpc));
      const varying =
        outcomes.grpc.kind === 'error' && again.kind === 'error'
          ? varyingPaths(detailsOf(outcomes.grpc.error), detailsOf(again.error), ['details'])
          : new Set<string>();
      if (varying.size > 0)
        t.warn(`${probe.what}: envelope ${[...varying].join(', ')} changed between two identical calls over gRPC, so it was not compared across the surfaces`);
      const found = compareAnswers(t, probe, outcomes, varying);
      differences.push(...found);
      const reading = found.length === 0 ? probe.reading?.(outcomes.grpc) : undefined;
      if (reading) t.warn(reading);
    }
    if (differences.length > 0)
      t.fail(
        `the same failure differs between the surfaces: ${listDifferences(differences)}`,
        'the same status class, error and details over both surfaces',
        listDifferences(differences),
      );
    t.assert.isEmpty(differences, 'both failures answered alike over both surfaces');
  }),
];
