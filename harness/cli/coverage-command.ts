import type { LevelTable } from '../ledger/coverage.js';
import { coverageTables, shares, standingOf } from '../ledger/coverage.js';
import type { SpecStatement } from '../ledger/spec-ledger.js';
import { STATEMENT_LEVELS, loadSpecLedger, proofsByRequirement } from '../ledger/spec-ledger.js';
import { REQUIREMENTS } from '../requirements/registry.js';
import type { TransportKind } from '../transport/engine-client.js';
import type { CommandIO, ExitCodeValue } from './command-io.js';
import { ExitCode } from './command-io.js';

export interface CoverageOptions {
  json: boolean;
  untested: boolean;
  /** Figures for one transport's statements and requirements; absent: every statement. */
  transport?: TransportKind;
}

/**
 * `openwop-conformance coverage`: how much of the spec ledger the suite's requirements prove
 * (static: no engine is contacted). `--json` prints the ledger with each requirement's statements,
 * `--untested` lists the statements no requirement proves and those that cannot be tested, with why.
 */
export function coverageCommand(options: CoverageOptions, io: CommandIO): ExitCodeValue {
  const ledger = loadSpecLedger();
  const inSuite = (id: string): boolean =>
    REQUIREMENTS.has(id) && (options.transport === undefined || REQUIREMENTS.get(id).transports?.includes(options.transport) !== false);
  const tables = coverageTables({ ledger, requirements: REQUIREMENTS.all, ...(options.transport && { transport: options.transport }) });
  if (options.json) {
    const proves = Object.fromEntries(proofsByRequirement(ledger));
    io.out(
      JSON.stringify(
        { ...ledger, requirementProofs: proves, coverage: { transport: options.transport ?? 'any', suite: tables.suite, byArea: tables.byArea } },
        null,
        2,
      ),
    );
    return ExitCode.conformant;
  }
  if (options.untested) {
    printUntested(tables.statements, inSuite, io);
    return ExitCode.conformant;
  }
  const verified = tables.statements.filter((statement) => statement.verified).length;
  io.out(
    `Spec ledger: ${tables.statements.length} statements${options.transport ? ` over ${options.transport}` : ''}, ${verified} verified against the spec text (${ledger.specRepository}), ${tables.statements.length - verified} not yet`,
  );
  printTable('all areas', tables.suite, io);
  for (const area of tables.byArea) printTable(area.area, area.suite, io);
  io.out(
    `${ledger.beyondSpec.length} requirements prove no statement (beyond-spec robustness): ${ledger.beyondSpec.map((entry) => entry.requirement).join(', ')}`,
  );
  return ExitCode.conformant;
}

function printTable(label: string, table: LevelTable, io: CommandIO): void {
  io.out('');
  io.out(`${label}`);
  io.out(
    `  ${'level'.padEnd(8)} ${'total'.padStart(5)} ${'proved'.padStart(6)} ${'partly'.padStart(6)} ${'untested'.padStart(8)} ${'n/t'.padStart(4)}   fully / at least partly`,
  );
  for (const level of STATEMENT_LEVELS) {
    const row = table[level];
    if (row.total === 0) continue;
    const share = shares(row);
    io.out(
      `  ${level.padEnd(8)} ${String(row.total).padStart(5)} ${String(row.proved).padStart(6)} ${String(row.partial).padStart(6)} ${String(row.untested).padStart(8)} ${String(row.untestable).padStart(4)}   ${Math.round(share.full * 100)} % / ${Math.round(share.atLeastPartly * 100)} %`,
    );
  }
}

function printUntested(statements: readonly SpecStatement[], inSuite: (id: string) => boolean, io: CommandIO): void {
  const untested = statements.filter((statement) => standingOf(statement, inSuite) === 'untested');
  const untestable = statements.filter((statement) => standingOf(statement, inSuite) === 'untestable');
  const line = (statement: SpecStatement, why?: string): string =>
    `  ${statement.level.padEnd(8)} ${statement.id}  ${statement.doc} §${statement.section}: ${statement.paraphrase}${why ? ` — ${why}` : ''}`;
  io.out(`Proved by no requirement (${untested.length}):`);
  for (const statement of untested) io.out(line(statement, statement.note));
  io.out('');
  io.out(`Not testable from outside the engine (${untestable.length}):`);
  for (const statement of untestable) io.out(line(statement, statement.untestable));
}
