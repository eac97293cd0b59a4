import { assert } from 'chai';
import { tidyClientDetails } from '../../harness/transport/wire-mapping.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';

describe('no internal names or library wording in messages', () => {
  it("says whose deadline and cancellation grpc-js reported, and keeps an engine's own message", () => {
    assert.strictEqual(
      tidyClientDetails(GrpcCode.DEADLINE_EXCEEDED, 'Deadline exceeded after 10.002s,LB pick: 0.001s,remote_addr=127.0.0.1:50051'),
      "no answer within the suite's call deadline",
    );
    assert.strictEqual(tidyClientDetails(GrpcCode.CANCELLED, 'Cancelled on client'), 'cancelled by the suite');
    assert.strictEqual(tidyClientDetails(GrpcCode.DEADLINE_EXCEEDED, 'workflow step timed out'), 'workflow step timed out');
    assert.strictEqual(tidyClientDetails(GrpcCode.NOT_FOUND, 'Deadline exceeded after 1s'), 'Deadline exceeded after 1s');
  });
});
