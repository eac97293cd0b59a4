import { assert } from 'chai';
import { isolationOf, startOrder } from '../../harness/runner/check-isolation.js';
import { REQUIREMENTS } from '../../harness/requirements/registry.js';
import type { Area, Requirement } from '../../harness/requirements/requirement.js';

const requirement = (id: string, area: Area, fixtures: string[] = []): Requirement => ({
  id,
  title: id,
  level: 'MUST',
  area,
  rpcs: ['GetRun'],
  specRef: 'test',
  fixtures,
});
const ids = (entries: readonly { requirement: Requirement }[]): string[] => entries.map((entry) => entry.requirement.id);

describe('perf: the order checks start in (--jobs)', () => {
  const entries = [
    requirement('lifecycle.quick', 'lifecycle', ['conformance-noop']),
    requirement('webhook.alone', 'webhook'),
    requirement('lifecycle.slow', 'lifecycle', ['conformance-delay']),
    requirement('stream.none', 'stream'),
    requirement('audit.alone', 'audit'),
    requirement('lifecycle.multi', 'lifecycle', ['conformance-multi-node']),
    requirement('stream.slow', 'stream', ['conformance-delay']),
  ].map((entry) => ({ requirement: entry }));

  it('is the serial order with one job', () => {
    assert.deepEqual(ids(startOrder(entries, 1)), ids(entries));
  });

  it('with more, starts the slowest fixtures first (ties in serial order), then the rest, then the exclusive checks one after another', () => {
    assert.deepEqual(ids(startOrder(entries, 8)), [
      'lifecycle.slow',
      'stream.slow',
      'lifecycle.multi',
      'lifecycle.quick',
      'stream.none',
      'webhook.alone',
      'audit.alone',
    ]);
  });

  it('over the real registry: every check once, the exclusive ones last and in serial order', () => {
    const real = REQUIREMENTS.all.map((entry) => ({ requirement: entry }));
    const ordered = ids(startOrder(real, 8));
    assert.deepEqual([...ordered].sort(), ids(real).sort());
    const exclusive = ids(real.filter((entry) => isolationOf(entry.requirement).exclusive === true));
    assert.lengthOf(exclusive, 18);
    assert.deepEqual(ordered.slice(-exclusive.length), exclusive);
    // The one check in the input area that sends nothing hostile is not held back with the rest.
    assert.notInclude(exclusive, 'input.deadline-leaves-no-side-effect');
    assert.isBelow(ordered.indexOf('input.deadline-leaves-no-side-effect'), ordered.length - exclusive.length);
  });
});
