import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { JsonObject } from '../../harness/support/json.js';
import { isJsonObject, jsonText } from '../../harness/support/json.js';
import { advertisedFixtures, readCapability } from '../../harness/verdicts/gating.js';
import { checkpointSignatureProblem, readCheckpointPublicKey } from '../../harness/audit/checkpoint-signature.js';
import { Fixture } from '../fixture-ids.js';

/**
 * VerifyAuditLog over the existing range and the suite's own reading of it (auth-profiles.md
 * annex; RFC 0218; runs-events-digest §7). The range is 0..100, as the profile's own conformance
 * check asks; the reply's schema is checked in the transport and charged to
 * audit.verify-chain-valid.
 */

const VERIFY_RANGE = { fromSeq: 0, toSeq: 100 };
/** Mutating calls an engine may audit; a few runs make sure the log has entries and, usually, checkpoints. */
const SEED_RUNS = 8;

export const AUDIT_VERIFICATION_CHECKS = [
  check('audit.verify-chain-valid', async (t: TestContext) => {
    const result = await verifyExistingRange(t);
    if (result['fromSeq'] !== VERIFY_RANGE.fromSeq)
      t.warn(`VerifyAuditLog echoed fromSeq ${JSON.stringify(result['fromSeq'])} for ${VERIFY_RANGE.fromSeq} (clamping is allowed)`);
    t.assert.strictEqual(result['chainValid'], true, 'VerifyAuditLog chainValid over the existing range');
    t.assert.deepEqual(result['anomalies'], [], 'VerifyAuditLog anomalies over the existing range');
  }),

  check('audit.checkpoints-ascending', async (t: TestContext) => {
    const checkpoints = checkpointsOf(await verifyExistingRange(t));
    t.precondition(
      checkpoints.length > 0,
      `VerifyAuditLog(${VERIFY_RANGE.fromSeq}, ${VERIFY_RANGE.toSeq}) listed no checkpoint, so their order cannot be seen`,
    );
    const interval = readCapability(t.capabilities, 'auth.auditLogIntegrity.checkpointIntervalEntries');
    const bound = typeof interval === 'number' && interval >= 1 ? interval : undefined;
    if (bound === undefined) t.warn('auth.auditLogIntegrity.checkpointIntervalEntries is not advertised; only the order of checkpoints is checked');
    const positions = checkpoints.map((checkpoint) => checkpoint['atSequence']);
    const problems: string[] = [];
    let previous = 0;
    positions.forEach((position, index) => {
      if (typeof position !== 'number') return; // the schema finding reports it
      if (index > 0 && position <= previous) problems.push(`checkpoint #${index + 1} at ${position} is not ascending after ${previous}`);
      else if (bound !== undefined && position - previous > bound)
        problems.push(
          `checkpoint #${index + 1} at ${position} is ${position - previous} entries after ${previous}, more than checkpointIntervalEntries ${bound}`,
        );
      previous = position;
    });
    t.assertNone(
      problems,
      `checkpoints at ${positions.map(jsonText).join(', ')}`,
      `ascending atSequence, each at most checkpointIntervalEntries after the previous (the first after 0)`,
    );
  }),

  check('audit.checkpoint-signatures-verify', async (t: TestContext) => {
    const advertised = readCapability(t.capabilities, 'auth.auditLogIntegrity.checkpointPublicKey');
    const key = readCheckpointPublicKey(advertised);
    if (!key.ok)
      t.fail(
        `the advertised checkpoint key cannot verify anything: ${key.problem}`,
        'a base64 SPKI DER Ed25519 public key',
        JSON.stringify(advertised ?? null),
      );
    const checkpoints = checkpointsOf(await verifyExistingRange(t));
    t.precondition(checkpoints.length > 0, `VerifyAuditLog(${VERIFY_RANGE.fromSeq}, ${VERIFY_RANGE.toSeq}) listed no checkpoint to verify`);
    const problems = checkpoints.flatMap((checkpoint) => {
      const problem = checkpointSignatureProblem(key.key, { merkleRoot: checkpoint['merkleRoot'], signature: checkpoint['signature'] });
      return problem ? [`checkpoint ${jsonText(checkpoint['checkpoint'])} at ${jsonText(checkpoint['atSequence'])}: ${problem}`] : [];
    });
    // Judged by the suite alone: the engine's chainValid is not taken on trust.
    t.assertNone(problems, 'checkpoint signatures', 'every checkpoint signature verifies (Ed25519 over the raw merkleRoot bytes)');
  }),
];

/** VerifyAuditLog over 0..100 after seeding the log with a few runs; the result must be present. */
export async function verifyExistingRange(t: TestContext): Promise<JsonObject> {
  if (advertisedFixtures(t.capabilities).includes(Fixture.noop)) {
    for (let index = 0; index < SEED_RUNS; index += 1) await t.createRun({ workflowId: Fixture.noop });
  }
  const { result } = await t.client.verifyAuditLog(VERIFY_RANGE);
  if (!isJsonObject(result)) t.fail('VerifyAuditLog answered no result document', 'an AuditVerifyResult', JSON.stringify(result ?? null));
  return result;
}

function checkpointsOf(result: JsonObject): JsonObject[] {
  const checkpoints = result['checkpoints'];
  return Array.isArray(checkpoints) ? checkpoints.filter(isJsonObject) : [];
}
