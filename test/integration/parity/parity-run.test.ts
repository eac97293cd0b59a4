import { randomBytes } from 'node:crypto';
import { assert } from 'chai';
import { runConformance } from '../../../harness/runner/conformance-run.js';
import type { RunDependencies, RunOptions } from '../../../harness/runner/conformance-run.js';
import { SchemaId } from '../../../harness/schemas/schema-ids.js';
import { sharedSchemaRegistry } from '../../../harness/schemas/schema-registry.js';
import { decorateClient } from '../../../harness/transport/decorate-client.js';
import type { EngineClient, EventStream, RunEvent } from '../../../harness/transport/engine-client.js';
import { RpcError } from '../../../harness/transport/rpc-error.js';
import { isJsonObject } from '../../../harness/support/json.js';
import type { JsonValue } from '../../../harness/support/json.js';
import type { RequirementResult } from '../../../harness/verdicts/results.js';
import { startReferenceEngine } from '../../../fixtures/reference-engine/index.js';
import { renderConsoleSummary } from '../../../reporters/console-summary.js';
import type { RunningReferenceEngine } from '../../../fixtures/reference-engine/index.js';

/**
 * The parity area end to end, through the run API: two gRPC channels to one reference engine stand
 * in for its two surfaces (the second is handed over as --rest), so everything must agree. Then one
 * surface is altered on the client side, one way per requirement, to prove each check fails on a
 * difference and says where it is.
 */
