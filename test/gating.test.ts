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

  it('leaves out what --skip names, after --only, naming the glob', () => {
    const skipped = decideApplicability(requirement, {}, { only: ['discovery.*'], skip: ['discovery.grpc-*'], requireBehavior: true, transport: 'grpc' });
    assert.deepEqual(skipped, { kind: 'skipped', reason: 'left out by --skip discovery.grpc-*' });
    assert.isFalse(isSelected(requirement.id, [], ['discovery.grpc-block-endpoint']));
    assert.isTrue(isSelected(requirement.id, [], ['lifecycle.*']));
  });

  it('reads families at the root first, then the legacy capabilities wrapper', () => {
    assert.strictEqual(readCapability({ grpc: { tls: 'required' }, capabilities: { grpc: { tls: 'disabled' } } }, 'grpc.tls'), 'required');
    assert.strictEqual(readCapability({ capabilities: { grpc: { tls: 'disabled' } } }, 'grpc.tls'), 'disabled');
  });

  it('applies a notFalse gate unless the engine says false, and warns when a gated family is not mentioned', () => {
    const bulk: Requirement = { ...requirement, gate: [{ path: 'runs.bulkCancel.supported', test: 'notFalse' }], fixtures: [] };
    assert.deepEqual(decideApplicability(bulk, {}, selectAll), { kind: 'run' });
    const declined = decideApplicability(bulk, { runs: { bulkCancel: { supported: false } } }, selectAll);
    assert.strictEqual(declined.kind, 'inapplicable');
    assert.include(declined.kind === 'inapplicable' ? declined.reason : '', 'runs.bulkCancel.supported is advertised false');
    assert.deepEqual(declined.kind === 'inapplicable' ? declined.warnings : ['x'], []);
    const silent = decideApplicability({ ...requirement, fixtures: [] }, {}, selectAll);
    assert.include(silent.kind === 'inapplicable' ? silent.warnings.join(' ') : '', 'does not mention grpc.endpoint at all');
  });

  it('names what a core requirement needs, and treats another transport as no gap', () => {
    const decision = decideApplicability(requirement, { grpc: {} }, selectAll);
    assert.deepEqual(decision.kind === 'inapplicable' ? decision.missing : [], [
      'advertise grpc.endpoint',
      'preload conformance-noop and list it in fixtures[]',
    ]);
    const grpcOnly: Requirement = { ...requirement, gate: [], fixtures: [], transports: ['grpc'] };
    assert.deepEqual(decideApplicability(grpcOnly, {}, selectAll), { kind: 'run' });
    const elsewhere = decideApplicability(grpcOnly, {}, { ...selectAll, transport: 'rest' });
    assert.strictEqual(elsewhere.kind, 'inapplicable');
    assert.deepEqual(elsewhere.kind === 'inapplicable' ? elsewhere.missing : ['x'], []);
  });

  it('gates on a member of an advertised list, optionally applying when no list is advertised', () => {
    const immediate: Requirement = {
      ...requirement,
      fixtures: [],
      gate: [{ path: 'runs.pauseResume.drainPolicies', test: 'includes', value: 'immediate', unlisted: 'applies' }],
    };
    assert.deepEqual(decideApplicability(immediate, { runs: { pauseResume: { supported: true } } }, selectAll), { kind: 'run' });
    assert.deepEqual(decideApplicability(immediate, { runs: { pauseResume: { drainPolicies: ['immediate', 'drain-current-node'] } } }, selectAll), {
      kind: 'run',
    });
    const unlisted = decideApplicability(immediate, { runs: { pauseResume: { drainPolicies: ['drain-current-node'] } } }, selectAll);
    assert.include(unlisted.kind === 'inapplicable' ? unlisted.reason : '', 'runs.pauseResume.drainPolicies does not list "immediate"');
    assert.deepEqual(unlisted.kind === 'inapplicable' ? unlisted.missing : [], ['list "immediate" in runs.pauseResume.drainPolicies']);
    const strict: Requirement = { ...requirement, fixtures: [], gate: [{ path: 'replay.modes', test: 'includes', value: 'branch' }] };
    assert.strictEqual(decideApplicability(strict, {}, selectAll).kind, 'inapplicable');
  });

  it('applies a transport gate only over its transport', () => {
    const sized: Requirement = { ...requirement, fixtures: [], gate: [], transportGate: { rest: [{ path: 'limits.maxRequestBodyBytes', test: 'present' }] } };
    assert.deepEqual(decideApplicability(sized, {}, selectAll), { kind: 'run' });
    const overRest = decideApplicability(sized, {}, { ...selectAll, transport: 'rest' });
    assert.include(overRest.kind === 'inapplicable' ? overRest.reason : '', 'limits.maxRequestBodyBytes is not advertised (over rest)');
    assert.deepEqual(decideApplicability(sized, { limits: { maxRequestBodyBytes: 10 } }, { ...selectAll, transport: 'rest' }), { kind: 'run' });
  });

  it('matches id globs literally except for *', () => {
    assert.isTrue(idGlobToRegExp('lifecycle.*').test('lifecycle.noop-completes'));
    assert.isFalse(idGlobToRegExp('lifecycle.*').test('lifecycleXnoop'));
    assert.isTrue(isSelected('discovery.grpc-block-tls', ['*.grpc-*']));
    assert.isFalse(isSelected('discovery.grpc-block-tls', ['workflow.*']));
    assert.isTrue(isSelected('anything.at-all', []));
  });
});
