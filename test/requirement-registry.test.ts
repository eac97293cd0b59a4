import { assert } from 'chai';
import { FAULTS } from '../fixtures/reference-engine/faults/fault-catalogue.js';
import { REQUIREMENTS, RequirementRegistry } from '../harness/requirements/registry.js';
import { AREAS } from '../harness/requirements/requirement.js';
import { RPC_NAMES } from '../harness/transport/rpc-names.js';
import { catalogueProblems } from '../harness/selftest/kill-judgement.js';
import { ALL_CHECKS } from '../suites/index.js';

describe('requirement registry', () => {
  it('holds at least 30 requirements across discovery, workflow and lifecycle', () => {
    assert.isAtLeast(REQUIREMENTS.all.length, 30);
    for (const area of AREAS) assert.isAbove(REQUIREMENTS.all.filter((requirement) => requirement.area === area).length, 0, area);
  });

  it('names only real RPCs, and every requirement has a title and a spec reference', () => {
    for (const requirement of REQUIREMENTS.all) {
      assert.isNotEmpty(requirement.rpcs, requirement.id);
      for (const rpc of requirement.rpcs) assert.include(RPC_NAMES, rpc, requirement.id);
      assert.isNotEmpty(requirement.title, requirement.id);
      assert.isNotEmpty(requirement.specRef, requirement.id);
    }
  });

  it('has exactly one check per requirement and no check for an unknown id', () => {
    const checkIds = ALL_CHECKS.map((check) => check.requirementId);
    assert.sameMembers(checkIds, REQUIREMENTS.all.map((requirement) => requirement.id));
    assert.strictEqual(new Set(checkIds).size, checkIds.length, 'no requirement has two checks');
  });

  it('rejects malformed, misfiled and duplicate ids, naming the entry', () => {
    const base = { title: 't', level: 'MUST' as const, area: 'lifecycle' as const, rpcs: ['GetRun' as const], specRef: 's' };
    assert.throws(() => new RequirementRegistry([{ ...base, id: 'Lifecycle.Bad' }]), /malformed id "Lifecycle.Bad"/);
    assert.throws(() => new RequirementRegistry([{ ...base, id: 'discovery.thing' }]), /filed under area "lifecycle"/);
    assert.throws(() => new RequirementRegistry([{ ...base, id: 'lifecycle.a' }, { ...base, id: 'lifecycle.a' }]), /declared twice/);
  });
});

describe('fault catalogue', () => {
  it('has at least 20 uniquely named faults', () => {
    assert.isAtLeast(FAULTS.length, 20);
    assert.strictEqual(new Set(FAULTS.map((fault) => fault.name)).size, FAULTS.length);
  });

  it('names only registered requirements, gives every kill a reason and covers every requirement', () => {
    assert.deepEqual(catalogueProblems(FAULTS), []);
  });

  it('reports a MUST requirement that no fault kills', () => {
    const withoutNoopFault = FAULTS.filter((fault) => !fault.kills.some((kill) => kill.requirement === 'lifecycle.noop-completes'));
    assert.include(catalogueProblems(withoutNoopFault).join('\n'), 'lifecycle.noop-completes has no fault');
  });
});
