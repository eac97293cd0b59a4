import { assert } from 'chai';
import type { ServerResponse } from 'node:http';
import { runConformance } from '../../../harness/runner/conformance-run.js';
import type { RequirementResult } from '../../../harness/verdicts/results.js';
import type { SeenRequest } from '../../transport/rest/stub-http-server.js';
import { StubHttpServer, sendJson } from '../../transport/rest/stub-http-server.js';

const ID = 'rest.error-status-matches-code';
const TOKEN = 'rest-status-token';
const CAPABILITIES = {
  protocolVersion: '1.0',
  supportedEnvelopes: [],
  schemaVersions: {},
  limits: { clarificationRounds: 0, schemaRounds: 0, envelopesPerTurn: 0 },
};

type Answer = { status: number; body: unknown } | { status: number; text: string };

/** A correct engine's refusals, which each test bends in one place. */
function correctAnswer(request: SeenRequest): Answer {
  const authorization = request.headers['authorization'];
  if (request.url.startsWith('/v1/') && authorization !== `Bearer ${TOKEN}`)
    return { status: 401, body: { error: 'unauthenticated', message: 'no valid token' } };
  if (request.method === 'GET' && request.url.startsWith('/v1/runs/')) return { status: 404, body: { error: 'run_not_found', message: 'no such run' } };
  if (request.method === 'GET' && request.url.startsWith('/v1/workflows/'))
    return { status: 404, body: { error: 'workflow_not_found', message: 'no such workflow' } };
  if (request.method === 'POST' && request.url === '/v1/runs') {
    const body: unknown = JSON.parse(request.body);
    const workflowId = typeof body === 'object' && body !== null && 'workflowId' in body ? body.workflowId : undefined;
    if (typeof workflowId !== 'string') return { status: 400, body: { error: 'validation_error', message: 'workflowId must be a string' } };
    return { status: 404, body: { error: 'workflow_not_found', message: 'no such workflow' } };
  }
  return { status: 404, text: 'no route' };
}

describe('rest.error-status-matches-code against a stub REST engine', function () {
  this.timeout(20_000);
  const stub = new StubHttpServer();
  let url: string;
  let bend: (request: SeenRequest) => Answer | undefined = () => undefined;

  before(async () => {
    stub.handle((request: SeenRequest, response: ServerResponse) => {
      if (request.url === '/.well-known/openwop') return sendJson(response, 200, CAPABILITIES);
      const answer = bend(request) ?? correctAnswer(request);
      if ('body' in answer) return sendJson(response, answer.status, answer.body);
      response.writeHead(answer.status, { 'content-type': 'text/plain' });
      response.end(answer.text);
    });
    url = await stub.start();
  });
  after(async () => {
    await stub.stop();
  });
  afterEach(() => {
    bend = () => undefined;
  });

  async function judged(): Promise<RequirementResult> {
    const { report } = await runConformance({ target: url, token: TOKEN, only: [ID], requireBehavior: false, timeoutScale: 1, faults: [] });
    const found = report.results.find((entry) => entry.requirementId === ID);
    assert.exists(found);
    return found;
  }

  it('passes an engine whose statuses match its codes, recording the unknown-workflow reading', async () => {
    const result = await judged();
    assert.strictEqual(result.disposition, 'pass', result.reason ?? '');
    assert.isAbove(result.assertions, 0);
    assert.isTrue(
      result.warnings.some((warning) => warning.includes('answered 404 workflow_not_found')),
      result.warnings.join(' | '),
    );
  });

  it('fails run_not_found over HTTP 500, naming code and status', async () => {
    bend = (request) =>
      request.method === 'GET' && request.url.startsWith('/v1/runs/') && request.headers['authorization'] === `Bearer ${TOKEN}`
        ? { status: 500, body: { error: 'run_not_found', message: 'no such run' } }
        : undefined;
    const result = await judged();
    assert.strictEqual(result.disposition, 'fail');
    assert.include(result.reason ?? '', 'GetRun of an unknown run: envelope run_not_found came with HTTP status 500; the spec maps it to 404');
  });

  it('fails unauthenticated over HTTP 400', async () => {
    bend = (request) =>
      request.url.startsWith('/v1/') && request.headers['authorization'] !== `Bearer ${TOKEN}`
        ? { status: 400, body: { error: 'unauthenticated', message: 'no valid token' } }
        : undefined;
    const result = await judged();
    assert.strictEqual(result.disposition, 'fail');
    assert.include(result.reason ?? '', 'envelope unauthenticated came with HTTP status 400; the spec maps it to 401');
  });

  it('accepts 400 for an unknown workflow on CreateRun (protocol-digest §8.1) and records it', async () => {
    bend = (request) =>
      request.method === 'POST' && request.url === '/v1/runs' && request.body.includes('rest-status-workflow')
        ? { status: 400, body: { error: 'workflow_not_found', message: 'no such workflow' } }
        : undefined;
    const result = await judged();
    assert.strictEqual(result.disposition, 'pass', result.reason ?? '');
    assert.isTrue(
      result.warnings.some((warning) => warning.includes('answered 400 workflow_not_found')),
      result.warnings.join(' | '),
    );
  });

  it('blocks, never passes, when a probe is answered 503', async () => {
    bend = (request) =>
      request.method === 'POST' && request.url === '/v1/runs' ? { status: 503, body: { error: 'internal_error', message: 'try later' } } : undefined;
    const result = await judged();
    assert.strictEqual(result.disposition, 'blocked');
    assert.include(result.reason ?? '', 'HTTP 503');
  });

  it('blocks when no answer carries an envelope to judge', async () => {
    bend = (request) =>
      request.url.startsWith('/v1/') && !request.url.startsWith('/v1/runs/credentials-probe') ? { status: 404, text: 'not here' } : undefined;
    const result = await judged();
    assert.strictEqual(result.disposition, 'blocked');
    assert.include(result.reason ?? '', 'no probe was answered with an error envelope');
  });
});
