import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert } from 'chai';
import { channelCredentialsFor, parseGrpcTarget } from '../harness/transport/grpc-target.js';

function errorMessageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    assert.instanceOf(error, Error);
    const message = error.message;
    assert.notInclude(message, '\n', 'one line');
    return message;
  }
  assert.fail('expected an error');
}

describe('grpc-target', () => {
  describe('parseGrpcTarget', () => {
    it('reads a plaintext target', () => {
      assert.deepEqual(parseGrpcTarget('grpc://127.0.0.1:50051'), {
        url: 'grpc://127.0.0.1:50051',
        tls: false,
        host: '127.0.0.1',
        port: 50051,
        address: '127.0.0.1:50051',
      });
    });

    it('reads a TLS target and normalizes case, whitespace and a trailing slash', () => {
      assert.deepEqual(parseGrpcTarget(' GRPCS://Engine.Example.COM:443/ '), {
        url: 'grpcs://engine.example.com:443',
        tls: true,
        host: 'engine.example.com',
        port: 443,
        address: 'engine.example.com:443',
      });
    });

    it('keeps IPv6 literals bracketed', () => {
      const target = parseGrpcTarget('grpc://[::1]:50051');
      assert.strictEqual(target.address, '[::1]:50051');
      assert.strictEqual(target.port, 50051);
    });

    const invalid: Array<[string, RegExp]> = [
      ['http://127.0.0.1:8080', /unsupported scheme "http:\/\/"; use grpc:\/\/ \(plaintext\) or grpcs:\/\/ \(TLS\)/],
      ['127.0.0.1:50051', /expected grpc:\/\/host:port/],
      ['', /expected grpc:\/\/host:port/],
      ['grpc://localhost', /the port is missing/],
      ['grpc://localhost:', /the port is missing/],
      ['grpc://localhost:http', /the port "http" is not a number/],
      ['grpc://localhost:0', /the port 0 is outside 1\.\.65535/],
      ['grpc://localhost:70000', /the port 70000 is outside 1\.\.65535/],
      ['grpc://:50051', /the host is missing/],
      ['grpc://localhost:50051/openwop.v1.Engine', /unexpected "\/openwop\.v1\.Engine" after the port/],
      ['grpcs://localhost:50051?tls=1', /no path, query or fragment/],
    ];
    for (const [url, expected] of invalid) {
      it(`rejects ${JSON.stringify(url)} naming the URL and the problem`, () => {
        const message = errorMessageOf(() => parseGrpcTarget(url));
        assert.match(message, expected);
        assert.include(message, `invalid gRPC target "${url.trim()}"`);
      });
    }

    it('rejects credentials in the URL without echoing them', () => {
      const message = errorMessageOf(() => parseGrpcTarget('grpc://admin:s3cret@localhost:50051'));
      assert.include(message, 'credentials in the URL are not accepted');
      assert.notInclude(message, 's3cret');
    });
  });

  describe('channelCredentialsFor', () => {
    let dir = '';
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'openwop-grpc-target-'));
      writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nnot checked until the handshake\n-----END CERTIFICATE-----\n');
      writeFileSync(join(dir, 'client.pem'), 'not a certificate');
      writeFileSync(join(dir, 'client.key'), 'not a key');
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    const plaintext = () => parseGrpcTarget('grpc://127.0.0.1:50051');
    const tls = () => parseGrpcTarget('grpcs://127.0.0.1:50051');

    it('uses insecure credentials for grpc:// and TLS for grpcs://', () => {
      assert.strictEqual(channelCredentialsFor(plaintext())._isSecure(), false);
      assert.strictEqual(channelCredentialsFor(tls())._isSecure(), true);
      assert.strictEqual(channelCredentialsFor(tls(), { caPath: join(dir, 'ca.pem') })._isSecure(), true);
    });

    it('refuses TLS files for a plaintext target', () => {
      const message = errorMessageOf(() => channelCredentialsFor(plaintext(), { caPath: join(dir, 'ca.pem') }));
      assert.strictEqual(message, 'TLS options (caPath) were given but grpc://127.0.0.1:50051 is plaintext; use grpcs:// for TLS');
    });

    it('needs both the client certificate and its key for mutual TLS', () => {
      assert.match(
        errorMessageOf(() => channelCredentialsFor(tls(), { certPath: join(dir, 'client.pem') })),
        /only the certificate \(--cert\) was given/,
      );
      assert.match(
        errorMessageOf(() => channelCredentialsFor(tls(), { keyPath: join(dir, 'client.key') })),
        /only the key \(--key\) was given/,
      );
    });

    it('names a file it cannot read', () => {
      const missing = join(dir, 'missing-ca.pem');
      assert.strictEqual(
        errorMessageOf(() => channelCredentialsFor(tls(), { caPath: missing })),
        `cannot read the CA certificate file "${missing}": no such file`,
      );
    });

    it('reports an unusable client key pair in one line', () => {
      const message = errorMessageOf(() => channelCredentialsFor(tls(), { certPath: join(dir, 'client.pem'), keyPath: join(dir, 'client.key') }));
      assert.match(message, /^cannot build TLS credentials for grpcs:\/\/127\.0\.0\.1:50051: /);
    });
  });
});
