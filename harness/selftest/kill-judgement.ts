import type { Fault, ToleratedVariant } from '../../fixtures/reference-engine/faults/fault-catalogue.js';
import { REQUIREMENTS } from '../requirements/registry.js';
import type { ComplianceReport, RequirementResult } from '../verdicts/results.js';

/** One fault's outcome in kill-matrix.json. */
export interface FaultJudgement {
  name: string;
  /** The surface the run reached the engine over (the selftest sets it; `name` then ends in `@rest` for REST). */
  surface?: 'grpc' | 'rest';
  expected: { requirement: string; because: string }[];
  expectedVerdict: string | null;
  verdict: string | null;
  /** Every requirement that failed in the run. */
  failed: string[];
  /** Expected requirements that failed for the stated reason. */
  killedFor: string[];
  /** Expected requirements that failed, but for a reason that does not mention the stated one. */
  killedForAnotherReason: { requirement: string; reason: string }[];
  /** Expected requirements that did not fail at all. */
  missed: string[];
  killed: boolean;
  /** Failed requirements the fault does not name. */
  collateral: string[];
  error: string | null;
  /** Only for an entry that did not end as declared: every result that was not as expected, with its disposition and reason. */
  unexpected?: UnexpectedResult[];
}

/** A result the entry did not declare (kill-matrix.json says what held a run back, not only that it was held). */
export interface UnexpectedResult {
  requirement: string;
  disposition: RequirementResult['disposition'];
  reason: string | null;
}

/** One tolerated variant's outcome in kill-matrix.json. */
export interface ToleratedJudgement {
  name: string;
  surface?: 'grpc' | 'rest';
  verdict: string | null;
  /** The variant held: conformant, or (for a variant that names requirements it blocks) incomplete with exactly those blocked for the stated reason and nothing failed. */
  conformant: boolean;
  failed: string[];
  blocked: string[];
  error: string | null;
  /** For a variant that blocks requirements by design: the ones it must block, and those blocked for another reason. */
  expectedBlocked?: string[];
  blockedForAnotherReason?: { requirement: string; reason: string }[];
  unexpected?: UnexpectedResult[];
}

export interface KillMatrix {
  generatedAt: string;
  referenceClean: boolean;
  total: number;
  killed: number;
  faults: FaultJudgement[];
  tolerated: ToleratedJudgement[];
}

interface RunOutcome {
  exitCode: number;
  report: ComplianceReport | undefined;
  stderr: string;
}

/**
 * Results other than the declared ones: a named kill that did not fail for its reason, and any
 * other failure or block (a pass, inapplicable or skipped result is what every entry expects).
 */
const EXPECTED_ANYWHERE: ReadonlySet<string> = new Set(['pass', 'inapplicable', 'skipped']);

function unexpectedResults(results: readonly RequirementResult[], declared: (result: RequirementResult) => boolean): UnexpectedResult[] {
  return results
    .filter((result) => !declared(result) && !EXPECTED_ANYWHERE.has(result.disposition))
    .map((result) => ({ requirement: result.requirementId, disposition: result.disposition, reason: result.reason }));
}

/** The text a kill's `because` is looked for in: the failure's reason, expected and actual values. */
const failureText = (result: RequirementResult): string => [result.reason ?? '', result.expected ?? '', result.actual ?? ''].join('\n').toLowerCase();

/** A run that crashed or could not reach the engine proves nothing either way. */
function completionError(run: RunOutcome): string | null {
  // A suite error proves nothing about the engine either way, and is never a kill or a tolerance.
  const suiteErrors = run.report?.results.filter((result) => result.disposition === 'error') ?? [];
  if (suiteErrors.length > 0)
    return `suite error (exit ${run.exitCode}): ${suiteErrors.map((result) => `${result.requirementId}: ${result.reason ?? ''}`).join(' | ')}`;
  const finished = run.report !== undefined && run.report.connectionError === null && (run.exitCode === 0 || run.exitCode === 1);
  // An engine that went away mid-run (exit 2 with a headline) after some checks were judged: those
  // judgements stand (a fault that crashes the engine is caught by the check that saw it crash).
  const cutShort = run.report !== undefined && run.exitCode === 2 && run.report.connectionError !== null && run.report.summary.pass > 0;
  const completed = finished || cutShort;
  return completed ? null : `run did not complete (exit ${run.exitCode}): ${run.report?.connectionError ?? run.stderr.trim().split('\n')[0] ?? 'no report'}`;
}

