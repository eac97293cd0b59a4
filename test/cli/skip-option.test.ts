import { assert } from 'chai';
import { checkRunOptions } from '../../harness/cli/run-options-check.js';
import { UsageError } from '../../harness/support/usage-error.js';
import type { RunOptions } from '../../harness/runner/run-options.js';

// --skip leaves requirements out after --only; a glob that leaves nothing out is a typo, as for --only.
const base: RunOptions = { target: 'reference', only: [], requireBehavior: false, timeoutScale: 1, faults: [] };

describe('--skip', () => {
  it('accepts globs that name requirements', () => {
    assert.doesNotThrow(() => checkRunOptions({ ...base, skip: ['webhook.register-ssrf-*', 'lifecycle.*'] }));
  });

  it('refuses a glob that matches no requirement, naming it', () => {
    assert.throws(() => checkRunOptions({ ...base, skip: ['lifecycle.*', 'webhooks.nope-*'] }), UsageError, /--skip webhooks\.nope-\* matches no requirement/);
  });
});
