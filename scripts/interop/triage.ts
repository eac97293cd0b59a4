// Triage files (interop/triage/<engine>.json): for every requirement that does not pass on an
// engine, the disposition a human expects per events mode and why. Comparing a matrix with them
// lists every result that moved. Pure functions.

import type { InteropMatrix } from './matrix.js';

/**
 * - `deviation`: the engine breaks the cited spec text (the why says what it sent);
 * - `correct-block` / `inapplicable`: the suite rightly could not or need not judge it;
 * - `suite-bug`: the suite's rule is wrong (`suiteBugClass` is issue 15's class number, or
 *   `new` for a class the issue does not list);
 * - `untriaged`: seeded by `--seed-triage`, not yet looked at (always reported as moved).
 */
export const TRIAGE_KINDS = ['deviation', 'correct-block', 'inapplicable', 'suite-bug', 'untriaged'] as const;
export type TriageKind = (typeof TRIAGE_KINDS)[number];

export interface TriageEntry {
  requirementId: string;
  /**
   * Expected disposition per events mode; a mode not listed is expected to pass. `fail|pass` names
   * every disposition a race in the engine can give (the why says which race); any of them is expected.
   */
  expected: Record<string, string>;
  kind: TriageKind;
  suiteBugClass?: number | 'new';
  /** For a suite bug: the disposition per mode once the suite's rule is fixed, where it is known. */
  shouldBe?: Record<string, string>;
  why: string;
}

export interface TriageFile {
  engine: string;
  /** What the triage was made against (suite commit, host commit), free text. */
  basis: string;
  /** Open questions settled for this engine's results, each with the spec words it rests on. */
  decisions?: string[];
  entries: TriageEntry[];
}

export interface MovedResult {
  engine: string;
  mode: string;
  requirementId: string;
  expected: string;
  actual: string;
  note: string;
}

/** Reads a parsed triage file, or throws one line naming the first thing wrong with it. */
export function parseTriageFile(raw: unknown, source: string): TriageFile {
  const fail = (what: string): never => {
    throw new Error(`${source}: ${what}`);
  };
  if (typeof raw !== 'object' || raw === null) return fail('not a JSON object');
  const doc = raw as Record<string, unknown>;
  if (typeof doc.engine !== 'string') fail('"engine" must be a string');
  if (!Array.isArray(doc.entries)) fail('"entries" must be an array');
  const seen = new Set<string>();
  const entries = (doc.entries as unknown[]).map((item, i): TriageEntry => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const at = `entries[${i}]`;
    if (typeof entry.requirementId !== 'string') fail(`${at}.requirementId must be a string`);
    if (seen.has(entry.requirementId as string)) fail(`${at}: ${String(entry.requirementId)} is listed twice`);
    seen.add(entry.requirementId as string);
    const expected = entry.expected;
    if (typeof expected !== 'object' || expected === null || Object.values(expected).some((v) => typeof v !== 'string')) {
      fail(`${at}.expected must map events modes to dispositions`);
    }
    if (!(TRIAGE_KINDS as readonly unknown[]).includes(entry.kind)) fail(`${at}.kind must be one of ${TRIAGE_KINDS.join(', ')}`);
    if (typeof entry.why !== 'string' || entry.why.length === 0) fail(`${at}.why must say why`);
    const bugClass = entry.suiteBugClass;
    if (entry.kind === 'suite-bug' && !(bugClass === 'new' || (typeof bugClass === 'number' && Number.isInteger(bugClass)))) {
      fail(`${at}: a suite-bug names its suiteBugClass (issue 15 class number, or "new")`);
    }
    const parsed: TriageEntry = {
      requirementId: entry.requirementId as string,
      expected: expected as Record<string, string>,
      kind: entry.kind as TriageKind,
      why: entry.why as string,
    };
    if (bugClass !== undefined) parsed.suiteBugClass = bugClass as number | 'new';
    if (typeof entry.shouldBe === 'object' && entry.shouldBe !== null) parsed.shouldBe = entry.shouldBe as Record<string, string>;
    return parsed;
  });
  if (doc.decisions !== undefined && (!Array.isArray(doc.decisions) || doc.decisions.some((d) => typeof d !== 'string'))) fail('"decisions" must be an array of strings');
  const file: TriageFile = { engine: doc.engine as string, basis: typeof doc.basis === 'string' ? doc.basis : '', entries };
  if (Array.isArray(doc.decisions)) file.decisions = doc.decisions as string[];
  return file;
}