/**
 * A fault is killed only if the run completed normally and every requirement it names failed for
 * the stated reason (and, where the fault names one, the run reached the stated verdict).
 */
export function judgeFault(fault: Fault, run: RunOutcome): FaultJudgement {
  if (fault.headline !== undefined) return judgeHostile(fault, fault.headline, run);
  const results = run.report?.results ?? [];
  const failedResults = results.filter((result) => result.disposition === 'fail');
  const failed = failedResults.map((result) => result.requirementId);
  const killedFor: string[] = [];
  const killedForAnotherReason: { requirement: string; reason: string }[] = [];
  const missed: string[] = [];
  for (const kill of fault.kills) {
    const result = failedResults.find((candidate) => candidate.requirementId === kill.requirement);
    if (!result) missed.push(kill.requirement);
    else if (failureText(result).includes(kill.because.toLowerCase())) killedFor.push(kill.requirement);
    else killedForAnotherReason.push({ requirement: kill.requirement, reason: result.reason ?? '' });
  }
  const error = completionError(run);
  const verdict = run.report?.verdict ?? null;
  const verdictHolds = fault.verdict === undefined || verdict === fault.verdict || onlySuiteBoundsBlocked(fault, run.report);
  const killed = error === null && killedFor.length === fault.kills.length && verdictHolds;
  const killedForItsReason = (result: RequirementResult): boolean => killedFor.includes(result.requirementId) && result.disposition === 'fail';
  return {
    name: fault.name,
    expected: fault.kills.map((kill) => ({ ...kill })),
    expectedVerdict: fault.verdict ?? null,
    verdict,
    failed,
    killedFor,
    killedForAnotherReason,
    missed,
    killed,
    collateral: failed.filter((id) => !fault.kills.some((kill) => kill.requirement === id)),
    error,
    ...(!killed && { unexpected: unexpectedResults(results, killedForItsReason) }),
  };
}

/** Marks the reason of a block caused by a bound the suite chose (run-log-reader, stream reads). */
export const SUITE_BOUND_MARK = "the suite's bound";
/** Every wording of a block caused by a deadline the suite chose (read bounds, per-call deadlines). */
const SUITE_DEADLINE_MARKS = [SUITE_BOUND_MARK, "the suite's call deadline"];

/**
 * For a fault the suite must survive unchanged (`suiteBoundsMayBlock`): the run still holds when
 * it is incomplete only because the suite's own read bounds ran out under load — no failure, no
 * headline, every block naming the suite's bound.
 */
function onlySuiteBoundsBlocked(fault: Fault, report: ComplianceReport | undefined): boolean {
  if (!fault.suiteBoundsMayBlock || fault.verdict !== 'conformant' || !report || report.verdict !== 'incomplete' || report.connectionError) return false;
  const results = report.results;
  const blocked = results.filter((result) => result.disposition === 'blocked');
  return (
    results.every((result) => result.disposition !== 'fail') &&
    blocked.length > 0 &&
    blocked.every((result) => SUITE_DEADLINE_MARKS.some((mark) => (result.reason ?? '').includes(mark)))
  );
}

/**
 * A hostile engine is caught when the run still ends with exit 2 and a report whose headline names
 * the cause; no requirement may be failed for the engine's silence.
 */
