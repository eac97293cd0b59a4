import { assert } from 'chai';
import { decideApplicability, idGlobToRegExp, isSelected, readCapability } from '../harness/verdicts/gating.js';
import type { Requirement } from '../harness/requirements/requirement.js';

const requirement: Requirement = {
  id: 'discovery.grpc-block-endpoint',
  title: 't',
  level: 'MUST',
  area: 'discovery',
  rpcs: ['GetCapabilities'],
  specRef: 's',
  gate: [{ path: 'grpc.endpoint', test: 'present' }],
  fixtures: ['conformance-noop'],
};
const selectAll = { only: [], requireBehavior: false, transport: 'grpc' as const };

describe('capability gating', () => {
  it('runs a requirement whose gate and fixtures are advertised', () => {
    const capabilities = { grpc: { endpoint: 'grpc://x:1' }, fixtures: ['conformance-noop'] };
    assert.deepEqual(decideApplicability(requirement, capabilities, selectAll), { kind: 'run' });
  });

  it('is inapplicable naming every missing path and fixture', () => {
    const decision = decideApplicability(requirement, { fixtures: [] }, selectAll);
    assert.strictEqual(decision.kind, 'inapplicable');
    assert.include(decision.kind === 'inapplicable' ? decision.reason : '', 'grpc.endpoint is not advertised');
    assert.include(decision.kind === 'inapplicable' ? decision.reason : '', 'fixture conformance-noop is not listed');
  });

  it('turns a missing capability into a required failure under --require-behavior', () => {
    const decision = decideApplicability(requirement, {}, { only: [], requireBehavior: true, transport: 'grpc' });
    assert.strictEqual(decision.kind, 'required-but-missing');
  });

  it('applies the user selection before the gate (skipped, with the globs as reason)', () => {
    const decision = decideApplicability(requirement, {}, { only: ['lifecycle.*'], requireBehavior: true, transport: 'grpc' });
    assert.deepEqual(decision, { kind: 'skipped', reason: 'not selected by --only lifecycle.*' });
  });

  it('reads families at the root first, then the legacy capabilities wrapper', () => {
    assert.strictEqual(readCapability({ grpc: { tls: 'required' }, capabilities: { grpc: { tls: 'disabled' } } }, 'grpc.tls'), 'required');
    assert.strictEqual(readCapability({ capabilities: { grpc: { tls: 'disabled' } } }, 'grpc.tls'), 'disabled');
  });

  it('matches id globs literally except for *', () => {
    assert.isTrue(idGlobToRegExp('lifecycle.*').test('lifecycle.noop-completes'));
    assert.isFalse(idGlobToRegExp('lifecycle.*').test('lifecycleXnoop'));
    assert.isTrue(isSelected('discovery.grpc-block-tls', ['*.grpc-*']));
    assert.isFalse(isSelected('discovery.grpc-block-tls', ['workflow.*']));
    assert.isTrue(isSelected('anything.at-all', []));
  });
});
