import type { Area, Requirement } from '../requirements/requirement.js';
import type { TransportKind } from '../transport/engine-client.js';
import type { SpecLedger, SpecStatement, StatementLevel } from './spec-ledger.js';
import { STATEMENT_LEVELS } from './spec-ledger.js';

/** A statement's standing: proved by a requirement in full, in part only, by none, or not provable from outside. */
export type StatementStanding = 'proved' | 'partial' | 'untested' | 'untestable';

export interface LevelCounts {
  total: number;
  proved: number;
  partial: number;
  untested: number;
  untestable: number;
}

export type LevelTable = Record<StatementLevel, LevelCounts>;

export interface AreaCoverage {
  area: Area;
  suite: LevelTable;
  run?: LevelTable;
}

/**
 * Coverage of the spec ledger. `suite`: what the suite's requirements prove for statements that
 * apply to the transport (static). `run`: the same, counting only requirements this run exercised
 * (disposition pass or fail: a failed check still tested the statement; inapplicable, skipped and
 * blocked ones did not).
 */
export interface CoverageRecord {
  transport: TransportKind;
  statements: number;
  verified: number;
  basis: string;
  suite: LevelTable;
  run?: LevelTable;
  byArea: AreaCoverage[];
}

export const COVERAGE_BASIS =
  "Statements of ledger/statements.json that apply to the run's transport. suite: proved by a requirement that applies on this transport; run: proved by one this run exercised (pass or fail). A statement is proved when one requirement proves it fully, partial when requirements prove parts only.";

/** Whether a statement applies on a transport (its surfaces) and a requirement runs there. */
const statementOn = (statement: SpecStatement, transport: TransportKind | undefined): boolean =>
  transport === undefined || statement.surfaces === 'both' || statement.surfaces === transport;
const requirementOn = (requirement: Requirement | undefined, transport: TransportKind | undefined): boolean =>
  requirement !== undefined && (transport === undefined || requirement.transports === undefined || requirement.transports.includes(transport));

/** The standing of one statement, counting only the proofs by requirements `counts` accepts. */
export function standingOf(statement: SpecStatement, counts: (requirementId: string) => boolean): StatementStanding {
  if (statement.untestable) return 'untestable';
  const proofs = (statement.provedBy ?? []).filter((proof) => counts(proof.requirement));
  if (proofs.some((proof) => proof.extent === 'full')) return 'proved';
  return proofs.length > 0 ? 'partial' : 'untested';
}

export function emptyLevelTable(): LevelTable {
  const table = {} as LevelTable;
  for (const level of STATEMENT_LEVELS) table[level] = { total: 0, proved: 0, partial: 0, untested: 0, untestable: 0 };
  return table;
}

function tally(statements: readonly SpecStatement[], counts: (requirementId: string) => boolean): LevelTable {
  const table = emptyLevelTable();
  for (const statement of statements) {
    const row = table[statement.level];
    row.total += 1;
    row[standingOf(statement, counts)] += 1;
  }
  return table;
}

export interface CoverageInput {
  ledger: SpecLedger;
  requirements: readonly Requirement[];
  /** The transport the figures are for; absent: every statement, every requirement. */
  transport?: TransportKind;
  /** Requirement ids this run exercised (pass or fail); absent: no run figures. */
  exercised?: ReadonlySet<string>;
}

export function computeCoverage(input: CoverageInput & { transport: TransportKind }): CoverageRecord {
  const { suite, run, byArea, statements } = coverageTables(input);
  return {
    transport: input.transport,
    statements: statements.length,
    verified: statements.filter((statement) => statement.verified).length,
    basis: COVERAGE_BASIS,
    suite,
    ...(run && { run }),
    byArea,
  };
}

/** The tables behind computeCoverage, also for the transport-free view of the `coverage` command. */
export function coverageTables(input: CoverageInput): { statements: SpecStatement[]; suite: LevelTable; run?: LevelTable; byArea: AreaCoverage[] } {
  const byId = new Map(input.requirements.map((requirement) => [requirement.id, requirement]));
  const inSuite = (id: string): boolean => requirementOn(byId.get(id), input.transport);
  const exercised = input.exercised;
  const inRun = exercised ? (id: string): boolean => inSuite(id) && exercised.has(id) : undefined;
  const statements = input.ledger.statements.filter((statement) => statementOn(statement, input.transport));
  const areas = [...new Set(statements.map((statement) => statement.area))];
  const byArea = areas.map((area) => {
    const own = statements.filter((statement) => statement.area === area);
    return { area, suite: tally(own, inSuite), ...(inRun && { run: tally(own, inRun) }) };
  });
  return { statements, suite: tally(statements, inSuite), ...(inRun && { run: tally(statements, inRun) }), byArea };
}

/** "41 % fully, 78 % at least in part" style shares of one level's row (untestable statements count in the total). */
export function shares(row: LevelCounts): { full: number; atLeastPartly: number } {
  if (row.total === 0) return { full: 0, atLeastPartly: 0 };
  return { full: row.proved / row.total, atLeastPartly: (row.proved + row.partial) / row.total };
}
