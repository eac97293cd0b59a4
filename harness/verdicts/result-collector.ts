import { BlockedError, ConformanceFailure, WireSchemaViolation } from './outcome-errors.js';
import type { Requirement } from '../requirements/requirement.js';
import type { RequirementRegistry } from '../requirements/registry.js';
import type { Disposition, RequirementResult } from './results.js';
import { RpcError } from '../transport/rpc-error.js';
import type { RpcName } from '../transport/rpc-names.js';
import { uninformativeReason } from './uninformative-errors.js';
import type { Surface } from '../transport/peer-client.js';
import { MAX_ENGINE_TEXT, capEngineText } from '../support/engine-text.js';

/** What one check left behind, whatever its outcome. */
export interface CheckRecord {
  assertions: number;
  durationMs: number;
  warnings: string[];
  repro?: string;
}

interface Classified {
  disposition: Disposition;
  reason: string;
  expected?: string;
  actual?: string;
}

/** A repro command is kept for failures only: it shows how to reproduce what the engine got wrong. */
function withoutRepro(record: CheckRecord): CheckRecord {
  const kept = { ...record };
  delete kept.repro;
  return kept;
}

const clip = (text: string): string => capEngineText(text, MAX_ENGINE_TEXT);
/** One line: chai may hand over pretty-printed values, and a report line must not wrap. */
const show = (value: unknown): string => clip((typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))).replace(/\s*\n\s*/g, ' '));

/**
 * Sorts an error into a disposition. Only evidence about the engine can fail a requirement;
 * what the suite itself chose (its own deadline, a precondition) blocks it, and an exception in
 * the suite's own code is `error` (a suite error).
 */
export function classifyError(error: unknown): Classified {
  if (error instanceof BlockedError) return { disposition: 'blocked', reason: error.message };
  if (error instanceof ConformanceFailure) {
    return {
      disposition: 'fail',
      reason: clip(error.message),
      ...(error.expected !== undefined && { expected: error.expected }),
      ...(error.actual !== undefined && { actual: error.actual }),
    };
  }
  // Only a violation no requirement owns is thrown into a check; it fails the check that met it.
  if (error instanceof WireSchemaViolation)
    return { disposition: 'fail', reason: clip(error.message), expected: `a reply valid against ${error.schemaName}`, actual: 'a reply outside the schema' };
  if (error instanceof RpcError) {
    // Outside its accepted refusals a check runs with the user's token and the suite's deadlines:
    // these answers are about them, not about the requirement.
    const uninformative = uninformativeReason(error);
    if (uninformative) return { disposition: 'blocked', reason: uninformative };
    return {
      disposition: 'fail',
      reason: clip(`unexpected error from the engine: ${error.message}${error.envelopeCode ? ` (envelope ${error.envelopeCode})` : ''}`),
      expected: `${error.rpc} to succeed`,
      actual: error.codeName,
    };
  }
  if (error instanceof Error && error.name === 'AssertionError') {
    const withValues = error as Error & { expected?: unknown; actual?: unknown; showDiff?: boolean };
    const values = withValues.showDiff === false ? {} : { expected: show(withValues.expected), actual: show(withValues.actual) };
    return { disposition: 'fail', reason: clip(error.message), ...values };
  }
  return { disposition: 'error', reason: suiteErrorReason(error) };
}

/** Starts every `error` result's reason, so a report reader (and the console) can tell it from any engine finding. */
export const SUITE_ERROR_MARK = 'suite error';

/**
 * Anything else is an exception raised inside the suite's own code: what the engine sent reaches a
 * check only as typed outcomes (failures, blocks, schema findings, RpcError), so an untyped
 * exception is the suite's bug. Its own disposition, never the engine's block or fail; the first
 * stack frame inside the suite says where to look.
 */
function suiteErrorReason(error: unknown): string {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const frame = error instanceof Error ? error.stack?.split('\n').find((line) => line.trim().startsWith('at ') && !line.includes('node:internal')) : undefined;
  const where = frame ? ` (${frame.trim()})` : '';
  return clip(`${SUITE_ERROR_MARK} (an exception in the suite's own code, not the engine's doing; please report it): ${show(detail)}${where}`);
}