function judgeHostile(fault: Fault, headline: string, run: RunOutcome): FaultJudgement {
  const results = run.report?.results ?? [];
  const failed = results.filter((result) => result.disposition === 'fail').map((result) => result.requirementId);
  const said = run.report?.connectionError ?? null;
  const caught = run.report !== undefined && run.exitCode === 2 && said !== null && said.toLowerCase().includes(headline.toLowerCase());
  return {
    name: fault.name,
    expected: [],
    expectedVerdict: 'incomplete',
    verdict: run.report?.verdict ?? null,
    failed,
    killedFor: [],
    killedForAnotherReason: [],
    missed: [],
    killed: caught && failed.length === 0,
    ...(!(caught && failed.length === 0) && { unexpected: unexpectedResults(results, (result) => result.disposition === 'blocked') }),
    collateral: failed,
    error: caught
      ? null
      : `expected exit 2 with the headline "${headline}", got exit ${run.exitCode} and ${said === null ? 'no headline' : `"${said}"`}${run.report ? '' : ' and no report'}`,
  };
}

/** A tolerated variant holds only if the run completed and the suite called the engine conformant. */
export function judgeTolerated(variant: ToleratedVariant, run: RunOutcome): ToleratedJudgement {
  const results = run.report?.results ?? [];
  const error = completionError(run);
  const verdict = run.report?.verdict ?? null;
  const failed = results.filter((result) => result.disposition === 'fail').map((result) => result.requirementId);
  const blocked = results.filter((result) => result.disposition === 'blocked');
  const judgement = { name: variant.name, verdict, failed, blocked: blocked.map((result) => result.requirementId), error };
  if (!variant.blocks) {
    const conformant = error === null && verdict === 'conformant' && run.exitCode === 0;
    return { ...judgement, conformant, ...(!conformant && { unexpected: unexpectedResults(results, () => false) }) };
  }
  // Blocked by design (e.g. loopback webhooks refused): never a failure, never conformant by
  // omission; each named requirement blocked for the stated reason, and nothing else blocked.
  const expected = variant.blocks.map((block) => block.requirement);
  const blockedForAnotherReason = variant.blocks.flatMap((block) => {
    const result = blocked.find((candidate) => candidate.requirementId === block.requirement);
    return result && !failureText(result).includes(block.because.toLowerCase()) ? [{ requirement: block.requirement, reason: result.reason ?? '' }] : [];
  });
  const exactlyExpected = expected.every((id) => judgement.blocked.includes(id)) && judgement.blocked.every((id) => expected.includes(id));
  const held = error === null && failed.length === 0 && verdict === 'incomplete' && exactlyExpected && blockedForAnotherReason.length === 0;
  const declaredBlock = (result: RequirementResult): boolean =>
    result.disposition === 'blocked' &&
    expected.includes(result.requirementId) &&
    !blockedForAnotherReason.some((other) => other.requirement === result.requirementId);
  return {
    ...judgement,
    conformant: held,
    expectedBlocked: expected,
    blockedForAnotherReason,
    ...(!held && { unexpected: unexpectedResults(results, declaredBlock) }),
  };
}

/** Problems with the catalogue itself: unknown requirement ids, empty kills, MUST requirements no fault kills. */
export function catalogueProblems(faults: readonly Fault[]): string[] {
  const problems: string[] = [];
  for (const fault of faults) {
    for (const kill of fault.kills) {
      if (!REQUIREMENTS.has(kill.requirement)) problems.push(`fault ${fault.name} names unknown requirement ${kill.requirement}`);
      if (kill.because.trim().length === 0) problems.push(`fault ${fault.name} gives no reason for ${kill.requirement}`);
    }
    if (fault.kills.length === 0 && fault.verdict === undefined && fault.headline === undefined)
      problems.push(`fault ${fault.name} names no requirement to kill and no verdict`);
  }
  for (const requirement of REQUIREMENTS.all) {
    if (!faults.some((fault) => fault.kills.some((kill) => kill.requirement === requirement.id))) {
      problems.push(`${requirement.level} requirement ${requirement.id} has no fault that proves the suite can fail it`);
    }
  }
  return problems;
}
