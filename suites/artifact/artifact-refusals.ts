import { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Fixture } from '../fixture-ids.js';

/** A run that exists, so an artifact refusal cannot be explained by an unknown run. */
async function existingRun(t: TestContext): Promise<string> {
  const { runId } = await t.createRun({ workflowId: Fixture.noop });
  t.precondition(runId, 'CreateRun returned no run id');
  await t.readCreatedRun(runId, t.deadlines.fixtureCompletion(Fixture.noop));
  return runId;
}

/**
 * Whether the engine requires a bearer token at all: GetRun of an existing run without one must be
 * refused UNAUTHENTICATED. An engine that answers it serves runs without credentials, which is the
 * auth requirements' subject; here it only means the order cannot be observed.
 */
async function requiresAuth(t: TestContext, runId: string): Promise<void> {
  try {
    await t.client.getRun({ runId }, { token: null });
  } catch (error) {
    if (error instanceof RpcError && error.code === GrpcCode.UNAUTHENTICATED) return;
    t.precondition(false, `GetRun without a bearer token answered ${error instanceof RpcError ? error.codeName : String(error)}, not UNAUTHENTICATED`);
  }
  t.precondition(
    false,
    'the engine answers GetRun without a bearer token, so it requires no authentication and the auth-before-existence order cannot be observed',
  );
}

export const ARTIFACT_REFUSAL_CHECKS = [
  check('artifact.unknown-not-found', async (t: TestContext) => {
    const runId = await existingRun(t);
    await t.expectRpcError(
      t.client.getArtifact({ runId, artifactId: t.unknownId('artifact') }),
      [{ code: 'NOT_FOUND', envelopeCodes: ['not_found', 'artifact_not_found'] }],
      'GetArtifact for an artifact the run does not have',
    );
  }),

  check('artifact.auth-before-existence', async (t: TestContext) => {
    const runId = await existingRun(t);
    await requiresAuth(t, runId);
    const unauthenticated = [{ code: 'UNAUTHENTICATED', envelopeCodes: ['unauthenticated'] }] as const;
    await t.expectRpcError(
      t.client.getArtifact({ runId, artifactId: t.unknownId('artifact') }, { token: null }),
      unauthenticated,
      'GetArtifact of an unknown artifact without a bearer token',
    );
    await t.expectRpcError(
      t.client.getArtifact({ runId: t.unknownId('run'), artifactId: t.unknownId('artifact') }, { token: null }),
      unauthenticated,
      'GetArtifact in an unknown run without a bearer token',
    );
  }),
];