/** One schema finding charged to its owner: the same subject and rule, counted wherever it was seen. */
interface SchemaFinding {
  text: string;
  count: number;
  seenIn: Set<string>;
  repro: string | undefined;
  /** e.g. "schema finding", "HTTP status finding", and what the owner expected. */
  label: string;
  expectation: string;
}

/** Turns the call that produced a finding into a reproduction command. */
export type ReproFor = (rpc: RpcName, request: unknown) => string | undefined;

const MAX_FINDINGS_LISTED = 5;
const MAX_WARNINGS = 20;

function boundedWarnings(warnings: readonly string[]): string[] {
  const kept = warnings.slice(0, MAX_WARNINGS).map(clip);
  if (warnings.length > MAX_WARNINGS) kept.push(`and ${warnings.length - MAX_WARNINGS} more warnings`);
  return kept;
}

/**
 * Builds exactly one result per registered requirement. A requirement that produced nothing is
 * blocked. A schema violation is charged to the requirement that owns the schema wherever it was
 * seen and whatever that owner's own gating or check said: evidence of a malformed document is
 * evidence (README "How verdicts are decided"). Findings are grouped by subject and rule.
 */
export class ResultCollector {
  private readonly results = new Map<string, RequirementResult>();
  private readonly findings = new Map<string, Map<string, SchemaFinding>>();

  constructor(
    private readonly registry: RequirementRegistry,
    private readonly reproFor: ReproFor = () => undefined,
    /** The target's surface, recorded on each result (cross-surface requirements get `grpc+rest`). */
    private readonly surface?: Surface,
  ) {}

  decided(requirement: Requirement, disposition: 'inapplicable' | 'skipped' | 'fail' | 'blocked', reason: string, warnings: readonly string[] = []): void {
    this.put(requirement, { disposition, reason }, { assertions: 0, durationMs: 0, warnings: [...warnings] });
  }

  /**
   * The one place a check's outcome becomes its result: what it threw (undefined when it returned)
   * and what it left behind. Returns the disposition, for the progress display; a schema finding
   * charged in finalize() may still turn it into a fail.
   */
  checked(requirement: Requirement, error: unknown, record: CheckRecord): Disposition {
    if (error === undefined) {
      if (record.assertions === 0) {
        this.put(requirement, { disposition: 'blocked', reason: 'the check finished without asserting anything, so it proves nothing' }, record);
        return 'blocked';
      }
      this.put(requirement, { disposition: 'pass', reason: '' }, record);
      return 'pass';
    }
    const classified = classifyError(error);
    this.put(requirement, classified, classified.disposition === 'fail' ? record : withoutRepro(record));
    return classified.disposition;
  }

  violationSeen(violation: WireSchemaViolation, seenIn: string): void {
    const owner = violation.requirementId;
    if (!owner || !this.registry.has(owner)) return;
    const byKey = this.findings.get(owner) ?? new Map<string, SchemaFinding>();
    this.findings.set(owner, byKey);
    for (const { key, text } of violation.findingKeys()) {
      const finding = byKey.get(key) ?? {
        text,
        count: 0,
        seenIn: new Set<string>(),
        repro: this.reproFor(violation.rpc, violation.request),
        label: violation.findingLabel,
        expectation: violation.findingExpectation,
      };
      finding.count += 1;
      finding.seenIn.add(seenIn);
      byKey.set(key, finding);
    }
  }

  has(requirementId: string): boolean {
    return this.results.has(requirementId);
  }

