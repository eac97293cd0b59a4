import { isJsonObject } from '../../harness/support/json.js';
import { discoveryDigest } from '../../reporters/certification/bundle-digests.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';

/** The discovery document as a whole: its schema, its public access, its stability. */
export const CAPABILITIES_DOCUMENT_CHECKS = [
  check('discovery.capabilities-schema-valid', async (t: TestContext) => {
    // With the configured token, so an engine that wrongly demands one is still measured here;
    // discovery.served-without-token judges that. The validating transport rejects a document
    // outside the schema before this line returns.
    const { capabilities } = await t.client.getCapabilities({});
    t.assert.isTrue(isJsonObject(capabilities), 'GetCapabilities returns a JSON object');
  }),

  check('discovery.served-without-token', async (t: TestContext) => {
    try {
      const { capabilities } = await t.client.getCapabilities({}, { token: null });
      t.assert.isTrue(isJsonObject(capabilities), 'an unauthenticated GetCapabilities returns the document');
    } catch (error) {
      if (error instanceof RpcError && (error.code === GrpcCode.UNAUTHENTICATED || error.code === GrpcCode.PERMISSION_DENIED)) {
        t.fail(`GetCapabilities refused a call without credentials: ${error.message}`, 'OK without authorization metadata', error.codeName);
      }
      throw error;
    }
  }),

  check('discovery.capabilities-stable', async (t: TestContext) => {
    const first = await t.client.getCapabilities({});
    const second = await t.client.getCapabilities({});
    const before = first.capabilities ?? {};
    const after = second.capabilities ?? {};
    const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
      (key) => discoveryDigest(before[key]) !== discoveryDigest(after[key]), // digests: no copy of a huge member
    );
    t.assertNone(changed, 'top-level members that differ between two consecutive GetCapabilities calls', 'the same document twice');
  }),
];