describe('parity area against one engine over two channels', function () {
  this.timeout(60_000);
  const token = randomBytes(16).toString('hex');
  const limitedToken = randomBytes(16).toString('hex');
  let engine: RunningReferenceEngine;

  before(async () => {
    engine = await startReferenceEngine({ token, limitedToken });
  });
  after(async () => {
    await engine.stop();
  });

  const options = (overrides: Partial<RunOptions> = {}): RunOptions => ({
    target: engine.url,
    rest: engine.url,
    token,
    limitedToken,
    only: ['parity.*', 'discovery.*'],
    requireBehavior: false,
    timeoutScale: 1,
    faults: [],
    ...overrides,
  });
  const result = (results: readonly RequirementResult[], id: string): RequirementResult => {
    const found = results.find((entry) => entry.requirementId === id);
    assert.exists(found, id);
    return found;
  };
  /** Runs one parity requirement with the peer altered by `decoration`. */
  const withAlteredPeer = async (id: string, alter: (inner: EngineClient) => EngineClient): Promise<RequirementResult> => {
    const dependencies: RunDependencies = { wrapPeer: alter };
    const { report } = await runConformance(options({ only: [id] }), dependencies);
    return result(report.results, id);
  };

  it("passes every parity requirement and records each result's transport", async () => {
    const { report, exitCode } = await runConformance(options());
    const parity = report.results.filter((entry) => entry.area === 'parity');
    assert.lengthOf(parity, 4);
    for (const entry of parity) {
      assert.strictEqual(entry.disposition, 'pass', `${entry.requirementId}: ${entry.reason}`);
      assert.isAbove(entry.assertions, 0);
      assert.strictEqual(entry.transport, 'grpc+rest');
    }
    assert.isTrue(report.results.filter((entry) => entry.area === 'discovery').every((entry) => entry.transport === 'grpc' && entry.disposition === 'pass'));
    assert.include(result(report.results, 'parity.error-envelope-equal').warnings.join('\n'), 'protocol-digest §8.1');
    assert.deepEqual(report.target.peer, { url: engine.url, surface: 'rest', source: 'flag' });
    assert.include(renderConsoleSummary(report, undefined), `  compared with its rest surface at ${engine.url} (--rest)`);
    assert.deepEqual(sharedSchemaRegistry().validate(SchemaId.complianceReport, report), []);
    assert.strictEqual(exitCode, 0);
  });

  it('fails capabilities-equal field by field when one surface advertises another limit', async () => {
    const entry = await withAlteredPeer('parity.capabilities-equal', (inner) =>
      decorateClient(inner, {
        async unary(rpc, _request, callOptions, send) {
          const reply = await send(callOptions);
          if (rpc !== 'GetCapabilities' || !isJsonObject(reply) || !isJsonObject(reply['capabilities'])) return reply;
          const capabilities = reply['capabilities'];
          const limits = isJsonObject(capabilities['limits']) ? capabilities['limits'] : {};
          return { ...reply, capabilities: { ...capabilities, limits: { ...limits, maxRequestBodyBytes: 2097152 } } };
        },
      }),
    );
    assert.strictEqual(entry.disposition, 'fail');
    assert.match(entry.reason ?? '', /^capabilities differ at limits\.maxRequestBodyBytes: grpc (\d+|\(absent\)), rest 2097152$/);
  });

  it('fails run-observed-identically naming the event field that differs', async () => {
    const shift = (event: RunEvent): RunEvent => (event.sequence === 0 ? { ...event, type: `${event.type}.altered` } : event);
    const entry = await withAlteredPeer('parity.run-observed-identically', (inner) =>
      decorateClient(inner, {
        stream(request, callOptions, open): EventStream {
          const stream = open(callOptions);
          return {
            ended: stream.ended,
            cancel: () => stream.cancel(),
            async *[Symbol.asyncIterator]() {
              for await (const event of stream) yield shift(event);
            },
          };
        },
      }),
    );
    assert.strictEqual(entry.disposition, 'fail');
    assert.include(entry.reason ?? '', 'differs');
    assert.match(entry.reason ?? '', /events\[0\]\.type: grpc "[a-z.]+", rest "[a-z.]+\.altered"/);
  });

  it('fails error-envelope-equal on different details, and only warns on a different message', async () => {
    const rewrap = (error: RpcError, envelope: Record<string, unknown>): RpcError =>
      new RpcError({
        rpc: error.rpc,
        code: error.code,
        statusMessage: error.statusMessage,
        trailers: error.trailers,
        envelope: JSON.parse(JSON.stringify(envelope)) as JsonValue,
        envelopeProblem: undefined,
      });
    const altering = (change: (envelope: Record<string, unknown>) => Record<string, unknown>) => (inner: EngineClient) =>
      decorateClient(inner, {
        async unary(_rpc, _request, callOptions, send) {
          try {
            return await send(callOptions);
          } catch (error) {
            if (error instanceof RpcError && isJsonObject(error.envelope)) throw rewrap(error, change(error.envelope));
            throw error;
          }
        },
      });
    const details = await withAlteredPeer(
      'parity.error-envelope-equal',
      altering((envelope) => ({ ...envelope, details: { surface: 'rest' } })),
    );
    assert.strictEqual(details.disposition, 'fail');
    assert.include(details.reason ?? '', 'differs');
    assert.include(details.reason ?? '', 'GetRun of an unknown run: envelope details');
    const message = await withAlteredPeer(
      'parity.error-envelope-equal',
      altering((envelope) => ({ ...envelope, message: 'said otherwise' })),
    );
    assert.strictEqual(message.disposition, 'pass');
    assert.include(message.warnings.join('\n'), 'the envelope messages differ (display-only');
  });

  it('fails error-envelope-equal when the REST status does not stand for the gRPC code, and passes when it does', async () => {
    // A REST client keeps the native status on its RpcError (httpStatus); mapped by envelope, the code still agrees.
    const withHttp = (status: number) => (inner: EngineClient) =>
      decorateClient(inner, {
        async unary(_rpc, _request, callOptions, send) {
          try {
            return await send(callOptions);
          } catch (error) {
            if (error instanceof RpcError) Object.assign(error, { httpStatus: status });
            throw error;
          }
        },
      });
    const wrong = await withAlteredPeer('parity.error-envelope-equal', withHttp(400));
    assert.strictEqual(wrong.disposition, 'fail');
    assert.include(wrong.reason ?? '', 'GetRun of an unknown run: status grpc NOT_FOUND stands for HTTP 404 or 410, rest answered HTTP 400');
    const right = await withAlteredPeer('parity.error-envelope-equal', withHttp(404));
    assert.strictEqual(right.disposition, 'pass', right.reason ?? '');
  });

  it('fails auth-outcomes-agree when one surface serves a call without a token', async () => {
    const entry = await withAlteredPeer('parity.auth-outcomes-agree', (inner) =>
      decorateClient(inner, {
        // The altered surface drops whatever credential the check presents and sends the suite's own.
        unary: (_rpc, _request, callOptions, send) => {
          const withoutToken = { ...callOptions };
          delete withoutToken.token;
          return send(withoutToken);
        },
      }),
    );
    assert.strictEqual(entry.disposition, 'fail');
    assert.include(entry.reason ?? '', 'disagree');
    assert.include(entry.reason ?? '', 'GetRun without a token: grpc UNAUTHENTICATED');
  });

  it('blocks parity, and nothing else, when the surface given by --rest does not answer', async () => {
    const { report } = await runConformance(options({ rest: 'grpc://127.0.0.1:1' }));
    for (const entry of report.results.filter((item) => item.area === 'parity')) assert.strictEqual(entry.disposition, 'blocked', entry.requirementId);
    assert.isTrue(report.results.filter((entry) => entry.area === 'discovery').every((entry) => entry.disposition === 'pass'));
  });
});
