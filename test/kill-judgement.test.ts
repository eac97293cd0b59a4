import { assert } from 'chai';
import { judgeFault, judgeTolerated } from '../harness/selftest/kill-judgement.js';
import type { Fault, ToleratedVariant } from '../fixtures/reference-engine/faults/fault-catalogue.js';
import type { ComplianceReport, RequirementResult } from '../harness/verdicts/results.js';

const result = (requirementId: string, disposition: RequirementResult['disposition'], reason: string | null = null): RequirementResult => ({
  requirementId,
  title: 't',
  level: 'MUST',
  area: 'lifecycle',
  rpc: ['GetRun'],
  specRef: 's',
  disposition,
  reason,
  assertions: 1,
  durationMs: 1,
  warnings: [],
});

const report = (verdict: ComplianceReport['verdict'], results: RequirementResult[]): ComplianceReport =>
  ({ verdict, results, connectionError: null }) as unknown as ComplianceReport;

const fault: Fault = {
  name: 'f',
  breaks: 'b',
  kills: [{ requirement: 'lifecycle.a', because: 'status of a completed run' }],
  effects: [],
};

describe('self-test judgement', () => {
  it('counts a kill only for the stated reason', () => {
    const forReason = judgeFault(fault, {
      exitCode: 1,
      stderr: '',
      report: report('non-conformant', [result('lifecycle.a', 'fail', 'Status of a completed run after CancelRun is cancelled')]),
    });
    assert.isTrue(forReason.killed);
    assert.deepEqual(forReason.killedFor, ['lifecycle.a']);
    const otherReason = judgeFault(fault, {
      exitCode: 1,
      stderr: '',
      report: report('non-conformant', [result('lifecycle.a', 'fail', 'CancelRun answered INTERNAL')]),
    });
    assert.isFalse(otherReason.killed);
    assert.deepEqual(otherReason.killedForAnotherReason, [{ requirement: 'lifecycle.a', reason: 'CancelRun answered INTERNAL' }]);
  });

  it('names what did not fail, and never counts a run that did not complete', () => {
    const missed = judgeFault(fault, {
      exitCode: 1,
      stderr: '',
      report: report('incomplete', [result('lifecycle.a', 'blocked', 'status of a completed run')]),
    });
    assert.deepEqual(missed.missed, ['lifecycle.a']);
    assert.isFalse(missed.killed);
    const crashed = judgeFault(fault, { exitCode: 2, stderr: 'boom\n', report: undefined });
    assert.isFalse(crashed.killed);
    assert.include(crashed.error ?? '', 'boom');
  });

  it('lists, for an entry that did not end as declared, every unexpected result with its disposition and reason', () => {
    const flood: Fault = { name: 'flood', breaks: 'b', kills: [], verdict: 'conformant', effects: [] };
    const held = judgeFault(flood, {
      exitCode: 1,
      stderr: '',
      report: report('non-conformant', [
        result('stream.a', 'fail', 'late'),
        result('lifecycle.b', 'blocked', 'connection reset'),
        result('lifecycle.c', 'pass'),
      ]),
    });
    assert.isFalse(held.killed);
    assert.deepEqual(held.unexpected, [
      { requirement: 'stream.a', disposition: 'fail', reason: 'late' },
      { requirement: 'lifecycle.b', disposition: 'blocked', reason: 'connection reset' },
    ]);
    const killed = judgeFault(fault, {
      exitCode: 1,
      stderr: '',
      report: report('non-conformant', [result('lifecycle.a', 'fail', 'status of a completed run')]),
    });
    assert.isUndefined(killed.unexpected, 'an entry that ended as declared lists nothing');
    const variant: ToleratedVariant = { name: 'v', allows: 'a', specRef: 's', effects: [] };
    const tolerated = judgeTolerated(variant, { exitCode: 2, stderr: '', report: report('incomplete', [result('lifecycle.a', 'blocked', 'x')]) });
    assert.deepEqual(tolerated.unexpected, [{ requirement: 'lifecycle.a', disposition: 'blocked', reason: 'x' }]);
  });

  it('holds a fault to the verdict it states', () => {
    const incomplete: Fault = { name: 'g', breaks: 'b', kills: [], verdict: 'incomplete', effects: [] };
    assert.isTrue(judgeFault(incomplete, { exitCode: 1, stderr: '', report: report('incomplete', []) }).killed);
    assert.isFalse(judgeFault(incomplete, { exitCode: 0, stderr: '', report: report('conformant', []) }).killed);
  });

  it('holds a tolerated variant to a conformant verdict and lists what held it back', () => {
    const variant: ToleratedVariant = { name: 'v', allows: 'a', specRef: 's', effects: [] };
    assert.isTrue(judgeTolerated(variant, { exitCode: 0, stderr: '', report: report('conformant', [result('lifecycle.a', 'pass')]) }).conformant);
    const held = judgeTolerated(variant, {
      exitCode: 1,
      stderr: '',
      report: report('incomplete', [result('lifecycle.a', 'blocked', 'x'), result('lifecycle.b', 'fail', 'y')]),
    });
    assert.isFalse(held.conformant);
    assert.deepEqual(held.blocked, ['lifecycle.a']);
    assert.deepEqual(held.failed, ['lifecycle.b']);
  });

  it("lets a survival fault end incomplete only when every block is the suite's own bound and nothing failed", () => {
    const survival: Fault = { name: 'flood', breaks: 'b', kills: [], verdict: 'conformant', suiteBoundsMayBlock: true, effects: [] };
    const judge = (results: RequirementResult[]) => judgeFault(survival, { exitCode: 1, stderr: '', report: report('incomplete', results) }).killed;
    assert.isTrue(
      judge([
        result('lifecycle.a', 'pass'),
        result('lifecycle.b', 'blocked', "still delivering when the suite's 30000 ms read deadline ran out (the suite's bound)"),
      ]),
    );
    assert.isFalse(judge([result('lifecycle.b', 'blocked', 'the engine could not be reached during the check')]), 'a block for another cause');
    assert.isFalse(judge([result('lifecycle.a', 'fail', 'x'), result('lifecycle.b', 'blocked', "(the suite's bound)")]), 'a failure');
    const strict: Fault = { ...survival, suiteBoundsMayBlock: false };
    assert.isFalse(
      judgeFault(strict, { exitCode: 1, stderr: '', report: report('incomplete', [result('lifecycle.b', 'blocked', "(the suite's bound)")]) }).killed,
      'without the flag',
    );
  });
});
