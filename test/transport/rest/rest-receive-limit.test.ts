import { assert } from 'chai';
import { RestEngineClient } from '../../../harness/transport/rest/rest-engine-client.js';
import { RpcError } from '../../../harness/transport/rpc-error.js';
import { uninformativeReason } from '../../../harness/verdicts/uninformative-errors.js';
import { StubHttpServer } from './stub-http-server.js';

/** --max-message-bytes over REST: a reply body past the suite's limit is refused as the suite's limit, chunked or declared. */
describe('RestEngineClient receive limit', () => {
  const server = new StubHttpServer();
  let client: RestEngineClient;
  let url = '';
  const LIMIT = 4_096;

  before(async () => {
    url = await server.start();
    client = new RestEngineClient({ target: url, defaultDeadlineMs: 5_000, maxReceiveMessageBytes: LIMIT });
  });
  after(async () => {
    client.close();
    await server.stop();
  });

  const refusal = async (call: Promise<unknown>): Promise<RpcError> => {
    try {
      await call;
    } catch (error) {
      if (error instanceof RpcError) return error;
      throw error;
    }
    throw new Error('the oversized reply was accepted');
  };

  it("refuses a chunked body that grows past the limit, naming the limit as the suite's", async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      // No content-length: the limit is found while reading.
      response.write(`{"protocolVersion":"1.0","pad":"`);
      response.write('x'.repeat(LIMIT));
      response.end('"}');
    });
    const error = await refusal(client.getCapabilities({}));
    assert.strictEqual(error.codeName, 'RESOURCE_EXHAUSTED');
    assert.include(uninformativeReason(error), "the suite's receive limit");
  });

  it('refuses a body whose declared length is past the limit before reading it', async () => {
    server.handle((_request, response) => {
      const body = JSON.stringify({ protocolVersion: '1.0', pad: 'y'.repeat(LIMIT) });
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
      response.end(body);
    });
    const error = await refusal(client.getCapabilities({}));
    assert.include(error.statusMessage, `${LIMIT} bytes`);
  });

  it('reads a body within the limit as before', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ protocolVersion: '1.0' }));
    });
    const reply = await client.getCapabilities({});
    assert.deepEqual(reply.capabilities, { protocolVersion: '1.0' });
  });
});
