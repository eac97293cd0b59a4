import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { uninformativeReason } from '../../harness/verdicts/uninformative-errors.js';
import { idempotentBody } from './idempotency-keys.js';

/** Enough requests in flight at once to overlap on any engine, few enough to stay polite. */
const CONCURRENT_REQUESTS = 6;
/** 409 idempotency_in_flight is not in the mapping table: the status classes a host may pick for it. */
const IN_FLIGHT_STATUSES: readonly number[] = [GrpcCode.ABORTED, GrpcCode.FAILED_PRECONDITION, GrpcCode.ALREADY_EXISTS];

export const CONCURRENT_CREATE_CHECKS = [
  check('idempotency.concurrent-identical-one-run', async (t: TestContext) => {
    const key = t.unknownId('conformance-key');
    const nonce = t.unknownId('nonce');
    const answers = await Promise.allSettled(Array.from({ length: CONCURRENT_REQUESTS }, () => t.createRun(idempotentBody(nonce, key))));
    const runIds = new Set<string>();
    let inFlight = 0;
    const unexpected: string[] = [];
    for (const answer of answers) {
      if (answer.status === 'fulfilled') {
        runIds.add(answer.value.runId);
        continue;
      }
      const error: unknown = answer.reason;
      if (!(error instanceof RpcError)) throw error;
      if (error.envelopeCode === 'idempotency_in_flight' && IN_FLIGHT_STATUSES.includes(error.code)) inFlight += 1;
      else if (uninformativeReason(error) !== undefined) t.precondition(false, uninformativeReason(error) ?? '');
      else unexpected.push(`${error.codeName} ${error.envelopeCode ?? ''}`.trim());
    }
    if (inFlight > 0) t.warn(`${inFlight} of ${CONCURRENT_REQUESTS} concurrent requests were refused idempotency_in_flight (accepted)`);
    t.precondition(runIds.size > 0, `none of the concurrent CreateRun requests succeeded (${unexpected.join(', ') || 'all in flight'})`);
    if (runIds.size > 1) {
      t.fail(
        `${CONCURRENT_REQUESTS} concurrent identical requests under one key produced ${runIds.size} different run ids`,
        'one run id',
        [...runIds].join(', '),
      );
    }
    t.assertNone(unexpected, 'concurrent identical requests refused otherwise than idempotency_in_flight', 'the same run id, or idempotency_in_flight');
  }),
];
