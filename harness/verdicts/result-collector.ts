import { BlockedError, ConformanceFailure, WireSchemaViolation } from './outcome-errors.js';
import type { Requirement } from '../requirements/requirement.js';
import type { RequirementRegistry } from '../requirements/registry.js';
import type { Disposition, RequirementResult } from './results.js';
import { RpcError } from '../transport/rpc-error.js';
import { GrpcCode } from '../transport/rpc-names.js';

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

const MAX_DETAIL = 600;
const clip = (text: string): string => (text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text);
/** One line: chai may hand over pretty-printed values, and a report line must not wrap. */
const show = (value: unknown): string => clip((typeof value === 'string' ? value : JSON.stringify(value) ?? String(value)).replace(/\s*\n\s*/g, ' '));

/**
 * Sorts an error into a disposition. Only evidence about the engine can fail a requirement;
 * anything the suite itself caused (its own deadline, a precondition, a bug in a check) blocks it.
 */
export function classifyError(error: unknown): Classified {
  if (error instanceof BlockedError) return { disposition: 'blocked', reason: error.message };
  if (error instanceof ConformanceFailure) {
    return { disposition: 'fail', reason: clip(error.message), ...(error.expected !== undefined && { expected: error.expected }), ...(error.actual !== undefined && { actual: error.actual }) };
  }
  if (error instanceof WireSchemaViolation) return { disposition: 'fail', reason: clip(error.message), expected: error.schemaName, actual: 'a reply outside the schema' };
  if (error instanceof RpcError) {
    if (error.code === GrpcCode.UNAVAILABLE || error.code === GrpcCode.CANCELLED) {
      return { disposition: 'blocked', reason: `the engine could not be reached during the check: ${error.message}` };
    }
    if (error.code === GrpcCode.UNAUTHENTICATED || error.code === GrpcCode.PERMISSION_DENIED) {
      // Checks outside the auth area run with the user's token; a refusal is about that token's scopes.
      return { disposition: 'blocked', reason: `the engine refused the suite's credentials for ${error.rpc}; give --token a key with the scopes this needs: ${error.message}` };
    }
    if (error.code === GrpcCode.DEADLINE_EXCEEDED) {
      return { disposition: 'blocked', reason: `${error.rpc} did not answer within the suite's call deadline (raise --timeout-scale): ${error.message}` };
    }
    return { disposition: 'fail', reason: clip(`unexpected error from the engine: ${error.message}${error.envelopeCode ? ` (envelope ${error.envelopeCode})` : ''}`), expected: `${error.rpc} to succeed`, actual: error.codeName };
  }
  if (error instanceof Error && error.name === 'AssertionError') {
    const withValues = error as Error & { expected?: unknown; actual?: unknown; showDiff?: boolean };
    const values = withValues.showDiff === false ? {} : { expected: show(withValues.expected), actual: show(withValues.actual) };
    return { disposition: 'fail', reason: clip(error.message), ...values };
  }
  if (error instanceof Error && (error as Error & { code?: string }).code === 'ERR_MOCHA_TIMEOUT') {
    return { disposition: 'blocked', reason: `the check outran the suite's safety timeout: ${error.message}` };
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { disposition: 'blocked', reason: `harness error (a bug in the suite, not the engine): ${clip(detail)}` };
}

/**
 * Builds exactly one result per registered requirement. A requirement that produced nothing is
 * blocked; a schema violation seen while checking another requirement also fails the requirement
 * that owns that schema (the most severe outcome wins).
 */
export class ResultCollector {
  private readonly results = new Map<string, RequirementResult>();
  private readonly crossViolations: { ownerId: string; seenIn: string; message: string }[] = [];

  constructor(private readonly registry: RequirementRegistry) {}

  decided(requirement: Requirement, disposition: 'inapplicable' | 'skipped' | 'fail' | 'blocked', reason: string): void {
    this.put(requirement, { disposition, reason }, { assertions: 0, durationMs: 0, warnings: [] });
  }

  checked(requirement: Requirement, error: unknown, record: CheckRecord): void {
    if (error === undefined) {
      if (record.assertions === 0) {
        this.put(requirement, { disposition: 'blocked', reason: 'the check finished without asserting anything, so it proves nothing' }, record);
      } else {
        this.put(requirement, { disposition: 'pass', reason: '' }, record);
      }
      return;
    }
    const classified = classifyError(error);
    this.put(requirement, classified, classified.disposition === 'fail' ? record : { ...record, repro: undefined });
  }

  violationSeen(violation: WireSchemaViolation, seenIn: string): void {
    if (violation.requirementId && violation.requirementId !== seenIn && this.registry.has(violation.requirementId)) {
      this.crossViolations.push({ ownerId: violation.requirementId, seenIn, message: violation.message });
    }
  }

  has(requirementId: string): boolean {
    return this.results.has(requirementId);
  }

  finalize(): RequirementResult[] {
    for (const { ownerId, seenIn, message } of this.crossViolations) {
      const owner = this.results.get(ownerId);
      if (owner?.disposition === 'pass') {
        Object.assign(owner, { disposition: 'fail', reason: clip(`seen while checking ${seenIn}: ${message}`), expected: 'every reply valid against its schema', actual: 'an invalid reply' });
      } else if (owner?.disposition === 'fail') {
        owner.warnings.push(clip(`also seen while checking ${seenIn}: ${message}`));
      }
    }
    return this.registry.all.map((requirement) => {
      const result = this.results.get(requirement.id);
      if (result) return result;
      return this.build(requirement, { disposition: 'blocked', reason: 'no result was produced for this requirement (no check ran)' }, { assertions: 0, durationMs: 0, warnings: [] });
    });
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
      disposition: classified.disposition,
      reason: classified.disposition === 'pass' ? null : classified.reason,
      assertions: record.assertions,
      durationMs: Math.round(record.durationMs),
      warnings: [...record.warnings],
    };
    if (classified.disposition === 'fail') {
      if (classified.expected !== undefined) result.expected = classified.expected;
      if (classified.actual !== undefined) result.actual = classified.actual;
      if (record.repro !== undefined) result.repro = record.repro;
    }
    if (requirement.leniency && classified.disposition !== 'inapplicable' && classified.disposition !== 'skipped') {
      result.warnings.push(`leniency applied: ${requirement.leniency}`);
    }
    return result;
  }
}
