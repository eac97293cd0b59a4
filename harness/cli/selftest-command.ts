import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fault } from '../../fixtures/reference-engine/faults/fault-catalogue.js';
import { FAULTS } from '../../fixtures/reference-engine/faults/fault-catalogue.js';
import { REQUIREMENTS } from '../requirements/registry.js';
import type { ComplianceReport } from '../verdicts/results.js';
import { SchemaId } from '../schemas/schema-ids.js';
import { formatSchemaIssue, sharedSchemaRegistry } from '../schemas/schema-registry.js';
import type { CommandIO, ExitCodeValue } from './command-io.js';
import { ExitCode } from './command-io.js';

export interface SelftestOptions {
  reportDir: string;
  /** Runs in flight at once; each run mostly waits on timers, so more than the core count is fine. */
  concurrency: number;
  /** Only these faults (for quick local iteration); all by default. */
  faults?: string[];
}

export interface KillMatrixEntry {
  name: string;
  expected: string[];
  failed: string[];
  killed: boolean;
  collateral: string[];
  error: string | null;
}

export interface KillMatrix {
  generatedAt: string;
  referenceClean: boolean;
  total: number;
  killed: number;
  faults: KillMatrixEntry[];
}

const BIN = fileURLToPath(new URL('../../bin/openwop-conformance.js', import.meta.url));

interface ChildRun {
  exitCode: number;
  report: ComplianceReport | undefined;
  stderr: string;
}

/** One suite run against the bundled engine in a child process, so faults never share state. */
function runChild(reportDir: string, faults: string[]): Promise<ChildRun> {
  const args = [BIN, 'run', '--target', 'reference', '--report-dir', reportDir, '--quiet', ...faults.flatMap((fault) => ['--fault', fault])];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : 2) : 0;
      readFile(join(reportDir, 'report.json'), 'utf8')
        .then((text) => resolve({ exitCode, report: JSON.parse(text) as ComplianceReport, stderr }))
        .catch(() => resolve({ exitCode, report: undefined, stderr }));
    });
  });
}

async function inPool<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}

/**
 * A fault counts as killed only if the run completed normally (exit 0 or 1 with a report) and
 * every requirement it names failed. A run that crashed, or could not reach the engine, kills
 * nothing: that would be the harness failing, not the suite catching the fault.
 */
export function judgeFault(fault: Fault, run: ChildRun): KillMatrixEntry {
  const failed = run.report?.results.filter((result) => result.disposition === 'fail').map((result) => result.requirementId) ?? [];
  const completed = run.report !== undefined && run.report.connectionError === null && (run.exitCode === 0 || run.exitCode === 1);
  const error = completed ? null : `run did not complete (exit ${run.exitCode}): ${run.report?.connectionError ?? run.stderr.trim().split('\n')[0] ?? 'no report'}`;
  return {
    name: fault.name,
    expected: [...fault.kills],
    failed,
    killed: completed && fault.kills.every((id) => failed.includes(id)),
    collateral: failed.filter((id) => !fault.kills.includes(id)),
    error,
  };
}

/** Problems with the catalogue itself: unknown requirement ids, MUST requirements no fault kills. */
export function catalogueProblems(faults: readonly Fault[]): string[] {
  const problems: string[] = [];
  for (const fault of faults) {
    for (const id of fault.kills) if (!REQUIREMENTS.has(id)) problems.push(`fault ${fault.name} names unknown requirement ${id}`);
    if (fault.kills.length === 0) problems.push(`fault ${fault.name} names no requirement to kill`);
  }
  for (const requirement of REQUIREMENTS.all) {
    if (requirement.level === 'MUST' && !faults.some((fault) => fault.kills.includes(requirement.id))) {
      problems.push(`MUST requirement ${requirement.id} has no fault that proves the suite can fail it`);
    }
  }
  return problems;
}

/** `openwop-conformance selftest`: the clean engine must pass everything; each fault must be caught. */
export async function selftestCommand(options: SelftestOptions, io: CommandIO): Promise<ExitCodeValue> {
  const selected = options.faults?.length ? FAULTS.filter((fault) => options.faults?.includes(fault.name)) : [...FAULTS];
  const unknown = (options.faults ?? []).filter((name) => !FAULTS.some((fault) => fault.name === name));
  if (unknown.length > 0) {
    io.err(`openwop-conformance: unknown fault(s) ${unknown.join(', ')}; see 'openwop-conformance faults'`);
    return ExitCode.usageOrConnection;
  }
  const problems = options.faults?.length ? [] : catalogueProblems(FAULTS);
  const runsDir = join(options.reportDir, 'selftest');
  const jobs: { fault: Fault | undefined }[] = [{ fault: undefined }, ...selected.map((fault) => ({ fault }))];
  const runs = await inPool(jobs, options.concurrency, ({ fault }) => runChild(join(runsDir, fault?.name ?? 'clean'), fault ? [fault.name] : []));

  const clean = runs[0];
  const cleanReport = clean?.report;
  const referenceClean =
    clean?.exitCode === 0 && cleanReport !== undefined && cleanReport.summary.fail === 0 && cleanReport.summary.blocked === 0 && cleanReport.summary.pass > 0;
  io.out(
    referenceClean
      ? `✓ clean reference engine: ${cleanReport?.summary.pass} pass, ${cleanReport?.summary.inapplicable} inapplicable, 0 fail, 0 blocked`
      : `✗ clean reference engine is not clean (exit ${clean?.exitCode}): ${cleanReport ? cleanReport.results.filter((r) => r.disposition === 'fail' || r.disposition === 'blocked').map((r) => `${r.requirementId} ${r.disposition}: ${r.reason}`).join(' | ') : clean?.stderr}`,
  );

  const entries = selected.map((fault, index) => judgeFault(fault, runs[index + 1] as ChildRun));
  for (const entry of entries) {
    const collateral = entry.collateral.length > 0 ? ` (+${entry.collateral.length} collateral: ${entry.collateral.join(', ')})` : '';
    if (entry.killed) io.out(`✓ ${entry.name}: killed ${entry.expected.join(', ')}${collateral}`);
    else io.out(`✗ ${entry.name}: NOT killed; expected ${entry.expected.join(', ')} to fail, failed: ${entry.failed.join(', ') || 'nothing'}${entry.error ? `; ${entry.error}` : ''}`);
  }
  for (const problem of problems) io.out(`✗ catalogue: ${problem}`);

  const matrix: KillMatrix = { generatedAt: new Date().toISOString(), referenceClean, total: entries.length, killed: entries.filter((entry) => entry.killed).length, faults: entries };
  const issues = sharedSchemaRegistry().validate(SchemaId.killMatrix, matrix);
  await mkdir(options.reportDir, { recursive: true });
  const matrixPath = join(options.reportDir, 'kill-matrix.json');
  await writeFile(matrixPath, `${JSON.stringify(matrix, null, 2)}\n`);
  if (issues.length > 0) io.out(`✗ kill-matrix.json is outside its schema (a suite bug): ${issues.map((issue) => formatSchemaIssue(issue)).join('; ')}`);

  const passed = (referenceClean ? 1 : 0) + matrix.killed;
  const failed = jobs.length - passed + problems.length + (issues.length > 0 ? 1 : 0);
  io.out(`Kill matrix: ${matrixPath}`);
  io.out(`selftest: ${passed} passed, ${failed} failed`);
  return failed === 0 ? ExitCode.conformant : ExitCode.nonConformant;
}
