import type { ComplianceReport, RequirementResult } from '../../harness/verdicts/results.js';
import { summarize } from '../../reporters/report-builder.js';

/** Synthetic reports for renderer tests: every disposition, both levels, hostile strings on demand. */
export function result(requirementId: string, disposition: RequirementResult['disposition'], overrides: Partial<RequirementResult> = {}): RequirementResult {
  const area = requirementId.split('.')[0];
  if (area !== 'discovery' && area !== 'workflow' && area !== 'lifecycle') throw new Error(`sample results use the built-in areas, not ${area}`);
  return {
    requirementId,
    title: `title of ${requirementId}`,
    level: 'MUST',
    area,
    rpc: ['GetRun'],
    specRef: 'rest-endpoints.md §getRun',
    disposition,
    reason: disposition === 'pass' ? null : `why ${requirementId} is ${disposition}`,
    assertions: disposition === 'pass' || disposition === 'fail' ? 2 : 0,
    durationMs: 12,
    warnings: [],
    ...(disposition === 'fail' && { expected: 'completed', actual: 'failed', repro: `grpcurl -plaintext -d '{}' 127.0.0.1:50051 openwop.v1.Engine/GetRun` }),
    ...overrides,
  };
}

export const CAPABILITIES = {
  protocolVersion: '1.0',
  implementation: { name: 'sample-engine', version: '2.0.0', vendor: 'Example' },
  fixtures: ['conformance-noop'],
};

export function sampleReport(results: RequirementResult[], overrides: Partial<ComplianceReport> = {}): ComplianceReport {
  const summary = summarize(results);
  const mustProblems = results.filter((entry) => entry.level === 'MUST' && (entry.disposition === 'fail' || entry.disposition === 'blocked')).length;
  return {
    reportVersion: 1,
    suite: { name: 'openwop-conformance', version: '0.1.0' },
    target: { url: 'grpc://127.0.0.1:50051', transport: 'grpc', reference: false, faults: [], variants: [] },
    engine: { name: 'sample-engine', version: '2.0.0', vendor: 'Example', protocolVersion: '1.0' },
    capabilitiesSha256: null,
    options: { only: [], requireBehavior: false, timeoutScale: 1 },
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:09.000Z',
    durationMs: 9000,
    summary,
    verdict: mustProblems > 0 ? 'non-conformant' : 'conformant',
    verdictReason: mustProblems > 0 ? `${mustProblems} MUST requirement(s) failed or were blocked` : 'all exercised requirements passed',
    incompleteCauses: [],
    connectionError: null,
    results,
    capabilities: null,
    ...overrides,
  };
}

/** One of each disposition across the three areas, two failures. */
export function mixedResults(): RequirementResult[] {
  return [
    result('discovery.served-without-token', 'pass'),
    result('discovery.fixtures-listed', 'pass', { level: 'SHOULD' }),
    result('workflow.fixture-definitions', 'inapplicable'),
    result('lifecycle.noop-completes', 'pass'),
    result('lifecycle.cancel-running-accepted', 'fail'),
    result('lifecycle.cancel-reaches-cancelled', 'fail'),
    result('lifecycle.cancelled-stays-cancelled', 'blocked'),
    result('lifecycle.bulk-cancel-order', 'skipped'),
  ];
}