/**
 * Every result of `engine` in the matrix whose disposition is not the triaged one (no entry means
 * "expected to pass"), every untriaged entry, and every entry naming a requirement no run reported.
 */
export function compareWithTriage(matrix: InteropMatrix, triage: TriageFile): MovedResult[] {
  const moved: MovedResult[] = [];
  const byId = new Map(triage.entries.map((e) => [e.requirementId, e]));
  const columns = matrix.columns.filter((c) => c.engine === triage.engine && c.failure === undefined);
  for (const row of matrix.rows) {
    const entry = byId.get(row.requirementId);
    for (const column of columns) {
      const cell = row.cells[column.key];
      if (cell === undefined) continue;
      const expected = entry?.expected[column.mode] ?? 'pass';
      if (entry?.kind === 'untriaged') {
        moved.push({ engine: triage.engine, mode: column.mode, requirementId: row.requirementId, expected, actual: cell.disposition, note: 'not yet triaged' });
      } else if (!expected.split('|').includes(cell.disposition)) {
        const fixed = entry?.shouldBe?.[column.mode] === cell.disposition;
        const note = entry === undefined ? 'no triage entry' : fixed ? 'the suite bug looks fixed: update the triage' : `triaged ${entry.kind}`;
        moved.push({ engine: triage.engine, mode: column.mode, requirementId: row.requirementId, expected, actual: cell.disposition, note });
      }
    }
  }
  const reported = new Set(matrix.rows.filter((r) => columns.some((c) => r.cells[c.key] !== undefined)).map((r) => r.requirementId));
  for (const entry of triage.entries) {
    if (columns.length > 0 && !reported.has(entry.requirementId)) {
      moved.push({ engine: triage.engine, mode: '*', requirementId: entry.requirementId, expected: 'reported', actual: 'absent', note: 'the triage names a requirement no run reported' });
    }
  }
  return moved;
}

/** A triage skeleton for the engine's non-pass results that have no entry yet, to be edited by hand. */
export function seedTriage(matrix: InteropMatrix, engine: string, existing: TriageFile | undefined, basis: string): TriageFile {
  const entries = [...(existing?.entries ?? [])];
  const known = new Set(entries.map((e) => e.requirementId));
  const columns = matrix.columns.filter((c) => c.engine === engine && c.failure === undefined);
  for (const row of matrix.rows) {
    if (known.has(row.requirementId)) continue;
    const expected: Record<string, string> = {};
    const reasons: string[] = [];
    for (const column of columns) {
      const cell = row.cells[column.key];
      if (cell === undefined || cell.disposition === 'pass') continue;
      expected[column.mode] = cell.disposition;
      if (cell.reason !== null) reasons.push(`${column.mode}: ${cell.reason}`);
    }
    if (Object.keys(expected).length === 0) continue;
    entries.push({ requirementId: row.requirementId, expected, kind: 'untriaged', why: reasons.join(' / ') || 'no reason reported' });
  }
  return { engine, basis: existing?.basis ?? basis, ...(existing?.decisions !== undefined && { decisions: existing.decisions }), entries };
}

export function formatMoved(moved: readonly MovedResult[]): string[] {
  return moved.map((m) => `${m.engine}/${m.mode} ${m.requirementId}: expected ${m.expected}, got ${m.actual} (${m.note})`);
}
