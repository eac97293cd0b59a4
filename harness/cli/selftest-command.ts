import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FAULTS, TOLERATED_VARIANTS } from '../../fixtures/reference-engine/faults/fault-catalogue.js';
import { SchemaId } from '../schemas/schema-ids.js';
import { formatSchemaIssue, sharedSchemaRegistry } from '../schemas/schema-registry.js';
import type { CommandIO, ExitCodeValue } from './command-io.js';
import { ExitCode } from './command-io.js';
import type { FaultJudgement, KillMatrix, ToleratedJudgement } from '../selftest/kill-judgement.js';
import { catalogueProblems } from '../selftest/kill-judgement.js';
import type { ChildRun, Surface } from '../selftest/selftest-runs.js';
import { SELFTEST_SURFACES, runSelftest } from '../selftest/selftest-runs.js';
import { UnwritableDirError, ensureWritableDir } from './writable-dir.js';

export { SELFTEST_SURFACES } from '../selftest/selftest-runs.js';
export type { Surface } from '../selftest/selftest-runs.js';

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
  const surfaces =
    options.surfaces && options.surfaces.length > 0 ? SELFTEST_SURFACES.filter((surface) => options.surfaces?.includes(surface)) : [...SELFTEST_SURFACES];
  const outcome = await runSelftest({
    faults,
    variants,
    surfaces,
    runsDir: join(options.reportDir, 'selftest'),
    concurrency: options.concurrency,
    ...(options.jobs !== undefined && { jobs: options.jobs }),
  });
  for (const entry of outcome.clean) io.out(describeClean(entry.run, entry.surface, entry.clean));
  const faultEntries: FaultJudgement[] = outcome.matrix.faults;
  const toleratedEntries: ToleratedJudgement[] = outcome.matrix.tolerated;
  for (const entry of faultEntries) io.out(describeFault(entry));
  for (const entry of toleratedEntries) io.out(describeTolerated(entry));
  for (const problem of problems) io.out(`✗ catalogue: ${problem}`);

  const matrix: KillMatrix = { generatedAt: new Date().toISOString(), ...outcome.matrix };
  const issues = sharedSchemaRegistry().validate(SchemaId.killMatrix, matrix);
  await mkdir(options.reportDir, { recursive: true });
  const matrixPath = join(options.reportDir, 'kill-matrix.json');
  await writeFile(matrixPath, `${JSON.stringify(matrix, null, 2)}\n`);
  if (issues.length > 0) io.out(`✗ kill-matrix.json is outside its schema (a suite bug): ${issues.map((issue) => formatSchemaIssue(issue)).join('; ')}`);

  const runs = outcome.clean.length + faultEntries.length + toleratedEntries.length;
  const passed = outcome.clean.filter((entry) => entry.clean).length + matrix.killed + toleratedEntries.filter((entry) => entry.conformant).length;
  const failed = runs - passed + problems.length + (issues.length > 0 ? 1 : 0);
  io.out(`Kill matrix: ${matrixPath}`);
  io.out(`selftest: ${passed} passed, ${failed} failed`);
  return failed === 0 ? ExitCode.conformant : ExitCode.nonConformant;
}

function describeClean(run: ChildRun, surface: Surface, clean: boolean): string {
  const report = run.report;
  const over = `over ${surface === 'grpc' ? 'gRPC' : 'REST + SSE'}`;
  if (clean) return `✓ clean reference engine ${over}: ${report?.summary.pass} pass, ${report?.summary.inapplicable} inapplicable, 0 fail, 0 blocked`;
  const problems = report
    ? report.results
        .filter((r) => r.disposition === 'fail' || r.disposition === 'blocked')
        .map((r) => `${r.requirementId} ${r.disposition}: ${r.reason}`)
        .join(' | ')
    : run.stderr;
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
  if (entry.conformant)
    return entry.expectedBlocked
      ? `✓ tolerated ${entry.name}: blocked (never failed) as expected, verdict ${entry.verdict ?? 'none'}`
      : `✓ tolerated ${entry.name}: conformant`;
  const held = [...entry.failed.map((id) => `${id} failed`), ...entry.blocked.map((id) => `${id} blocked`)];
  return `✗ tolerated ${entry.name}: verdict ${entry.verdict ?? 'none'}; ${[...held, ...(entry.error ? [entry.error] : [])].join('; ')}`;
}
