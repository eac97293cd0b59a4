import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { GrpcCode, grpcCodeName } from '../../harness/transport/rpc-names.js';

/** A method name the contract does not declare and no engine has a reason to serve. */
export const UNDECLARED_METHOD = 'UndeclaredConformanceProbe';

export const UNKNOWN_METHOD_CHECKS = [
  check('errors.unknown-method-unimplemented', async (t: TestContext) => {
    t.precondition(t.client.probeUndeclaredMethod !== undefined, 'this transport cannot call an undeclared method');
    await t.control('GetCapabilities (the service is serving)', t.client.getCapabilities({}, { token: null }));
    const answer = await t.client.probeUndeclaredMethod(UNDECLARED_METHOD);
    // Being unreachable says nothing about how the method table is served.
    t.precondition(answer.code !== GrpcCode.UNAVAILABLE, `the engine could not be reached (${answer.statusMessage})`);
    if (answer.code !== GrpcCode.UNIMPLEMENTED) {
      t.fail(
        `/openwop.v1.Engine/${UNDECLARED_METHOD} answered ${grpcCodeName(answer.code)} (${answer.statusMessage})`,
        'UNIMPLEMENTED',
        grpcCodeName(answer.code),
      );
    }
    t.assert.equal(answer.code, GrpcCode.UNIMPLEMENTED, 'undeclared method status');
  }),
];
