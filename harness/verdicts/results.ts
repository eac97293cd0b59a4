import type { CoverageRecord } from '../ledger/coverage.js';
import type { JsonObject } from '../support/json.js';
import type { Area, RequirementLevel } from '../requirements/requirement.js';

/**
 * Exactly one disposition per requirement per run.
 * - pass: exercised, at least one assertion, none failed.
 * - fail: the engine violated the requirement.
 * - inapplicable: the engine does not advertise the capability or fixture the requirement needs.
 * - skipped: the user excluded it (--only).
 * - blocked: advertised but could not be exercised (precondition not reached, suite-chosen deadline
 *   passed, the engine's bytes could not be read), or a test passed without asserting anything.
 * - error: a suite error: an exception raised inside the suite's own code. It says nothing about
 *   the engine, so it never fails a requirement or a profile, but the run cannot be called
 *   conformant and exits 3 ("suite error — please report").
 */
export const DISPOSITIONS = ['pass', 'fail', 'inapplicable', 'skipped', 'blocked', 'error'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** What a result was measured over; see RequirementResult.transport. */
export type ResultTransport = 'grpc' | 'rest' | 'grpc+rest';

export interface RequirementResult {
  requirementId: string;
  title: string;
  level: RequirementLevel;
  area: Area;
  rpc: string[];
  specRef: string;
  /**
   * The surface the result was measured over: the target's transport, or `grpc+rest` for a
   * cross-surface (parity) requirement. Optional so reports written before it still read.
   */
  transport?: ResultTransport;
  disposition: Disposition;
  /** Why, for every disposition but pass (null there). */
  reason: string | null;
  /** Assertions evaluated while exercising the requirement. */
  assertions: number;
  durationMs: number;
  /** For failures: what the requirement expects and what the engine did. */
  expected?: string;
  actual?: string;
  /** For failures: one command that shows the engine's answer (grpcurl). */
  repro?: string;
  /** Observations that do not decide the disposition (unknown event types, leniencies applied). */
  warnings: string[];
}

export interface RunSummary {
  total: number;
  pass: number;
  fail: number;
  inapplicable: number;
  skipped: number;
  blocked: number;
  /** Suite errors (disposition `error`); absent in reports written before the disposition existed. */
  error?: number;
  mustFailures: number;
  shouldFailures: number;
}

/**
 * conformant: the core was exercised and no MUST failed or was left blocked. non-conformant: a MUST
 * failed. incomplete: nothing says the engine is wrong, but the evidence is not there (the core
 * cannot apply, a MUST was blocked, or nothing was assessable); never conformant.
 */
export type Verdict = 'conformant' | 'non-conformant' | 'incomplete';

/** What a run's --baseline (known failures) did; reporters/baseline.ts builds it. */
export interface BaselineRecord {
  /** The file as given on the command line. */
  path: string;
  /** sha256 (hex) of the file's bytes, so a badge names exactly which baseline excused what. */
  sha256: string;
  entries: { glob: string; reason: string; matched: string[] }[];
  /** Failed or blocked requirements the baseline excuses (they no longer fail the run). */
  baselined: string[];
  /** Baselined requirements that now pass: the baseline must shrink, so these fail the run. */
  nowPassing: string[];
  /** Globs that match no requirement: these fail the run too. */
  unmatched: string[];
}

/** The engine's second surface, compared by the parity area (--rest, --grpc, or its advertised grpc.endpoint). */
export interface PeerRecord {
  url: string;
  surface: 'grpc' | 'rest';
  /** `reference`: the bundled engine's other listener, which `--target reference(-rest)` brings up. */
  source: 'flag' | 'advertised' | 'reference';
}

export interface ComplianceReport {
  reportVersion: 1;
  suite: { name: string; version: string };
  target: { url: string; transport: string; reference: boolean; faults: string[]; variants: string[]; peer?: PeerRecord };
  engine: { name: string | null; version: string | null; vendor: string | null; protocolVersion: string | null } | null;
  /** sha256 (hex) of the canonical JSON of the discovery document; null when none was read. */
  capabilitiesSha256: string | null;
  options: { only: string[]; skip?: string[]; requireBehavior: boolean; timeoutScale: number };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  summary: RunSummary;
  verdict: Verdict;
  /** One sentence explaining the verdict. */
  verdictReason: string;
  /** When incomplete: what the engine must provide, or what stopped the assessment. Empty otherwise. */
  incompleteCauses: string[];
  /** Set when the engine could not be reached, discovery failed, or it stopped answering mid-run (the rest is then blocked). */
  connectionError: string | null;
  results: RequirementResult[];
  /** The discovery document the run was gated on (renderers show it; the bundle embeds it). */
  capabilities?: JsonObject | null;
  /** Set when the run was given --baseline. */
  baseline?: BaselineRecord | null;
  /** Profiles the run was gated on (--require-profile); the badge names the first. */
  requiredProfiles?: string[];
  /** Set by `run --repeat N`: the pass ratio of every exercised requirement across the runs. */
  repeat?: RepeatRecord;
  /** Spec-ledger coverage for the run's transport (harness/ledger/coverage.ts). */
  coverage?: CoverageRecord;
}

export interface RepeatRecord {
  runs: number;
  /** 1-based: the run whose verdict and results the report carries (the worst). */
  worstRun: number;
  verdicts: string[];
  basis: string;
  requirements: { requirementId: string; passes: number; runs: number; passRatio: number }[];
}
