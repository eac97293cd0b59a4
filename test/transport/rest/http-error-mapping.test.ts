import { expect } from 'chai';
import { RpcError } from '../../../harness/transport/rpc-error.js';
import { retryAfterMs } from '../../../harness/transport/rate-limit-retry.js';
import { errorFromHttp, grpcCodeForHttp } from '../../../harness/transport/rest/http-error-mapping.js';
import { RestEngineClient } from '../../../harness/transport/rest/rest-engine-client.js';
import { uninformativeReason } from '../../../harness/verdicts/uninformative-errors.js';
import { sendJson, StubHttpServer } from './stub-http-server.js';

const envelope = (error: string) => JSON.stringify({ error, message: `${error} happened` });
const json = { 'content-type': ['application/json'] };

/** The REST wire contract's error table: envelope code first, then the HTTP class. */
const TABLE: Array<[number, string | undefined, string]> = [
  [400, 'validation_error', 'INVALID_ARGUMENT'],
  [400, 'unsupported_stream_mode', 'INVALID_ARGUMENT'],
  [401, 'unauthenticated', 'UNAUTHENTICATED'],
  [403, 'forbidden', 'PERMISSION_DENIED'],
  [404, 'run_not_found', 'NOT_FOUND'],
  [404, 'interrupt_not_found', 'NOT_FOUND'],
  [409, 'run_already_active', 'ALREADY_EXISTS'],
  [409, 'idempotency_key_mismatch', 'ABORTED'],
  [409, 'interrupt_already_resolved', 'ABORTED'],
  [409, 'run_state_conflict', 'FAILED_PRECONDITION'],
  [409, 'run_terminal', 'FAILED_PRECONDITION'],
  [410, 'interrupt_expired', 'NOT_FOUND'],
  [422, 'fork_point_invalid', 'FAILED_PRECONDITION'],
  [429, 'rate_limited', 'RESOURCE_EXHAUSTED'],
  [500, 'internal_error', 'INTERNAL'],
  [501, 'capability_not_provided', 'FAILED_PRECONDITION'],
  [501, 'not_served', 'UNIMPLEMENTED'],
  [503, 'unavailable', 'UNAVAILABLE'],
  [504, 'gateway_timeout', 'DEADLINE_EXCEEDED'],
  // A missing route is never "unknown id": 404/405 without an envelope → UNIMPLEMENTED.
  [404, undefined, 'UNIMPLEMENTED'],
  [405, undefined, 'UNIMPLEMENTED'],
  [405, 'method_not_allowed', 'UNIMPLEMENTED'],
];

