import { assert } from 'chai';
import { reproFor } from '../../../harness/runner/rest-request-view.js';
import { reproTargetFor } from '../../../harness/verdicts/repro.js';

describe('repro lines for REST targets', () => {
  const target = reproTargetFor({ target: 'http://127.0.0.1:8080', faults: [] }, 'http://127.0.0.1:8080', true);

  it('a unary RPC becomes curl with its method, path, headers and JSON body; the token by variable', () => {
    const command = reproFor(target)('CreateRun', { workflowId: 'wf', inputs: { a: "it's" }, idempotencyKey: 'k1' });
    assert.strictEqual(
      command,
      `curl -sS -i -H "authorization: Bearer $OPENWOP_TOKEN" -X POST -H 'idempotency-key: k1' -H 'content-type: application/json' -d '{"workflowId":"wf","inputs":{"a":"it'\\''s"}}' http://127.0.0.1:8080/v1/runs`,
    );
  });

  it('StreamRunEvents becomes the SSE request with Last-Event-ID and the mode query', () => {
    const command = reproFor(target)('StreamRunEvents', { runId: 'r1', lastSequence: 3, streamModes: ['debug'] });
    assert.strictEqual(
      command,
      `curl -sS -i -H "authorization: Bearer $OPENWOP_TOKEN" -N -H 'accept: text/event-stream' -H 'last-event-id: 3' 'http://127.0.0.1:8080/v1/runs/r1/events?streamMode=debug'`,
    );
  });

  it("gRPC targets get the suite's own call, with grpcurl named as a separate install", () => {
    const grpc = reproTargetFor({ target: 'grpc://127.0.0.1:50051', faults: [] }, 'grpc://127.0.0.1:50051', false);
    assert.match(
      reproFor(grpc)('GetRun', { runId: 'r1' }),
      /^node \S+openwop-conformance\.js call --target grpc:\/\/127\.0\.0\.1:50051 GetRun '\{"runId":"r1"\}' {2}# or, with grpcurl installed \(not bundled with the suite\): grpcurl -plaintext /,
    );
  });
});
