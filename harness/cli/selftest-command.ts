import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fault, ToleratedVariant } from '../../fixtures/reference-engine/faults/fault-catalogue.js';
import { FAULTS, TOLERATED_VARIANTS } from '../../fixtures/reference-engine/faults/fault-catalogue.js';
import type { ComplianceReport } from '../verdicts/results.js';
import { SchemaId } from '../schemas/schema-ids.js';
import { formatSchemaIssue, sharedSchemaRegistry } from '../schemas/schema-registry.js';
import type { CommandIO, ExitCodeValue } from './command-io.js';
import { ExitCode } from './command-io.js';
import type { FaultJudgement, KillMatrix, ToleratedJudgement } from './kill-judgement.js';
import { catalogueProblems, judgeFault, judgeTolerated } from './kill-judgement.js';

export interface SelftestOptions {
  reportDir: string;
  /** Runs in flight at once; each run mostly waits on timers, so more than the core count is fine. */
  concurrency: number;
  /** Only these faults or tolerated variants (for quick local iteration); all by default. */
  faults?: string[];
  /**
   * --jobs of each child run; absent, the children use run's default, so the self-test proves the
   * verdicts users get. With --concurrency runs in flight that is concurrency × jobs checks at once.
   */
  jobs?: number;
}

const BIN = fileURLToPath(new URL('../../bin/openwop-conformance.js', import.meta.url));

export interface ChildRun {
  exitCode: number;
  report: ComplianceReport | undefined;
  stderr: string;
}

