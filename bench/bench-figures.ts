/**
 * How every bench prints a figure: the value, its target, and "meets" or "misses by X because Y".
 * Figures are measured in one run on a shared machine; they are never asserted (no timed tests).
 */
export interface Figure {
  label: string;
  value: number;
  unit: string;
  /** The value must be at most this. */
  atMost: number;
  /** Why it misses, when it does (the bench knows what dominates the figure). */
  because: string;
  digits?: number;
}

export function formatFigure(figure: Figure): string {
  const digits = figure.digits ?? 2;
  const shown = `${figure.value.toFixed(digits)}${figure.unit}`;
  const target = `≤ ${figure.atMost.toFixed(digits)}${figure.unit}`;
  if (figure.value <= figure.atMost) return `${figure.label}: ${shown} (target ${target}) meets`;
  const over = figure.value - figure.atMost;
  return `${figure.label}: ${shown} (target ${target}) misses by ${over.toFixed(digits)}${figure.unit} (${((over / figure.atMost) * 100).toFixed(0)} %) because ${figure.because}`;
}

export const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** Runs a bench's main, turning a crash into one line and exit 1. */
export function runBench(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`bench ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

/** A full run of the bundled engine should cost about its longest check (issue 16): wall / longest at most this. */
export const RUN_TO_LONGEST_CHECK_TARGET = 1.3;

/** The longest single check of one report (its durationMs). */
export function longestCheck(report: { results: readonly { requirementId: string; durationMs?: number }[] }): { id: string; ms: number } {
  return report.results.reduce(
    (longest, result) => ((result.durationMs ?? 0) > longest.ms ? { id: result.requirementId, ms: result.durationMs ?? 0 } : longest),
    { id: '(none)', ms: 0 },
  );
}
