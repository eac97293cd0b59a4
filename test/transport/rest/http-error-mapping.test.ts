import { assert } from 'chai';
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
      assert.strictEqual(grpcCodeForHttp(status, code), expected);
      const error = errorFromHttp({ rpc: 'GetRun', status, headers: json, body: code === undefined ? '<html>Not Found</html>' : envelope(code) });
      assert.strictEqual(error.codeName, expected);
      assert.strictEqual(error.httpStatus, status);
    });
  }

  it('keeps the envelope as parsed and reads its code; the status message names the HTTP status', () => {
    const error = errorFromHttp({
      rpc: 'GetRun',
      status: 404,
      headers: json,
      body: JSON.stringify({ error: 'run_not_found', message: 'no such run', details: { runId: 'x' } }),
    });
    assert.deepEqual(error.envelope, { error: 'run_not_found', message: 'no such run', details: { runId: 'x' } });
    assert.strictEqual(error.envelopeCode, 'run_not_found');
    assert.strictEqual(error.envelopeProblem, undefined);
    assert.strictEqual(error.statusMessage, 'HTTP 404 run_not_found: no such run');
  });

  it('a 404 whose JSON body is not an envelope is UNIMPLEMENTED and keeps the body for the schema check', () => {
    const error = errorFromHttp({ rpc: 'GetRun', status: 404, headers: json, body: '{"message":"Cannot GET /v1/runs/x"}' });
    assert.strictEqual(error.codeName, 'UNIMPLEMENTED');
    assert.deepEqual(error.envelope, { message: 'Cannot GET /v1/runs/x' });
  });

  it('a non-JSON or empty body carries no envelope and says why', () => {
    const html = errorFromHttp({ rpc: 'GetRun', status: 500, headers: { 'content-type': ['text/html'] }, body: '<h1>oops</h1>' });
    assert.strictEqual(html.envelope, undefined);
    assert.match(html.envelopeProblem ?? '', /not JSON/);
    const empty = errorFromHttp({ rpc: 'GetRun', status: 400, headers: {}, body: '' });
    assert.match(empty.envelopeProblem ?? '', /empty body/);
    assert.strictEqual(empty.codeName, 'INVALID_ARGUMENT');
  });

  it('a 429 Retry-After header is read by the rate-limit retry like gRPC metadata', () => {
    const error = errorFromHttp({ rpc: 'CreateRun', status: 429, headers: { ...json, 'retry-after': ['2'] }, body: envelope('rate_limited') });
    assert.strictEqual(retryAfterMs(error), 2000);
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
      const error = await client.createRun({ workflowId: 'wf' }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      assert.instanceOf(error, RpcError);
      assert.strictEqual(error.codeName, 'ALREADY_EXISTS');
      assert.strictEqual(error.httpStatus, 409);
      assert.strictEqual(error.rpc, 'CreateRun');
    });

    it("the suite's own deadline is DEADLINE_EXCEEDED, which blocks rather than fails", async () => {
      server.handle(() => undefined); // never answers
      const client = new RestEngineClient({ target: url, defaultDeadlineMs: 2_000 });
      const error = await client.getRun({ runId: 'r1' }, { deadlineMs: 150 }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      assert.strictEqual((error as RpcError).codeName, 'DEADLINE_EXCEEDED');
      assert.strictEqual((error as RpcError).httpStatus, undefined);
      assert.match(uninformativeReason(error as RpcError) ?? '', /call deadline/);
      client.close();
    });

    it('an abort signal cancels the call (CANCELLED)', async () => {
      server.handle(() => undefined);
      const client = new RestEngineClient({ target: url, defaultDeadlineMs: 5_000 });
      const controller = new AbortController();
      const pending = client.getRun({ runId: 'r1' }, { signal: controller.signal }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      setTimeout(() => controller.abort(), 50);
      assert.strictEqual(((await pending) as RpcError).codeName, 'CANCELLED');
    });

    it('close() ends calls in flight with CANCELLED', async () => {
      server.handle(() => undefined);
      const client = new RestEngineClient({ target: url, defaultDeadlineMs: 5_000 });
      const pending = client.getRun({ runId: 'r1' }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      setTimeout(() => client.close(), 50);
      assert.strictEqual(((await pending) as RpcError).codeName, 'CANCELLED');
    });
  });

  it('a refused connection is UNAVAILABLE with a one-line reason, and checkConnectivity says so', async () => {
    const closed = new StubHttpServer();
    const url = await closed.start();
    await closed.stop();
    const client = new RestEngineClient({ target: url, defaultDeadlineMs: 2_000 });
    const error = await client.getRun({ runId: 'r1' }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.strictEqual((error as RpcError).codeName, 'UNAVAILABLE');
    assert.strictEqual((error as RpcError).statusMessage, 'connection refused');
    let message = '';
    await client.checkConnectivity(1_000).catch((caught: unknown) => {
      message = caught instanceof Error ? caught.message : String(caught);
    });
    assert.strictEqual(message, `cannot reach ${url}: connection refused`);
  });
});