/** One suite run against the bundled engine in a child process, so variants never share state. */
function runChild(reportDir: string, switches: string[], jobs: number | undefined): Promise<ChildRun> {
  const args = [BIN, 'run', '--target', 'reference', '--report-dir', reportDir, '--quiet', ...(jobs !== undefined ? ['--jobs', String(jobs)] : []), ...switches];
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

type Job = { kind: 'clean' } | { kind: 'fault'; fault: Fault } | { kind: 'tolerated'; variant: ToleratedVariant };

/**
 * `openwop-conformance selftest`: the clean engine must pass everything, each fault must be caught
 * for its stated reason, and each tolerated variant must stay conformant.
 */
export async function selftestCommand(options: SelftestOptions, io: CommandIO): Promise<ExitCodeValue> {
  const only = options.faults ?? [];
  const known = (name: string): boolean => FAULTS.some((fault) => fault.name === name) || TOLERATED_VARIANTS.some((variant) => variant.name === name);
  const unknown = only.filter((name) => !known(name));
  if (unknown.length > 0) {
    io.err(`openwop-conformance: unknown fault(s) or variant(s) ${unknown.join(', ')}; see 'openwop-conformance faults'`);
    return ExitCode.usageOrConnection;
  }
  const faults = only.length > 0 ? FAULTS.filter((fault) => only.includes(fault.name)) : [...FAULTS];
  const variants = only.length > 0 ? TOLERATED_VARIANTS.filter((variant) => only.includes(variant.name)) : [...TOLERATED_VARIANTS];
  const problems = only.length > 0 ? [] : catalogueProblems(FAULTS);
  const runsDir = join(options.reportDir, 'selftest');
  const jobs: Job[] = [{ kind: 'clean' }, ...faults.map((fault) => ({ kind: 'fault' as const, fault })), ...variants.map((variant) => ({ kind: 'tolerated' as const, variant }))];
  const runs = await inPool(jobs, options.concurrency, (job) => {
    switch (job.kind) {
      case 'clean':
        return runChild(join(runsDir, 'clean'), [], options.jobs);
      case 'fault':
        return runChild(join(runsDir, job.fault.name), ['--fault', job.fault.name], options.jobs);
      case 'tolerated':
        return runChild(join(runsDir, `tolerated-${job.variant.name}`), ['--variant', job.variant.name], options.jobs);
    }
  });

  const clean = runs[0];
  const cleanReport = clean?.report;
  const referenceClean =
    clean?.exitCode === 0 && cleanReport !== undefined && cleanReport.summary.fail === 0 && cleanReport.summary.blocked === 0 && cleanReport.summary.pass > 0;
  io.out(
    referenceClean
      ? `✓ clean reference engine: ${cleanReport?.summary.pass} pass, ${cleanReport?.summary.inapplicable} inapplicable, 0 fail, 0 blocked`
      : `✗ clean reference engine is not clean (exit ${clean?.exitCode}): ${cleanReport ? cleanReport.results.filter((r) => r.disposition === 'fail' || r.disposition === 'blocked').map((r) => `${r.requirementId} ${r.disposition}: ${r.reason}`).join(' | ') : clean?.stderr}`,
  );

  const faultEntries: FaultJudgement[] = [];
  const toleratedEntries: ToleratedJudgement[] = [];
  jobs.forEach((job, index) => {
    const run = runs[index] as ChildRun;
    if (job.kind === 'fault') faultEntries.push(judgeFault(job.fault, run));
    if (job.kind === 'tolerated') toleratedEntries.push(judgeTolerated(job.variant, run));
  });
  for (const entry of faultEntries) io.out(describeFault(entry));
  for (const entry of toleratedEntries) io.out(describeTolerated(entry));
  for (const problem of problems) io.out(`✗ catalogue: ${problem}`);

  const matrix: KillMatrix = {
    generatedAt: new Date().toISOString(),
    referenceClean,
    total: faultEntries.length,
    killed: faultEntries.filter((entry) => entry.killed).length,
    faults: faultEntries,
    tolerated: toleratedEntries,
  };
  const issues = sharedSchemaRegistry().validate(SchemaId.killMatrix, matrix);
  await mkdir(options.reportDir, { recursive: true });
  const matrixPath = join(options.reportDir, 'kill-matrix.json');
  await writeFile(matrixPath, `${JSON.stringify(matrix, null, 2)}\n`);
  if (issues.length > 0) io.out(`✗ kill-matrix.json is outside its schema (a suite bug): ${issues.map((issue) => formatSchemaIssue(issue)).join('; ')}`);

  const passed = (referenceClean ? 1 : 0) + matrix.killed + toleratedEntries.filter((entry) => entry.conformant).length;
  const failed = jobs.length - passed + problems.length + (issues.length > 0 ? 1 : 0);
  io.out(`Kill matrix: ${matrixPath}`);
  io.out(`selftest: ${passed} passed, ${failed} failed`);
  return failed === 0 ? ExitCode.conformant : ExitCode.nonConformant;
}

function describeFault(entry: FaultJudgement): string {
  const collateral = entry.collateral.length > 0 ? ` (+${entry.collateral.length} collateral: ${entry.collateral.join(', ')})` : '';
  const expected = [...entry.expected.map((kill) => kill.requirement), ...(entry.expectedVerdict ? [`verdict ${entry.expectedVerdict}`] : [])].join(', ');
  if (entry.killed) return `✓ ${entry.name}: killed ${expected}${collateral}`;
  const other = entry.killedForAnotherReason.map((miss) => `${miss.requirement} failed for another reason: ${miss.reason}`);
  const missing = entry.missed.map((id) => `${id} did not fail`);
  const verdict = entry.expectedVerdict && entry.verdict !== entry.expectedVerdict ? [`verdict ${entry.verdict ?? 'none'}, not ${entry.expectedVerdict}`] : [];
  return `✗ ${entry.name}: NOT killed for its stated reason; ${[...missing, ...other, ...verdict, ...(entry.error ? [entry.error] : [])].join('; ')}`;
}

function describeTolerated(entry: ToleratedJudgement): string {
  if (entry.conformant) return entry.expectedBlocked ? `✓ tolerated ${entry.name}: blocked (never failed) as expected, verdict ${entry.verdict ?? 'none'}` : `✓ tolerated ${entry.name}: conformant`;
  const held = [...entry.failed.map((id) => `${id} failed`), ...entry.blocked.map((id) => `${id} blocked`)];
  return `✗ tolerated ${entry.name}: verdict ${entry.verdict ?? 'none'}; ${[...held, ...(entry.error ? [entry.error] : [])].join('; ')}`;
}
