import { boundDocument } from './bounded-document.js';
import { reportCoverage } from './coverage-section.js';
import { MAX_ENGINE_LABEL, capEngineText } from '../harness/support/engine-text.js';
import { readFileSync } from 'node:fs';
import { isRestTargetUrl } from '../harness/transport/rest/rest-target.js';
import type { JsonObject } from '../harness/support/json.js';
import { packagePath } from '../harness/support/package-paths.js';
import type { ComplianceReport, PeerRecord, RequirementResult, RunSummary, Verdict } from '../harness/verdicts/results.js';

/** The run options a report records; the runner's RunOptions has them (this layer never imports the runner). */
export interface ReportedOptions {
  only: readonly string[];
  skip?: readonly string[];
  requireBehavior: boolean;
  timeoutScale: number;
  faults: readonly string[];
  variants?: readonly string[];
}

export interface ReportInput {
  options: ReportedOptions;
  /** The URL actually dialled (for `reference`, the bundled engine's loopback URL). */
  url: string;
  reference: boolean;
  startedAt: Date;
  capabilities: JsonObject | undefined;
  capabilitiesSha256: string | null;
  results: RequirementResult[];
  connectionError: string | null;
  /** What the engine must provide before the core can be exercised (empty when the core applied). */
  coreGaps: string[];
  /** The second surface the parity area compared, when there was one. */
  peer?: PeerRecord;
}

export const SUITE_NAME = 'openwop-conformance';

let cachedVersion: string | undefined;
export function suiteVersion(): string {
  if (!cachedVersion) {
    const manifest: unknown = JSON.parse(readFileSync(packagePath('package.json'), 'utf8'));
    const version = typeof manifest === 'object' && manifest !== null ? (manifest as Record<string, unknown>)['version'] : undefined;
    cachedVersion = typeof version === 'string' ? version : '0.0.0';
  }
  return cachedVersion;
}

export function summarize(results: readonly RequirementResult[]): RunSummary {
  const count = (predicate: (result: RequirementResult) => boolean): number => results.filter(predicate).length;
  return {
    total: results.length,
    pass: count((result) => result.disposition === 'pass'),
    fail: count((result) => result.disposition === 'fail'),
    inapplicable: count((result) => result.disposition === 'inapplicable'),
    skipped: count((result) => result.disposition === 'skipped'),
    blocked: count((result) => result.disposition === 'blocked'),
    error: count((result) => result.disposition === 'error'),
    mustFailures: count((result) => result.disposition === 'fail' && result.level === 'MUST'),
    shouldFailures: count((result) => result.disposition === 'fail' && result.level === 'SHOULD'),
  };
}

export interface VerdictDecision {
  verdict: Verdict;
  reason: string;
  /** For incomplete: what to provide or what stopped the assessment. */
  causes: string[];
}

const MAX_CAUSES = 10;

/** The verdict's headline when the suite itself failed (disposition `error`). */
export const SUITE_ERROR_HEADLINE = 'suite error';

/**
 * Conformant means: the core was exercised, no MUST failed, no MUST was left blocked, and at least
 * one requirement passed. A MUST failure makes the engine non-conformant whatever else happened.
 * Missing evidence (nothing reachable, a core requirement whose fixture or capability is not
 * advertised, a blocked MUST) makes the verdict incomplete: never conformant, and it says what is
 * missing. SHOULD failures are reported but do not change the verdict.
 */
