import { runConformance } from '../harness/runner/conformance-run.js';
import { DEFAULT_JOBS } from '../harness/runner/check-scheduler.js';
import type { ComplianceReport } from '../harness/verdicts/results.js';
import { RUN_TO_LONGEST_CHECK_TARGET, formatFigure, longestCheck, print, runBench } from './bench-figures.js';

/**
 * `--jobs` speed-up: full runs of the clean reference engine at N = 1, 2, 4 and the default, one
 * after another in this process; the wall time of each, its speed-up over N = 1, and the default
 * run's wall time as a ratio to its own longest single check (a run should cost about its slowest
 * check, not the sum of all).
 */

async function fullRun(jobs: number): Promise<{ wallMs: number; report: ComplianceReport }> {
  const started = performance.now();
  const { report } = await runConformance({ target: 'reference', only: [], requireBehavior: false, timeoutScale: 1, faults: [], jobs });
  return { wallMs: performance.now() - started, report };
}

runBench('jobs-speedup', async () => {
  const counts = [...new Set([1, 2, 4, DEFAULT_JOBS])];
  const runs = new Map<number, { wallMs: number; report: ComplianceReport }>();
  for (const jobs of counts) runs.set(jobs, await fullRun(jobs));
  const serial = runs.get(1);
  if (!serial) throw new Error('no serial run');
  for (const [jobs, run] of runs) {
    const verdict = run.report.verdict === 'conformant' ? '' : ` (warning: ${run.report.verdict})`;
    print(`--jobs ${jobs}: ${(run.wallMs / 1000).toFixed(2)} s wall, speed-up ${(serial.wallMs / run.wallMs).toFixed(2)}× over --jobs 1${verdict}`);
  }
  const sumMs = serial.report.results.reduce((sum, result) => sum + (result.durationMs ?? 0), 0);
  const chosen = runs.get(DEFAULT_JOBS) ?? serial;
  // Wall time and longest check from the same run: checks in flight together slow each other a little.
  const longest = longestCheck(chosen.report);
  print(
    `longest single check at --jobs ${DEFAULT_JOBS}: ${longest.id} ${(longest.ms / 1000).toFixed(2)} s; all checks together at --jobs 1: ${(sumMs / 1000).toFixed(2)} s (the serial floor)`,
  );
  print(
    formatFigure({
      label: `full run at the default --jobs ${DEFAULT_JOBS} / its longest check`,
      value: chosen.wallMs / longest.ms,
      unit: '×',
      atMost: RUN_TO_LONGEST_CHECK_TARGET,
      because: `the run also holds engine start, discovery and report building, and the exclusive checks (input, webhook, audit) run alone after the rest`,
    }),
  );
});
