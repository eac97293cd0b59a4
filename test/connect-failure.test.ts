import { assert } from 'chai';
import { describeConnectFailure } from '../harness/transport/connect-failure.js';

describe('connect failure wording', () => {
  it('names socket errors in plain words', () => {
    assert.strictEqual(
      describeConnectFailure('No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: '),
      'connection refused',
    );
  });

  it('turns OpenSSL and Node TLS failures into advice', () => {
    assert.include(
      describeConnectFailure(
        'No connection established. Last error: Error: 4097:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 116 (2026-11-24T22:40:00.000Z)',
      ),
      '--cert and --key',
    );
    assert.include(
      describeConnectFailure('No connection established. Last error: Error: unable to verify the first certificate (2026-11-24T22:40:00.000Z)'),
      '--ca',
    );
    assert.include(
      describeConnectFailure("Last error: Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames"),
      'does not name the host',
    );
    assert.include(describeConnectFailure('Protocol error'), 'does not speak gRPC');
  });

  it('drops the timestamp grpc-js appends and explains a bare "Failed to connect"', () => {
    const text = describeConnectFailure('No connection established. Last error: Failed to connect (2026-11-24T22:40:00.000Z)');
    assert.notMatch(text, /2026-/);
    assert.include(text, 'plaintext/TLS mismatch');
  });
});
