import { expect } from 'chai';
import { isolationOf, startOrder } from '../../harness/runner/check-isolation.js';
import { REQUIREMENTS } from '../../harness/requirements/registry.js';
import type { Area, Requirement } from '../../harness/requirements/requirement.js';

const requirement = (id: string, area: Area, fixtures: string[] = []): Requirement => ({ id, title: id, level: 'MUST', area, rpcs: ['GetRun'], specRef: 'test', fixtures });
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
    expect(ids(startOrder(entries, 1))).to.deep.equal(ids(entries));
  });

  it('with more, starts the slowest fixtures first (ties in serial order), then the rest, then the exclusive checks one after another', () => {
    expect(ids(startOrder(entries, 8))).to.deep.equal(['lifecycle.slow', 'stream.slow', 'lifecycle.multi', 'lifecycle.quick', 'stream.none', 'webhook.alone', 'audit.alone']);
  });

  it('over the real registry: every check once, the exclusive ones last and in serial order', () => {
    const real = REQUIREMENTS.all.map((entry) => ({ requirement: entry }));
    const ordered = ids(startOrder(real, 8));
    expect([...ordered].sort()).to.deep.equal(ids(real).sort());
    const exclusive = ids(real.filter((entry) => isolationOf(entry.requirement).exclusive === true));
    expect(exclusive).to.have.length(17);
    expect(ordered.slice(-exclusive.length)).to.deep.equal(exclusive);
    // The one check in the input area that sends nothing hostile is not held back with the rest.
    expect(exclusive).to.not.include('input.deadline-leaves-no-side-effect');
    expect(ordered.indexOf('input.deadline-leaves-no-side-effect')).to.be.below(ordered.length - exclusive.length);
  });
});
