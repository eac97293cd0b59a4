import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { idGlobToRegExp } from '../harness/verdicts/gating.js';
import type { BaselineRecord, RequirementResult } from '../harness/verdicts/results.js';
import { SchemaId } from '../harness/schemas/schema-ids.js';
import type { SchemaRegistry } from '../harness/schemas/schema-registry.js';
import { formatSchemaIssue } from '../harness/schemas/schema-registry.js';
import { UsageError } from '../harness/support/usage-error.js';

/** One entry of known-failures.json: requirement id glob plus why it is known to fail. */
export interface BaselineEntry {
  requirement: string;
  reason: string;
}

export interface BaselineFile {
  path: string;
  sha256: string;
  entries: BaselineEntry[];
}

/**
 * Reads and validates a baseline file (schemas/baseline.schema.json). Every problem is a
 * UsageError with one line naming the file, so the CLI can print it and exit 2.
 */
export async function loadBaseline(path: string, schemas: SchemaRegistry): Promise<BaselineFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--baseline ${path} cannot be read${code ? ` (${code})` : ''}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new UsageError(`--baseline ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const issues = schemas.validate(SchemaId.baseline, document);
  if (issues.length > 0) {
    throw new UsageError(
      `--baseline ${path} is not a known-failures file: ${issues
        .slice(0, 3)
        .map((issue) => formatSchemaIssue(issue))
        .join('; ')}`,
    );
  }
  const { knownFailures } = document as { knownFailures: BaselineEntry[] };
  return { path, sha256: createHash('sha256').update(bytes).digest('hex'), entries: knownFailures };
}

/**
 * Applies a baseline to a run's results. A failed or blocked requirement matched by an entry is
 * baselined (it no longer fails the run); a matched requirement that passes, or an entry that
 * matches nothing, is stale: the baseline may only shrink, so both fail the run.
 */
export function applyBaseline(baseline: BaselineFile, results: readonly RequirementResult[]): BaselineRecord {
  const entries = baseline.entries.map((entry) => {
    const pattern = idGlobToRegExp(entry.requirement);
    return {
      glob: entry.requirement,
      reason: entry.reason,
      matched: results.filter((result) => pattern.test(result.requirementId)).map((result) => result.requirementId),
    };
  });
  const matched = new Set(entries.flatMap((entry) => entry.matched));
  const inBaseline = results.filter((result) => matched.has(result.requirementId));
  return {
    path: baseline.path,
    sha256: baseline.sha256,
    entries,
    baselined: inBaseline.filter((result) => result.disposition === 'fail' || result.disposition === 'blocked').map((result) => result.requirementId),
    nowPassing: inBaseline.filter((result) => result.disposition === 'pass').map((result) => result.requirementId),
    unmatched: entries.filter((entry) => entry.matched.length === 0).map((entry) => entry.glob),
  };
}

/** The reason the baseline gives for a requirement (first matching entry), if it is baselined. */
export function baselineReason(record: BaselineRecord | null | undefined, requirementId: string): string | undefined {
  if (!record || !record.baselined.includes(requirementId)) return undefined;
  return record.entries.find((entry) => entry.matched.includes(requirementId))?.reason;
}

export function isStale(record: BaselineRecord | null | undefined): boolean {
  return record !== null && record !== undefined && (record.nowPassing.length > 0 || record.unmatched.length > 0);
}
