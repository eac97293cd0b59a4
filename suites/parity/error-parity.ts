import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { BySurface } from '../../harness/parity/surface-diff.js';
import { listDifferences, surfaceDifferences } from '../../harness/parity/surface-diff.js';
import type { EngineClient } from '../../harness/transport/engine-client.js';
import { isJsonObject } from '../../harness/support/json.js';
import type { Outcome } from './surface-pair.js';
import { blockOnNoAnswer, clients, describeOutcome, plainJson, settle } from './surface-pair.js';

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
function compareAnswers(t: TestContext, probe: FailureProbe, outcomes: BySurface<Outcome<unknown>>): string[] {
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
  const envelopes = { grpc: plainJson(grpc.error.envelope), rest: plainJson(rest.error.envelope) };
  if (envelopes.grpc === undefined || envelopes.rest === undefined) {
    if (envelopes.grpc !== envelopes.rest) {
      const missing = envelopes.grpc === undefined ? `grpc carries none (${grpc.error.envelopeProblem ?? 'absent'})` : `rest carries none (${rest.error.envelopeProblem ?? 'absent'})`;
      differences.push(`${probe.what}: envelope ${missing}`);
    }
    return differences;
  }
  const field = (surface: 'grpc' | 'rest', key: string) => {
    const envelope = envelopes[surface];
    return isJsonObject(envelope) ? envelope[key] : undefined;
  };
  differences.push(...surfaceDifferences({ grpc: field('grpc', 'error'), rest: field('rest', 'error') }, ['error']).map((line) => `${probe.what}: envelope ${line}`));
  differences.push(...surfaceDifferences({ grpc: field('grpc', 'details'), rest: field('rest', 'details') }, ['details']).map((line) => `${probe.what}: envelope ${line}`));
  if (field('grpc', 'message') !== field('rest', 'message')) t.warn(`${probe.what}: the envelope messages differ (display-only, §1.4): grpc ${JSON.stringify(field('grpc', 'message'))}, rest ${JSON.stringify(field('rest', 'message'))}`);
  return differences;
}

export const ERROR_PARITY_CHECKS = [
  check('parity.error-envelope-equal', async (t: TestContext) => {
    const surfaces = clients(t);
    const differences: string[] = [];
    for (const probe of probes(t)) {
      const outcomes = { grpc: await settle(probe.send(surfaces.grpc)), rest: await settle(probe.send(surfaces.rest)) };
      blockOnNoAnswer(outcomes, probe.what, true);
      const found = compareAnswers(t, probe, outcomes);
      differences.push(...found);
      const reading = found.length === 0 ? probe.reading?.(outcomes.grpc) : undefined;
      if (reading) t.warn(reading);
    }
    if (differences.length > 0) t.fail(`the same failure differs between the surfaces: ${listDifferences(differences)}`, 'the same status class, error and details over both surfaces', listDifferences(differences));
    t.assert.isEmpty(differences, 'both failures answered alike over both surfaces');
  }),
];
