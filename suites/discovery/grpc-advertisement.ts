import { readCapability } from '../../harness/verdicts/gating.js';
import { isJsonObject } from '../../harness/support/json.js';
import type { JsonObject } from '../../harness/support/json.js';
import { ENGINE_SERVICE } from '../../harness/transport/rpc-names.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';

/** The root `grpc` family (capabilities.schema.json §grpc, RFC 0094 §H), legacy wrapper tolerated. */
function grpcBlock(t: TestContext): JsonObject {
  const block = readCapability(t.capabilities, 'grpc');
  t.assert.isTrue(isJsonObject(block), 'the grpc capability block is an object');
  if (t.capabilities['grpc'] === undefined) t.warn('grpc is advertised only under the deprecated capabilities.grpc wrapper (RFC 0073 puts families at the root)');
  return block as JsonObject;
}

export const GRPC_ADVERTISEMENT_CHECKS = [
  check('discovery.grpc-block-service', async (t: TestContext) => {
    t.assert.strictEqual(grpcBlock(t)['service'], ENGINE_SERVICE, 'grpc.service');
  }),

  check('discovery.grpc-block-tls', async (t: TestContext) => {
    t.assert.oneOf(grpcBlock(t)['tls'], ['required', 'optional', 'disabled'], 'grpc.tls');
  }),

  check('discovery.grpc-block-endpoint', async (t: TestContext) => {
    const endpoint = grpcBlock(t)['endpoint'];
    t.assert.isString(endpoint, 'grpc.endpoint is a string');
    t.assert.match(String(endpoint), /^grpcs?:\/\/[^/\s]+/, 'grpc.endpoint is a grpc:// or grpcs:// URI with an authority');
  }),

  check('discovery.grpc-transport-listed', async (t: TestContext) => {
    const transports = readCapability(t.capabilities, 'supportedTransports');
    t.assert.isArray(transports, 'supportedTransports is an array when grpc.supported is true');
    t.assert.include(transports as unknown[], 'grpc', 'supportedTransports lists "grpc"');
  }),
];
