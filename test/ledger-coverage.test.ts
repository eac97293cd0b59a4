import { assert } from 'chai';
import { computeCoverage, coverageTables, shares, standingOf } from '../harness/ledger/coverage.js';
import type { SpecLedger, SpecStatement } from '../harness/ledger/spec-ledger.js';
import type { Requirement } from '../harness/requirements/requirement.js';
import { coverageMarkdown, exercisedRequirements } from '../reporters/coverage-section.js';
import type { ComplianceReport, RequirementResult } from '../harness/verdicts/results.js';

const requirement = (id: string, transports?: Requirement['transports']): Requirement => ({
  id,
  title: id,
  level: 'MUST',
  area: 'stream',
  rpcs: ['StreamRunEvents'],
  specRef: 'x',
  ...(transports && { transports }),
});

const statement = (id: string, extra: Partial<SpecStatement>): SpecStatement => ({
  id,
  doc: 'spec/v1/stream-modes.md',
  section: 's',
  level: 'MUST',
  surfaces: 'both',
  paraphrase: 'p',
  area: 'stream',
  verified: false,
  ...extra,
});

const ledger: SpecLedger = {
  about: 'test',
  specRepository: 'openwop/openwop',
  beyondSpec: [],
  statements: [
    statement('stream-modes.full', { provedBy: [{ requirement: 'stream.a', extent: 'full', part: 'all' }] }),
    statement('stream-modes.partial', {
      provedBy: [
        { requirement: 'stream.b', extent: 'partial', part: 'some' },
        { requirement: 'stream.grpc-only', extent: 'full', part: 'all' },
      ],
    }),
    statement('stream-modes.untested', {}),
    statement('stream-modes.untestable', { untestable: "needs the engine's insides" }),
    statement('stream-modes.rest-should', { level: 'SHOULD', surfaces: 'rest', provedBy: [{ requirement: 'stream.a', extent: 'full', part: 'all' }] }),
  ],
};
const requirements = [requirement('stream.a'), requirement('stream.b'), requirement('stream.grpc-only', ['grpc'])];

describe('spec coverage figures', () => {
  it('a statement is proved by one full proof, partial by partial proofs only, and untestable wins', () => {
    const all = (): boolean => true;
    assert.equal(standingOf(ledger.statements[0] as SpecStatement, all), 'proved');
    assert.equal(
      standingOf(ledger.statements[1] as SpecStatement, (id) => id === 'stream.b'),
      'partial',
    );
    assert.equal(standingOf(ledger.statements[2] as SpecStatement, all), 'untested');
    assert.equal(standingOf(ledger.statements[3] as SpecStatement, all), 'untestable');
  });

  it('holds each transport to its own statements and requirements', () => {
    const grpc = coverageTables({ ledger, requirements, transport: 'grpc' });
    assert.deepEqual(grpc.suite.MUST, { total: 4, proved: 2, partial: 0, untested: 1, untestable: 1 });
    assert.equal(grpc.suite.SHOULD.total, 0, 'a REST-only statement does not count over gRPC');
    const rest = coverageTables({ ledger, requirements, transport: 'rest' });
    assert.deepEqual(rest.suite.MUST, { total: 4, proved: 1, partial: 1, untested: 1, untestable: 1 }, 'a gRPC-only requirement proves nothing over REST');
    assert.equal(rest.suite.SHOULD.proved, 1);
  });

  it('this run counts only requirements exercised (pass or fail), the suite figure all of them', () => {
    const results = [
      { requirementId: 'stream.a', disposition: 'fail' },
      { requirementId: 'stream.b', disposition: 'blocked' },
      { requirementId: 'stream.grpc-only', disposition: 'inapplicable' },
    ] as RequirementResult[];
    const exercised = exercisedRequirements(results);
    assert.deepEqual([...exercised], ['stream.a']);
    const coverage = computeCoverage({ ledger, requirements, transport: 'grpc', exercised });
    assert.equal(coverage.suite.MUST.proved, 2);
    assert.deepEqual(coverage.run?.MUST, { total: 4, proved: 1, partial: 0, untested: 2, untestable: 1 });
    assert.equal(coverage.byArea[0]?.area, 'stream');
    const share = shares(coverage.suite.MUST);
    assert.closeTo(share.full, 0.5, 1e-9);
  });

  it("summary.md prints the MUST line and the level table from the report's coverage", () => {
    const coverage = computeCoverage({ ledger, requirements, transport: 'grpc', exercised: new Set(['stream.a']) });
    const lines = coverageMarkdown({ coverage } as ComplianceReport).join('\n');
    assert.include(lines, 'MUST: 2/4 fully (50 %), 2/4 at least in part (50 %), 1 untested, 1 not testable');
    assert.include(lines, '| MUST | 4 | 2 | 0 | 1 | 1 | 1 / 0 |');
    assert.deepEqual(coverageMarkdown({} as ComplianceReport), [], 'a report without coverage prints nothing');
  });
});
