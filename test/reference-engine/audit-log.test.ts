import { createHash } from 'node:crypto';
import { assert } from 'chai';
import { AuditLog, entryHash } from '../../fixtures/reference-engine/audit/audit-log.js';
import { merkleRootHex } from '../../fixtures/reference-engine/audit/merkle-root.js';
import type { AuditBehaviour } from '../../fixtures/reference-engine/faults/fault-plan.js';
import { checkpointSignatureProblem, readCheckpointPublicKey } from '../../harness/audit/checkpoint-signature.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const LEAVES = ['a', 'b', 'c', 'd', 'e'].map(sha256);

/** Roots computed independently (Python hashlib) with the RFC 0218 rules: hex concatenation, odd node promoted. */
const MERKLE_VECTORS: [number, string][] = [
  [1, 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb'],
  [2, '62af5c3cb8da3e4f25061e829ebeea5c7513c54949115b1acc225930a90154da'],
  [3, 'd71dc32fa2cd95be60b32dbb3e63009fa8064407ee19f457c92a09a5ff841a8a'],
  [5, 'dea979f026a014fcb2300d6300e73ae1ccfb0dd238835d33895286d610eb7c4f'],
];

const log = (behaviours: AuditBehaviour[] = [], intervalEntries = 4) =>
  new AuditLog({ intervalEntries, intervalSeconds: 300, behaviours: new Set(behaviours) });

function advertisedKey(auditLog: AuditLog) {
  const integrity = auditLog.advertisement()['auditLogIntegrity'] as { checkpointPublicKey: string };
  const reading = readCheckpointPublicKey(integrity.checkpointPublicKey);
  if (!reading.ok) throw new Error(reading.problem);
  return reading.key;
}

interface Checkpoint {
  checkpoint: string;
  atSequence: number;
  merkleRoot: string;
  signature: string;
}

describe('reference engine: audit log', () => {
  it('computes Merkle roots that match the known vectors (odd last node promoted, never duplicated)', () => {
    for (const [count, root] of MERKLE_VECTORS) assert.strictEqual(merkleRootHex(LEAVES.slice(0, count)), root, `${count} leaves`);
    assert.throws(() => merkleRootHex([]), /at least one entry/);
  });

  it('hashes an entry over its RFC 8785 canonical JSON (known vector)', () => {
    const entry = {
      seq: 2,
      action: 'CreateRun',
      actor: 'bearer',
      target: 'run_1',
      details: { b: 1, a: 'x' },
      occurredAt: '2026-01-01T00:00:00.000Z',
      prevHash: null,
    };
    // Canonical text: {"action":"CreateRun","actor":"bearer","details":{"a":"x","b":1},"occurredAt":…,"prevHash":null,"seq":2,"target":"run_1"}
    assert.strictEqual(entryHash(entry), '4eb35cff448c6b76ba4bb97b2ab69787fdc83797164fcaf1a353d18f5bbb7d82');
  });

  it("chains each entry to the previous entry's hash, starting from null", () => {
    const audit = log();
    const first = audit.append('CreateRun', 'bearer', 'run_1');
    const second = audit.append('CancelRun', 'bearer', 'run_1');
    assert.isNull(first.prevHash);
    assert.strictEqual(second.prevHash, entryHash(first));
  });

  it('seals a checkpoint every interval whose signature the suite verifies with the advertised key', () => {
    const audit = log();
    for (let index = 0; index < 9; index += 1) audit.append('CreateRun', 'bearer', `run_${index}`);
    const result = audit.verifyRange(0, 100);
    assert.deepInclude(result, { fromSeq: 0, toSeq: 9, chainValid: true, checkpointsValid: true, anomalies: [] });
    const checkpoints = result['checkpoints'] as unknown as Checkpoint[];
    assert.deepEqual(
      checkpoints.map((checkpoint) => checkpoint.atSequence),
      [4, 8],
    );
    const key = advertisedKey(audit);
    for (const checkpoint of checkpoints) assert.isUndefined(checkpointSignatureProblem(key, checkpoint));
  });

  it('refuses reversed and negative ranges with validation_error', () => {
    const audit = log();
    assert.throws(() => audit.verifyRange(5, 2), /validation_error/);
    assert.throws(() => audit.verifyRange(-1, 2), /validation_error/);
  });

  it("under the signature fault still reports chainValid true, while the suite's own check rejects the signatures", () => {
    const audit = log(['signs-root-hex-text']);
    for (let index = 0; index < 4; index += 1) audit.append('CreateRun', 'bearer', `run_${index}`);
    const result = audit.verifyRange(0, 100);
    assert.strictEqual(result['chainValid'], true);
    const [checkpoint] = result['checkpoints'] as unknown as Checkpoint[];
    assert.include(checkpointSignatureProblem(advertisedKey(audit), checkpoint as Checkpoint) ?? '', 'does not verify');
  });

  it('under the chain fault reports anomalies from the second entry on', () => {
    const audit = log(['chain-hashes-plain-json']);
    for (let index = 0; index < 3; index += 1) audit.append('CreateRun', 'bearer', `run_${index}`);
    const result = audit.verifyRange(0, 100);
    assert.strictEqual(result['chainValid'], false);
    assert.deepEqual(
      (result['anomalies'] as { atSeq: number }[]).map((anomaly) => anomaly.atSeq),
      [2, 3],
    );
  });
});
