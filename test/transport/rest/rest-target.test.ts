import { expect } from 'chai';
import { createEngineClient } from '../../../harness/transport/connect-engine.js';
import { isRestTargetUrl, parseRestTarget } from '../../../harness/transport/rest/rest-target.js';

describe('REST targets', () => {
  it('normalizes http and https origins', () => {
    expect(parseRestTarget('http://127.0.0.1:8080')).to.deep.equal({ url: 'http://127.0.0.1:8080', tls: false });
    expect(parseRestTarget(' HTTPS://Engine.Example:443/ ')).to.deep.equal({ url: 'https://engine.example', tls: true });
  });

  it('rejects paths, credentials and other schemes with one line', () => {
    expect(() => parseRestTarget('http://h:1/api')).to.throw(/no path, query or fragment/);
    expect(() => parseRestTarget('http://user:pw@h:1'))
      .to.throw(/credentials in the URL/)
      .with.property('message')
      .that.does.not.include('pw');
    expect(() => parseRestTarget('ftp://h:1')).to.throw(/unsupported scheme/);
    expect(() => parseRestTarget('http://h:99999')).to.throw(/invalid REST target/);
  });

  it('the scheme chooses the transport', () => {
    expect(isRestTargetUrl('http://h:1')).to.equal(true);
    expect(isRestTargetUrl('grpc://h:1')).to.equal(false);
    const rest = createEngineClient({ target: 'http://127.0.0.1:1', defaultDeadlineMs: 1_000 });
    const grpc = createEngineClient({ target: 'grpc://127.0.0.1:1', defaultDeadlineMs: 1_000 });
    expect(rest.client.transport).to.equal('rest');
    expect(grpc.client.transport).to.equal('grpc');
    rest.client.close();
    grpc.client.close();
  });

  it('refuses options that do not fit the transport', () => {
    expect(() => createEngineClient({ target: 'http://h:1', caPath: 'ca.pem', defaultDeadlineMs: 1_000 })).to.throw(/need an https:\/\/ target/);
    expect(() => createEngineClient({ target: 'grpc://h:1', restEvents: 'poll', defaultDeadlineMs: 1_000 })).to.throw(/--rest-events poll applies only to http/);
  });
});
