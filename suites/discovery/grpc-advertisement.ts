import { readCapability } from '../../harness/verdicts/gating.js';
import { isJsonObject, jsonText } from '../../harness/support/json.js';
import type { JsonObject } from '../../harness/support/json.js';
import { ENGINE_SERVICE } from '../../harness/transport/rpc-names.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';

/** The root `grpc` family (capabilities.schema.json §grpc, RFC 0094 §H), legacy wrapper tolerated; undefined when neither is there. */
function grpcBlock(t: TestContext): JsonObject | undefined {
  const block = readCapability(t.capabilities, 'grpc');
  if (block !== undefined && t.capabilities['grpc'] === undefined) {
    t.warn('grpc is advertised only under the deprecated capabilities.grpc wrapper (RFC 0073 puts families at the root)');
  }
  return isJsonObject(block) ? block : undefined;
}

/** The block's own fields are only judged once it exists; its absence is discovery.grpc-advertised's finding. */
function existingGrpcBlock(t: TestContext): JsonObject {
  const block = grpcBlock(t);
  t.precondition(block, 'the engine advertises no grpc block object (discovery.grpc-advertised reports that)');
  return block;
}

export const GRPC_ADVERTISEMENT_CHECKS = [
  check('discovery.grpc-advertised', async (t: TestContext) => {
    // The suite is talking gRPC to this engine, so the advertisement §1.6 requires must be there.
    const block = grpcBlock(t);
    if (!block)
      t.fail(
        'the engine is served over gRPC but advertises no grpc block (root grpc or capabilities.grpc)',
        'a grpc block with supported: true',
        JSON.stringify(readCapability(t.capabilities, 'grpc') ?? null),
      );
    t.assert.strictEqual(block['supported'], true, 'grpc.supported of an engine reached over gRPC');
  }),

  check('discovery.grpc-block-service', async (t: TestContext) => {
    t.assert.strictEqual(existingGrpcBlock(t)['service'], ENGINE_SERVICE, 'grpc.service');
  }),

  check('discovery.grpc-block-tls', async (t: TestContext) => {
    t.assert.oneOf(existingGrpcBlock(t)['tls'], ['required', 'optional', 'disabled'], 'grpc.tls');
  }),

  check('discovery.grpc-block-endpoint', async (t: TestContext) => {
    const endpoint = existingGrpcBlock(t)['endpoint'];
    t.assert.isString(endpoint, 'grpc.endpoint is a string');
    t.assert.match(jsonText(endpoint), /^grpcs?:\/\/[^/\s]+/, 'grpc.endpoint is a grpc:// or grpcs:// URI with an authority');
  }),

  check('discovery.grpc-transport-listed', async (t: TestContext) => {
    const transports = readCapability(t.capabilities, 'supportedTransports');
    t.assert.isArray(transports, 'supportedTransports is an array on an engine reached over gRPC');
    t.assert.include(transports as unknown[], 'grpc', 'supportedTransports lists "grpc"');
  }),
];
