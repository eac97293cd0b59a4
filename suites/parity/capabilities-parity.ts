import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { listDifferences, surfaceDifferences } from '../../harness/parity/surface-diff.js';
import type { EngineClient } from '../../harness/transport/engine-client.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { blockOnNoAnswer, clients, describeOutcome, settle } from './surface-pair.js';

/**
 * GetCapabilities as a client reads it: without a token first (the document is public, §6), again
 * with the token if that was refused, so a wrongly protected surface is still compared (that fault
 * is discovery.served-without-token's finding).
 */
async function readDocument(client: EngineClient) {
  try {
    return await client.getCapabilities({}, { token: null });
  } catch (error) {
    if (!(error instanceof RpcError) || error.code !== GrpcCode.UNAUTHENTICATED) throw error;
    return client.getCapabilities({});
  }
}

export const CAPABILITIES_PARITY_CHECKS = [
  check('parity.capabilities-equal', async (t: TestContext) => {
    const surfaces = clients(t);
    const outcomes = { grpc: await settle(readDocument(surfaces.grpc)), rest: await settle(readDocument(surfaces.rest)) };
    blockOnNoAnswer(outcomes, 'GetCapabilities', true);
    if (outcomes.grpc.kind !== 'ok' || outcomes.rest.kind !== 'ok') {
      // One surface does not serve its discovery document at all: the two plainly differ.
      t.fail(
        `capabilities differ: GetCapabilities answered grpc ${describeOutcome(outcomes.grpc)}, rest ${describeOutcome(outcomes.rest)}`,
        'the same document over both surfaces',
        `grpc ${describeOutcome(outcomes.grpc)}, rest ${describeOutcome(outcomes.rest)}`,
      );
    }
    const documents = { grpc: outcomes.grpc.value.capabilities, rest: outcomes.rest.value.capabilities };
    t.precondition(
      documents.grpc !== undefined && documents.rest !== undefined,
      'a surface returned no capabilities document (discovery.capabilities-schema-valid reports that)',
    );
    // Struct numbers are doubles and keys are unordered (§1.6): the diff compares values by key.
    const differences = surfaceDifferences(documents);
    if (differences.length > 0)
      t.fail(`capabilities differ at ${listDifferences(differences)}`, 'the same document over both surfaces', listDifferences(differences));
    t.assert.isEmpty(differences, 'the discovery documents are equal field by field');
  }),
];
