import { assert } from 'chai';
import { FAULTS, TOLERATED_VARIANTS } from '../fixtures/reference-engine/faults/fault-catalogue.js';
import { REQUIREMENTS, RequirementRegistry } from '../harness/requirements/registry.js';
import { AREAS } from '../harness/requirements/requirement.js';
import { RPC_NAMES } from '../harness/transport/rpc-names.js';
import { catalogueProblems } from '../harness/selftest/kill-judgement.js';
import { ALL_CHECKS } from '../suites/index.js';

describe('requirement registry', () => {
  // Exact counts: adding or dropping a requirement is a decision, and this is where it is recorded.
  it('holds exactly 167 requirements (156 MUST, 11 SHOULD), each area its own count', () => {
    const perArea = Object.fromEntries(AREAS.map((area) => [area, REQUIREMENTS.all.filter((requirement) => requirement.area === area).length]));
    assert.deepEqual(perArea, {
      discovery: 12,
      workflow: 4,
      lifecycle: 25,
      stream: 25,
      errors: 7,
      auth: 7,
      idempotency: 8,
      input: 5,
      interrupt: 20,
      artifact: 4,
      webhook: 10,
      audit: 4,
      fork: 10,
      pause: 10,
      rest: 12,
      parity: 4,
    });
    assert.lengthOf(REQUIREMENTS.all, 167);
    assert.deepEqual(
      {
        MUST: REQUIREMENTS.all.filter((requirement) => requirement.level === 'MUST').length,
        SHOULD: REQUIREMENTS.all.filter((requirement) => requirement.level === 'SHOULD').length,
      },
      { MUST: 156, SHOULD: 11 },
    );
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
    assert.sameMembers(
      checkIds,
      REQUIREMENTS.all.map((requirement) => requirement.id),
    );
    assert.strictEqual(new Set(checkIds).size, checkIds.length, 'no requirement has two checks');
  });

  it('rejects malformed, misfiled and duplicate ids, naming the entry', () => {
    const base = { title: 't', level: 'MUST' as const, area: 'lifecycle' as const, rpcs: ['GetRun' as const], specRef: 's' };
    assert.throws(() => new RequirementRegistry([{ ...base, id: 'Lifecycle.Bad' }]), /malformed id "Lifecycle.Bad"/);
    assert.throws(() => new RequirementRegistry([{ ...base, id: 'discovery.thing' }]), /filed under area "lifecycle"/);
    assert.throws(
      () =>
        new RequirementRegistry([
          { ...base, id: 'lifecycle.a' },
          { ...base, id: 'lifecycle.a' },
        ]),
      /declared twice/,
    );
  });
});

describe('fault catalogue', () => {
  it('has exactly 199 uniquely named faults and 51 uniquely named tolerated variants', () => {
    assert.lengthOf(FAULTS, 199);
    assert.strictEqual(new Set(FAULTS.map((fault) => fault.name)).size, FAULTS.length);
    assert.lengthOf(TOLERATED_VARIANTS, 51);
    assert.strictEqual(new Set(TOLERATED_VARIANTS.map((variant) => variant.name)).size, TOLERATED_VARIANTS.length);
  });

  it('names only registered requirements, gives every kill a reason and covers every requirement', () => {
    assert.deepEqual(catalogueProblems(FAULTS), []);
  });

  it('reports a MUST requirement that no fault kills', () => {
    const withoutNoopFault = FAULTS.filter((fault) => !fault.kills.some((kill) => kill.requirement === 'lifecycle.noop-completes'));
    assert.include(catalogueProblems(withoutNoopFault).join('\n'), 'lifecycle.noop-completes has no fault');
  });
});
