import { expect } from 'chai';
import { reproCommand } from '../../../harness/verdicts/curl-repro.js';
import { reproTargetFor } from '../../../harness/verdicts/repro.js';

describe('repro lines for REST targets', () => {
  const target = reproTargetFor({ target: 'http://127.0.0.1:8080', faults: [] }, 'http://127.0.0.1:8080', true);

  it('a unary RPC becomes curl with its method, path, headers and JSON body; the token by variable', () => {
    const command = reproCommand(target, 'CreateRun', { workflowId: 'wf', inputs: { a: "it's" }, idempotencyKey: 'k1' });
    expect(command).to.equal(
      `curl -sS -i -H "authorization: Bearer $OPENWOP_TOKEN" -X POST -H 'idempotency-key: k1' -H 'content-type: application/json' -d '{"workflowId":"wf","inputs":{"a":"it'\\''s"}}' http://127.0.0.1:8080/v1/runs`,
    );
  });

  it('StreamRunEvents becomes the SSE request with Last-Event-ID and the mode query', () => {
    const command = reproCommand(target, 'StreamRunEvents', { runId: 'r1', lastSequence: 3, streamModes: ['debug'] });
    expect(command).to.equal(`curl -sS -i -H "authorization: Bearer $OPENWOP_TOKEN" -N -H 'accept: text/event-stream' -H 'last-event-id: 3' 'http://127.0.0.1:8080/v1/runs/r1/events?streamMode=debug'`);
  });

  it('gRPC targets get the suite\'s own call, with grpcurl named as a separate install', () => {
    const grpc = reproTargetFor({ target: 'grpc://127.0.0.1:50051', faults: [] }, 'grpc://127.0.0.1:50051', false);
    expect(reproCommand(grpc, 'GetRun', { runId: 'r1' })).to.match(/^node \S+openwop-conformance\.js call --target grpc:\/\/127\.0\.0\.1:50051 GetRun '\{"runId":"r1"\}' {2}# or, with grpcurl installed \(not bundled with the suite\): grpcurl -plaintext /);
  });
});
