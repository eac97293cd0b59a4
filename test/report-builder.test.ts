import { assert } from 'chai';
import type { RequirementResult } from '../harness/verdicts/results.js';
import { decideVerdict, summarize } from '../reporters/report-builder.js';

const result = (disposition: RequirementResult['disposition'], level: 'MUST' | 'SHOULD' = 'MUST'): RequirementResult => ({
  requirementId: 'lifecycle.x',
  title: 't',
  level,
  area: 'lifecycle',
  rpc: ['GetRun'],
  specRef: 's',
  disposition,
  reason: disposition === 'pass' ? null : 'why',
  assertions: 1,
  durationMs: 1,
  warnings: [],
});

describe('verdict', () => {
  const verdictOf = (results: RequirementResult[], connectionError: string | null = null) =>
    decideVerdict(summarize(results), results, connectionError).verdict;

  it('is conformant when every exercised MUST passed, even with SHOULD failures', () => {
    assert.strictEqual(verdictOf([result('pass'), result('fail', 'SHOULD'), result('inapplicable')]), 'conformant');
  });

  it('is non-conformant on a MUST failure, even when evidence is missing elsewhere', () => {
    assert.strictEqual(verdictOf([result('pass'), result('fail')]), 'non-conformant');
    assert.strictEqual(verdictOf([result('fail'), result('blocked')]), 'non-conformant');
    assert.strictEqual(decideVerdict(summarize([result('fail')]), [result('fail')], null, ['preload conformance-noop']).verdict, 'non-conformant');
  });

  it('is incomplete, never conformant, on a blocked MUST, an unreachable engine, a core gap, or when nothing passed', () => {
    assert.strictEqual(verdictOf([result('pass'), result('blocked')]), 'incomplete');
    assert.strictEqual(verdictOf([result('blocked')], 'cannot reach grpc://x:1'), 'incomplete');
    assert.strictEqual(verdictOf([result('inapplicable'), result('skipped')]), 'incomplete');
    const gap = decideVerdict(summarize([result('pass')]), [result('pass')], null, [
      'preload conformance-noop and list it in fixtures[] (needed by core requirement lifecycle.x)',
    ]);
    assert.strictEqual(gap.verdict, 'incomplete');
    assert.deepEqual(gap.causes, ['preload conformance-noop and list it in fixtures[] (needed by core requirement lifecycle.x)']);
    const blocked = decideVerdict(summarize([result('blocked')]), [result('blocked')], null);
    assert.deepEqual(blocked.causes, ['lifecycle.x: why']);
  });

  it('counts dispositions and MUST/SHOULD failures separately', () => {
    const summary = summarize([
      result('pass'),
      result('fail'),
      result('fail', 'SHOULD'),
      result('blocked'),
      result('skipped'),
      result('inapplicable'),
      result('error'),
    ]);
    assert.deepEqual(summary, { total: 7, pass: 1, fail: 2, inapplicable: 1, skipped: 1, blocked: 1, error: 1, mustFailures: 1, shouldFailures: 1 });
  });

  it('calls a run with a suite error incomplete under the headline "suite error", never conformant and never the engine\'s failure', () => {
    const decided = decideVerdict(summarize([result('pass'), result('error')]), [result('pass'), result('error')], null);
    assert.strictEqual(decided.verdict, 'incomplete');
    assert.match(decided.reason, /^suite error: 1 requirement\(s\) ended in an exception inside the suite's own code/);
    assert.deepEqual(decided.causes, ['lifecycle.x: why']);
    // A MUST failure stays the engine's evidence, and the suite error is still named.
    const both = decideVerdict(summarize([result('fail'), result('error')]), [result('fail'), result('error')], null);
    assert.strictEqual(both.verdict, 'non-conformant');
    assert.include(both.reason, '1 suite error(s)');
  });
});
