import type { RunOutcome } from '../runner/conformance-run.js';
import type { ComplianceReport, RepeatRecord } from '../verdicts/results.js';

/**
 * `run --repeat N`: the same selection N times against the same engine, to show flaky checks. The
 * report and verdict are those of the worst run (non-conformant over incomplete over conformant,
 * then the most failures and blocks), so a requirement that failed once is not hidden by N−1
 * passes; `repeat` adds every requirement's pass ratio across the runs.
 */

const VERDICT_RANK: Record<ComplianceReport['verdict'], number> = { conformant: 0, incomplete: 1, 'non-conformant': 2 };

function badness(outcome: RunOutcome): [number, number, number] {
  const { summary, verdict } = outcome.report;
  return [outcome.exitCode === 130 ? 3 : VERDICT_RANK[verdict], summary.fail, summary.blocked];
}

function worse(a: RunOutcome, b: RunOutcome): boolean {
  const [x, y] = [badness(a), badness(b)];
  for (let index = 0; index < x.length; index += 1) {
    if ((x[index] as number) !== (y[index] as number)) return (x[index] as number) > (y[index] as number);
  }
  return false;
}

/** The worst run's outcome, with the pass ratios of all runs recorded on its report. */
export function mergeRepeats(outcomes: readonly RunOutcome[]): RunOutcome {
  const first = outcomes[0];
  if (!first) throw new Error('mergeRepeats needs at least one run');
  let worst = first;
  let worstIndex = 0;
  outcomes.forEach((outcome, index) => {
    if (worse(outcome, worst)) {
      worst = outcome;
      worstIndex = index;
    }
  });
  const requirements: RepeatRecord['requirements'] = [];
  for (const result of worst.report.results) {
    const across = outcomes.map((outcome) => outcome.report.results.find((candidate) => candidate.requirementId === result.requirementId)?.disposition);
    // Requirements never exercised (skipped or inapplicable in every run) have no ratio to report.
    if (across.every((disposition) => disposition === 'skipped' || disposition === 'inapplicable')) continue;
    const passes = across.filter((disposition) => disposition === 'pass').length;
    requirements.push({ requirementId: result.requirementId, passes, runs: outcomes.length, passRatio: passes / outcomes.length });
  }
  const repeat: RepeatRecord = {
    runs: outcomes.length,
    worstRun: worstIndex + 1,
    verdicts: outcomes.map((outcome) => outcome.report.verdict),
    basis: 'the verdict, results and exit code are those of the worst run',
    requirements,
  };
  return { ...worst, report: { ...worst.report, repeat } };
}

/** Console lines: the overall stability, then every requirement that did not pass in every run. */
export function repeatLines(repeat: RepeatRecord): string[] {
  const unstable = repeat.requirements.filter((entry) => entry.passes !== entry.runs);
  const stable = repeat.requirements.length - unstable.length;
  const counts = new Map<string, number>();
  for (const verdict of repeat.verdicts) counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
  const verdicts = [...counts].map(([verdict, count]) => `${verdict} ×${count}`).join(', ');
  const lines = [
    `Repeat: ${repeat.runs} runs (${verdicts}); ${stable}/${repeat.requirements.length} exercised requirements passed every run; the verdict shown is run ${repeat.worstRun}'s, the worst`,
  ];
  for (const entry of unstable) lines.push(`  ${entry.requirementId}: passed ${entry.passes}/${entry.runs} (${Math.round(entry.passRatio * 100)} %)`);
  return lines;
}
