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
import { UnwritableDirError, ensureWritableDir } from './writable-dir.js';
import { catalogueProblems, judgeFault, judgeTolerated } from './kill-judgement.js';

export interface SelftestOptions {
  reportDir: string;
  /** Runs in flight at once; each run mostly waits on timers, so more than the core count is fine. */
  concurrency: number;
  /** Only these faults or tolerated variants (for quick local iteration); all by default. */
  faults?: string[];
  /** The surfaces to prove the catalogue over (--surface); both by default. */
  surfaces?: Surface[];
  /**
   * --jobs of each child run; absent, the children use run's default, so the self-test proves the
   * verdicts users get. With --concurrency runs in flight that is concurrency × jobs checks at once.
   */
  jobs?: number;
}

/** The bundled engine serves both; a run reaches it over one (and compares the other in the parity area). */
export const SELFTEST_SURFACES = ['grpc', 'rest'] as const;
export type Surface = (typeof SELFTEST_SURFACES)[number];
const TARGET_OF: Record<Surface, string> = { grpc: 'reference', rest: 'reference-rest' };

const BIN = fileURLToPath(new URL('../../bin/openwop-conformance.js', import.meta.url));

export interface ChildRun {
  exitCode: number;
  report: ComplianceReport | undefined;
  stderr: string;
}

/** One suite run against the bundled engine in a child process, so variants never share state. */
function runChild(reportDir: string, surface: Surface, switches: string[], jobs: number | undefined): Promise<ChildRun> {
  const args = [BIN, 'run', '--target', TARGET_OF[surface], '--report-dir', reportDir, '--quiet', ...(jobs !== undefined ? ['--jobs', String(jobs)] : []), ...switches];
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
  const results = new Array<R>(items.length);
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

type Job = ({ kind: 'clean' } | { kind: 'fault'; fault: Fault } | { kind: 'tolerated'; variant: ToleratedVariant }) & { surface: Surface };

/** Every catalogue entry is proven over each surface it can be seen on (absent: both), within the ones asked for. */
const surfacesOf = (entry: { surfaces?: readonly Surface[] }, asked: readonly Surface[]): Surface[] => asked.filter((surface) => (entry.surfaces ?? SELFTEST_SURFACES).includes(surface));
/** Per-surface directory and display names: the gRPC run keeps the bare name, as before REST existed. */
const suffix = (surface: Surface): string => (surface === 'grpc' ? '' : `@${surface}`);

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
  try {
    await ensureWritableDir(options.reportDir);
  } catch (error) {
    if (!(error instanceof UnwritableDirError)) throw error;
    io.err(`openwop-conformance: ${error.message}`);
    return ExitCode.reportDirUnwritable;
  }
  const faults = only.length > 0 ? FAULTS.filter((fault) => only.includes(fault.name)) : [...FAULTS];
  const variants = only.length > 0 ? TOLERATED_VARIANTS.filter((variant) => only.includes(variant.name)) : [...TOLERATED_VARIANTS];
  const problems = only.length > 0 ? [] : catalogueProblems(FAULTS);
  const runsDir = join(options.reportDir, 'selftest');
  const asked = options.surfaces && options.surfaces.length > 0 ? SELFTEST_SURFACES.filter((surface) => options.surfaces?.includes(surface)) : [...SELFTEST_SURFACES];
  const jobs: Job[] = [
    ...asked.map((surface) => ({ kind: 'clean' as const, surface })),
    ...faults.flatMap((fault) => surfacesOf(fault, asked).map((surface) => ({ kind: 'fault' as const, fault, surface }))),
    ...variants.flatMap((variant) => surfacesOf(variant, asked).map((surface) => ({ kind: 'tolerated' as const, variant, surface }))),
  ];
  const runs = await inPool(jobs, options.concurrency, (job) => {
    switch (job.kind) {
      case 'clean':
        return runChild(join(runsDir, `clean${suffix(job.surface)}`), job.surface, [], options.jobs);
      case 'fault':
        return runChild(join(runsDir, `${job.fault.name}${suffix(job.surface)}`), job.surface, ['--fault', job.fault.name], options.jobs);
      case 'tolerated':
        return runChild(join(runsDir, `tolerated-${job.variant.name}${suffix(job.surface)}`), job.surface, ['--variant', job.variant.name], options.jobs);
    }
  });

  let referenceClean = true;
  const faultEntries: FaultJudgement[] = [];
  const toleratedEntries: ToleratedJudgement[] = [];
  jobs.forEach((job, index) => {
    const run = runs[index] as ChildRun;
    if (job.kind === 'clean') {
      const clean = isClean(run);
      referenceClean &&= clean;
      io.out(describeClean(run, job.surface, clean));
    }
    // A judgement's name carries its surface (`name@rest`), so kill-matrix.json keeps one entry per run.
    if (job.kind === 'fault') faultEntries.push({ ...judgeFault(job.fault, run), name: `${job.fault.name}${suffix(job.surface)}`, surface: job.surface });
    if (job.kind === 'tolerated') toleratedEntries.push({ ...judgeTolerated(job.variant, run), name: `${job.variant.name}${suffix(job.surface)}`, surface: job.surface });
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

  const passed = jobs.filter((job, index) => job.kind === 'clean' && isClean(runs[index] as ChildRun)).length + matrix.killed + toleratedEntries.filter((entry) => entry.conformant).length;
  const failed = jobs.length - passed + problems.length + (issues.length > 0 ? 1 : 0);
  io.out(`Kill matrix: ${matrixPath}`);
  io.out(`selftest: ${passed} passed, ${failed} failed`);
  return failed === 0 ? ExitCode.conformant : ExitCode.nonConformant;
}

function isClean(run: ChildRun): boolean {
  const report = run.report;
  return run.exitCode === 0 && report !== undefined && report.summary.fail === 0 && report.summary.blocked === 0 && report.summary.pass > 0;
}

function describeClean(run: ChildRun, surface: Surface, clean: boolean): string {
  const report = run.report;
  const over = `over ${surface === 'grpc' ? 'gRPC' : 'REST + SSE'}`;
  if (clean) return `✓ clean reference engine ${over}: ${report?.summary.pass} pass, ${report?.summary.inapplicable} inapplicable, 0 fail, 0 blocked`;
  const problems = report ? report.results.filter((r) => r.disposition === 'fail' || r.disposition === 'blocked').map((r) => `${r.requirementId} ${r.disposition}: ${r.reason}`).join(' | ') : run.stderr;
  return `✗ clean reference engine ${over} is not clean (exit ${run.exitCode}): ${problems}`;
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
