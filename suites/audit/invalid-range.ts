import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';

/**
 * VerifyAuditLog refuses a bound below 0 (the verify parameters are integers ≥ 0): validation_error /
 * INVALID_ARGUMENT. An inverted range (fromSeq > toSeq) is refused the same way when it is refused
 * at all; serving it instead (the example hosts clamp it to an empty range) is a warning, because
 * the annex's own text (auth-profiles.md §Audit-log integrity 4) states the endpoint and its result
 * but no refusal of an inverted range (ledger auth-profiles.audit-verify-range-400, unverified).
 */
export const AUDIT_RANGE_CHECKS = [
  check('audit.verify-invalid-range-rejected', async (t: TestContext) => {
    // Control: the same RPC with a valid range works with these credentials.
    await t.control('VerifyAuditLog(0, 0)', t.client.verifyAuditLog({ fromSeq: 0, toSeq: 0 }));
    const refusal = [{ code: 'INVALID_ARGUMENT' as const, envelopeCodes: ['validation_error'] }];
    await t.expectRpcError(
      t.client.verifyAuditLog({ fromSeq: -1, toSeq: 10 }, { deliberatelyInvalid: 'negative fromSeq' }),
      refusal,
      'VerifyAuditLog(fromSeq -1)',
    );
    const what = 'VerifyAuditLog(fromSeq 5 > toSeq 2)';
    const inverted = await t.client.verifyAuditLog({ fromSeq: 5, toSeq: 2 }, { deliberatelyInvalid: 'fromSeq > toSeq' }).then(
      (reply) => ({ reply }),
      (caught: unknown) => ({ caught }),
    );
    if ('reply' in inverted) {
      const echoed = inverted.reply.result;
      t.warn(
        `${what} was served (result fromSeq ${JSON.stringify(echoed?.['fromSeq'])}, toSeq ${JSON.stringify(echoed?.['toSeq'])}), not refused: the reading seen is a served, clamped range`,
      );
      return;
    }
    await t.expectRpcError(Promise.reject(inverted.caught), refusal, what);
  }),
];