  finalize(): RequirementResult[] {
    const results = this.registry.all.map(
      (requirement) =>
        this.results.get(requirement.id) ??
        this.build(
          requirement,
          { disposition: 'blocked', reason: 'no result was produced for this requirement (no check ran)' },
          { assertions: 0, durationMs: 0, warnings: [] },
        ),
    );
    const byId = new Map(results.map((result) => [result.requirementId, result]));
    for (const result of results) {
      const findings = [...(this.findings.get(result.requirementId)?.values() ?? [])];
      if (findings.length === 0) continue;
      // A finding belongs to the run only when its owner was selected (--only): otherwise it is a
      // warning on the requirements where it was seen, and the owner stays skipped.
      if (result.disposition === 'skipped') warnWhereSeen(result.requirementId, findings, byId);
      else chargeFindings(result, findings);
    }
    return results;
  }

  private put(requirement: Requirement, classified: Classified, record: CheckRecord): void {
    if (this.results.has(requirement.id)) throw new Error(`requirement ${requirement.id} received two results`);
    this.results.set(requirement.id, this.build(requirement, classified, record));
  }

  private build(requirement: Requirement, classified: Classified, record: CheckRecord): RequirementResult {
    const result: RequirementResult = {
      requirementId: requirement.id,
      title: requirement.title,
      level: requirement.level,
      area: requirement.area,
      rpc: [...requirement.rpcs],
      specRef: requirement.specRef,
      ...(this.surface && { transport: requirement.needsPeer ? ('grpc+rest' as const) : this.surface }),
      disposition: classified.disposition,
      // Every text field can carry engine-derived text (ids, messages, lists): capped in one place.
      reason: classified.disposition === 'pass' ? null : clip(classified.reason),
      assertions: record.assertions,
      durationMs: Math.round(record.durationMs),
      // Warnings carry engine-derived text: each is clipped, and a flood is counted, not listed.
      warnings: boundedWarnings(record.warnings),
    };
    if (classified.disposition === 'fail') {
      if (classified.expected !== undefined) result.expected = clip(classified.expected);
      if (classified.actual !== undefined) result.actual = clip(classified.actual);
      if (record.repro !== undefined) result.repro = capEngineText(record.repro, 2 * MAX_ENGINE_TEXT);
    }
    if (requirement.leniency && classified.disposition !== 'inapplicable' && classified.disposition !== 'skipped') {
      result.warnings.push(`leniency applied: ${requirement.leniency}`);
    }
    return result;
  }
}

/** Findings of an owner the user did not select: one warning on each requirement that saw them. */
function warnWhereSeen(owner: string, findings: readonly SchemaFinding[], byId: ReadonlyMap<string, RequirementResult>): void {
  for (const finding of findings) {
    for (const seenIn of finding.seenIn) {
      byId.get(seenIn)?.warnings.push(clip(`schema finding of ${owner} (not selected, so not judged): ${finding.text}`));
    }
  }
}

/** Fails a schema owner with its grouped findings, or adds them to a failure it already has. */
function chargeFindings(result: RequirementResult, findings: SchemaFinding[]): void {
  const lines = findings.map((finding) => {
    const where = [...finding.seenIn].slice(0, 3).join(', ') + (finding.seenIn.size > 3 ? ', …' : '');
    return `${finding.text} (${finding.count} time${finding.count === 1 ? '' : 's'}; seen in ${where})`;
  });
  const listed =
    lines.slice(0, MAX_FINDINGS_LISTED).join('; ') + (lines.length > MAX_FINDINGS_LISTED ? `; and ${lines.length - MAX_FINDINGS_LISTED} more` : '');
  const label = findings[0]?.label ?? 'schema finding';
  if (result.disposition === 'fail') {
    result.warnings.push(clip(`${label}s as well: ${listed}`));
    return;
  }
  const was = result.disposition === 'pass' ? '' : ` (it was ${result.disposition}${result.reason ? `: ${result.reason}` : ''})`;
  Object.assign(result, {
    disposition: 'fail',
    reason: clip(`${findings.length} ${label}(s): ${listed}${was}`),
    expected: findings[0]?.expectation ?? 'every document valid against its schema',
    actual: clip(findings[0]?.text ?? ''),
    assertions: Math.max(result.assertions, 1),
  });
  const repro = findings.find((finding) => finding.repro !== undefined)?.repro;
  if (repro !== undefined) result.repro = repro;
}
