import { assert } from 'chai';
import type { ComplianceReport, RequirementResult } from '../harness/verdicts/results.js';
import { renderConsoleSummary } from '../reporters/console-summary.js';
import { decideVerdict, summarize } from '../reporters/report-builder.js';

const result = (overrides: Partial<RequirementResult>): RequirementResult => ({
  requirementId: 'lifecycle.noop-completes',
  title: 'A noop run completes',
  level: 'MUST',
  area: 'lifecycle',
  rpc: ['GetRun'],
  specRef: 'fixtures.md',
  disposition: 'pass',
  reason: null,
  assertions: 1,
  durationMs: 5,
  warnings: [],
  ...overrides,
});

function reportOf(results: RequirementResult[]): ComplianceReport {
  const summary = summarize(results);
  const { verdict, reason } = decideVerdict(summary, results, null);
  return {
    reportVersion: 1,
    suite: { name: 'openwop-conformance', version: '0.0.0' },
    target: { url: 'grpc://127.0.0.1:1', transport: 'grpc', reference: false, faults: [], variants: [] },
    engine: { name: 'engine-x', version: '2.1', vendor: null, protocolVersion: '1.0' },
    capabilitiesSha256: null,
    options: { only: [], requireBehavior: false, timeoutScale: 1 },
    startedAt: '2026-11-24T00:00:00.000Z',
    finishedAt: '2026-11-24T00:00:01.000Z',
    durationMs: 1000,
    summary,
    verdict,
    verdictReason: reason,
    incompleteCauses: [],
    connectionError: null,
    results,
  };
}

describe('console summary', () => {
  it('shows each failure with why, expected, actual, spec and the repro command', () => {
    const failure = result({ disposition: 'fail', reason: 'ended failed', expected: 'completed', actual: 'failed', repro: 'grpcurl -plaintext … GetRun' });
    const lines = renderConsoleSummary(reportOf([failure, result({ requirementId: 'discovery.x', area: 'discovery' })]), '/tmp/report.json');
    const text = lines.join('\n');
    assert.include(text, '✗ [MUST] lifecycle.noop-completes');
    assert.include(text, 'expected: completed');
    assert.include(text, 'actual:   failed');
    assert.include(text, 'repro:    grpcurl -plaintext … GetRun');
    assert.match(text, /NON-CONFORMANT: 1 MUST requirement\(s\) failed/);
    assert.include(text, 'Report: /tmp/report.json');
  });

  it('tabulates dispositions per area and lists blocked requirements with their reasons', () => {
    const lines = renderConsoleSummary(
      reportOf([result({}), result({ requirementId: 'lifecycle.y', disposition: 'blocked', reason: 'precondition not reached: never running' })]),
      undefined,
    );
    const row = lines.find((line) => line.trimStart().startsWith('lifecycle'));
    assert.match(row ?? '', /^\s+lifecycle\s+1\s+0\s+0\s+0\s+1\s*$/);
    assert.include(lines.join('\n'), '- lifecycle.y: precondition not reached: never running');
  });
});