export function decideVerdict(
  summary: RunSummary,
  results: readonly RequirementResult[],
  connectionError: string | null,
  coreGaps: readonly string[] = [],
): VerdictDecision {
  const suiteErrors = results.filter((result) => result.disposition === 'error');
  const alsoSuiteErrors = suiteErrors.length > 0 ? `; and ${suiteErrors.length} ${SUITE_ERROR_HEADLINE}(s) — please report` : '';
  // A MUST failure seen before the engine went away is still evidence.
  if (summary.mustFailures > 0)
    return { verdict: 'non-conformant', reason: `${summary.mustFailures} MUST requirement(s) failed${alsoSuiteErrors}`, causes: [] };
  if (connectionError) return { verdict: 'incomplete', reason: `the engine could not be assessed: ${connectionError}`, causes: [connectionError] };
  // A suite error says nothing about the engine, so it cannot fail it; but what it should have
  // checked was not checked, so the engine cannot be called conformant either (exit 3, run-gate.ts).
  if (suiteErrors.length > 0) {
    return {
      verdict: 'incomplete',
      reason: `${SUITE_ERROR_HEADLINE}: ${suiteErrors.length} requirement(s) ended in an exception inside the suite's own code (a bug in the suite, not the engine; please report it), so conformance is not shown`,
      causes: suiteErrors.slice(0, MAX_CAUSES).map((result) => `${result.requirementId}: ${result.reason ?? SUITE_ERROR_HEADLINE}`),
    };
  }
  if (coreGaps.length > 0) {
    return {
      verdict: 'incomplete',
      reason: `the core of the protocol could not be exercised: the engine must provide ${coreGaps.length} more thing(s)`,
      causes: coreGaps.slice(0, MAX_CAUSES),
    };
  }
  const blockedMust = results.filter((result) => result.disposition === 'blocked' && result.level === 'MUST');
  if (blockedMust.length > 0) {
    return {
      verdict: 'incomplete',
      reason: `${blockedMust.length} MUST requirement(s) could not be exercised (blocked), so conformance is not shown`,
      causes: blockedMust.slice(0, MAX_CAUSES).map((result) => `${result.requirementId}: ${result.reason ?? 'blocked'}`),
    };
  }
  if (summary.pass === 0)
    return {
      verdict: 'incomplete',
      reason: 'no requirement was verified: every one was skipped, inapplicable or blocked',
      causes: ['no requirement was verified'],
    };
  const shoulds = summary.shouldFailures > 0 ? `; ${summary.shouldFailures} SHOULD requirement(s) failed` : '';
  return { verdict: 'conformant', reason: `all ${summary.pass} exercised requirement(s) that could fail the verdict passed${shoulds}`, causes: [] };
}

/** An identity field of the discovery document, capped: the engine chooses it. */
function text(document: JsonObject | undefined, key: string): string | null {
  const value = document?.[key];
  return typeof value === 'string' ? capEngineText(value, MAX_ENGINE_LABEL) : null;
}

export function buildReport(input: ReportInput): ComplianceReport {
  const finishedAt = new Date();
  const summary = summarize(input.results);
  // Headlines and gaps quote the engine (status messages, fixture names): capped like every finding.
  const connectionError = input.connectionError === null ? null : capEngineText(input.connectionError);
  const decided = decideVerdict(
    summary,
    input.results,
    connectionError,
    input.coreGaps.map((gap) => capEngineText(gap)),
  );
  const { verdict, causes } = decided;
  const reason = capEngineText(decided.reason);
  const implementation = input.capabilities?.['implementation'];
  const identity = typeof implementation === 'object' && implementation !== null && !Array.isArray(implementation) ? implementation : undefined;
  const report: ComplianceReport = {
    reportVersion: 1,
    suite: { name: SUITE_NAME, version: suiteVersion() },
    target: {
      url: input.url,
      transport: isRestTargetUrl(input.url) ? 'rest' : 'grpc',
      reference: input.reference,
      faults: [...input.options.faults],
      variants: [...(input.options.variants ?? [])],
    },
    engine: input.capabilities
      ? {
          name: text(identity, 'name'),
          version: text(identity, 'version'),
          vendor: text(identity, 'vendor'),
          protocolVersion: text(input.capabilities, 'protocolVersion'),
        }
      : null,
    capabilitiesSha256: input.capabilitiesSha256,
    options: {
      only: [...input.options.only],
      // Written only when something was left out, so a full run's report (and bundle digest) is unchanged.
      ...((input.options.skip ?? []).length > 0 && { skip: [...(input.options.skip ?? [])] }),
      requireBehavior: input.options.requireBehavior,
      timeoutScale: input.options.timeoutScale,
    },
    startedAt: input.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - input.startedAt.getTime(),
    summary,
    verdict,
    verdictReason: reason,
    incompleteCauses: causes,
    connectionError,
    results: input.results,
    // Engine-chosen: bounded like every engine text (reporters/bounded-document.ts), its digest pinned above.
    capabilities: input.capabilities ? boundDocument(input.capabilities, input.capabilitiesSha256) : null,
  };
  if (input.peer) report.target.peer = { ...input.peer };
  report.coverage = reportCoverage(input.results, report.target.transport === 'rest' ? 'rest' : 'grpc');
  return report;
}
