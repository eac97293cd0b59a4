import { assert } from 'chai';
import { RunTenancy } from '../../fixtures/reference-engine/tenant-scope.js';

describe('reference engine: tenant scope of runs', () => {
  it("refuses another tenant's run as unknown, both ways, and lets each tenant use its own", () => {
    const tenancy = new RunTenancy(true);
    tenancy.adopt('other', { run_id: 'run_b' });
    tenancy.adopt('primary', { run_id: 'run_a' });
    assert.throws(() => tenancy.check('other', { run_id: 'run_a' }), /does not exist/);
    assert.throws(() => tenancy.check('primary', { run_id: 'run_b' }), /does not exist/);
    assert.doesNotThrow(() => tenancy.check('other', { run_id: 'run_b' }));
    assert.doesNotThrow(() => tenancy.check('primary', { run_id: 'run_a' }));
    assert.doesNotThrow(() => tenancy.check('other', { workflow_id: 'conformance-noop' }), 'a request naming no run is not scoped');
  });

  it('records forked runs for their creator, and the not-isolated fault checks nothing', () => {
    const tenancy = new RunTenancy(true);
    tenancy.adopt('other', { forked_run_id: 'run_f' });
    assert.doesNotThrow(() => tenancy.check('other', { run_id: 'run_f' }));
    const open = new RunTenancy(false);
    assert.doesNotThrow(() => open.check('other', { run_id: 'run_a' }));
  });
});
