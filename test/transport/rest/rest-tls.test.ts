import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { assert } from 'chai';
import { createEngineClient } from '../../../harness/transport/connect-engine.js';
import { RpcError } from '../../../harness/transport/rpc-error.js';
import { packagePath } from '../../../harness/support/package-paths.js';

const tlsFile = (name: string): string => packagePath('test', 'fixtures', 'tls', name);

/** --ca/--cert/--key over REST: an https:// engine with a private CA, and one that requires a client certificate. */
describe('REST over TLS (--ca, --cert, --key)', () => {
  let server: Server | undefined;
  let seenClientCert = false;

  async function serve(requireClientCert: boolean): Promise<string> {
    server = createServer(
      {
        cert: readFileSync(tlsFile('server.pem')),
        key: readFileSync(tlsFile('server-key.pem')),
        ...(requireClientCert && { ca: readFileSync(tlsFile('ca.pem')), requestCert: true, rejectUnauthorized: true }),
      },
      (request, response) => {
        seenClientCert =
          'getPeerCertificate' in request.socket && Object.keys((request.socket as import('node:tls').TLSSocket).getPeerCertificate()).length > 0;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ protocolVersion: '1.0' }));
      },
    );
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    // The fixture certificate names localhost.
    return `https://localhost:${(server?.address() as AddressInfo).port}`;
  }

  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('trusts a private CA given with --ca', async () => {
    const target = await serve(false);
    const { client } = createEngineClient({ target, caPath: tlsFile('ca.pem'), defaultDeadlineMs: 5_000 });
    const reply = await client.getCapabilities({});
    assert.deepEqual(reply.capabilities, { protocolVersion: '1.0' });
    client.close();
  });

  it('refuses, as unreachable, a server its CA did not sign', async () => {
    const target = await serve(false);
    const { client } = createEngineClient({ target, caPath: tlsFile('other-ca.pem'), defaultDeadlineMs: 5_000 });
    const error = await client.getCapabilities({}).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.instanceOf(error, RpcError);
    assert.strictEqual(error.codeName, 'UNAVAILABLE');
    client.close();
  });

  it('presents the client certificate of --cert/--key to an engine that requires one (mTLS)', async () => {
    const target = await serve(true);
    const { client } = createEngineClient({
      target,
      caPath: tlsFile('ca.pem'),
      certPath: tlsFile('client.pem'),
      keyPath: tlsFile('client-key.pem'),
      defaultDeadlineMs: 5_000,
    });
    await client.getCapabilities({});
    assert.strictEqual(seenClientCert, true);
    client.close();
  });

  it('says in one line that TLS files need an https:// target, and which file cannot be read', () => {
    assert.throws(() => createEngineClient({ target: 'http://127.0.0.1:1', caPath: tlsFile('ca.pem'), defaultDeadlineMs: 1_000 }), 'need an https:// target');
    assert.throws(
      () => createEngineClient({ target: 'https://127.0.0.1:1', caPath: '/nonexistent/ca.pem', defaultDeadlineMs: 1_000 }),
      'cannot read --ca "/nonexistent/ca.pem": no such file',
    );
  });
});
