import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fault, ToleratedVariant } from '../../fixtures/reference-engine/faults/fault-catalogue.js';
import type { ComplianceReport } from '../verdicts/results.js';
import type { FaultJudgement, KillMatrix, ToleratedJudgement } from './kill-judgement.js';
import { judgeFault, judgeTolerated } from './kill-judgement.js';

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
  const args = [
    BIN,
    'run',
    '--target',
    TARGET_OF[surface],
    '--report-dir',
    reportDir,
    '--quiet',
    ...(jobs !== undefined ? ['--jobs', String(jobs)] : []),
    ...switches,
  ];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : 2) : 0;
      readFile(join(reportDir, 'report.json'), 'utf8')
        .then((text) => resolve({ exitCode, report: JSON.parse(text) as ComplianceReport, stderr }))
        .catch(() => resolve({ exitCode, report: undefined, stderr }));
    });
  });
}

/**
 * Runs `work` over the items, `concurrency` at a time; the items `alone` selects run afterwards,
 * one by one with nothing else in flight (a flooding engine must not be judged on a machine the
 * self-test itself loads).
 */
async function inPool<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>, alone: (item: T) => boolean = () => false): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  const shared = items.map((_, index) => index).filter((index) => !alone(items[index] as T));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < shared.length) {
      const index = shared[next++] as number;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, shared.length)) }, worker));
  for (const [index, item] of items.entries()) if (alone(item)) results[index] = await work(item);
  return results;
}

type Job = ({ kind: 'clean' } | { kind: 'fault'; fault: Fault } | { kind: 'tolerated'; variant: ToleratedVariant }) & { surface: Surface };

/** Every catalogue entry is proven over each surface it can be seen on (absent: both), within the ones asked for. */
const surfacesOf = (entry: { surfaces?: readonly Surface[] }, asked: readonly Surface[]): Surface[] =>
  asked.filter((surface) => (entry.surfaces ?? SELFTEST_SURFACES).includes(surface));
/** Per-surface directory and display names: the gRPC run keeps the bare name, as before REST existed. */
const suffix = (surface: Surface): string => (surface === 'grpc' ? '' : `@${surface}`);

export interface SelftestPlan {
  faults: readonly Fault[];
  variants: readonly ToleratedVariant[];
  surfaces: readonly Surface[];
  /** Where each child run writes its reports (one directory per run). */
  runsDir: string;
  /** Child runs in flight at once. */
  concurrency: number;
  /** --jobs of each child run; absent, the children use run's default. */
  jobs?: number;
}

/** What the self-test saw: each clean run, and the kill matrix (without its timestamp) from the rest. */
export interface SelftestOutcome {
  clean: { surface: Surface; run: ChildRun; clean: boolean }[];
  matrix: Omit<KillMatrix, 'generatedAt'>;
}

/**
 * Runs the clean engine, each fault and each tolerated variant over each of its surfaces, in child
 * processes, and judges every run: a fault must be killed for its stated reason, a variant must
 * stay conformant, the clean engine must pass everything.
 */
export async function runSelftest(plan: SelftestPlan): Promise<SelftestOutcome> {
  const jobs: Job[] = [
    ...plan.surfaces.map((surface) => ({ kind: 'clean' as const, surface })),
    ...plan.faults.flatMap((fault) => surfacesOf(fault, plan.surfaces).map((surface) => ({ kind: 'fault' as const, fault, surface }))),
    ...plan.variants.flatMap((variant) => surfacesOf(variant, plan.surfaces).map((surface) => ({ kind: 'tolerated' as const, variant, surface }))),
  ];
  const runs = await inPool(
    jobs,
    plan.concurrency,
    (job) => {
      switch (job.kind) {
        case 'clean':
          return runChild(join(plan.runsDir, `clean${suffix(job.surface)}`), job.surface, [], plan.jobs);
        case 'fault':
          return runChild(join(plan.runsDir, `${job.fault.name}${suffix(job.surface)}`), job.surface, ['--fault', job.fault.name], plan.jobs);
        case 'tolerated':
          return runChild(join(plan.runsDir, `tolerated-${job.variant.name}${suffix(job.surface)}`), job.surface, ['--variant', job.variant.name], plan.jobs);
      }
    },
    (job) => job.kind === 'fault' && job.fault.runsAlone === true,
  );
  const clean: SelftestOutcome['clean'] = [];
  const faults: FaultJudgement[] = [];
  const tolerated: ToleratedJudgement[] = [];
  jobs.forEach((job, index) => {
    const run = runs[index] as ChildRun;
    if (job.kind === 'clean') clean.push({ surface: job.surface, run, clean: isClean(run) });
    // A judgement's name carries its surface (`name@rest`), so kill-matrix.json keeps one entry per run.
    if (job.kind === 'fault') faults.push({ ...judgeFault(job.fault, run), name: `${job.fault.name}${suffix(job.surface)}`, surface: job.surface });
    if (job.kind === 'tolerated')
      tolerated.push({ ...judgeTolerated(job.variant, run), name: `${job.variant.name}${suffix(job.surface)}`, surface: job.surface });
  });
  const matrix = {
    referenceClean: clean.every((entry) => entry.clean),
    total: faults.length,
    killed: faults.filter((entry) => entry.killed).length,
    faults,
    tolerated,
  };
  return { clean, matrix };
}

function isClean(run: ChildRun): boolean {
  const report = run.report;
  return run.exitCode === 0 && report !== undefined && report.summary.fail === 0 && report.summary.blocked === 0 && report.summary.pass > 0;
}
