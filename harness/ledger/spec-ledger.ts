import { readFileSync } from 'node:fs';
import { packagePath } from '../support/package-paths.js';
import type { Area } from '../requirements/requirement.js';

/** How strongly a statement binds: the RFC 2119 keyword, or CONTRACT for normative text without one (tables, shapes). */
export const STATEMENT_LEVELS = ['MUST', 'SHOULD', 'MAY', 'CONTRACT'] as const;
export type StatementLevel = (typeof STATEMENT_LEVELS)[number];
export type StatementSurfaces = 'grpc' | 'rest' | 'both';

export interface StatementProof {
  requirement: string;
  /** full: the requirement proves the whole statement; partial: the part named. */
  extent: 'full' | 'partial';
  part: string;
}

/** One normative statement of the spec, as ledger/statements.json holds it (schemas/spec-ledger.schema.json). */
export interface SpecStatement {
  id: string;
  doc: string;
  section: string;
  level: StatementLevel;
  surfaces: StatementSurfaces;
  paraphrase: string;
  area: Area;
  draftId?: string;
  verified: boolean;
  specCommit?: string;
  provedBy?: StatementProof[];
  untestable?: string;
  note?: string;
}

export interface BeyondSpecRequirement {
  requirement: string;
  why: string;
}

export interface SpecLedger {
  about: string;
  specRepository: string;
  statements: SpecStatement[];
  beyondSpec: BeyondSpecRequirement[];
}

/** What a requirement proves, the inverse of the ledger's provedBy. */
export interface RequirementProof {
  statement: string;
  level: StatementLevel;
  extent: StatementProof['extent'];
  part: string;
}

export const LEDGER_PATH = (): string => packagePath('ledger', 'statements.json');

let cached: SpecLedger | undefined;

/**
 * The ledger shipped with the suite. It is data the project writes, so it is trusted to the extent
 * its schema and the consistency test (test/ledger-consistency.test.ts) hold it; a missing or
 * unparsable file is a packaging error and throws, naming the path.
 */
export function loadSpecLedger(path: string = LEDGER_PATH()): SpecLedger {
  if (cached && path === LEDGER_PATH()) return cached;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`spec ledger: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!isLedger(parsed)) throw new Error(`spec ledger: ${path} lacks statements[] or beyondSpec[]`);
  if (path === LEDGER_PATH()) cached = parsed;
  return parsed;
}

// The full shape is the schema's job (checked by the consistency test); at load time only the
// two arrays every consumer walks are confirmed, so a stray field never stops a run.
function isLedger(value: unknown): value is SpecLedger {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return Array.isArray(record['statements']) && Array.isArray(record['beyondSpec']);
}

/** requirement id → the statements it proves (fully or in part), in ledger order. */
export function proofsByRequirement(ledger: SpecLedger): Map<string, RequirementProof[]> {
  const byRequirement = new Map<string, RequirementProof[]>();
  for (const statement of ledger.statements) {
    for (const proof of statement.provedBy ?? []) {
      const list = byRequirement.get(proof.requirement) ?? [];
      list.push({ statement: statement.id, level: statement.level, extent: proof.extent, part: proof.part });
      byRequirement.set(proof.requirement, list);
    }
  }
  return byRequirement;
}

/**
 * Where ledger and registry disagree, one line each: duplicate statement ids, a provedBy or
 * beyondSpec naming no requirement, a requirement neither proving a statement nor marked
 * beyond-spec, one that is both, a statement both proved and untestable. Empty when consistent.
 */
export function ledgerInconsistencies(ledger: SpecLedger, requirementIds: readonly string[]): string[] {
  const problems: string[] = [];
  const known = new Set(requirementIds);
  const seen = new Set<string>();
  for (const statement of ledger.statements) {
    if (seen.has(statement.id)) problems.push(`statement id ${statement.id} appears twice`);
    seen.add(statement.id);
    if (statement.provedBy && statement.untestable) problems.push(`statement ${statement.id} is both proved and untestable`);
    for (const proof of statement.provedBy ?? []) {
      if (!known.has(proof.requirement)) problems.push(`statement ${statement.id} names unknown requirement ${proof.requirement}`);
    }
  }
  const proving = proofsByRequirement(ledger);
  const beyond = new Set<string>();
  for (const entry of ledger.beyondSpec) {
    if (!known.has(entry.requirement)) problems.push(`beyondSpec names unknown requirement ${entry.requirement}`);
    if (beyond.has(entry.requirement)) problems.push(`beyondSpec lists ${entry.requirement} twice`);
    beyond.add(entry.requirement);
    if (proving.has(entry.requirement))
      problems.push(
        `${entry.requirement} is marked beyond-spec but proves ${proving
          .get(entry.requirement)
          ?.map((proof) => proof.statement)
          .join(', ')}`,
      );
  }
  for (const id of requirementIds) {
    if (!proving.has(id) && !beyond.has(id)) problems.push(`requirement ${id} proves no statement and is not marked beyond-spec`);
  }
  return problems;
}