describe('HTTP error mapping', () => {
  for (const [status, code, expected] of TABLE) {
    it(`${status} ${code ?? '(no envelope)'} → ${expected}`, () => {
      expect(grpcCodeForHttp(status, code)).to.equal(expected);
      const error = errorFromHttp({ rpc: 'GetRun', status, headers: json, body: code === undefined ? '<html>Not Found</html>' : envelope(code) });
      expect(error.codeName).to.equal(expected);
      expect(error.httpStatus).to.equal(status);
    });
  }

  it('keeps the envelope as parsed and reads its code; the status message names the HTTP status', () => {
    const error = errorFromHttp({ rpc: 'GetRun', status: 404, headers: json, body: JSON.stringify({ error: 'run_not_found', message: 'no such run', details: { runId: 'x' } }) });
    expect(error.envelope).to.deep.equal({ error: 'run_not_found', message: 'no such run', details: { runId: 'x' } });
    expect(error.envelopeCode).to.equal('run_not_found');
    expect(error.envelopeProblem).to.equal(undefined);
    expect(error.statusMessage).to.equal('HTTP 404 run_not_found: no such run');
  });

  it('a 404 whose JSON body is not an envelope is UNIMPLEMENTED and keeps the body for the schema check', () => {
    const error = errorFromHttp({ rpc: 'GetRun', status: 404, headers: json, body: '{"message":"Cannot GET /v1/runs/x"}' });
    expect(error.codeName).to.equal('UNIMPLEMENTED');
    expect(error.envelope).to.deep.equal({ message: 'Cannot GET /v1/runs/x' });
  });

  it('a non-JSON or empty body carries no envelope and says why', () => {
    const html = errorFromHttp({ rpc: 'GetRun', status: 500, headers: { 'content-type': ['text/html'] }, body: '<h1>oops</h1>' });
    expect(html.envelope).to.equal(undefined);
    expect(html.envelopeProblem).to.match(/not JSON/);
    const empty = errorFromHttp({ rpc: 'GetRun', status: 400, headers: {}, body: '' });
    expect(empty.envelopeProblem).to.match(/empty body/);
    expect(empty.codeName).to.equal('INVALID_ARGUMENT');
  });

  it('a 429 Retry-After header is read by the rate-limit retry like gRPC metadata', () => {
    const error = errorFromHttp({ rpc: 'CreateRun', status: 429, headers: { ...json, 'retry-after': ['2'] }, body: envelope('rate_limited') });
    expect(retryAfterMs(error)).to.equal(2000);
  });

  describe('over the wire', () => {
    const server = new StubHttpServer();
    let url = '';
    before(async () => {
      url = await server.start();
    });
    after(async () => {
      await server.stop();
    });

    it('an HTTP error answer rejects with an RpcError carrying the status and the envelope', async () => {
      server.handle((_request, response) => sendJson(response, 409, { error: 'run_already_active', message: 'dup' }));
      const client = new RestEngineClient({ target: url, defaultDeadlineMs: 2_000 });
      const error = await client.createRun({ workflowId: 'wf' }).then(() => undefined, (caught: unknown) => caught);
      expect(error).to.be.instanceOf(RpcError);
      expect((error as RpcError).codeName).to.equal('ALREADY_EXISTS');
      expect((error as RpcError).httpStatus).to.equal(409);
      expect((error as RpcError).rpc).to.equal('CreateRun');
    });

    it("the suite's own deadline is DEADLINE_EXCEEDED, which blocks rather than fails", async () => {
      server.handle(() => undefined); // never answers
      const client = new RestEngineClient({ target: url, defaultDeadlineMs: 2_000 });
      const error = await client.getRun({ runId: 'r1' }, { deadlineMs: 150 }).then(() => undefined, (caught: unknown) => caught);
      expect((error as RpcError).codeName).to.equal('DEADLINE_EXCEEDED');
      expect((error as RpcError).httpStatus).to.equal(undefined);
      expect(uninformativeReason(error as RpcError)).to.match(/call deadline/);
      client.close();
    });

    it('an abort signal cancels the call (CANCELLED)', async () => {
      server.handle(() => undefined);
      const client = new RestEngineClient({ target: url, defaultDeadlineMs: 5_000 });
      const controller = new AbortController();
      const pending = client.getRun({ runId: 'r1' }, { signal: controller.signal }).then(() => undefined, (caught: unknown) => caught);
      setTimeout(() => controller.abort(), 50);
      expect(((await pending) as RpcError).codeName).to.equal('CANCELLED');
    });

    it('close() ends calls in flight with CANCELLED', async () => {
      server.handle(() => undefined);
      const client = new RestEngineClient({ target: url, defaultDeadlineMs: 5_000 });
      const pending = client.getRun({ runId: 'r1' }).then(() => undefined, (caught: unknown) => caught);
      setTimeout(() => client.close(), 50);
      expect(((await pending) as RpcError).codeName).to.equal('CANCELLED');
    });
  });

  it('a refused connection is UNAVAILABLE with a one-line reason, and checkConnectivity says so', async () => {
    const closed = new StubHttpServer();
    const url = await closed.start();
    await closed.stop();
    const client = new RestEngineClient({ target: url, defaultDeadlineMs: 2_000 });
    const error = await client.getRun({ runId: 'r1' }).then(() => undefined, (caught: unknown) => caught);
    expect((error as RpcError).codeName).to.equal('UNAVAILABLE');
    expect((error as RpcError).statusMessage).to.equal('connection refused');
    let message = '';
    await client.checkConnectivity(1_000).catch((caught: unknown) => {
      message = caught instanceof Error ? caught.message : String(caught);
    });
    expect(message).to.equal(`cannot reach ${url}: connection refused`);
  });
});
