import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';

/** VerifyAuditLog bounds: integers ≥ 0 with toSeq ≥ fromSeq, else 400 validation_error (auth-profiles.md §verify). */

export const AUDIT_RANGE_CHECKS = [
  check('audit.verify-invalid-range-rejected', async (t: TestContext) => {
    // Control: the same RPC with a valid range works with these credentials.
    await t.control('VerifyAuditLog(0, 0)', t.client.verifyAuditLog({ fromSeq: 0, toSeq: 0 }));
    const refusal = [{ code: 'INVALID_ARGUMENT' as const, envelopeCodes: ['validation_error'] }];
    await t.expectRpcError(
      t.client.verifyAuditLog({ fromSeq: 5, toSeq: 2 }, { deliberatelyInvalid: 'fromSeq > toSeq' }),
      refusal,
      'VerifyAuditLog(fromSeq 5 > toSeq 2)',
    );
    await t.expectRpcError(
      t.client.verifyAuditLog({ fromSeq: -1, toSeq: 10 }, { deliberatelyInvalid: 'negative fromSeq' }),
      refusal,
      'VerifyAuditLog(fromSeq -1)',
    );
  }),
];
