import { createPrivateKey, sign, verify } from 'node:crypto';
import { assert } from 'chai';
import { checkpointSignatureProblem, readCheckpointPublicKey } from '../harness/audit/checkpoint-signature.js';

/**
 * Known vectors: the key pair is RFC 8032 §7.1 TEST 1; the SPKI encoding and the signature over
 * the 32 raw bytes of the Merkle root were computed independently (Python `cryptography`), and
 * the root is the five-leaf vector of the reference engine's Merkle test.
 */
const RFC8032_TEST1 = {
  seedHex: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
  spkiBase64: 'MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=',
  emptyMessageSignatureHex: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
};
const CHECKPOINT = {
  merkleRoot: 'dea979f026a014fcb2300d6300e73ae1ccfb0dd238835d33895286d610eb7c4f',
  signature: 'B4b2A65+WKLIEhUDAkoZpV5xs+dUyoenFjGd+Malzs04etS4iKCl2+Q85o8v7Q0o0NWQNRFnLcBwDh9rhu5PBA==',
};

function advertisedKey() {
  const reading = readCheckpointPublicKey(RFC8032_TEST1.spkiBase64);
  if (!reading.ok) throw new Error(reading.problem);
  return reading.key;
}

describe('checkpoint signature verification (Ed25519)', () => {
  it('reads the advertised base64 SPKI DER key: RFC 8032 TEST 1 verifies its published signature', () => {
    const key = advertisedKey();
    assert.strictEqual(key.asymmetricKeyType, 'ed25519');
    assert.isTrue(verify(null, Buffer.alloc(0), key, Buffer.from(RFC8032_TEST1.emptyMessageSignatureHex, 'hex')));
  });

  it('accepts the known signature over the 32 raw bytes of the Merkle root', () => {
    assert.isUndefined(checkpointSignatureProblem(advertisedKey(), CHECKPOINT));
  });

  it("rejects a signature over the root's hex text, a different root, and a truncated signature", () => {
    const key = advertisedKey();
    // Signed with the same RFC 8032 key over the 64 ASCII characters instead of the 32 bytes.
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(RFC8032_TEST1.seedHex, 'hex')]);
    const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    const overText = sign(null, Buffer.from(CHECKPOINT.merkleRoot, 'utf8'), privateKey).toString('base64');
    assert.include(checkpointSignatureProblem(key, { merkleRoot: CHECKPOINT.merkleRoot, signature: overText }) ?? '', 'does not verify');
    const otherRoot = `${CHECKPOINT.merkleRoot.slice(0, 63)}0`;
    assert.include(checkpointSignatureProblem(key, { merkleRoot: otherRoot, signature: CHECKPOINT.signature }) ?? '', 'does not verify');
    assert.include(checkpointSignatureProblem(key, { merkleRoot: CHECKPOINT.merkleRoot, signature: CHECKPOINT.signature.slice(0, 44) }) ?? '', 'not the 64');
  });

  it('says what is wrong with a malformed root or signature instead of throwing', () => {
    const key = advertisedKey();
    assert.include(checkpointSignatureProblem(key, { merkleRoot: 'ABC', signature: CHECKPOINT.signature }) ?? '', 'not 64 lowercase hex');
    assert.include(checkpointSignatureProblem(key, { merkleRoot: CHECKPOINT.merkleRoot, signature: 'not base64!' }) ?? '', 'not base64');
  });

  it('refuses advertised keys that are absent, not base64, not SPKI, or not Ed25519', () => {
    const problem = (value: unknown): string => {
      const reading = readCheckpointPublicKey(value);
      return reading.ok ? 'ok' : reading.problem;
    };
    assert.include(problem(undefined), 'not advertised');
    assert.include(problem('%%%'), 'not base64');
    assert.include(problem(Buffer.from('hello').toString('base64')), 'not an SPKI DER');
    // An X25519 SPKI key (same size, different algorithm OID 1.3.101.110).
    const x25519 = Buffer.from('302a300506032b656e032100' + '11'.repeat(32), 'hex').toString('base64');
    assert.include(problem(x25519), 'not ed25519');
  });
});
