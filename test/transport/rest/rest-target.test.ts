import { assert } from 'chai';
import { createEngineClient } from '../../../harness/transport/connect-engine.js';
import { isRestTargetUrl, parseRestTarget } from '../../../harness/transport/rest/rest-target.js';

describe('REST targets', () => {
  it('normalizes http and https origins', () => {
    assert.deepEqual(parseRestTarget('http://127.0.0.1:8080'), { url: 'http://127.0.0.1:8080', tls: false });
    assert.deepEqual(parseRestTarget(' HTTPS://Engine.Example:443/ '), { url: 'https://engine.example', tls: true });
  });

  it('rejects paths, credentials and other schemes with one line', () => {
    assert.throws(() => parseRestTarget('http://h:1/api'), /no path, query or fragment/);
    // The message names the problem and never repeats the password.
    assert.throws(() => parseRestTarget('http://user:pw@h:1'), /^(?!.*pw).*credentials in the URL/);
    assert.throws(() => parseRestTarget('ftp://h:1'), /unsupported scheme/);
    assert.throws(() => parseRestTarget('http://h:99999'), /invalid REST target/);
  });

  it('the scheme chooses the transport', () => {
    assert.strictEqual(isRestTargetUrl('http://h:1'), true);
    assert.strictEqual(isRestTargetUrl('grpc://h:1'), false);
    const rest = createEngineClient({ target: 'http://127.0.0.1:1', defaultDeadlineMs: 1_000 });
    const grpc = createEngineClient({ target: 'grpc://127.0.0.1:1', defaultDeadlineMs: 1_000 });
    assert.strictEqual(rest.client.transport, 'rest');
    assert.strictEqual(grpc.client.transport, 'grpc');
    rest.client.close();
    grpc.client.close();
  });

  it('refuses options that do not fit the transport', () => {
    assert.throws(() => createEngineClient({ target: 'http://h:1', caPath: 'ca.pem', defaultDeadlineMs: 1_000 }), /need an https:\/\/ target/);
    assert.throws(() => createEngineClient({ target: 'grpc://h:1', restEvents: 'poll', defaultDeadlineMs: 1_000 }), /--rest-events poll applies only to http/);
  });
});
