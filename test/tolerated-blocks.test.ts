import { assert } from 'chai';
import { judgeTolerated } from '../harness/selftest/kill-judgement.js';
import type { ToleratedVariant } from '../fixtures/reference-engine/faults/fault-catalogue.js';
import type { ComplianceReport, Disposition, RequirementResult, Verdict } from '../harness/verdicts/results.js';

/** A tolerated variant that blocks requirements by design holds only when incomplete, never failed, blocked for its reason. */

const variant: ToleratedVariant = {
  name: 'refuses-loopback',
  allows: 'refuses loopback webhook URLs',
  specRef: 'webhooks.md',
  effects: [],
  blocks: [{ requirement: 'webhook.register-returns-id', because: '--allow-loopback-webhooks' }],
};

const result = (requirementId: string, disposition: Disposition, reason: string | null): RequirementResult => ({
  requirementId,
  title: requirementId,
  level: 'MUST',
  area: 'webhook',
  rpc: ['RegisterWebhook'],
  specRef: 'webhooks.md',
  disposition,
  reason,
  assertions: 0,
  durationMs: 1,
  warnings: [],
});

function report(verdict: Verdict, results: RequirementResult[]): ComplianceReport {
  const count = (disposition: Disposition): number => results.filter((entry) => entry.disposition === disposition).length;
  return {
    reportVersion: 1,
    suite: { name: 'openwop-conformance', version: '0.0.0' },
    target: { url: 'grpc://127.0.0.1:1', transport: 'grpc', reference: true, faults: [], variants: [variant.name] },
    engine: null,
    capabilitiesSha256: null,
    options: { only: [], requireBehavior: false, timeoutScale: 1 },
    startedAt: '2026-11-25T00:00:00.000Z',
    finishedAt: '2026-11-25T00:00:01.000Z',
    durationMs: 1000,
    summary: {
      total: results.length,
      pass: count('pass'),
      fail: count('fail'),
      inapplicable: count('inapplicable'),
      skipped: count('skipped'),
      blocked: count('blocked'),
      mustFailures: 0,
      shouldFailures: 0,
    },
    verdict,
    verdictReason: '',
    incompleteCauses: [],
    connectionError: null,
    results,
  };
}

const refused = "the engine refused the suite's receiver URL (… start the reference engine with --allow-loopback-webhooks …)";

describe('tolerated variants that block by design', () => {
  it('hold when the named requirement is blocked for the stated reason and the verdict is incomplete', () => {
    const run = {
      exitCode: 1,
      stderr: '',
      report: report('incomplete', [result('webhook.register-returns-id', 'blocked', refused), result('discovery.x', 'pass', null)]),
    };
    const judgement = judgeTolerated(variant, run);
    assert.isTrue(judgement.conformant);
    assert.deepEqual(judgement.expectedBlocked, ['webhook.register-returns-id']);
  });

  it('do not hold when the requirement failed, was blocked for another reason, or something else was blocked', () => {
    const failed = judgeTolerated(variant, {
      exitCode: 1,
      stderr: '',
      report: report('non-conformant', [result('webhook.register-returns-id', 'fail', refused)]),
    });
    assert.isFalse(failed.conformant);
    const otherReason = judgeTolerated(variant, {
      exitCode: 1,
      stderr: '',
      report: report('incomplete', [result('webhook.register-returns-id', 'blocked', 'the engine could not be reached')]),
    });
    assert.isFalse(otherReason.conformant);
    assert.lengthOf(otherReason.blockedForAnotherReason ?? [], 1);
    const extra = judgeTolerated(variant, {
      exitCode: 1,
      stderr: '',
      report: report('incomplete', [result('webhook.register-returns-id', 'blocked', refused), result('audit.verify-chain-valid', 'blocked', 'timeout')]),
    });
    assert.isFalse(extra.conformant);
  });

  it('never count a conformant verdict, which would mean the area was not exercised as it should be', () => {
    const conformant = judgeTolerated(variant, {
      exitCode: 0,
      stderr: '',
      report: report('conformant', [result('webhook.register-returns-id', 'pass', null)]),
    });
    assert.isFalse(conformant.conformant);
  });
});
