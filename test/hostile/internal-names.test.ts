import { assert } from 'chai';
import { tidyClientDetails } from '../../harness/transport/wire-mapping.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { classifyError } from '../../harness/verdicts/result-collector.js';

describe('no internal names or library wording in messages', () => {
  it('says whose deadline and cancellation grpc-js reported, and keeps an engine\'s own message', () => {
    assert.strictEqual(tidyClientDetails(GrpcCode.DEADLINE_EXCEEDED, 'Deadline exceeded after 10.002s,LB pick: 0.001s,remote_addr=127.0.0.1:50051'), "no answer within the suite's call deadline");
    assert.strictEqual(tidyClientDetails(GrpcCode.CANCELLED, 'Cancelled on client'), 'cancelled by the suite');
    assert.strictEqual(tidyClientDetails(GrpcCode.DEADLINE_EXCEEDED, 'workflow step timed out'), 'workflow step timed out');
    assert.strictEqual(tidyClientDetails(GrpcCode.NOT_FOUND, 'Deadline exceeded after 1s'), 'Deadline exceeded after 1s');
  });

  it('turns mocha\'s timeout into the suite\'s own words, without "done()"', () => {
    const timeout = Object.assign(new Error('Timeout of 150000ms exceeded. For async tests and hooks, ensure "done()" is called; if returning a Promise, ensure it resolves.'), { code: 'ERR_MOCHA_TIMEOUT', timeout: 150_000 });
    const classified = classifyError(timeout);
    assert.strictEqual(classified.disposition, 'blocked');
    assert.strictEqual(classified.reason, "the check outran the suite's safety timeout of 150 s (the suite's bound, not the spec's)");
    assert.notInclude(classified.reason, 'done()');
  });
});
