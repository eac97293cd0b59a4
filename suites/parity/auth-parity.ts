import { randomBytes } from 'node:crypto';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { CallOptions, EngineClient } from '../../harness/transport/engine-client.js';
import type { GrpcCodeName } from '../../harness/transport/rpc-names.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { Fixture } from '../fixture-ids.js';
import type { Outcome } from './surface-pair.js';
import { blockOnNoAnswer, clients, describeOutcome, settle } from './surface-pair.js';

/** One credential the suite presents, and the answer §1.3 expects for it. */
interface Presented {
  how: string;
  options: CallOptions;
  expected: GrpcCodeName;
}

/** One authenticated call, aimed at things that exist so only the credential can refuse it. */
interface AuthProbe {
  rpc: string;
  send(client: EngineClient, options: CallOptions): Promise<unknown>;
  /** The limited token holds manifest:read, so only run-scoped calls can show PERMISSION_DENIED. */
  runScoped: boolean;
}

const codeOf = (outcome: Outcome<unknown>): string => (outcome.kind === 'ok' ? 'OK' : outcome.error.codeName);

export const AUTH_PARITY_CHECKS = [
  check('parity.auth-outcomes-agree', async (t: TestContext) => {
    const surfaces = clients(t);
    const { runId } = await t.control('CreateRun conformance-noop with the suite token', t.createRun({ workflowId: Fixture.noop }));
    t.precondition(runId, 'CreateRun returned no run id');
    const probes: AuthProbe[] = [
      { rpc: 'GetRun', runScoped: true, send: (client, options) => client.getRun({ runId }, options) },
      { rpc: 'GetWorkflow', runScoped: false, send: (client, options) => client.getWorkflow({ workflowId: Fixture.noop }, options) },
    ];
    // Random, so no engine can know it; it is never the user's token.
    const invalid = `conformance-invalid-${randomBytes(12).toString('hex')}`;
    const presented: Presented[] = [
      { how: 'without a token', options: { token: null }, expected: 'UNAUTHENTICATED' },
      { how: 'with an invalid token', options: { token: invalid }, expected: 'UNAUTHENTICATED' },
      ...(t.limitedToken ? [{ how: 'with the limited token', options: { token: t.limitedToken }, expected: 'PERMISSION_DENIED' as const }] : []),
    ];
    const disagreements: string[] = [];
    const agreedWrong: string[] = [];
    for (const credential of presented) {
      for (const probe of probes.filter((entry) => entry.runScoped || credential.expected === 'UNAUTHENTICATED')) {
        const outcomes = {
          grpc: await settle(probe.send(surfaces.grpc, credential.options)),
          rest: await settle(probe.send(surfaces.rest, credential.options)),
        };
        // Credential refusals are the subject here; only answers that are no answer block.
        blockOnNoAnswer(outcomes, `${probe.rpc} ${credential.how}`, false);
        const grpc = codeOf(outcomes.grpc);
        const rest = codeOf(outcomes.rest);
        if (grpc !== rest) disagreements.push(`${probe.rpc} ${credential.how}: grpc ${describeOutcome(outcomes.grpc)}, rest ${describeOutcome(outcomes.rest)}`);
        else if (outcomes.grpc.kind === 'ok' || outcomes.grpc.error.code !== GrpcCode[credential.expected])
          agreedWrong.push(`${probe.rpc} ${credential.how}: both ${describeOutcome(outcomes.grpc)}, expected ${credential.expected}`);
      }
    }
    if (disagreements.length > 0)
      t.fail(`the surfaces disagree on auth outcomes: ${disagreements.join('; ')}`, 'the same auth outcome over both surfaces', disagreements.join('; '));
    // Agreeing on the wrong answer is a finding too (§1.3 states the outcome); the auth area reports it per RPC.
    t.assertNone(
      agreedWrong,
      'both surfaces agree on an auth outcome §1.3 does not allow',
      'UNAUTHENTICATED without or with an invalid token, PERMISSION_DENIED with a token lacking the scope',
    );
  }),
];
